import CoventureCore
import Vapor

/// The one documented set of API error codes, each with its status. Every error response the API sends carries
/// one of these (`ErrorRenderingMiddleware` maps Vapor's own aborts onto them too), and the OpenAPI document's
/// `Error` schema lists exactly these.
enum APIErrorCode: String, CaseIterable, Codable, Sendable {
    /// Bad input: a body, a field, a query parameter. `field` names it when it is one field.
    case invalid
    case unauthorized
    case forbidden
    /// Missing, or not yours to see (the two look the same on purpose); also a path no route serves.
    case notFound = "not_found"
    case conflict
    /// It was there and is no more: an inbound feed whose key result's owner can no longer check in on it (issue #16).
    case gone
    case payloadTooLarge = "payload_too_large"
    case unsupportedMediaType = "unsupported_media_type"
    /// An `Idempotency-Key` sent again with another request than the one it was first used with (issue #17).
    case idempotencyKeyReused = "idempotency_key_reused"
    /// `If-Match` named a version the resource is no longer at (issue #17).
    case preconditionFailed = "precondition_failed"
    case tooManyRequests = "too_many_requests"
    /// A failure on the server's side, logged; never an answer to bad input.
    case `internal`
    /// The server will not do it now (writes to a ledger that failed its self-check).
    case unavailable

    var status: HTTPResponseStatus {
        switch self {
        case .invalid: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .gone: .gone
        case .payloadTooLarge: .payloadTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .tooManyRequests: .tooManyRequests
        case .internal: .internalServerError
        case .unavailable: .serviceUnavailable
        case .idempotencyKeyReused: .unprocessableEntity
        case .preconditionFailed: .preconditionFailed
        }
    }

    /// The code of a status that did not come from an `AppError` (Vapor's own aborts). A client error outside the
    /// documented set is reported as `invalid` (400): Vapor says 422 for an empty body, for instance.
    init(status: HTTPResponseStatus) {
        // Vapor's 422 means a missing body, never a reused key (only `AppError.keyReused` says that).
        if let code = Self.allCases.first(where: { $0.status == status && $0 != .idempotencyKeyReused }) {
            self = code
        } else {
            self = status.code >= 500 ? .internal : .invalid
        }
    }

    /// What the OpenAPI document says about a response with this code.
    var documentation: String {
        switch self {
        case .invalid: "Invalid input (a body, a field, a query parameter); `error.field` names the field if one"
        case .unauthorized: "No valid bearer token"
        case .forbidden: "A member without the right to do this"
        case .notFound: "Not found, or not visible to you"
        case .conflict: "Conflicts with the current state"
        case .gone: "No longer served: the feed's key result has no owner who may check in on it (they left the initiative, or it has no owner)"
        case .payloadTooLarge: "The request body is larger than this operation accepts"
        case .unsupportedMediaType: "The request body is missing or not of the documented media type"
        case .tooManyRequests: "Too many attempts; try again after `Retry-After` seconds"
        case .internal: "A failure on the server's side"
        case .unavailable: "Writes are suspended: the ledger failed its self-check"
        case .idempotencyKeyReused: "The Idempotency-Key was first used with another request (method, path or body) in the last 24 hours"
        case .preconditionFailed: "The resource changed since the version named in If-Match; nothing was changed. The message gives the current ETag: read the resource again, then decide"
        }
    }
}

/// Every error the app raises on purpose. Rendered as JSON `{"error": {code, message, field}}` under `/api`
/// and as an HTML page elsewhere (see `ErrorRendering`).
enum AppError: Error, Equatable {
    /// Missing, or not yours to see: the two look the same on purpose.
    case notFound
    case unauthorized
    case forbidden(String)
    case invalid(field: String, message: String)
    /// Several fields at once (a form's gathered checks); the API reports the first field, pages show them all.
    case invalidFields([ValidationError])
    case conflict(field: String, message: String)
    case tooManyRequests(retryAfter: Int)
    /// Over a rate limit other than sign-in's (an inbound feed's, issue #16), saying which.
    case rateLimited(retryAfter: Int, reason: String)
    /// A credential other than a bearer token that does not hold (a feed's signature header), naming it.
    case badCredential(field: String, message: String)
    /// Was served, is no more (an inbound feed whose owner left, issue #16).
    case gone(String)
    /// The server will not do it now (a ledger that failed its self-check).
    case unavailable(String)
    /// An `Idempotency-Key` sent with another request than its first (422).
    case keyReused(field: String, message: String)
    /// `If-Match` did not match: `current` is the resource's ETag now.
    case preconditionFailed(current: String)

    static func from(_ error: ValidationError) -> AppError { .invalid(field: error.field, message: error.message) }
    static func from(_ errors: ValidationErrors) -> AppError { .invalidFields(errors.errors) }

    var status: HTTPResponseStatus { code.status }

    var code: APIErrorCode {
        switch self {
        case .notFound: .notFound
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .invalid, .invalidFields: .invalid
        case .conflict: .conflict
        case .tooManyRequests, .rateLimited: .tooManyRequests
        case .badCredential: .unauthorized
        case .gone: .gone
        case .unavailable: .unavailable
        case .keyReused: .idempotencyKeyReused
        case .preconditionFailed: .preconditionFailed
        }
    }

    var message: String {
        switch self {
        case .notFound: "Not found."
        case .unauthorized: "Sign in first: send an API token as 'Authorization: Bearer <token>'."
        case .forbidden(let reason): "Not allowed: \(reason)."
        case .invalid(let field, let message), .conflict(let field, let message), .badCredential(let field, let message),
            .keyReused(let field, let message): "\(field) \(message)"
        case .invalidFields(let errors): errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
        case .tooManyRequests(let seconds): "Too many failed sign-ins. Try again in \(seconds) seconds."
        case .rateLimited(let seconds, let reason): "\(reason) Try again in \(seconds) seconds."
        case .gone(let reason): "Gone: \(reason)."
        case .unavailable(let reason): "Unavailable: \(reason)."
        case .preconditionFailed(let current):
            "\(IfMatch.header) names a version this resource is no longer at: it changed since (its current ETag is \(current)), and nothing was changed."
        }
    }

    var field: String? {
        switch self {
        case .invalid(let field, _), .conflict(let field, _), .badCredential(let field, _), .keyReused(let field, _): field
        case .preconditionFailed: IfMatch.header
        case .invalidFields(let errors): errors.first?.field
        default: nil
        }
    }

    /// Every field this error is about, with its message: what a form shows beside each field.
    var fieldMessages: [String: String] {
        switch self {
        case .invalid(let field, let message), .conflict(let field, let message): [field: message]
        case .invalidFields(let errors): errors.reduce(into: [:]) { $0[$1.field] = $0[$1.field] ?? $1.message }
        default: [:]
        }
    }
}

/// The JSON error body (DESIGN §3).
struct APIErrorBody: Content {
    struct Detail: Content {
        var code: APIErrorCode
        var message: String
        var field: String?

        /// `field` is always present, `null` when the error is not about one field.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(message, forKey: .message)
            try container.encode(field, forKey: .field)
        }
    }
    var error: Detail
}

import CoventureCore
import Vapor

/// Every error the app raises on purpose. Rendered as JSON `{"error": {code, message, field}}` under `/api`
/// and as an HTML page elsewhere (see `ErrorRendering`).
enum AppError: Error, Equatable {
    /// Missing, or not yours to see: the two look the same on purpose.
    case notFound
    case unauthorized
    case forbidden(String)
    case invalid(field: String, message: String)
    case conflict(field: String, message: String)
    case tooManyRequests(retryAfter: Int)
    case csrf
    /// The server will not do it now (a ledger that failed its self-check).
    case unavailable(String)

    static func from(_ error: ValidationError) -> AppError { .invalid(field: error.field, message: error.message) }

    var status: HTTPResponseStatus {
        switch self {
        case .notFound: .notFound
        case .unauthorized: .unauthorized
        case .forbidden, .csrf: .forbidden
        case .invalid: .badRequest
        case .conflict: .conflict
        case .tooManyRequests: .tooManyRequests
        case .unavailable: .serviceUnavailable
        }
    }

    var code: String {
        switch self {
        case .notFound: "not_found"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .invalid: "invalid"
        case .conflict: "conflict"
        case .tooManyRequests: "too_many_requests"
        case .csrf: "csrf"
        case .unavailable: "unavailable"
        }
    }

    var message: String {
        switch self {
        case .notFound: "Not found."
        case .unauthorized: "Sign in first: send an API token as 'Authorization: Bearer <token>'."
        case .forbidden(let reason): "Not allowed: \(reason)."
        case .invalid(let field, let message), .conflict(let field, let message): "\(field) \(message)"
        case .tooManyRequests(let seconds): "Too many failed sign-ins. Try again in \(seconds) seconds."
        case .csrf: "The form was stale or did not come from this site. Reload the page and try again."
        case .unavailable(let reason): "Unavailable: \(reason)."
        }
    }

    var field: String? {
        switch self {
        case .invalid(let field, _), .conflict(let field, _): field
        default: nil
        }
    }
}

/// The JSON error body (DESIGN §3).
struct APIErrorBody: Content {
    struct Detail: Content {
        var code: String
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

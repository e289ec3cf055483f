import CoventureCore
import Foundation
import Vapor

/// A JSON Schema (the subset OpenAPI 3.1 documents here need).
indirect enum Schema: Sendable {
    case string(format: String? = nil)
    case integer
    case number
    case boolean
    case enumeration([String])
    case array(Schema)
    case object([Property])
    case map(Schema)
    case ref(String)
    case nullable(Schema)
    case any

    struct Property: Sendable {
        var name: String
        var schema: Schema
        var required: Bool
    }

    static let uuid = Schema.string(format: "uuid")
    static let dateTime = Schema.string(format: "date-time")

    var json: JSONValue {
        switch self {
        case .string(let format):
            var object: [String: JSONValue] = ["type": .string("string")]
            if let format { object["format"] = .string(format) }
            return .object(object)
        case .integer: return .object(["type": .string("integer")])
        case .number: return .object(["type": .string("number")])
        case .boolean: return .object(["type": .string("boolean")])
        case .enumeration(let values): return .object(["type": .string("string"), "enum": .array(values.map(JSONValue.string))])
        case .array(let items): return .object(["type": .string("array"), "items": items.json])
        case .map(let values): return .object(["type": .string("object"), "additionalProperties": values.json])
        case .object(let properties):
            return .object([
                "type": .string("object"),
                "properties": .object(Dictionary(uniqueKeysWithValues: properties.map { ($0.name, $0.schema.json) })),
                "required": .array(properties.filter(\.required).map { .string($0.name) }),
            ])
        case .ref(let name): return .object(["$ref": .string("#/components/schemas/\(name)")])
        case .nullable(let inner): return .object(["oneOf": .array([inner.json, .object(["type": .string("null")])])])
        case .any: return .object([:])
        }
    }
}

/// Shorthand for schema properties: `"name" <- .string()` is required, `"name" <-? .string()` optional.
infix operator <-: AssignmentPrecedence
infix operator <-?: AssignmentPrecedence
func <- (name: String, schema: Schema) -> Schema.Property { .init(name: name, schema: schema, required: true) }
func <-? (name: String, schema: Schema) -> Schema.Property { .init(name: name, schema: schema, required: false) }

/// A request body the API accepts, described once: its schema is declared beside the type's fields (in the
/// feature's DTO file), and operations name the type, so the document's request schemas have one source.
protocol APIRequestBody: Sendable {
    static var schema: Schema { get }
    /// The body's media type: JSON, unless the body is a file.
    static var mediaType: String { get }
}

extension APIRequestBody {
    static var mediaType: String { "application/json" }
}

/// One documented API operation. Routes are registered *from* these, so the document cannot drift from the
/// router; a test still compares both in case a route is ever registered around it.
struct APIOperation: Sendable {
    var method: HTTPMethod
    var url: APIURL
    var id: String
    var summary: String
    var request: (any APIRequestBody.Type)?
    var response: Schema?
    var status: Int
    var query: [(name: String, schema: Schema, description: String)]
    /// Open to anyone (the document itself); every other operation needs a bearer token.
    var isPublic: Bool
    var contentType: String
    /// A larger body limit than the app's default (file imports).
    var maxBodySize: ByteCount?
    /// Errors beyond those the operation's shape implies (see `errors`): 409 where a change can conflict, say.
    var extraErrors: Set<APIErrorCode>
    /// Errors the shape implies that this operation cannot answer (403 for what is one's own).
    var exceptErrors: Set<APIErrorCode>
    /// A richer body than `Error` for some codes (the CSV import's 400 lists every problem).
    var errorBodies: [APIErrorCode: Schema]
    /// Other success answers, by status: a change that needs the partners' decision answers 202 with that decision.
    var otherSuccesses: [Int: (summary: String, schema: Schema)]
    /// Whose `Idempotency-Key`s a POST's are (every POST takes one): the signed-in person, unless the operation
    /// authenticates its caller otherwise (a feed's secret).
    var idempotencyCaller: IdempotencyCaller
    /// Set on the `GET` and the `PATCH`/`PUT` of a resource that can be changed: both answer its `ETag`, and the
    /// change honours `If-Match` (issue #17).
    var version: VersionedResource?

    init(
        method: HTTPMethod, url: APIURL, id: String, summary: String, request: (any APIRequestBody.Type)? = nil,
        response: Schema?, status: Int = 200, query: [(name: String, schema: Schema, description: String)] = [],
        isPublic: Bool = false, contentType: String = "application/json", maxBodySize: ByteCount? = nil, extraErrors: Set<APIErrorCode> = [],
        exceptErrors: Set<APIErrorCode> = [], errorBodies: [APIErrorCode: Schema] = [:],
        otherSuccesses: [Int: (summary: String, schema: Schema)] = [:], idempotencyCaller: IdempotencyCaller = .signedInPerson,
        version: VersionedResource? = nil
    ) {
        self.method = method
        self.url = url
        self.id = id
        self.summary = summary
        self.request = request
        self.response = response
        self.status = status
        self.query = query
        self.isPublic = isPublic
        self.contentType = contentType
        self.maxBodySize = maxBodySize
        self.extraErrors = extraErrors
        self.exceptErrors = exceptErrors
        self.errorBodies = errorBodies
        self.otherSuccesses = otherSuccesses
        self.idempotencyCaller = idempotencyCaller
        self.version = version
    }

    /// A change of a versioned resource takes `If-Match` (issue #17).
    var takesIfMatch: Bool { version != nil && (method == .PATCH || method == .PUT) }

    /// Every POST takes an `Idempotency-Key` (issue #17).
    var takesIdempotencyKey: Bool { method == .POST }

    /// Every error the operation can answer with, in status order. Derived from its shape — 401 unless public;
    /// 404 when the path names something (a foreign id looks missing, a malformed one too); 400 when it reads query
    /// parameters or a body; 413 for a body; 415 for a JSON body (none, or another media type); 403 and 503 for a
    /// change (a member without the right; writes suspended while a ledger fails its self-check) — then adjusted by
    /// `extraErrors` and `exceptErrors`; a POST adds what its `Idempotency-Key` can answer. 500 is never documented: it
    /// is a bug.
    var errors: [APIErrorCode] {
        var codes = extraErrors
        if !isPublic { codes.insert(.unauthorized) }
        if url.template.contains("{") { codes.insert(.notFound) }
        if !query.isEmpty || request != nil { codes.insert(.invalid) }
        if let request {
            codes.insert(.payloadTooLarge)
            if request.mediaType == "application/json" { codes.insert(.unsupportedMediaType) }
        }
        if method != .GET && !isPublic { codes.formUnion([.forbidden, .unavailable]) }
        codes.subtract(exceptErrors)
        // A bad key (400), a key still in flight (409), a key first used for another request (422).
        if takesIdempotencyKey { codes.formUnion([.invalid, .conflict, .idempotencyKeyReused]) }
        // A malformed If-Match (400), one the resource no longer matches (412).
        if takesIfMatch { codes.formUnion([.invalid, .preconditionFailed]) }
        return APIErrorCode.allCases.filter(codes.contains)
    }
}

/// Collects operations as routes are registered and prints the OpenAPI 3.1 document.
final class OpenAPIRegistry: @unchecked Sendable {
    // Written only while routes are registered at start-up, before the server accepts requests.
    private(set) var operations: [APIOperation] = []

    func add(_ operation: APIOperation) { operations.append(operation) }

    func document(version: String = "1.0.0") -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for operation in operations {
            paths[operation.url.template, default: [:]][operation.method.rawValue.lowercased()] = Self.json(operation)
        }
        return .object([
            "openapi": .string("3.1.0"),
            "info": .object([
                "title": .string("Coventure API"),
                "version": .string(version),
                "description": .string(
                    "Joint initiatives between an owning organization and its partners. Authenticate with a personal API token: 'Authorization: Bearer <token>'. Errors are {\"error\": {\"code\", \"message\", \"field\"}}; lists are {\"items\": [...], \"next\": cursor-or-null}."),
            ]),
            "servers": .array([.object(["url": .string("/")])]),
            "paths": .object(paths.mapValues { .object($0) }),
            "components": .object([
                "schemas": .object(APISchemas.components.mapValues(\.json)),
                "securitySchemes": .object(["bearer": .object(["type": .string("http"), "scheme": .string("bearer")])]),
            ]),
            "security": .array([.object(["bearer": .array([])])]),
        ])
    }

    /// The `Idempotency-Key` header every POST takes (draft-ietf-httpapi-idempotency-key-header).
    static let idempotencyKeyParameter: JSONValue = .object([
        "name": .string(IdempotencyKey.header), "in": .string("header"), "required": .bool(false),
        "schema": .object([
            "type": .string("string"), "minLength": .int(1), "maxLength": .int(IdempotencyKey.maxLength),
            "pattern": .string("^[!-~]+$"),
        ]),
        "description": .string(
            "Makes a retry safe: the same key (per caller) with the same request within 24 hours answers the first response again (status, body, Location), marked 'Idempotent-Replayed: true', without recording again; with another request 422; while the first is still running 409. 1-255 visible ASCII characters, bare or as a Structured Field String (\"...\"); a random UUID is a good key. Server errors (5xx), 401, 408, 425 and 429 are not kept: a retry runs again."),
    ])

    /// The `If-Match` header a change of a versioned resource takes (RFC 9110 §13.1.1).
    static let ifMatchParameter: JSONValue = .object([
        "name": .string(IfMatch.header), "in": .string("header"), "required": .bool(false),
        "schema": .object(["type": .string("string")]),
        "description": .string(
            "Makes the change conditional: the ETag of the version the change was made from (as the GET or the last change answered it), a comma-separated list of them, or * (the resource exists). When the resource is no longer at one of them, 412 and nothing changes. Without If-Match the change is made whatever the current version (last write wins)."),
    ])

    /// The `ETag` header a versioned resource's `GET` and change answer.
    static let eTagHeader: JSONValue = .object([
        "description": .string(
            "The version of the representation in the body: a strong entity tag that changes whenever anything in it changes. Send it back in If-Match to change the resource only if nobody else changed it meanwhile."),
        "schema": .object(["type": .string("string")]),
    ])

    private static func json(_ operation: APIOperation) -> JSONValue {
        var object: [String: JSONValue] = [
            "operationId": .string(operation.id),
            "summary": .string(operation.summary),
        ]
        var parameters: [JSONValue] = operation.url.template.split(separator: "/").compactMap { segment in
            guard segment.hasPrefix("{") else { return nil }
            let name = String(segment.dropFirst().dropLast())
            return .object([
                "name": .string(name), "in": .string("path"), "required": .bool(true),
                // Invitation codes and feed secrets are strings; every other path parameter is an id.
                "schema": ["code", "secret"].contains(name) ? Schema.string().json : Schema.uuid.json,
            ])
        }
        for query in operation.query {
            parameters.append(.object([
                "name": .string(query.name), "in": .string("query"), "required": .bool(false),
                "schema": query.schema.json, "description": .string(query.description),
            ]))
        }
        if operation.takesIdempotencyKey { parameters.append(idempotencyKeyParameter) }
        if operation.takesIfMatch { parameters.append(ifMatchParameter) }
        if !parameters.isEmpty { object["parameters"] = .array(parameters) }
        if let request = operation.request {
            object["requestBody"] = .object([
                "required": .bool(true),
                "content": .object([request.mediaType: .object(["schema": request.schema.json])]),
            ])
        }
        var responses: [String: JSONValue] = [:]
        if let response = operation.response {
            var success: [String: JSONValue] = [
                "description": .string("Success"),
                "content": .object([operation.contentType: .object(["schema": response.json])]),
            ]
            // Only a 200 carries the resource (a proposal's 202 carries the decision that would change it).
            if operation.version != nil, operation.status == 200 { success["headers"] = .object(["ETag": eTagHeader]) }
            responses[String(operation.status)] = .object(success)
        } else {
            responses[String(operation.status)] = .object(["description": .string("Success")])
        }
        for (status, other) in operation.otherSuccesses {
            responses[String(status)] = .object([
                "description": .string(other.summary),
                "content": .object(["application/json": .object(["schema": other.schema.json])]),
            ])
        }
        for code in operation.errors {
            let schema = operation.errorBodies[code] ?? .ref("Error")
            responses[String(code.status.code)] = .object([
                "description": .string(code.documentation),
                "content": .object(["application/json": .object(["schema": schema.json])]),
            ])
        }
        object["responses"] = .object(responses)
        if operation.isPublic { object["security"] = .array([]) }
        return .object(object)
    }
}

extension Application {
    private struct RegistryKey: StorageKey { typealias Value = OpenAPIRegistry }
    var openAPI: OpenAPIRegistry {
        if let registry = storage[RegistryKey.self] { return registry }
        let registry = OpenAPIRegistry()
        storage[RegistryKey.self] = registry
        return registry
    }
}

extension RoutesBuilder {
    /// Registers an API route from its documented operation. An operation that takes a JSON body refuses a body of
    /// any other media type with 415 (Vapor would otherwise decode a form, say, as if it were the documented JSON).
    @discardableResult
    func on<Output: AsyncResponseEncodable>(
        _ operation: APIOperation, registry: OpenAPIRegistry, use handler: @escaping @Sendable (Request) async throws -> Output
    ) -> Route {
        registry.add(operation)
        let body: HTTPBodyStreamStrategy = operation.maxBodySize.map { .collect(maxSize: $0) } ?? .collect
        // Inside this builder's middleware (authentication), so a key is always some caller's.
        let builder = operation.takesIdempotencyKey ? grouped(IdempotencyMiddleware(caller: operation.idempotencyCaller)) : self
        let requiresJSON = operation.request?.mediaType == "application/json"
        let respond: @Sendable (Request) async throws -> Response = { req in
            if requiresJSON, let type = req.headers.contentType, type.type != "application" || type.subType != "json" {
                throw Abort(.unsupportedMediaType)
            }
            return try await handler(req).encodeResponse(for: req)
        }
        let route: Route
        if let version = operation.version {
            route = builder.on(operation.method, operation.url.pathComponents, body: body) { req in
                try await version.respond(to: req, respond)
            }
        } else {
            route = builder.on(operation.method, operation.url.pathComponents, body: body, use: respond)
        }
        // Middleware that reads the body first (the key's fingerprint) collects it up to the same limit.
        if let limit = operation.maxBodySize { route.collectingBody(upTo: limit) }
        return route
    }
}

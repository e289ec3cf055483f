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

    init(
        method: HTTPMethod, url: APIURL, id: String, summary: String, request: (any APIRequestBody.Type)? = nil, response: Schema?,
        status: Int = 200, query: [(name: String, schema: Schema, description: String)] = [], isPublic: Bool = false,
        contentType: String = "application/json", maxBodySize: ByteCount? = nil
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
                "schema": name == "code" ? Schema.string().json : Schema.uuid.json,
            ])
        }
        for query in operation.query {
            parameters.append(.object([
                "name": .string(query.name), "in": .string("query"), "required": .bool(false),
                "schema": query.schema.json, "description": .string(query.description),
            ]))
        }
        if !parameters.isEmpty { object["parameters"] = .array(parameters) }
        if let request = operation.request {
            object["requestBody"] = .object([
                "required": .bool(true),
                "content": .object([request.mediaType: .object(["schema": request.schema.json])]),
            ])
        }
        var responses: [String: JSONValue] = [:]
        if let response = operation.response {
            responses[String(operation.status)] = .object([
                "description": .string("Success"),
                "content": .object([operation.contentType: .object(["schema": response.json])]),
            ])
        } else {
            responses[String(operation.status)] = .object(["description": .string("Success")])
        }
        let error = JSONValue.object(["application/json": .object(["schema": Schema.ref("Error").json])])
        if !operation.isPublic {
            responses["401"] = .object(["description": .string("No valid bearer token"), "content": error])
        }
        if operation.url.template.contains("{") {
            responses["404"] = .object(["description": .string("Not found, or not visible to you"), "content": error])
        }
        if operation.method != .GET {
            responses["400"] = .object(["description": .string("Invalid input; error.field names the field"), "content": error])
            responses["403"] = .object(["description": .string("A member without the right"), "content": error])
            responses["409"] = .object(["description": .string("Conflicts with the current state"), "content": error])
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
    /// Registers an API route from its documented operation.
    @discardableResult
    func on<Output: AsyncResponseEncodable>(
        _ operation: APIOperation, registry: OpenAPIRegistry, use handler: @escaping @Sendable (Request) async throws -> Output
    ) -> Route {
        registry.add(operation)
        let body: HTTPBodyStreamStrategy = operation.maxBodySize.map { .collect(maxSize: $0) } ?? .collect
        return on(operation.method, operation.url.pathComponents, body: body, use: handler)
    }
}

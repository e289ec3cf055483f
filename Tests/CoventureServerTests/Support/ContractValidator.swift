import CoventureCore
import Foundation
import Vapor

@testable import CoventureServer

/// A JSON value as a response carries it. `JSONValue` (the ledger's) has no fractional numbers; responses do.
indirect enum ResponseJSON: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([ResponseJSON])
    case object([String: ResponseJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ResponseJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ResponseJSON].self))
        }
    }

    static func parse(_ data: Data) throws -> ResponseJSON { try JSONDecoder().decode(ResponseJSON.self, from: data) }
}

/// Checks API responses against the app's own OpenAPI document: the operation documents the status, the media type
/// is the documented one, and a JSON body validates against the schema for that status.
///
/// It understands the subset of JSON Schema the document uses: `$ref` to `#/components/schemas/…`, `type` (object,
/// array, string, integer, number, boolean, null), `properties`, `required`, `additionalProperties`, `items`,
/// `enum`, `format` (uuid, date, date-time, email, byte) and `oneOf` (how the document says nullable); `{}` is
/// anything. It is stricter than JSON Schema in one way: an object property that the schema does not list is a
/// mismatch (unless the schema has `additionalProperties`), so the document must name every field the API sends.
struct ContractValidator: Sendable {
    struct Operation: Sendable {
        var id: String
        var method: String
        var segments: [Substring]
        var responses: [String: JSONValue]

        /// Literal segments win over parameters, as in the router (`/people/me` before `/people/{personID}`).
        var literalCount: Int { segments.filter { !$0.hasPrefix("{") }.count }

        func matches(method: String, segments path: [Substring]) -> Bool {
            guard method == self.method, path.count == segments.count else { return false }
            return zip(segments, path).allSatisfy { template, value in
                template.hasPrefix("{") ? !value.isEmpty : template == value
            }
        }
    }

    let schemas: [String: JSONValue]
    let operations: [Operation]

    init(document: JSONValue) {
        guard case .object(let root) = document else { fatalError("the OpenAPI document is not an object") }
        if case .object(let components)? = root["components"], case .object(let schemas)? = components["schemas"] {
            self.schemas = schemas
        } else {
            self.schemas = [:]
        }
        var operations: [Operation] = []
        if case .object(let paths)? = root["paths"] {
            for (path, item) in paths {
                guard case .object(let methods) = item else { continue }
                for (method, operation) in methods {
                    guard case .object(let op) = operation, case .string(let id)? = op["operationId"],
                        case .object(let responses)? = op["responses"]
                    else { continue }
                    operations.append(
                        Operation(
                            id: id, method: method.uppercased(), segments: path.split(separator: "/"),
                            responses: responses))
                }
            }
        }
        self.operations = operations
    }

    /// The documented operation a request reaches, if any.
    func operation(method: String, path: String) -> Operation? {
        let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let segments = route.split(separator: "/")
        return operations.filter { $0.matches(method: method, segments: segments) }.max {
            $0.literalCount < $1.literalCount
        }
    }

    /// Every way the response departs from the document; empty when it conforms.
    func check(method: String, path: String, status: Int, contentType: String?, body: Data) -> [String] {
        let request = "\(method) \(path.split(separator: "?").first ?? "")"
        guard let operation = operation(method: method, path: path) else {
            // No operation: the router's 404, which must still be a documented error.
            guard status == 404 else { return ["\(request) reaches no documented operation, yet answered \(status)"] }
            return check(
                body: body, contentType: contentType, against: .object(["$ref": .string("#/components/schemas/Error")]),
                mediaType: "application/json", label: "\(request) (no operation) \(status)")
        }
        let label = "\(operation.id) \(status)"
        guard case .object(let response)? = operation.responses[String(status)] else {
            let documented = operation.responses.keys.sorted().joined(separator: ", ")
            return [
                "\(operation.id) answered \(status), which the document does not list (it lists \(documented)); body: \(Self.excerpt(body))"
            ]
        }
        guard case .object(let content)? = response["content"] else {
            return body.isEmpty ? [] : ["\(label): the document describes no body, yet one came: \(Self.excerpt(body))"]
        }
        guard let (mediaType, media) = content.first, content.count == 1, case .object(let mediaObject) = media else {
            return ["\(label): the document should give exactly one media type"]
        }
        return check(
            body: body, contentType: contentType, against: mediaObject["schema"] ?? .object([:]), mediaType: mediaType,
            label: label)
    }

    private func check(body: Data, contentType: String?, against schema: JSONValue, mediaType: String, label: String)
        -> [String]
    {
        let actual = contentType?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard actual == mediaType else {
            return ["\(label): Content-Type is \(contentType ?? "absent"), the document says \(mediaType)"]
        }
        guard mediaType == "application/json" else { return [] }
        let value: ResponseJSON
        do {
            value = try ResponseJSON.parse(body)
        } catch {
            return ["\(label): the body is not JSON: \(Self.excerpt(body))"]
        }
        return validate(value, against: schema, at: "$").map { "\(label): \($0)" }
    }

    /// Every place where `value` does not match `schema`, each naming its JSON path (`$.items[0].name`).
    func validate(_ value: ResponseJSON, against schema: JSONValue, at path: String) -> [String] {
        guard case .object(let schema) = schema else { return ["\(path): the schema is not an object"] }
        if case .string(let reference)? = schema["$ref"] {
            let prefix = "#/components/schemas/"
            guard reference.hasPrefix(prefix), let target = schemas[String(reference.dropFirst(prefix.count))] else {
                return ["\(path): dangling $ref \(reference)"]
            }
            return validate(value, against: target, at: path)
        }
        if case .array(let alternatives)? = schema["oneOf"] {
            let results = alternatives.map { validate(value, against: $0, at: path) }
            let matching = results.filter(\.isEmpty).count
            if matching == 1 { return [] }
            if matching == 0 {
                return [
                    "\(path): matches none of oneOf (\(results.map { $0.joined(separator: "; ") }.joined(separator: " | ")))"
                ]
            }
            return ["\(path): matches \(matching) of oneOf, not exactly one"]
        }
        if case .array(let allowed)? = schema["enum"] {
            guard allowed.contains(where: { Self.equal(value, $0) }) else {
                return [
                    "\(path): \(Self.describe(value)) is not one of \(allowed.map(\.canonicalString).joined(separator: ", "))"
                ]
            }
        }
        guard case .string(let type)? = schema["type"] else { return [] }  // `{}`: anything
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("integer", .integer), ("number", .integer), ("number", .number):
            return []
        case ("integer", .number(let number)) where number.rounded() == number:
            return []
        case ("string", .string(let text)):
            guard case .string(let format)? = schema["format"] else { return [] }
            return Self.conforms(text, to: format) ? [] : ["\(path): \(Self.describe(value)) is not a valid \(format)"]
        case ("array", .array(let items)):
            guard let itemSchema = schema["items"] else { return [] }
            return items.enumerated().flatMap { index, item in
                validate(item, against: itemSchema, at: "\(path)[\(index)]")
            }
        case ("object", .object(let members)):
            return validateObject(members, schema: schema, at: path)
        default:
            return ["\(path): expected \(type), got \(Self.describe(value))"]
        }
    }

    private func validateObject(_ members: [String: ResponseJSON], schema: [String: JSONValue], at path: String)
        -> [String]
    {
        var problems: [String] = []
        var properties: [String: JSONValue] = [:]
        if case .object(let declared)? = schema["properties"] { properties = declared }
        if case .array(let required)? = schema["required"] {
            for case .string(let name) in required where members[name] == nil {
                problems.append("\(path).\(name): required, but missing")
            }
        }
        for name in members.keys.sorted() {
            let member = members[name]!
            if let property = properties[name] {
                problems += validate(member, against: property, at: "\(path).\(name)")
            } else if let additional = schema["additionalProperties"] {
                if additional != .bool(true) {
                    problems += validate(member, against: additional, at: "\(path).\(name)")
                }
            } else {
                problems.append("\(path).\(name): sent, but the schema does not list it")
            }
        }
        return problems
    }

    static func conforms(_ text: String, to format: String) -> Bool {
        switch format {
        case "uuid": return UUID(uuidString: text) != nil
        case "date": return (try? CalendarDate(parsing: text)) != nil
        case "date-time": return ISO8601DateFormatter().date(from: text) != nil
        case "email": return text.contains("@")
        case "byte": return Data(base64Encoded: text) != nil
        default: return true
        }
    }

    static func equal(_ value: ResponseJSON, _ expected: JSONValue) -> Bool {
        switch (value, expected) {
        case (.string(let a), .string(let b)): a == b
        case (.integer(let a), .int(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    static func describe(_ value: ResponseJSON) -> String {
        switch value {
        case .null: "null"
        case .bool(let value): "the boolean \(value)"
        case .integer(let value): "the integer \(value)"
        case .number(let value): "the number \(value)"
        case .string(let value): "the string \"\(value.prefix(60))\""
        case .array(let items): "an array of \(items.count)"
        case .object: "an object"
        }
    }

    static func excerpt(_ body: Data) -> String {
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        return body.count > 300 ? text + "…" : text
    }
}

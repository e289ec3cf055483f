import CoventureCore
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CoventureServer

/// The API keeps its contract: every response the API tests receive is checked against the OpenAPI document (by
/// `TestApp.send`, through `ContractValidator`); these tests check the checker, the error codes and the request
/// schemas. `SchemathesisTests` then lets a real OpenAPI client loose on the document.
@Suite("API contract")
struct ContractTests {
    func owner(_ t: TestApp) async throws -> (SignedInPerson, Caller) {
        let owner = try await Factory.person(t, name: "Olivia", organization: "Bank", orgAdmin: true)
        return (owner, try await Factory.token(t, owner))
    }

    func errorBody(_ t: TestApp, _ response: TestingHTTPResponse) throws -> APIErrorBody.Detail {
        try t.decode(APIErrorBody.self, from: response).error
    }

    @Test("The document's Error schema lists exactly the error codes the server has")
    func errorCodes() async throws {
        try await withTestApp(.sqlite) { t in
            let document = t.app.openAPI.document()
            guard case .object(let root) = document, case .object(let components)? = root["components"],
                case .object(let schemas)? = components["schemas"], case .object(let error)? = schemas["Error"],
                case .object(let properties)? = error["properties"], case .object(let detail)? = properties["error"],
                case .object(let fields)? = detail["properties"], case .object(let code)? = fields["code"],
                case .array(let codes)? = code["enum"]
            else {
                Issue.record("no Error schema with an enumerated code")
                return
            }
            #expect(codes == APIErrorCode.allCases.map { .string($0.rawValue) })
        }
    }

    @Test("Vapor's own refusals answer with a documented code and status", arguments: TestDatabase.all)
    func frameworkErrors(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let (_, token) = try await owner(t)
            let initiatives = APIURL.initiatives.path
            // `send` checks each answer against the document as well.
            let noBody = try await t.send(.POST, initiatives, as: token)
            #expect(noBody.status == .unsupportedMediaType)
            #expect(try errorBody(t, noBody).code == .unsupportedMediaType)
            let plainText = try await t.send(.POST, initiatives, as: token, text: ("name=x", .plainText))
            #expect(try errorBody(t, plainText).code == .unsupportedMediaType)
            let form = try await t.send(.POST, initiatives, as: token, text: ("name=x", .urlEncodedForm))
            #expect(form.status == .unsupportedMediaType, "a form is not the documented JSON")
            let emptyJSON = try await t.send(.POST, initiatives, as: token, text: ("", .json))
            #expect(emptyJSON.status == .badRequest)
            #expect(try errorBody(t, emptyJSON).code == .invalid)
            let notAnObject = try await t.send(.POST, initiatives, as: token, text: ("[1]", .json))
            #expect(try errorBody(t, notAnObject).code == .invalid)
            let zero = try await t.send(.GET, initiatives + "?limit=0", as: token)
            #expect(zero.status == .badRequest)
            #expect(try errorBody(t, zero).field == "limit")
            let malformed = try await t.send(.GET, "/api/v1/initiatives/not-a-uuid", as: token)
            #expect(try errorBody(t, malformed).code == .notFound)
            let nowhere = try await t.send(.GET, "/api/v1/no-such-thing", as: token)
            #expect(nowhere.status == .notFound)
            #expect(try errorBody(t, nowhere).code == .notFound)
            let wrongMethod = try await t.send(.PUT, initiatives, as: token, json: ["name": "x"])
            #expect(wrongMethod.status == .notFound)
            let anonymous = try await t.send(.GET, initiatives)
            #expect(try errorBody(t, anonymous).code == .unauthorized)
        }
    }

    @Test("A body over the limit gets 413 with a documented code, on a real socket")
    func payloadTooLarge() async throws {
        try await withTestApp(.sqlite) { t in
            let (_, token) = try await owner(t)
            guard case .bearer(let secret) = token else { return }
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: secret)
            headers.contentType = .json
            // In memory the body arrives collected and skips the limit; over a socket it streams and is measured.
            let body = ByteBuffer(string: "{\"name\": \"" + String(repeating: "n", count: 2 << 20) + "\"}")
            let response = try await t.app.testing(method: .running(hostname: "127.0.0.1", port: 0))
                .sendRequest(.POST, APIURL.initiatives.path, headers: headers, body: body)
            #expect(response.status == .payloadTooLarge)
            #expect(try errorBody(t, response).code == .payloadTooLarge)
            let mismatches = t.contract.check(
                method: "POST", path: APIURL.initiatives.path, status: Int(response.status.code),
                contentType: response.headers.first(name: .contentType), body: Data(buffer: response.body))
            #expect(mismatches == [])
        }
    }

    @Test("Every operation documents the errors its shape implies")
    func derivedErrors() async throws {
        try await withTestApp(.sqlite) { t in
            let operations = Dictionary(uniqueKeysWithValues: t.app.openAPI.operations.map { ($0.id, $0) })
            func statuses(_ id: String) -> [UInt] { operations[id]?.errors.map(\.status.code) ?? [] }
            #expect(statuses("getOpenAPI") == [])
            #expect(statuses("getMe") == [401])
            #expect(statuses("listInitiatives") == [400, 401])
            #expect(statuses("getInitiative") == [401, 404])
            // Every POST takes an Idempotency-Key: 409 while its first request runs, 422 when reused (issue #17).
            #expect(statuses("createObjective") == [400, 401, 403, 404, 409, 413, 415, 422, 503])
            #expect(statuses("addMember") == [400, 401, 403, 404, 409, 413, 415, 422, 503])
            #expect(statuses("createToken") == [400, 401, 409, 413, 415, 422, 503])
            #expect(statuses("importOKRs") == [400, 401, 403, 404, 409, 413, 422, 503], "a CSV body is read raw: no 415")
            #expect(statuses("removeMember") == [401, 403, 404, 409, 503])
        }
    }

    @Test(
        "The checker fails a response that departs from a deliberately wrong schema, naming the operation and the JSON path"
    )
    func checkerFailsOnWrongSchema() async throws {
        try await withTestApp(.sqlite) { t in
            let (owner, token) = try await owner(t)
            let initiative = try await Factory.initiative(t, by: owner)
            let path = APIURL.initiative(.value(initiative.id)).path
            let response = try await t.send(.GET, path, as: token)
            #expect(response.status == .ok)
            let body = Data(buffer: response.body)
            let contentType = response.headers.first(name: .contentType)

            // The real document: no mismatch.
            #expect(
                t.contract.check(method: "GET", path: path, status: 200, contentType: contentType, body: body) == [])

            // `name` documented as an integer, a required `budget` that is never sent, and no `createdAt`.
            let wrong = ContractValidator(
                document: Self.replacing(
                    schema: "Initiative", in: t.app.openAPI.document(),
                    with: .object([
                        "id" <- .uuid, "name" <- .integer, "purpose" <- .string(), "status" <- .string(),
                        "governance" <- .string(),
                        "ownerOrganizationId" <- .uuid, "parties" <- .array(.ref("Party")), "budget" <- .integer,
                    ])))
            let mismatches = wrong.check(method: "GET", path: path, status: 200, contentType: contentType, body: body)
            #expect(
                mismatches.contains { $0.hasPrefix("getInitiative 200: $.name: expected integer") }, "\(mismatches)")
            #expect(mismatches.contains("getInitiative 200: $.budget: required, but missing"), "\(mismatches)")
            #expect(
                mismatches.contains("getInitiative 200: $.createdAt: sent, but the schema does not list it"),
                "\(mismatches)")
            #expect(mismatches.count == 3, "\(mismatches)")

            // A status the operation does not document, and a wrong media type.
            #expect(
                t.contract.check(method: "GET", path: path, status: 409, contentType: contentType, body: body).first?
                    .hasPrefix("getInitiative answered 409, which the document does not list") == true)
            #expect(
                t.contract.check(method: "GET", path: path, status: 200, contentType: "text/html", body: body)
                    == ["getInitiative 200: Content-Type is text/html, the document says application/json"])

            // Deep paths and nullable values: a party's `stake` must be a string or null.
            let wrongParty = ContractValidator(
                document: Self.replacing(
                    schema: "Party", in: t.app.openAPI.document(),
                    with: .object([
                        "id" <- .uuid, "organizationId" <- .uuid, "organizationName" <- .string(),
                        "kind" <- .enumeration(["partner"]),
                        "status" <- .enumeration(["active"]), "stake" <-? .nullable(.integer),
                    ])))
            let partyMismatches = wrongParty.check(
                method: "GET", path: path, status: 200, contentType: contentType, body: body)
            #expect(
                partyMismatches.contains {
                    $0.hasPrefix("getInitiative 200: $.parties[0].kind: the string \"owner\" is not one of")
                },
                "\(partyMismatches)")

            // And `send` itself records the failure in the test that sent the request.
            var tampered = t
            tampered.contract = wrong
            await withKnownIssue("the tampered document calls `name` an integer") {
                _ = try await tampered.send(.GET, path, as: token)
            }
        }
    }

    @Test("Each request type's schema names exactly its fields, and the type decodes every documented property")
    func requestSchemasMatchTypes() async throws {
        try await withTestApp(.sqlite) { t in
            let components = APISchemas.components
            var checked = 0
            for operation in t.app.openAPI.operations {
                guard let request = operation.request, request.mediaType == "application/json" else { continue }
                guard let type = request as? any Decodable.Type else {
                    Issue.record("\(operation.id): \(request) is not Decodable")
                    continue
                }
                guard case .object(let properties) = request.schema else {
                    Issue.record("\(operation.id): the request schema of \(request) is not an object")
                    continue
                }
                // A body with every documented property, each a valid sample of its schema.
                var sample: [String: JSONValue] = [:]
                for property in properties {
                    sample[property.name] = Self.sample(property.schema, components: components)
                }
                let decoded: any Decodable
                do {
                    decoded = try JSONDecoder().decode(type, from: Data(JSONValue.object(sample).canonicalString.utf8))
                } catch {
                    Issue.record("\(operation.id): \(request) does not decode its own documented sample: \(error)")
                    continue
                }
                let fields = Dictionary(
                    uniqueKeysWithValues: Mirror(reflecting: decoded).children.compactMap { child in
                        child.label.map { ($0, child.value) }
                    })
                #expect(
                    Set(fields.keys) == Set(properties.map(\.name)),
                    "\(operation.id): \(request)'s fields and its schema's properties")
                for property in properties {
                    guard let value = fields[property.name] else { continue }
                    let mirror = Mirror(reflecting: value)
                    if mirror.displayStyle == .optional {
                        #expect(
                            !mirror.children.isEmpty,
                            "\(operation.id): \(request).\(property.name) stayed nil: its key differs from the schema's"
                        )
                    } else {
                        #expect(
                            property.required,
                            "\(operation.id): \(request).\(property.name) cannot be absent, so the schema must require it"
                        )
                    }
                }
                checked += 1
            }
            #expect(checked >= 29)
        }
    }

    // MARK: Helpers

    static func replacing(schema name: String, in document: JSONValue, with schema: Schema) -> JSONValue {
        guard case .object(var root) = document, case .object(var components)? = root["components"],
            case .object(var schemas)? = components["schemas"]
        else { return document }
        schemas[name] = schema.json
        components["schemas"] = .object(schemas)
        root["components"] = .object(components)
        return .object(root)
    }

    /// A valid value of `schema`: what a careful client would send.
    static func sample(_ schema: Schema, components: [String: Schema]) -> JSONValue {
        switch schema {
        case .string(let format):
            switch format {
            case "uuid": return .id(UUID())
            case "date": return .string("2027-03-31")
            case "date-time": return .string("2027-03-31T12:00:00Z")
            case "email": return .string("someone@example.org")
            default: return .string("text")
            }
        case .integer, .number, .any: return .int(7)
        case .boolean: return .bool(true)
        case .enumeration(let values): return .string(values.first ?? "")
        case .array(let items): return .array([sample(items, components: components)])
        case .map(let values): return .object(["key": sample(values, components: components)])
        case .object(let properties):
            return .object(
                Dictionary(
                    uniqueKeysWithValues: properties.map { ($0.name, sample($0.schema, components: components)) }))
        case .ref(let name): return components[name].map { sample($0, components: components) } ?? .null
        case .nullable(let inner): return sample(inner, components: components)
        }
    }
}

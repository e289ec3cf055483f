import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureServer

@Suite("JSON API")
struct APITests {
    struct Fixture {
        var owner: SignedInPerson
        var token: Caller
        var initiative: InitiativeDTO
    }

    func fixture(_ t: TestApp) async throws -> Fixture {
        let owner = try await Factory.person(t, name: "Olivia", organization: "Bank", orgAdmin: true)
        let token = try await Factory.token(t, owner)
        let response = try await t.send(.POST, APIURL.initiatives.path, as: token,
                                        json: ["name": "Open Lending", "purpose": "Faster credit.", "governance": "ownerLed"])
        #expect(response.status == .created)
        return Fixture(owner: owner, token: token, initiative: try t.decode(InitiativeDTO.self, from: response))
    }

    @Test("Create, read, list and rename an initiative", arguments: TestDatabase.all)
    func crud(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let f = try await fixture(t)
            #expect(f.initiative.status == .proposed)
            #expect(f.initiative.parties.count == 1)
            let list = try t.decode(ListPage<InitiativeSummary>.self, from: try await t.send(.GET, APIURL.initiatives.path, as: f.token))
            #expect(list.items.map(\.name) == ["Open Lending"])
            #expect(list.next == nil)
            let raw = try await t.send(.GET, APIURL.initiatives.path, as: f.token)
            #expect(raw.text.hasSuffix("\"next\":null}"), "the last page says next: null explicitly")
            let patched = try await t.send(.PATCH, APIURL.initiative(.value(f.initiative.id)).path, as: f.token,
                                           json: ["name": "Open Lending 2", "status": "active"])
            #expect(patched.status == .ok)
            let dto = try t.decode(InitiativeDTO.self, from: patched)
            #expect(dto.name == "Open Lending 2")
            #expect(dto.status == .active)
            let members = try t.decode(ListPage<MemberDTO>.self, from: try await t.send(.GET, APIURL.members(.value(f.initiative.id)).path, as: f.token))
            #expect(members.items.map(\.role) == [.admin])
        }
    }

    @Test("Bad input gets a 400 that names the field, and changes nothing", arguments: TestDatabase.all)
    func badInput(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let f = try await fixture(t)
            let path = APIURL.initiative(.value(f.initiative.id)).path
            let cases: [(String, String?)] = [
                ("{\"name\": \"\"}", "name"),
                ("{\"name\": 42}", "name"),
                ("{\"status\": \"launched\"}", "status"),
                ("{\"status\": \"proposed\", \"name\": \"x\"}", nil),  // no change of status: fine
                ("{\"name\": \"\(String(repeating: "n", count: 121))\"}", "name"),
                ("not json", nil),
            ]
            for (body, field) in cases {
                let response = try await t.send(.PATCH, path, as: f.token, text: (body, .json))
                if body.contains("\"proposed\"") {
                    #expect(response.status == .ok)
                    continue
                }
                #expect(response.status == .badRequest, "\(body) → \(response.status)")
                let error = try t.decode(APIErrorBody.self, from: response)
                #expect(error.error.field == field, "\(body) → \(error.error)")
                #expect(!error.error.message.isEmpty)
            }
            let moveBack = try await t.send(.PATCH, path, as: f.token, json: ["status": "active"])
            #expect(moveBack.status == .ok)
            let invalidTransition = try await t.send(.PATCH, path, as: f.token, json: ["status": "proposed"])
            #expect(invalidTransition.status == .badRequest)
            #expect(try t.decode(APIErrorBody.self, from: invalidTransition).error.field == "status")
            let detail = try await InitiativeStore(application: t.app).detail(f.initiative.id)
            #expect(detail.name == "x")
            #expect(detail.status == .active)
        }
    }

    @Test("A foreign id and a missing id look exactly the same", arguments: TestDatabase.all)
    func foreignLooksMissing(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let f = try await fixture(t)
            let stranger = try await Factory.person(t, organization: "Elsewhere", orgAdmin: true)
            let token = try await Factory.token(t, stranger)
            let foreign = try await t.send(.GET, APIURL.initiative(.value(f.initiative.id)).path, as: token)
            let missing = try await t.send(.GET, APIURL.initiative(.value(UUID())).path, as: token)
            let malformed = try await t.send(.GET, "/api/v1/initiatives/not-a-uuid", as: token)
            #expect(foreign.status == .notFound)
            #expect(foreign.status == missing.status)
            #expect(foreign.text == missing.text)
            #expect(malformed.text == missing.text)
            let foreignPage = try await t.send(.GET, SiteURL.initiative(.value(f.initiative.id)).path, as: try await Factory.session(t, stranger))
            #expect(foreignPage.status == .notFound)
            #expect(!foreignPage.text.contains("Open Lending"))
        }
    }

    @Test("Joint-venture stakes must cover every party and sum to 100 %", arguments: TestDatabase.all)
    func governance(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let f = try await fixture(t)
            let partner = try await Factory.person(t, organization: "Helio", orgAdmin: true)
            try await Factory.partner(t, f.initiative, owner: f.owner, partner: partner)
            let path = APIURL.governance(.value(f.initiative.id)).path
            let bank = f.owner.organizationID.uuidString.lowercased(), helio = partner.organizationID.uuidString.lowercased()

            let wrongSum = try await t.send(.PUT, path, as: f.token, json: GovernanceRequest(model: .jointVenture, stakes: [bank: "60", helio: "30"]))
            #expect(wrongSum.status == .badRequest)
            #expect(try t.decode(APIErrorBody.self, from: wrongSum).error.message.contains("sum to 100"))
            let missing = try await t.send(.PUT, path, as: f.token, json: GovernanceRequest(model: .jointVenture, stakes: [bank: "100"]))
            #expect(try t.decode(APIErrorBody.self, from: missing).error.field == "stakes.\(helio)")
            let bad = try await t.send(.PUT, path, as: f.token, json: GovernanceRequest(model: .jointVenture, stakes: [bank: "66.666", helio: "33.334"]))
            #expect(bad.status == .badRequest)

            // With a partner the change is a reserved decision (issue #13): it applies when both parties' admins pass it.
            let proposed = try await t.send(.PUT, path, as: f.token, json: GovernanceRequest(model: .jointVenture, stakes: [bank: "66.67", helio: "33.33"]))
            #expect(proposed.status == .accepted)
            let decision = try t.decode(DecisionDTO.self, from: proposed)
            let partnerToken = try await Factory.token(t, partner)
            for caller in [f.token, partnerToken] {
                #expect(try await t.send(.POST, APIURL.decisionVotes(.value(decision.id)).path, as: caller, json: VoteRequest(position: "yes")).status == .created)
            }
            #expect(try await t.send(.POST, APIURL.decisionClose(.value(decision.id)).path, as: f.token).status == .ok)
            let ok = try await t.send(.GET, APIURL.initiative(.value(f.initiative.id)).path, as: f.token)
            let dto = try t.decode(InitiativeDTO.self, from: ok)
            #expect(dto.governance == .jointVenture)
            #expect(Set(dto.parties.compactMap(\.stake)) == ["66.67", "33.33"])
            let event = try #require(try await t.events(log: f.initiative.id).last { $0.action == "governance.changed" })
            #expect(event.canonical.contains("\"stakeBasisPoints\":{"))

            // Back to owner-led is a decision too; it is refused at once if it keeps stakes.
            let keepsStakes = try await t.send(.PUT, path, as: f.token, json: GovernanceRequest(model: .ownerLed, stakes: [bank: "50", helio: "50"]))
            #expect(keepsStakes.status == .badRequest)
            let backToOwnerLed = try await t.send(.PUT, path, as: f.token, json: GovernanceRequest(model: .ownerLed, stakes: nil))
            #expect(backToOwnerLed.status == .accepted)
        }
    }

    @Test("Events come oldest first, paged with a cursor", arguments: TestDatabase.all)
    func eventsPaging(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let f = try await fixture(t)
            for index in 0..<4 {
                _ = try await t.send(.PATCH, APIURL.initiative(.value(f.initiative.id)).path, as: f.token, json: ["name": "Name \(index)"])
            }
            var seen: [Int] = []
            var cursor: String? = nil
            repeat {
                let query = "?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try t.decode(ListPage<EventDTO>.self, from: try await t.send(.GET, APIURL.events(.value(f.initiative.id)).path + query, as: f.token))
                seen += page.items.map(\.sequence)
                cursor = page.next
            } while cursor != nil
            #expect(seen == Array(1...7))
            let bad = try await t.send(.GET, APIURL.events(.value(f.initiative.id)).path + "?limit=0", as: f.token)
            #expect(try t.decode(APIErrorBody.self, from: bad).error.field == "limit")
        }
    }

    @Test("A party admin cannot remove the party's last admin", arguments: TestDatabase.all)
    func lastAdmin(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let f = try await fixture(t)
            let members = try await InitiativeStore(application: t.app).members(f.initiative.id)
            let me = try #require(members.first)
            let response = try await t.send(.DELETE, APIURL.member(.value(f.initiative.id), member: .value(me.id)).path, as: f.token)
            #expect(response.status == .conflict)
            #expect(try t.decode(APIErrorBody.self, from: response).error.message.contains("without an admin"))
        }
    }
}

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("The document lists exactly the API routes the app serves, each with its responses")
    func matchesRoutes() async throws {
        try await withTestApp(.sqlite) { t in
            let response = try await t.send(.GET, APIURL.openAPI.path)
            #expect(response.status == .ok)
            let document = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
            guard case .object(let root) = document, case .object(let paths)? = root["paths"] else {
                Issue.record("no paths")
                return
            }
            #expect(root["openapi"] == .string("3.1.0"))
            var documented = Set<String>()
            for (path, item) in paths {
                guard case .object(let operations) = item else { continue }
                for (method, operation) in operations {
                    documented.insert("\(method.uppercased()) \(path)")
                    guard case .object(let op) = operation, case .object(let responses)? = op["responses"] else {
                        Issue.record("\(method) \(path) has no responses")
                        continue
                    }
                    #expect(!responses.isEmpty)
                }
            }
            let served = Set(t.app.routes.all.filter { $0.path.first?.description == "api" }.map { route in
                "\(route.method.rawValue) /" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
            })
            #expect(served.subtracting(documented).sorted() == [], "served but not documented")
            #expect(documented.subtracting(served).sorted() == [], "documented but not served")

            // Every $ref points at a schema that exists.
            let text = response.text
            guard case .object(let components)? = root["components"], case .object(let schemas)? = components["schemas"] else {
                Issue.record("no schemas")
                return
            }
            for match in text.matches(of: /#\/components\/schemas\/([A-Za-z]+)/) {
                #expect(schemas[String(match.output.1)] != nil, "dangling $ref \(match.output.1)")
            }
        }
    }
}

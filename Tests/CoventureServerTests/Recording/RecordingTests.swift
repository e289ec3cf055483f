import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureServer

@Suite("The recording path")
struct RecordingTests {
    @Test("Starting an initiative records numbered events whose bytes are canonical JSON with their SHA-256", arguments: TestDatabase.all)
    func canonicalEvents(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, name: "Olivia", organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner, name: "Open Lending")
            let events = try await t.events(log: initiative.id)
            #expect(events.map(\.sequence) == [1, 2, 3])
            #expect(events.map(\.action) == ["initiative.created", "party.joined", "member.added"])
            for event in events {
                #expect(event.sha256 == EventDigest.sha256Hex(Array(event.canonical.utf8)))
                #expect(event.actorID == owner.id)
                #expect(event.actorOrganizationID == owner.organizationID)
                // Re-encoding the stored bytes canonically gives the very same bytes.
                let parsed = try JSONDecoder().decode(JSONValue.self, from: Data(event.canonical.utf8))
                #expect(parsed.canonicalString == event.canonical)
                #expect(!event.canonical.contains(" \""), "no insignificant whitespace")
            }
            #expect(events[0].canonical.hasPrefix("{\"action\":\"initiative.created\",\"actor\":"))
            #expect(events[0].canonical.contains("\"name\":\"Open Lending\""))
        }
    }

    @Test("A change that fails half-way leaves neither rows nor events behind", arguments: TestDatabase.all)
    func atomic(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            _ = try await Factory.person(t, email: "taken@example.org", organization: "First Org")
            let eventsBefore = try await t.eventCount()
            // The organization is inserted first, then the person fails on the duplicate email: both must roll back.
            await #expect(throws: AppError.conflict(field: "email", message: "already belongs to an account")) {
                _ = try await PeopleStore(application: t.app).createPerson(
                    .init(name: "Dup", email: "taken@example.org", organizationName: "Second Org", passwordHash: nil, isOrgAdmin: false))
            }
            #expect(try await PeopleStore.organization(named: "Second Org", on: t.db) == nil)
            #expect(try await t.eventCount() == eventsBefore)
        }
    }

    @Test("Invalid input is refused before anything is written", arguments: TestDatabase.all)
    func validationFirst(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let before = try await t.eventCount()
            await #expect(throws: AppError.invalid(field: "name", message: "is required")) {
                _ = try await InitiativeStore(application: t.app).create(CreateInitiativeRequest(name: "  ", purpose: nil), by: owner)
            }
            #expect(try await InitiativeRow.count(t.db) == 0)
            #expect(try await t.eventCount() == before)
        }
    }

    @Test("No event ever carries a password, its hash, a token or an invitation code", arguments: TestDatabase.all)
    func noSecrets(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let token = try await TokenStore(application: t.app).create(name: "script", for: owner)
            let invitation = try await InvitationStore(application: t.app).inviteMember(
                initiative.id, InviteMemberRequest(email: "n@bank.example", role: .observer), by: owner)
            let password = "a unique password 8271"
            _ = try await t.send(.POST, invitation.link, form: ["name": "N", "password": password])
            let code = Factory.code(of: invitation)
            let all = try await LedgerEventRow.all(t.db).map(\.canonical).joined(separator: "\n")
            #expect(all.contains("invitation.accepted"))
            for secret in [password, token.secret, code, Secrets.hash(code), Secrets.hash(token.secret), "$2b$", "$2y$"] {
                #expect(!all.contains(secret), "an event leaked \(secret.prefix(6))…")
            }
        }
    }

    @Test("The recorder refuses to write an event that names a secret field", arguments: TestDatabase.all)
    func refusesSecretFields(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let recorder = t.app.recorder
            await #expect(throws: (any Error).self) {
                try await recorder.record(.operatorOnly, by: .operator, validate: {}, apply: { _, _ in
                    Recorded((), EventDraft(log: UUID(), action: .benchmarkEntry, objectID: UUID(), change: ["password": .string("p")]))
                })
            }
            let count = try await t.eventCount()
            #expect(count == 0)
        }
    }

    @Test("20 parallel API clients writing at once all succeed, and every acknowledged write has its event", arguments: TestDatabase.all)
    func parallelWrites(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            guard case .bearer(let token) = try await Factory.token(t, owner) else { return }
            let before = try await t.events(log: initiative.id).count
            // Twenty clients means twenty connections (the client's default pool would queue some of them), with
            // generous timeouts: the rest of the suite shares these two cores, and this test is about correctness.
            t.app.http.client.configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 20
            t.app.http.client.configuration.timeout = .init(connect: .seconds(60), read: .seconds(60))
            let (acknowledged, serverErrors) = try await t.withLiveServer { base in
                try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                    for client in 0..<20 {
                        group.addTask {
                            var ok = 0, failed = 0
                            for write in 0..<5 {
                                let response = try await t.app.client.post(URI(string: base + APIURL.invitations(.value(initiative.id)).path)) { request in
                                    request.headers.bearerAuthorization = BearerAuthorization(token: token)
                                    try request.content.encode(["email": "c\(client)w\(write)@bank.example", "role": "observer"], as: .json)
                                }
                                if response.status == .created { ok += 1 }
                                if response.status.code >= 500 { failed += 1 }
                            }
                            return (ok, failed)
                        }
                    }
                    return try await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
                }
            }
            #expect(serverErrors == 0)
            #expect(acknowledged == 100)
            let events = try await t.events(log: initiative.id)
            #expect(events.count - before == acknowledged)
            #expect(events.map(\.sequence) == Array(1...events.count), "sequence numbers have no gaps or repeats")
        }
    }

    @Test("Concurrent changes committed together: a change that fails leaves nothing behind, the others all land with their events",
          arguments: TestDatabase.all)
    func groupCommitIsolatesFailures(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, name: "Olivia", organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let objective = try await ObjectiveStore(application: t.app).createObjective(
                initiativeID: initiative.id, CreateObjectiveRequest(title: "Grow", periodStart: "2027-01-01", periodEnd: "2027-03-31"), by: owner.actor)
            let kr = try await KeyResultStore(application: t.app).createKeyResult(
                objective.id, CreateKeyResultRequest(title: "Volume", kind: "increase", baseline: NumberInput("0"), target: NumberInput("100")),
                by: owner.actor)
            let before = try await t.events(log: initiative.id).count
            // Every third change names a check-in that does not exist: it fails inside its transaction, after validation.
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for n in 0..<30 {
                    group.addTask {
                        let request = CheckInRequest(value: NumberInput(String(n)), confidence: "onTrack", correctsId: n % 3 == 0 ? UUID() : nil)
                        return (try? await KeyResultStore(application: t.app).checkIn(kr.id, request, by: owner.actor)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 20)
            #expect(try await CheckInRow.count(t.db) == 20)
            let events = try await t.events(log: initiative.id)
            #expect(events.count - before == 20)
            #expect(events.map(\.sequence) == Array(1...events.count), "sequence numbers have no gaps or repeats")
            let fresh = LedgerService(signer: t.app.ledger.signer, interval: 2)
            let range = try await fresh.selfCheck(log: initiative.id, on: t.db, logger: t.app.logger)
            #expect(range.size == UInt64(events.count))
        }
    }
}

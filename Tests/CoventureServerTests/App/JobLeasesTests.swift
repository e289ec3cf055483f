import CoventureCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
@testable import CoventureServer

/// Background work runs on one node at a time (issue #17): two server processes ("nodes") on one database, on SQLite
/// (one file) and PostgreSQL, claim jobs through lease rows.
@Suite("Job leases")
struct JobLeasesTests {
    /// Two nodes configured on one fresh, migrated database; both shut down afterwards.
    static func twoNodes(
        _ database: TestDatabase, configure adjust: (inout AppConfig) -> Void = { _ in }, _ body: (TestApp, TestApp) async throws -> Void
    ) async throws {
        let fresh = try await FreshDatabase.make(database)
        var config = AppConfig(database: fresh.choice, dataDirectory: fresh.directory, poolSizePerEventLoop: 2, poolTimeoutSeconds: 60)
        config.backgroundCheckpoints = false
        config.decisionSweepInterval = nil
        config.reminderSweepInterval = nil
        config.webhookSweepInterval = nil
        config.webhookAllowPrivate = true
        adjust(&config)
        var apps: [Application] = []
        do {
            for _ in 0..<2 {
                let app = try await Application.make(.testing)
                app.logger.logLevel = .error
                apps.append(app)
                try configure(app, config)
            }
            try await Coventure.migrate(apps[0])
            let nodes = apps.map { TestApp(app: $0, database: database, contract: ContractValidator(document: $0.openAPI.document())) }
            try await body(nodes[0], nodes[1])
        } catch {
            for app in apps { try? await app.asyncShutdown() }
            await fresh.cleanup()
            throw error
        }
        for app in apps { try await app.asyncShutdown() }
        await fresh.cleanup()
    }

    /// A job that runs until the test lets it finish.
    final class Gate: Sendable {
        private let opened = NIOLockedValueBox(false)
        func open() { opened.withLockedValue { $0 = true } }
        func wait() async {
            while !opened.withLockedValue({ $0 }) { try? await Task.sleep(nanoseconds: 10_000_000) }
        }
    }

    @Test("While one node runs a job the other is refused it; once it is done, either may run it again", arguments: TestDatabase.all)
    func oneNodeAtATime(database: TestDatabase) async throws {
        try await Self.twoNodes(database) { a, b in
            let gate = Gate(), started = Gate()
            let first = Task { try await JobLeases(application: a.app).run("pulse rounds") { started.open(); await gate.wait(); return "a" } }
            await started.wait()
            let refused = try await JobLeases(application: b.app).run("pulse rounds") { "b" }
            #expect(refused == nil, "the other node does not run it meanwhile")
            #expect(try await JobLeases(application: b.app).run("decision deadlines") { "b" } == "b", "another job is free")
            gate.open()
            #expect(try await first.value == "a")
            #expect(try await JobLeases(application: b.app).run("pulse rounds") { "b" } == "b", "free again once done")
        }
    }

    @Test("A node that dies mid-job stops renewing: another takes the job over once its lease runs out, not before", arguments: TestDatabase.all)
    func takenOverAfterADeadNode(database: TestDatabase) async throws {
        try await Self.twoNodes(database) { a, b in
            let start = Date()
            // The dead node claimed and never renewed or released (its process is gone).
            #expect(try await JobLeases(application: a.app).claim("reminders", holder: UUID()))
            var survivor = JobLeases(application: b.app)
            let lease = survivor.duration
            survivor.now = { start.addingTimeInterval(lease - 1) }
            let early = try await survivor.run("reminders") { true }
            #expect(early == nil, "still leased")
            survivor.now = { start.addingTimeInterval(lease + 1) }
            let late = try await survivor.run("reminders") { true }
            #expect(late == true, "taken over")
        }
    }

    @Test("A renewed lease holds past its first term, a running job renews it, and a job that throws releases it",
          arguments: TestDatabase.all)
    func renewedWhileRunning(database: TestDatabase) async throws {
        try await Self.twoNodes(database) { a, b in
            // Renewal, on an injected clock: claimed at 0 (until 15), renewed at 10 (until 25).
            let start = Date()
            var first = JobLeases(application: a.app)
            first.now = { start }
            let holder = UUID()
            #expect(try await first.claim("digests", holder: holder))
            first.now = { start.addingTimeInterval(10) }
            #expect(try await first.renew("digests", holder: holder))
            var other = JobLeases(application: b.app)
            other.now = { start.addingTimeInterval(20) }
            let during = try await other.run("digests") { 2 }
            #expect(during == nil, "renewed: still held at 20")
            other.now = { start.addingTimeInterval(26) }
            let after = try await other.run("digests") { 2 }
            #expect(after == 2, "free once the renewed term is over")
            #expect(try await first.renew("digests", holder: holder) == false, "a lease taken over is not renewed by its old holder")

            // A running job renews by itself (however slowly the machine runs, it is seen moving forward).
            var running = JobLeases(application: a.app)
            running.renewEvery = 0.05
            let sql = a.db as! any SQLDatabase
            let renewed = try await running.run("reminders") { () async throws -> Bool in
                let initial = try await sql.raw("SELECT expires_at FROM job_leases WHERE name = 'reminders'").first()?.decode(column: "expires_at", as: Date.self)
                let deadline = Date().addingTimeInterval(30)
                while Date() < deadline {
                    try await Task.sleep(nanoseconds: 20_000_000)
                    let now = try await sql.raw("SELECT expires_at FROM job_leases WHERE name = 'reminders'").first()?.decode(column: "expires_at", as: Date.self)
                    if let initial, let now, now > initial { return true }
                }
                return false
            }
            #expect(renewed == true)

            struct Failure: Error {}
            await #expect(throws: Failure.self) { try await JobLeases(application: a.app).run("pulse") { () throws -> Int in throw Failure() } }
            #expect(try await JobLeases(application: b.app).run("pulse") { 3 } == 3, "released by the job that threw")
        }
    }

    @Test("Two nodes delivering webhooks at once send each message once, in the ledger's order", arguments: TestDatabase.all)
    func webhooksFromTwoNodes(database: TestDatabase) async throws {
        try await Self.twoNodes(database) { a, b in
            try await WebhookReceiver.with { receiver in
                let p = try await DecisionAPITests.partnership(a)
                _ = try await WebhookAPITests.register(a, p.initiative.id, url: receiver.url, types: ["objective.created"], as: p.ownerToken)
                for n in 1...8 { try await WebhookAPITests.objective(a, p.initiative.id, "Objective \(n)", as: p.ownerToken) }
                receiver.slowDown(0.05)
                let clock = WebhookAPITests.Clock()
                async let fromA = WebhookAPITests.delivery(a, clock: clock).sweep()
                async let fromB = WebhookAPITests.delivery(b, clock: clock).sweep()
                let attempts = try await fromA + fromB
                // Whichever node lost the claim sweeps again later; here the winner delivered everything.
                try await WebhookAPITests.delivery(b, clock: clock).sweep()
                let got = receiver.requests
                #expect(attempts == 8 && got.count == 8, "each message once (\(attempts) attempts)")
                let indexes = got.compactMap { request -> Int64? in if case .int(let i)? = request.data["ledgerIndex"] { i } else { nil } }
                #expect(indexes == indexes.sorted() && Set(got.map(\.id)).count == 8)
            }
        }
    }

    @Test("Two nodes signing the same size of a log publish one checkpoint: both answer the note stored first", arguments: TestDatabase.all)
    func oneCheckpointPerSize(database: TestDatabase) async throws {
        try await Self.twoNodes(database) { a, b in
            let owner = try await Factory.person(a, name: "Nia Node", organization: "Nodes \(UUID().uuidString.prefix(4))", orgAdmin: true)
            let initiative = try await Factory.initiative(a, by: owner)
            async let fromA = a.app.ledger.signIfDue(log: initiative.id, on: a.db, logger: a.app.logger, force: true)
            async let fromB = b.app.ledger.signIfDue(log: initiative.id, on: b.db, logger: b.app.logger, force: true)
            let (signedA, signedB) = try await (fromA, fromB)
            #expect(signedA != nil && signedA == signedB)
            let rows = try await (a.db as! any SQLDatabase).raw("SELECT note FROM ledger_checkpoints WHERE log_id = \(bind: initiative.id)").all()
            #expect(rows.count == 1)
            #expect(try rows.first?.decode(column: "note", as: String.self) == signedA?.note)
        }
    }
}

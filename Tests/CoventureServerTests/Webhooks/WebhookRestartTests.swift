import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// The outbox survives the server (issue #16): events recorded while nothing delivers, a server stopped in the middle
/// of a delivery, and a server started again on the same database: every event arrives, and any that arrives twice
/// carries the same `webhook-id` both times.
@Suite("Webhook restarts")
struct WebhookRestartTests {
    /// One server process's life on a database: configured, migrated, `body`, shut down.
    static func serve(
        _ fresh: FreshDatabase, database: TestDatabase, deliver: Bool, _ body: (TestApp) async throws -> Void
    ) async throws {
        var config = AppConfig(database: fresh.choice, dataDirectory: fresh.directory, poolSizePerEventLoop: 2, poolTimeoutSeconds: 60)
        config.backgroundCheckpoints = false
        config.decisionSweepInterval = nil
        config.webhookAllowPrivate = true
        config.webhookSweepInterval = deliver ? 0.05 : nil
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        do {
            try configure(app, config)
            try await Coventure.migrate(app)
            // Booted as `serve` boots it: the lifecycle handlers (the deliverer among them) start.
            try await app.asyncBoot()
            try await body(TestApp(app: app, database: database, contract: ContractValidator(document: app.openAPI.document())))
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    static func waitUntil(_ seconds: TimeInterval = 60, _ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            guard Date() < deadline else { throw TestSetupError("timed out waiting for deliveries") }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
    }

    @Test("Stopped with deliveries pending and mid-delivery, then started again: every event arrives, none twice with a different webhook-id",
          arguments: TestDatabase.all)
    func survivesRestarts(database: TestDatabase) async throws {
        let fresh = try await FreshDatabase.make(database)
        defer { Task { await fresh.cleanup() } }
        try await WebhookReceiver.with { receiver in
            let count = 12
            // 1. Events recorded while nothing delivers: their messages wait in the outbox.
            try await Self.serve(fresh, database: database, deliver: false) { t in
                let p = try await DecisionAPITests.partnership(t)
                _ = try await WebhookAPITests.register(t, p.initiative.id, url: receiver.url, types: ["objective.created"], as: p.ownerToken)
                for n in 1...count { try await WebhookAPITests.objective(t, p.initiative.id, "Objective \(n)", as: p.ownerToken) }
            }
            #expect(receiver.requests.isEmpty)
            // 2. A server that starts delivering and is stopped while the receiver is still answering its first request.
            receiver.slowDown(2)
            try await Self.serve(fresh, database: database, deliver: true) { _ in
                try await Self.waitUntil { !receiver.requests.isEmpty }
            }
            #expect(receiver.requests.count == 1, "stopped in the middle of the first delivery")
            // 3. Started again: everything arrives.
            receiver.slowDown(0)
            try await Self.serve(fresh, database: database, deliver: true) { t in
                try await Self.waitUntil { Set(receiver.requests.map(\.id)).count == count }
                let log = try await WebhookReader(db: t.db).deliveries(
                    try #require(try await WebhookEndpointRow.all(t.db, limit: 1).first?.id), limit: 100, offset: 0).items
                #expect(log.count == count)
            }
            let got = receiver.requests
            var idOfIndex: [Int64: String] = [:]
            for request in got {
                guard case .int(let index)? = request.data["ledgerIndex"] else { Issue.record("no ledger index"); continue }
                if let seen = idOfIndex[index] { #expect(seen == request.id, "event \(index) arrived again with another webhook-id") }
                idOfIndex[index] = request.id
            }
            #expect(idOfIndex.count == count, "every event arrived")
            #expect(Set(idOfIndex.values).count == count, "one webhook-id per event")
            let indexes = got.compactMap { if case .int(let index)? = $0.data["ledgerIndex"] { index } else { nil } }
            #expect(indexes == indexes.sorted(), "in the ledger's order")
        }
    }
}

import Fluent
import FluentPostgresDriver
import Foundation
import PostgresNIO
import SQLKit
import Testing
import Vapor
@testable import CoventureServer

/// Several nodes on one PostgreSQL (issue #17): each node keeps a log's webhook subscriptions for a few seconds, so a
/// change to endpoints on one node is announced to every node, which forgets them at once — otherwise another node
/// would go on enqueuing for the old list of endpoints, and a new endpoint would miss those events.
@Suite("Webhooks on several nodes")
struct WebhookNodesTests {
    @Test("An announcement names one log, or every log; anything else is not one")
    func announcements() async throws {
        let cache = WebhookSubscriptions()
        #expect(!cache.heard("\(UUID().uuidString.lowercased()) 12"), "a live update's payload is not an announcement")
        #expect(cache.heard("webhooks \(UUID().uuidString.lowercased())"))
        #expect(cache.heard("webhooks *"))
    }

    @Test("On PostgreSQL, a change to an initiative's endpoints is announced to every node when it commits",
          arguments: TestDatabase.all.filter { $0 == .postgres })
    func announcesChanges(database: TestDatabase) async throws {
        try await withTestApp(database, configure: WebhookAPITests.local) { t in
            guard case .postgres(let url) = t.app.appConfig.database else { throw TestSetupError("not on PostgreSQL") }
            let p = try await DecisionAPITests.partnership(t)
            // Another node's listener, as a plain connection.
            let connection = try await PostgresConnection.connect(
                configuration: try SQLPostgresConfiguration(url: url).coreConfiguration, id: 7, logger: t.app.logger)
            let (listening, ready) = AsyncStream<Void>.makeStream()
            let heard = Task { () -> String? in
                var payload: String?
                try await connection.listen(on: LiveEvents.channel) { notifications in
                    ready.yield()
                    for try await notification in notifications where notification.payload.hasPrefix(WebhookSubscriptions.announcementPrefix) {
                        payload = notification.payload
                        break
                    }
                }
                return payload
            }
            for await _ in listening { break }
            _ = try await WebhookAPITests.register(t, p.initiative.id, url: "http://127.0.0.1:9/hook", as: p.ownerToken)
            let timeout = Task { try await Task.sleep(nanoseconds: 60_000_000_000); heard.cancel() }
            let payload = try await heard.value
            timeout.cancel()
            try await connection.close()
            #expect(payload == "webhooks \(p.initiative.id.uuidString.lowercased())")
        }
    }

    @Test("On PostgreSQL, a node forgets a log's cached subscriptions when another node announces a change to them",
          arguments: TestDatabase.all.filter { $0 == .postgres })
    func forgetsOnAnnouncement(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            try await t.app.asyncBoot()  // the listener starts with the server
            let log = UUID()  // a log no other test touches
            _ = try await WebhookSubscriptions.shared.subscriptions(of: log, on: t.db)
            #expect(WebhookSubscriptions.shared.isCached(log))
            // What another node's change sends when it commits — again until heard: the listener connects in the
            // background, and a notification sent before it listens reaches nobody.
            let deadline = Date().addingTimeInterval(60)
            while WebhookSubscriptions.shared.isCached(log), Date() < deadline {
                try await (t.db as! any SQLDatabase).raw(
                    "SELECT pg_notify(\(bind: LiveEvents.channel), \(bind: WebhookSubscriptions.announcementPrefix + log.uuidString.lowercased()))").run()
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            #expect(!WebhookSubscriptions.shared.isCached(log))
        }
    }
}

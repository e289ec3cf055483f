import CoventureCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// Outbound webhooks over real HTTP (issue #16), on both databases: a real receiver on a loopback port, signatures
/// checked by the standardwebhooks package, deliveries driven by an injected clock.
@Suite("Webhooks")
struct WebhookAPITests {
    typealias Partnership = DecisionAPITests.Partnership

    /// A clock the test moves by hand.
    final class Clock: Sendable {
        private let value: NIOLockedValueBox<Date>
        init(_ start: Date = Date()) { value = NIOLockedValueBox(start) }
        var now: Date { value.withLockedValue { $0 } }
        func set(_ date: Date) { value.withLockedValue { $0 = date } }
        func advance(_ seconds: TimeInterval) { value.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
    }

    /// The tests' app: private addresses allowed (the receiver is on loopback), no background deliverer.
    static func local(_ config: inout AppConfig) {
        config.webhookAllowPrivate = true
        config.webhookSweepInterval = nil
    }

    static func delivery(_ t: TestApp, clock: Clock, allowPrivate: Bool = true) -> WebhookDelivery {
        var context = t.app.webhooks
        context.now = { clock.now }
        context.jitter = { 0.5 }
        context.allowPrivate = allowPrivate
        return WebhookDelivery(application: t.app, context: context)
    }

    static func register(
        _ t: TestApp, _ initiative: UUID, url: String, types: [String] = ["*"], as caller: Caller
    ) async throws -> CreatedWebhookEndpointDTO {
        let response = try await t.send(.POST, APIURL.webhooks(.value(initiative)).path, as: caller,
                                        json: CreateWebhookEndpointRequest(url: url, eventTypes: types))
        #expect(response.status == .created, "\(response.text)")
        return try t.decode(CreatedWebhookEndpointDTO.self, from: response)
    }

    /// An app with private addresses allowed, a receiver, a partnership, and an endpoint of one party's sending there.
    static func withEndpoint(
        _ database: TestDatabase, types: [String] = ["*"], ofPartner: Bool = false,
        _ body: (TestApp, WebhookReceiver, Partnership, CreatedWebhookEndpointDTO) async throws -> Void
    ) async throws {
        try await withTestApp(database, configure: Self.local) { t in
            try await WebhookReceiver.with { receiver in
                let p = try await DecisionAPITests.partnership(t)
                let created = try await Self.register(t, p.initiative.id, url: receiver.url, types: types, as: ofPartner ? p.partnerToken : p.ownerToken)
                try await body(t, receiver, p, created)
            }
        }
    }

    /// Records an event: an objective of the initiative (`objective.created`).
    static func objective(_ t: TestApp, _ initiative: UUID, _ title: String, as caller: Caller) async throws {
        let response = try await t.send(.POST, APIURL.initiativeObjectives(.value(initiative)).path, as: caller,
                                        json: ["title": title, "periodStart": "2027-01-01", "periodEnd": "2027-12-31"])
        #expect(response.status == .created, "\(response.text)")
    }

    static func deliveries(_ t: TestApp, _ endpoint: UUID, as caller: Caller) async throws -> [WebhookDeliveryDTO] {
        let response = try await t.send(.GET, APIURL.webhookDeliveries(.value(endpoint)).path + "?limit=200", as: caller)
        #expect(response.status == .ok, "\(response.text)")
        return try t.decode(ListPage<WebhookDeliveryDTO>.self, from: response).items
    }

    @Test("A recorded event reaches the endpoint as {type, timestamp, data}, signed as Standard Webhooks says (verified by the standardwebhooks package)",
          arguments: TestDatabase.all)
    func deliveredAndVerified(database: TestDatabase) async throws {
        try await Self.withEndpoint(database) { t, receiver, p, created in
            #expect(created.secret.hasPrefix("whsec_") && WebhookSecret(created.secret)?.key.count == 32)
            #expect(created.eventTypes == ["*"] && created.url == receiver.url)
            try await Self.objective(t, p.initiative.id, "Grow green loans", as: p.ownerToken)
            try await Self.objective(t, p.initiative.id, "Cut churn", as: p.contributorToken)

            #expect(try await Self.delivery(t, clock: Clock()).sweep() == 3, "its own registration and the two objectives")
            let got = receiver.requests
            #expect(got.map(\.type) == ["webhookEndpoint.registered", "objective.created", "objective.created"])
            #expect(got.allSatisfy { $0.id.hasPrefix("msg_") && $0.id.count == 36 && $0.signature.hasPrefix("v1,") && !$0.signature.contains(" ") })
            #expect(Set(got.map(\.id)).count == 3)

            let (lines, passed) = try IndependentVerifier.verify(got, secret: created.secret)
            #expect(passed, "\(lines)")
            #expect(lines.filter { $0.hasPrefix("ok ") }.count == 3)
            let (_, forged) = try IndependentVerifier.verify(got, secret: WebhookSecret.random().serialized)
            #expect(!forged, "another secret does not verify")

            let data = try #require(got.last?.data)
            let events = try await t.events(log: p.initiative.id)
            let last = try #require(events.last)
            #expect(data["initiativeId"] == .id(p.initiative.id))
            #expect(data["ledgerIndex"] == .int(last.sequence - 1))
            #expect(data["action"] == .string("objective.created") && data["objectType"] == .string("objective"))
            #expect(data["objectId"] == .id(last.objectID))
            #expect(data["actor"] == .object(["id": .id(p.contributor.id), "organizationId": .id(p.contributor.organizationID), "name": .string("Chris Contributor")]))
            #expect(data["sentence"] == .string("Chris Contributor set the objective “Cut churn”"))
            if case .object(let change)? = data["change"] { #expect(change["title"] == .string("Cut churn")) } else { Issue.record("no change") }
            #expect(!(got.first?.body.contains(created.secret.dropFirst(6)) ?? true), "the secret is never in an event")

            let log = try await Self.deliveries(t, created.id, as: p.ownerToken)
            #expect(log.count == 3 && log.allSatisfy { $0.status == .delivered && $0.attempts == 1 && $0.responseStatus == 200 && $0.latencyMs != nil })
            #expect(Set(log.map(\.id)) == Set(got.map(\.id)))
        }
    }

    @Test("Private, loopback, link-local and metadata addresses are refused at registration (400 naming url), and again at delivery",
          arguments: TestDatabase.all)
    func ssrfGuard(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            for url in ["http://127.0.0.1:9/hook", "https://127.0.0.1/hook", "https://10.1.2.3/", "https://[::1]/", "https://localhost/hook",
                        "https://169.254.169.254/latest/meta-data/", "https://[fd00:ec2::254]/", "https://0.0.0.0/", "ftp://example.com/"] {
                let response = try await t.send(.POST, APIURL.webhooks(.value(p.initiative.id)).path, as: p.ownerToken,
                                                json: CreateWebhookEndpointRequest(url: url, eventTypes: ["*"]))
                #expect(response.status == .badRequest, "\(url): \(response.text)")
                #expect(response.text.contains("\"field\":\"url\""), "\(url): \(response.text)")
            }
            let unknown = try await t.send(.POST, APIURL.webhooks(.value(p.initiative.id)).path, as: p.ownerToken,
                                           json: CreateWebhookEndpointRequest(url: "https://8.8.8.8/", eventTypes: ["no.such"]))
            #expect(unknown.status == .badRequest && unknown.text.contains("\"field\":\"eventTypes\""))
            #expect(try await WebhookEndpointRow.count(t.db) == 0, "nothing half-written")
        }
        try await withTestApp(database, configure: Self.local) { t in
            let p = try await DecisionAPITests.partnership(t)
            let metadata = try await t.send(.POST, APIURL.webhooks(.value(p.initiative.id)).path, as: p.ownerToken,
                                            json: CreateWebhookEndpointRequest(url: "http://169.254.169.254/", eventTypes: ["*"]))
            #expect(metadata.status == .badRequest, "metadata stays refused where private addresses are allowed")
            try await WebhookReceiver.with { receiver in
                let created = try await Self.register(t, p.initiative.id, url: receiver.url, as: p.ownerToken)
                // The operator no longer allows private addresses: the delivery checks again, and sends nothing.
                try await Self.delivery(t, clock: Clock(), allowPrivate: false).sweep()
                #expect(receiver.requests.isEmpty)
                let log = try await Self.deliveries(t, created.id, as: p.ownerToken)
                #expect(log.first?.status == .pending && log.first?.attempts == 1)
                #expect(log.first?.error?.hasPrefix("not sent: the URL") == true, "\(String(describing: log.first?.error))")
            }
        }
    }

    @Test("Per endpoint, deliveries follow the ledger's order: a failure holds the later events back until it succeeds, with the same webhook-id",
          arguments: TestDatabase.all)
    func orderPerEndpoint(database: TestDatabase) async throws {
        try await Self.withEndpoint(database, types: ["objective.created"]) { t, receiver, p, _ in
            for title in ["First", "Second", "Third"] { try await Self.objective(t, p.initiative.id, title, as: p.ownerToken) }
            let clock = Clock()
            let delivery = Self.delivery(t, clock: clock)
            receiver.answer([500])
            #expect(try await delivery.sweep() == 1, "the first fails; the others wait behind it")
            #expect(try await delivery.sweep() == 0, "not yet due")
            clock.advance(4)
            #expect(try await delivery.sweep() == 0, "backoff: the first retry after 5 s (±20 %)")
            clock.advance(2)
            #expect(try await delivery.sweep() == 3)
            let got = receiver.requests
            let indexes = got.compactMap { if case .int(let index)? = $0.data["ledgerIndex"] { index } else { nil } }
            #expect(indexes.count == 4 && indexes[0] == indexes[1] && Array(indexes.dropFirst()) == indexes.dropFirst().sorted())
            #expect(Set(indexes).count == 3)
            #expect(got[0].id == got[1].id, "a retry carries the same webhook-id")
            #expect(got[0].body == got[1].body, "and the same body")
            #expect(Set(got.map(\.id)).count == 3)
        }
    }

    @Test("Failures back off exponentially; after 24 hours the message is given up and the endpoint disabled, its party's admins notified",
          arguments: TestDatabase.all)
    func backoffAndDisable(database: TestDatabase) async throws {
        try await Self.withEndpoint(database, types: ["objective.created"]) { t, receiver, p, created in
            try await Self.objective(t, p.initiative.id, "Failing", as: p.ownerToken)
            receiver.answer(Array(repeating: 503, count: 100))
            let start = Date()
            let clock = Clock(start)
            let delivery = Self.delivery(t, clock: clock)
            var waits: [TimeInterval] = []
            for _ in 0..<100 {
                try await delivery.sweep()
                // Read from the database: the API's dates are whole seconds, the schedule's are not.
                guard let pending = try await WebhookReader(db: t.db).deliveries(created.id, limit: 1, offset: 0).items.first,
                    pending.status == .pending,
                    let next = pending.nextAttemptAt
                else { break }
                waits.append(next.timeIntervalSince(clock.now))
                // A millisecond past: the databases keep times to the microsecond or the millisecond, not exactly.
                clock.set(next.addingTimeInterval(0.001))
            }
            #expect(Array(waits.prefix(4)).map { $0.rounded() } == [5, 10, 20, 40], "\(waits.prefix(6))")
            #expect(waits.allSatisfy { $0 <= 3600 + 1 })
            let requests = receiver.requests
            #expect(requests.count == waits.count + 1 && Set(requests.map(\.id)).count == 1)
            let log = try #require(try await Self.deliveries(t, created.id, as: p.ownerToken).first)
            #expect(log.status == .failed && log.responseStatus == 503 && log.attempts == requests.count)
            #expect(try #require(log.lastAttemptAt).timeIntervalSince(start) >= 24 * 3600 - 1)

            let endpoint = try t.decode(WebhookEndpointDTO.self, from: try await t.send(.GET, APIURL.webhook(.value(created.id)).path, as: p.ownerToken))
            #expect(!endpoint.enabled && endpoint.disabledReason == "every delivery failed for 24 hours")
            let sql = t.db as! any SQLDatabase
            let notified = try await sql.raw("SELECT person_id FROM notifications WHERE kind = \(bind: NotificationKind.webhookDisabled.rawValue)")
                .all().map { try $0.decode(column: "person_id", as: UUID.self) }
            #expect(notified == [p.owner.id], "the owner party's admin, not the partner's")
            let events = try await t.events(log: p.initiative.id)
            #expect(events.last?.action == LedgerAction.webhookEndpointChanged.rawValue && events.last?.actorID == nil)

            // Disabled: a new event is not queued for it; enabling clears the streak and delivers again.
            try await Self.objective(t, p.initiative.id, "While disabled", as: p.ownerToken)
            let enabled = try await t.send(.PATCH, APIURL.webhook(.value(created.id)).path, as: p.ownerToken, json: ["enabled": true])
            #expect(enabled.status == .ok, "\(enabled.text)")
            try await Self.objective(t, p.initiative.id, "Enabled again", as: p.ownerToken)
            try await delivery.sweep()
            #expect(receiver.requests.last?.data["action"] == .string("objective.created"))
            #expect(receiver.requests.count == requests.count + 1, "only the event recorded after enabling")
        }
    }

    @Test("Rotation: for 24 hours both secrets sign (two signatures, each verifies), then only the new one", arguments: TestDatabase.all)
    func rotation(database: TestDatabase) async throws {
        try await Self.withEndpoint(database, types: ["objective.created"]) { t, receiver, p, created in
            let response = try await t.send(.POST, APIURL.webhookRotateSecret(.value(created.id)).path, as: p.ownerToken)
            #expect(response.status == .ok, "\(response.text)")
            let rotated = try t.decode(RotatedWebhookSecretDTO.self, from: response)
            #expect(rotated.secret != created.secret && rotated.secret.hasPrefix("whsec_"))
            try await Self.objective(t, p.initiative.id, "After rotation", as: p.ownerToken)
            let clock = Clock()
            try await Self.delivery(t, clock: clock).sweep()
            let first = try #require(receiver.requests.last)
            #expect(first.signature.split(separator: " ").count == 2)
            #expect(try IndependentVerifier.verify([first], secret: rotated.secret).passed, "the new secret verifies")
            #expect(try IndependentVerifier.verify([first], secret: created.secret).passed, "the old one still verifies")

            try await Self.objective(t, p.initiative.id, "A day later", as: p.ownerToken)
            clock.advance(24 * 3600 + 1)
            try await Self.delivery(t, clock: clock).sweep()
            let later = try #require(receiver.requests.last)
            let key = try #require(WebhookSecret(rotated.secret))
            #expect(later.signature == key.signature(id: later.id, timestamp: Int64(later.timestamp)!, body: Array(later.body.utf8)))
        }
    }

    @Test("Only the party's admins see and manage its endpoints: another party's admin and outsiders find nothing, its members are refused",
          arguments: TestDatabase.all)
    func access(database: TestDatabase) async throws {
        try await withTestApp(database, configure: Self.local) { t in
            let p = try await DecisionAPITests.partnership(t)
            let outsider = try await Factory.token(t, try await Factory.person(t, name: "Otto Outsider", organization: "Elsewhere", orgAdmin: true))
            let created = try await Self.register(t, p.initiative.id, url: "http://127.0.0.1:9/hook", as: p.ownerToken)
            let list = try t.decode(ListPage<WebhookEndpointDTO>.self, from: try await t.send(.GET, APIURL.webhooks(.value(p.initiative.id)).path, as: p.ownerToken))
            #expect(list.items.map(\.id) == [created.id])
            #expect(!(try await t.send(.GET, APIURL.webhooks(.value(p.initiative.id)).path, as: p.ownerToken)).text.contains("whsec_"))
            let partners = try t.decode(ListPage<WebhookEndpointDTO>.self, from: try await t.send(.GET, APIURL.webhooks(.value(p.initiative.id)).path, as: p.partnerToken))
            #expect(partners.items.isEmpty, "the partner's admin lists only their own party's")
            for path in [APIURL.webhook(.value(created.id)).path, APIURL.webhookDeliveries(.value(created.id)).path] {
                #expect(try await t.send(.GET, path, as: p.partnerToken).status == .notFound)
                #expect(try await t.send(.GET, path, as: outsider).status == .notFound)
                #expect(try await t.send(.GET, path, as: p.contributorToken).status == .forbidden)
            }
            #expect(try await t.send(.POST, APIURL.webhookRotateSecret(.value(created.id)).path, as: p.partnerToken).status == .notFound)
            #expect(try await t.send(.DELETE, APIURL.webhook(.value(created.id)).path, as: p.partnerToken).status == .notFound)
            #expect(try await t.send(.GET, APIURL.webhooks(.value(p.initiative.id)).path, as: outsider).status == .notFound)
            #expect(try await t.send(.POST, APIURL.webhooks(.value(p.initiative.id)).path, as: p.contributorToken,
                                     json: CreateWebhookEndpointRequest(url: "http://127.0.0.1:9/", eventTypes: ["*"])).status == .forbidden)
            #expect(try await t.send(.DELETE, APIURL.webhook(.value(created.id)).path, as: p.ownerToken).status == .noContent)
            #expect(try await t.send(.GET, APIURL.webhook(.value(created.id)).path, as: p.ownerToken).status == .notFound)
            let events = try await t.events(log: p.initiative.id).map(\.action)
            #expect(events.suffix(2) == [LedgerAction.webhookEndpointRegistered.rawValue, LedgerAction.webhookEndpointDeleted.rawValue])
            #expect(try await t.events(log: p.initiative.id).allSatisfy { !$0.canonical.contains("whsec_") && !$0.canonical.contains("127.0.0.1") })
        }
    }

    @Test("A test event is sent at once as webhook.test, answers how it went, and joins the delivery log", arguments: TestDatabase.all)
    func testEvent(database: TestDatabase) async throws {
        try await Self.withEndpoint(database, types: ["decision.sealed"], ofPartner: true) { t, receiver, p, created in
            let response = try await t.send(.POST, APIURL.webhookTest(.value(created.id)).path, as: p.partnerToken)
            #expect(response.status == .created, "\(response.text)")
            let delivery = try t.decode(WebhookDeliveryDTO.self, from: response)
            #expect(delivery.status == .delivered && delivery.eventType == "webhook.test" && delivery.ledgerIndex == nil)
            #expect(receiver.requests.map(\.type) == ["webhook.test"])
            #expect(try IndependentVerifier.verify(receiver.requests, secret: created.secret).passed)
            receiver.answer([500])
            let failed = try t.decode(WebhookDeliveryDTO.self, from: try await t.send(.POST, APIURL.webhookTest(.value(created.id)).path, as: p.partnerToken))
            #expect(failed.status == .failed && failed.responseStatus == 500, "a test is sent once, not retried")
            #expect(try await Self.deliveries(t, created.id, as: p.partnerToken).count == 2)
        }
    }
}

import CoventureCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// The durable outbox (issue #16): `LedgerAppender` calls `enqueue` for each log's new events inside their
/// transaction, so a message exists exactly when its event does — after a crash, every committed event still has its
/// messages, and a rolled-back change left none.
///
/// The write path pays little: a cached lookup of the log's enabled endpoints (nothing more when it has none) and one
/// multi-row insert when it has some.
enum WebhookOutbox {
    static let pending = "pending"
    static let delivered = "delivered"
    static let failed = "failed"

    /// One subscribed endpoint, as the write path needs it.
    struct Subscription: Sendable, Equatable {
        var endpointID: UUID
        var eventTypes: [String]
    }

    static func enqueue(log: UUID, events: [(seq: Int, action: String)], at date: Date, on db: any Database) async throws {
        let subscriptions = try await WebhookSubscriptions.shared.subscriptions(of: log, on: db)
        guard !subscriptions.isEmpty else { return }
        var rows: [SQLQueryString] = []
        for event in events {
            for subscription in subscriptions where WebhookRules.subscribes(subscription.eventTypes, to: event.action) {
                rows.append("""
                    (\(bind: UUID()), \(bind: subscription.endpointID), \(bind: log), \(bind: event.seq), \(bind: event.action), \
                    \(bind: pending), 0, \(bind: date), \(bind: date))
                    """)
            }
        }
        try await SQLLists.insert(
            db as! any SQLDatabase, into: "webhook_messages",
            columns: "id, endpoint_id, log_id, seq, event_type, state, attempts, created_at, next_attempt_at", rows: rows)
    }
}

/// Each log's enabled endpoints, cached so that a change to a log without endpoints costs no statement.
///
/// `WebhookStore` forgets a log's entry (every log's, for an organization's endpoint) inside every change to its
/// endpoints and again once that change has committed or failed, and a new party forgets its initiative's, so this
/// node sees its own changes at once. What it cannot see — an endpoint changed by another node — is bounded by
/// `maxAge`: for at most that long, that node's events may miss a new endpoint or still reach a disabled one (the
/// deliverer checks the endpoint again before sending, and skips a deleted one).
final class WebhookSubscriptions: Sendable {
    static let shared = WebhookSubscriptions()
    static let maxAge: TimeInterval = 5
    /// Bounds the memory of a server with very many logs: past it, the cache starts over.
    static let maxEntries = 10_000

    private let entries = NIOLockedValueBox([UUID: (subscriptions: [WebhookOutbox.Subscription], loadedAt: Date)]())

    func subscriptions(of log: UUID, on db: any Database, now: Date = Date()) async throws -> [WebhookOutbox.Subscription] {
        if let entry = entries.withLockedValue({ $0[log] }), now.timeIntervalSince(entry.loadedAt) < Self.maxAge {
            return entry.subscriptions
        }
        let sql = db as! any SQLDatabase
        // The log's own endpoints (an initiative's parties'), then organizations' endpoints: of the log's organization
        // when it is an organization's own log, or of its parties when it is an initiative's.
        let rows = try await sql.raw("""
            SELECT id, event_types FROM webhook_endpoints WHERE initiative_id = \(bind: log) AND enabled = \(bind: true)
            UNION ALL
            SELECT id, event_types FROM webhook_endpoints WHERE initiative_id IS NULL AND enabled = \(bind: true)
            AND (organization_id = \(bind: log) OR organization_id IN (SELECT organization_id FROM parties WHERE initiative_id = \(bind: log)))
            """).all()
        let subscriptions = try rows.map { row in
            WebhookOutbox.Subscription(
                endpointID: try row.decode(column: "id", as: UUID.self),
                eventTypes: try WebhookEventTypes.decode(try row.decode(column: "event_types", as: String.self)))
        }
        entries.withLockedValue {
            if $0.count >= Self.maxEntries { $0.removeAll() }
            $0[log] = (subscriptions, now)
        }
        return subscriptions
    }

    func forget(_ log: UUID) { _ = entries.withLockedValue { $0.removeValue(forKey: log) } }

    /// What a change to a scope's endpoints may have changed: one initiative's log, or, for an organization's
    /// endpoints, every log (its own and its initiatives').
    func forget(_ scope: WebhookScope) {
        switch scope {
        case .initiative(let id, _): forget(id)
        case .organization: forgetAll()
        }
    }

    func forgetAll() { entries.withLockedValue { $0.removeAll() } }

    /// Whether the log's subscriptions are held here now (tests watch an announcement take effect).
    func isCached(_ log: UUID) -> Bool { entries.withLockedValue { $0[log] != nil } }

    // MARK: Several nodes (issue #17)

    /// Inside a change to endpoints: forgets here, and on PostgreSQL tells every node to forget too once the change
    /// commits (over the channel every node's `LiveListener` already listens on). Without it another node would keep
    /// enqueuing for the old list of endpoints for up to `maxAge`, and a new endpoint would miss those events.
    func forget(_ scope: WebhookScope, announcingOn db: any Database) async throws {
        forget(scope)
        switch scope {
        case .initiative(let id, _): try await announce(Self.announcementPrefix + id.uuidString.lowercased(), on: db)
        case .organization: try await announce(Self.announcementPrefix + "*", on: db)
        }
    }

    /// The same when an initiative's parties changed (a new party's organization may have endpoints of its own).
    func forget(_ log: UUID, announcingOn db: any Database) async throws {
        forget(log)
        try await announce(Self.announcementPrefix + log.uuidString.lowercased(), on: db)
    }

    private func announce(_ payload: String, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_notify(\(bind: LiveEvents.channel), \(bind: payload))").run()
    }

    static let announcementPrefix = "webhooks "

    /// Applies another node's announcement; false when the payload is not one (a live update's).
    func heard(_ payload: String) -> Bool {
        guard payload.hasPrefix(Self.announcementPrefix) else { return false }
        let target = payload.dropFirst(Self.announcementPrefix.count)
        if target == "*" {
            forgetAll()
        } else if let log = UUID(uuidString: String(target)) {
            forget(log)
        } else {
            forgetAll()  // unreadable: forgetting everything is always safe
        }
        return true
    }
}

/// The stored form of an endpoint's event types: a JSON array of strings.
enum WebhookEventTypes {
    static func encode(_ types: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(types)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ stored: String) throws -> [String] {
        guard let types = try? JSONDecoder().decode([String].self, from: Data(stored.utf8)) else {
            throw StoredValueError(column: "webhook_endpoints.event_types", value: stored)
        }
        return types
    }
}

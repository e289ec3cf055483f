import CoventureCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// What one attempt to deliver a message came to. `WebhookDelivery.finish` is the single place an attempt ends, and
/// returns this, and counts it in the metrics (`coventure_webhook_deliveries_total{result}`).
enum WebhookDeliveryResult: String, Sendable, CaseIterable {
    /// The receiver answered 2xx.
    case delivered
    /// It failed and is tried again later (`WebhookRetry`).
    case retrying
    /// It failed and will not be tried again: 24 hours passed since its first attempt, or it was a test message.
    case givenUp = "given_up"
}

/// Everything deliveries need from the application: the secret box, the HTTP clients, whether private addresses may
/// be sent to (`COVENTURE_WEBHOOK_ALLOW_PRIVATE=1`), and the clock (injected by tests).
struct WebhookContext: Sendable {
    var box: WebhookSecretBox
    var http: WebhookHTTP
    var allowPrivate: Bool
    var now: @Sendable () -> Date = { Date() }
    /// 0…1, spreading retries (`WebhookRetry.delay`).
    var jitter: @Sendable () -> Double = { Double.random(in: 0...1) }
}

extension Application {
    private struct WebhookContextKey: StorageKey { typealias Value = WebhookContext }

    var webhooks: WebhookContext {
        get {
            guard let context = storage[WebhookContextKey.self] else { fatalError("configure(_:) sets the webhook context") }
            return context
        }
        set { storage[WebhookContextKey.self] = newValue }
    }
}

/// Delivers the outbox (issue #16): per endpoint, its pending messages in the ledger's order, each signed as the
/// Standard Webhooks spec says, with the same `webhook-id` on every attempt; a failure is retried with backoff and
/// holds back the endpoint's later messages until it succeeds or is given up, so a receiver never sees event n+1
/// before n. An endpoint failing for 24 hours is disabled and its party's admins notified.
struct WebhookDelivery: Sendable {
    let db: any Database
    let recorder: Recorder
    let context: WebhookContext
    let logger: Logger

    init(application: Application, context: WebhookContext? = nil) {
        self.db = application.db
        self.recorder = application.recorder
        self.context = context ?? application.webhooks
        self.logger = application.logger
    }

    /// How many endpoints are worked on at once.
    static let concurrency = 8
    /// Messages read per endpoint at a time.
    static let batch = 100

    /// A message as the deliverer needs it.
    struct Message: Sendable {
        var id: UUID
        var endpointID: UUID
        var logID: UUID
        var seq: Int?
        var eventType: String
        var attempts: Int
        var createdAt: Date
        var nextAttemptAt: Date
        var firstAttemptAt: Date?
        var payload: String?
        /// Test messages get one attempt.
        var retries: Bool { seq != nil }
    }

    /// Delivers what is due now; returns how many attempts it made.
    @discardableResult
    func sweep() async throws -> Int {
        let now = context.now()
        let sql = db as! any SQLDatabase
        let endpoints = try await sql.raw("""
            SELECT DISTINCT m.endpoint_id FROM webhook_messages m JOIN webhook_endpoints e ON e.id = m.endpoint_id
            WHERE m.state = \(bind: WebhookOutbox.pending) AND m.seq IS NOT NULL AND m.next_attempt_at <= \(bind: now) AND e.enabled = \(bind: true)
            """).all().map { try $0.decode(column: "endpoint_id", as: UUID.self) }
        var attempts = 0
        var index = 0
        let leases = JobLeases(recorder: recorder)
        while index < endpoints.count {
            let slice = endpoints[index..<min(index + Self.concurrency, endpoints.count)]
            index += slice.count
            attempts += try await withThrowingTaskGroup(of: Int.self) { group in
                // One node at a time works through an endpoint's messages, so they leave in the ledger's order
                // whichever nodes are running (issue #17); another node's endpoint is skipped until its next sweep.
                for endpoint in slice {
                    group.addTask { try await leases.run("webhook endpoint \(endpoint.uuidString.lowercased())") { try await self.drain(endpoint) } ?? 0 }
                }
                return try await group.reduce(0, +)
            }
        }
        return attempts
    }

    /// Works through one endpoint's due messages in order, until one is to be retried later.
    private func drain(_ endpointID: UUID) async throws -> Int {
        var attempts = 0
        while !Task.isCancelled {
            let endpoint: WebhookReader.EndpointRecord
            do { endpoint = try await WebhookReader(db: db).endpoint(endpointID) } catch AppError.notFound { return attempts }
            guard endpoint.enabled else { return attempts }
            let messages = try await pending(endpointID)
            guard !messages.isEmpty else { return attempts }
            for message in messages {
                if Task.isCancelled { return attempts }
                guard message.nextAttemptAt <= context.now() else { return attempts }
                attempts += 1
                switch try await deliver(message, to: endpoint) {
                case .delivered, .givenUp: continue
                case .retrying: return attempts
                }
            }
        }
        return attempts
    }

    private func pending(_ endpointID: UUID) async throws -> [Message] {
        let sql = db as! any SQLDatabase
        return try await sql.raw("""
            SELECT id, endpoint_id, log_id, seq, event_type, attempts, created_at, next_attempt_at, first_attempt_at, payload
            FROM webhook_messages WHERE endpoint_id = \(bind: endpointID) AND state = \(bind: WebhookOutbox.pending) AND seq IS NOT NULL
            ORDER BY seq LIMIT \(bind: Self.batch)
            """).all().map(Self.message)
    }

    static func message(_ row: any SQLRow) throws -> Message {
        Message(
            id: try row.decode(column: "id", as: UUID.self), endpointID: try row.decode(column: "endpoint_id", as: UUID.self),
            logID: try row.decode(column: "log_id", as: UUID.self), seq: try row.decode(column: "seq", as: Int?.self),
            eventType: try row.decode(column: "event_type", as: String.self), attempts: try row.decode(column: "attempts", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: Date.self), nextAttemptAt: try row.decode(column: "next_attempt_at", as: Date.self),
            firstAttemptAt: try row.decode(column: "first_attempt_at", as: Date?.self), payload: try row.decode(column: "payload", as: String?.self))
    }

    /// One attempt: the body (fixed at the first attempt), the SSRF check of the addresses the host resolves to now,
    /// the signed request to the checked address, then `finish`.
    @discardableResult
    func deliver(_ message: Message, to endpoint: WebhookReader.EndpointRecord) async throws -> WebhookDeliveryResult {
        let payload: String
        if let stored = message.payload { payload = stored } else { payload = try await body(of: message, endpoint: endpoint) }
        let started = ContinuousClock.now
        var answer: WebhookHTTP.Answer
        do {
            let target = try WebhookRules.target(endpoint.url, allowPrivate: context.allowPrivate)
            let addresses = try await WebhookResolver.checkedAddresses(of: target, allowPrivate: context.allowPrivate)
            let now = context.now()
            let headers = WebhookHeaders(
                id: WebhookMessageID.header(message.id), timestamp: Int64(now.timeIntervalSince1970.rounded(.down)),
                body: Array(payload.utf8), secrets: try secrets(of: endpoint, at: now))
            answer = await context.http.post(
                url: endpoint.url, host: URLComponents(string: endpoint.url)?.host ?? target.host, address: addresses[0],
                headers: headers.fields, body: Array(payload.utf8))
        } catch let refused as ValidationError {
            answer = WebhookHTTP.Answer(status: nil, error: "not sent: the URL \(refused.message)")
        }
        let elapsed = ContinuousClock.now - started
        let latency = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        return try await finish(message, endpoint: endpoint, answer: answer, latencyMs: latency, payload: payload)
    }

    /// The secrets that sign now: the current one, and the previous one until 24 hours after a rotation.
    func secrets(of endpoint: WebhookReader.EndpointRecord, at now: Date) throws -> [WebhookSecret] {
        var secrets = [try context.box.open(endpoint.secretSealed, endpointID: endpoint.id)]
        if let previous = endpoint.previousSecretSealed, let until = endpoint.previousSecretExpiresAt, now < until {
            secrets.append(try context.box.open(previous, endpointID: endpoint.id))
        }
        return secrets
    }

    /// The single place an attempt ends (the metrics' hook): the message's state, attempts, response and latency;
    /// the endpoint's failing streak; and, after 24 hours of failures, the endpoint disabled and its admins told.
    @discardableResult
    func finish(
        _ message: Message, endpoint: WebhookReader.EndpointRecord, answer: WebhookHTTP.Answer, latencyMs: Int, payload: String
    ) async throws -> WebhookDeliveryResult {
        let now = context.now()
        let attempts = message.attempts + 1
        let result: WebhookDeliveryResult
        var next = now
        if answer.succeeded {
            result = .delivered
        } else if message.retries,
            let retry = WebhookRetry.nextAttempt(
                firstAttemptAt: message.firstAttemptAt ?? now, failedAttempts: attempts, now: now, jitter: context.jitter())
        {
            result = .retrying
            next = retry
        } else {
            result = .givenUp
        }
        let state = switch result {
        case .delivered: WebhookOutbox.delivered
        case .retrying: WebhookOutbox.pending
        case .givenUp: WebhookOutbox.failed
        }
        let nextAttempt = next
        let failingSince = try await recorder.bookkeeping { db -> Date? in
            let sql = db as! any SQLDatabase
            try await sql.raw("""
                UPDATE webhook_messages SET state = \(bind: state), attempts = \(bind: attempts), \
                first_attempt_at = \(bind: message.firstAttemptAt ?? now), last_attempt_at = \(bind: now), next_attempt_at = \(bind: nextAttempt), \
                response_status = \(bind: answer.status), latency_ms = \(bind: latencyMs), error = \(bind: answer.error), payload = \(bind: payload)
                WHERE id = \(bind: message.id)
                """).run()
            if answer.succeeded {
                try await sql.raw("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = \(bind: endpoint.id)").run()
                return nil
            }
            try await sql.raw("""
                UPDATE webhook_endpoints SET failing_since = \(bind: now) WHERE id = \(bind: endpoint.id) AND failing_since IS NULL
                """).run()
            return try await sql.raw("SELECT failing_since FROM webhook_endpoints WHERE id = \(bind: endpoint.id)").first()
                .flatMap { try $0.decode(column: "failing_since", as: Date?.self) }
        }
        if WebhookRetry.disables(failingSince: failingSince, now: now) {
            try await WebhookStore(db: db, recorder: recorder, context: context).disableFailing(endpoint.id, since: failingSince ?? now)
        }
        Metrics.webhookDelivered(result)
        logger.debug("webhook \(WebhookMessageID.header(message.id)) to endpoint \(endpoint.id): \(result.rawValue)")
        return result
    }

    // MARK: The body

    /// `{"type", "timestamp", "data"}`: the event's action, its time, and what an integrator needs — the initiative
    /// (or, for an organization's own log, the organization), the ledger index, the action, the object, the actor (or
    /// null), the change, and the activity sentence.
    func body(of message: Message, endpoint: WebhookReader.EndpointRecord) async throws -> String {
        guard let seq = message.seq,
            let event = try await LedgerEventRow.first(db, where: "log_id = \(bind: message.logID) AND seq = \(bind: seq)")
        else { throw Abort(.internalServerError, reason: "the event of webhook message \(message.id) is missing") }
        let dto = event.dto()
        let item = try await ActivityFeed.items([dto], on: db).first
        let actor: JSONValue = dto.actorId.map { id in
            .object(["id": .id(id), "organizationId": .optional(dto.actorOrganizationId), "name": .optional(item?.actor)])
        } ?? .null
        // An organization's own log has no initiative: its events name the organization instead (they reach only
        // that organization's endpoints).
        let isOrganizationLog = try await OrganizationRow.exists(db, where: "id = \(bind: message.logID)")
        let data: JSONValue = .object([
            "initiativeId": isOrganizationLog ? .null : .id(message.logID),
            "organizationId": isOrganizationLog ? .id(message.logID) : .null,
            "ledgerIndex": .int(seq - 1),
            "action": .string(dto.action),
            "objectType": .string(dto.objectType),
            "objectId": .id(dto.objectId),
            "actor": actor,
            "change": dto.change,
            "sentence": .string(item.map { "\($0.actor) \($0.sentence)" } ?? dto.action),
            "recordedAt": .string(Self.timestamp(dto.recordedAt)),
        ])
        return Self.envelope(type: dto.action, at: dto.recordedAt, data: data)
    }

    static func envelope(type: String, at date: Date, data: JSONValue) -> String {
        JSONValue.object(["type": .string(type), "timestamp": .string(timestamp(date)), "data": data]).canonicalString
    }

    /// ISO 8601 in UTC with milliseconds, as the spec's examples write it.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// Delivers the outbox in the background (issue #16), as `PulseRounds` runs its sweep: at start-up, so a restart
/// picks up what was pending when the server stopped, then whenever the last sweep found nothing, every `interval`.
/// A sweep that found work runs again at once, so a burst drains at the receivers' pace.
struct WebhookDeliverer: LifecycleHandler {
    let interval: TimeInterval?
    let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    func didBootAsync(_ application: Application) async throws {
        guard let interval else { return }
        let delivery = WebhookDelivery(application: application)
        let logger = application.logger
        let newTask = Task {
            while !Task.isCancelled {
                var worked = 0
                do {
                    worked = try await delivery.sweep()
                } catch {
                    if !Task.isCancelled { logger.warning("webhook deliveries: \(String(reflecting: error))") }
                }
                if worked == 0 { try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000)) }
            }
        }
        task.withLockedValue { $0 = newTask }
    }

    func shutdownAsync(_ application: Application) async {
        let running = task.withLockedValue { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        running?.cancel()
        await running?.value
        await application.webhooks.http.shutdown()
    }
}

import FluentPostgresDriver
import Foundation
import NIOConcurrencyHelpers
import PostgresNIO
import SQLKit
import Vapor

/// Live updates (issue #17): tells the pages people watch together that an initiative's log grew, on whichever node
/// the change was recorded.
///
/// - On PostgreSQL, `LedgerAppender` calls `notify` inside the change's transaction (`pg_notify`), which PostgreSQL
///   delivers on commit — never for a rolled-back change — to every node's `LiveListener`, which publishes here.
/// - On SQLite (one node), the write gate publishes here after each commit.
///
/// Subscribers are the open `GET /initiatives/{id}/live` streams of this node; each is told the log's new size.
final class LiveEvents: Sendable {
    static let channel = "coventure_live"

    /// What a stream receives: a log's new size, or a tick (the stream's keep-alive, and its end).
    enum Signal: Sendable, Equatable {
        case grew(size: Int)
        case tick
    }

    private struct Subscriber {
        var continuation: AsyncStream<Signal>.Continuation
    }

    private let subscribers = NIOLockedValueBox<[UUID: [UUID: Subscriber]]>([:])
    /// Set once the node is stopping: a stream opened after that ends at once (the browser retries another node).
    private let stopping = NIOLockedValueBox(false)

    /// A stream of the log's changes until `cancel`, or until the server shuts down.
    func subscribe(_ log: UUID) -> (stream: AsyncStream<Signal>, continuation: AsyncStream<Signal>.Continuation, cancel: @Sendable () -> Void) {
        let id = UUID()
        // Only the newest size matters to a page: a slow reader gets the latest, not a backlog.
        let (stream, continuation) = AsyncStream<Signal>.makeStream(bufferingPolicy: .bufferingNewest(4))
        let open = subscribers.withLockedValue { all -> Bool in
            guard !stopping.withLockedValue({ $0 }) else { return false }
            all[log, default: [:]][id] = Subscriber(continuation: continuation)
            return true
        }
        if !open { continuation.finish() }
        let cancel: @Sendable () -> Void = { [weak self] in
            self?.subscribers.withLockedValue { all in
                all[log]?[id] = nil
                if all[log]?.isEmpty == true { all[log] = nil }
            }
            continuation.finish()
        }
        return (stream, continuation, cancel)
    }

    /// How many streams are open for the log (tests wait for a subscriber before they change anything).
    func subscriberCount(_ log: UUID) -> Int { subscribers.withLockedValue { $0[log]?.count ?? 0 } }

    func published(_ grown: [LogGrowth]) {
        guard !grown.isEmpty else { return }
        let targets = subscribers.withLockedValue { all in grown.map { growth in (growth.size, all[growth.log].map { Array($0.values) } ?? []) } }
        for (size, subscribers) in targets { for subscriber in subscribers { subscriber.continuation.yield(.grew(size: size)) } }
    }

    /// Ends every stream, and every one opened later: the server is stopping (the browsers reconnect to another node).
    func finishAll() {
        let all = subscribers.withLockedValue { all -> [Subscriber] in
            stopping.withLockedValue { $0 = true }
            defer { all = [:] }
            return all.values.flatMap(\.values)
        }
        for subscriber in all { subscriber.continuation.finish() }
    }

    /// On PostgreSQL, inside the change's transaction: one `pg_notify` per grown log ("<log id> <size>"), delivered to
    /// every listening node when the transaction commits. Nothing on SQLite (the write gate publishes after commit).
    static func notify(_ grown: [LogGrowth], on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        guard !grown.isEmpty, sql.dialect.name == "postgresql" else { return }
        for growth in grown {
            try await sql.raw("SELECT pg_notify(\(bind: channel), \(bind: payload(growth)))").run()
        }
    }

    static func payload(_ growth: LogGrowth) -> String { "\(growth.log.uuidString.lowercased()) \(growth.size)" }

    static func growth(fromPayload text: String) -> LogGrowth? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let log = UUID(uuidString: String(parts[0])), let size = Int(parts[1]), size >= 0 else { return nil }
        return LogGrowth(log: log, size: size)
    }
}

extension Application {
    private struct LiveEventsKey: StorageKey { typealias Value = LiveEvents }

    var live: LiveEvents {
        get {
            guard let live = storage[LiveEventsKey.self] else { fatalError("configure(_:) sets the live events") }
            return live
        }
        set { storage[LiveEventsKey.self] = newValue }
    }
}

/// On PostgreSQL, one connection per node, outside the pool, that LISTENs on `LiveEvents.channel` and publishes what
/// every node's changes notify (and passes on what other nodes announce about webhook endpoints: `WebhookSubscriptions`);
/// it reconnects after a failure. At shutdown it stops, and every live stream ends.
struct LiveListener: LifecycleHandler {
    let postgresURL: String?
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    /// Closed at shutdown, which ends the notification sequence the task is reading.
    private let connection = NIOLockedValueBox<PostgresConnection?>(nil)

    init(postgresURL: String?) { self.postgresURL = postgresURL }

    func didBootAsync(_ application: Application) async throws {
        guard let postgresURL else { return }
        let live = application.live
        let logger = application.logger
        let configuration = try SQLPostgresConfiguration(url: postgresURL).coreConfiguration
        let current = self.connection
        let newTask = Task {
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
                    current.withLockedValue { $0 = connection }
                    do {
                        try await connection.listen(on: LiveEvents.channel) { notifications in
                            for try await notification in notifications {
                                if let growth = LiveEvents.growth(fromPayload: notification.payload) {
                                    live.published([growth])
                                } else {
                                    // Another node changed webhook endpoints: this node's cached subscriptions go.
                                    _ = WebhookSubscriptions.shared.heard(notification.payload)
                                }
                            }
                        }
                    } catch {
                        if !Task.isCancelled { logger.warning("live updates: listening stopped: \(String(reflecting: error))") }
                    }
                    current.withLockedValue { $0 = nil }
                    try? await connection.close()
                } catch {
                    if !Task.isCancelled { logger.warning("live updates: cannot listen: \(String(reflecting: error))") }
                }
                try? await Task.sleep(nanoseconds: 1_000_000_000)
            }
        }
        task.withLockedValue { $0 = newTask }
    }

    func shutdownAsync(_ application: Application) async {
        application.live.finishAll()
        let running = task.withLockedValue { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        running?.cancel()
        try? await connection.withLockedValue { $0 }?.close()
        await running?.value
    }
}

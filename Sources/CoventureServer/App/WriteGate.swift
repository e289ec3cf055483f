import Dispatch
import Fluent
import SQLKit

/// Serializes writes on SQLite, and commits concurrent changes together.
///
/// SQLite allows one writer at a time. Fluent opens deferred transactions (`BEGIN`), which take the write
/// lock only at their first write; when two connections race, the loser gets `SQLITE_BUSY` at once, with no
/// busy-timeout retry (a deferred reader cannot be upgraded past a newer snapshot). Queuing writers in-process
/// removes that race entirely; readers are never queued (WAL lets them run beside the writer).
///
/// Queuing alone makes every change pay for its own commit, and a durable commit (`synchronous = FULL`) is an fsync.
/// So changes that queue up meanwhile are committed together: one transaction, each change inside its own
/// savepoint. A change that fails rolls back to its savepoint and gets its error; the others commit. The events of
/// the changes that succeeded are then appended to the ledger together, still inside that transaction, so a batch
/// pays for one ledger append (four statements per log) rather than one per change: issue #6 measured every
/// statement as a thread hop of 0.1 ms or more, and the ledger's were half of a check-in's. Every caller is answered
/// only after the commit that holds its change and its events, so an acknowledged change is durable and recorded
/// (group commit).
///
/// On PostgreSQL the gate is open: row locks order concurrent writers there, and each change is its own transaction.
public actor WriteGate {
    private let serializes: Bool
    /// Told, after each commit on SQLite, which logs grew (on PostgreSQL the database notifies every node instead).
    nonisolated let live: LiveEvents?
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var queued: [Job] = []
    private var draining = false
    /// At most this many changes share one commit: bounds the work a failure of the commit itself can undo.
    static let maxBatch = 64

    /// What a change returns to the gate: its result, and the events to append for it.
    typealias Outcome = (value: any Sendable, events: [PendingEvent])

    private struct Job: Sendable {
        let db: any Database
        let body: @Sendable (any Database) async throws -> Outcome
        let continuation: CheckedContinuation<any Sendable, any Error>
        /// When it queued (`DispatchTime` nanoseconds): the metrics' gate wait runs from here to its batch's start.
        let queuedAt = DispatchTime.now().uptimeNanoseconds
    }

    public init(serializes: Bool) { self.init(serializes: serializes, live: nil) }

    init(serializes: Bool, live: LiveEvents?) {
        self.serializes = serializes
        self.live = live
    }

    /// True inside `run` and inside a change's body in `record`: the current task is a writer. Code that writes on a
    /// database it is handed (`Notifications`) checks it, so a write made around the gate fails at once, in tests,
    /// instead of racing the gate's transaction for SQLite's write lock in production.
    @TaskLocal static var isWriter = false

    /// How many writers are waiting for the gate (tests use it to hold a change at the gate on purpose).
    var waitingWriters: Int { waiters.count }

    public func acquire() async {
        guard serializes else { return }
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    public func release() {
        guard serializes else { return }
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    /// Runs `body` as the only writer (bookkeeping, bulk loads).
    public nonisolated func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        let queuedAt = DispatchTime.now().uptimeNanoseconds
        await acquire()
        if serializes { Metrics.shared.gateWaited(seconds: MetricsMiddleware.since(queuedAt)) }
        do {
            let result = try await Self.$isWriter.withValue(true) { try await body() }
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    /// Runs `change` in a transaction and appends the events it returns in that same transaction: on SQLite, in the
    /// next group commit; on PostgreSQL, in a transaction of its own.
    func record<T: Sendable>(
        on db: any Database, _ change: @escaping @Sendable (any Database) async throws -> (T, [PendingEvent])
    ) async throws -> T {
        guard serializes else {
            return try await db.transaction { tx in
                let (value, events) = try await Self.$isWriter.withValue(true) { try await change(tx) }
                try await LedgerAppender.append(events, on: tx)
                return value
            }
        }
        let value = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            let job = Job(db: db, body: { tx in
                let (value, events) = try await Self.$isWriter.withValue(true) { try await change(tx) }
                return (value, events)
            }, continuation: continuation)
            Task { await self.enqueue(job) }
        }
        return value as! T
    }

    private func enqueue(_ job: Job) {
        queued.append(job)
        guard !draining else { return }
        draining = true
        Task { await drain() }
    }

    private func nextBatch() -> [Job] {
        let jobs = Array(queued.prefix(Self.maxBatch))
        queued.removeFirst(jobs.count)
        if jobs.isEmpty { draining = false }
        return jobs
    }

    private func drain() async {
        while true {
            let jobs = nextBatch()
            guard let first = jobs.first else { return }
            await acquire()
            for job in jobs { Metrics.shared.gateWaited(seconds: MetricsMiddleware.since(job.queuedAt)) }
            Metrics.shared.gateCommitted(batch: jobs.count)
            do {
                let (results, grown) = try await first.db.transaction { tx -> ([Result<any Sendable, any Error>], [LogGrowth]) in
                    var results: [Result<any Sendable, any Error>] = []
                    var events: [PendingEvent] = []
                    if jobs.count == 1 {
                        let outcome = try await jobs[0].body(tx)
                        results.append(.success(outcome.value))
                        events = outcome.events
                    } else {
                        let sql = tx as! any SQLDatabase
                        for (index, job) in jobs.enumerated() {
                            // Savepoints are not released one by one: the commit releases them all, and a rollback
                            // to one undoes only its own change, since later ones have not run yet.
                            try await sql.raw("SAVEPOINT change_\(unsafeRaw: String(index))").run()
                            do {
                                let outcome = try await job.body(tx)
                                results.append(.success(outcome.value))
                                events += outcome.events
                            } catch {
                                try await sql.raw("ROLLBACK TO SAVEPOINT change_\(unsafeRaw: String(index))").run()
                                results.append(.failure(error))
                            }
                        }
                    }
                    // If appending fails, the whole batch rolls back and every change in it gets the error.
                    return (results, try await LedgerAppender.append(events, on: tx))
                }
                live?.published(grown)
                for (job, result) in zip(jobs, results) { job.continuation.resume(with: result) }
            } catch {
                // The commit itself failed (or a lone change did): nothing of this batch was written.
                for job in jobs { job.continuation.resume(throwing: error) }
            }
            release()
        }
    }
}

import CoventureCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// A signed checkpoint as stored.
package struct StoredCheckpoint: Sendable, Equatable {
    var size: UInt64
    var rootHash: MerkleHash
    var note: String
    var signedAt: Date
}

/// Signs checkpoints for each initiative's log, and refuses to sign — or to accept writes to a log — whenever the
/// stored leaves, the stored tree and the last signed checkpoint do not tell one story.
package final class LedgerService: Sendable {
    let signer: NoteSigner
    let name: String
    let interval: TimeInterval
    /// Upper tree nodes for proofs (the self-check never uses it: it compares against the database itself).
    let nodeCache = LedgerNodeCache()
    private let state = NIOLockedValueBox(State())

    private struct State {
        /// Per log: the right edge of the tree re-derived from stored leaves, as far as they have been checked.
        var verified: [UUID: CompactRange] = [:]
        /// Logs whose self-check failed, with the reason. Writes to them are refused until an operator steps in.
        var failures: [UUID: String] = [:]
        var lastSigned: [UUID: Date] = [:]
    }

    /// The app's write gate: storing a checkpoint is a write, and on SQLite it must queue with every other writer
    /// (unqueued, it raced the recorder's transactions into `SQLITE_BUSY` under load).
    let gate: WriteGate?

    init(signer: NoteSigner, interval: TimeInterval, gate: WriteGate? = nil) {
        self.signer = signer
        self.name = signer.name
        self.interval = interval
        self.gate = gate
    }

    var verifierKey: String { signer.verifierKey }

    /// `<deployment name>/initiatives/<id>`: names the deployment and the initiative, as C2SP origins do.
    func origin(of log: UUID) -> String { "\(name)/initiatives/\(log.uuidString.lowercased())" }

    var failures: [UUID: String] { state.withLockedValue { $0.failures } }

    func failure(of log: UUID) -> String? { state.withLockedValue { $0.failures[log] } }

    private func fail(_ log: UUID, _ reason: String, logger: Logger) {
        state.withLockedValue { $0.failures[log] = reason }
        logger.critical("LEDGER INTEGRITY FAILURE in log \(log.uuidString.lowercased()): \(reason). Writes to it are refused and no checkpoint will be signed.")
    }

    // MARK: Checkpoints

    func latestCheckpoint(log: UUID, on db: any Database) async throws -> StoredCheckpoint? {
        try Self.checkpoint(try await (db as! any SQLDatabase).raw("""
            SELECT size, root_hash, note, signed_at FROM ledger_checkpoints WHERE log_id = \(bind: log) ORDER BY size DESC LIMIT 1
            """).first())
    }

    /// The checkpoint stored for this size: the first one signed for it, whichever node signed it.
    func checkpoint(log: UUID, size: UInt64, on db: any Database) async throws -> StoredCheckpoint? {
        try Self.checkpoint(try await (db as! any SQLDatabase).raw("""
            SELECT size, root_hash, note, signed_at FROM ledger_checkpoints WHERE log_id = \(bind: log) AND size = \(bind: Int64(size))
            """).first())
    }

    private static func checkpoint(_ row: (any SQLRow)?) throws -> StoredCheckpoint? {
        guard let row else { return nil }
        guard let root = MerkleHash(bytes: try row.decode(column: "root_hash", as: Data.self)) else { return nil }
        return StoredCheckpoint(
            size: UInt64(try row.decode(column: "size", as: Int64.self)), rootHash: root,
            note: try row.decode(column: "note", as: String.self), signedAt: try row.decode(column: "signed_at", as: Date.self))
    }

    /// Re-derives the log's root from its stored leaves — from where the last check stopped, or from the first leaf
    /// after a start — and compares it with the stored tree and with the last signed checkpoint.
    @discardableResult
    func selfCheck(log: UUID, on db: any Database, logger: Logger) async throws -> CompactRange {
        if let reason = failure(of: log) { throw LedgerIntegrityError(log: log, reason: reason) }
        let tree = LedgerTree(db: db)
        let size = try await tree.size(log: log)
        let last = try await latestCheckpoint(log: log, on: db)
        var range = state.withLockedValue { $0.verified[log] } ?? CompactRange()
        func check(_ condition: Bool, _ reason: String) throws {
            guard condition else {
                fail(log, reason, logger: logger)
                throw LedgerIntegrityError(log: log, reason: reason)
            }
        }
        try check(range.size <= size, "the log shrank from \(range.size) to \(size) entries")
        if let last { try check(last.size <= size, "the log has \(size) entries but a checkpoint was signed at \(last.size)") }
        if let last, range.size == last.size {
            try check(range.root == last.rootHash, "the stored leaves no longer give the signed root at size \(last.size)")
        }
        while range.size < size {
            let batch = try await tree.leaves(log: log, start: range.size, end: min(size, range.size + 5000))
            try check(!batch.isEmpty, "entries \(range.size)… are missing")
            for leaf in batch {
                try check(leaf.index == range.size, "entry \(range.size) is missing")
                range.append(Merkle.leafHash(leaf.bytes))
                if let last, range.size == last.size {
                    try check(range.root == last.rootHash, "the stored leaves no longer give the signed root at size \(last.size)")
                }
            }
        }
        if size > 0 {
            let stored = try await tree.root(log: log, size: size)
            try check(stored == range.root, "the stored tree's root differs from the root of the stored leaves at size \(size)")
        }
        let verified = range
        state.withLockedValue { $0.verified[log] = verified }
        return range
    }

    /// Signs a checkpoint for the log's current size unless one was signed less than `interval` ago (or `force`),
    /// after a self-check and a consistency check against the last one. Returns the latest checkpoint.
    @discardableResult
    package func signIfDue(log: UUID, on db: any Database, logger: Logger, force: Bool = false, now: Date = Date()) async throws -> StoredCheckpoint? {
        let last = try await latestCheckpoint(log: log, on: db)
        let size = try await LedgerTree(db: db).size(log: log)
        if let last, last.size == size { return last }
        if !force, let signed = state.withLockedValue({ $0.lastSigned[log] }), now.timeIntervalSince(signed) < interval, last != nil {
            return last
        }
        let range = try await selfCheck(log: log, on: db, logger: logger)
        guard range.size > (last?.size ?? 0) || last == nil else { return last }
        if let last {
            let proof = try await LedgerTree(db: db).consistencyProof(log: log, from: last.size, to: range.size)
            guard Merkle.verifyConsistency(from: last.size, to: range.size, oldRoot: last.rootHash, newRoot: range.root, proof: proof) else {
                let reason = "the tree at size \(range.size) is not consistent with the checkpoint at size \(last.size)"
                fail(log, reason, logger: logger)
                throw LedgerIntegrityError(log: log, reason: reason)
            }
        }
        let checkpoint = try Checkpoint(origin: origin(of: log), size: range.size, rootHash: range.root.bytes)
        let note = try signer.sign(checkpoint.text).serialized
        let sql = db as! any SQLDatabase
        // Another node (or request) may have signed this very size meanwhile: the first one stored is the checkpoint,
        // and it is the one answered, so a size is never published with two different notes.
        let insert: @Sendable () async throws -> Void = {
            try await sql.raw("""
                INSERT INTO ledger_checkpoints (id, log_id, size, root_hash, note, signed_at)
                VALUES (\(bind: UUID()), \(bind: log), \(bind: Int64(range.size)), \(bind: Data(range.root.bytes)), \(bind: note), \(bind: now))
                ON CONFLICT (log_id, size) DO NOTHING
                """).run()
        }
        if let gate { try await gate.run(insert) } else { try await insert() }
        state.withLockedValue { $0.lastSigned[log] = now }
        return try await self.checkpoint(log: log, size: range.size, on: db)
    }

    /// Every initiative log: the ones checkpoints are signed for.
    func initiativeLogs(on db: any Database) async throws -> [UUID] {
        try await InitiativeRow.all(db).map(\.id)
    }

    /// At start: a full self-check of every initiative's log; then a checkpoint for each that grew.
    func checkAll(on db: any Database, logger: Logger) async {
        guard let logs = try? await initiativeLogs(on: db) else { return }
        for log in logs {
            do {
                try await signIfDue(log: log, on: db, logger: logger, force: true)
            } catch {
                logger.error("ledger check of \(log.uuidString.lowercased()) failed: \(String(describing: error))")
            }
        }
    }
}

struct LedgerIntegrityError: Error, CustomStringConvertible {
    var log: UUID
    var reason: String
    var description: String { "ledger integrity failure in \(log.uuidString.lowercased()): \(reason)" }
}

/// Runs the start-up self-check, then signs due checkpoints every `interval` in the background.
struct LedgerLifecycle: LifecycleHandler {
    let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    func didBootAsync(_ application: Application) async throws {
        let ledger = application.ledger
        let db = application.db
        let logger = application.logger
        let interval = ledger.interval
        let leases = JobLeases(application: application)
        let newTask = Task {
            // Every node checks every log it serves at start (a failing log suspends its writes on that node).
            await ledger.checkAll(on: db, logger: logger)
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                if Task.isCancelled { break }
                // One node at a time signs the due checkpoints (issue #17).
                _ = try? await leases.run("ledger checkpoints") {
                    guard let logs = try? await ledger.initiativeLogs(on: db) else { return }
                    for log in logs where ledger.failure(of: log) == nil {
                        _ = try? await ledger.signIfDue(log: log, on: db, logger: logger)
                    }
                }
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
    }
}

package struct LedgerServiceKey: StorageKey { package typealias Value = LedgerService }

extension Application {
    package var ledger: LedgerService {
        get { storage[LedgerServiceKey.self]! }
        set { storage[LedgerServiceKey.self] = newValue }
    }
}

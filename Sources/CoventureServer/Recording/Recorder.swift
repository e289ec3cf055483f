import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// One event to append: which log, what happened to which object, and the changed values.
struct EventDraft: Sendable {
    var log: UUID
    var action: String
    var objectType: String
    var objectID: UUID
    var change: [String: JSONValue]
}

/// What a change's `apply` step returns: its result and the events that describe it.
struct Recorded<Value: Sendable>: Sendable {
    var value: Value
    var events: [EventDraft]
    /// Set when the actor only comes into being inside the change (someone accepting an invitation by creating
    /// their account): the events then name that new person, not the operator.
    var actor: Actor?

    init(_ value: Value, _ events: [EventDraft], actor: Actor? = nil) {
        self.value = value
        self.events = events
        self.actor = actor
    }

    init(_ value: Value, _ event: EventDraft) {
        self.init(value, [event])
    }
}

/// The single path through which every change is made (DESIGN §2):
/// check policy → validate → apply in a transaction → append its ledger events in that same transaction.
///
/// Because the event rows commit or roll back with the change, the log can never miss a change or show one
/// that did not happen. No controller or store writes to the database around it.
struct Recorder: Sendable {
    let db: any Database
    let gate: WriteGate
    let now: @Sendable () -> Date
    /// Knows which logs failed their self-check: no change may be appended to those.
    let ledger: LedgerService?

    func record<Input: Sendable, Value: Sendable>(
        _ permission: Permission,
        by actor: Actor,
        validate: () throws -> Input,
        apply: @escaping @Sendable (any Database, Input) async throws -> Recorded<Value>
    ) async throws -> Value {
        try await Policy.authorize(permission, actor: actor, on: db)
        let input: Input
        do {
            input = try validate()
        } catch let error as ValidationError {
            throw AppError.from(error)
        }
        let now = self.now()
        return try await gate.run {
            try await db.transaction { tx in
                let recorded = try await apply(tx, input)
                for draft in recorded.events {
                    if let reason = ledger?.failure(of: draft.log) {
                        throw AppError.unavailable("writes to this initiative are suspended: its ledger failed a self-check (\(reason))")
                    }
                    try await Self.append(draft, actor: recorded.actor ?? actor, at: now, on: tx)
                }
                return recorded.value
            }
        }
    }

    /// Writes that are not domain changes (session bookkeeping) still queue behind the gate, without an event.
    func bookkeeping<Value: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> Value) async throws -> Value {
        try await gate.run { try await body(db) }
    }

    static func append(_ draft: EventDraft, actor: Actor, at date: Date, on db: any Database) async throws {
        if let secret = SecretFields.firstSecret(in: draft.change) {
            // A programming error, not bad input: refuse loudly rather than leak a secret into a permanent log.
            throw Abort(.internalServerError, reason: "refusing to record secret field '\(secret)' in an event")
        }
        let sql = db as! any SQLDatabase
        let head = try await sql.raw("""
            INSERT INTO ledger_heads (log_id, size) VALUES (\(bind: draft.log), 1)
            ON CONFLICT (log_id) DO UPDATE SET size = ledger_heads.size + 1
            RETURNING size
            """).first()
        guard let sequence = try head?.decode(column: "size", as: Int.self) else {
            throw Abort(.internalServerError, reason: "ledger head did not answer")
        }
        let body = LedgerEventBody(
            logID: draft.log, sequence: sequence, actorID: actor.personID, actorOrganizationID: actor.organizationID,
            action: draft.action, objectType: draft.objectType, objectID: draft.objectID, change: draft.change,
            recordedAt: date)
        let bytes = body.canonicalBytes
        let canonical = String(decoding: bytes, as: UTF8.self)
        // A plain INSERT rather than a Fluent model save: this runs once per change, and on the hot path of every write.
        try await sql.raw("""
            INSERT INTO ledger_events (id, log_id, seq, actor_id, actor_organization_id, action, object_type, object_id, canonical, sha256, recorded_at)
            VALUES (\(bind: UUID()), \(bind: draft.log), \(bind: sequence), \(bind: actor.personID), \(bind: actor.organizationID),
                    \(bind: draft.action), \(bind: draft.objectType), \(bind: draft.objectID), \(bind: canonical),
                    \(bind: EventDigest.sha256Hex(bytes)), \(bind: date))
            """).run()
        // The event's leaf joins its log's Merkle tree in the same transaction: log and tree cannot disagree.
        try await LedgerTree(db: db).append(log: draft.log, index: UInt64(sequence - 1), leafHash: Merkle.leafHash(bytes))
    }
}

extension Application {
    func recorder(on db: any Database) -> Recorder {
        Recorder(db: db, gate: writeGate, now: { Date() }, ledger: storage[LedgerServiceKey.self])
    }

    private struct GateKey: StorageKey { typealias Value = WriteGate }

    /// The process-wide write gate (serializing on SQLite, open on PostgreSQL).
    var writeGate: WriteGate {
        get {
            guard let gate = storage[GateKey.self] else { fatalError("configure(_:) sets the write gate") }
            return gate
        }
        set { storage[GateKey.self] = newValue }
    }

    var recorder: Recorder { Recorder(db: db, gate: writeGate, now: { Date() }, ledger: storage[LedgerServiceKey.self]) }
}

extension Request {
    var recorder: Recorder { application.recorder(on: db) }
}

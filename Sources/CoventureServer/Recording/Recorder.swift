import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// One event to append: which log, what happened to which object, and the changed values.
package struct EventDraft: Sendable {
    package var log: UUID
    /// What happened; it also names the type of object the event is about.
    package var action: LedgerAction
    package var objectID: UUID
    package var change: [String: JSONValue]
    /// Set for an anonymous event (a pulse answer, issue #15): the event is recorded for this party (an organization)
    /// with no actor, and dated to the start of its UTC day, so nothing in the log ties it to a person or an instant.
    /// The recorder still authorizes the real person inside the transaction; only the event forgets them.
    var partyOnly: UUID? = nil

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(log: UUID, action: LedgerAction, objectID: UUID, change: [String: JSONValue], partyOnly: UUID? = nil) {
        self.log = log
        self.action = action
        self.objectID = objectID
        self.change = change
        self.partyOnly = partyOnly
    }
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
/// in one transaction: check policy → validate → apply → append its ledger events.
///
/// Because the event rows commit or roll back with the change, the log can never miss a change or show one
/// that did not happen. No controller or store writes to the database around it.
package struct Recorder: Sendable {
    let db: any Database
    let gate: WriteGate
    let now: @Sendable () -> Date
    /// Knows which logs failed their self-check: no change may be appended to those.
    let ledger: LedgerService?

    func record<Input: Sendable, Value: Sendable>(
        _ permission: Permission,
        by actor: Actor,
        validate: @escaping @Sendable () throws -> Input,
        apply: @escaping @Sendable (any Database, Input) async throws -> Recorded<Value>
    ) async throws -> Value {
        try await record([permission], by: actor, validate: validate, apply: apply)
    }

    /// One change that needs several permissions, all checked inside its transaction before anything is validated:
    /// a batch of check-ins on several key results ("My updates", issue #16) commits whole or not at all.
    func record<Input: Sendable, Value: Sendable>(
        _ permissions: [Permission],
        by actor: Actor,
        validate: @escaping @Sendable () throws -> Input,
        apply: @escaping @Sendable (any Database, Input) async throws -> Recorded<Value>
    ) async throws -> Value {
        // A change that names no permission would be authorized by nothing: refuse it rather than let it through.
        guard !permissions.isEmpty else { throw AppError.forbidden("a change must name the permission it needs") }
        let now = self.now()
        let ledger = self.ledger
        // A request that holds an `Idempotency-Key` (issue #17): its change commits only with the claim marked
        // recorded in the same transaction, so a key never records twice.
        let claim = IdempotencyClaim.current
        // A `PATCH`/`PUT` with `If-Match` (issue #17): compared on the transaction, so the version compared is the
        // version changed.
        let precondition = Precondition.current
        // The change and its events share one transaction (with other changes queued meanwhile, on SQLite).
        do {
            return try await gate.record(on: db) { tx in
                // Authorized inside the transaction, before anything is validated: on SQLite a change may wait behind
                // the write gate, and a membership removed meanwhile must not let it through (issue #11, finding 10).
                // Checking here rather than before the gate as well costs one membership lookup per change, not two
                // (check-ins measured 7 % slower with both). A caller without the right still learns nothing from a
                // bad request: the refusal comes first.
                for permission in permissions { try await Policy.authorize(permission, actor: actor, on: tx) }
                // After authorization (a caller without the right learns nothing of the version), before validation
                // (a stale edit is refused as stale, whatever else is wrong with it).
                if let precondition { try await precondition.evaluate(on: tx) }
                let input: Input
                do {
                    input = try validate()
                } catch let error as ValidationError {
                    throw AppError.from(error)
                } catch let errors as ValidationErrors {
                    throw AppError.from(errors)
                }
                let recorded = try await apply(tx, input)
                for draft in recorded.events {
                    if let reason = ledger?.failure(of: draft.log) {
                        throw AppError.unavailable("writes to this initiative are suspended: its ledger failed a self-check (\(reason))")
                    }
                }
                if let claim { try await IdempotencyStore.markRecorded(claim, on: tx, at: now) }
                let actor = recorded.actor ?? actor
                return (recorded.value, recorded.events.map { PendingEvent(draft: $0, actor: actor, at: now) })
            }
        } catch {
            // A unique constraint the database refused is the loser of a race: 409, never 500 (issue #11).
            throw UniqueViolation.conflict(from: error) ?? error
        }
    }

    /// Writes that are not domain changes (session bookkeeping) still queue behind the gate, without an event.
    func bookkeeping<Value: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> Value) async throws -> Value {
        do {
            return try await gate.run { try await body(db) }
        } catch {
            throw UniqueViolation.conflict(from: error) ?? error
        }
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, gate: WriteGate, now: @escaping @Sendable () -> Date, ledger: LedgerService?) {
        self.db = db
        self.gate = gate
        self.now = now
        self.ledger = ledger
    }
}

extension Application {
    func recorder(on db: any Database) -> Recorder {
        Recorder(db: db, gate: writeGate, now: { Date() }, ledger: storage[LedgerServiceKey.self])
    }

    private struct GateKey: StorageKey { typealias Value = WriteGate }

    /// The process-wide write gate (serializing on SQLite, open on PostgreSQL).
    package var writeGate: WriteGate {
        get {
            guard let gate = storage[GateKey.self] else { fatalError("configure(_:) sets the write gate") }
            return gate
        }
        set { storage[GateKey.self] = newValue }
    }

    package var recorder: Recorder { Recorder(db: db, gate: writeGate, now: { Date() }, ledger: storage[LedgerServiceKey.self]) }
}

extension Request {
    var recorder: Recorder { application.recorder(on: db) }
}

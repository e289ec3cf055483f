import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// One event ready to be appended: what happened, who did it, and when.
struct PendingEvent: Sendable {
    var draft: EventDraft
    var actor: Actor
    var at: Date
}

/// Writes changes' events into their logs, inside the changes' transaction: for each log, one head update that
/// reserves the sequence numbers, one read of the tree's right edge, and multi-row inserts of the events and of the
/// tree nodes they complete. The cost is then the same few statements whether it records one event, a CSV import's
/// thousands, or the events of every change in a group commit.
package enum LedgerAppender {
    @discardableResult
    package static func append(_ drafts: [EventDraft], actor: Actor, at date: Date, on db: any Database) async throws -> [LogGrowth] {
        try await append(drafts.map { PendingEvent(draft: $0, actor: actor, at: date) }, on: db)
    }

    /// Appends in the given order; each log's events keep their relative order. Returns each log's new size, for the
    /// live updates the caller publishes once the transaction has committed (on PostgreSQL they are also notified
    /// here, in the transaction, which PostgreSQL delivers on commit to every node: `LiveEvents`).
    @discardableResult
    static func append(_ events: [PendingEvent], on db: any Database) async throws -> [LogGrowth] {
        var order: [UUID] = []
        var byLog: [UUID: [PendingEvent]] = [:]
        for event in events {
            if let secret = SecretFields.firstSecret(in: event.draft.change) {
                // A programming error, not bad input: refuse loudly rather than leak a secret into a permanent log.
                throw Abort(.internalServerError, reason: "refusing to record secret field '\(secret)' in an event")
            }
            if byLog[event.draft.log] == nil { order.append(event.draft.log) }
            byLog[event.draft.log, default: []].append(event)
        }
        var grown: [LogGrowth] = []
        for log in order { grown.append(LogGrowth(log: log, size: try await append(byLog[log]!, log: log, on: db))) }
        try await LiveEvents.notify(grown, on: db)
        return grown
    }

    private static func append(_ drafts: [PendingEvent], log: UUID, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        // The upsert row-locks the head on PostgreSQL, so concurrent changes to one log number their events in turn.
        let head = try await sql.raw("""
            INSERT INTO ledger_heads (log_id, size) VALUES (\(bind: log), \(bind: drafts.count))
            ON CONFLICT (log_id) DO UPDATE SET size = ledger_heads.size + \(bind: drafts.count)
            RETURNING size
            """).first()
        guard let last = try head?.decode(column: "size", as: Int.self) else {
            throw Abort(.internalServerError, reason: "ledger head did not answer")
        }
        let start = UInt64(last - drafts.count)

        // The right edge of the tree before this change: the latest complete subtree at each level where the size
        // has a 1-bit. Every left sibling the new leaves need is either there or made by the new leaves themselves.
        let tree = LedgerTree(db: db)
        var edgeKeys: [LedgerTree.NodeKey] = []
        for level in 0..<64 where (start >> UInt64(level)) & 1 == 1 {
            edgeKeys.append(.init(level: level, index: (start >> UInt64(level)) - 1))
        }
        var peaks: [Int: (index: UInt64, hash: MerkleHash)] = [:]
        for (key, hash) in try await tree.nodes(log: log, edgeKeys) { peaks[key.level] = (key.index, hash) }

        var events: [LedgerEventRow] = []
        var nodes: [SQLQueryString] = []
        events.reserveCapacity(drafts.count)
        for (offset, pending) in drafts.enumerated() {
            let draft = pending.draft
            // A party-only event (a pulse answer) names no actor and no finer time than its UTC day.
            let actor = draft.partyOnly.map { Actor(personID: nil, organizationID: $0) } ?? pending.actor
            let date = draft.partyOnly == nil ? pending.at : PulseSchedule.dayStart(pending.at)
            let index = start + UInt64(offset)
            let body = LedgerEventBody(
                logID: log, sequence: Int(index) + 1, actorID: actor.personID, actorOrganizationID: actor.organizationID,
                action: draft.action.rawValue, objectType: draft.action.objectType, objectID: draft.objectID, change: draft.change, recordedAt: date)
            let bytes = body.canonicalBytes
            events.append(LedgerEventRow(
                id: UUID(), logID: log, sequence: body.sequence, actorID: actor.personID, actorOrganizationID: actor.organizationID,
                action: draft.action.rawValue, objectType: draft.action.objectType, objectID: draft.objectID,
                canonical: String(decoding: bytes, as: UTF8.self), sha256: EventDigest.sha256Hex(bytes), recordedAt: date))
            let completed = try Merkle.nodesCompleted(byAppending: Merkle.leafHash(bytes), at: index) { level, index in
                guard let peak = peaks[level], peak.index == index else { throw MerkleError.missingNode(level: level, index: index) }
                return peak.hash
            }
            for node in completed {
                peaks[node.level] = (node.index, node.hash)
                nodes.append("(\(bind: log), \(bind: node.level), \(bind: Int64(node.index)), \(bind: Data(node.hash.bytes)))")
            }
        }
        // Split so no statement binds more than both databases allow (11 values per event, 4 per node).
        try await LedgerEventRow.insert(events, db)
        try await SQLLists.insert(sql, into: "ledger_nodes", columns: "log_id, level, idx, hash", rows: nodes)
        // Webhooks (#16): the events' outbox rows, in this same transaction (nothing when the log has no endpoints).
        try await WebhookOutbox.enqueue(
            log: log, events: drafts.enumerated().map { (seq: Int(start) + $0.offset + 1, action: $0.element.draft.action.rawValue) },
            at: drafts.last?.at ?? Date(), on: db)
        return last
    }
}

/// A log's size after a change appended to it.
package struct LogGrowth: Sendable, Equatable {
    package var log: UUID
    package var size: Int
}

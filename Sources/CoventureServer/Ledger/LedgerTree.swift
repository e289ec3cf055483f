import CoventureCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// The Merkle tree of each log, kept as the hashes of its complete subtrees (`ledger_nodes`), written in the same
/// transaction as the event they follow from. A root or proof for any size then costs one query for O(log n)
/// nodes, never a pass over the leaves.
package struct LedgerTree {
    let db: any Database
    /// Upper tree nodes, shared by every proof (see `LedgerNodeCache`); nil where freshness matters more than speed.
    var cache: LedgerNodeCache? = nil
    var sql: any SQLDatabase { db as! any SQLDatabase }

    struct NodeKey: Hashable {
        var level: Int
        var index: UInt64
    }

    /// Adds the leaf at `index` (its sequence number minus one) and every subtree it completes.
    func append(log: UUID, index: UInt64, leafHash: MerkleHash) async throws {
        // Appending leaf i completes one subtree per trailing 1-bit of i, each needing its left sibling.
        var needed: [NodeKey] = []
        var position = index
        var level = 0
        while position & 1 == 1 {
            needed.append(NodeKey(level: level, index: position ^ 1))
            position >>= 1
            level += 1
        }
        let known = try await nodes(log: log, needed)
        let completed = try Merkle.nodesCompleted(byAppending: leafHash, at: index) { level, index in
            guard let hash = known[NodeKey(level: level, index: index)] else {
                throw MerkleError.missingNode(level: level, index: index)
            }
            return hash
        }
        let rows: [SQLQueryString] = completed.map { node in
            "(\(bind: log), \(bind: node.level), \(bind: Int64(node.index)), \(bind: Data(node.hash.bytes)))"
        }
        try await sql.raw("INSERT INTO ledger_nodes (log_id, level, idx, hash) VALUES \(rows.joined(separator: ", "))").run()
    }

    /// The stored hashes of the given complete subtrees (missing ones are simply absent).
    func nodes(log: UUID, _ keys: [NodeKey]) async throws -> [NodeKey: MerkleHash] {
        guard !keys.isEmpty else { return [:] }
        var found: [NodeKey: MerkleHash] = [:]
        var missing = keys
        if let cache {
            missing = []
            for key in Set(keys) {
                if let hash = cache.get(log: log, key) { found[key] = hash } else { missing.append(key) }
            }
            if missing.isEmpty { return found }
        }
        let keys = missing
        // One point lookup per node, glued with UNION ALL: each arm is a primary-key search. (With the same lookups
        // OR-ed together, SQLite's planner scanned every node of the log instead — linear in its size.)
        let lookups: [SQLQueryString] = Set(keys).map { key in
            "SELECT level, idx, hash FROM ledger_nodes WHERE log_id = \(bind: log) AND level = \(bind: key.level) AND idx = \(bind: Int64(key.index))"
        }
        let query: SQLQueryString = "\(lookups.joined(separator: " UNION ALL "))"
        for row in try await sql.raw(query).all() {
            let level = try row.decode(column: "level", as: Int.self)
            let index = try row.decode(column: "idx", as: Int64.self)
            let bytes = try row.decode(column: "hash", as: Data.self)
            if let hash = MerkleHash(bytes: bytes) {
                let key = NodeKey(level: level, index: UInt64(index))
                found[key] = hash
                cache?.put(log: log, key, hash)
            }
        }
        return found
    }

    /// Runs a Core computation that reads nodes through a closure: first to learn which nodes it reads (the set
    /// depends only on the sizes, never on hash values), then again with those nodes fetched in one query.
    func compute<T>(log: UUID, _ body: ((Int, UInt64) throws -> MerkleHash) throws -> T) async throws -> T {
        var wanted: [NodeKey] = []
        _ = try? body { level, index in
            wanted.append(NodeKey(level: level, index: index))
            return Merkle.emptyRoot
        }
        let known = try await nodes(log: log, wanted)
        return try body { level, index in
            guard let hash = known[NodeKey(level: level, index: index)] else {
                throw MerkleError.missingNode(level: level, index: index)
            }
            return hash
        }
    }

    func root(log: UUID, size: UInt64) async throws -> MerkleHash {
        try await compute(log: log) { node in try Merkle.root(size: size, node: node) }
    }

    func inclusionProof(log: UUID, index: UInt64, size: UInt64) async throws -> [MerkleHash] {
        try await compute(log: log) { node in try Merkle.inclusionProof(index: index, size: size, node: node) }
    }

    func consistencyProof(log: UUID, from: UInt64, to: UInt64) async throws -> [MerkleHash] {
        try await compute(log: log) { node in try Merkle.consistencyProof(from: from, to: to, node: node) }
    }

    /// The log's size: its number of events.
    package func size(log: UUID) async throws -> UInt64 {
        let row = try await sql.raw("SELECT size FROM ledger_heads WHERE log_id = \(bind: log)").first()
        return UInt64(try row?.decode(column: "size", as: Int64.self) ?? 0)
    }

    /// The exact leaf bytes (canonical JSON) of entries [start, end), in order.
    func leaves(log: UUID, start: UInt64, end: UInt64) async throws -> [(index: UInt64, bytes: [UInt8])] {
        guard end > start else { return [] }
        let rows = try await sql.raw("""
            SELECT seq, canonical FROM ledger_events WHERE log_id = \(bind: log) AND seq > \(bind: Int64(start)) AND seq <= \(bind: Int64(end))
            ORDER BY seq
            """).all()
        return try rows.map { row in
            (UInt64(try row.decode(column: "seq", as: Int64.self) - 1), Array(try row.decode(column: "canonical", as: String.self).utf8))
        }
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, cache: LedgerNodeCache? = nil) {
        self.db = db
        self.cache = cache
    }
}

/// Complete-subtree nodes never change once written, and the upper ones (level ≥ 8, one per 256 leaves or fewer)
/// appear in most proofs: caching them halves the lookups of a proof at 10⁶ leaves, for about 8,000 hashes per
/// such log. Lower nodes are read from the database every time. Bounded; when full it simply stops adding.
package final class LedgerNodeCache: Sendable {
    static let minimumLevel = 8
    private let entries = NIOLockedValueBox<[Key: MerkleHash]>([:])
    private let capacity: Int

    private struct Key: Hashable {
        var log: UUID
        var node: LedgerTree.NodeKey
    }

    init(capacity: Int = 500_000) { self.capacity = capacity }

    func get(log: UUID, _ node: LedgerTree.NodeKey) -> MerkleHash? {
        guard node.level >= Self.minimumLevel else { return nil }
        return entries.withLockedValue { $0[Key(log: log, node: node)] }
    }

    func put(log: UUID, _ node: LedgerTree.NodeKey, _ hash: MerkleHash) {
        guard node.level >= Self.minimumLevel else { return }
        entries.withLockedValue { entries in
            if entries.count < capacity { entries[Key(log: log, node: node)] = hash }
        }
    }
}

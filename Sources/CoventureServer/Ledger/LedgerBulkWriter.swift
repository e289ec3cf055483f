import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Appends many synthetic events to one log quickly, for benchmarks and large demo data: the same rows the
/// recording path writes (event with its canonical bytes and digest, tree nodes, head), computed in memory and
/// written with multi-row INSERTs, 5,000 events per transaction. Never used for real changes.
struct LedgerBulkWriter {
    let app: Application
    let log: UUID
    let actor: Actor

    func append(count: Int, progress: (Int) -> Void) async throws {
        let tree = LedgerTree(db: app.db)
        var size = try await tree.size(log: log)
        // The right edge: for each level, the latest complete subtree. A new leaf's left siblings are always there.
        var peaks: [Int: (index: UInt64, hash: MerkleHash)] = [:]
        var edge: [LedgerTree.NodeKey] = []
        for level in 0..<64 where (size >> UInt64(level)) & 1 == 1 {
            edge.append(.init(level: level, index: (size >> UInt64(level)) - 1))
        }
        for (key, hash) in try await tree.nodes(log: log, edge) { peaks[key.level] = (key.index, hash) }

        var written = 0
        while written < count {
            let batch = min(5000, count - written)
            var events: [SQLQueryString] = []
            var nodes: [SQLQueryString] = []
            let now = Date()
            for offset in 0..<batch {
                let index = size + UInt64(offset)
                let body = LedgerEventBody(
                    logID: log, sequence: Int(index) + 1, actorID: actor.personID, actorOrganizationID: actor.organizationID,
                    action: "benchmark.entry", objectType: "benchmark", objectID: UUID(),
                    change: ["n": .int(Int(index)), "note": .string("A synthetic entry, as large as a typical change.")], recordedAt: now)
                let bytes = body.canonicalBytes
                events.append("""
                    (\(bind: UUID()), \(bind: log), \(bind: body.sequence), \(bind: actor.personID), \(bind: actor.organizationID), \
                    \(bind: body.action), \(bind: body.objectType), \(bind: body.objectID), \(bind: String(decoding: bytes, as: UTF8.self)), \
                    \(bind: EventDigest.sha256Hex(bytes)), \(bind: now))
                    """)
                let completed = try Merkle.nodesCompleted(byAppending: Merkle.leafHash(bytes), at: index) { level, index in
                    guard let peak = peaks[level], peak.index == index else { throw MerkleError.missingNode(level: level, index: index) }
                    return peak.hash
                }
                for node in completed {
                    peaks[node.level] = (node.index, node.hash)
                    nodes.append("(\(bind: log), \(bind: node.level), \(bind: Int64(node.index)), \(bind: Data(node.hash.bytes)))")
                }
            }
            let newSize = size + UInt64(batch)
            let log = self.log
            let (eventRows, nodeRows) = (events, nodes)
            try await app.writeGate.run {
                try await app.db.transaction { tx in
                    let sql = tx as! any SQLDatabase
                    // Chunks keep each statement under PostgreSQL's 65,535 bind parameters.
                    for chunk in stride(from: 0, to: eventRows.count, by: 500) {
                        let rows = eventRows[chunk..<min(eventRows.count, chunk + 500)]
                        try await sql.raw("""
                            INSERT INTO ledger_events (id, log_id, seq, actor_id, actor_organization_id, action, object_type, object_id, canonical, sha256, recorded_at)
                            VALUES \(Array(rows).joined(separator: ", "))
                            """).run()
                    }
                    for chunk in stride(from: 0, to: nodeRows.count, by: 2000) {
                        let rows = nodeRows[chunk..<min(nodeRows.count, chunk + 2000)]
                        try await sql.raw("INSERT INTO ledger_nodes (log_id, level, idx, hash) VALUES \(Array(rows).joined(separator: ", "))").run()
                    }
                    try await sql.raw("UPDATE ledger_heads SET size = \(bind: Int64(newSize)) WHERE log_id = \(bind: log)").run()
                }
            }
            size = newSize
            written += batch
            progress(written)
        }
    }
}

import Fluent
import Foundation
import SQLKit

/// Each log's size and latest checkpoint, for the metrics (issue #16): two statements whatever the number of logs.
enum LedgerSizes {
    struct Log: Sendable, Equatable {
        var id: UUID
        var size: Int64
        /// When its latest checkpoint was signed (organization logs have none).
        var checkpointAt: Date?
    }

    static func all(on db: any Database) async throws -> [Log] {
        let sql = db as! any SQLDatabase
        let sizes = try await sql.raw("SELECT log_id, size FROM ledger_heads ORDER BY log_id").all()
        let checkpoints = try await sql.raw("SELECT log_id, MAX(signed_at) AS signed_at FROM ledger_checkpoints GROUP BY log_id").all()
        var latest: [UUID: Date] = [:]
        for row in checkpoints {
            latest[try row.decode(column: "log_id", as: UUID.self)] = try row.decode(column: "signed_at", as: Date.self)
        }
        return try sizes.map { row in
            let id = try row.decode(column: "log_id", as: UUID.self)
            return Log(id: id, size: try row.decode(column: "size", as: Int64.self), checkpointAt: latest[id])
        }
    }
}

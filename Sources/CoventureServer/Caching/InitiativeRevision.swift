import Fluent
import Foundation
import SQLKit

/// How far each ledger log that an initiative's reads depend on has grown: the initiative's own log and the logs of
/// its parties' organizations (their people, their own objectives, their check-ins).
///
/// Every change is recorded, with its events, in the same transaction (DESIGN §2), and a log's size only grows, so two
/// equal revisions mean nothing those reads show has changed, whoever wrote it: this server, another one on the same
/// PostgreSQL, or the command line. The sizes are compared as a whole, log by log, so adding or removing a party
/// changes the revision too.
struct InitiativeRevision: Hashable, Sendable {
    var sizes: [UUID: Int]

    /// One indexed SELECT: the initiative's head and its parties' heads.
    static func load(_ initiativeID: UUID, on db: any Database) async throws -> InitiativeRevision {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT log_id, size FROM ledger_heads WHERE log_id = \(bind: initiativeID)
            UNION ALL
            SELECT h.log_id, h.size FROM parties pa JOIN ledger_heads h ON h.log_id = pa.organization_id
            WHERE pa.initiative_id = \(bind: initiativeID)
            """).all()
        var sizes: [UUID: Int] = [:]
        for row in rows {
            sizes[try row.decode(column: "log_id", as: UUID.self)] = try row.decode(column: "size", as: Int.self)
        }
        return InitiativeRevision(sizes: sizes)
    }
}

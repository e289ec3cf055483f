import Foundation
import SQLKit

/// How far the ledger logs that an initiative's reads depend on have grown: the initiative's own log, and the logs
/// of its parties' organizations (their people, their own objectives and check-ins), summed.
///
/// Every change is recorded, with its events, in the same transaction (DESIGN §2), and a log's size only grows. A
/// party joins only through an event in the initiative's own log, and parties are never removed. So while the
/// initiative's size stays the same, the set of parties does too, and the sum of their sizes grows with any of their
/// changes: two equal revisions mean that nothing those reads show has changed, whoever wrote it (this server,
/// another one on the same PostgreSQL, or the command line).
struct InitiativeRevision: Hashable, Sendable {
    var initiativeSize: Int
    var partiesSize: Int

    /// The two columns `init(row:)` reads, as scalar subqueries on the initiative `id` (bound by the caller, so that
    /// they ride along with the membership lookup every read makes anyway: `Policy.reader`).
    static func columns(initiative id: UUID) -> SQLQueryString {
        """
        (SELECT size FROM ledger_heads WHERE log_id = \(bind: id)) AS revision_initiative, \
        (SELECT CAST(SUM(h.size) AS BIGINT) FROM parties pa JOIN ledger_heads h ON h.log_id = pa.organization_id \
        WHERE pa.initiative_id = \(bind: id)) AS revision_parties
        """
    }

    init(row: any SQLRow) throws {
        initiativeSize = try row.decode(column: "revision_initiative", as: Int?.self) ?? 0
        partiesSize = try row.decode(column: "revision_parties", as: Int?.self) ?? 0
    }
}

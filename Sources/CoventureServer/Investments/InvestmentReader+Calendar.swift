import CoventureCore
import Fluent
import Foundation
import SQLKit

extension InvestmentReader {
    /// The initiatives' gates still pending, on the UTC day their decision closes, named after the proposal (the
    /// calendar feed, issue #16). One statement per chunk of initiatives. `decisionIDs` are the gates' decisions, so the
    /// calendar does not list the same date twice.
    func calendarItems(in initiatives: [UUID]) async throws -> (items: [CalendarItem], decisionIDs: Set<UUID>) {
        let rows = try await SQLLists.rows(db, "p.initiative_id", in: initiatives) { inList in """
            SELECT g.id, g.decision_id, p.id AS proposal_id, p.initiative_id, p.title, d.closes_at
            FROM investment_gates g JOIN investment_proposals p ON p.id = g.proposal_id JOIN decisions d ON d.id = g.decision_id
            WHERE \(inList) AND g.outcome = \(bind: GateOutcome.pending.rawValue) AND d.closes_at IS NOT NULL
            """ }
        let utc = TimeZone(identifier: "UTC")!
        var decisions = Set<UUID>()
        let items = try rows.map { row in
            decisions.insert(try row.decode(column: "decision_id", as: UUID.self))
            let initiative = try row.decode(column: "initiative_id", as: UUID.self)
            return CalendarItem(
                kind: .investmentGate, subjectID: try row.decode(column: "id", as: UUID.self), initiativeID: initiative,
                day: CalendarDate(try row.decode(column: "closes_at", as: Date.self), in: utc),
                title: try row.decode(column: "title", as: String.self),
                link: .proposal(.value(initiative), proposal: .value(try row.decode(column: "proposal_id", as: UUID.self))))
        }
        return (items, decisions)
    }
}

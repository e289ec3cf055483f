import CoventureCore
import Fluent
import Foundation
import SQLKit

extension DecisionReader {
    /// The deadlines of the initiatives' open decisions, on the UTC day they close (the calendar feed, issue #16).
    /// One statement per chunk of initiatives.
    func calendarItems(in initiatives: [UUID]) async throws -> [CalendarItem] {
        let rows = try await SQLLists.rows(db, "initiative_id", in: initiatives) { inList in """
            SELECT id, initiative_id, title, closes_at FROM decisions
            WHERE \(inList) AND status = \(bind: DecisionStatus.open.rawValue) AND closes_at IS NOT NULL
            """ }
        let utc = TimeZone(identifier: "UTC")!
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self), initiative = try row.decode(column: "initiative_id", as: UUID.self)
            return CalendarItem(
                kind: .decisionDeadline, subjectID: id, initiativeID: initiative,
                day: CalendarDate(try row.decode(column: "closes_at", as: Date.self), in: utc),
                title: try row.decode(column: "title", as: String.self), link: .decision(.value(initiative), decision: .value(id)))
        }
    }
}

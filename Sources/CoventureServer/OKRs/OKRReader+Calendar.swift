import CoventureCore
import Fluent
import Foundation
import SQLKit

extension OKRReader {
    /// The end of each period that the initiatives' key results run in: one item per objective with key results,
    /// dated on its period's last day (the calendar feed, issue #16).
    func calendarItems(in initiatives: [UUID]) async throws -> [CalendarItem] {
        let rows = try await SQLLists.rows(db, "o.initiative_id", in: initiatives) { inList in """
            SELECT o.id, o.initiative_id, o.title, p.end_date FROM objectives o JOIN okr_periods p ON p.id = o.period_id
            WHERE \(inList) AND EXISTS (SELECT 1 FROM key_results k WHERE k.objective_id = o.id)
            """ }
        return try rows.compactMap { row in
            guard let day = CalendarItem.day(try row.decode(column: "end_date", as: String.self)) else { return nil }
            let id = try row.decode(column: "id", as: UUID.self)
            return CalendarItem(
                kind: .keyResultPeriodEnd, subjectID: id, initiativeID: try row.decode(column: "initiative_id", as: UUID.self), day: day,
                title: try row.decode(column: "title", as: String.self), link: .objective(.value(id)))
        }
    }
}

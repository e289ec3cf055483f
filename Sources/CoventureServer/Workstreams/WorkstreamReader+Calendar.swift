import CoventureCore
import Fluent
import Foundation
import SQLKit

extension WorkstreamReader {
    /// The end dates of the initiatives' streams that are not closed, and the review dates of their charters' latest
    /// versions (the calendar feed, issue #16). Two statements per chunk of initiatives.
    func calendarItems(in initiatives: [UUID]) async throws -> [CalendarItem] {
        let closed = WorkstreamStatus.closed.rawValue
        let ends = try await SQLLists.rows(db, "initiative_id", in: initiatives) { inList in """
            SELECT id, initiative_id, name, end_date FROM workstreams
            WHERE \(inList) AND status <> \(bind: closed) AND end_date IS NOT NULL
            """ }
        let reviews = try await SQLLists.rows(db, "w.initiative_id", in: initiatives) { inList in """
            SELECT w.id, w.initiative_id, w.name, c.review_date FROM workstreams w JOIN workstream_charters c ON c.workstream_id = w.id
            WHERE \(inList) AND w.status <> \(bind: closed) AND c.review_date IS NOT NULL
            AND c.version = (SELECT MAX(l.version) FROM workstream_charters l WHERE l.workstream_id = w.id)
            """ }
        func items(_ rows: [any SQLRow], kind: CalendarEvent.Kind, column: String) throws -> [CalendarItem] {
            try rows.compactMap { row in
                guard let day = CalendarItem.day(try row.decode(column: column, as: String?.self)) else { return nil }
                let id = try row.decode(column: "id", as: UUID.self), initiative = try row.decode(column: "initiative_id", as: UUID.self)
                return CalendarItem(
                    kind: kind, subjectID: id, initiativeID: initiative, day: day, title: try row.decode(column: "name", as: String.self),
                    link: .workstream(.value(initiative), stream: .value(id)))
            }
        }
        return try items(ends, kind: .workstreamEnd, column: "end_date") + items(reviews, kind: .charterReview, column: "review_date")
    }
}

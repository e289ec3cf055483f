import CoventureCore
import Fluent
import Foundation
import SQLKit

extension PracticeReader {
    /// The review dates of the initiatives' adoptions that have not ended, named after the adopted version (the
    /// calendar feed, issue #16). One statement per chunk of initiatives.
    func calendarItems(in initiatives: [UUID]) async throws -> [CalendarItem] {
        let rows = try await SQLLists.rows(db, "a.initiative_id", in: initiatives) { inList in """
            SELECT a.id, a.initiative_id, a.workstream_id, a.practice_id, a.review_on, v.name
            FROM practice_adoptions a JOIN practice_versions v ON v.practice_id = a.practice_id AND v.version = a.version
            WHERE \(inList) AND a.ended_on IS NULL
            """ }
        return try rows.compactMap { row in
            guard let day = CalendarItem.day(try row.decode(column: "review_on", as: String.self)) else { return nil }
            let initiative = try row.decode(column: "initiative_id", as: UUID.self)
            return CalendarItem(
                kind: .practiceReview, subjectID: try row.decode(column: "id", as: UUID.self), initiativeID: initiative, day: day,
                title: try row.decode(column: "name", as: String.self),
                link: .practice(.value(initiative), practice: .value(try row.decode(column: "practice_id", as: UUID.self))))
        }
    }
}

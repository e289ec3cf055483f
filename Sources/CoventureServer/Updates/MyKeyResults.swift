import CoventureCore
import Fluent
import Foundation
import SQLKit

/// A key result someone owns, as "My updates" (issue #16) shows it: the key result with where it belongs, when its
/// period ends, and how long its initiative lets it go without a check-in before it is stale.
struct MyKeyResult: Sendable {
    var record: KeyResultRow
    var keyResult: KeyResultDTO
    var objectiveTitle: String
    /// The initiative's name, or the person's organization's for one of its own objectives.
    var scopeName: String
    var periodEnd: CalendarDate
    /// The initiative's staleness window (its "days without a check-in"); for an organization's own key results the
    /// default window.
    var staleAfterDays: Int

    /// Days since the last check-in (or since it was created, never checked in).
    func daysSinceCheckIn(now: Date) -> Int? {
        KeyResultStaleness.daysSinceCheckIn(last: record.lastCheckInAt ?? record.createdAt, now: now)
    }

    func isStale(now: Date) -> Bool { (daysSinceCheckIn(now: now) ?? 0) >= staleAfterDays }
}

/// The reads of "My updates": every key result a person owns, in the initiatives they are a member of and in their
/// own organization, and nothing else (a key result of an initiative they left stays theirs on paper, but they can no
/// longer see it there).
enum MyKeyResults {
    static func load(personID: UUID, organizationID: UUID, organizationName: String, on db: any Database) async throws -> [MyKeyResult] {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT \(unsafeRaw: KeyResultRow.columns(as: "k")), o.title AS objective_title, p.end_date, i.name AS initiative_name, i.check_in_stale_days
            FROM key_results k
            JOIN objectives o ON o.id = k.objective_id
            JOIN okr_periods p ON p.id = o.period_id
            LEFT JOIN initiatives i ON i.id = k.initiative_id
            WHERE k.owner_person_id = \(bind: personID)
              AND ((k.initiative_id IS NULL AND k.organization_id = \(bind: organizationID))
                OR k.initiative_id IN (SELECT initiative_id FROM members WHERE person_id = \(bind: personID)))
            ORDER BY i.name IS NULL, i.name, k.initiative_id, o.created_at, o.id, k.created_at, k.id
            """).all()
        return try rows.map { row in
            let record = try KeyResultRow(row: row)
            return MyKeyResult(
                record: record, keyResult: try OKRReader.dto(record, names: [:]),
                objectiveTitle: try row.decode(column: "objective_title", as: String.self),
                scopeName: try row.decode(column: "initiative_name", as: String?.self) ?? organizationName,
                periodEnd: try CalendarDate(parsing: try row.decode(column: "end_date", as: String.self)),
                staleAfterDays: try row.decode(column: "check_in_stale_days", as: Int?.self) ?? AlignmentReport.defaultStaleAfterDays)
        }
    }
}

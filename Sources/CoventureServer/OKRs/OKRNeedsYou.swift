import CoventureCore
import Fluent
import Foundation
import SQLKit

/// The OKRs' lines on the "Needs you" page: key results the person owns that are overdue, due or stale
/// (`KeyResultAttention`), in their initiatives and in their own organization.
struct OKRNeedsYou: NeedsYouSource {
    func lines(for viewer: NeedsYouViewer, on db: any Database) async throws -> [NeedsYouLine] {
        let visible = Set(viewer.initiativeIDs)
        let owned = try await KeyResultRow.load(db, where: "owner_person_id = \(bind: viewer.personID)").filter { record in
            record.initiativeID.map(visible.contains) ?? (record.organizationID == viewer.organizationID)
        }
        let periodEnds = try await SQLLists.rows(db, "o.id", in: Set(owned.map(\.objectiveID))) { inList in """
            SELECT o.id, p.end_date FROM objectives o JOIN okr_periods p ON p.id = o.period_id WHERE \(inList)
            """ }.reduce(into: [UUID: CalendarDate]()) { result, row in
                result[try row.decode(column: "id", as: UUID.self)] = try CalendarDate(parsing: try row.decode(column: "end_date", as: String.self))
            }
        return try owned.compactMap { record in
            guard let periodEnd = periodEnds[record.objectiveID] else { return nil }
            let definition = try OKRReader.definition(record)
            let progress: Double? = try record.currentValue.flatMap { OKRProgress.keyResult(definition, current: try OKRReader.decimal($0)) }
            guard let attention = KeyResultAttention.of(
                periodEnd: periodEnd, progress: progress, lastCheckIn: record.lastCheckInAt, createdAt: record.createdAt,
                today: viewer.today, now: viewer.now)
            else { return nil }
            return Self.line(record, attention: attention, progress: progress)
        }
    }

    static func line(_ record: KeyResultRow, attention: KeyResultAttention, progress: Double?) -> NeedsYouLine {
        let sofar = progress.map { ", at \(Charts.percent($0)) of its target so far" } ?? ", with no check-in yet"
        let kind: NeedsYouKind, words: String, when: Date?
        switch attention {
        case .overdue(let ended):
            kind = .keyResultOverdue
            words = ": its period ended on \(HomeFormat.date(ended)) short of the target\(sofar). Record where it landed."
            when = nil
        case .due(let ends, let days):
            kind = .keyResultDue
            let left = days == 0 ? "today" : days == 1 ? "tomorrow" : "in \(HomeFormat.days(days)), on \(HomeFormat.date(ends))"
            words = " is due: its period ends \(left)\(sofar)."
            when = nil
        case .stale(let days):
            kind = .keyResultStale
            words = days.map { " has had no check-in for \(HomeFormat.days($0))." } ?? " has never been checked in."
            when = record.lastCheckInAt ?? record.createdAt
        }
        return NeedsYouLine(
            kind: kind, initiativeID: record.initiativeID, sentence: [.text("Your key result "), .name(record.title), .text(words)],
            link: SiteURL.keyResult(.value(record.id)).path + "#check-in", when: when)
    }
}

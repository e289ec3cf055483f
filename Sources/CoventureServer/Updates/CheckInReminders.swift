import CoventureCore
import Fluent
import Foundation
import SQLKit

/// Reminders to check in (issue #16): the owner of a key result that went without a check-in for its initiative's
/// staleness window gets one in-app notification for it, then none until they check in or a further window passes
/// (`CheckInReminder`). Nobody up to date is reminded; nor is anyone for a key result whose period has not started or
/// has ended, of an initiative that is not active, or of an initiative they are no longer a member of.
enum CheckInReminders {
    /// Sends the reminders due at `now`; returns how many were due (a repeated one is skipped by its dedupe key).
    @discardableResult
    static func send(on db: any Database, recorder: Recorder, now: Date) async throws -> Int {
        let sql = db as! any SQLDatabase
        let today = CalendarDate(now, in: TimeZone(identifier: "UTC")!).description
        // Every window is a day or more: nothing checked in within the past day needs a look.
        let rows = try await sql.raw("""
            SELECT k.id, k.title, k.initiative_id, k.owner_person_id, k.last_check_in_at, k.created_at, i.check_in_stale_days
            FROM key_results k
            JOIN objectives o ON o.id = k.objective_id
            JOIN okr_periods p ON p.id = o.period_id
            LEFT JOIN initiatives i ON i.id = k.initiative_id
            WHERE k.owner_person_id IS NOT NULL AND p.start_date <= \(bind: today) AND p.end_date >= \(bind: today)
              AND COALESCE(k.last_check_in_at, k.created_at) <= \(bind: now.addingTimeInterval(-86_400))
              AND (k.initiative_id IS NULL OR (i.status = \(bind: InitiativeStatus.active.rawValue) AND EXISTS (
                SELECT 1 FROM members m WHERE m.initiative_id = k.initiative_id AND m.person_id = k.owner_person_id)))
            """).all()
        let drafts = try rows.compactMap { row -> NotificationDraft? in
            let id = try row.decode(column: "id", as: UUID.self)
            let anchor = try row.decode(column: "last_check_in_at", as: Date?.self) ?? row.decode(column: "created_at", as: Date.self)
            let staleDays = try row.decode(column: "check_in_stale_days", as: Int?.self) ?? AlignmentReport.defaultStaleAfterDays
            guard let window = CheckInReminder.window(since: anchor, staleDays: staleDays, now: now) else { return nil }
            let days = KeyResultStaleness.daysSinceCheckIn(last: anchor, now: now) ?? staleDays
            let title = try row.decode(column: "title", as: String.self)
            return NotificationDraft(
                personID: try row.decode(column: "owner_person_id", as: UUID.self),
                initiativeID: try row.decode(column: "initiative_id", as: UUID?.self), kind: .checkInReminder, subjectID: id,
                message: "Your key result “\(title)” has had no check-in for \(days) days. Record where it stands.",
                link: SiteURL.myUpdates.path + "#kr-\(id.uuidString.lowercased())",
                dedupeKey: CheckInReminder.dedupeKey(keyResultID: id, anchor: anchor, window: window))
        }
        guard !drafts.isEmpty else { return 0 }
        try await recorder.bookkeeping { db in try await Notifications.send(drafts, on: db, at: now) }
        return drafts.count
    }

    /// The recurring sweep: reminders every `interval`, and the weekly digests once a week (`WeeklyDigests`). Off when
    /// `interval` is nil (tests send them themselves). At start-up only the reminders, which are one statement: the
    /// digests of a large deployment take a while and must not hold the server's start.
    static func sweep(every interval: TimeInterval?, digests: WeeklyDigests) -> PeriodicSweep {
        let remind: @Sendable (PeriodicSweep.Context) async throws -> Void = { context in
            try await send(on: context.db, recorder: context.recorder, now: context.recorder.now())
        }
        return PeriodicSweep("check-in reminders and digests", every: interval, atStartUp: interval == nil ? nil : remind) { context in
            try await remind(context)
            let sent = try await digests.send(on: context.db, recorder: context.recorder, now: context.recorder.now())
            if sent > 0 { context.logger.notice("weekly digests: \(sent) sent") }
        }
    }
}

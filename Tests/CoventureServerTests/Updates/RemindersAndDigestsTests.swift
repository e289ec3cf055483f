import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// Reminders to check in and the weekly digest (issue #16), on both databases, with the sweep's clock injected.
@Suite("Reminders and digests")
struct RemindersAndDigestsTests {
    static func notifications(_ t: TestApp, of person: UUID, kind: NotificationKind) async throws -> [(message: String, link: String)] {
        try await (t.db as! any SQLDatabase).raw("""
            SELECT message, link FROM notifications WHERE person_id = \(bind: person) AND kind = \(bind: kind.rawValue) ORDER BY created_at, message
            """).all().map { (try $0.decode(column: "message", as: String.self), try $0.decode(column: "link", as: String.self)) }
    }

    static func activate(_ t: TestApp, _ o: MyUpdatesTests.Owned) async throws {
        _ = try await InitiativeStore(application: t.app).update(o.p.initiative.id, UpdateInitiativeRequest(status: .active), by: o.p.owner.actor)
    }

    @Test("An owner is reminded once per stale key result, again only after a further window or never once checked in; nobody up to date", arguments: TestDatabase.all)
    func reminders(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let o = try await MyUpdatesTests.owned(t)
            try await Self.activate(t, o)
            let day: TimeInterval = 86_400, start = Date()
            func remind(after days: Double) async throws {
                try await CheckInReminders.send(on: t.db, recorder: t.app.recorder, now: start + days * day)
            }
            try await remind(after: 13)
            #expect(try await Self.notifications(t, of: o.p.contributor.id, kind: .checkInReminder).isEmpty, "within the window")

            try await remind(after: 15)
            let first = try await Self.notifications(t, of: o.p.contributor.id, kind: .checkInReminder)
            // Four key results of the contributor's: three in the initiative, one of the bank's own.
            #expect(first.count == 4, "\(first)")
            #expect(first.contains { $0.message == "Your key result “Applications a month” has had no check-in for 15 days. Record where it stands." })
            #expect(first.allSatisfy { $0.link.hasPrefix(SiteURL.myUpdates.path + "#kr-") })
            #expect(try await Self.notifications(t, of: o.p.partner.id, kind: .checkInReminder).count == 1)

            try await remind(after: 16)
            try await remind(after: 27)
            #expect(try await Self.notifications(t, of: o.p.contributor.id, kind: .checkInReminder).count == 4, "once per window")

            // Checked in on day 27: that key result is up to date again; the others get their second window's reminder.
            _ = try await KeyResultStore(application: t.app).checkIn(
                o.applications.id, CheckInRequest(value: NumberInput("210"), confidence: "onTrack"), by: o.p.contributor.actor, at: start + 27 * day)
            try await remind(after: 29)
            let second = try await Self.notifications(t, of: o.p.contributor.id, kind: .checkInReminder)
            #expect(second.count == 7, "\(second)")
            #expect(second.filter { $0.message.contains("Applications a month") }.count == 1)

            // An owner who left the initiative is not reminded of its key results.
            let partnerBefore = try await Self.notifications(t, of: o.p.partner.id, kind: .checkInReminder).count
            #expect(partnerBefore == 2, "days 15 and 29")
            try await (t.db as! any SQLDatabase).raw("""
                DELETE FROM members WHERE person_id = \(bind: o.p.partner.id) AND initiative_id = \(bind: o.p.initiative.id)
                """).run()
            try await remind(after: 45)
            #expect(try await Self.notifications(t, of: o.p.partner.id, kind: .checkInReminder).count == partnerBefore)
        }
    }

    @Test("The weekly digest tells each member what others' parties changed and what awaits them, in the app and in the outbox, once a week", arguments: TestDatabase.all)
    func weeklyDigest(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let o = try await MyUpdatesTests.owned(t)
            let digests = WeeklyDigests(sources: t.app.needsYouSources, site: "https://coventure.example", from: .init(name: "Coventure", email: "coventure@example.org"))
            let now = Date()
            let sent = try await digests.send(on: t.db, recorder: t.app.recorder, now: now)
            // The partner's party saw the bank create objectives and key results this week; the bank's people saw the
            // partner join.
            #expect(sent >= 2)
            let partner = try await Self.notifications(t, of: o.p.partner.id, kind: .weeklyDigest)
            #expect(partner.count == 1 && partner[0].link == SiteURL.home.path)
            #expect(partner[0].message.hasPrefix("Your week in Coventure: "), "\(partner)")

            let outbox = try await Operations.outbox(t.app, includeSent: false)
            let mail = try #require(outbox.first { $0.recipient == o.p.partner.email })
            #expect(mail.subject == partner[0].message)
            #expect(mail.message.contains("To: Paul Partner <\(o.p.partner.email)>"))
            // The body is quoted-printable: its long lines are softly broken ("=" and CRLF).
            #expect(mail.message.replacingOccurrences(of: "=\r\n", with: "").contains("https://coventure.example/initiatives/\(o.p.initiative.id.uuidString.lowercased())/activity"))

            // The week is done: another sweep sends nothing, and a restart mid-week would not either.
            #expect(try await digests.send(on: t.db, recorder: t.app.recorder, now: now.addingTimeInterval(3_600)) == 0)
            #expect(try await Self.notifications(t, of: o.p.partner.id, kind: .weeklyDigest).count == 1)
            #expect(try await Operations.outbox(t.app, includeSent: false).count == outbox.count)

            // The relay marks it sent; an unknown id is named.
            let unknown = UUID()
            #expect(try await Operations.markOutboxSent(t.app, ids: [mail.id, unknown]) == [unknown])
            #expect(try await Operations.outbox(t.app, includeSent: false).count == outbox.count - 1)
            #expect(try await Operations.outboxMessage(t.app, id: mail.id)?.sentAt != nil)

            // Next week is another week: its sweep runs (and marks it done), whoever it finds with news.
            _ = try await digests.send(on: t.db, recorder: t.app.recorder, now: now.addingTimeInterval(7 * 86_400))
            let weeks = try await (t.db as! any SQLDatabase).raw("SELECT week FROM digest_runs ORDER BY week").all()
                .map { try $0.decode(column: "week", as: String.self) }
            #expect(weeks == [WeeklyDigest.isoWeek(of: now), WeeklyDigest.isoWeek(of: now.addingTimeInterval(7 * 86_400))])
        }
    }
}

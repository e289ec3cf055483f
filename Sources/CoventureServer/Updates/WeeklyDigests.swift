import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The weekly digest (issue #16): once a week (the first sweep of each ISO week, UTC), every member of an initiative
/// gets what changed in their initiatives during the past seven days and what awaits them — in the app, and as an
/// e-mail written to the outbox (`mail_outbox`) for the operator's mail relay to send (`coventure outbox`). A quiet
/// week with nothing waiting sends nothing.
///
/// Exactly once per person and week: each digest's notification and e-mail carry the week in their dedupe keys and are
/// written together, and a finished week is marked in `digest_runs`, so a sweep after a restart finishes an
/// interrupted week without sending anyone's twice, and later sweeps of the week read one row.
struct WeeklyDigests: Sendable {
    /// The "Needs you" sources: what awaits a person is what their home page lists.
    var sources: [any NeedsYouSource]
    /// The site's public address, for the e-mail's links (`COVENTURE_PUBLIC_URL`).
    var site: String
    var from: MailMessage.Address

    /// The application's: its "Needs you" sources and its configured address and sender.
    init(_ app: Application) {
        self.init(sources: app.needsYouSources, site: app.appConfig.publicURL, from: .init(name: "Coventure", email: app.appConfig.mailFrom))
    }

    init(sources: [any NeedsYouSource], site: String, from: MailMessage.Address) {
        self.sources = sources
        self.site = site
        self.from = from
    }

    /// Sends this week's digests not sent yet; returns how many were sent.
    @discardableResult
    func send(on db: any Database, recorder: Recorder, now: Date) async throws -> Int {
        let sql = db as! any SQLDatabase
        let week = WeeklyDigest.isoWeek(of: now)
        if try await sql.raw("SELECT week FROM digest_runs WHERE week = \(bind: week)").first() != nil { return 0 }
        let key = "weekly-digest:\(week)"
        let done = try await sql.raw("""
            SELECT person_id FROM notifications WHERE kind = \(bind: NotificationKind.weeklyDigest.rawValue) AND dedupe_key = \(bind: key)
            """).all().reduce(into: Set<UUID>()) { $0.insert(try $1.decode(column: "person_id", as: UUID.self)) }
        let people = try await sql.raw("""
            SELECT \(unsafeRaw: SignedInPerson.joinedColumns) FROM people p \(unsafeRaw: SignedInPerson.joinOrganization)
            WHERE p.id IN (SELECT person_id FROM members) ORDER BY p.id
            """).all().map { try SignedInPerson(row: $0, sessionID: nil) }
        var sent = 0
        for person in people where !done.contains(person.id) {
            let digest = try await self.digest(for: person, week: week, now: now, on: db)
            guard !digest.isEmpty else { continue }
            let message = MailMessage(
                from: from, to: .init(name: person.name, email: person.email), subject: digest.summary, body: digest.plainText(site: site),
                date: now, messageID: "\(UUID().uuidString.lowercased())@\(from.email.split(separator: "@").last ?? "coventure")")
            // An address no header may hold (it was never checked for that) still gets the digest in the app.
            let text = try? message.rendered()
            let draft = NotificationDraft(
                personID: person.id, initiativeID: nil, kind: .weeklyDigest, subjectID: nil, message: digest.summary,
                link: SiteURL.home.path, dedupeKey: key)
            try await recorder.bookkeeping { db in
                try await Notifications.send([draft], on: db, at: now)
                guard let text else { return }
                try await (db as! any SQLDatabase).raw("""
                    INSERT INTO mail_outbox (id, person_id, recipient, subject, message, dedupe_key, created_at)
                    VALUES (\(bind: UUID()), \(bind: person.id), \(bind: person.email), \(bind: digest.summary), \(bind: text), \(bind: key), \(bind: now))
                    ON CONFLICT (person_id, dedupe_key) DO NOTHING
                    """).run()
            }
            sent += 1
        }
        try await recorder.bookkeeping { db in
            try await (db as! any SQLDatabase).raw("""
                INSERT INTO digest_runs (week, finished_at) VALUES (\(bind: week), \(bind: now)) ON CONFLICT (week) DO NOTHING
                """).run()
        }
        return sent
    }

    /// One person's digest: the changes others' parties recorded in each of their initiatives during the past seven
    /// days, and the lines of their "Needs you" page.
    func digest(for person: SignedInPerson, week: String, now: Date, on db: any Database) async throws -> WeeklyDigest {
        let viewer = try await NeedsYouViewer.load(person, now: now, on: db)
        let since = now.addingTimeInterval(-7 * 86_400)
        let counts = try await SQLLists.rows(db, "log_id", in: viewer.initiativeIDs) { inList in """
            SELECT log_id, COUNT(*) AS n FROM ledger_events
            WHERE \(inList) AND recorded_at >= \(bind: since) AND actor_organization_id IS NOT NULL
              AND actor_organization_id <> \(bind: person.organizationID)
            GROUP BY log_id
            """ }.reduce(into: [UUID: Int]()) { $0[try $1.decode(column: "log_id", as: UUID.self)] = try $1.decode(column: "n", as: Int.self) }
        var lines: [NeedsYouLine] = []
        for source in sources { lines += try await source.lines(for: viewer, on: db) }
        return WeeklyDigest(
            personName: person.name, week: week,
            initiatives: viewer.initiatives.map {
                .init(name: $0.name, changes: counts[$0.id] ?? 0, link: SiteURL.initiativeActivity(.value($0.id)).path)
            },
            awaiting: NeedsYou.groups(lines, initiatives: viewer.initiativeIDs).flatMap(\.lines).map { .init(text: $0.text, link: $0.link) })
    }
}

import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// One notification a feature wants to send: to whom, about what, in which words, leading where.
struct NotificationDraft: Sendable {
    var personID: UUID
    var initiativeID: UUID?
    var kind: NotificationKind
    var subjectID: UUID?
    /// A plain sentence, already worded by the sender: "The decision “Budget 2027” is open for your vote."
    var message: String
    /// A site path, e.g. `SiteURL.….path`.
    var link: String
    /// A second draft with the same (person, key) is silently skipped, however long after the first.
    var dedupeKey: String?

    init(
        personID: UUID, initiativeID: UUID?, kind: NotificationKind, subjectID: UUID?, message: String, link: String,
        dedupeKey: String? = nil
    ) {
        self.personID = personID
        self.initiativeID = initiativeID
        self.kind = kind
        self.subjectID = subjectID
        self.message = message
        self.link = link
        self.dedupeKey = dedupeKey
    }
}

/// What other features call to tell a person something needs them (`send`), and to say the person has seen it
/// (`markRead`). Notifications are personal reading state, like `home_notices`: written with the change they are
/// about, but no change themselves, so no ledger event.
///
/// Both write on the database they are given, which must be a writer's: a change's `tx` inside
/// `Recorder.record`'s apply step, or the database `Recorder.bookkeeping` hands its body. Anywhere else they throw
/// `Notifications.NotAWriter` (on SQLite a write around the write gate could wait on, or stall, the gate's transaction).
enum Notifications {
    /// Written inside the caller's transaction (`tx`), e.g. within a Recorder.record apply step, so a notification
    /// exists exactly when its change does. No ledger event (personal state, like home_notices).
    ///
    /// One multi-row `INSERT` per chunk of rows (`SQLLists.insert`), however many people are told. A draft whose
    /// (person, dedupe key) already exists, in the table or earlier in `drafts`, is skipped with
    /// `ON CONFLICT DO NOTHING`: no failed statement, so the caller's transaction goes on, on PostgreSQL too.
    /// A link that is not a site path is the sender's mistake and is refused (`InvalidLink`), with the change.
    static func send(_ drafts: [NotificationDraft], on tx: any Database, at: Date) async throws {
        guard !drafts.isEmpty else { return }
        try requireWriter()
        if let wrong = drafts.first(where: { !SitePath.isSitePath($0.link) }) { throw InvalidLink(link: wrong.link) }
        let rows: [SQLQueryString] = drafts.map { draft in
            """
            (\(bind: UUID()), \(bind: draft.personID), \(bind: draft.initiativeID), \(bind: draft.kind.rawValue), \
            \(bind: draft.subjectID), \(bind: draft.message), \(bind: draft.link), \(bind: draft.dedupeKey), \(bind: at))
            """
        }
        try await SQLLists.insert(
            tx as! any SQLDatabase, into: "notifications",
            columns: "id, person_id, initiative_id, kind, subject_id, message, link, dedupe_key, created_at", rows: rows,
            skippingConflicts: true)
    }

    /// Marks every unread notification of `personID` about `subjectID` read (a page about that subject calls it when
    /// the person opens it), as bookkeeping.
    ///
    /// A page handler calls `req.markNotificationsRead(subject:)`, which reads first outside the write gate and
    /// writes through it (with this) only when something is unread.
    static func markRead(subject: UUID, person: UUID, on db: any Database) async throws {
        try requireWriter()
        try await (db as! any SQLDatabase).raw("""
            UPDATE notifications SET read_at = \(bind: Date())
            WHERE person_id = \(bind: person) AND subject_id = \(bind: subject) AND read_at IS NULL
            """).run()
    }

    /// A notification's link must be a path of this site (`SitePath.isSitePath`).
    struct InvalidLink: Error, CustomStringConvertible {
        var link: String
        var description: String { "a notification's link must be a path of this site, not '\(link)'" }
    }

    /// `send` or `markRead` was called outside a writer (see `Notifications`).
    struct NotAWriter: Error, CustomStringConvertible {
        var description: String {
            "notifications are written on a writer's database: a change's tx in Recorder.record, or inside Recorder.bookkeeping "
                + "(pages: req.markNotificationsRead(subject:))"
        }
    }

    private static func requireWriter() throws {
        guard WriteGate.isWriter else { throw NotAWriter() }
    }
}

extension Request {
    /// For a page about `subject` (a decision): its signed-in person has now seen what their notifications about it
    /// said. One indexed read when nothing about it is unread (the usual page view); the write, when there is one, is
    /// bookkeeping behind the write gate. Does nothing for a caller who is not signed in.
    func markNotificationsRead(subject: UUID) async throws {
        guard let person = auth.get(SignedInPerson.self) else { return }
        guard try await NotificationStore(request: self).hasUnread(person: person.id, subject: subject) else { return }
        try await recorder.bookkeeping { db in
            try await Notifications.markRead(subject: subject, person: person.id, on: db)
        }
    }
}

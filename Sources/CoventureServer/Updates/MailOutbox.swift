import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// An e-mail in the outbox (`mail_outbox`), as the operator's command shows it.
public struct OutboxMessage: Sendable, Equatable {
    public var id: UUID
    public var recipient: String
    public var subject: String
    public var createdAt: Date
    public var sentAt: Date?
    /// The whole RFC 5322 message, CRLF line endings.
    public var message: String
}

/// The mail outbox (issue #16). Coventure writes e-mails here and does not send them itself: the mirror this project
/// builds from offers no SMTP client library, and an operator's relay (a cron job with `sendmail`, a mail gateway)
/// already knows how to deliver, retry and sign. The relay lists or exports the unsent messages with `coventure
/// outbox` and marks each sent.
enum MailOutbox {
    static func list(includeSent: Bool, on db: any Database) async throws -> [OutboxMessage] {
        let sql = db as! any SQLDatabase
        let unsent: SQLQueryString = includeSent ? "" : "WHERE sent_at IS NULL"
        return try await sql.raw("""
            SELECT id, recipient, subject, created_at, sent_at, message FROM mail_outbox \(unsent) ORDER BY created_at, id
            """).all().map(message(_:))
    }

    static func find(_ id: UUID, on db: any Database) async throws -> OutboxMessage? {
        let sql = db as! any SQLDatabase
        return try await sql.raw("SELECT id, recipient, subject, created_at, sent_at, message FROM mail_outbox WHERE id = \(bind: id)")
            .first().map(message(_:))
    }

    /// Marks messages sent (a message sent already keeps its first time); returns the ids that are not in the outbox.
    static func markSent(_ ids: [UUID], at now: Date, recorder: Recorder) async throws -> [UUID] {
        try await recorder.bookkeeping { db in
            let sql = db as! any SQLDatabase
            var missing: [UUID] = []
            for id in ids {
                guard try await sql.raw("SELECT id FROM mail_outbox WHERE id = \(bind: id)").first() != nil else {
                    missing.append(id)
                    continue
                }
                try await sql.raw("UPDATE mail_outbox SET sent_at = \(bind: now) WHERE id = \(bind: id) AND sent_at IS NULL").run()
            }
            return missing
        }
    }

    private static func message(_ row: any SQLRow) throws -> OutboxMessage {
        OutboxMessage(
            id: try row.decode(column: "id", as: UUID.self), recipient: try row.decode(column: "recipient", as: String.self),
            subject: try row.decode(column: "subject", as: String.self), createdAt: try row.decode(column: "created_at", as: Date.self),
            sentAt: try row.decode(column: "sent_at", as: Date?.self), message: try row.decode(column: "message", as: String.self))
    }
}

extension Operations {
    /// `coventure outbox list`: the unsent messages (all with `includeSent`), oldest first.
    public static func outbox(_ app: Application, includeSent: Bool) async throws -> [OutboxMessage] {
        try await MailOutbox.list(includeSent: includeSent, on: app.db)
    }

    /// `coventure outbox show`: one message, or nil.
    public static func outboxMessage(_ app: Application, id: UUID) async throws -> OutboxMessage? {
        try await MailOutbox.find(id, on: app.db)
    }

    /// `coventure outbox mark-sent`: returns the ids not found.
    public static func markOutboxSent(_ app: Application, ids: [UUID]) async throws -> [UUID] {
        try await MailOutbox.markSent(ids, at: Date(), recorder: app.recorder)
    }

    /// Sends the check-in reminders and this week's digests now, as the server's hourly sweep would (`coventure
    /// outbox sweep`, for an operator who runs the server with `COVENTURE_REMINDER_MINUTES=0` and the sweep from cron).
    /// Returns how many reminders were due and how many digests went out.
    public static func sweepRemindersAndDigests(_ app: Application) async throws -> (reminders: Int, digests: Int) {
        let now = Date()
        let reminders = try await CheckInReminders.send(on: app.db, recorder: app.recorder, now: now)
        return (reminders, try await WeeklyDigests(app).send(on: app.db, recorder: app.recorder, now: now))
    }
}

import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// One notification as the list page and the API read it.
struct NotificationRecord: Sendable, Equatable {
    var id: UUID
    var kind: NotificationKind
    var initiativeID: UUID?
    /// The initiative's name, when the notification belongs to one.
    var initiativeName: String?
    var subjectID: UUID?
    var message: String
    var link: String
    var createdAt: Date
    var readAt: Date?

    var isUnread: Bool { readAt == nil }

    /// The columns `init(row:)` reads, from `notifications n LEFT JOIN initiatives i`.
    static let columns = """
        n.id, n.kind, n.initiative_id, i.name AS initiative_name, n.subject_id, n.message, n.link, n.created_at, n.read_at
        """
    static let from = "notifications n LEFT JOIN initiatives i ON i.id = n.initiative_id"

    init(
        id: UUID, kind: NotificationKind, initiativeID: UUID?, initiativeName: String?, subjectID: UUID?, message: String,
        link: String, createdAt: Date, readAt: Date?
    ) {
        self.id = id
        self.kind = kind
        self.initiativeID = initiativeID
        self.initiativeName = initiativeName
        self.subjectID = subjectID
        self.message = message
        self.link = link
        self.createdAt = createdAt
        self.readAt = readAt
    }

    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: UUID.self),
            kind: try NotificationKind(stored: try row.decode(column: "kind", as: String.self), column: "notifications.kind"),
            initiativeID: try row.decode(column: "initiative_id", as: UUID?.self),
            initiativeName: try row.decode(column: "initiative_name", as: String?.self),
            subjectID: try row.decode(column: "subject_id", as: UUID?.self),
            message: try row.decode(column: "message", as: String.self),
            link: try row.decode(column: "link", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            readAt: try row.decode(column: "read_at", as: Date?.self))
    }
}

/// A person's notifications: the reads of the list page and the API, and marking them read. Only ever the person's
/// own: every statement names `person_id`, so someone else's notification reads as missing.
///
/// Marking read is bookkeeping (`Recorder.bookkeeping`), no ledger event.
struct NotificationStore: RecordingStore {
    let db: any Database
    let recorder: Recorder

    /// One page of the person's notifications, newest first: `limit` from `offset`, read in SQL with one row more
    /// to know whether older ones follow. One statement, whatever the page holds.
    func page(of personID: UUID, unreadOnly: Bool = false, offset: Int, limit: Int) async throws
        -> (items: [NotificationRecord], hasMore: Bool)
    {
        let sql = db as! any SQLDatabase
        let unread: SQLQueryString = unreadOnly ? " AND n.read_at IS NULL" : ""
        let rows = try await sql.raw("""
            SELECT \(unsafeRaw: NotificationRecord.columns) FROM \(unsafeRaw: NotificationRecord.from)
            WHERE n.person_id = \(bind: personID)\(unread)
            ORDER BY n.created_at DESC, n.id DESC
            LIMIT \(unsafeRaw: String(limit + 1)) OFFSET \(unsafeRaw: String(offset))
            """).all()
        let items = try rows.prefix(limit).map(NotificationRecord.init(row:))
        return (items, rows.count > limit)
    }

    /// One of the person's notifications, or nil when they have none with that id.
    func find(_ id: UUID, of personID: UUID) async throws -> NotificationRecord? {
        try await Self.find(id, of: personID, on: db)
    }

    private static func find(_ id: UUID, of personID: UUID, on db: any Database) async throws -> NotificationRecord? {
        try await (db as! any SQLDatabase).raw("""
            SELECT \(unsafeRaw: NotificationRecord.columns) FROM \(unsafeRaw: NotificationRecord.from)
            WHERE n.id = \(bind: id) AND n.person_id = \(bind: personID)
            """).first().map(NotificationRecord.init(row:))
    }

    /// Whether the person has an unread notification about `subject`.
    func hasUnread(person personID: UUID, subject: UUID) async throws -> Bool {
        try await (db as! any SQLDatabase).raw("""
            SELECT id FROM notifications WHERE person_id = \(bind: personID) AND read_at IS NULL AND subject_id = \(bind: subject) LIMIT 1
            """).first() != nil
    }

    /// Marks one of the person's notifications read and returns it; nil when they have none with that id (someone
    /// else's looks missing). Reading one already read keeps the time it was first read.
    func markRead(_ id: UUID, of personID: UUID, at now: Date = Date()) async throws -> NotificationRecord? {
        guard let found = try await find(id, of: personID) else { return nil }
        guard found.isUnread else { return found }
        return try await recorder.bookkeeping { db in
            try await (db as! any SQLDatabase).raw("""
                UPDATE notifications SET read_at = \(bind: now)
                WHERE id = \(bind: id) AND person_id = \(bind: personID) AND read_at IS NULL
                """).run()
            return try await Self.find(id, of: personID, on: db)
        }
    }

    /// Marks every unread notification of the person read; says how many there were.
    func markAllRead(of personID: UUID, at now: Date = Date()) async throws -> Int {
        try await recorder.bookkeeping { db in
            let sql = db as! any SQLDatabase
            let count = try await sql.raw("""
                SELECT COUNT(*) AS unread FROM notifications WHERE person_id = \(bind: personID) AND read_at IS NULL
                """).first()?.decode(column: "unread", as: Int.self) ?? 0
            guard count > 0 else { return 0 }
            try await sql.raw("""
                UPDATE notifications SET read_at = \(bind: now) WHERE person_id = \(bind: personID) AND read_at IS NULL
                """).run()
            return count
        }
    }
}

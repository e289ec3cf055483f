import Fluent
import Foundation
import SQLKit
import Vapor

/// Browser sessions: created at sign-in (a fresh secret every time), resolved per request, ended at sign-out.
/// Session rows are bookkeeping, not domain changes, so they carry no ledger event.
///
/// They do not pile up (issue #11, finding 12): every sign-in removes the sessions that have expired, everyone's,
/// and a person keeps at most `maximumPerPerson` live ones, the ones unused the longest ending first.
struct SessionStore: RecordingStore {
    let db: any Database
    let recorder: Recorder
    /// The timeouts that make a session expired, for the clean-up at sign-in; nil skips it (the cap still holds).
    var expiry: (idle: TimeInterval, absolute: TimeInterval)?

    /// Live sessions one person may hold: a browser each on a few devices, with room to spare.
    static let maximumPerPerson = 20

    init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
        self.expiry = nil
    }

    init(request: Request) {
        self.init(db: request.db, recorder: request.recorder)
        let config = request.application.appConfig
        expiry = (config.sessionIdleTimeout, config.sessionAbsoluteTimeout)
    }

    init(application: Application) {
        self.init(db: application.db, recorder: application.recorder)
        expiry = (application.appConfig.sessionIdleTimeout, application.appConfig.sessionAbsoluteTimeout)
    }

    /// Returns the cookie secret for a new session.
    func create(personID: UUID, now: Date = Date()) async throws -> String {
        let secret = Secrets.make()
        let session = SessionRow(id: UUID(), secretHash: Secrets.hash(secret), personID: personID, createdAt: now, lastSeenAt: now)
        let expiry = self.expiry
        let keep = Self.maximumPerPerson
        try await recorder.bookkeeping { db in
            let sql = db as! any SQLDatabase
            if let expiry {
                try await sql.raw("""
                    DELETE FROM sessions
                    WHERE last_seen_at < \(bind: now.addingTimeInterval(-expiry.idle)) OR created_at < \(bind: now.addingTimeInterval(-expiry.absolute))
                    """).run()
            }
            try await session.insert(db)
            // The newest `keep` by last use stay (the new one is among them); older ones end.
            try await sql.raw("""
                DELETE FROM sessions WHERE person_id = \(bind: personID) AND id NOT IN (
                    SELECT id FROM sessions WHERE person_id = \(bind: personID)
                    ORDER BY last_seen_at DESC, created_at DESC, id DESC LIMIT \(unsafeRaw: String(keep)))
                """).run()
        }
        return secret
    }

    func resolve(secret: String, idleTimeout: TimeInterval, absoluteTimeout: TimeInterval, now: Date = Date())
        async throws -> SignedInPerson?
    {
        let sql = db as! any SQLDatabase
        guard
            let row = try await sql.raw("""
                SELECT s.id AS session_id, s.created_at AS session_created_at, s.last_seen_at AS session_last_seen_at, \
                \(unsafeRaw: SignedInPerson.joinedColumns), \(unsafeRaw: SignedInPerson.unreadNotificationsColumn)
                FROM sessions s JOIN people p ON p.id = s.person_id \(unsafeRaw: SignedInPerson.joinOrganization)
                WHERE s.secret_hash = \(bind: Secrets.hash(secret))
                """).first()
        else { return nil }
        let id = try row.decode(column: "session_id", as: UUID.self)
        let createdAt = try row.decode(column: "session_created_at", as: Date.self)
        let lastSeenAt = try row.decode(column: "session_last_seen_at", as: Date.self)
        if now.timeIntervalSince(lastSeenAt) > idleTimeout || now.timeIntervalSince(createdAt) > absoluteTimeout {
            try await recorder.bookkeeping { db in try await SessionRow.delete(db, where: "id = \(bind: id)") }
            return nil
        }
        if now.timeIntervalSince(lastSeenAt) > 60 {
            try await recorder.bookkeeping { db in
                try await SessionRow.update(db, set: "last_seen_at = \(bind: now)", where: "id = \(bind: id)")
            }
        }
        return try SignedInPerson(row: row, sessionID: id, withUnreadNotifications: true)
    }

    func end(sessionID: UUID) async throws {
        try await recorder.bookkeeping { db in try await SessionRow.delete(db, where: "id = \(bind: sessionID)") }
    }
}

import Fluent
import Foundation
import SQLKit
import Vapor

/// Browser sessions: created at sign-in (a fresh secret every time), resolved per request, ended at sign-out.
/// Session rows are bookkeeping, not domain changes, so they carry no ledger event.
struct SessionStore: RecordingStore {
    let db: any Database
    let recorder: Recorder

    /// Returns the cookie secret for a new session.
    func create(personID: UUID, now: Date = Date()) async throws -> String {
        let secret = Secrets.make()
        let session = SessionModel(secretHash: Secrets.hash(secret), personID: personID, at: now)
        try await recorder.bookkeeping { db in try await session.create(on: db) }
        return secret
    }

    func resolve(secret: String, idleTimeout: TimeInterval, absoluteTimeout: TimeInterval, now: Date = Date())
        async throws -> SignedInPerson?
    {
        let sql = db as! any SQLDatabase
        guard
            let row = try await sql.raw("""
                SELECT s.id AS session_id, s.created_at AS session_created_at, s.last_seen_at AS session_last_seen_at, \
                \(unsafeRaw: SignedInPerson.joinedColumns)
                FROM sessions s JOIN people p ON p.id = s.person_id \(unsafeRaw: SignedInPerson.joinOrganization)
                WHERE s.secret_hash = \(bind: Secrets.hash(secret))
                """).first()
        else { return nil }
        let id = try row.decode(column: "session_id", as: UUID.self)
        let createdAt = try row.decode(column: "session_created_at", as: Date.self)
        let lastSeenAt = try row.decode(column: "session_last_seen_at", as: Date.self)
        if now.timeIntervalSince(lastSeenAt) > idleTimeout || now.timeIntervalSince(createdAt) > absoluteTimeout {
            try await recorder.bookkeeping { db in try await SessionModel.query(on: db).filter(\.$id == id).delete() }
            return nil
        }
        if now.timeIntervalSince(lastSeenAt) > 60 {
            try await recorder.bookkeeping { db in
                try await SessionModel.query(on: db).filter(\.$id == id).set(\.$lastSeenAt, to: now).update()
            }
        }
        return try SignedInPerson(row: row, sessionID: id)
    }

    func end(sessionID: UUID) async throws {
        try await recorder.bookkeeping { db in try await SessionModel.query(on: db).filter(\.$id == sessionID).delete() }
    }
}

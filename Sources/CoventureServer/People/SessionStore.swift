import Fluent
import Foundation
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
        guard
            let session = try await SessionModel.query(on: db).filter(\.$secretHash == Secrets.hash(secret))
                .with(\.$person, { $0.with(\.$organization) }).first()
        else { return nil }
        let id = try session.requireID()
        if now.timeIntervalSince(session.lastSeenAt) > idleTimeout || now.timeIntervalSince(session.createdAt) > absoluteTimeout {
            try await recorder.bookkeeping { db in try await SessionModel.query(on: db).filter(\.$id == id).delete() }
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            try await recorder.bookkeeping { db in
                try await SessionModel.query(on: db).filter(\.$id == id).set(\.$lastSeenAt, to: now).update()
            }
        }
        let person = session.person
        return SignedInPerson(
            id: try person.requireID(), name: person.name, email: person.email, organizationID: person.$organization.id,
            organizationName: person.organization.name, isOrgAdmin: person.isOrgAdmin, sessionID: id)
    }

    func end(sessionID: UUID) async throws {
        try await recorder.bookkeeping { db in try await SessionModel.query(on: db).filter(\.$id == sessionID).delete() }
    }
}

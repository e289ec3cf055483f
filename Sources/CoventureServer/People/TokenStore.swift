import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Personal API tokens: created (secret shown once, optionally with an expiry), listed, revoked, and resolved for
/// bearer authentication (which also notes, at most once a minute, when each token was last used).
package struct TokenStore: RecordingStore {
    let db: any Database
    let recorder: Recorder
    /// Where a token's last use is written without the request waiting, and the application's recorder that writes
    /// it (not the request's: the write is no part of the request, and may outlive it). Nil writes it in line.
    var background: (writes: BackgroundWrites, recorder: Recorder)?

    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
        self.background = nil
    }

    init(request: Request) {
        self.init(db: request.db, recorder: request.recorder)
        background = (request.application.backgroundWrites, request.application.recorder)
    }

    package init(application: Application) {
        self.init(db: application.db, recorder: application.recorder)
        background = (application.backgroundWrites, application.recorder)
    }

    /// When a new token stops working: an RFC 3339 date-time (the API's `expiresAt`), a number of days (the page's
    /// "expires in"), or never.
    package enum Expiry: Sendable {
        case never
        case at(String)
        case inDays(String?)
    }

    func create(name: String?, expiry: Expiry = .never, for person: SignedInPerson) async throws -> CreatedTokenDTO {
        let secret = Secrets.make(prefix: "cvt_")
        return try await create(
            name: name, expiry: expiry, personID: person.id, organizationID: person.organizationID, actor: person.actor, secret: secret)
    }

    package func create(
        name: String?, expiry: Expiry = .never, personID: UUID, organizationID: UUID, actor: Actor, secret: String
    ) async throws -> CreatedTokenDTO {
        let now = recorder.now()
        return try await recorder.record(
            .ownAccount, by: actor,
            validate: {
                var checks = FieldChecks()
                let name = checks.run { try Validate.text(name?.nilIfEmpty ?? "API token", field: "name", maxLength: 100) }
                let expiresAt: Date?? = checks.run {
                    switch expiry {
                    case .never: nil
                    case .at(let text): try TokenLifetime.expiry(rfc3339: text, now: now)
                    case .inDays(let text): try TokenLifetime.expiry(days: text, now: now)
                    }
                }
                try checks.finish()
                // Whole seconds: what both databases keep, so the token shows the expiry it was given.
                return (name: name!, expiresAt: expiresAt!.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) })
            },
            apply: { db, input in
                let token = APITokenRow(
                    id: UUID(), personID: personID, name: input.name, secretHash: Secrets.hash(secret), createdAt: Date(),
                    expiresAt: input.expiresAt)
                try await token.insert(db)
                var change: [String: JSONValue] = ["name": .string(input.name), "personId": .id(personID)]
                if let expiresAt = input.expiresAt { change["expiresAt"] = .string(LedgerEventBody.timestamp(expiresAt)) }
                let event = EventDraft(
                    log: organizationID, action: .tokenCreated, objectID: token.id, change: change)
                return Recorded(CreatedTokenDTO(token: token.dto(), secret: secret), event)
            })
    }

    func list(for person: SignedInPerson) async throws -> [TokenDTO] {
        try await APITokenRow.all(db, where: "person_id = \(bind: person.id)", orderBy: "created_at DESC").map { $0.dto() }
    }

    /// Revokes one of the caller's own tokens; someone else's token is a 404.
    func revoke(_ tokenID: UUID, for person: SignedInPerson) async throws -> TokenDTO {
        try await recorder.record(
            .ownAccount, by: person.actor, validate: {},
            apply: { db, _ in
                guard var token = try await APITokenRow.first(db, where: "id = \(bind: tokenID) AND person_id = \(bind: person.id)")
                else { throw AppError.notFound }
                if token.revokedAt == nil {
                    token.revokedAt = Date()
                    // Only this column: the token's last use is written beside changes, as bookkeeping.
                    try await token.update(db, [.revokedAt])
                }
                let event = EventDraft(
                    log: person.organizationID, action: .tokenRevoked, objectID: tokenID,
                    change: ["personId": .id(person.id)])
                return Recorded(token.dto(), event)
            })
    }

    /// The person a bearer secret stands for: nil for an unknown, revoked or expired token (all three are the same
    /// 401). A use is written down when the last one is a minute old or more (`TokenLifetime.isUseDue`).
    func resolve(secret: String, now: Date = Date()) async throws -> SignedInPerson? {
        let sql = db as! any SQLDatabase
        guard
            let row = try await sql.raw("""
                SELECT t.id AS token_id, t.last_used_at AS token_last_used_at, t.expires_at AS token_expires_at, \
                \(unsafeRaw: SignedInPerson.joinedColumns)
                FROM api_tokens t JOIN people p ON p.id = t.person_id \(unsafeRaw: SignedInPerson.joinOrganization)
                WHERE t.secret_hash = \(bind: Secrets.hash(secret)) AND t.revoked_at IS NULL
                """).first()
        else { return nil }
        guard TokenLifetime.isLive(expiresAt: try row.decode(column: "token_expires_at", as: Date?.self), now: now) else { return nil }
        if TokenLifetime.isUseDue(lastUsedAt: try row.decode(column: "token_last_used_at", as: Date?.self), now: now) {
            try await noteUse(of: try row.decode(column: "token_id", as: UUID.self), at: now)
        }
        return try SignedInPerson(row: row, sessionID: nil)
    }

    /// Writes `last_used_at`: bookkeeping (no event), behind the write gate, in the background when there is one.
    private func noteUse(of tokenID: UUID, at now: Date) async throws {
        let recorder = background?.recorder ?? self.recorder
        let write: @Sendable () async throws -> Void = {
            try await recorder.bookkeeping { db in
                try await APITokenRow.update(db, set: "last_used_at = \(bind: now)", where: "id = \(bind: tokenID)")
            }
        }
        if let background {
            background.writes.submit(key: "token-use-\(tokenID)", write)
        } else {
            try await write()
        }
    }
}

import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Personal API tokens: created (secret shown once), listed, revoked, and resolved for bearer authentication.
struct TokenStore: RecordingStore {
    let db: any Database
    let recorder: Recorder

    func create(name: String?, for person: SignedInPerson) async throws -> CreatedTokenDTO {
        let secret = Secrets.make(prefix: "cvt_")
        return try await create(name: name, personID: person.id, organizationID: person.organizationID, actor: person.actor, secret: secret)
    }

    func create(name: String?, personID: UUID, organizationID: UUID, actor: Actor, secret: String) async throws -> CreatedTokenDTO {
        try await recorder.record(
            .ownAccount, by: actor,
            validate: { try Validate.text(name?.nilIfEmpty ?? "API token", field: "name", maxLength: 100) },
            apply: { db, name in
                let token = APITokenModel(personID: personID, name: name, secretHash: Secrets.hash(secret), createdAt: Date())
                try await token.create(on: db)
                let event = EventDraft(
                    log: organizationID, action: .tokenCreated, objectID: try token.requireID(),
                    change: ["name": .string(name), "personId": .id(personID)])
                return Recorded(CreatedTokenDTO(token: try token.dto(), secret: secret), event)
            })
    }

    func list(for person: SignedInPerson) async throws -> [TokenDTO] {
        try await APITokenModel.query(on: db).filter(\.$person.$id == person.id).sort(\.$createdAt, .descending).all()
            .map { try $0.dto() }
    }

    /// Revokes one of the caller's own tokens; someone else's token is a 404.
    func revoke(_ tokenID: UUID, for person: SignedInPerson) async throws -> TokenDTO {
        try await recorder.record(
            .ownAccount, by: person.actor, validate: {},
            apply: { db, _ in
                guard let token = try await APITokenModel.query(on: db).filter(\.$id == tokenID)
                    .filter(\.$person.$id == person.id).first()
                else { throw AppError.notFound }
                if token.revokedAt == nil {
                    token.revokedAt = Date()
                    try await token.save(on: db)
                }
                let event = EventDraft(
                    log: person.organizationID, action: .tokenRevoked, objectID: tokenID,
                    change: ["personId": .id(person.id)])
                return Recorded(try token.dto(), event)
            })
    }

    func resolve(secret: String) async throws -> SignedInPerson? {
        let sql = db as! any SQLDatabase
        guard
            let row = try await sql.raw("""
                SELECT \(unsafeRaw: SignedInPerson.joinedColumns)
                FROM api_tokens t JOIN people p ON p.id = t.person_id \(unsafeRaw: SignedInPerson.joinOrganization)
                WHERE t.secret_hash = \(bind: Secrets.hash(secret)) AND t.revoked_at IS NULL
                """).first()
        else { return nil }
        return try SignedInPerson(row: row, sessionID: nil)
    }
}

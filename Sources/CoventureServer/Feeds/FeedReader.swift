import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// A live feed as a call finds it by its secret: what the call needs to record a check-in in the owner's name.
struct LiveFeed: Sendable {
    var id: UUID
    var keyResultID: UUID
    var source: String
    /// The key result's owner (nil: nobody owns it any more) and their organization.
    var ownerID: UUID?
    var ownerOrganizationID: UUID?
    /// The key result's confidence now: a call that gives none keeps it.
    var confidence: String?
}

/// Reads of inbound feeds (plain rows; no recorder).
struct FeedReader {
    let db: any Database

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    /// A key result's feeds that are not revoked, newest first.
    func feeds(of keyResultID: UUID) async throws -> [FeedDTO] {
        try await KeyResultFeedRow.all(
            db, where: "key_result_id = \(bind: keyResultID) AND revoked_at IS NULL", orderBy: "created_at DESC, id"
        ).map(\.dto)
    }

    /// The key result a feed belongs to, revoked or not (nil: no such feed).
    func keyResultID(ofFeed feedID: UUID) async throws -> UUID? {
        try await KeyResultFeedRow.find(feedID, db)?.keyResultID
    }

    /// The live feed whose secret this is: one statement, by the secret's hash (a revoked or unknown secret: nil).
    func live(secret: String) async throws -> LiveFeed? {
        guard let row = try await sql.raw("""
            SELECT f.id, f.key_result_id, f.source, k.owner_person_id, k.confidence, p.organization_id AS owner_organization_id
            FROM key_result_feeds f JOIN key_results k ON k.id = f.key_result_id LEFT JOIN people p ON p.id = k.owner_person_id
            WHERE f.secret_hash = \(bind: Secrets.hash(secret)) AND f.revoked_at IS NULL
            """).first()
        else { return nil }
        return LiveFeed(
            id: try row.decode(column: "id", as: UUID.self), keyResultID: try row.decode(column: "key_result_id", as: UUID.self),
            source: try row.decode(column: "source", as: String.self), ownerID: try row.decode(column: "owner_person_id", as: UUID?.self),
            ownerOrganizationID: try row.decode(column: "owner_organization_id", as: UUID?.self),
            confidence: try row.decode(column: "confidence", as: String?.self))
    }
}

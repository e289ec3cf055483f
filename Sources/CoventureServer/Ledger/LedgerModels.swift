import Fluent
import Foundation
import SQLKit

/// One recorded change: a row per event, appended in the same transaction as the change itself.
/// `canonical` holds the exact leaf bytes (UTF-8 canonical JSON); nothing may ever rewrite them.
final class LedgerEventModel: Model, @unchecked Sendable {
    static let schema = "ledger_events"
    @ID(key: .id) var id: UUID?
    @Field(key: "log_id") var logID: UUID
    @Field(key: "seq") var sequence: Int
    @OptionalField(key: "actor_id") var actorID: UUID?
    @OptionalField(key: "actor_organization_id") var actorOrganizationID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "object_type") var objectType: String
    @Field(key: "object_id") var objectID: UUID
    @Field(key: "canonical") var canonical: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

struct CreateLedgerV1: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ledger_events")
            .id()
            .field("log_id", .uuid, .required)
            .field("seq", .int64, .required)
            .field("actor_id", .uuid)
            .field("actor_organization_id", .uuid)
            .field("action", .string, .required)
            .field("object_type", .string, .required)
            .field("object_id", .uuid, .required)
            .field("canonical", .string, .required)
            .field("sha256", .string, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "log_id", "seq")
            .create()
        // The head of each log: its size. Incremented with an upsert in the writing transaction, which both
        // numbers the event and (on PostgreSQL) orders concurrent writers to the same log by its row lock.
        try await database.schema("ledger_heads")
            .field("log_id", .uuid, .identifier(auto: false))
            .field("size", .int64, .required)
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("ledger_heads").delete()
        try await database.schema("ledger_events").delete()
    }
}

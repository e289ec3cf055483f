import Fluent
import Foundation
import SQLKit

// Inbound key-result feeds (issue #16), schema version 9. Frozen history once shipped: never edit, add a new migration.
// Table and column names are literals, not the models' keys.

/// A key result's inbound feeds: only the secret's hash is kept (like an API token's), and a revoked feed keeps its
/// row so the page and the ledger can still say what it was.
struct CreateKeyResultFeedsV9: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("key_result_feeds")
            .id()
            .field("key_result_id", .uuid, .required, .references("key_results", "id"))
            .field("source", .string, .required)
            .field("secret_hash", .string, .required)
            .field("created_by", .uuid, .required, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "secret_hash")
            .create()
        try await (database as! any SQLDatabase).raw("CREATE INDEX key_result_feeds_key_result_idx ON key_result_feeds (key_result_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("key_result_feeds").delete()
    }
}

/// Where a check-in came from when a tool rather than a person sent it (a feed's source label, or the `source` its
/// call named); null for a person's own check-in.
struct AddCheckInSourceV9: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("check_ins").field("source", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("check_ins").deleteField("source").update()
    }
}

/// The `webhook-id`s of signed feed calls within the replay window (issue #17), in the database rather than in each
/// node's memory: behind a proxy, a replay may reach another node than the original did. Schema version 11.
struct CreateFeedMessagesV11: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("feed_messages")
            .field("feed_id", .uuid, .required)
            .field("message_id", .string, .required)
            .field("received_at", .datetime, .required)
            .unique(on: "feed_id", "message_id")
            .create()
        try await (database as! any SQLDatabase).raw("CREATE INDEX feed_messages_received_idx ON feed_messages (received_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("feed_messages").delete()
    }
}

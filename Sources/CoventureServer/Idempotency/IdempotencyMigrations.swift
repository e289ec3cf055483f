import Fluent
import Foundation
import SQLKit

// Idempotency keys (issue #17), schema version 10. Frozen history once shipped: never edit, add a new migration.
// Table and column names are literals, not a model's keys.

/// One row per caller and `Idempotency-Key` used in the last 24 hours: the claim a request holds while it runs (its
/// lease), whether its change was recorded, and once it finished, its answer. The unique (caller, key) pair is the
/// claim itself: two requests racing for a key, on one node or several, both insert and exactly one row wins.
/// The key is kept only as a digest and the answer's body sealed (`IdempotentAnswerSeal`).
struct CreateIdempotencyKeysV10: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("idempotency_keys")
            .id()
            .field("caller", .string, .required)
            .field("key_digest", .string, .required)
            .field("request_hash", .string, .required)
            .field("lease_token", .uuid, .required)
            .field("lease_expires_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .field("recorded_at", .datetime)
            .field("response_status", .int)
            .field("response_headers", .string)
            .field("response_body", .data)
            .unique(on: "caller", "key_digest")
            .create()
        // The sweep deletes by age.
        try await (database as! any SQLDatabase).raw("CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("idempotency_keys").delete()
    }
}

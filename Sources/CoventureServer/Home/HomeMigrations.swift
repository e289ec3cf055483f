import Fluent
import SQLKit

// Schema version 5 (issue #12). Frozen history once shipped: never edit, add a new migration.

/// The home page's personal reading state, which is no change to the initiative and so no ledger event (like a
/// session's `last_seen_at`): how far each person has read each initiative's log, and the notices waiting for them.
struct CreateHomeV5: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One row per person and initiative: the highest sequence number of the initiative's log they have read.
        try await database.schema("home_reading_positions")
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("seq", .int64, .required)
            .field("read_at", .datetime, .required)
            .unique(on: "person_id", "initiative_id")
            .create()
        // Something another person did in one's name (a check-in on one's key result), until dismissed or looked at.
        try await database.schema("home_notices")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("kind", .string, .required)
            .field("initiative_id", .uuid)
            .field("key_result_id", .uuid, .required)
            .field("check_in_id", .uuid, .required)
            .field("actor_id", .uuid, .required)
            .field("value", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX home_notices_person_idx ON home_notices (person_id, key_result_id)").run()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("home_notices").delete()
        try await database.schema("home_reading_positions").delete()
    }
}

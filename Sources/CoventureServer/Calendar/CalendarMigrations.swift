import Fluent
import Foundation

// Personal calendar feeds (issue #16), schema version 9. Frozen history once shipped: never edit, add a new migration.
// Table and column names are literals, not the models' keys.

/// One calendar feed a person at most: only its secret's hash is kept; a new one replaces the row, so the old URL stops.
struct CreateCalendarFeedsV9: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("calendar_feeds")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("secret_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .unique(on: "person_id")
            .unique(on: "secret_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("calendar_feeds").delete()
    }
}

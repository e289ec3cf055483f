import Fluent
import SQLKit

// Schema version 6. Frozen history once shipped: never edit, add a new migration.

/// In-app notifications: one row per person and thing that needs them, written by the feature that has something to
/// say (decisions first) inside the transaction of the change it is about. Personal reading state, like `home_notices`:
/// no ledger event. A person's or an initiative's notifications go with them (`ON DELETE CASCADE`).
struct CreateNotificationsV6: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("notifications")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("initiative_id", .uuid, .references("initiatives", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            // What it is about (a decision's id): pages about it mark it read when its person opens them.
            .field("subject_id", .uuid)
            // A plain sentence, worded by the sender.
            .field("message", .string, .required)
            // A path of the site ("/…"); pages link it only if it still is one (`SitePath`).
            .field("link", .string, .required)
            // A sender's "not again": a second row with the same person and key is skipped (NULLs never collide).
            .field("dedupe_key", .string)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .unique(on: "person_id", "dedupe_key")
            .create()
        let sql = database as! any SQLDatabase
        // The header's unread count (every signed-in page view) and the reads that mark a subject read.
        try await sql.raw("CREATE INDEX notifications_person_read_idx ON notifications (person_id, read_at)").run()
        // The list page, newest first, a page at a time.
        try await sql.raw("CREATE INDEX notifications_person_created_idx ON notifications (person_id, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        // The indexes go with their table.
        try await database.schema("notifications").delete()
    }
}

import Fluent
import SQLKit

// Schema version 4 (issue #11). Frozen history once shipped: never edit, add a new migration.

/// API tokens may expire: `expires_at`, empty for a token that works until revoked.
struct AddAPITokenExpiryV4: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens").field("expires_at", .datetime).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").deleteField("expires_at").update()
    }
}

/// A person's sessions, least recently seen first: what the cap on live sessions per person reads at sign-in.
struct IndexSessionsByPersonV4: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX sessions_person_idx ON sessions (person_id, last_seen_at)").run()
    }
    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX sessions_person_idx").run()
    }
}

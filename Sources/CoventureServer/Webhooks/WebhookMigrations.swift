import Fluent
import Foundation
import SQLKit

// Outbound webhooks (issue #16), schema version 9. Frozen history once shipped: never edit, add a new migration.
// Table and column names are literals, not the models' keys.

struct CreateWebhooksV9: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // An endpoint: one party's (its organization's) receiver of one initiative's events. The secrets are sealed
        // (`WebhookSecretBox`), never stored in the clear: signing needs the key itself, so a hash would not do.
        try await database.schema("webhook_endpoints")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("url", .string, .required)
            // JSON array of ledger action names, or ["*"].
            .field("event_types", .string, .required)
            .field("secret_sealed", .string, .required)
            .field("previous_secret_sealed", .string)
            .field("previous_secret_expires_at", .datetime)
            .field("enabled", .bool, .required)
            .field("disabled_reason", .string)
            // Since when every delivery has failed; nil after a success. 24 hours of it disables the endpoint.
            .field("failing_since", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        // The outbox: one row per (event, endpoint), inserted in the event's own transaction by `LedgerAppender`, so
        // it commits or rolls back with the event. No foreign key to the endpoint: a change must never fail because
        // an endpoint was deleted meanwhile on another node (the deliverer joins endpoints and skips such rows).
        // `seq` is the event's sequence in its log (nil for a test message): per endpoint, messages go out in its order.
        try await database.schema("webhook_messages")
            .id()
            .field("endpoint_id", .uuid, .required)
            .field("log_id", .uuid, .required)
            .field("seq", .int)
            .field("event_type", .string, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("created_at", .datetime, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("first_attempt_at", .datetime)
            .field("last_attempt_at", .datetime)
            .field("response_status", .int)
            .field("latency_ms", .int)
            .field("error", .string)
            // The exact body, fixed at the first attempt, so every attempt of a message sends the same bytes.
            .field("payload", .string)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX webhook_endpoints_initiative_idx ON webhook_endpoints (initiative_id, organization_id)").run()
        try await sql.raw("CREATE INDEX webhook_messages_endpoint_idx ON webhook_messages (endpoint_id, state, seq)").run()
        try await sql.raw("CREATE INDEX webhook_messages_due_idx ON webhook_messages (state, next_attempt_at)").run()
        try await sql.raw("CREATE INDEX webhook_messages_log_idx ON webhook_messages (endpoint_id, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["webhook_messages", "webhook_endpoints"] {
            try await database.schema(table).delete()
        }
    }
}

/// An endpoint may belong to an organization rather than to one initiative (issue #16, "for an initiative (or their
/// organization)"): `initiative_id` becomes nullable. An organization's endpoint (no initiative) receives its own
/// log's events and those of every initiative it is a party to, so the partial index serves the outbox's lookup of
/// "the organizations' endpoints of this initiative's parties".
///
/// SQLite cannot drop a NOT NULL constraint: the table is rebuilt with the same columns (nothing references it: the
/// outbox holds no foreign key to it). PostgreSQL alters the column in place.
struct AllowOrganizationWebhooksV10: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await Self.rebuildSQLite(sql, initiativeColumn: #""initiative_id" UUID REFERENCES "initiatives" ("id")"#)
        } else {
            try await sql.raw("ALTER TABLE webhook_endpoints ALTER COLUMN initiative_id DROP NOT NULL").run()
        }
        try await sql.raw("""
            CREATE INDEX webhook_endpoints_organization_idx ON webhook_endpoints (organization_id) WHERE initiative_id IS NULL
            """).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("""
            DELETE FROM webhook_messages WHERE endpoint_id IN (SELECT id FROM webhook_endpoints WHERE initiative_id IS NULL)
            """).run()
        try await sql.raw("DELETE FROM webhook_endpoints WHERE initiative_id IS NULL").run()
        try await sql.raw("DROP INDEX webhook_endpoints_organization_idx").run()
        if sql.dialect.name == "sqlite" {
            try await Self.rebuildSQLite(sql, initiativeColumn: #""initiative_id" UUID NOT NULL REFERENCES "initiatives" ("id")"#)
        } else {
            try await sql.raw("ALTER TABLE webhook_endpoints ALTER COLUMN initiative_id SET NOT NULL").run()
        }
    }

    /// The V9 table as Fluent wrote it on SQLite, with `initiative_id` as given; rows copied, index rebuilt.
    private static func rebuildSQLite(_ sql: any SQLDatabase, initiativeColumn: String) async throws {
        let columns = """
            id, initiative_id, organization_id, url, event_types, secret_sealed, previous_secret_sealed, \
            previous_secret_expires_at, enabled, disabled_reason, failing_since, created_at
            """
        try await sql.raw("""
            CREATE TABLE "webhook_endpoints_rebuilt" ("id" UUID PRIMARY KEY, \(unsafeRaw: initiativeColumn), \
            "organization_id" UUID NOT NULL REFERENCES "organizations" ("id"), "url" TEXT NOT NULL, "event_types" TEXT NOT NULL, \
            "secret_sealed" TEXT NOT NULL, "previous_secret_sealed" TEXT, "previous_secret_expires_at" REAL, "enabled" INTEGER NOT NULL, \
            "disabled_reason" TEXT, "failing_since" REAL, "created_at" REAL NOT NULL)
            """).run()
        try await sql.raw("INSERT INTO webhook_endpoints_rebuilt (\(unsafeRaw: columns)) SELECT \(unsafeRaw: columns) FROM webhook_endpoints").run()
        try await sql.raw("DROP TABLE webhook_endpoints").run()
        try await sql.raw("ALTER TABLE webhook_endpoints_rebuilt RENAME TO webhook_endpoints").run()
        try await sql.raw("CREATE INDEX webhook_endpoints_initiative_idx ON webhook_endpoints (initiative_id, organization_id)").run()
    }
}

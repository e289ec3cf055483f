import Fluent
import Foundation

// "My updates", reminders and digests (issue #16), schema version 9. Frozen history once shipped: never edit, add a new
// migration. Table and column names are literals.

/// The mail outbox: e-mails the server wrote (weekly digests) for an operator's mail relay to send. A message is the
/// whole RFC 5322 text, written once; `sent_at` is set when the relay (or `coventure outbox mark-sent`) says it went.
struct CreateMailOutboxV9: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("mail_outbox")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("message", .string, .required)
            // One message per purpose and person ("weekly-digest:2026-W49"): a sweep run twice writes it once.
            .field("dedupe_key", .string, .required)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .unique(on: "person_id", "dedupe_key")
            .create()
        // The ISO weeks whose digests went out to everyone: later sweeps of the week read one row, not every person.
        try await database.schema("digest_runs")
            .field("week", .string, .required)
            .field("finished_at", .datetime, .required)
            .unique(on: "week")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("digest_runs").delete()
        try await database.schema("mail_outbox").delete()
    }
}

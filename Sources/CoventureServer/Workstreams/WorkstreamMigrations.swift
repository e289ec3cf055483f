import Fluent
import SQLKit

// Workstreams (issue #4). Frozen history once merged: never edit a shipped migration, add a new one.
// Table and column names are literals, not the models' keys.

struct CreateWorkstreamsV1: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("workstreams")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("purpose", .string, .required)
            .field("start_date", .string, .required)
            .field("end_date", .string)
            .field("status", .string, .required)
            .field("leader_id", .uuid, .references("people", "id"))
            .field("leader_commitment", .int)
            .field("closing_note", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("workstream_assignments")
            .id()
            .field("workstream_id", .uuid, .required, .references("workstreams", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("role", .string, .required)
            .field("commitment", .int, .required)
            .field("term_end", .string)
            .field("ended_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("work_items")
            .id()
            .field("workstream_id", .uuid, .required, .references("workstreams", "id"))
            .field("title", .string, .required)
            .field("assignee_id", .uuid, .required, .references("people", "id"))
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("workstream_charters")
            .id()
            .field("workstream_id", .uuid, .required, .references("workstreams", "id"))
            .field("version", .int, .required)
            .field("purpose", .string, .required)
            .field("accountable_for", .string, .required)
            .field("working_agreements", .string, .required)
            .field("how_it_decides", .string, .required)
            .field("review_date", .string)
            .field("created_by", .uuid, .required, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .unique(on: "workstream_id", "version")
            .create()
        try await database.schema("workstream_charter_agreements")
            .id()
            .field("charter_id", .uuid, .required, .references("workstream_charters", "id"))
            .field("workstream_id", .uuid, .required, .references("workstreams", "id"))
            .field("version", .int, .required)
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("agreed_at", .datetime, .required)
            .unique(on: "charter_id", "person_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX workstreams_initiative_idx ON workstreams (initiative_id)").run()
        try await sql.raw("CREATE INDEX workstreams_leader_idx ON workstreams (leader_id)").run()
        try await sql.raw("CREATE INDEX workstream_assignments_stream_idx ON workstream_assignments (workstream_id)").run()
        try await sql.raw("CREATE INDEX workstream_assignments_person_idx ON workstream_assignments (person_id)").run()
        try await sql.raw("CREATE INDEX work_items_stream_idx ON work_items (workstream_id)").run()
        try await sql.raw("CREATE INDEX work_items_assignee_idx ON work_items (assignee_id)").run()
        try await sql.raw("CREATE INDEX workstream_charter_agreements_stream_idx ON workstream_charter_agreements (workstream_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["workstream_charter_agreements", "workstream_charters", "work_items", "workstream_assignments", "workstreams"] {
            try await database.schema(table).delete()
        }
    }
}

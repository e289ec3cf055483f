import Fluent
import SQLKit

// Schema version 3: OKRs. Frozen history: never edit a shipped migration, add a new one.

struct CreateOKRsV3: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("okr_periods")
            .id()
            .field("initiative_id", .uuid, .references("initiatives", "id"))
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("name", .string, .required)
            .field("start_date", .string, .required)
            .field("end_date", .string, .required)
            .create()
        try await database.schema("objectives")
            .id()
            .field("initiative_id", .uuid, .references("initiatives", "id"))
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("period_id", .uuid, .required, .references("okr_periods", "id"))
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("weight", .string, .required)
            .field("owner_person_id", .uuid, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("objective_alignments")
            .id()
            .field("child_id", .uuid, .required, .references("objectives", "id"))
            .field("parent_id", .uuid, .required, .references("objectives", "id"))
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "child_id", "parent_id")
            .create()
        try await database.schema("key_results")
            .id()
            .field("objective_id", .uuid, .required, .references("objectives", "id"))
            .field("initiative_id", .uuid, .references("initiatives", "id"))
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("unit", .string, .required)
            .field("baseline", .string)
            .field("target", .string)
            .field("steps", .string, .required)
            .field("weight", .string, .required)
            .field("owner_person_id", .uuid, .references("people", "id"))
            .field("current_value", .string)
            .field("confidence", .string)
            .field("last_check_in_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("check_ins")
            .id()
            .field("key_result_id", .uuid, .required, .references("key_results", "id"))
            .field("value", .string, .required)
            .field("confidence", .string, .required)
            .field("narrative", .string, .required)
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("corrects_id", .uuid, .references("check_ins", "id"))
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.schema("initiatives")
            .field("check_in_stale_days", .int)
            .update()

        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX okr_periods_initiative_idx ON okr_periods (initiative_id)").run()
        try await sql.raw("CREATE INDEX okr_periods_organization_idx ON okr_periods (organization_id)").run()
        try await sql.raw("CREATE INDEX objectives_initiative_idx ON objectives (initiative_id)").run()
        try await sql.raw("CREATE INDEX objectives_organization_idx ON objectives (organization_id)").run()
        try await sql.raw("CREATE INDEX objective_alignments_parent_idx ON objective_alignments (parent_id)").run()
        try await sql.raw("CREATE INDEX key_results_objective_idx ON key_results (objective_id)").run()
        try await sql.raw("CREATE INDEX key_results_initiative_idx ON key_results (initiative_id)").run()
        try await sql.raw("CREATE INDEX key_results_owner_idx ON key_results (owner_person_id)").run()
        try await sql.raw("CREATE INDEX check_ins_key_result_idx ON check_ins (key_result_id, recorded_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("initiatives").deleteField("check_in_stale_days").update()
        for table in ["check_ins", "key_results", "objective_alignments", "objectives", "okr_periods"] {
            try await database.schema(table).delete()
        }
    }
}

// Schema version 5 (issue #12). Frozen history once shipped: never edit, add a new migration.

/// A check-in made by someone other than the key result's owner names the owner it was made for (bug 4).
struct AddCheckInOnBehalfOfV5: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("check_ins").field("on_behalf_of", .uuid).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("check_ins").deleteField("on_behalf_of").update()
    }
}

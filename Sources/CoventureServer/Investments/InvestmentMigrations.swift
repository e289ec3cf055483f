import Fluent
import Foundation
import SQLKit

// Investments (issue #14), schema version 7. Frozen history once shipped: never edit, add a new migration.
// Table and column names are literals, not the models' keys. Money is an integer of minor units (`.int64`), never a float.

struct CreateInvestmentsV7: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // Versions of an initiative's scoring framework; each is ratified (or rejected) by its decision. Exactly one
        // is in force (`ratified`) once the first passed; the one before it becomes `superseded`.
        try await database.schema("scoring_frameworks")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("version", .int, .required)
            .field("status", .string, .required)
            .field("decision_id", .uuid, .references("decisions", "id"))
            .field("proposed_by", .uuid, .required, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .field("decided_at", .datetime)
            .unique(on: "initiative_id", "version")
            .create()
        try await database.schema("scoring_criteria")
            .id()
            .field("framework_id", .uuid, .required, .references("scoring_frameworks", "id"))
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("weight", .int, .required)
            .field("scale_min", .double, .required)
            .field("scale_max", .double, .required)
            .field("decimals", .bool, .required)
            .field("direction", .string, .required)
            .create()
        try await database.schema("investment_proposals")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("title", .string, .required)
            .field("problem", .string, .required)
            .field("hypothesis", .string, .required)
            .field("ask_amount", .int64, .required)
            .field("currency", .string, .required)
            .field("workstream_id", .uuid, .references("workstreams", "id"))
            .field("author_id", .uuid, .required, .references("people", "id"))
            // The framework version its rating opened under: it is scored against that version's criteria.
            .field("framework_id", .uuid, .references("scoring_frameworks", "id"))
            .field("stage", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        // Each funding party's pledge (sums to the ask).
        try await database.schema("investment_pledges")
            .id()
            .field("proposal_id", .uuid, .required, .references("investment_proposals", "id"))
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("position", .int, .required)
            .field("amount", .int64, .required)
            .unique(on: "proposal_id", "organization_id")
            .create()
        try await database.schema("investment_tranches")
            .id()
            .field("proposal_id", .uuid, .required, .references("investment_proposals", "id"))
            .field("position", .int, .required)
            .field("amount", .int64, .required)
            .field("milestone", .string, .required)
            .field("key_result_id", .uuid, .references("key_results", "id"))
            .field("released_at", .datetime)
            .unique(on: "proposal_id", "position")
            .create()
        // What each party paid of a released tranche (sums to the tranche).
        try await database.schema("investment_releases")
            .id()
            .field("tranche_id", .uuid, .required, .references("investment_tranches", "id"))
            .field("proposal_id", .uuid, .required, .references("investment_proposals", "id"))
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("amount", .int64, .required)
            .field("released_at", .datetime, .required)
            .unique(on: "tranche_id", "organization_id")
            .create()
        try await database.schema("investment_proposal_objectives")
            .id()
            .field("proposal_id", .uuid, .required, .references("investment_proposals", "id"))
            .field("objective_id", .uuid, .required, .references("objectives", "id"))
            .unique(on: "proposal_id", "objective_id")
            .create()
        // The value metrics a proposal expects to move.
        try await database.schema("investment_proposal_metrics")
            .id()
            .field("proposal_id", .uuid, .required, .references("investment_proposals", "id"))
            .field("metric_id", .uuid, .required, .references("value_metrics", "id"))
            .unique(on: "proposal_id", "metric_id")
            .create()
        // Every rating ever given; a rater's latest per criterion is current (`is_current`).
        try await database.schema("investment_ratings")
            .id()
            .field("proposal_id", .uuid, .required, .references("investment_proposals", "id"))
            .field("criterion_id", .uuid, .required, .references("scoring_criteria", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("value", .double, .required)
            .field("comment", .string, .required)
            .field("is_current", .bool, .required)
            .field("rated_at", .datetime, .required)
            .create()
        // A gate opens a decision on going ahead with the next tranche; its outcome is pending until the decision
        // ends, then go (the tranche is released), or awaitingOwner until the owner records kill, hold or recycle.
        try await database.schema("investment_gates")
            .id()
            .field("proposal_id", .uuid, .required, .references("investment_proposals", "id"))
            .field("position", .int, .required)
            .field("tranche_id", .uuid, .required, .references("investment_tranches", "id"))
            .field("decision_id", .uuid, .required, .references("decisions", "id"))
            .field("outcome", .string, .required)
            .field("reason", .string)
            .field("decided_by", .uuid, .references("people", "id"))
            .field("opened_at", .datetime, .required)
            .field("decided_at", .datetime)
            .unique(on: "proposal_id", "position")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX scoring_frameworks_initiative_idx ON scoring_frameworks (initiative_id, status)").run()
        try await sql.raw("CREATE INDEX scoring_criteria_framework_idx ON scoring_criteria (framework_id, position)").run()
        try await sql.raw("CREATE INDEX investment_proposals_initiative_idx ON investment_proposals (initiative_id, created_at)").run()
        try await sql.raw("CREATE INDEX investment_pledges_proposal_idx ON investment_pledges (proposal_id)").run()
        try await sql.raw("CREATE INDEX investment_tranches_proposal_idx ON investment_tranches (proposal_id)").run()
        try await sql.raw("CREATE INDEX investment_releases_proposal_idx ON investment_releases (proposal_id)").run()
        try await sql.raw("CREATE INDEX investment_proposal_metrics_proposal_idx ON investment_proposal_metrics (proposal_id)").run()
        try await sql.raw("CREATE INDEX investment_proposal_objectives_proposal_idx ON investment_proposal_objectives (proposal_id)").run()
        try await sql.raw("CREATE INDEX investment_ratings_proposal_idx ON investment_ratings (proposal_id, is_current)").run()
        try await sql.raw("CREATE INDEX investment_gates_proposal_idx ON investment_gates (proposal_id, position)").run()
        try await sql.raw("CREATE INDEX investment_gates_decision_idx ON investment_gates (decision_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in [
            "investment_gates", "investment_ratings", "investment_proposal_metrics", "investment_proposal_objectives", "investment_releases", "investment_tranches",
            "investment_pledges", "investment_proposals", "scoring_criteria", "scoring_frameworks",
        ] {
            try await database.schema(table).delete()
        }
    }
}

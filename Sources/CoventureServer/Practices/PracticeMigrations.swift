import CoventureCore
import Fluent
import Foundation
import SQLKit

// The practice library (issue #15), schema version 8. Frozen history once shipped: never edit, add a new migration.
// Table and column names are literals, not the models' keys.

struct CreatePracticesV8: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // A practice: the catalogue's (no initiative; `catalogue_key` names it across editions), an initiative's copy of
        // a catalogue practice (`copied_from_id`), or a party's contribution (`contributed_by`). Its content lives in
        // versions; `version` is the one in force (0 until one is accepted), `latest_version` the newest proposed.
        try await database.schema("practices")
            .id()
            .field("initiative_id", .uuid, .references("initiatives", "id"))
            .field("catalogue_key", .string)
            .field("copied_from_id", .uuid, .references("practices", "id"))
            .field("contributed_by", .uuid, .references("organizations", "id"))
            .field("status", .string, .required)
            .field("version", .int, .required)
            .field("latest_version", .int, .required)
            .field("created_by", .uuid, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .unique(on: "catalogue_key")
            .unique(on: "initiative_id", "copied_from_id")
            .create()
        // A stream's retrospective; it may propose a version of a practice (created before the versions, which name it).
        try await database.schema("practice_retrospectives")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("workstream_id", .uuid, .required, .references("workstreams", "id"))
            .field("held_on", .string, .required)
            .field("helped", .string, .required)
            .field("to_change", .string, .required)
            // Keep / adapt / drop per adopted practice, a JSON list read with the retrospective, never queried by.
            .field("verdicts", .string, .required)
            .field("proposed_practice_id", .uuid, .references("practices", "id"))
            .field("proposed_version", .int)
            .field("recorded_by", .uuid, .required, .references("people", "id"))
            .field("recorded_at", .datetime, .required)
            .create()
        // Every version of a practice, each with its own review status. A version is never changed once accepted; a
        // version in review is revised in place by its proposing party.
        try await database.schema("practice_versions")
            .id()
            .field("practice_id", .uuid, .required, .references("practices", "id"))
            .field("version", .int, .required)
            .field("status", .string, .required)
            .field("name", .string, .required)
            .field("summary", .string, .required)
            .field("framework", .string, .required)
            .field("area", .string, .required)
            .field("people_min", .int, .required)
            .field("people_max", .int, .required)
            .field("duration_minutes", .int, .required)
            .field("difficulty", .string, .required)
            .field("how_to", .string, .required)
            // [{"kind","practiceId"}], a JSON list read with the version, never queried by.
            .field("relations", .string, .required)
            // Why this version (a refinement's reason; empty for a first version).
            .field("reason", .string, .required)
            .field("proposed_by", .uuid, .references("people", "id"))
            .field("proposer_organization_id", .uuid, .references("organizations", "id"))
            .field("retrospective_id", .uuid, .references("practice_retrospectives", "id"))
            .field("proposed_at", .datetime, .required)
            .field("decided_at", .datetime)
            .unique(on: "practice_id", "version")
            .create()
        // Each review of a version, oldest first.
        try await database.schema("practice_reviews")
            .id()
            .field("practice_id", .uuid, .required, .references("practices", "id"))
            .field("version", .int, .required)
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("verdict", .string, .required)
            .field("comment", .string, .required)
            .field("at", .datetime, .required)
            .create()
        // A stream's use of a practice, on one version, with its tailoring; ended (by a retrospective's "drop") but kept.
        try await database.schema("practice_adoptions")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("workstream_id", .uuid, .required, .references("workstreams", "id"))
            .field("practice_id", .uuid, .required, .references("practices", "id"))
            .field("version", .int, .required)
            .field("tailoring", .string, .required)
            .field("review_on", .string, .required)
            .field("adopted_by", .uuid, .required, .references("people", "id"))
            .field("adopted_at", .datetime, .required)
            .field("ended_on", .string)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX practices_initiative_idx ON practices (initiative_id, created_at)").run()
        try await sql.raw("CREATE INDEX practice_versions_practice_idx ON practice_versions (practice_id, version)").run()
        try await sql.raw("CREATE INDEX practice_reviews_practice_idx ON practice_reviews (practice_id, version, at)").run()
        try await sql.raw("CREATE INDEX practice_adoptions_initiative_idx ON practice_adoptions (initiative_id, workstream_id)").run()
        try await sql.raw("CREATE INDEX practice_adoptions_workstream_idx ON practice_adoptions (workstream_id, review_on)").run()
        try await sql.raw("CREATE INDEX practice_adoptions_practice_idx ON practice_adoptions (practice_id)").run()
        // A stream uses a practice once at a time: two adoptions racing on PostgreSQL meet here (the loser is a 409).
        try await sql.raw("""
            CREATE UNIQUE INDEX practice_adoptions_in_use_idx ON practice_adoptions (workstream_id, practice_id) WHERE ended_on IS NULL
            """).run()
        try await sql.raw("CREATE INDEX practice_retrospectives_workstream_idx ON practice_retrospectives (workstream_id, held_on)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["practice_adoptions", "practice_reviews", "practice_versions", "practice_retrospectives", "practices"] {
            try await database.schema(table).delete()
        }
    }
}

/// Loads the catalogue's first edition on first start (schema version 8). A later edition is a new migration calling
/// `PracticeCatalogueLoader.apply` with its own list: it updates the catalogue's rows by key, as new versions, and never
/// an initiative's copy.
struct LoadPracticeCatalogueV8: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await PracticeCatalogueLoader.apply(PracticeCatalogue.edition1, on: database, at: Date())
    }

    func revert(on database: any Database) async throws {
        try await PracticeCatalogueLoader.remove(PracticeCatalogue.edition1.map(\.key), on: database)
    }
}

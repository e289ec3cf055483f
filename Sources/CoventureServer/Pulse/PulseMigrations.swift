import Fluent
import Foundation
import SQLKit

// The pulse (issue #15), schema version 8. Frozen history once shipped: never edit, add a new migration.
// Table and column names are literals, not the models' keys.

struct CreatePulseV8: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // How often rounds open on their own; no row means the default (`PulseRules.defaultCadenceWeeks`).
        try await database.schema("pulse_settings")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("cadence_weeks", .int, .required)
            .field("changed_at", .datetime, .required)
            .unique(on: "initiative_id")
            .create()
        // A round: numbered per initiative, open for `PulseRules.roundDays` days from `opened_at`.
        try await database.schema("pulse_rounds")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("number", .int, .required)
            .field("opened_at", .datetime, .required)
            .field("closes_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("opened_by_hand", .bool, .required)
            .unique(on: "initiative_id", "number")
            .create()
        // An answer: its round and the respondent's party, never the person; no time at all (the ledger dates it to
        // its day); a random id and a random salt (for the ledger's digest), neither derived from anything else.
        try await database.schema("pulse_answers")
            .id()
            .field("round_id", .uuid, .required, .references("pulse_rounds", "id"))
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("party_id", .uuid, .required, .references("parties", "id"))
            .field("trust", .int, .required)
            .field("transparency", .int, .required)
            .field("value_alignment", .int, .required)
            .field("comment", .string, .required)
            .field("salt", .string, .required)
            .create()
        // That a person answered a round (one answer each): no time, no party, an id of its own. Nothing here
        // joins to an answer.
        try await database.schema("pulse_participations")
            .id()
            .field("round_id", .uuid, .required, .references("pulse_rounds", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .unique(on: "round_id", "person_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX pulse_rounds_open_idx ON pulse_rounds (closed_at, closes_at)").run()
        try await sql.raw("CREATE INDEX pulse_answers_round_idx ON pulse_answers (initiative_id, round_id, party_id)").run()
        try await sql.raw("CREATE INDEX pulse_participations_person_idx ON pulse_participations (person_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["pulse_participations", "pulse_answers", "pulse_rounds", "pulse_settings"] {
            try await database.schema(table).delete()
        }
    }
}

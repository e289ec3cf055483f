import CoventureCore
import Fluent
import Foundation
import SQLKit

// Decisions (issue #13), schema version 6. Frozen history once shipped: never edit, add a new migration.
// Table and column names are literals, not the models' keys.

struct CreateDecisionsV6: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // The kinds of decision an initiative takes, each with its rules. Changed in place: every change is an event,
        // and a decision keeps the rules it was opened under (`decisions.rules`).
        try await database.schema("decision_types")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("name", .string, .required)
            .field("method", .string, .required)
            .field("voters", .string, .required)
            .field("quorum_percent", .int, .required)
            .field("every_party_present", .bool, .required)
            .field("threshold_percent", .int)
            .field("reason_required", .string, .required)
            .field("hidden_until_closed", .bool, .required)
            .field("reserved", .bool, .required)
            .field("default_days", .int, .required)
            .field("is_default", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "initiative_id", "name")
            .create()
        try await database.schema("decisions")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("type_id", .uuid, .required, .references("decision_types", "id"))
            .field("workstream_id", .uuid, .references("workstreams", "id"))
            .field("supersedes_id", .uuid, .references("decisions", "id"))
            .field("author_id", .uuid, .required, .references("people", "id"))
            .field("title", .string, .required)
            .field("proposal", .string, .required)
            .field("status", .string, .required)
            .field("version", .int, .required)
            // The type's rules as they stood when the decision opened (JSON of `DecisionRules`).
            .field("rules", .string, .required)
            // Each party's stake when the decision opened (JSON: organization id → basis points), for stake votes.
            .field("stakes", .string)
            .field("closes_at", .datetime)
            .field("opened_at", .datetime)
            .field("closed_at", .datetime)
            // The register number, given at the seal; unique per initiative, without gaps.
            .field("number", .int)
            .field("result", .string)
            .field("adopted", .bool)
            .field("statement", .string)
            .field("rationale", .string)
            .field("review_on", .string)
            // The tally as it stood at the seal (JSON of `TallyDTO`).
            .field("sealed_tally", .string)
            // A change the decision carries (`change_kind`, JSON `change_payload`), applied at the seal if it passes;
            // `change_state` is proposed, applied, notApplied or lapsed (with `change_note` saying why).
            .field("change_kind", .string)
            .field("change_payload", .string)
            .field("change_state", .string)
            .field("change_note", .string)
            // Set when the decision ended a second failed attempt at a reserved matter: the escalation starts here.
            .field("deadlock_since", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "initiative_id", "number")
            .create()
        try await database.schema("decision_versions")
            .id()
            .field("decision_id", .uuid, .required, .references("decisions", "id"))
            .field("version", .int, .required)
            .field("title", .string, .required)
            .field("proposal", .string, .required)
            .field("author_id", .uuid, .required, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .unique(on: "decision_id", "version")
            .create()
        // Every vote ever cast; a person's latest is the current one (`is_current`). A hidden vote's event carries
        // only `SHA-256(nonce:position:reason)`; the nonce is shown once the decision is sealed, so anyone can check it.
        try await database.schema("decision_votes")
            .id()
            .field("decision_id", .uuid, .required, .references("decisions", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("position", .string, .required)
            .field("reason", .string)
            .field("version", .int, .required)
            .field("is_current", .bool, .required)
            .field("nonce", .string, .required)
            // The owner's answer to this objection, given with an advice decision's outcome.
            .field("answer", .string)
            .field("cast_at", .datetime, .required)
            .create()
        // Each initiative's register counter: the seal takes the next number with one UPDATE … RETURNING, which
        // serializes concurrent seals of one initiative on this row (numbers without gaps or repeats).
        try await database.schema("decision_registers")
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("last_number", .int, .required)
            .unique(on: "initiative_id")
            .create()
        try await database.schema("escalation_ladders")
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("steps", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "initiative_id")
            .create()
        let sql = database as! any SQLDatabase
        // Two concurrent votes by one person leave exactly one current vote.
        try await sql.raw("CREATE UNIQUE INDEX decision_votes_current_idx ON decision_votes (decision_id, person_id) WHERE is_current").run()
        try await sql.raw("CREATE INDEX decision_votes_decision_idx ON decision_votes (decision_id, cast_at)").run()
        try await sql.raw("CREATE INDEX decisions_initiative_idx ON decisions (initiative_id, created_at)").run()
        // "Needs you" asks every initiative for its open decisions and its closed advice without a result: by state,
        // not by scanning a register of hundreds (the home page fell from 165 to 62 requests/s without it).
        try await sql.raw("CREATE INDEX decisions_state_idx ON decisions (initiative_id, status, result)").run()
        // A person's vote on a decision, found directly (replacing it, or asking whether they voted), not by reading
        // every vote the decision has (a vote slowed as its decision's history grew).
        try await sql.raw("CREATE INDEX decision_votes_person_idx ON decision_votes (decision_id, person_id)").run()
        // The deadline sweep's index holds the open decisions only; its queries name the state as a literal
        // (`DecisionStore.openLiteral`), which a partial index needs on SQLite. A bound state would not match it, so the
        // per-initiative reads above keep to `decisions_state_idx` instead of scanning every open decision.
        try await sql.raw("CREATE INDEX decisions_deadline_idx ON decisions (closes_at) WHERE status = 'open'").run()
        try await sql.raw("CREATE INDEX decision_types_initiative_idx ON decision_types (initiative_id)").run()
        try await sql.raw("CREATE INDEX decisions_supersedes_idx ON decisions (supersedes_id)").run()

        // Every initiative that exists already gets its model's default types and a register, as a new one does.
        let now = Date()
        for row in try await sql.raw("SELECT id, governance FROM initiatives").all() {
            let id = try row.decode(column: "id", as: UUID.self)
            let governance = GovernanceModel(rawValue: try row.decode(column: "governance", as: String.self)) ?? .ownerLed
            for template in DecisionDefaults.types(for: governance) {
                try await Self.insertType(template, initiativeID: id, at: now, on: sql)
            }
            try await sql.raw("INSERT INTO decision_registers (initiative_id, last_number) VALUES (\(bind: id), 0)").run()
        }
    }

    /// A type row as this migration writes it (literal columns, frozen with the migration).
    static func insertType(_ template: DecisionTypeTemplate, initiativeID: UUID, at now: Date, on sql: any SQLDatabase) async throws {
        let rules = template.rules
        try await sql.raw("""
            INSERT INTO decision_types (id, initiative_id, name, method, voters, quorum_percent, every_party_present, threshold_percent,
                reason_required, hidden_until_closed, reserved, default_days, is_default, created_at)
            VALUES (\(bind: UUID()), \(bind: initiativeID), \(bind: template.name), \(bind: rules.method.rawValue), \(bind: rules.voters.rawValue),
                \(bind: rules.quorumPercent), \(bind: rules.everyPartyPresent), \(bind: rules.thresholdPercent),
                \(bind: rules.reasonRequired.rawValue), \(bind: rules.hiddenUntilClosed), \(bind: rules.reserved), \(bind: rules.defaultDays),
                \(bind: template.isDefault), \(bind: now))
            """).run()
    }

    func revert(on database: any Database) async throws {
        for table in ["escalation_ladders", "decision_registers", "decision_votes", "decision_versions", "decisions", "decision_types"] {
            try await database.schema(table).delete()
        }
    }
}

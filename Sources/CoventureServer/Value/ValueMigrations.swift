import Fluent
import Foundation
import SQLKit

// Value metrics (issue #14), schema version 7. Frozen history once shipped: never edit, add a new migration.
// Table and column names are literals, not the models' keys.

struct CreateValueMetricsV7: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // A metric: its identity and where it stands. Its definitions are versions; `definition_id` is the one in
        // force (nil until one is ratified), `latest_version` the newest proposed.
        try await database.schema("value_metrics")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("status", .string, .required)
            .field("definition_id", .uuid)
            .field("latest_version", .int, .required)
            .field("proposed_by", .uuid, .required, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .create()
        // Every version of a metric's definition, each with its own status and the decision that carries it. A
        // version is never changed after it is decided: a change is a new version.
        try await database.schema("value_metric_definitions")
            .id()
            .field("metric_id", .uuid, .required, .references("value_metrics", "id"))
            .field("version", .int, .required)
            .field("status", .string, .required)
            .field("decision_id", .uuid, .references("decisions", "id"))
            .field("name", .string, .required)
            .field("unit", .string, .required)
            .field("direction", .string, .required)
            // Numbers as canonical decimal text (`DecimalInput.canonical`), dates as YYYY-MM-DD.
            .field("baseline_value", .string, .required)
            .field("baseline_on", .string, .required)
            .field("target_value", .string, .required)
            .field("target_by", .string, .required)
            .field("method", .string, .required)
            .field("cadence", .string, .required)
            .field("responsible_organization_id", .uuid, .required, .references("organizations", "id"))
            // The linked objectives' ids, a JSON list: read with the definition, never queried by.
            .field("objective_ids", .string, .required)
            .field("proposed_by", .uuid, .required, .references("people", "id"))
            .field("proposed_at", .datetime, .required)
            .field("decided_at", .datetime)
            .unique(on: "metric_id", "version")
            .create()
        // A measurement: never edited; a correction is a new row naming the one it corrects.
        try await database.schema("value_measurements")
            .id()
            .field("metric_id", .uuid, .required, .references("value_metrics", "id"))
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("value", .string, .required)
            .field("measured_on", .string, .required)
            .field("source", .string, .required)
            .field("evidence", .string, .required)
            .field("corrects_id", .uuid, .references("value_measurements", "id"))
            .field("recorded_by", .uuid, .required, .references("people", "id"))
            .field("recorder_organization_id", .uuid, .required, .references("organizations", "id"))
            .field("confirmed", .bool, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        // Each party's verdicts on a measurement, oldest first; the latest per party counts.
        try await database.schema("value_measurement_verdicts")
            .id()
            .field("measurement_id", .uuid, .required, .references("value_measurements", "id"))
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("verdict", .string, .required)
            .field("reason", .string, .required)
            .field("at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        // The dashboard reads an initiative's metrics, measurements and verdicts in one statement each.
        try await sql.raw("CREATE INDEX value_metrics_initiative_idx ON value_metrics (initiative_id, created_at)").run()
        try await sql.raw("CREATE INDEX value_metric_definitions_metric_idx ON value_metric_definitions (metric_id, version)").run()
        try await sql.raw("CREATE INDEX value_measurements_initiative_idx ON value_measurements (initiative_id, metric_id, measured_on)").run()
        try await sql.raw("CREATE INDEX value_measurements_metric_idx ON value_measurements (metric_id, measured_on)").run()
        try await sql.raw("CREATE INDEX value_measurements_corrects_idx ON value_measurements (corrects_id)").run()
        try await sql.raw("CREATE INDEX value_verdicts_initiative_idx ON value_measurement_verdicts (initiative_id, measurement_id)").run()
        try await sql.raw("CREATE INDEX value_verdicts_measurement_idx ON value_measurement_verdicts (measurement_id, at)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["value_measurement_verdicts", "value_measurements", "value_metric_definitions", "value_metrics"] {
            try await database.schema(table).delete()
        }
    }
}

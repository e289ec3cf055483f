import CoventureCore
import Fluent
import Foundation

/// A value metric's definition (its first, or a change to it), carried by the decision that ratifies it (issue #14).
/// Passing puts that version in force; ending any other way records it as rejected, and a metric that never had a
/// definition in force becomes rejected with it.
struct ValueMetricDefinitionChange: RatifiedChange, Codable {
    static let kind = "valueMetric"

    var metricId: UUID
    var definitionId: UUID
    /// For the decision page's one line, without a read.
    var name: String
    var version: Int

    static func summary(payload: Data) -> String {
        guard let change = try? JSONDecoder().decode(Self.self, from: payload) else { return "A value metric's definition" }
        return change.version == 1
            ? "Puts the value metric “\(change.name)” in force."
            : "Puts version \(change.version) of the value metric “\(change.name)” in force, in place of the definition in force now."
    }

    static func apply(payload: Data, initiativeID: UUID, on db: any Database, at now: Date) async throws -> [EventDraft] {
        let change = try JSONDecoder().decode(Self.self, from: payload)
        let (metric, definition) = try await Self.load(change, initiativeID: initiativeID, on: db)
        guard definition.status == ValueMetricStatus.proposed.rawValue else {
            throw ValidationError(field: "valueMetric", "version \(definition.version) was already \(definition.status)")
        }
        var decided = definition
        decided.status = ValueMetricStatus.ratified.rawValue
        decided.decidedAt = now
        try await decided.update(db, changedFrom: definition)
        var inForce = metric
        inForce.definitionID = change.definitionId
        try await Self.updateStatus(inForce, changedFrom: metric, on: db)
        return [EventDraft(
            log: initiativeID, action: .valueMetricRatified, objectID: change.metricId,
            change: ["name": .string(definition.name), "version": .int(Int64(definition.version)), "definitionId": .id(change.definitionId)])]
    }

    static func notApplied(payload: Data, decisionID: UUID, initiativeID: UUID, on db: any Database, at now: Date) async throws -> [EventDraft] {
        let change = try JSONDecoder().decode(Self.self, from: payload)
        let (metric, definition) = try await Self.load(change, initiativeID: initiativeID, on: db)
        guard definition.status == ValueMetricStatus.proposed.rawValue else { return [] }
        var decided = definition
        decided.status = ValueMetricStatus.rejected.rawValue
        decided.decidedAt = now
        try await decided.update(db, changedFrom: definition)
        try await Self.updateStatus(metric, changedFrom: metric, on: db)
        return [EventDraft(
            log: initiativeID, action: .valueMetricRejected, objectID: change.metricId,
            change: ["name": .string(definition.name), "version": .int(Int64(definition.version)), "decisionId": .id(decisionID)])]
    }

    static func load(_ change: Self, initiativeID: UUID, on db: any Database) async throws -> (ValueMetricRow, ValueMetricDefinitionRow) {
        guard let metric = try await ValueMetricRow.find(change.metricId, db), metric.initiativeID == initiativeID,
              let definition = try await ValueMetricDefinitionRow.find(change.definitionId, db), definition.metricID == change.metricId
        else { throw ValidationError(field: "valueMetric", "no longer exists") }
        return (metric, definition)
    }

    /// Saves `metric` (changed from `original`, as read in this change) with its status from all its versions' (Core's
    /// rule).
    static func updateStatus(_ metric: ValueMetricRow, changedFrom original: ValueMetricRow, on db: any Database) async throws {
        let versions = try await ValueMetricDefinitionRow.all(db, where: "metric_id = \(bind: metric.id)", orderBy: "version")
        var updated = metric
        updated.status = ValueMetricStatus.of(versions: try versions.map {
            try ValueMetricStatus(stored: $0.status, column: "value_metric_definitions.status")
        }).rawValue
        try await updated.update(db, changedFrom: original)
    }
}

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
        definition.status = ValueMetricStatus.ratified.rawValue
        definition.decidedAt = now
        try await definition.save(on: db)
        metric.definitionID = change.definitionId
        try await Self.updateStatus(metric, on: db)
        return [EventDraft(
            log: initiativeID, action: .valueMetricRatified, objectID: change.metricId,
            change: ["name": .string(definition.name), "version": .int(Int64(definition.version)), "definitionId": .id(change.definitionId)])]
    }

    static func notApplied(payload: Data, decisionID: UUID, initiativeID: UUID, on db: any Database, at now: Date) async throws -> [EventDraft] {
        let change = try JSONDecoder().decode(Self.self, from: payload)
        let (metric, definition) = try await Self.load(change, initiativeID: initiativeID, on: db)
        guard definition.status == ValueMetricStatus.proposed.rawValue else { return [] }
        definition.status = ValueMetricStatus.rejected.rawValue
        definition.decidedAt = now
        try await definition.save(on: db)
        try await Self.updateStatus(metric, on: db)
        return [EventDraft(
            log: initiativeID, action: .valueMetricRejected, objectID: change.metricId,
            change: ["name": .string(definition.name), "version": .int(Int64(definition.version)), "decisionId": .id(decisionID)])]
    }

    static func load(_ change: Self, initiativeID: UUID, on db: any Database) async throws -> (ValueMetricModel, ValueMetricDefinitionModel) {
        guard let metric = try await ValueMetricModel.find(change.metricId, on: db), metric.initiativeID == initiativeID,
              let definition = try await ValueMetricDefinitionModel.find(change.definitionId, on: db), definition.metricID == change.metricId
        else { throw ValidationError(field: "valueMetric", "no longer exists") }
        return (metric, definition)
    }

    /// The metric's status from all its versions' (Core's rule), saved.
    static func updateStatus(_ metric: ValueMetricModel, on db: any Database) async throws {
        let versions = try await ValueMetricDefinitionModel.query(on: db).filter(\.$metricID == metric.requireID()).sort(\.$version).all()
        let status = ValueMetricStatus.of(versions: try versions.map {
            try ValueMetricStatus(stored: $0.status, column: "value_metric_definitions.status")
        })
        metric.status = status.rawValue
        try await metric.save(on: db)
    }
}

import CoventureCore
import Fluent
import Foundation

// Fluent models are `@unchecked Sendable`: their property wrappers defeat Sendable checking.
// They are written by `ValueStore` and the ratified change only; reads go through `ValueReader` (plain rows).

final class ValueMetricModel: Model, @unchecked Sendable {
    static let schema = "value_metrics"
    @ID(key: .id) var id: UUID?
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "status") var status: String
    @OptionalField(key: "definition_id") var definitionID: UUID?
    @Field(key: "latest_version") var latestVersion: Int
    @Field(key: "proposed_by") var proposedBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

final class ValueMetricDefinitionModel: Model, @unchecked Sendable {
    static let schema = "value_metric_definitions"
    @ID(key: .id) var id: UUID?
    @Field(key: "metric_id") var metricID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "status") var status: String
    @OptionalField(key: "decision_id") var decisionID: UUID?
    @Field(key: "name") var name: String
    @Field(key: "unit") var unit: String
    @Field(key: "direction") var direction: String
    @Field(key: "baseline_value") var baselineValue: String
    @Field(key: "baseline_on") var baselineOn: String
    @Field(key: "target_value") var targetValue: String
    @Field(key: "target_by") var targetBy: String
    @Field(key: "method") var method: String
    @Field(key: "cadence") var cadence: String
    @Field(key: "responsible_organization_id") var responsibleOrganizationID: UUID
    @Field(key: "objective_ids") var objectiveIDs: String
    @Field(key: "proposed_by") var proposedBy: UUID
    @Field(key: "proposed_at") var proposedAt: Date
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() {}

    init(metricID: UUID, version: Int, definition: ValueMetricDefinition, proposedBy: UUID, at now: Date) throws {
        self.id = UUID()
        self.metricID = metricID
        self.version = version
        self.status = ValueMetricStatus.proposed.rawValue
        self.name = definition.name
        self.unit = definition.unit
        self.direction = definition.direction.rawValue
        self.baselineValue = DecimalInput.canonical(definition.baselineValue)
        self.baselineOn = definition.baselineOn.description
        self.targetValue = DecimalInput.canonical(definition.targetValue)
        self.targetBy = definition.targetBy.description
        self.method = definition.method
        self.cadence = definition.cadence.rawValue
        self.responsibleOrganizationID = definition.responsibleOrganizationID
        self.objectiveIDs = try RatifiedChanges.encode(definition.objectiveIDs.map { $0.uuidString.lowercased() })
        self.proposedBy = proposedBy
        self.proposedAt = now
    }
}

final class ValueMeasurementModel: Model, @unchecked Sendable {
    static let schema = "value_measurements"
    @ID(key: .id) var id: UUID?
    @Field(key: "metric_id") var metricID: UUID
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "value") var value: String
    @Field(key: "measured_on") var measuredOn: String
    @Field(key: "source") var source: String
    @Field(key: "evidence") var evidence: String
    @OptionalField(key: "corrects_id") var correctsID: UUID?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorder_organization_id") var recorderOrganizationID: UUID
    @Field(key: "confirmed") var confirmed: Bool
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

final class ValueVerdictModel: Model, @unchecked Sendable {
    static let schema = "value_measurement_verdicts"
    @ID(key: .id) var id: UUID?
    @Field(key: "measurement_id") var measurementID: UUID
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "verdict") var verdict: String
    @Field(key: "reason") var reason: String
    @Field(key: "at") var at: Date

    init() {}
}

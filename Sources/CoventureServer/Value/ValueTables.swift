import CoventureCore
import Foundation

// The value tables, each described once (`TableRow`): written by `ValueStore` and the ratified change, read by
// `ValueReader` (which joins metrics with their definitions and decodes the stored text into Core's types), inserted in
// bulk by the large dataset. Initializers are written out for the large dataset (another target).

package struct ValueMetricRow: TableRow, Identifiable {
    package static let table = "value_metrics"
    package var id: UUID
    var initiativeID: UUID
    var status: String
    /// The definition in force; nil until one is ratified.
    var definitionID: UUID?
    /// Orders concurrent proposals: a change names the version it follows.
    var latestVersion: Int
    var proposedBy: UUID
    var createdAt: Date

    package init(
        id: UUID, initiativeID: UUID, status: String, definitionID: UUID?, latestVersion: Int, proposedBy: UUID, createdAt: Date
    ) {
        (self.id, self.initiativeID, self.status, self.definitionID) = (id, initiativeID, status, definitionID)
        (self.latestVersion, self.proposedBy, self.createdAt) = (latestVersion, proposedBy, createdAt)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", status, definitionID = "definition_id", latestVersion = "latest_version"
        case proposedBy = "proposed_by", createdAt = "created_at"
    }
}

package struct ValueMetricDefinitionRow: TableRow, Identifiable {
    package static let table = "value_metric_definitions"
    package var id: UUID
    var metricID: UUID
    var version: Int
    var status: String
    var decisionID: UUID?
    var name: String
    var unit: String
    var direction: String
    var baselineValue: String
    var baselineOn: String
    var targetValue: String
    var targetBy: String
    var method: String
    var cadence: String
    var responsibleOrganizationID: UUID
    /// A JSON array of lowercase ids.
    var objectiveIDs: String
    var proposedBy: UUID
    var proposedAt: Date
    var decidedAt: Date?

    /// A version as proposed, from its checked definition.
    init(metricID: UUID, version: Int, definition: ValueMetricDefinition, proposedBy: UUID, at now: Date) throws {
        self.init(
            id: UUID(), metricID: metricID, version: version, status: ValueMetricStatus.proposed.rawValue, decisionID: nil,
            name: definition.name, unit: definition.unit, direction: definition.direction.rawValue,
            baselineValue: DecimalInput.canonical(definition.baselineValue), baselineOn: definition.baselineOn.description,
            targetValue: DecimalInput.canonical(definition.targetValue), targetBy: definition.targetBy.description,
            method: definition.method, cadence: definition.cadence.rawValue, responsibleOrganizationID: definition.responsibleOrganizationID,
            objectiveIDs: try RatifiedChanges.encode(definition.objectiveIDs.map { $0.uuidString.lowercased() }), proposedBy: proposedBy,
            proposedAt: now, decidedAt: nil)
    }

    package init(
        id: UUID, metricID: UUID, version: Int, status: String, decisionID: UUID?, name: String, unit: String, direction: String,
        baselineValue: String, baselineOn: String, targetValue: String, targetBy: String, method: String, cadence: String,
        responsibleOrganizationID: UUID, objectiveIDs: String, proposedBy: UUID, proposedAt: Date, decidedAt: Date?
    ) {
        (self.id, self.metricID, self.version, self.status, self.decisionID) = (id, metricID, version, status, decisionID)
        (self.name, self.unit, self.direction, self.baselineValue, self.baselineOn) = (name, unit, direction, baselineValue, baselineOn)
        (self.targetValue, self.targetBy, self.method, self.cadence) = (targetValue, targetBy, method, cadence)
        (self.responsibleOrganizationID, self.objectiveIDs) = (responsibleOrganizationID, objectiveIDs)
        (self.proposedBy, self.proposedAt, self.decidedAt) = (proposedBy, proposedAt, decidedAt)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, metricID = "metric_id", version, status, decisionID = "decision_id", name, unit, direction
        case baselineValue = "baseline_value", baselineOn = "baseline_on", targetValue = "target_value", targetBy = "target_by"
        case method, cadence, responsibleOrganizationID = "responsible_organization_id", objectiveIDs = "objective_ids"
        case proposedBy = "proposed_by", proposedAt = "proposed_at", decidedAt = "decided_at"
    }
}

package struct ValueMeasurementRow: TableRow, Identifiable {
    package static let table = "value_measurements"
    package var id: UUID
    var metricID: UUID
    var initiativeID: UUID
    var value: String
    var measuredOn: String
    var source: String
    var evidence: String
    var correctsID: UUID?
    var recordedBy: UUID
    var recorderOrganizationID: UUID
    var confirmed: Bool
    var recordedAt: Date

    package init(
        id: UUID, metricID: UUID, initiativeID: UUID, value: String, measuredOn: String, source: String, evidence: String,
        correctsID: UUID?, recordedBy: UUID, recorderOrganizationID: UUID, confirmed: Bool, recordedAt: Date
    ) {
        (self.id, self.metricID, self.initiativeID, self.value, self.measuredOn) = (id, metricID, initiativeID, value, measuredOn)
        (self.source, self.evidence, self.correctsID, self.recordedBy) = (source, evidence, correctsID, recordedBy)
        (self.recorderOrganizationID, self.confirmed, self.recordedAt) = (recorderOrganizationID, confirmed, recordedAt)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, metricID = "metric_id", initiativeID = "initiative_id", value, measuredOn = "measured_on", source, evidence
        case correctsID = "corrects_id", recordedBy = "recorded_by", recorderOrganizationID = "recorder_organization_id", confirmed
        case recordedAt = "recorded_at"
    }
}

package struct ValueVerdictRow: TableRow, Identifiable {
    package static let table = "value_measurement_verdicts"
    package var id: UUID
    var measurementID: UUID
    var initiativeID: UUID
    var organizationID: UUID
    var personID: UUID
    var verdict: String
    var reason: String
    var at: Date

    package init(
        id: UUID, measurementID: UUID, initiativeID: UUID, organizationID: UUID, personID: UUID, verdict: String, reason: String, at: Date
    ) {
        (self.id, self.measurementID, self.initiativeID, self.organizationID) = (id, measurementID, initiativeID, organizationID)
        (self.personID, self.verdict, self.reason, self.at) = (personID, verdict, reason, at)
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, measurementID = "measurement_id", initiativeID = "initiative_id", organizationID = "organization_id"
        case personID = "person_id", verdict, reason, at
    }
}

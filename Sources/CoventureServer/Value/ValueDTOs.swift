import CoventureCore
import Foundation
import Vapor

// The value metrics API's request and response types (issue #14). Field names are contracts.
// Numbers come in as `NumberInput` (a JSON number, or a string such as "12.5") and go out as JSON numbers.

/// A baseline (`value`, `on`) or a target (`value`, `by`) as sent.
package struct ValuePointInput: Content, Equatable {
    var value: NumberInput?
    var on: String?
    var by: String?

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(value: NumberInput? = nil, on: String? = nil, by: String? = nil) {
        self.value = value
        self.on = on
        self.by = by
    }
}

/// A new metric (every field but `objectiveIds` and `typeId` required) or a change to one's definition (only what is
/// sent changes; the rest is the definition in force). Either opens a decision that ratifies it.
package struct ValueMetricRequest: Content, APIRequestBody {
    var name: String?
    var unit: String?
    var direction: String?
    var baseline: ValuePointInput?
    var target: ValuePointInput?
    var method: String?
    var cadence: String?
    var responsibleOrganizationId: UUID?
    var objectiveIds: [UUID]?
    /// The decision type that ratifies it; the initiative's default when absent.
    var typeId: UUID?

    static let schema: Schema = .object([
        "name" <-? .string(), "unit" <-? .string(), "direction" <-? .enumeration(MetricDirection.allCases.map(\.rawValue)),
        "baseline" <-? .object(["value" <- OKRSchemas.numberInput, "on" <- .string(format: "date")]),
        "target" <-? .object(["value" <- OKRSchemas.numberInput, "by" <- .string(format: "date")]),
        "method" <-? .string(), "cadence" <-? .enumeration(MeasurementCadence.allCases.map(\.rawValue)),
        "responsibleOrganizationId" <-? .uuid, "objectiveIds" <-? .array(.uuid), "typeId" <-? .uuid,
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        name: String? = nil, unit: String? = nil, direction: String? = nil, baseline: ValuePointInput? = nil,
        target: ValuePointInput? = nil, method: String? = nil, cadence: String? = nil,
        responsibleOrganizationId: UUID? = nil, objectiveIds: [UUID]? = nil, typeId: UUID? = nil
    ) {
        self.name = name
        self.unit = unit
        self.direction = direction
        self.baseline = baseline
        self.target = target
        self.method = method
        self.cadence = cadence
        self.responsibleOrganizationId = responsibleOrganizationId
        self.objectiveIds = objectiveIds
        self.typeId = typeId
    }
}

package struct MeasurementRequest: Content, APIRequestBody {
    var value: NumberInput?
    var on: String?
    var source: String?
    /// A link or a note.
    var evidence: String?
    /// Records a value far outside the recent ones (±3× their spread), which is otherwise refused.
    var confirmed: Bool?
    /// The measurement this one corrects (history is never edited).
    var correctsId: UUID?

    static let schema: Schema = .object([
        "value" <- OKRSchemas.numberInput, "on" <- .string(format: "date"), "source" <- .string(), "evidence" <- .string(),
        "confirmed" <-? .boolean, "correctsId" <-? .nullable(.uuid),
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        value: NumberInput? = nil, on: String? = nil, source: String? = nil, evidence: String? = nil,
        confirmed: Bool? = nil, correctsId: UUID? = nil
    ) {
        self.value = value
        self.on = on
        self.source = source
        self.evidence = evidence
        self.confirmed = confirmed
        self.correctsId = correctsId
    }
}

package struct VerdictRequest: Content, APIRequestBody {
    var verdict: String?
    var reason: String?

    static let schema: Schema = .object([
        "verdict" <- .enumeration(MeasurementVerdict.allCases.map(\.rawValue)), "reason" <-? .nullable(.string()),
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(verdict: String? = nil, reason: String? = nil) {
        self.verdict = verdict
        self.reason = reason
    }
}

struct ValueBaselineDTO: Content, Equatable {
    var value: Double
    var on: String
}

struct ValueTargetDTO: Content, Equatable {
    var value: Double
    var by: String
}

/// One version of a metric's definition.
struct ValueMetricDefinitionDTO: Content, Equatable {
    var version: Int
    var status: ValueMetricStatus
    /// The decision that ratifies (or ratified, or rejected) this version.
    var decisionId: UUID?
    var inForce: Bool
    var name: String
    var unit: String
    var direction: MetricDirection
    var baseline: ValueBaselineDTO
    var target: ValueTargetDTO
    var method: String
    var cadence: MeasurementCadence
    var responsibleOrganizationId: UUID
    var objectiveIds: [UUID]
    var proposedById: UUID
    var proposedAt: Date
    var decidedAt: Date?
}

/// A metric: the definition in force (or, before any is ratified, the one proposed), where it stands, and what waits.
package struct ValueMetricDTO: Content, Equatable {
    package var id: UUID
    var initiativeId: UUID
    var status: ValueMetricStatus
    /// The decision of the latest proposal (the metric's own, or a change to it).
    package var decisionId: UUID?
    var version: Int
    var name: String
    var unit: String
    var direction: MetricDirection
    var baseline: ValueBaselineDTO
    var target: ValueTargetDTO
    var method: String
    var cadence: MeasurementCadence
    var responsibleOrganizationId: UUID
    var responsibleOrganizationName: String
    var objectiveIds: [UUID]
    /// A change to the definition awaiting its decision; the definition above stays in force meanwhile.
    var pending: ValueMetricDefinitionDTO?
    /// The latest current measurement (corrections replace what they correct).
    var latestValue: Double?
    var latestOn: String?
    var latestState: MeasurementState?
    /// 0 at the baseline, 1 at the target; unclamped.
    var fractionOfWay: Double?
    /// The latest value minus the target, in the metric's unit.
    var variance: Double?
    /// Once ratified: one cadence period after the latest measurement (or the baseline).
    var nextDueOn: String?
    var overdue: Bool
    var measurementCount: Int
    var createdAt: Date
    /// Every version of the definition, oldest first (the single metric only).
    var history: [ValueMetricDefinitionDTO]?
}

struct VerdictDTO: Content, Equatable {
    var id: UUID
    var organizationId: UUID
    var organizationName: String
    var personId: UUID
    var personName: String
    var verdict: MeasurementVerdict
    var reason: String?
    var at: Date
}

package struct MeasurementDTO: Content, Equatable {
    package var id: UUID
    var metricId: UUID
    var value: Double
    var on: String
    var source: String
    var evidence: String
    var correctsId: UUID?
    /// The measurement that corrects this one, if any: it no longer counts.
    var correctedById: UUID?
    var recordedById: UUID
    var recordedByName: String
    var recorderOrganizationId: UUID
    var recorderOrganizationName: String
    var recordedAt: Date
    var state: MeasurementState
    /// Every verdict, oldest first; each party's latest counts.
    var verdicts: [VerdictDTO]
}

/// The named schemas of the value DTOs (merged into `APISchemas.components`).
enum ValueSchemas {
    static let components: [String: Schema] = {
        let statuses = Schema.enumeration(ValueMetricStatus.allCases.map(\.rawValue))
        let directions = Schema.enumeration(MetricDirection.allCases.map(\.rawValue))
        let cadences = Schema.enumeration(MeasurementCadence.allCases.map(\.rawValue))
        let baseline = Schema.object(["value" <- .number, "on" <- .string(format: "date")])
        let target = Schema.object(["value" <- .number, "by" <- .string(format: "date")])
        return [
            "ValueMetricDefinition": .object([
                "version" <- .integer, "status" <- statuses, "decisionId" <-? .nullable(.uuid), "inForce" <- .boolean,
                "name" <- .string(), "unit" <- .string(), "direction" <- directions, "baseline" <- baseline, "target" <- target,
                "method" <- .string(), "cadence" <- cadences, "responsibleOrganizationId" <- .uuid, "objectiveIds" <- .array(.uuid),
                "proposedById" <- .uuid, "proposedAt" <- .dateTime, "decidedAt" <-? .nullable(.dateTime),
            ]),
            "ValueMetric": .object([
                "id" <- .uuid, "initiativeId" <- .uuid, "status" <- statuses, "decisionId" <-? .nullable(.uuid), "version" <- .integer,
                "name" <- .string(), "unit" <- .string(), "direction" <- directions, "baseline" <- baseline, "target" <- target,
                "method" <- .string(), "cadence" <- cadences, "responsibleOrganizationId" <- .uuid,
                "responsibleOrganizationName" <- .string(), "objectiveIds" <- .array(.uuid),
                "pending" <-? .nullable(.ref("ValueMetricDefinition")),
                "latestValue" <-? .nullable(.number), "latestOn" <-? .nullable(.string(format: "date")),
                "latestState" <-? .nullable(.enumeration(MeasurementState.allCases.map(\.rawValue))),
                "fractionOfWay" <-? .nullable(.number), "variance" <-? .nullable(.number),
                "nextDueOn" <-? .nullable(.string(format: "date")), "overdue" <- .boolean, "measurementCount" <- .integer,
                "createdAt" <- .dateTime, "history" <-? .nullable(.array(.ref("ValueMetricDefinition"))),
            ]),
            "Measurement": .object([
                "id" <- .uuid, "metricId" <- .uuid, "value" <- .number, "on" <- .string(format: "date"), "source" <- .string(),
                "evidence" <- .string(), "correctsId" <-? .nullable(.uuid), "correctedById" <-? .nullable(.uuid),
                "recordedById" <- .uuid, "recordedByName" <- .string(), "recorderOrganizationId" <- .uuid,
                "recorderOrganizationName" <- .string(), "recordedAt" <- .dateTime,
                "state" <- .enumeration(MeasurementState.allCases.map(\.rawValue)),
                "verdicts" <- .array(.object([
                    "id" <- .uuid, "organizationId" <- .uuid, "organizationName" <- .string(), "personId" <- .uuid,
                    "personName" <- .string(), "verdict" <- .enumeration(MeasurementVerdict.allCases.map(\.rawValue)),
                    "reason" <-? .nullable(.string()), "at" <- .dateTime,
                ])),
            ]),
        ]
    }()
}

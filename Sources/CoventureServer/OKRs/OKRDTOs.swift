import CoventureCore
import Foundation
import Vapor

/// A number sent as JSON: a number or a string. Kept as text so that it reaches `DecimalInput` without passing
/// through binary floating point twice; `null` or absent is "not given".
package struct NumberInput: Codable, Sendable, Equatable {
    var text: String

    package init(_ text: String) { self.text = text }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            text = string
        } else if let integer = try? container.decode(Int64.self) {
            text = String(integer)
        } else if let double = try? container.decode(Double.self), double.isFinite {
            // Swift prints the shortest text that reads back as the same double: 12.5 → "12.5", 0.1 → "0.1".
            text = "\(double)"
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be a number")
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

extension Optional where Wrapped == NumberInput {
    func decimal(field: String) throws -> Decimal? {
        try DecimalInput.parse(self?.text, field: field, from: .machine)
    }
}

struct PeriodDTO: Content, Equatable {
    var id: UUID
    var name: String
    var start: String
    var end: String
}

struct AlignmentDTO: Content, Equatable {
    var id: UUID
    var childId: UUID
    var parentId: UUID
    var parentTitle: String
    var parentOrganizationId: UUID
    var parentOrganizationName: String
    /// True when the parent is an organization's own objective; false for a parent objective of the initiative.
    var parentIsOrganizationObjective: Bool
    var kind: AlignmentKind
}

package struct CheckInDTO: Content, Equatable {
    var id: UUID
    var keyResultId: UUID
    var value: Double
    var confidence: Confidence
    var narrative: String
    var personId: UUID
    var personName: String
    var correctsId: UUID?
    var recordedAt: Date
    /// This check-in's progress (1.0 = 100 %), unclamped.
    var progress: Double?
    /// The key result's owner, when someone else checked in in their name (absent otherwise).
    var onBehalfOfId: UUID? = nil
    var onBehalfOfName: String? = nil
    /// The tool that sent it through an inbound feed (issue #16; absent for a person's own check-in).
    var source: String? = nil
}

package struct KeyResultDTO: Content, Equatable {
    package var id: UUID
    var objectiveId: UUID
    var initiativeId: UUID?
    var title: String
    var kind: KeyResultKind
    var unit: String
    var baseline: Double?
    var target: Double?
    var steps: [String]
    var weight: Double
    var ownerId: UUID?
    var ownerName: String?
    var current: Double?
    var confidence: Confidence?
    var lastCheckInAt: Date?
    /// 1.0 = 100 %, unclamped (−0.25, 1.5 are shown as they are); null before the first check-in.
    var progress: Double?
    var createdAt: Date
    /// The check-in history, newest first: only on a single key result.
    var checkIns: [CheckInDTO]?

    enum CodingKeys: String, CodingKey {
        case id, objectiveId, initiativeId, title, kind, unit, baseline, target, steps, weight, ownerId, ownerName, current
        case confidence, lastCheckInAt, progress, createdAt, checkIns
    }

    /// `progress`, `current` and friends are always present, `null` when unknown (the contract says so for
    /// `progress`; the others follow for consistency). `checkIns` appears only when loaded.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(objectiveId, forKey: .objectiveId)
        try c.encode(initiativeId, forKey: .initiativeId)
        try c.encode(title, forKey: .title)
        try c.encode(kind, forKey: .kind)
        try c.encode(unit, forKey: .unit)
        try c.encode(baseline, forKey: .baseline)
        try c.encode(target, forKey: .target)
        try c.encode(steps, forKey: .steps)
        try c.encode(weight, forKey: .weight)
        try c.encode(ownerId, forKey: .ownerId)
        try c.encode(ownerName, forKey: .ownerName)
        try c.encode(current, forKey: .current)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(lastCheckInAt, forKey: .lastCheckInAt)
        try c.encode(progress, forKey: .progress)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encodeIfPresent(checkIns, forKey: .checkIns)
    }
}

package struct ObjectiveDTO: Content, Equatable {
    package var id: UUID
    var initiativeId: UUID?
    var organizationId: UUID
    var organizationName: String
    var title: String
    var description: String
    var weight: Double
    var ownerId: UUID?
    var ownerName: String?
    var period: PeriodDTO
    /// The initiative objective this one contributes to, if any.
    var parentId: UUID?
    /// Links to organization objectives of the parties (and to the parent).
    var alignments: [AlignmentDTO]
    var keyResults: [KeyResultDTO]
    /// Weighted mean of its key results and contributing children, clamped to 0…1; null when nothing counts yet.
    var rolledUpProgress: Double?
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, initiativeId, organizationId, organizationName, title, description, weight, ownerId, ownerName, period
        case parentId, alignments, keyResults, rolledUpProgress, createdAt
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(initiativeId, forKey: .initiativeId)
        try c.encode(organizationId, forKey: .organizationId)
        try c.encode(organizationName, forKey: .organizationName)
        try c.encode(title, forKey: .title)
        try c.encode(description, forKey: .description)
        try c.encode(weight, forKey: .weight)
        try c.encode(ownerId, forKey: .ownerId)
        try c.encode(ownerName, forKey: .ownerName)
        try c.encode(period, forKey: .period)
        try c.encode(parentId, forKey: .parentId)
        try c.encode(alignments, forKey: .alignments)
        try c.encode(keyResults, forKey: .keyResults)
        try c.encode(rolledUpProgress, forKey: .rolledUpProgress)
        try c.encode(createdAt, forKey: .createdAt)
    }
}

/// An initiative's OKRs: every objective (flat, each naming its parent), roots first, with progress.
struct OKRTreeDTO: Content {
    var initiativeId: UUID
    var objectives: [ObjectiveDTO]
}

struct AlignmentReportDTO: Content {
    struct Item: Content, Equatable {
        var id: UUID
        var title: String
    }
    var staleAfterDays: Int
    var unalignedObjectives: [Item]
    var objectivesWithoutKeyResults: [Item]
    var staleKeyResults: [Item]
    var keyResultsWithoutOwner: [Item]
}

/// One person's line of sight in an initiative: their work → key results → objectives → each party's own objectives.
struct LineOfSightDTO: Content {
    var initiativeId: UUID
    var personId: UUID
    var personName: String
    var workstreams: [LineOfSightStream]
    var workItems: [LineOfSightWorkItem]
    /// The key results the person owns or moves through their work items.
    var keyResults: [KeyResultDTO]
    /// Every objective on the way up from those key results, with its links upward.
    var objectives: [ObjectiveDTO]
}

/// A workstream the person is in (filled by the workstreams feature).
struct LineOfSightStream: Content, Equatable {
    var workstreamId: UUID
    var name: String
    var kind: String
    var commitment: Int
    var isLeader: Bool
}

/// A work item assigned to the person (filled by the workstreams feature).
struct LineOfSightWorkItem: Content, Equatable {
    var id: UUID
    var title: String
    var status: String
    var workstreamId: UUID
    var workstreamName: String
    var keyResultId: UUID?
}

struct ImportResultDTO: Content {
    var objectivesCreated: Int
    var keyResultsCreated: Int
    var checkInsCreated: Int
}

struct ImportProblemsDTO: Content {
    struct Problem: Content {
        var line: Int
        var column: String
        var reason: String
    }
    var error: APIErrorBody.Detail
    var problems: [Problem]
}

// MARK: Requests
// Each request's OpenAPI schema is declared beside its fields (`APIRequestBody`); the routes name the type.
// Numbers are `OKRSchemas.numberInput`: a JSON number, or a string such as "12.5".

package struct CreateObjectiveRequest: Content, APIRequestBody {
    var title: String?
    var description: String?
    var periodStart: String?
    var periodEnd: String?
    var periodName: String?
    var weight: NumberInput?
    /// An objective of the same initiative this one contributes to.
    var parentId: UUID?
    var ownerId: UUID?
    /// The owning party's organization (initiative objectives); defaults to the caller's.
    var organizationId: UUID?

    static let schema: Schema = .object([
        "title" <- .string(), "periodStart" <- .string(format: "date"), "periodEnd" <- .string(format: "date"),
        "periodName" <-? .string(), "description" <-? .string(), "weight" <-? OKRSchemas.numberInput,
        "parentId" <-? .uuid, "ownerId" <-? .uuid, "organizationId" <-? .uuid,
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        title: String? = nil, description: String? = nil, periodStart: String? = nil, periodEnd: String? = nil,
        periodName: String? = nil, weight: NumberInput? = nil, parentId: UUID? = nil, ownerId: UUID? = nil,
        organizationId: UUID? = nil
    ) {
        self.title = title
        self.description = description
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.periodName = periodName
        self.weight = weight
        self.parentId = parentId
        self.ownerId = ownerId
        self.organizationId = organizationId
    }
}

struct UpdateObjectiveRequest: Content, APIRequestBody {
    var title: String?
    var description: String?
    var weight: NumberInput?
    var ownerId: UUID?

    static let schema: Schema = .object([
        "title" <-? .string(), "description" <-? .string(), "weight" <-? OKRSchemas.numberInput, "ownerId" <-? .uuid,
    ])
}

package struct CreateKeyResultRequest: Content, APIRequestBody {
    var title: String?
    var kind: String?
    var unit: String?
    var baseline: NumberInput?
    var target: NumberInput?
    var steps: [String]?
    var weight: NumberInput?
    var ownerId: UUID?

    static let schema: Schema = .object([
        "title" <- .string(), "kind" <- .enumeration(OKRSchemas.kinds), "unit" <-? .string(),
        "baseline" <-? OKRSchemas.numberInput, "target" <-? OKRSchemas.numberInput, "steps" <-? .array(.string()),
        "weight" <-? OKRSchemas.numberInput, "ownerId" <-? .uuid,
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        title: String? = nil, kind: String? = nil, unit: String? = nil, baseline: NumberInput? = nil,
        target: NumberInput? = nil, steps: [String]? = nil, weight: NumberInput? = nil, ownerId: UUID? = nil
    ) {
        self.title = title
        self.kind = kind
        self.unit = unit
        self.baseline = baseline
        self.target = target
        self.steps = steps
        self.weight = weight
        self.ownerId = ownerId
    }
}

struct UpdateKeyResultRequest: Content, APIRequestBody {
    var title: String?
    var weight: NumberInput?
    var ownerId: UUID?

    static let schema: Schema = .object([
        "title" <-? .string(), "weight" <-? OKRSchemas.numberInput, "ownerId" <-? .uuid,
    ])
}

package struct CheckInRequest: Content, APIRequestBody {
    var value: NumberInput?
    var confidence: String?
    var narrative: String?
    /// The check-in this one corrects (history is never edited).
    var correctsId: UUID?

    static let schema: Schema = .object([
        "value" <- OKRSchemas.numberInput, "confidence" <- .enumeration(OKRSchemas.confidences),
        "narrative" <-? .string(), "correctsId" <-? .uuid,
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        value: NumberInput? = nil, confidence: String? = nil, narrative: String? = nil, correctsId: UUID? = nil
    ) {
        self.value = value
        self.confidence = confidence
        self.narrative = narrative
        self.correctsId = correctsId
    }
}

package struct AlignmentRequest: Content, APIRequestBody {
    var parentId: UUID?
    var kind: String?

    static let schema: Schema = .object([
        "parentId" <- .uuid, "kind" <-? .enumeration(AlignmentKind.allCases.map(\.rawValue)),
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(parentId: UUID? = nil, kind: String? = nil) {
        self.parentId = parentId
        self.kind = kind
    }
}

/// Also the answer of `PUT …/okr-settings` (the `OKRSettings` schema).
struct OKRSettingsRequest: Content, APIRequestBody {
    var checkInStaleDays: Int?

    static let schema: Schema = .object(["checkInStaleDays" <- .integer])
}

/// The body of an OKR import is the CSV file itself (the handler reads it raw; the columns are in the README).
enum OKRCSVFile: APIRequestBody {
    static let schema: Schema = .string()
    static let mediaType = "text/csv"
}

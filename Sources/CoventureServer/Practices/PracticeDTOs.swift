import CoventureCore
import Foundation
import Vapor

// The practice library's request and response types (issue #15). Field names are contracts.

package struct PracticeRelationInput: Content, Equatable {
    var kind: String?
    var practiceId: UUID?

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(kind: String? = nil, practiceId: UUID? = nil) {
        self.kind = kind
        self.practiceId = practiceId
    }
}

/// A contributed practice (every field but `relations` required) or a revision of the version in review (only what is
/// sent changes).
package struct PracticeRequest: Content, APIRequestBody {
    var name: String?
    var summary: String?
    var framework: String?
    var area: String?
    var peopleMin: Int?
    var peopleMax: Int?
    var durationMinutes: Int?
    var difficulty: String?
    /// Markdown: headings, lists, emphasis, code and `http(s)` links; raw HTML is shown as text.
    var howTo: String?
    var relations: [PracticeRelationInput]?

    static let schema: Schema = .object(PracticeSchemas.contentInput)

    func input() throws -> PracticeContent.Input {
        var relations: [(kind: String, practiceID: UUID)]?
        if let raw = self.relations {
            relations = try raw.enumerated().map { index, relation in
                guard let id = relation.practiceId else { throw ValidationError(field: "relations[\(index)].practiceId", "is required") }
                return (relation.kind ?? "", id)
            }
        }
        return PracticeContent.Input(
            name: name, summary: summary, framework: framework, area: area, peopleMin: peopleMin, peopleMax: peopleMax,
            durationMinutes: durationMinutes, difficulty: difficulty, howTo: howTo, relations: relations)
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        name: String? = nil, summary: String? = nil, framework: String? = nil, area: String? = nil,
        peopleMin: Int? = nil, peopleMax: Int? = nil, durationMinutes: Int? = nil, difficulty: String? = nil,
        howTo: String? = nil, relations: [PracticeRelationInput]? = nil
    ) {
        self.name = name
        self.summary = summary
        self.framework = framework
        self.area = area
        self.peopleMin = peopleMin
        self.peopleMax = peopleMax
        self.durationMinutes = durationMinutes
        self.difficulty = difficulty
        self.howTo = howTo
        self.relations = relations
    }
}

package struct PracticeReviewRequest: Content, APIRequestBody {
    var verdict: String?
    var comment: String?

    static let schema: Schema = .object([
        "verdict" <- .enumeration(PracticeReviewVerdict.allCases.map(\.rawValue)), "comment" <-? .nullable(.string()),
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(verdict: String? = nil, comment: String? = nil) {
        self.verdict = verdict
        self.comment = comment
    }
}

package struct AdoptionRequest: Content, APIRequestBody {
    var practiceId: UUID?
    var tailoring: String?
    var reviewOn: String?

    static let schema: Schema = .object(["practiceId" <- .uuid, "tailoring" <-? .string(), "reviewOn" <- .string(format: "date")])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(practiceId: UUID? = nil, tailoring: String? = nil, reviewOn: String? = nil) {
        self.practiceId = practiceId
        self.tailoring = tailoring
        self.reviewOn = reviewOn
    }
}

/// A change to an adoption: move to another accepted version, or change its tailoring or review date.
package struct AdoptionChangeRequest: Content, APIRequestBody {
    var version: Int?
    var tailoring: String?
    var reviewOn: String?

    static let schema: Schema = .object(["version" <-? .integer, "tailoring" <-? .string(), "reviewOn" <-? .string(format: "date")])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(version: Int? = nil, tailoring: String? = nil, reviewOn: String? = nil) {
        self.version = version
        self.tailoring = tailoring
        self.reviewOn = reviewOn
    }
}

package struct RetrospectivePracticeInput: Content, Equatable {
    var adoptionId: UUID?
    var verdict: String?
    var note: String?

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(adoptionId: UUID? = nil, verdict: String? = nil, note: String? = nil) {
        self.adoptionId = adoptionId
        self.verdict = verdict
        self.note = note
    }
}

/// A proposed change to a practice, from a retrospective: the reason and what changes (only what is sent).
package struct PracticeChangeProposal: Content {
    var practiceId: UUID?
    var reason: String?
    var name: String?
    var summary: String?
    var framework: String?
    var area: String?
    var peopleMin: Int?
    var peopleMax: Int?
    var durationMinutes: Int?
    var difficulty: String?
    var howTo: String?
    var relations: [PracticeRelationInput]?

    var content: PracticeRequest {
        PracticeRequest(
            name: name, summary: summary, framework: framework, area: area, peopleMin: peopleMin, peopleMax: peopleMax,
            durationMinutes: durationMinutes, difficulty: difficulty, howTo: howTo, relations: relations)
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        practiceId: UUID? = nil, reason: String? = nil, name: String? = nil, summary: String? = nil,
        framework: String? = nil, area: String? = nil, peopleMin: Int? = nil, peopleMax: Int? = nil,
        durationMinutes: Int? = nil, difficulty: String? = nil, howTo: String? = nil,
        relations: [PracticeRelationInput]? = nil
    ) {
        self.practiceId = practiceId
        self.reason = reason
        self.name = name
        self.summary = summary
        self.framework = framework
        self.area = area
        self.peopleMin = peopleMin
        self.peopleMax = peopleMax
        self.durationMinutes = durationMinutes
        self.difficulty = difficulty
        self.howTo = howTo
        self.relations = relations
    }
}

package struct RetrospectiveRequest: Content, APIRequestBody {
    var heldOn: String?
    var helped: String?
    var toChange: String?
    /// Keep, adapt or drop, per practice the stream uses; "drop" ends the adoption.
    var practices: [RetrospectivePracticeInput]?
    var proposal: PracticeChangeProposal?

    static let schema: Schema = .object([
        "heldOn" <- .string(format: "date"), "helped" <-? .string(), "toChange" <-? .string(),
        "practices" <-? .array(.object([
            "adoptionId" <- .uuid, "verdict" <- .enumeration(RetrospectiveVerdict.allCases.map(\.rawValue)), "note" <-? .string(),
        ])),
        "proposal" <-? .nullable(.object(["practiceId" <- .uuid, "reason" <- .string()] + PracticeSchemas.contentInput)),
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        heldOn: String? = nil, helped: String? = nil, toChange: String? = nil,
        practices: [RetrospectivePracticeInput]? = nil, proposal: PracticeChangeProposal? = nil
    ) {
        self.heldOn = heldOn
        self.helped = helped
        self.toChange = toChange
        self.practices = practices
        self.proposal = proposal
    }
}

struct PracticeRelationDTO: Content, Equatable {
    var kind: PracticeRelationKind
    var practiceId: UUID
    var name: String?
}

struct OrganizationRefDTO: Content, Equatable {
    var organizationId: UUID
    var name: String
}

struct PracticeReviewDTO: Content, Equatable {
    var version: Int
    var organizationId: UUID
    var organizationName: String
    var personId: UUID
    var personName: String
    var verdict: PracticeReviewVerdict
    var comment: String
    var at: Date
}

struct DiffLineDTO: Content, Equatable {
    /// `same`, `removed` or `added`.
    var kind: String
    var text: String
}

struct FieldChangeDTO: Content, Equatable {
    var field: String
    var before: String
    var after: String
}

/// One version of a practice, with what changed from the version before it.
package struct PracticeVersionDTO: Content, Equatable {
    var version: Int
    var status: PracticeStatus
    var inForce: Bool
    var name: String
    var summary: String
    var framework: String
    var area: PracticeArea
    var peopleMin: Int
    var peopleMax: Int
    var durationMinutes: Int
    var difficulty: PracticeDifficulty
    var howTo: String
    var relations: [PracticeRelationDTO]
    /// Why this version (a refinement's reason).
    var reason: String
    var proposedById: UUID?
    var proposerOrganization: OrganizationRefDTO?
    var retrospectiveId: UUID?
    var proposedAt: Date
    var decidedAt: Date?
    var reviews: [PracticeReviewDTO]
    /// Against the version before it (empty for version 1).
    var changes: [FieldChangeDTO]
    var howToDiff: [DiffLineDTO]
}

/// A practice as people see it: the version in force (or, before any is accepted, the one in review), its provenance
/// and what waits.
package struct PracticeDTO: Content, Equatable {
    package var id: UUID
    /// nil for the shared catalogue.
    var initiativeId: UUID?
    var catalogueKey: String?
    /// For an initiative's copy of a catalogue practice: the catalogue's practice.
    var copiedFromId: UUID?
    /// The contributing organization; nil for the catalogue and its copies.
    var contributedBy: OrganizationRefDTO?
    var status: PracticeStatus
    var version: Int
    var name: String
    var summary: String
    var framework: String
    var area: PracticeArea
    var peopleMin: Int
    var peopleMax: Int
    var durationMinutes: Int
    var difficulty: PracticeDifficulty
    var howTo: String
    var relations: [PracticeRelationDTO]
    package /// A version proposed after the one in force, in review or with changes requested.
    var pending: PracticeVersionDTO?
    /// How many of the initiative's streams use it now.
    var usedBy: Int
    var createdAt: Date
}

package struct AdoptionDTO: Content, Equatable {
    package var id: UUID
    var workstreamId: UUID
    var practiceId: UUID
    var practiceName: String
    /// The organization that contributed the practice; nil for a practice from the catalogue.
    var contributedBy: OrganizationRefDTO?
    var version: Int
    /// The version in force now: a stream on an older one chooses when to move.
    var currentVersion: Int
    var tailoring: String
    var reviewOn: String
    var reviewDue: Bool
    var adoptedById: UUID
    var adoptedAt: Date
    var endedOn: String?
}

struct RetrospectiveVerdictDTO: Content, Equatable {
    var adoptionId: UUID
    var practiceId: UUID
    var verdict: RetrospectiveVerdict
    var note: String
}

package struct RetrospectiveDTO: Content, Equatable {
    var id: UUID
    var workstreamId: UUID
    var heldOn: String
    var helped: String
    var toChange: String
    var practices: [RetrospectiveVerdictDTO]
    var proposedPracticeId: UUID?
    var proposedVersion: Int?
    var recordedById: UUID
    var recordedAt: Date
}

/// The named schemas of the practice DTOs (merged into `APISchemas.components`).
enum PracticeSchemas {
    static let contentInput: [Schema.Property] = [
        "name" <-? .string(), "summary" <-? .string(), "framework" <-? .string(),
        "area" <-? .enumeration(PracticeArea.allCases.map(\.rawValue)), "peopleMin" <-? .integer, "peopleMax" <-? .integer,
        "durationMinutes" <-? .integer, "difficulty" <-? .enumeration(PracticeDifficulty.allCases.map(\.rawValue)), "howTo" <-? .string(),
        "relations" <-? .array(.object(["kind" <- .enumeration(PracticeRelationKind.allCases.map(\.rawValue)), "practiceId" <- .uuid])),
    ]

    static let components: [String: Schema] = {
        let statuses = Schema.enumeration(PracticeStatus.allCases.map(\.rawValue))
        let relations = Schema.array(.object([
            "kind" <- .enumeration(PracticeRelationKind.allCases.map(\.rawValue)), "practiceId" <- .uuid, "name" <-? .nullable(.string()),
        ]))
        let organization = Schema.object(["organizationId" <- .uuid, "name" <- .string()])
        let content: [Schema.Property] = [
            "name" <- .string(), "summary" <- .string(), "framework" <- .string(),
            "area" <- .enumeration(PracticeArea.allCases.map(\.rawValue)), "peopleMin" <- .integer, "peopleMax" <- .integer,
            "durationMinutes" <- .integer, "difficulty" <- .enumeration(PracticeDifficulty.allCases.map(\.rawValue)), "howTo" <- .string(),
            "relations" <- relations,
        ]
        return [
            "PracticeVersion": .object([
                "version" <- .integer, "status" <- statuses, "inForce" <- .boolean, "reason" <- .string(),
                "proposedById" <-? .nullable(.uuid), "proposerOrganization" <-? .nullable(organization),
                "retrospectiveId" <-? .nullable(.uuid), "proposedAt" <- .dateTime, "decidedAt" <-? .nullable(.dateTime),
                "reviews" <- .array(.object([
                    "version" <- .integer, "organizationId" <- .uuid, "organizationName" <- .string(), "personId" <- .uuid,
                    "personName" <- .string(), "verdict" <- .enumeration(PracticeReviewVerdict.allCases.map(\.rawValue)),
                    "comment" <- .string(), "at" <- .dateTime,
                ])),
                "changes" <- .array(.object(["field" <- .string(), "before" <- .string(), "after" <- .string()])),
                "howToDiff" <- .array(.object(["kind" <- .enumeration(["same", "removed", "added"]), "text" <- .string()])),
            ] + content),
            "Practice": .object([
                "id" <- .uuid, "initiativeId" <-? .nullable(.uuid), "catalogueKey" <-? .nullable(.string()),
                "copiedFromId" <-? .nullable(.uuid), "contributedBy" <-? .nullable(organization), "status" <- statuses,
                "version" <- .integer, "pending" <-? .nullable(.ref("PracticeVersion")), "usedBy" <- .integer, "createdAt" <- .dateTime,
            ] + content),
            "Adoption": .object([
                "id" <- .uuid, "workstreamId" <- .uuid, "practiceId" <- .uuid, "practiceName" <- .string(),
                "contributedBy" <-? .nullable(organization), "version" <- .integer,
                "currentVersion" <- .integer, "tailoring" <- .string(), "reviewOn" <- .string(format: "date"), "reviewDue" <- .boolean,
                "adoptedById" <- .uuid, "adoptedAt" <- .dateTime, "endedOn" <-? .nullable(.string(format: "date")),
            ]),
            "Retrospective": .object([
                "id" <- .uuid, "workstreamId" <- .uuid, "heldOn" <- .string(format: "date"), "helped" <- .string(),
                "toChange" <- .string(),
                "practices" <- .array(.object([
                    "adoptionId" <- .uuid, "practiceId" <- .uuid, "verdict" <- .enumeration(RetrospectiveVerdict.allCases.map(\.rawValue)),
                    "note" <- .string(),
                ])),
                "proposedPracticeId" <-? .nullable(.uuid), "proposedVersion" <-? .nullable(.integer), "recordedById" <- .uuid,
                "recordedAt" <- .dateTime,
            ]),
        ]
    }()
}

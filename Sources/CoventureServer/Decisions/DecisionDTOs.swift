import CoventureCore
import Foundation
import Vapor

// The decisions API's request and response types (issue #13). Field names are contracts.

package struct DecisionTypeDTO: Content, Equatable {
    package var id: UUID
    var initiativeId: UUID
    package var name: String
    package var method: DecisionMethod
    package var voters: DecisionVoters
    var quorumPercent: Int
    var everyPartyPresent: Bool
    var thresholdPercent: Int?
    var reasonRequired: ReasonRequirement
    var hiddenUntilClosed: Bool
    package var reserved: Bool
    package var defaultDays: Int
    var isDefault: Bool

    package var rules: DecisionRules {
        DecisionRules(
            method: method, voters: voters, quorumPercent: quorumPercent, everyPartyPresent: everyPartyPresent,
            thresholdPercent: thresholdPercent, reasonRequired: reasonRequired, hiddenUntilClosed: hiddenUntilClosed,
            reserved: reserved, defaultDays: defaultDays)
    }
}

/// A new type (every rule but `name` and `method` has a default) or a change to one (only what is sent changes).
package struct DecisionTypeRequest: Content, APIRequestBody, Equatable {
    var name: String?
    var method: String?
    var voters: String?
    var quorumPercent: Int?
    var everyPartyPresent: Bool?
    var thresholdPercent: Int?
    var reasonRequired: String?
    var hiddenUntilClosed: Bool?
    var reserved: Bool?
    var defaultDays: Int?
    var isDefault: Bool?

    static let schema: Schema = .object([
        "name" <-? .string(), "method" <-? .enumeration(DecisionMethod.allCases.map(\.rawValue)),
        "voters" <-? .enumeration(DecisionVoters.allCases.map(\.rawValue)), "quorumPercent" <-? .integer,
        "everyPartyPresent" <-? .boolean, "thresholdPercent" <-? .nullable(.integer),
        "reasonRequired" <-? .enumeration(ReasonRequirement.allCases.map(\.rawValue)), "hiddenUntilClosed" <-? .boolean,
        "reserved" <-? .boolean, "defaultDays" <-? .integer, "isDefault" <-? .boolean,
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        name: String? = nil, method: String? = nil, voters: String? = nil, quorumPercent: Int? = nil,
        everyPartyPresent: Bool? = nil, thresholdPercent: Int? = nil, reasonRequired: String? = nil,
        hiddenUntilClosed: Bool? = nil, reserved: Bool? = nil, defaultDays: Int? = nil, isDefault: Bool? = nil
    ) {
        self.name = name
        self.method = method
        self.voters = voters
        self.quorumPercent = quorumPercent
        self.everyPartyPresent = everyPartyPresent
        self.thresholdPercent = thresholdPercent
        self.reasonRequired = reasonRequired
        self.hiddenUntilClosed = hiddenUntilClosed
        self.reserved = reserved
        self.defaultDays = defaultDays
        self.isDefault = isDefault
    }
}

package struct TallyDTO: Content, Equatable {
    struct Party: Content, Equatable {
        var partyId: UUID
        var organizationId: UUID
        var organizationName: String
        var positions: [String: Int]
    }
    struct Weighted: Content, Equatable {
        var yes: Double
        var no: Double
    }
    package var positions: [String: Int]
    var byParty: [Party]
    package var eligible: Int
    package var voted: Int
    var quorumMet: Bool
    var weighted: Weighted?
}

struct OutcomeDTO: Content, Equatable {
    var result: DecisionResult
    /// Advice only: whether the owner took the proposal.
    var adopted: Bool?
    var statement: String?
    var rationale: String?
    var reviewOn: String?
}

struct DeadlockDTO: Content, Equatable {
    /// 1-based position on the initiative's escalation ladder.
    var step: Int
    var stepName: String
    var upSince: Date
    /// Who is up at this step.
    var people: [UUID]
}

/// What a decision would change if it passes, and what became of it.
struct ProposedChangeDTO: Content, Equatable {
    var kind: String
    var summary: String
    /// proposed, applied, notApplied, lapsed.
    var state: String
    var note: String?
}

package struct DecisionDTO: Content, Equatable {
    package var id: UUID
    var initiativeId: UUID
    /// `DEC-0001`…, given at the seal; null before.
    var number: String?
    package var title: String
    var proposal: String
    var typeId: UUID
    var typeName: String
    var method: DecisionMethod
    var status: DecisionStatus
    var version: Int
    var closesAt: Date?
    var openedAt: Date?
    var closedAt: Date?
    var authorId: UUID
    var authorName: String
    var workstreamId: UUID?
    var supersedesId: UUID?
    /// Null while the votes are hidden until the close.
    var tally: TallyDTO?
    /// Null until sealed.
    var outcome: OutcomeDTO?
    var deadlock: DeadlockDTO?
    var change: ProposedChangeDTO?
    /// Closed advice waiting for the owner's outcome.
    var awaitingOutcome: Bool
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, initiativeId, number, title, proposal, typeId, typeName, method, status, version, closesAt, openedAt, closedAt, authorId,
             authorName, workstreamId, supersedesId, tally, outcome, deadlock, change, awaitingOutcome, createdAt
    }

    /// `number`, `tally`, `outcome` and `deadlock` are always present, null until they apply: a contract clients test
    /// for (`"number": null` until sealed), not an absent key.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(initiativeId, forKey: .initiativeId)
        try container.encode(number, forKey: .number)
        try container.encode(title, forKey: .title)
        try container.encode(proposal, forKey: .proposal)
        try container.encode(typeId, forKey: .typeId)
        try container.encode(typeName, forKey: .typeName)
        try container.encode(method, forKey: .method)
        try container.encode(status, forKey: .status)
        try container.encode(version, forKey: .version)
        try container.encode(closesAt, forKey: .closesAt)
        try container.encode(openedAt, forKey: .openedAt)
        try container.encode(closedAt, forKey: .closedAt)
        try container.encode(authorId, forKey: .authorId)
        try container.encode(authorName, forKey: .authorName)
        try container.encode(workstreamId, forKey: .workstreamId)
        try container.encode(supersedesId, forKey: .supersedesId)
        try container.encode(tally, forKey: .tally)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(deadlock, forKey: .deadlock)
        try container.encode(change, forKey: .change)
        try container.encode(awaitingOutcome, forKey: .awaitingOutcome)
        try container.encode(createdAt, forKey: .createdAt)
    }
}

package struct CreateDecisionRequest: Content, APIRequestBody {
    var typeId: UUID?
    var title: String?
    var proposal: String?
    var closesAt: String?
    var workstreamId: UUID?
    var supersedesId: UUID?
    var open: Bool?

    static let schema: Schema = .object([
        "typeId" <-? .uuid, "title" <- .string(), "proposal" <- .string(), "closesAt" <-? .nullable(.dateTime),
        "workstreamId" <-? .nullable(.uuid), "supersedesId" <-? .nullable(.uuid), "open" <-? .boolean,
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        typeId: UUID? = nil, title: String? = nil, proposal: String? = nil, closesAt: String? = nil,
        workstreamId: UUID? = nil, supersedesId: UUID? = nil, open: Bool? = nil
    ) {
        self.typeId = typeId
        self.title = title
        self.proposal = proposal
        self.closesAt = closesAt
        self.workstreamId = workstreamId
        self.supersedesId = supersedesId
        self.open = open
    }
}

package struct UpdateDecisionRequest: Content, APIRequestBody {
    var title: String?
    var proposal: String?
    var closesAt: String?

    static let schema: Schema = .object(["title" <-? .string(), "proposal" <-? .string(), "closesAt" <-? .nullable(.dateTime)])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(title: String? = nil, proposal: String? = nil, closesAt: String? = nil) {
        self.title = title
        self.proposal = proposal
        self.closesAt = closesAt
    }
}

struct OpenDecisionRequest: Content, APIRequestBody {
    var closesAt: String?
    static let schema: Schema = .object(["closesAt" <-? .nullable(.dateTime)])
}

package struct VoteRequest: Content, APIRequestBody {
    var position: String?
    var reason: String?
    static let schema: Schema = .object(["position" <- .string(), "reason" <-? .nullable(.string())])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(position: String? = nil, reason: String? = nil) {
        self.position = position
        self.reason = reason
    }
}

package struct VoteDTO: Content, Equatable {
    package var id: UUID
    var decisionId: UUID
    var personId: UUID
    var personName: String
    var organizationId: UUID
    var organizationName: String
    var position: DecisionPosition
    var reason: String?
    /// The version of the proposal the vote was cast on.
    var version: Int
    /// The person's latest vote: the one that counts.
    var current: Bool
    var castAt: Date
    /// The owner's answer to this objection (advice).
    var answer: String?
    /// For votes hidden until the close: the value whose SHA-256 the ledger holds (`nonce:position:reason`), shown
    /// once sealed so anyone can check the entry.
    var nonce: String?
}

package struct OutcomeRequest: Content, APIRequestBody {
    package struct Answer: Content, Equatable {
        var voteId: UUID
        var answer: String

        /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
        package init(voteId: UUID, answer: String) {
            self.voteId = voteId
            self.answer = answer
        }
    }
    var adopted: Bool?
    var statement: String?
    var rationale: String?
    var reviewOn: String?
    var answers: [Answer]?

    static let schema: Schema = .object([
        "adopted" <- .boolean, "statement" <- .string(), "rationale" <-? .nullable(.string()),
        "reviewOn" <-? .nullable(.string(format: "date")),
        "answers" <-? .array(.object(["voteId" <- .uuid, "answer" <- .string()])),
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        adopted: Bool? = nil, statement: String? = nil, rationale: String? = nil, reviewOn: String? = nil,
        answers: [Answer]? = nil
    ) {
        self.adopted = adopted
        self.statement = statement
        self.rationale = rationale
        self.reviewOn = reviewOn
        self.answers = answers
    }
}

struct CloseDecisionRequest: Content, APIRequestBody {
    var statement: String?
    var rationale: String?
    var reviewOn: String?
    static let schema: Schema = .object([
        "statement" <-? .nullable(.string()), "rationale" <-? .nullable(.string()), "reviewOn" <-? .nullable(.string(format: "date")),
    ])
}

package struct EscalationStepDTO: Content, Equatable {
    var name: String
    var people: [UUID]
    var days: Int

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(name: String, people: [UUID], days: Int) {
        self.name = name
        self.people = people
        self.days = days
    }
}

package struct EscalationLadderDTO: Content, Equatable, APIRequestBody {
    var steps: [EscalationStepDTO]
    static let schema: Schema = .object([
        "steps" <- .array(.object(["name" <- .string(), "people" <- .array(.uuid), "days" <- .integer])),
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(steps: [EscalationStepDTO]) {
        self.steps = steps
    }
}

/// The named schemas of the decision DTOs (merged into `APISchemas.components`).
enum DecisionSchemas {
    static let components: [String: Schema] = {
        let counts = Schema.map(.integer)
        return [
            "DecisionType": .object([
                "id" <- .uuid, "initiativeId" <- .uuid, "name" <- .string(),
                "method" <- .enumeration(DecisionMethod.allCases.map(\.rawValue)),
                "voters" <- .enumeration(DecisionVoters.allCases.map(\.rawValue)), "quorumPercent" <- .integer,
                "everyPartyPresent" <- .boolean, "thresholdPercent" <-? .nullable(.integer),
                "reasonRequired" <- .enumeration(ReasonRequirement.allCases.map(\.rawValue)), "hiddenUntilClosed" <- .boolean,
                "reserved" <- .boolean, "defaultDays" <- .integer, "isDefault" <- .boolean,
            ]),
            "Tally": .object([
                "positions" <- counts,
                "byParty" <- .array(.object([
                    "partyId" <- .uuid, "organizationId" <- .uuid, "organizationName" <- .string(), "positions" <- counts,
                ])),
                "eligible" <- .integer, "voted" <- .integer, "quorumMet" <- .boolean,
                "weighted" <-? .nullable(.object(["yes" <- .number, "no" <- .number])),
            ]),
            "Decision": .object([
                "id" <- .uuid, "initiativeId" <- .uuid, "number" <- .nullable(.string()), "title" <- .string(),
                "proposal" <- .string(), "typeId" <- .uuid, "typeName" <- .string(),
                "method" <- .enumeration(DecisionMethod.allCases.map(\.rawValue)),
                "status" <- .enumeration(DecisionStatus.allCases.map(\.rawValue)), "version" <- .integer,
                "closesAt" <-? .nullable(.dateTime), "openedAt" <-? .nullable(.dateTime), "closedAt" <-? .nullable(.dateTime),
                "authorId" <- .uuid, "authorName" <- .string(), "workstreamId" <-? .nullable(.uuid), "supersedesId" <-? .nullable(.uuid),
                "tally" <- .nullable(.ref("Tally")),
                "outcome" <- .nullable(.object([
                    "result" <- .enumeration(DecisionResult.allCases.map(\.rawValue)), "adopted" <-? .nullable(.boolean),
                    "statement" <-? .nullable(.string()), "rationale" <-? .nullable(.string()), "reviewOn" <-? .nullable(.string(format: "date")),
                ])),
                "deadlock" <- .nullable(.object([
                    "step" <- .integer, "stepName" <- .string(), "upSince" <- .dateTime, "people" <- .array(.uuid),
                ])),
                "change" <-? .nullable(.object([
                    "kind" <- .string(), "summary" <- .string(),
                    "state" <- .enumeration(["proposed", "applied", "notApplied", "lapsed"]), "note" <-? .nullable(.string()),
                ])),
                "awaitingOutcome" <- .boolean, "createdAt" <- .dateTime,
            ]),
            "Vote": .object([
                "id" <- .uuid, "decisionId" <- .uuid, "personId" <- .uuid, "personName" <- .string(), "organizationId" <- .uuid,
                "organizationName" <- .string(), "position" <- .enumeration(DecisionPosition.allCases.map(\.rawValue)),
                "reason" <-? .nullable(.string()), "version" <- .integer, "current" <- .boolean, "castAt" <- .dateTime,
                "answer" <-? .nullable(.string()), "nonce" <-? .nullable(.string()),
            ]),
            "EscalationLadder": .object([
                "steps" <- .array(.object(["name" <- .string(), "people" <- .array(.uuid), "days" <- .integer])),
            ]),
        ]
    }()
}

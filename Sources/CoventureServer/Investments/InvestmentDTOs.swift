import CoventureCore
import Foundation
import Vapor

// The investments API's request and response types (issue #14). Field names are contracts. Money is always
// `{"amount": <integer minor units>, "currency": "EUR"}`, never a float.

extension Money: Content {}

package struct CriterionDTO: Content, Equatable {
    package var id: UUID
    var name: String
    var description: String
    var weight: Int
    var min: Double
    var max: Double
    var decimals: Bool
    var direction: ScoreDirection

    var criterion: ScoringCriterion {
        ScoringCriterion(id: id, name: name, description: description, weight: weight, min: min, max: max, decimals: decimals, direction: direction)
    }
}

/// One version of the scoring framework. `status`: proposed (its decision is open), ratified (in force), rejected,
/// superseded (a later version was ratified).
package struct ScoringFrameworkDTO: Content, Equatable {
    var id: UUID
    var initiativeId: UUID
    var version: Int
    var status: ScoringFrameworkStatus
    package var decisionId: UUID?
    var proposedBy: UUID
    var createdAt: Date
    var decidedAt: Date?
    package var criteria: [CriterionDTO]
}

/// `GET …/scoring-framework`: the version in force (null until one is ratified) and every version, newest first.
struct ScoringFrameworksDTO: Content, Equatable {
    var inForce: ScoringFrameworkDTO?
    var versions: [ScoringFrameworkDTO]

    enum CodingKeys: String, CodingKey { case inForce, versions }

    init(inForce: ScoringFrameworkDTO?, versions: [ScoringFrameworkDTO]) {
        self.inForce = inForce
        self.versions = versions
    }

    /// `inForce` is written as null, not left out: "no version in force" is an answer, not a missing field.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(inForce, forKey: .inForce)
        try container.encode(versions, forKey: .versions)
    }
}

/// `PUT …/scoring-framework`: proposes a new version, ratified by a decision of the named type or the default one.
package struct ScoringFrameworkRequest: Content, APIRequestBody, Equatable {
    package struct Criterion: Content, Equatable {
        var name: String?
        var description: String?
        var weight: Int?
        var min: Double?
        var max: Double?
        var decimals: Bool?
        var direction: String?

        /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
        package init(
            name: String? = nil, description: String? = nil, weight: Int? = nil, min: Double? = nil, max: Double? = nil,
            decimals: Bool? = nil, direction: String? = nil
        ) {
            self.name = name
            self.description = description
            self.weight = weight
            self.min = min
            self.max = max
            self.decimals = decimals
            self.direction = direction
        }
    }
    var criteria: [Criterion]?
    var typeId: UUID?

    static let schema: Schema = .object([
        "criteria" <- .array(.object([
            "name" <- .string(), "description" <-? .string(), "weight" <- .integer, "min" <- .number, "max" <- .number,
            "decimals" <-? .boolean, "direction" <-? .enumeration(ScoreDirection.allCases.map(\.rawValue)),
        ])),
        "typeId" <-? .nullable(.uuid),
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(criteria: [Criterion]? = nil, typeId: UUID? = nil) {
        self.criteria = criteria
        self.typeId = typeId
    }
}

struct PledgeDTO: Content, Equatable {
    var organizationId: UUID
    var organizationName: String
    var amount: Money
    var released: Money
    var remaining: Money
}

struct ReleaseDTO: Content, Equatable {
    var organizationId: UUID
    var amount: Money
}

struct TrancheDTO: Content, Equatable {
    var id: UUID
    var position: Int
    var amount: Money
    var milestone: String
    var keyResultId: UUID?
    var releasedAt: Date?
    var releases: [ReleaseDTO]
}

package struct GateDTO: Content, Equatable {
    var id: UUID
    var position: Int
    var trancheId: UUID
    package var decisionId: UUID
    var outcome: GateOutcome
    var reason: String?
    var decidedBy: UUID?
    var openedAt: Date
    var decidedAt: Date?
}

struct ScoreDTO: Content, Equatable {
    struct Range: Content, Equatable {
        var min: Double
        var max: Double
    }
    struct Party: Content, Equatable {
        var organizationId: UUID
        var organizationName: String
        var score: Double
    }
    struct PartyMean: Content, Equatable {
        var organizationId: UUID
        var mean: Double
    }
    struct Criterion: Content, Equatable {
        var criterionId: UUID
        var name: String
        var weight: Int
        var ratings: Int
        var mean: Double?
        var spread: Range?
        var partyMeans: [PartyMean]
        var divergent: Bool
    }
    /// 0–100, weighted over the rated criteria; null while nothing is rated.
    var overall: Double?
    var spread: Range?
    var parties: [Party]
    var criteria: [Criterion]
    var ratedCriteria: Int
    var raters: Int
}

struct RatingDTO: Content, Equatable {
    var id: UUID
    var criterionId: UUID
    var personId: UUID
    var personName: String
    var organizationId: UUID
    var value: Double
    var comment: String
    var ratedAt: Date
}

package struct ProposalDTO: Content, Equatable {
    package var id: UUID
    var initiativeId: UUID
    var title: String
    var problem: String
    var hypothesis: String
    var ask: Money
    var released: Money
    var remaining: Money
    var funding: [PledgeDTO]
    var tranches: [TrancheDTO]
    package var gates: [GateDTO]
    var objectiveIds: [UUID]
    /// The value metrics it expects to move.
    var metricIds: [UUID]
    var workstreamId: UUID?
    var authorId: UUID
    var authorName: String
    var stage: ProposalStage
    /// The scoring framework version it is scored against; null until one is in force.
    var frameworkVersion: Int?
    var score: ScoreDTO?
    /// The current rating of every rater (their latest per criterion).
    var ratings: [RatingDTO]
    var createdAt: Date
    var updatedAt: Date
}

package struct CreateProposalRequest: Content, APIRequestBody, Equatable {
    package struct Pledge: Content, Equatable {
        var organizationId: UUID
        var amount: Money?

        /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
        package init(organizationId: UUID, amount: Money? = nil) {
            self.organizationId = organizationId
            self.amount = amount
        }
    }
    package struct Tranche: Content, Equatable {
        var amount: Money?
        var milestone: String?
        var keyResultId: UUID?

        /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
        package init(amount: Money? = nil, milestone: String? = nil, keyResultId: UUID? = nil) {
            self.amount = amount
            self.milestone = milestone
            self.keyResultId = keyResultId
        }
    }
    var title: String?
    var problem: String?
    var hypothesis: String?
    var ask: Money?
    var funding: [Pledge]?
    var tranches: [Tranche]?
    var objectiveIds: [UUID]?
    var metricIds: [UUID]?
    var workstreamId: UUID?

    static let money: Schema = .object(["amount" <- .integer, "currency" <- .string()])
    static let schema: Schema = .object([
        "title" <- .string(), "problem" <- .string(), "hypothesis" <- .string(), "ask" <- money,
        "funding" <- .array(.object(["organizationId" <- .uuid, "amount" <- money])),
        "tranches" <- .array(.object(["amount" <- money, "milestone" <- .string(), "keyResultId" <-? .nullable(.uuid)])),
        "objectiveIds" <-? .array(.uuid), "metricIds" <-? .array(.uuid), "workstreamId" <-? .nullable(.uuid),
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        title: String? = nil, problem: String? = nil, hypothesis: String? = nil, ask: Money? = nil,
        funding: [Pledge]? = nil, tranches: [Tranche]? = nil, objectiveIds: [UUID]? = nil, metricIds: [UUID]? = nil,
        workstreamId: UUID? = nil
    ) {
        self.title = title
        self.problem = problem
        self.hypothesis = hypothesis
        self.ask = ask
        self.funding = funding
        self.tranches = tranches
        self.objectiveIds = objectiveIds
        self.metricIds = metricIds
        self.workstreamId = workstreamId
    }
}

/// A change to a proposal (only what is sent changes). Its plan (`ask`, `funding`, `tranches`) changes only before
/// its first gate. `outcome` (kill, hold or recycle) with a `reason` is the owner's word on a gate that did not pass,
/// sent on its own.
package struct UpdateProposalRequest: Content, APIRequestBody, Equatable {
    var title: String?
    var problem: String?
    var hypothesis: String?
    var ask: Money?
    var funding: [CreateProposalRequest.Pledge]?
    var tranches: [CreateProposalRequest.Tranche]?
    var objectiveIds: [UUID]?
    var metricIds: [UUID]?
    var workstreamId: UUID?
    var outcome: String?
    var reason: String?

    var changesProposal: Bool {
        title != nil || problem != nil || hypothesis != nil || ask != nil || funding != nil || tranches != nil || objectiveIds != nil
            || metricIds != nil || workstreamId != nil
    }

    static let schema: Schema = .object([
        "title" <-? .string(), "problem" <-? .string(), "hypothesis" <-? .string(), "ask" <-? CreateProposalRequest.money,
        "funding" <-? .array(.object(["organizationId" <- .uuid, "amount" <- CreateProposalRequest.money])),
        "tranches" <-? .array(.object(["amount" <- CreateProposalRequest.money, "milestone" <- .string(), "keyResultId" <-? .nullable(.uuid)])),
        "objectiveIds" <-? .array(.uuid), "metricIds" <-? .array(.uuid), "workstreamId" <-? .nullable(.uuid),
        "outcome" <-? .enumeration(GateOutcome.ownerChoices.map(\.rawValue)), "reason" <-? .string(),
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        title: String? = nil, problem: String? = nil, hypothesis: String? = nil, ask: Money? = nil,
        funding: [CreateProposalRequest.Pledge]? = nil, tranches: [CreateProposalRequest.Tranche]? = nil,
        objectiveIds: [UUID]? = nil, metricIds: [UUID]? = nil, workstreamId: UUID? = nil, outcome: String? = nil,
        reason: String? = nil
    ) {
        self.title = title
        self.problem = problem
        self.hypothesis = hypothesis
        self.ask = ask
        self.funding = funding
        self.tranches = tranches
        self.objectiveIds = objectiveIds
        self.metricIds = metricIds
        self.workstreamId = workstreamId
        self.outcome = outcome
        self.reason = reason
    }
}

/// `POST /proposals/{id}/ratings`: one score per criterion (any subset), each with an optional comment.
package struct RatingRequest: Content, APIRequestBody, Equatable {
    package struct Score: Content, Equatable {
        var criterionId: UUID
        var value: Double?
        var comment: String?

        /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
        package init(criterionId: UUID, value: Double? = nil, comment: String? = nil) {
            self.criterionId = criterionId
            self.value = value
            self.comment = comment
        }
    }
    var scores: [Score]?

    static let schema: Schema = .object([
        "scores" <- .array(.object(["criterionId" <- .uuid, "value" <- .number, "comment" <-? .string()])),
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(scores: [Score]? = nil) {
        self.scores = scores
    }
}

/// `POST /proposals/{id}/gates`: opens the next gate's decision (of the named type, or the initiative's default).
package struct OpenGateRequest: Content, APIRequestBody, Equatable {
    var typeId: UUID?

    static let schema: Schema = .object(["typeId" <-? .nullable(.uuid)])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(typeId: UUID? = nil) {
        self.typeId = typeId
    }
}

/// `GET /initiatives/{id}/portfolio`: every proposal's stage, score and money, and the totals per currency and party.
struct PortfolioDTO: Content, Equatable {
    struct PartyMoney: Content, Equatable {
        var organizationId: UUID
        var organizationName: String
        var pledged: Money
        var released: Money
        var remaining: Money
    }
    struct Row: Content, Equatable {
        var id: UUID
        var title: String
        var stage: ProposalStage
        var score: Double?
        var scoreSpread: ScoreDTO.Range?
        var divergentCriteria: Int
        var ask: Money
        var released: Money
        var remaining: Money
        var parties: [PartyMoney]
    }
    struct Total: Content, Equatable {
        var currency: String
        var asked: Money
        var released: Money
        var remaining: Money
        var parties: [PartyMoney]
    }
    var proposals: [Row]
    var totals: [Total]
}

/// The named schemas of the investment DTOs (merged into `APISchemas.components`).
enum InvestmentSchemas {
    static let components: [String: Schema] = {
        let money: Schema = .ref("Money")
        let range: Schema = .object(["min" <- .number, "max" <- .number])
        let partyMoney: Schema = .object([
            "organizationId" <- .uuid, "organizationName" <- .string(), "pledged" <- money, "released" <- money, "remaining" <- money,
        ])
        let framework: Schema = .object([
            "id" <- .uuid, "initiativeId" <- .uuid, "version" <- .integer,
            "status" <- .enumeration(ScoringFrameworkStatus.allCases.map(\.rawValue)), "decisionId" <-? .nullable(.uuid),
            "proposedBy" <- .uuid, "createdAt" <- .dateTime, "decidedAt" <-? .nullable(.dateTime),
            "criteria" <- .array(.object([
                "id" <- .uuid, "name" <- .string(), "description" <- .string(), "weight" <- .integer, "min" <- .number,
                "max" <- .number, "decimals" <- .boolean, "direction" <- .enumeration(ScoreDirection.allCases.map(\.rawValue)),
            ])),
        ])
        return [
            "Money": .object(["amount" <- .integer, "currency" <- .string()]),
            "ScoringFramework": framework,
            "ScoringFrameworks": .object(["inForce" <- .nullable(.ref("ScoringFramework")), "versions" <- .array(.ref("ScoringFramework"))]),
            "Proposal": .object([
                "id" <- .uuid, "initiativeId" <- .uuid, "title" <- .string(), "problem" <- .string(), "hypothesis" <- .string(),
                "ask" <- money, "released" <- money, "remaining" <- money,
                "funding" <- .array(.object([
                    "organizationId" <- .uuid, "organizationName" <- .string(), "amount" <- money, "released" <- money, "remaining" <- money,
                ])),
                "tranches" <- .array(.object([
                    "id" <- .uuid, "position" <- .integer, "amount" <- money, "milestone" <- .string(), "keyResultId" <-? .nullable(.uuid),
                    "releasedAt" <-? .nullable(.dateTime), "releases" <- .array(.object(["organizationId" <- .uuid, "amount" <- money])),
                ])),
                "gates" <- .array(.object([
                    "id" <- .uuid, "position" <- .integer, "trancheId" <- .uuid, "decisionId" <- .uuid,
                    "outcome" <- .enumeration(GateOutcome.allCases.map(\.rawValue)), "reason" <-? .nullable(.string()),
                    "decidedBy" <-? .nullable(.uuid), "openedAt" <- .dateTime, "decidedAt" <-? .nullable(.dateTime),
                ])),
                "objectiveIds" <- .array(.uuid), "metricIds" <- .array(.uuid), "workstreamId" <-? .nullable(.uuid), "authorId" <- .uuid, "authorName" <- .string(),
                "stage" <- .enumeration(ProposalStage.allCases.map(\.rawValue)), "frameworkVersion" <-? .nullable(.integer),
                "score" <-? .nullable(.object([
                    "overall" <-? .nullable(.number), "spread" <-? .nullable(range),
                    "parties" <- .array(.object(["organizationId" <- .uuid, "organizationName" <- .string(), "score" <- .number])),
                    "criteria" <- .array(.object([
                        "criterionId" <- .uuid, "name" <- .string(), "weight" <- .integer, "ratings" <- .integer, "mean" <-? .nullable(.number),
                        "spread" <-? .nullable(range), "partyMeans" <- .array(.object(["organizationId" <- .uuid, "mean" <- .number])),
                        "divergent" <- .boolean,
                    ])),
                    "ratedCriteria" <- .integer, "raters" <- .integer,
                ])),
                "ratings" <- .array(.object([
                    "id" <- .uuid, "criterionId" <- .uuid, "personId" <- .uuid, "personName" <- .string(), "organizationId" <- .uuid,
                    "value" <- .number, "comment" <- .string(), "ratedAt" <- .dateTime,
                ])),
                "createdAt" <- .dateTime, "updatedAt" <- .dateTime,
            ]),
            "Portfolio": .object([
                "proposals" <- .array(.object([
                    "id" <- .uuid, "title" <- .string(), "stage" <- .enumeration(ProposalStage.allCases.map(\.rawValue)),
                    "score" <-? .nullable(.number), "scoreSpread" <-? .nullable(range), "divergentCriteria" <- .integer,
                    "ask" <- money, "released" <- money, "remaining" <- money, "parties" <- .array(partyMoney),
                ])),
                "totals" <- .array(.object([
                    "currency" <- .string(), "asked" <- money, "released" <- money, "remaining" <- money, "parties" <- .array(partyMoney),
                ])),
            ]),
        ]
    }()
}

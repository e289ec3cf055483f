import Foundation

// The investment tables, each described once (`TableRow`): written by the investment stores and the ratified changes,
// read by `InvestmentReader` (which joins them and decodes the stored text into Core's types). Initializers are
// written out where the large dataset (another target) builds rows.

/// A version of an initiative's scoring framework; its criteria are `ScoringCriterionRow`s.
package struct ScoringFrameworkRow: TableRow, Identifiable {
    package static let table = "scoring_frameworks"
    package var id: UUID
    var initiativeID: UUID
    var version: Int
    var status: String
    var decisionID: UUID?
    var proposedBy: UUID
    var createdAt: Date
    var decidedAt: Date?

    package init(id: UUID, initiativeID: UUID, version: Int, status: String, decisionID: UUID?, proposedBy: UUID, createdAt: Date, decidedAt: Date?) {
        self.id = id
        self.initiativeID = initiativeID
        self.version = version
        self.status = status
        self.decisionID = decisionID
        self.proposedBy = proposedBy
        self.createdAt = createdAt
        self.decidedAt = decidedAt
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", version, status, decisionID = "decision_id"
        case proposedBy = "proposed_by", createdAt = "created_at", decidedAt = "decided_at"
    }
}

package struct ScoringCriterionRow: TableRow, Identifiable {
    package static let table = "scoring_criteria"
    package var id: UUID
    var frameworkID: UUID
    var position: Int
    var name: String
    var description: String
    var weight: Int
    var scaleMin: Double
    var scaleMax: Double
    var decimals: Bool
    var direction: String

    package init(id: UUID, frameworkID: UUID, position: Int, name: String, description: String, weight: Int, scaleMin: Double, scaleMax: Double, decimals: Bool, direction: String) {
        self.id = id
        self.frameworkID = frameworkID
        self.position = position
        self.name = name
        self.description = description
        self.weight = weight
        self.scaleMin = scaleMin
        self.scaleMax = scaleMax
        self.decimals = decimals
        self.direction = direction
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, frameworkID = "framework_id", position, name, description, weight, scaleMin = "scale_min"
        case scaleMax = "scale_max", decimals, direction
    }
}

/// An investment proposal; its row is also the lock that orders its gates and outcomes.
package struct ProposalRow: TableRow, Identifiable {
    package static let table = "investment_proposals"
    package var id: UUID
    var initiativeID: UUID
    var title: String
    var problem: String
    var hypothesis: String
    var askAmount: Int64
    var currency: String
    var workstreamID: UUID?
    var authorID: UUID
    var frameworkID: UUID?
    var stage: String
    var createdAt: Date
    var updatedAt: Date

    package init(id: UUID, initiativeID: UUID, title: String, problem: String, hypothesis: String, askAmount: Int64, currency: String, workstreamID: UUID?, authorID: UUID, frameworkID: UUID?, stage: String, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.initiativeID = initiativeID
        self.title = title
        self.problem = problem
        self.hypothesis = hypothesis
        self.askAmount = askAmount
        self.currency = currency
        self.workstreamID = workstreamID
        self.authorID = authorID
        self.frameworkID = frameworkID
        self.stage = stage
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", title, problem, hypothesis, askAmount = "ask_amount", currency
        case workstreamID = "workstream_id", authorID = "author_id", frameworkID = "framework_id", stage
        case createdAt = "created_at", updatedAt = "updated_at"
    }
}

package struct PledgeRow: TableRow, Identifiable {
    package static let table = "investment_pledges"
    package var id: UUID
    var proposalID: UUID
    var organizationID: UUID
    var position: Int
    var amount: Int64

    package init(id: UUID, proposalID: UUID, organizationID: UUID, position: Int, amount: Int64) {
        self.id = id
        self.proposalID = proposalID
        self.organizationID = organizationID
        self.position = position
        self.amount = amount
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, proposalID = "proposal_id", organizationID = "organization_id", position, amount
    }
}

package struct TrancheRow: TableRow, Identifiable {
    package static let table = "investment_tranches"
    package var id: UUID
    var proposalID: UUID
    var position: Int
    var amount: Int64
    var milestone: String
    var keyResultID: UUID?
    var releasedAt: Date?

    package init(id: UUID, proposalID: UUID, position: Int, amount: Int64, milestone: String, keyResultID: UUID?, releasedAt: Date?) {
        self.id = id
        self.proposalID = proposalID
        self.position = position
        self.amount = amount
        self.milestone = milestone
        self.keyResultID = keyResultID
        self.releasedAt = releasedAt
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, proposalID = "proposal_id", position, amount, milestone, keyResultID = "key_result_id"
        case releasedAt = "released_at"
    }
}

/// One party's share of a released tranche.
struct ReleaseRow: TableRow, Identifiable {
    static let table = "investment_releases"
    var id: UUID
    var trancheID: UUID
    var proposalID: UUID
    var organizationID: UUID
    var amount: Int64
    var releasedAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, trancheID = "tranche_id", proposalID = "proposal_id", organizationID = "organization_id", amount
        case releasedAt = "released_at"
    }
}

struct ProposalObjectiveRow: TableRow, Identifiable {
    static let table = "investment_proposal_objectives"
    var id: UUID
    var proposalID: UUID
    var objectiveID: UUID

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, proposalID = "proposal_id", objectiveID = "objective_id"
    }
}

struct ProposalMetricRow: TableRow, Identifiable {
    static let table = "investment_proposal_metrics"
    var id: UUID
    var proposalID: UUID
    var metricID: UUID

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, proposalID = "proposal_id", metricID = "metric_id"
    }
}

/// A rater's score on one criterion; a new score makes the earlier one no longer current.
package struct RatingRow: TableRow, Identifiable {
    package static let table = "investment_ratings"
    package var id: UUID
    var proposalID: UUID
    var criterionID: UUID
    var personID: UUID
    var organizationID: UUID
    var value: Double
    var comment: String
    var isCurrent: Bool
    var ratedAt: Date

    package init(id: UUID, proposalID: UUID, criterionID: UUID, personID: UUID, organizationID: UUID, value: Double, comment: String, isCurrent: Bool, ratedAt: Date) {
        self.id = id
        self.proposalID = proposalID
        self.criterionID = criterionID
        self.personID = personID
        self.organizationID = organizationID
        self.value = value
        self.comment = comment
        self.isCurrent = isCurrent
        self.ratedAt = ratedAt
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, proposalID = "proposal_id", criterionID = "criterion_id", personID = "person_id"
        case organizationID = "organization_id", value, comment, isCurrent = "is_current", ratedAt = "rated_at"
    }
}

struct GateRow: TableRow, Identifiable {
    static let table = "investment_gates"
    var id: UUID
    var proposalID: UUID
    var position: Int
    var trancheID: UUID
    var decisionID: UUID
    var outcome: String
    var reason: String?
    var decidedBy: UUID?
    var openedAt: Date
    var decidedAt: Date?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, proposalID = "proposal_id", position, trancheID = "tranche_id", decisionID = "decision_id", outcome
        case reason, decidedBy = "decided_by", openedAt = "opened_at", decidedAt = "decided_at"
    }
}

import Fluent
import Foundation

// Fluent models of the investments feature, used by its stores' writes only; reads go through `InvestmentReader`.

final class ScoringFrameworkModel: Model, @unchecked Sendable {
    static let schema = "scoring_frameworks"
    @ID(key: .id) var id: UUID?
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "status") var status: String
    @OptionalField(key: "decision_id") var decisionID: UUID?
    @Field(key: "proposed_by") var proposedBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() {}
}

final class ScoringCriterionModel: Model, @unchecked Sendable {
    static let schema = "scoring_criteria"
    @ID(key: .id) var id: UUID?
    @Field(key: "framework_id") var frameworkID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    @Field(key: "weight") var weight: Int
    @Field(key: "scale_min") var scaleMin: Double
    @Field(key: "scale_max") var scaleMax: Double
    @Field(key: "decimals") var decimals: Bool
    @Field(key: "direction") var direction: String

    init() {}
}

final class ProposalModel: Model, @unchecked Sendable {
    static let schema = "investment_proposals"
    @ID(key: .id) var id: UUID?
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "title") var title: String
    @Field(key: "problem") var problem: String
    @Field(key: "hypothesis") var hypothesis: String
    @Field(key: "ask_amount") var askAmount: Int64
    @Field(key: "currency") var currency: String
    @OptionalField(key: "workstream_id") var workstreamID: UUID?
    @Field(key: "author_id") var authorID: UUID
    @OptionalField(key: "framework_id") var frameworkID: UUID?
    @Field(key: "stage") var stage: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

final class PledgeModel: Model, @unchecked Sendable {
    static let schema = "investment_pledges"
    @ID(key: .id) var id: UUID?
    @Field(key: "proposal_id") var proposalID: UUID
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "amount") var amount: Int64

    init() {}
}

final class TrancheModel: Model, @unchecked Sendable {
    static let schema = "investment_tranches"
    @ID(key: .id) var id: UUID?
    @Field(key: "proposal_id") var proposalID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "amount") var amount: Int64
    @Field(key: "milestone") var milestone: String
    @OptionalField(key: "key_result_id") var keyResultID: UUID?
    @OptionalField(key: "released_at") var releasedAt: Date?

    init() {}
}

final class ReleaseModel: Model, @unchecked Sendable {
    static let schema = "investment_releases"
    @ID(key: .id) var id: UUID?
    @Field(key: "tranche_id") var trancheID: UUID
    @Field(key: "proposal_id") var proposalID: UUID
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "amount") var amount: Int64
    @Field(key: "released_at") var releasedAt: Date

    init() {}
}

final class ProposalObjectiveModel: Model, @unchecked Sendable {
    static let schema = "investment_proposal_objectives"
    @ID(key: .id) var id: UUID?
    @Field(key: "proposal_id") var proposalID: UUID
    @Field(key: "objective_id") var objectiveID: UUID

    init() {}

    init(proposalID: UUID, objectiveID: UUID) {
        self.proposalID = proposalID
        self.objectiveID = objectiveID
    }
}

final class ProposalMetricModel: Model, @unchecked Sendable {
    static let schema = "investment_proposal_metrics"
    @ID(key: .id) var id: UUID?
    @Field(key: "proposal_id") var proposalID: UUID
    @Field(key: "metric_id") var metricID: UUID

    init() {}

    init(proposalID: UUID, metricID: UUID) {
        self.proposalID = proposalID
        self.metricID = metricID
    }
}

final class RatingModel: Model, @unchecked Sendable {
    static let schema = "investment_ratings"
    @ID(key: .id) var id: UUID?
    @Field(key: "proposal_id") var proposalID: UUID
    @Field(key: "criterion_id") var criterionID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "value") var value: Double
    @Field(key: "comment") var comment: String
    @Field(key: "is_current") var isCurrent: Bool
    @Field(key: "rated_at") var ratedAt: Date

    init() {}
}

final class GateModel: Model, @unchecked Sendable {
    static let schema = "investment_gates"
    @ID(key: .id) var id: UUID?
    @Field(key: "proposal_id") var proposalID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "tranche_id") var trancheID: UUID
    @Field(key: "decision_id") var decisionID: UUID
    @Field(key: "outcome") var outcome: String
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @Field(key: "opened_at") var openedAt: Date
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() {}
}

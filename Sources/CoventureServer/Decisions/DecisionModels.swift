import CoventureCore
import Fluent
import Foundation

// Fluent models are `@unchecked Sendable`: their property wrappers defeat Sendable checking.
// They are written by the decision stores only; reads go through `DecisionRecords` (plain rows).

final class DecisionTypeModel: Model, @unchecked Sendable {
    static let schema = "decision_types"
    @ID(key: .id) var id: UUID?
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "name") var name: String
    @Field(key: "method") var method: String
    @Field(key: "voters") var voters: String
    @Field(key: "quorum_percent") var quorumPercent: Int
    @Field(key: "every_party_present") var everyPartyPresent: Bool
    @OptionalField(key: "threshold_percent") var thresholdPercent: Int?
    @Field(key: "reason_required") var reasonRequired: String
    @Field(key: "hidden_until_closed") var hiddenUntilClosed: Bool
    @Field(key: "reserved") var reserved: Bool
    @Field(key: "default_days") var defaultDays: Int
    @Field(key: "is_default") var isDefault: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(initiativeID: UUID, name: String, rules: DecisionRules, isDefault: Bool, at now: Date) {
        self.initiativeID = initiativeID
        self.name = name
        self.isDefault = isDefault
        self.createdAt = now
        setRules(rules)
    }

    var rules: DecisionRules {
        get throws {
            DecisionRules(
                method: try DecisionMethod(stored: method, column: "decision_types.method"),
                voters: try DecisionVoters(stored: voters, column: "decision_types.voters"), quorumPercent: quorumPercent,
                everyPartyPresent: everyPartyPresent, thresholdPercent: thresholdPercent,
                reasonRequired: try ReasonRequirement(stored: reasonRequired, column: "decision_types.reason_required"),
                hiddenUntilClosed: hiddenUntilClosed, reserved: reserved, defaultDays: defaultDays)
        }
    }

    func setRules(_ rules: DecisionRules) {
        method = rules.method.rawValue
        voters = rules.voters.rawValue
        quorumPercent = rules.quorumPercent
        everyPartyPresent = rules.everyPartyPresent
        thresholdPercent = rules.thresholdPercent
        reasonRequired = rules.reasonRequired.rawValue
        hiddenUntilClosed = rules.hiddenUntilClosed
        reserved = rules.reserved
        defaultDays = rules.defaultDays
    }
}

final class DecisionModel: Model, @unchecked Sendable {
    static let schema = "decisions"
    @ID(key: .id) var id: UUID?
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "type_id") var typeID: UUID
    @OptionalField(key: "workstream_id") var workstreamID: UUID?
    @OptionalField(key: "supersedes_id") var supersedesID: UUID?
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "title") var title: String
    @Field(key: "proposal") var proposal: String
    @Field(key: "status") var status: String
    @Field(key: "version") var version: Int
    @Field(key: "rules") var rules: String
    @OptionalField(key: "stakes") var stakes: String?
    @OptionalField(key: "closes_at") var closesAt: Date?
    @OptionalField(key: "opened_at") var openedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "number") var number: Int?
    @OptionalField(key: "result") var result: String?
    @OptionalField(key: "adopted") var adopted: Bool?
    @OptionalField(key: "statement") var statement: String?
    @OptionalField(key: "rationale") var rationale: String?
    @OptionalField(key: "review_on") var reviewOn: String?
    @OptionalField(key: "sealed_tally") var sealedTally: String?
    @OptionalField(key: "change_kind") var changeKind: String?
    @OptionalField(key: "change_payload") var changePayload: String?
    @OptionalField(key: "change_state") var changeState: String?
    @OptionalField(key: "change_note") var changeNote: String?
    @OptionalField(key: "deadlock_since") var deadlockSince: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

final class DecisionVersionModel: Model, @unchecked Sendable {
    static let schema = "decision_versions"
    @ID(key: .id) var id: UUID?
    @Field(key: "decision_id") var decisionID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "title") var title: String
    @Field(key: "proposal") var proposal: String
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(decisionID: UUID, version: Int, title: String, proposal: String, authorID: UUID, at now: Date) {
        self.decisionID = decisionID
        self.version = version
        self.title = title
        self.proposal = proposal
        self.authorID = authorID
        self.createdAt = now
    }
}

final class DecisionVoteModel: Model, @unchecked Sendable {
    static let schema = "decision_votes"
    @ID(key: .id) var id: UUID?
    @Field(key: "decision_id") var decisionID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "position") var position: String
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "version") var version: Int
    @Field(key: "is_current") var isCurrent: Bool
    @Field(key: "nonce") var nonce: String
    @OptionalField(key: "answer") var answer: String?
    @Field(key: "cast_at") var castAt: Date

    init() {}
}

import Foundation

/// How a decision type turns votes into a result (issue #13). Each method has its own positions; a vote with a
/// position of another method is refused.
public enum DecisionMethod: String, Codable, CaseIterable, Sendable {
    /// The owner party's deciding admin decides after hearing everyone; advice never blocks, but every objection
    /// is answered by name in the outcome.
    case ownerAfterAdvice
    /// Passes when no objection stands.
    case consent
    /// Passes with at least one agreement and no block.
    case consensus
    /// Passes when yes outnumbers no.
    case majority
    /// Passes when yes reaches the threshold share of yes and no.
    case supermajority
    /// Passes when every party's own majority is yes.
    case unanimousByParty
    /// Passes when the stake-weighted yes reaches the threshold share of the weighted yes and no.
    case stakeWeighted

    /// The positions a voter may take, in the order a form offers them.
    public var positions: [DecisionPosition] {
        switch self {
        case .ownerAfterAdvice: [.support, .concern, .object]
        case .consent: [.consent, .abstain, .object]
        case .consensus: [.agree, .abstain, .block]
        case .majority, .supermajority, .unanimousByParty, .stakeWeighted: [.yes, .no, .abstain]
        }
    }

    /// Whether the type carries a threshold percentage.
    public var usesThreshold: Bool { self == .supermajority || self == .stakeWeighted }

    public var label: String {
        switch self {
        case .ownerAfterAdvice: "Owner decides after advice"
        case .consent: "Consent"
        case .consensus: "Consensus"
        case .majority: "Majority"
        case .supermajority: "Supermajority"
        case .unanimousByParty: "Unanimous by party"
        case .stakeWeighted: "Stake-weighted vote"
        }
    }

    /// When a decision of this method passes, in words (the decision page states its rules).
    public func passRule(thresholdPercent: Int?) -> String {
        let threshold = thresholdPercent ?? 50
        return switch self {
        case .ownerAfterAdvice:
            "Everyone may support, raise a concern or object. Advice never blocks: the owning organization's admin decides, answering every objection by name."
        case .consent: "It passes when no objection stands at the close."
        case .consensus: "It passes with at least one agreement and no block."
        case .majority: "It passes when yes votes outnumber no votes."
        case .supermajority: "It passes when yes votes are at least \(threshold) % of the yes and no votes."
        case .unanimousByParty: "It passes when a majority of every party's own voters votes yes; a party without a yes or no vote fails it."
        case .stakeWeighted:
            "It passes when the stake-weighted yes is at least \(threshold) % of the weighted yes and no. Each party's stake is split evenly over its voters who voted yes or no, so a party's head count never changes its weight; stakes are fixed when the decision opens."
        }
    }
}

/// A voter's position. Which ones a decision accepts depends on its method (`DecisionMethod.positions`).
public enum DecisionPosition: String, Codable, CaseIterable, Sendable, Comparable {
    case support, concern, object, consent, abstain, agree, block, yes, no

    /// Positions that speak against the proposal: they need a reason under `ReasonRequirement.againstOnly`.
    /// A concern counts: advice that names a worry without saying what it is helps nobody.
    public var isAgainst: Bool {
        switch self {
        case .object, .block, .no, .concern: true
        default: false
        }
    }

    public var label: String {
        switch self {
        case .support: "Support"
        case .concern: "Concern"
        case .object: "Object"
        case .consent: "Consent"
        case .abstain: "Abstain"
        case .agree: "Agree"
        case .block: "Block"
        case .yes: "Yes"
        case .no: "No"
        }
    }

    public static func < (lhs: DecisionPosition, rhs: DecisionPosition) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Who may vote on a decision of a type.
public enum DecisionVoters: String, Codable, CaseIterable, Sendable {
    /// Every member of every party but observers.
    case members
    /// The admins of each party.
    case partyAdmins

    public var label: String {
        switch self {
        case .members: "Every member but observers"
        case .partyAdmins: "The admins of each party"
        }
    }
}

/// When a vote must carry a reason.
public enum ReasonRequirement: String, Codable, CaseIterable, Sendable {
    case none, againstOnly, always

    public var label: String {
        switch self {
        case .none: "Reasons are optional"
        case .againstOnly: "A vote against needs a reason"
        case .always: "Every vote needs a reason"
        }
    }

    public func requiresReason(for position: DecisionPosition) -> Bool {
        switch self {
        case .none: false
        case .againstOnly: position.isAgainst
        case .always: true
        }
    }
}

/// `draft → open → closed`, or `withdrawn` before closing.
public enum DecisionStatus: String, Codable, CaseIterable, Sendable {
    case draft, open, closed, withdrawn

    public func canMove(to next: DecisionStatus) -> Bool {
        switch (self, next) {
        case (.draft, .open), (.draft, .withdrawn), (.open, .closed), (.open, .withdrawn): true
        default: false
        }
    }

    public var label: String {
        switch self {
        case .draft: "Draft"
        case .open: "Open"
        case .closed: "Closed"
        case .withdrawn: "Withdrawn"
        }
    }
}

/// How a decision ended. `noQuorum` is never reported as a rejection: too few took part to say anything.
public enum DecisionResult: String, Codable, CaseIterable, Sendable {
    case passed, rejected, noQuorum, decided, withdrawn

    public var label: String {
        switch self {
        case .passed: "Passed"
        case .rejected: "Rejected"
        case .noQuorum: "No quorum"
        case .decided: "Decided"
        case .withdrawn: "Withdrawn"
        }
    }

    /// Whether a proposed change carried by the decision takes effect: on `passed`, or on `decided` when the owner
    /// adopted the proposal.
    public func appliesChange(adopted: Bool?) -> Bool {
        switch self {
        case .passed: true
        case .decided: adopted == true
        default: false
        }
    }

    /// A failed attempt, for deadlock: rejected or without quorum.
    public var failed: Bool { self == .rejected || self == .noQuorum }
}

/// The register number of a sealed decision: `DEC-0001`, `DEC-0002`, … (more digits past 9 999).
public enum DecisionNumber {
    public static func format(_ number: Int) -> String {
        let digits = String(number)
        return "DEC-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

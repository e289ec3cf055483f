import Foundation

/// The rules of a decision type: how it counts, who votes, what it takes (issue #13).
public struct DecisionRules: Equatable, Codable, Sendable {
    public var method: DecisionMethod
    public var voters: DecisionVoters
    /// The share of eligible voters who must vote (abstentions included), 0–100.
    public var quorumPercent: Int
    /// At least one voter of every party must vote.
    public var everyPartyPresent: Bool
    /// For `supermajority` and `stakeWeighted`: the share of yes (weighted, for stakes) among yes and no, 1–100.
    public var thresholdPercent: Int?
    public var reasonRequired: ReasonRequirement
    /// Votes and tally stay hidden until the close.
    public var hiddenUntilClosed: Bool
    /// A reserved matter: no casting vote, and changes to the decision types themselves go through one.
    public var reserved: Bool
    /// How long a decision stays open when its author names no closing time.
    public var defaultDays: Int

    public init(
        method: DecisionMethod, voters: DecisionVoters = .members, quorumPercent: Int = 50, everyPartyPresent: Bool = true,
        thresholdPercent: Int? = nil, reasonRequired: ReasonRequirement = .againstOnly, hiddenUntilClosed: Bool = false,
        reserved: Bool = false, defaultDays: Int = 7
    ) {
        self.method = method
        self.voters = voters
        self.quorumPercent = quorumPercent
        self.everyPartyPresent = everyPartyPresent
        self.thresholdPercent = thresholdPercent
        self.reasonRequired = reasonRequired
        self.hiddenUntilClosed = hiddenUntilClosed
        self.reserved = reserved
        self.defaultDays = defaultDays
    }

    public static let maximumDays = 365

    /// Every broken rule at once, each naming its field. A threshold is required exactly where the method uses one
    /// (and dropped elsewhere); `stakeWeighted` needs stakes, so an owner-led initiative cannot use it.
    public func validated(for governance: GovernanceModel) throws -> DecisionRules {
        var checks = FieldChecks()
        var rules = self
        checks.run {
            guard (0...100).contains(quorumPercent) else { throw ValidationError(field: "quorumPercent", "must be between 0 and 100") }
        }
        checks.run {
            guard (1...Self.maximumDays).contains(defaultDays) else {
                throw ValidationError(field: "defaultDays", "must be between 1 and \(Self.maximumDays)")
            }
        }
        checks.run {
            if method.usesThreshold {
                guard let threshold = thresholdPercent else { throw ValidationError(field: "thresholdPercent", "is required for this method") }
                guard (1...100).contains(threshold) else { throw ValidationError(field: "thresholdPercent", "must be between 1 and 100") }
            } else {
                rules.thresholdPercent = nil
            }
        }
        checks.run {
            if method == .stakeWeighted && governance != .jointVenture {
                throw ValidationError(field: "method", "a stake-weighted vote needs stakes: only a joint venture has them")
            }
        }
        try checks.finish()
        return rules
    }

    /// The rules in words, for the decision page.
    public var summary: [String] {
        var lines = [method.passRule(thresholdPercent: thresholdPercent)]
        lines.append("Who votes: \(voters.label.lowercased()).")
        var quorum = quorumPercent == 0 ? "No quorum is needed" : "At least \(quorumPercent) % of them must vote (abstaining counts)"
        if everyPartyPresent { quorum += ", with at least one voter of every party" }
        lines.append(quorum + ".")
        lines.append(reasonRequired.label + ".")
        if hiddenUntilClosed { lines.append("Votes and the tally stay hidden until the close.") }
        if reserved { lines.append("A reserved matter: the owner has no casting vote.") }
        return lines
    }
}

/// A decision type as a new initiative receives it.
public struct DecisionTypeTemplate: Equatable, Sendable {
    public var name: String
    public var rules: DecisionRules
    /// The type a new decision takes when its author chooses none.
    public var isDefault: Bool

    public init(name: String, rules: DecisionRules, isDefault: Bool) {
        self.name = name
        self.rules = rules
        self.isDefault = isDefault
    }
}

public enum DecisionDefaults {
    public static let reservedMatterName = "Reserved matter"

    /// The types each governance model starts with.
    public static func types(for governance: GovernanceModel) -> [DecisionTypeTemplate] {
        let reserved = DecisionTypeTemplate(
            name: reservedMatterName,
            rules: DecisionRules(
                method: .unanimousByParty, voters: .partyAdmins, quorumPercent: 50, everyPartyPresent: true,
                reasonRequired: .againstOnly, reserved: true, defaultDays: 14),
            isDefault: false)
        switch governance {
        case .ownerLed:
            return [
                DecisionTypeTemplate(
                    name: "Advice",
                    rules: DecisionRules(method: .ownerAfterAdvice, voters: .members, quorumPercent: 0, everyPartyPresent: false,
                                         reasonRequired: .againstOnly, defaultDays: 7),
                    isDefault: true),
                reserved,
            ]
        case .jointVenture:
            return [
                DecisionTypeTemplate(
                    name: "Stake vote",
                    rules: DecisionRules(method: .stakeWeighted, voters: .partyAdmins, quorumPercent: 50, everyPartyPresent: true,
                                         thresholdPercent: 50, reasonRequired: .againstOnly, defaultDays: 7),
                    isDefault: true),
                reserved,
            ]
        }
    }

    /// The model's default types whose names the initiative does not have yet (a change of model adds these;
    /// existing types stay). A template added next to an existing default type is not made the default.
    public static func missing(for governance: GovernanceModel, existingNames: Set<String>, hasDefault: Bool) -> [DecisionTypeTemplate] {
        let lowered = Set(existingNames.map { $0.lowercased() })
        return types(for: governance).filter { !lowered.contains($0.name.lowercased()) }.map { template in
            var template = template
            if hasDefault { template.isDefault = false }
            return template
        }
    }
}

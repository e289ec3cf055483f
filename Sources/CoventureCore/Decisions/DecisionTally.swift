import Foundation

/// One person's current vote: the latest they cast counts.
public struct Ballot: Equatable, Sendable {
    public var personID: UUID
    public var partyID: UUID
    public var position: DecisionPosition

    public init(personID: UUID, partyID: UUID, position: DecisionPosition) {
        self.personID = personID
        self.partyID = partyID
        self.position = position
    }
}

/// Who may vote on a decision, by party, and what the parties weigh.
public struct Electorate: Equatable, Sendable {
    /// Every eligible voter and the party they vote for.
    public var voters: [UUID: UUID]
    /// Every party of the initiative (a party without eligible voters is still a party: it can be absent).
    public var parties: [UUID]
    public var ownerPartyID: UUID
    /// Each party's stake as frozen when the decision opened; empty outside a joint venture.
    public var stakes: [UUID: Stake]

    public init(voters: [UUID: UUID], parties: [UUID], ownerPartyID: UUID, stakes: [UUID: Stake] = [:]) {
        self.voters = voters
        self.parties = parties
        self.ownerPartyID = ownerPartyID
        self.stakes = stakes
    }
}

/// The count of a decision as it stands.
public struct DecisionTally: Equatable, Sendable {
    public var positions: [DecisionPosition: Int]
    public var byParty: [UUID: [DecisionPosition: Int]]
    public var eligible: Int
    public var voted: Int
    /// The share of eligible voters reached the quorum and, where the type asks, every party voted.
    public var quorumMet: Bool
    /// Parties without a single vote (their absence fails `everyPartyPresent`).
    public var absentParties: [UUID]
    /// For `stakeWeighted`: the weighted yes and no, in percent of all stakes.
    public var weighted: Weighted?

    public struct Weighted: Equatable, Sendable {
        public var yes: Double
        public var no: Double
    }

    public func count(_ position: DecisionPosition) -> Int { positions[position] ?? 0 }
}

/// What the count says at the close. Advice (`ownerAfterAdvice`) with its quorum met says nothing yet: the owner
/// records the outcome.
public enum DecisionCount {
    /// Counts the current ballots of eligible voters only (a vote by someone no longer eligible is not counted).
    /// Ballots are in the order cast: a person given more than once counts once, with their last ballot.
    public static func tally(_ ballots: [Ballot], electorate: Electorate, rules: DecisionRules) -> DecisionTally {
        var latest: [UUID: DecisionPosition] = [:]
        for ballot in ballots where electorate.voters[ballot.personID] != nil {
            latest[ballot.personID] = ballot.position
        }
        var positions: [DecisionPosition: Int] = [:]
        var byParty: [UUID: [DecisionPosition: Int]] = [:]
        for (person, position) in latest {
            guard let party = electorate.voters[person] else { continue }
            positions[position, default: 0] += 1
            byParty[party, default: [:]][position, default: 0] += 1
        }
        let eligible = electorate.voters.count
        let voted = latest.count
        let absent = electorate.parties.filter { byParty[$0] == nil }
        // voted / eligible ≥ quorum %, in integers; nobody eligible meets only a zero quorum.
        var quorumMet = eligible == 0 ? rules.quorumPercent == 0 : voted * 100 >= rules.quorumPercent * eligible
        if rules.everyPartyPresent && !absent.isEmpty { quorumMet = false }
        let weighted = rules.method == .stakeWeighted ? weightedShares(byParty, stakes: electorate.stakes) : nil
        return DecisionTally(
            positions: positions, byParty: byParty, eligible: eligible, voted: voted, quorumMet: quorumMet, absentParties: absent,
            weighted: weighted)
    }

    /// Each party's stake split evenly over its voters who voted yes or no: a party all of one mind weighs its whole
    /// stake that way, however many of its people voted.
    ///
    /// Shares are worked out in basis points from whole numbers, so a party of one mind weighs exactly its stake, and
    /// parties are added in a fixed order: floating-point sums depend on the order, and a dictionary's order differs
    /// from one instance to the next, so the same ballots would otherwise weigh a hair differently each time.
    static func weightedShares(_ byParty: [UUID: [DecisionPosition: Int]], stakes: [UUID: Stake]) -> DecisionTally.Weighted {
        var yes = 0.0
        var no = 0.0
        for party in byParty.keys.sorted(by: { $0.uuidString < $1.uuidString }) {
            let counts = byParty[party] ?? [:]
            let y = counts[.yes] ?? 0
            let n = counts[.no] ?? 0
            guard y + n > 0, let stake = stakes[party] else { continue }
            yes += Double(stake.basisPoints * y) / Double(y + n)
            no += Double(stake.basisPoints * n) / Double(y + n)
        }
        return DecisionTally.Weighted(yes: yes / 100, no: no / 100)
    }

    /// The result at the close, or nil for advice whose quorum was met (the owner's outcome decides it).
    ///
    /// - `governance` and `rules.reserved` decide the owner's casting vote: in an owner-led initiative a `majority`
    ///   tie on a type that is not reserved goes the way the owner party's own voters went.
    public static func result(_ tally: DecisionTally, ballots: [Ballot], electorate: Electorate, rules: DecisionRules,
                              governance: GovernanceModel) -> DecisionResult? {
        guard tally.quorumMet else { return .noQuorum }
        switch rules.method {
        case .ownerAfterAdvice:
            return nil
        case .consent:
            return tally.count(.object) == 0 ? .passed : .rejected
        case .consensus:
            return tally.count(.agree) > 0 && tally.count(.block) == 0 ? .passed : .rejected
        case .majority:
            let yes = tally.count(.yes), no = tally.count(.no)
            if yes != no { return yes > no ? .passed : .rejected }
            guard governance == .ownerLed, !rules.reserved, yes > 0 else { return .rejected }
            let owner = tally.byParty[electorate.ownerPartyID] ?? [:]
            return (owner[.yes] ?? 0) > (owner[.no] ?? 0) ? .passed : .rejected
        case .supermajority:
            let yes = tally.count(.yes), no = tally.count(.no)
            let threshold = rules.thresholdPercent ?? 50
            return yes + no > 0 && yes * 100 >= threshold * (yes + no) ? .passed : .rejected
        case .unanimousByParty:
            let everyPartyYes = electorate.parties.allSatisfy { party in
                let counts = tally.byParty[party] ?? [:]
                return (counts[.yes] ?? 0) > (counts[.no] ?? 0)
            }
            return !electorate.parties.isEmpty && everyPartyYes ? .passed : .rejected
        case .stakeWeighted:
            guard let weighted = tally.weighted, weighted.yes + weighted.no > 0 else { return .rejected }
            let threshold = Double(rules.thresholdPercent ?? 50)
            // A hair of tolerance: 1/3 + 1/3 + 1/3 of a stake must reach an exact threshold as the fractions would.
            return weighted.yes * 100 >= threshold * (weighted.yes + weighted.no) - 1e-9 ? .passed : .rejected
        }
    }
}

/// The checks on a vote's input, naming `position` and `reason`.
public enum DecisionVoteRules {
    public static let maximumReasonLength = 4000

    public static func validate(position text: String?, reason: String?, rules: DecisionRules) throws -> (DecisionPosition, String?) {
        let raw = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !raw.isEmpty else { throw ValidationError(field: "position", "is required") }
        guard let position = DecisionPosition(rawValue: raw), rules.method.positions.contains(position) else {
            let allowed = rules.method.positions.map(\.rawValue).joined(separator: ", ")
            throw ValidationError(field: "position", "must be one of \(allowed)")
        }
        let reason = try Validate.longText(reason, field: "reason", maxLength: maximumReasonLength)
        if reason.isEmpty && rules.reasonRequired.requiresReason(for: position) {
            throw ValidationError(field: "reason", rules.reasonRequired == .always
                ? "is required for every vote on this decision" : "is required for a vote of \(position.rawValue)")
        }
        return (position, reason.isEmpty ? nil : reason)
    }
}

/// The owner's outcome of an advice decision: it must answer every standing objection by name.
public enum AdviceOutcomeRules {
    /// `objections`: the ids of current `object` votes; `answers`: vote id → answer text.
    public static func validate(objections: [UUID], answers: [UUID: String]) throws {
        let unanswered = objections.filter { (answers[$0] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        guard unanswered.isEmpty else {
            throw ValidationError(field: "answers", unanswered.count == 1
                ? "must answer the objection" : "must answer each of the \(unanswered.count) objections")
        }
        let unknown = Set(answers.keys).subtracting(objections)
        guard unknown.isEmpty else { throw ValidationError(field: "answers", "must answer objections of this decision only") }
    }
}

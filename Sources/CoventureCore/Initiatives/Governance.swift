import Foundation

/// How an initiative decides (DESIGN §1).
public enum GovernanceModel: String, Codable, CaseIterable, Sendable {
    /// The owner has the final word on matters not reserved; partners are consulted.
    case ownerLed
    /// Each party holds a stake; stake-weighted decisions use them.
    case jointVenture

    public var label: String {
        switch self {
        case .ownerLed: "Owner-led"
        case .jointVenture: "Joint venture"
        }
    }
}

public enum InitiativeStatus: String, Codable, CaseIterable, Sendable {
    case proposed, active, closed

    /// `proposed → active → closed`; no way back.
    public func canMove(to next: InitiativeStatus) -> Bool {
        switch (self, next) {
        case (.proposed, .active), (.active, .closed), (.proposed, .closed): true
        default: false
        }
    }
}

public enum PartyKind: String, Codable, Sendable {
    case owner, partner
}

/// A party is active from the moment its organization accepted the invitation; a pending invitation is an
/// invitation, not a party. The status column leaves room for parties that leave an initiative.
public enum PartyStatus: String, Codable, Sendable {
    case active
}

/// A stake in hundredths of a percent (basis points), so that 33.33 % is exact and sums are integers.
public struct Stake: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let basisPoints: Int
    public static let whole = Stake(basisPoints: 10_000)

    public init(basisPoints: Int) { self.basisPoints = basisPoints }

    /// Parses "40", "33.33" or "33,33" (percent, at most two decimals).
    public init(percent text: String, field: String = "stake") throws {
        // "%" first, then blanks: "40 %" (as stakes are displayed) parses like "40".
        let cleaned = text.replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: ",", with: ".")
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValidationError(field: field, "must be a percentage like 40 or 33.33")
        }
        // Checked before multiplying: an absurdly long number must be refused, not overflow.
        guard parts[0].count <= 3, let whole = Int(parts[0]), whole <= 100 else {
            throw ValidationError(field: field, "must be more than 0 and at most 100 percent")
        }
        var hundredths = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...2).contains(fraction.count), fraction.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(fraction) else {
                throw ValidationError(field: field, "must be a percentage with at most two decimals")
            }
            hundredths = fraction.count == 1 ? value * 10 : value
        }
        let points = whole * 100 + hundredths
        guard points > 0, points <= 10_000 else {
            throw ValidationError(field: field, "must be more than 0 and at most 100 percent")
        }
        self.basisPoints = points
    }

    public var description: String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        return fraction == 0 ? "\(whole) %" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction) %"
    }

    public var percent: Double { Double(basisPoints) / 100 }

    public static func < (lhs: Stake, rhs: Stake) -> Bool { lhs.basisPoints < rhs.basisPoints }
}

/// The rules that tie a governance model to the parties' stakes.
public enum GovernanceRules {
    /// A joint venture needs a positive stake for every active party, summing to exactly 100 %.
    /// An owner-led initiative carries no stakes at all (a stake there would suggest a vote weight that does not exist).
    public static func validateStakes(model: GovernanceModel, stakes: [Stake?], field: String = "stakes") throws {
        switch model {
        case .ownerLed:
            guard stakes.allSatisfy({ $0 == nil }) else {
                throw ValidationError(field: field, "an owner-led initiative has no stakes; choose joint venture to set them")
            }
        case .jointVenture:
            let given = stakes.compactMap { $0 }
            guard given.count == stakes.count else {
                throw ValidationError(field: field, "every party of a joint venture needs a stake")
            }
            guard given.allSatisfy({ $0.basisPoints > 0 }) else {
                throw ValidationError(field: field, "every stake must be more than 0 %")
            }
            let total = given.reduce(0) { $0 + $1.basisPoints }
            guard total == Stake.whole.basisPoints else {
                throw ValidationError(
                    field: field, "stakes must sum to 100 % (they sum to \(Stake(basisPoints: total).description))")
            }
        }
    }
}

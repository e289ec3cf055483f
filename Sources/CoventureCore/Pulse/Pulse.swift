import Crypto
import Foundation

/// The three questions of the pulse (issue #15), each answered on a scale of 1 to 5.
public enum PulseDimension: String, CaseIterable, Sendable {
    case trust
    case transparency
    case valueAlignment

    public var label: String {
        switch self {
        case .trust: "Trust"
        case .transparency: "Transparency"
        case .valueAlignment: "Value alignment"
        }
    }

    /// The question as people are asked it.
    public var question: String {
        switch self {
        case .trust: "How much do you trust the other parties to keep their word?"
        case .transparency: "How openly do the parties share what they know?"
        case .valueAlignment: "How well do the parties agree on the value they are after?"
        }
    }
}

/// One answer's three scores, each a whole number from 1 to 5.
public struct PulseScores: Sendable, Equatable {
    public var trust: Int
    public var transparency: Int
    public var valueAlignment: Int

    public init(trust: Int, transparency: Int, valueAlignment: Int) {
        self.trust = trust
        self.transparency = transparency
        self.valueAlignment = valueAlignment
    }

    public subscript(_ dimension: PulseDimension) -> Int {
        switch dimension {
        case .trust: trust
        case .transparency: transparency
        case .valueAlignment: valueAlignment
        }
    }
}

/// The pulse's fixed rules: the scale, the privacy threshold, how long a round stays open, the cadence.
public enum PulseRules {
    public static let scale = 1...5
    /// A party's figures in a round are shown only from this many answers on: fewer would let people guess who said
    /// what.
    public static let minimumAnswers = 3
    /// A round closes this many days after it opened.
    public static let roundDays = 7
    public static let defaultCadenceWeeks = 4
    public static let cadenceWeeks = 1...52
    public static let commentMaxLength = 1000
    /// Two parties' means this far apart (or more) on a dimension are flagged.
    public static let divergenceGap = 1.0

    /// A score as typed or sent: a whole number on the scale, or a field-named error.
    public static func score(_ text: String?, field: String) throws -> Int {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ValidationError(field: field, "is required: a whole number from 1 to 5") }
        guard let value = Int(trimmed), scale.contains(value) else {
            throw ValidationError(field: field, "must be a whole number from 1 to 5")
        }
        return value
    }

    /// The scores of one answer, every field checked at once.
    public static func scores(trust: String?, transparency: String?, valueAlignment: String?) throws -> PulseScores {
        var checks = FieldChecks()
        let t = checks.run { try score(trust, field: "trust") }
        let tr = checks.run { try score(transparency, field: "transparency") }
        let v = checks.run { try score(valueAlignment, field: "valueAlignment") }
        try checks.finish()
        guard let t, let tr, let v else { throw ValidationError(field: "trust", "is required") }
        return PulseScores(trust: t, transparency: tr, valueAlignment: v)
    }

    /// An optional comment, trimmed; empty when none.
    public static func comment(_ text: String?) throws -> String {
        try Validate.longText(text, field: "comment", maxLength: commentMaxLength)
    }

    /// "week", "4 weeks": how often rounds open, as a sentence says it after "every".
    public static func cadenceLabel(_ weeks: Int?) -> String {
        guard let weeks else { return "few weeks" }
        return weeks == 1 ? "week" : "\(weeks) weeks"
    }

    public static func cadence(_ text: String?) throws -> Int {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard let weeks = Int(trimmed), cadenceWeeks.contains(weeks) else {
            throw ValidationError(field: "cadenceWeeks", "must be a whole number of weeks from 1 to 52")
        }
        return weeks
    }
}

/// One party's figures in one round: how many answered, and each dimension's mean — nil while fewer than
/// `PulseRules.minimumAnswers` answered, so a small party's people cannot be singled out.
public struct PulsePartyFigures: Sendable, Equatable {
    public var partyID: UUID
    public var answers: Int
    public var trust: Double?
    public var transparency: Double?
    public var valueAlignment: Double?

    public init(partyID: UUID, answers: Int, trust: Double?, transparency: Double?, valueAlignment: Double?) {
        self.partyID = partyID
        self.answers = answers
        self.trust = trust
        self.transparency = transparency
        self.valueAlignment = valueAlignment
    }

    public var isShown: Bool { trust != nil }

    public subscript(_ dimension: PulseDimension) -> Double? {
        switch dimension {
        case .trust: trust
        case .transparency: transparency
        case .valueAlignment: valueAlignment
        }
    }
}

public enum PulseAggregate {
    /// A party's figures from the sums the database adds up (`COUNT`, `SUM` per dimension).
    public static func figures(partyID: UUID, answers: Int, sums: PulseScores) -> PulsePartyFigures {
        guard answers >= PulseRules.minimumAnswers else {
            return PulsePartyFigures(partyID: partyID, answers: max(answers, 0), trust: nil, transparency: nil, valueAlignment: nil)
        }
        let n = Double(answers)
        return PulsePartyFigures(
            partyID: partyID, answers: answers, trust: Double(sums.trust) / n, transparency: Double(sums.transparency) / n,
            valueAlignment: Double(sums.valueAlignment) / n)
    }

    /// A party's figures from its answers.
    public static func figures(partyID: UUID, answers: [PulseScores]) -> PulsePartyFigures {
        let sums = answers.reduce(PulseScores(trust: 0, transparency: 0, valueAlignment: 0)) {
            PulseScores(trust: $0.trust + $1.trust, transparency: $0.transparency + $1.transparency, valueAlignment: $0.valueAlignment + $1.valueAlignment)
        }
        return figures(partyID: partyID, answers: answers.count, sums: sums)
    }

    /// Whether comments of a party in a round may be shown: the same threshold as its figures.
    public static func showsComments(answers: Int) -> Bool { answers >= PulseRules.minimumAnswers }
}

/// Two parties whose means on one dimension lie `PulseRules.divergenceGap` or more apart.
public struct PulseDivergence: Sendable, Equatable {
    public var dimension: PulseDimension
    /// The party with the higher mean, and the one with the lower.
    public var higher: UUID
    public var lower: UUID
    public var gap: Double

    public init(dimension: PulseDimension, higher: UUID, lower: UUID, gap: Double) {
        self.dimension = dimension
        self.higher = higher
        self.lower = lower
        self.gap = gap
    }
}

extension PulseAggregate {
    /// Every pair of shown parties whose means on a dimension differ by at least the gap, widest first per dimension.
    /// Hidden figures (under the threshold) never count: a divergence must not reveal what the hiding keeps back.
    public static func divergences(_ figures: [PulsePartyFigures]) -> [PulseDivergence] {
        let shown = figures.filter(\.isShown).sorted { $0.partyID.uuidString < $1.partyID.uuidString }
        var found: [PulseDivergence] = []
        for dimension in PulseDimension.allCases {
            var pairs: [PulseDivergence] = []
            for (i, a) in shown.enumerated() {
                for b in shown[(i + 1)...] {
                    guard let x = a[dimension], let y = b[dimension] else { continue }
                    // Means are multiples of 1/n: round to the millionth so 3.0 − 2.0 is a gap of exactly 1.
                    let gap = ((abs(x - y)) * 1_000_000).rounded() / 1_000_000
                    guard gap >= PulseRules.divergenceGap else { continue }
                    pairs.append(x >= y
                        ? PulseDivergence(dimension: dimension, higher: a.partyID, lower: b.partyID, gap: gap)
                        : PulseDivergence(dimension: dimension, higher: b.partyID, lower: a.partyID, gap: gap))
                }
            }
            found += pairs.sorted { $0.gap > $1.gap }
        }
        return found
    }
}

/// When rounds open and close. Times are instants; the cadence counts whole weeks from the last round's opening.
public enum PulseSchedule {
    public static func closesAt(openedAt: Date) -> Date { openedAt.addingTimeInterval(TimeInterval(PulseRules.roundDays * 86_400)) }

    /// When the next round opens on its own: a cadence after the last round opened, or after `since` (the
    /// initiative's start) when none has.
    public static func nextOpening(lastOpenedAt: Date?, since: Date, cadenceWeeks: Int) -> Date {
        (lastOpenedAt ?? since).addingTimeInterval(TimeInterval(cadenceWeeks * 7 * 86_400))
    }

    /// Whether a round should open now: none is open, and the cadence has come round.
    public static func opensNow(lastOpenedAt: Date?, since: Date, cadenceWeeks: Int, roundOpen: Bool, now: Date) -> Bool {
        !roundOpen && nextOpening(lastOpenedAt: lastOpenedAt, since: since, cadenceWeeks: cadenceWeeks) <= now
    }

    /// Whether an open round is due to close.
    public static func closesNow(closesAt: Date, now: Date) -> Bool { closesAt <= now }

    /// The start of the instant's UTC day: an answer is dated no finer than this.
    public static func dayStart(_ date: Date) -> Date {
        let seconds = (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        return Date(timeIntervalSince1970: seconds)
    }
}

/// What the ledger commits to for an answer instead of its scores in clear: a SHA-256 digest over the round, the
/// party, the scores, the comment and a random salt kept with the answer. Members reading the ledger learn nothing of
/// a party's figures (which stay hidden under three answers); whoever holds the answer row can show it was logged.
public enum PulseDigest {
    public static func canonical(round: UUID, party: UUID, scores: PulseScores, comment: String, salt: String) -> JSONValue {
        .object([
            "round": .id(round), "party": .id(party), "trust": .int(Int64(scores.trust)),
            "transparency": .int(Int64(scores.transparency)), "valueAlignment": .int(Int64(scores.valueAlignment)),
            "comment": .string(comment), "salt": .string(salt),
        ])
    }

    public static func sha256Hex(round: UUID, party: UUID, scores: PulseScores, comment: String, salt: String) -> String {
        EventDigest.sha256Hex(canonical(round: round, party: party, scores: scores, comment: comment, salt: salt).canonicalBytes)
    }

    /// 16 random bytes as hex: a salt no one can guess, so the digest cannot be reversed by trying the 125 scores.
    public static func newSalt() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
    }
}

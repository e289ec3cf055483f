import Foundation

/// One rater's current score on one criterion.
public struct CriterionRating: Equatable, Sendable {
    public var criterionID: UUID
    public var raterID: UUID
    /// The organization of the rater's party.
    public var partyID: UUID
    public var value: Double

    public init(criterionID: UUID, raterID: UUID, partyID: UUID, value: Double) {
        self.criterionID = criterionID
        self.raterID = raterID
        self.partyID = partyID
        self.value = value
    }
}

/// A proposal's score (issue #14), airfocus-style: each rating normalized to 0–100 on its criterion's scale (inverted
/// when lower is better), averaged per criterion, the criterion means weighted by the criterion weights into 0–100.
/// Priority-Poker-style, it keeps the parties apart too: each party's own score, and per criterion the spread of the
/// ratings and a flag where two parties' means differ by more than `divergenceThreshold` points.
public struct ProposalScore: Equatable, Sendable {
    public struct Criterion: Equatable, Sendable {
        public var id: UUID
        public var ratings: Int
        /// The mean of the normalized ratings; nil while nobody rated it.
        public var mean: Double?
        /// The lowest and highest normalized rating.
        public var spread: ClosedRange<Double>?
        /// Each party's mean of its raters' normalized ratings.
        public var partyMeans: [UUID: Double]
        /// Two parties' means differ by more than the threshold.
        public var divergent: Bool
    }

    public var criteria: [Criterion]
    /// The weighted score over the rated criteria; nil while none is rated.
    public var overall: Double?
    /// Each party's own weighted score, from its raters only (over the criteria it rated).
    public var partyScores: [UUID: Double]
    /// How many criteria have at least one rating.
    public var ratedCriteria: Int
    /// Everyone who rated at least one criterion.
    public var raters: Int

    /// More than this many points between two parties' means on a criterion is worth talking about before a gate.
    public static let divergenceThreshold = 20.0

    /// The spread of the party scores (min–max), nil with fewer than one party.
    public var partySpread: ClosedRange<Double>? {
        guard let low = partyScores.values.min(), let high = partyScores.values.max() else { return nil }
        return low...high
    }

    public var divergentCriteria: [UUID] { criteria.filter(\.divergent).map(\.id) }

    /// Ratings on criteria not in `criteria` are ignored (a rating of an earlier framework's criterion).
    public static func compute(criteria: [ScoringCriterion], ratings: [CriterionRating]) -> ProposalScore {
        let byCriterion = Dictionary(grouping: ratings, by: \.criterionID)
        var scored: [Criterion] = []
        for criterion in criteria {
            let normalized = (byCriterion[criterion.id] ?? []).map { ($0.partyID, criterion.normalized($0.value)) }
            let values = normalized.map(\.1)
            let partyMeans = Dictionary(grouping: normalized, by: \.0).mapValues { mean($0.map(\.1)) }
            let divergent: Bool
            if let low = partyMeans.values.min(), let high = partyMeans.values.max() {
                divergent = high - low > divergenceThreshold
            } else {
                divergent = false
            }
            scored.append(Criterion(
                id: criterion.id, ratings: values.count, mean: values.isEmpty ? nil : mean(values),
                spread: values.min().flatMap { low in values.max().map { low...$0 } }, partyMeans: partyMeans, divergent: divergent))
        }
        let weights = Dictionary(uniqueKeysWithValues: criteria.map { ($0.id, Double($0.weight)) })
        let overall = weighted(scored.compactMap { criterion in criterion.mean.map { (criterion.id, $0) } }, weights: weights)
        let parties = Set(scored.flatMap { $0.partyMeans.keys })
        var partyScores: [UUID: Double] = [:]
        for party in parties {
            partyScores[party] = weighted(scored.compactMap { criterion in criterion.partyMeans[party].map { (criterion.id, $0) } }, weights: weights)
        }
        let raters = Set(ratings.filter { weights[$0.criterionID] != nil }.map(\.raterID)).count
        return ProposalScore(
            criteria: scored, overall: overall, partyScores: partyScores, ratedCriteria: scored.filter { $0.mean != nil }.count, raters: raters)
    }

    private static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    private static func weighted(_ means: [(UUID, Double)], weights: [UUID: Double]) -> Double? {
        let total = means.reduce(0) { $0 + (weights[$1.0] ?? 0) }
        guard total > 0 else { return nil }
        return means.reduce(0) { $0 + (weights[$1.0] ?? 0) * $1.1 } / total
    }
}

import Foundation
import PropertyBased
import Testing

@testable import CoventureCore

/// Worked numbers for the proposal score (issue #14): normalization, inversion, weighting, per-party scores, the spread
/// and the divergence flag.
@Suite("Investments: the proposal score")
struct ProposalScoringTests {
    static let owner = UUID(uuidString: "00000000-0000-4000-8000-000000000001")!
    static let partner = UUID(uuidString: "00000000-0000-4000-8000-000000000002")!
    static let third = UUID(uuidString: "00000000-0000-4000-8000-000000000003")!
    static func person(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-9000-%012d", n))! }

    /// Impact 1–5 (weight 3), cost 0–100 k where lower is better (weight 1).
    static let impact = ScoringCriterion(id: UUID(), name: "Impact", weight: 3, min: 1, max: 5)
    static let cost = ScoringCriterion(id: UUID(), name: "Cost", weight: 1, min: 0, max: 100, direction: .lowerIsBetter)

    @Test("A rating is normalized to 0–100 on its scale: 1…5 puts 4 at 75")
    func normalization() {
        #expect(Self.impact.normalized(1) == 0)
        #expect(Self.impact.normalized(4) == 75)
        #expect(Self.impact.normalized(5) == 100)
    }

    @Test("Lower is better inverts the scale: a cost of 20 on 0…100 scores 80")
    func inversion() {
        #expect(Self.cost.normalized(20) == 80)
        #expect(Self.cost.normalized(0) == 100)
        #expect(Self.cost.normalized(100) == 0)
    }

    @Test("Criterion means are weighted: impact 75 (×3) and cost 80 (×1) make (225 + 80) ÷ 4 = 76.25")
    func weighting() {
        let score = ProposalScore.compute(criteria: [Self.impact, Self.cost], ratings: [
            CriterionRating(criterionID: Self.impact.id, raterID: Self.person(1), partyID: Self.owner, value: 4),
            CriterionRating(criterionID: Self.cost.id, raterID: Self.person(1), partyID: Self.owner, value: 20),
        ])
        #expect(score.overall == 76.25)
        #expect(score.ratedCriteria == 2)
        #expect(score.raters == 1)
    }

    @Test("Ratings are averaged per criterion before weighting: impact 5 and 3 average to (100 + 50) ÷ 2 = 75")
    func averaging() {
        let score = ProposalScore.compute(criteria: [Self.impact], ratings: [
            CriterionRating(criterionID: Self.impact.id, raterID: Self.person(1), partyID: Self.owner, value: 5),
            CriterionRating(criterionID: Self.impact.id, raterID: Self.person(2), partyID: Self.partner, value: 3),
        ])
        #expect(score.criteria[0].mean == 75)
        #expect(score.criteria[0].spread == 50...100)
        #expect(score.overall == 75)
    }

    @Test("Each party has its own score from its raters only, and the party spread is their min–max")
    func partyScores() {
        // Owner: impact 5 (100), cost 10 (90) → (300 + 90) ÷ 4 = 97.5. Partner: impact 2 (25), cost 60 (40) → (75 + 40) ÷ 4 = 28.75.
        let score = ProposalScore.compute(criteria: [Self.impact, Self.cost], ratings: [
            CriterionRating(criterionID: Self.impact.id, raterID: Self.person(1), partyID: Self.owner, value: 5),
            CriterionRating(criterionID: Self.cost.id, raterID: Self.person(1), partyID: Self.owner, value: 10),
            CriterionRating(criterionID: Self.impact.id, raterID: Self.person(2), partyID: Self.partner, value: 2),
            CriterionRating(criterionID: Self.cost.id, raterID: Self.person(2), partyID: Self.partner, value: 60),
        ])
        #expect(score.partyScores[Self.owner] == 97.5)
        #expect(score.partyScores[Self.partner] == 28.75)
        #expect(score.partySpread == 28.75...97.5)
        // Overall: impact mean 62.5, cost mean 65 → (187.5 + 65) ÷ 4 = 63.125.
        #expect(score.overall == 63.125)
    }

    @Test("Two parties' means more than 20 points apart flag the criterion; exactly 20 does not")
    func divergence() {
        let apart = ProposalScore.compute(criteria: [Self.cost], ratings: [
            CriterionRating(criterionID: Self.cost.id, raterID: Self.person(1), partyID: Self.owner, value: 10),  // 90
            CriterionRating(criterionID: Self.cost.id, raterID: Self.person(2), partyID: Self.partner, value: 31),  // 69
        ])
        #expect(apart.criteria[0].divergent)
        #expect(apart.divergentCriteria == [Self.cost.id])
        let close = ProposalScore.compute(criteria: [Self.cost], ratings: [
            CriterionRating(criterionID: Self.cost.id, raterID: Self.person(1), partyID: Self.owner, value: 10),  // 90
            CriterionRating(criterionID: Self.cost.id, raterID: Self.person(2), partyID: Self.partner, value: 30),  // 70
        ])
        #expect(!close.criteria[0].divergent)
    }

    @Test("Divergence compares party means, not single raters: two owner raters far apart but one party is no flag")
    func divergenceIsBetweenParties() {
        let score = ProposalScore.compute(criteria: [Self.impact], ratings: [
            CriterionRating(criterionID: Self.impact.id, raterID: Self.person(1), partyID: Self.owner, value: 1),
            CriterionRating(criterionID: Self.impact.id, raterID: Self.person(2), partyID: Self.owner, value: 5),
        ])
        #expect(!score.criteria[0].divergent)
        #expect(score.criteria[0].spread == 0...100)
    }

    @Test("An unrated criterion is left out of the weights; nothing rated means no score")
    func unrated() {
        let partly = ProposalScore.compute(criteria: [Self.impact, Self.cost], ratings: [
            CriterionRating(criterionID: Self.impact.id, raterID: Self.person(1), partyID: Self.owner, value: 4)
        ])
        #expect(partly.overall == 75)
        #expect(partly.ratedCriteria == 1)
        let none = ProposalScore.compute(criteria: [Self.impact, Self.cost], ratings: [])
        #expect(none.overall == nil)
        #expect(none.partySpread == nil)
    }

    @Test("A rating of a criterion outside the framework (an earlier version's) counts for nothing")
    func foreignCriterion() {
        let score = ProposalScore.compute(criteria: [Self.impact], ratings: [
            CriterionRating(criterionID: UUID(), raterID: Self.person(1), partyID: Self.owner, value: 5)
        ])
        #expect(score.overall == nil)
        #expect(score.raters == 0)
    }

    @Test("Law: the overall score lies within 0…100 and between the lowest and highest criterion mean")
    func bounded() async {
        let criteria = [Self.impact, Self.cost, ScoringCriterion(id: UUID(), name: "Fit", weight: 7, min: -3, max: 3, decimals: true)]
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix(seed: UInt64(seed))
            let ratings = (0..<Int.random(in: 1...12, using: &rng)).map { n -> CriterionRating in
                let criterion = criteria.randomElement(using: &rng)!
                return CriterionRating(
                    criterionID: criterion.id, raterID: Self.person(n), partyID: [Self.owner, Self.partner, Self.third].randomElement(using: &rng)!,
                    value: Double.random(in: criterion.min...criterion.max, using: &rng))
            }
            let score = ProposalScore.compute(criteria: criteria, ratings: ratings)
            let means = score.criteria.compactMap(\.mean)
            guard let overall = score.overall, let low = means.min(), let high = means.max() else {
                Issue.record("a rated proposal has a score")
                return
            }
            #expect(overall >= low - 1e-9 && overall <= high + 1e-9)
            #expect((0 - 1e-9...100 + 1e-9).contains(overall))
            for party in score.partyScores.values { #expect((0 - 1e-9...100 + 1e-9).contains(party)) }
        }
    }
}

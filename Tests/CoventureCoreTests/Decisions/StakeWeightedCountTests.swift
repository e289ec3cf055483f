import Foundation
import Testing

@testable import CoventureCore

@Suite("Decisions: stake-weighted votes")
struct StakeWeightedCountTests {
    typealias C = Cast

    static func rules(threshold: Int = 50) -> DecisionRules {
        DecisionRules(method: .stakeWeighted, quorumPercent: 50, everyPartyPresent: true, thresholdPercent: threshold)
    }

    static func count(_ ballots: [Ballot], in electorate: Electorate, threshold: Int = 50) -> (
        tally: DecisionTally, result: DecisionResult?
    ) {
        C.count(ballots, in: electorate, rules: rules(threshold: threshold), governance: .jointVenture)
    }

    static func weighted(_ tally: DecisionTally) -> (yes: Double, no: Double) {
        (tally.weighted?.yes ?? .nan, tally.weighted?.no ?? .nan)
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-9 }

    @Test("A 70 % owner with one yes outweighs a 30 % partner with five no: passed, though the head count says no")
    func stakesOutweighHeads() {
        let ballots = [C.ana.votes(.yes)] + C.deltaPeople.map { $0.votes(.no) }
        let electorate = C.twoParties(stakes: [C.harbour: 70, C.delta: 30])
        let (tally, result) = Self.count(ballots, in: electorate)
        #expect(tally.weighted == DecisionTally.Weighted(yes: 70, no: 30))
        #expect(tally.positions == [.yes: 1, .no: 5])  // the head count, shown beside
        #expect(tally.voted == 6 && tally.eligible == 8)
        #expect(result == .passed)

        // Counted by heads, the same ballots are rejected.
        let byHeads = C.count(
            ballots, in: electorate, rules: DecisionRules(method: .majority), governance: .jointVenture)
        #expect(byHeads.result == .rejected)
    }

    @Test(
        "A party's stake is split evenly over its voters who said yes or no: 2 yes and 1 no of a 60 % party weigh 40 and 20"
    )
    func splitWithinParty() {
        // Delta (40 %) is present but only abstains: it weighs nothing either way.
        let ballots = [
            C.ana.votes(.yes), C.ben.votes(.yes), C.cleo.votes(.no), C.dev.votes(.abstain), C.eve.votes(.abstain),
        ]
        let (tally, result) = Self.count(ballots, in: C.twoParties(stakes: [C.harbour: 60, C.delta: 40]))
        #expect(tally.weighted == DecisionTally.Weighted(yes: 40, no: 20))
        #expect(tally.positions == [.yes: 2, .no: 1, .abstain: 2])
        #expect(result == .passed)  // 40 of 60 weighted: two thirds
    }

    @Test("The same split party against a 40 % partner voting no is rejected: 40 yes against 60 no")
    func splitWithinPartyOutvoted() {
        let ballots = [
            C.ana.votes(.yes), C.ben.votes(.yes), C.cleo.votes(.no), C.dev.votes(.no), C.eve.votes(.abstain),
        ]
        let (tally, result) = Self.count(ballots, in: C.twoParties(stakes: [C.harbour: 60, C.delta: 40]))
        #expect(tally.weighted == DecisionTally.Weighted(yes: 40, no: 60))
        #expect(tally.positions == [.yes: 2, .no: 2, .abstain: 1])
        #expect(result == .rejected)
    }

    @Test("Abstainers do not dilute their party: one yes among three abstaining colleagues carries the whole stake")
    func abstainersDoNotDilute() {
        let ballots = [
            C.ana.votes(.no), C.dev.votes(.yes), C.eve.votes(.abstain), C.finn.votes(.abstain), C.gia.votes(.abstain),
        ]
        let (tally, result) = Self.count(ballots, in: C.twoParties(stakes: [C.harbour: 45, C.delta: 55]))
        #expect(tally.weighted == DecisionTally.Weighted(yes: 55, no: 45))
        #expect(result == .passed)
    }

    @Test("However many of a party's people vote the same way, the party weighs its stake", arguments: 1...5)
    func headCountNeverChangesWeight(deltaVoters: Int) {
        // Delta (30 %) votes yes with 1 to 5 people; Harbour (70 %) votes no with one, the others abstaining.
        let ballots =
            [C.ana.votes(.no), C.ben.votes(.abstain), C.cleo.votes(.abstain)]
            + C.deltaPeople.prefix(deltaVoters).map { $0.votes(.yes) }
        let (tally, result) = Self.count(ballots, in: C.twoParties(stakes: [C.harbour: 70, C.delta: 30]))
        #expect(tally.weighted == DecisionTally.Weighted(yes: 30, no: 70))
        #expect(tally.count(.yes) == deltaVoters)
        #expect(result == .rejected)
    }

    @Test("Exactly at the threshold passes: half the stake for yes reaches 50 %, not 51 %")
    func exactlyAtThreshold() {
        let ballots = [C.ana.votes(.yes), C.ben.votes(.yes), C.dev.votes(.no), C.eve.votes(.no)]
        let electorate = C.twoParties(stakes: [C.harbour: 50, C.delta: 50])
        #expect(Self.count(ballots, in: electorate, threshold: 50).result == .passed)
        #expect(Self.count(ballots, in: electorate, threshold: 51).result == .rejected)
    }

    @Test("Thirds of stakes add up to an exact threshold as the fractions would: 80 % passes at 80, not at 81")
    func thirdsReachExactThreshold() {
        // Harbour 10 % and Delta 20 %, each 1 yes against 2 no: yes 3.33 + 6.67 = 10, no 6.67 + 13.33 = 20.
        // Grove 70 %: yes. Weighted: 80 yes, 20 no.
        let ballots = [
            C.ana.votes(.yes), C.ben.votes(.no), C.cleo.votes(.no),
            C.dev.votes(.yes), C.eve.votes(.no), C.finn.votes(.no),
            C.ivy.votes(.yes),
        ]
        let electorate = C.threeParties(stakes: [C.harbour: 10, C.delta: 20, C.grove: 70])
        let (tally, result) = Self.count(ballots, in: electorate, threshold: 80)
        let (yes, no) = Self.weighted(tally)
        #expect(Self.close(yes, 80) && Self.close(no, 20), "\(yes) / \(no)")
        #expect(tally.positions == [.yes: 3, .no: 4])
        #expect(result == .passed)
        #expect(Self.count(ballots, in: electorate, threshold: 81).result == .rejected)
    }

    @Test("Four parties' thirds reach a 70 % threshold exactly, though their floating-point sum falls a hair short")
    func fourPartiesReachExactThreshold() {
        // Harbour 5 %: no. Delta 55 %: 2 yes 1 no. Grove 20 %: yes. Kestrel 20 %: 2 yes 1 no.
        // Yes: 36 2/3 + 20 + 13 1/3 = 70; no: 5 + 18 1/3 + 6 2/3 = 30. Added up in doubles, yes is 69.99999999999999.
        let ballots = [
            C.ana.votes(.no), C.dev.votes(.yes), C.eve.votes(.yes), C.finn.votes(.no), C.ivy.votes(.yes),
            C.kit.votes(.yes), C.lea.votes(.yes), C.max.votes(.no),
        ]
        let electorate = C.electorate(
            C.harbourPeople + C.deltaPeople + C.grovePeople + C.kestrelPeople,
            parties: [C.harbour, C.delta, C.grove, C.kestrel],
            stakes: [C.harbour: 5, C.delta: 55, C.grove: 20, C.kestrel: 20])
        let (tally, result) = Self.count(ballots, in: electorate, threshold: 70)
        let (yes, no) = Self.weighted(tally)
        #expect(Self.close(yes, 70) && Self.close(no, 30), "\(yes) / \(no)")
        #expect(result == .passed)
        #expect(Self.count(ballots, in: electorate, threshold: 71).result == .rejected)
    }

    @Test("A party that only abstains weighs nothing: the share is of the weighted yes and no, 50 of 80")
    func abstainingPartyWeighsNothing() {
        let ballots = [
            C.ana.votes(.yes), C.ben.votes(.yes), C.dev.votes(.no), C.eve.votes(.no), C.ivy.votes(.abstain),
            C.jon.votes(.abstain),
        ]
        let electorate = C.threeParties(stakes: [C.harbour: 50, C.delta: 30, C.grove: 20])
        let (tally, result) = Self.count(ballots, in: electorate, threshold: 62)
        #expect(tally.weighted == DecisionTally.Weighted(yes: 50, no: 30))
        #expect(result == .passed)  // 62.5 %
        #expect(Self.count(ballots, in: electorate, threshold: 63).result == .rejected)
    }

    @Test("A stake-weighted vote with nothing but abstentions is rejected")
    func onlyAbstentions() {
        let ballots = [C.ana.votes(.abstain), C.ben.votes(.abstain), C.dev.votes(.abstain), C.eve.votes(.abstain)]
        let (tally, result) = Self.count(ballots, in: C.twoParties(stakes: [C.harbour: 50, C.delta: 50]), threshold: 1)
        #expect(tally.quorumMet)
        #expect(tally.weighted == DecisionTally.Weighted(yes: 0, no: 0))
        #expect(result == .rejected)
    }

    @Test("Stakes are those frozen when the decision opened: re-staking the initiative afterwards changes nothing")
    func frozenStakes() {
        // The initiative as it was when the vote opened: Harbour 70 %, Delta 30 %.
        var initiativeStakes = [C.harbour: 70, C.delta: 30]
        let opened = C.twoParties(stakes: initiativeStakes)
        let ballots = [C.ana.votes(.yes)] + C.deltaPeople.map { $0.votes(.no) }

        // Before the close the partners re-stake to 30 / 70.
        initiativeStakes = [C.harbour: 30, C.delta: 70]

        let (tally, result) = Self.count(ballots, in: opened)
        #expect(tally.weighted == DecisionTally.Weighted(yes: 70, no: 30))
        #expect(result == .passed)
        // Counted with today's stakes it would have gone the other way.
        #expect(Self.count(ballots, in: C.twoParties(stakes: initiativeStakes)).result == .rejected)
    }

    @Test("Party presence applies to a stake vote as to any other: without the 5 % party there is no quorum")
    func stakeVoteNeedsEveryParty() {
        // 6 of 10 voted, above the 50 % quorum, but nobody of Grove.
        let ballots = C.harbourPeople.map { $0.votes(.yes) } + [C.dev, C.eve, C.finn].map { $0.votes(.no) }
        let electorate = C.threeParties(stakes: [C.harbour: 80, C.delta: 15, C.grove: 5])
        let (tally, result) = Self.count(ballots, in: electorate)
        #expect(tally.voted == 6)
        #expect(tally.absentParties == [C.grove])
        #expect(result == .noQuorum)
    }
}

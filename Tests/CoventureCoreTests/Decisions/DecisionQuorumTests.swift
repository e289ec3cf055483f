import Foundation
import Testing

@testable import CoventureCore

@Suite("Decisions: quorum and the ballots counted")
struct DecisionQuorumTests {
    typealias C = Cast

    static let majority = DecisionRules(method: .majority, quorumPercent: 50, everyPartyPresent: true)

    // MARK: Quorum

    @Test("Exactly at the quorum is enough, and everyone who voted counts toward it, abstentions included")
    func exactlyAtQuorum() {
        // 10 eligible, quorum 50 %: 5 voters, 2 of whom abstain, from every party.
        let ballots = [
            C.ana.votes(.yes), C.ben.votes(.abstain), C.dev.votes(.yes), C.eve.votes(.no), C.ivy.votes(.abstain),
        ]
        let (tally, result) = C.count(ballots, in: C.threeParties(), rules: Self.majority)
        #expect(tally.eligible == 10)
        #expect(tally.voted == 5)
        #expect(tally.quorumMet)
        #expect(tally.absentParties.isEmpty)
        #expect(tally.positions == [.yes: 2, .no: 1, .abstain: 2])
        #expect(result == .passed)
    }

    @Test("One voter short of the quorum is no quorum, not a rejection, whichever way the votes went")
    func oneShortOfQuorum() {
        // 10 eligible, quorum 50 %: 4 voters are 40 %.
        let leaningYes = [C.ana.votes(.yes), C.ben.votes(.yes), C.dev.votes(.yes), C.ivy.votes(.no)]
        let leaningNo = [C.ana.votes(.no), C.ben.votes(.no), C.dev.votes(.no), C.ivy.votes(.yes)]
        for ballots in [leaningYes, leaningNo] {
            let (tally, result) = C.count(ballots, in: C.threeParties(), rules: Self.majority)
            #expect(tally.voted == 4)
            #expect(!tally.quorumMet)
            #expect(tally.absentParties.isEmpty)
            #expect(result == .noQuorum)
        }
    }

    /// One row of the quorum table: how many of 8 eligible voted, the quorum, and whether it is met.
    struct QuorumRow: Sendable, CustomTestStringConvertible {
        var quorum: Int
        var voted: Int
        var met: Bool
        var testDescription: String { "\(voted) of 8 at \(quorum) %: \(met ? "met" : "missed")" }
    }

    @Test(
        "A quorum that falls between two head counts needs the higher one (8 eligible)",
        arguments: [
            QuorumRow(quorum: 30, voted: 3, met: true),  // 2.4 voters needed: 3
            QuorumRow(quorum: 30, voted: 2, met: false),
            QuorumRow(quorum: 25, voted: 2, met: true),  // exactly 2
            QuorumRow(quorum: 25, voted: 1, met: false),
            QuorumRow(quorum: 51, voted: 5, met: true),  // 4.08 voters needed: 5
            QuorumRow(quorum: 51, voted: 4, met: false),
            QuorumRow(quorum: 100, voted: 8, met: true),
            QuorumRow(quorum: 100, voted: 7, met: false),
            QuorumRow(quorum: 1, voted: 1, met: true),
            QuorumRow(quorum: 1, voted: 0, met: false),
            QuorumRow(quorum: 0, voted: 0, met: true),
        ])
    func quorumBoundaries(row: QuorumRow) {
        let rules = DecisionRules(method: .majority, quorumPercent: row.quorum, everyPartyPresent: false)
        let people = C.harbourPeople + C.deltaPeople
        let ballots = people.prefix(row.voted).map { $0.votes(.abstain) }
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: rules)
        #expect(tally.eligible == 8)
        #expect(tally.voted == row.voted)
        #expect(tally.quorumMet == row.met)
        #expect(result == (row.met ? .rejected : .noQuorum))
    }

    @Test("A party that did not vote at all means no quorum, even when the share of voters is met")
    func absentParty() {
        // All five of Delta vote: 5 of 8 is 62.5 %, above the 50 % quorum, but nobody of Harbour voted.
        let ballots = C.deltaPeople.map { $0.votes(.yes) }
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: Self.majority)
        #expect(tally.voted == 5)
        #expect(tally.absentParties == [C.harbour])
        #expect(!tally.quorumMet)
        #expect(result == .noQuorum)
    }

    @Test("One abstaining voter is enough for a party to be present")
    func abstainerMakesPartyPresent() {
        let ballots = C.deltaPeople.map { $0.votes(.yes) } + [C.cleo.votes(.abstain)]
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: Self.majority)
        #expect(tally.absentParties.isEmpty)
        #expect(tally.quorumMet)
        #expect(result == .passed)
    }

    @Test("Every absent party is listed, in the electorate's party order")
    func absentPartiesListed() {
        let (tally, result) = C.count([C.eve.votes(.yes)], in: C.threeParties(), rules: Self.majority)
        #expect(tally.absentParties == [C.harbour, C.grove])
        #expect(result == .noQuorum)
    }

    @Test("Where the type does not ask for every party, an absent party does not stop the count")
    func absentPartyAllowed() {
        var rules = Self.majority
        rules.everyPartyPresent = false
        let ballots = C.deltaPeople.map { $0.votes(.yes) }
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: rules)
        #expect(tally.absentParties == [C.harbour])
        #expect(tally.quorumMet)
        #expect(result == .passed)
    }

    @Test("A party without any eligible voter is still a party: it is absent, and every-party presence cannot be met")
    func partyWithoutVoters() {
        // Grove is a party of the initiative but has nobody eligible (say, only observers).
        let electorate = C.electorate(C.harbourPeople + C.deltaPeople, parties: [C.harbour, C.delta, C.grove])
        let everyone = (C.harbourPeople + C.deltaPeople).map { $0.votes(.yes) }
        let (tally, result) = C.count(everyone, in: electorate, rules: Self.majority)
        #expect(tally.eligible == 8)
        #expect(tally.voted == 8)
        #expect(tally.absentParties == [C.grove])
        #expect(result == .noQuorum)
    }

    @Test("With nobody eligible, only a zero quorum is met")
    func nobodyEligible() {
        let electorate = Electorate(voters: [:], parties: [], ownerPartyID: C.harbour)
        for (quorum, met) in [(0, true), (1, false), (50, false)] {
            let rules = DecisionRules(method: .consent, quorumPercent: quorum, everyPartyPresent: false)
            let (tally, result) = C.count([], in: electorate, rules: rules)
            #expect(tally.eligible == 0 && tally.voted == 0)
            #expect(tally.quorumMet == met, "quorum \(quorum)")
            #expect(result == (met ? .passed : .noQuorum), "quorum \(quorum)")
        }
    }

    // MARK: Which ballots count

    @Test("Votes by people outside the electorate are not counted, for the tally, the quorum or the result")
    func outsidersIgnored() {
        // Zoe is not eligible: were her no counted, the majority would tie 2–2 and, Harbour split, be rejected.
        let ballots = [C.ana.votes(.yes), C.ben.votes(.no), C.dev.votes(.yes), C.eve.votes(.abstain), C.zoe.votes(.no)]
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: Self.majority)
        #expect(tally.voted == 4)
        #expect(tally.positions == [.yes: 2, .no: 1, .abstain: 1])
        #expect(tally.byParty[C.delta] == [.yes: 1, .abstain: 1])
        #expect(result == .passed)

        // On her own she makes neither a quorum nor Delta present.
        let alone = C.count(
            C.harbourPeople.map { $0.votes(.yes) } + [C.zoe.votes(.yes)], in: C.twoParties(), rules: Self.majority)
        #expect(alone.tally.voted == 3)
        #expect(alone.tally.absentParties == [C.delta])
        #expect(alone.result == .noQuorum)
    }

    @Test("A person's repeated ballot counts once")
    func duplicateBallotsCountOnce() {
        let ballots = [C.ana.votes(.yes), C.ana.votes(.yes), C.ana.votes(.yes), C.dev.votes(.no), C.eve.votes(.no)]
        let (tally, result) = C.count(
            ballots, in: C.twoParties(), rules: DecisionRules(method: .majority, quorumPercent: 0))
        #expect(tally.voted == 3)
        #expect(tally.positions == [.yes: 1, .no: 2])
        #expect(tally.byParty[C.harbour] == [.yes: 1])
        #expect(result == .rejected)
    }

    @Test("When a person's ballots differ, the latest (the last given) counts, once")
    func latestBallotCounts() {
        // Ana voted yes, then changed her mind.
        let ballots = [C.ana.votes(.yes), C.dev.votes(.yes), C.ana.votes(.no), C.eve.votes(.no)]
        let (tally, result) = C.count(
            ballots, in: C.twoParties(), rules: DecisionRules(method: .majority, quorumPercent: 0))
        #expect(tally.voted == 3)
        #expect(tally.positions == [.yes: 1, .no: 2])
        #expect(tally.byParty[C.harbour] == [.no: 1])
        #expect(result == .rejected)
    }

    @Test("The tally is also kept by party, each party's counts adding up to the whole")
    func byParty() {
        let ballots = [
            C.ana.votes(.yes), C.ben.votes(.no), C.dev.votes(.yes), C.eve.votes(.yes), C.finn.votes(.abstain),
            C.jon.votes(.no),
        ]
        let (tally, _) = C.count(ballots, in: C.threeParties(), rules: Self.majority)
        #expect(
            tally.byParty == [
                C.harbour: [.yes: 1, .no: 1],
                C.delta: [.yes: 2, .abstain: 1],
                C.grove: [.no: 1],
            ])
        #expect(tally.positions == [.yes: 3, .no: 2, .abstain: 1])
        #expect(
            tally.count(.yes) == 3 && tally.count(.no) == 2 && tally.count(.abstain) == 1 && tally.count(.block) == 0)
    }

    @Test("Only a stake-weighted count carries weighted shares")
    func weightedOnlyForStakes() {
        let ballots = [C.ana.votes(.yes), C.dev.votes(.no)]
        let stakes = [C.harbour: 60, C.delta: 40]
        for method in DecisionMethod.allCases {
            let rules = DecisionRules(
                method: method, quorumPercent: 0, thresholdPercent: method.usesThreshold ? 50 : nil)
            let (tally, _) = C.count(ballots, in: C.twoParties(stakes: stakes), rules: rules, governance: .jointVenture)
            #expect((tally.weighted != nil) == (method == .stakeWeighted), "\(method)")
        }
    }
}

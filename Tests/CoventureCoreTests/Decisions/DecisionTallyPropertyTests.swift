import Foundation
import PropertyBased
import Testing

@testable import CoventureCore

@Suite("Decisions: laws of the count")
struct DecisionTallyPropertyTests {
    static let methodsWithAbstain = DecisionMethod.allCases.filter { $0.positions.contains(.abstain) }
    static let yesNoMethods: [DecisionMethod] = [.majority, .supermajority, .stakeWeighted, .unanimousByParty]

    @Test(
        "Adding an abstention never turns passed into rejected, and never changes a result that had its quorum",
        arguments: methodsWithAbstain)
    func abstentionNeverHurts(method: DecisionMethod) async {
        await propertyCheck(count: 300, input: DecisionGen.scenario(method), Gen.int(in: 0...1_000)) { scenario, pick in
            let nonVoters = scenario.nonVoters
            guard !nonVoters.isEmpty else { return }
            let (person, party) = nonVoters[pick % nonVoters.count]
            let before = scenario.result
            let after = scenario.adding(.abstain, by: person, of: party).result
            if before == .passed { #expect(after == .passed, "\(scenario)") }
            if before != .noQuorum { #expect(after == before, "\(scenario)") }
        }
    }

    @Test("Advice never ends passed or rejected: with its quorum the owner decides, without it there is no quorum")
    func adviceNeverCounts() async {
        await propertyCheck(count: 200, input: DecisionGen.scenario(.ownerAfterAdvice, noise: true)) { scenario in
            let expected: DecisionResult? = scenario.tally.quorumMet ? nil : .noQuorum
            #expect(scenario.result == expected, "\(scenario)")
        }
    }

    @Test("Adding a yes vote never turns passed into rejected", arguments: yesNoMethods)
    func yesNeverHurts(method: DecisionMethod) async {
        await propertyCheck(count: 300, input: DecisionGen.scenario(method), Gen.int(in: 0...1_000)) { scenario, pick in
            let nonVoters = scenario.nonVoters
            guard !nonVoters.isEmpty else { return }
            let (person, party) = nonVoters[pick % nonVoters.count]
            let after = scenario.adding(.yes, by: person, of: party).result
            if scenario.result == .passed { #expect(after == .passed, "\(scenario)") }
        }
    }

    @Test(
        "In a stake vote, more voters of a party all on one side, on that side, change neither the weights nor the result"
    )
    func moreVotersOfOneMind() async {
        await propertyCheck(count: 300, input: DecisionGen.scenario(.stakeWeighted), Gen.int(in: 0...1_000)) {
            scenario, pick in
            // The parties whose yes and no voters all took one side, with someone left to join them.
            let tally = scenario.tally
            let candidates = scenario.nonVoters.compactMap { person, party -> (UUID, UUID, DecisionPosition)? in
                let counts = tally.byParty[party] ?? [:]
                let yes = counts[.yes] ?? 0
                let no = counts[.no] ?? 0
                if yes > 0 && no == 0 { return (person, party, .yes) }
                if no > 0 && yes == 0 { return (person, party, .no) }
                return nil
            }
            guard !candidates.isEmpty else { return }
            let (person, party, side) = candidates[pick % candidates.count]
            let joined = scenario.adding(side, by: person, of: party)
            #expect(joined.tally.weighted == tally.weighted, "\(scenario)")
            // More voters can only meet a quorum that was missed; with the quorum met the result stays.
            if tally.quorumMet { #expect(joined.result == scenario.result, "\(scenario)") }
        }
    }

    @Test(
        "Re-staking the initiative after a stake vote opened changes nothing: the count reads only the stakes its electorate froze"
    )
    func frozenStakes() async {
        await propertyCheck(count: 300, input: DecisionGen.scenario(.stakeWeighted), Gen.int(in: 0...Int.max)) {
            scenario, seed in
            // The initiative's stakes when the vote opened, frozen into its electorate.
            var initiative = InitiativeStakes(stakes: scenario.electorate.stakes)
            let opened = Electorate(
                voters: scenario.electorate.voters, parties: scenario.electorate.parties,
                ownerPartyID: scenario.electorate.ownerPartyID, stakes: initiative.stakes)
            let atOpening = DecisionCount.tally(scenario.ballots, electorate: opened, rules: scenario.rules)

            // The partners re-stake before the close. The electorate is a value, so nothing of this can reach it; what
            // the law guards is that the count reads no stakes but the frozen ones, and reads them the same way each time.
            var rng = SplitMix(seed: UInt64(seed))
            initiative.restake(using: &rng)
            #expect(opened.stakes == scenario.electorate.stakes)

            let atClose = DecisionCount.tally(scenario.ballots, electorate: opened, rules: scenario.rules)
            #expect(atClose == atOpening, "\(scenario)")
            let result = { (tally: DecisionTally) in
                DecisionCount.result(
                    tally, ballots: scenario.ballots, electorate: opened, rules: scenario.rules,
                    governance: .jointVenture)
            }
            #expect(result(atClose) == result(atOpening), "\(scenario)")
        }
    }

    @Test("The order ballots arrive in does not matter when each person voted once")
    func orderDoesNotMatter() async {
        await propertyCheck(count: 300, input: DecisionGen.scenario(), Gen.int(in: 0...Int.max)) { scenario, seed in
            var rng = SplitMix(seed: UInt64(seed))
            var shuffled = scenario
            shuffled.ballots.shuffle(using: &rng)
            #expect(shuffled.tally == scenario.tally, "\(scenario)")
            #expect(shuffled.result == scenario.result, "\(scenario)")
        }
    }

    @Test(
        "The number who voted is the number of distinct eligible people with a ballot, whoever else voted and however often"
    )
    func votedCountsDistinctEligibleVoters() async {
        await propertyCheck(count: 300, input: DecisionGen.scenario(noise: true)) { scenario in
            let tally = scenario.tally
            let distinct = Set(scenario.ballots.map(\.personID).filter { scenario.electorate.voters[$0] != nil })
            #expect(tally.voted == distinct.count, "\(scenario)")
            #expect(tally.eligible == scenario.electorate.voters.count)
            #expect(tally.positions.values.reduce(0, +) == tally.voted)
            #expect(tally.byParty.values.flatMap(\.values).reduce(0, +) == tally.voted)
            for (party, counts) in tally.byParty {
                let partyVoters = distinct.filter { scenario.electorate.voters[$0] == party }.count
                #expect(counts.values.reduce(0, +) == partyVoters, "\(scenario)")
            }
            #expect(Set(tally.absentParties) == Set(scenario.electorate.parties.filter { tally.byParty[$0] == nil }))
        }
    }

    @Test(
        "The quorum is met exactly when at least the quorum's share of the eligible, rounded up, voted and, where asked, every party"
    )
    func quorumRule() async {
        await propertyCheck(count: 300, input: DecisionGen.scenario(noise: true)) { scenario in
            let tally = scenario.tally
            let needed = (scenario.rules.quorumPercent * tally.eligible + 99) / 100
            let share = tally.eligible == 0 ? scenario.rules.quorumPercent == 0 : tally.voted >= needed
            let presence = !scenario.rules.everyPartyPresent || tally.absentParties.isEmpty
            #expect(tally.quorumMet == (share && presence), "\(scenario)")
            #expect((scenario.result == .noQuorum) == !tally.quorumMet, "\(scenario)")
        }
    }

    @Test("Weighted yes and no together are the stakes of the parties with a yes or no vote, and never above 100 %")
    func weightedSharesAddUp() async {
        await propertyCheck(count: 300, input: DecisionGen.scenario(.stakeWeighted, noise: true)) { scenario in
            let tally = scenario.tally
            guard let weighted = tally.weighted else {
                Issue.record("a stake-weighted tally without weights: \(scenario)")
                return
            }
            let speaking = scenario.electorate.parties.filter { party in
                let counts = tally.byParty[party] ?? [:]
                return (counts[.yes] ?? 0) + (counts[.no] ?? 0) > 0
            }
            let stakes = speaking.map { Double(scenario.electorate.stakes[$0]?.basisPoints ?? 0) / 100 }.reduce(0, +)
            #expect(weighted.yes >= 0 && weighted.no >= 0)
            #expect(weighted.yes + weighted.no <= 100 + 1e-9, "\(scenario)")
            #expect(abs(weighted.yes + weighted.no - stakes) < 1e-9, "\(weighted) against \(stakes): \(scenario)")
        }
    }

    @Test("A stake vote passes exactly when the weighted yes reaches the threshold, as exact fractions would say")
    func stakeVoteMatchesExactFractions() async {
        await propertyCheck(count: 500, input: DecisionGen.scenario(.stakeWeighted)) { scenario in
            let tally = scenario.tally
            guard tally.quorumMet, let threshold = scenario.rules.thresholdPercent else { return }
            // yes ≥ T % of (yes + no) ⇔ Σ stake × (100·y − T·(y + n)) / (y + n) ≥ 0, times the least common multiple of the
            // (y + n), in whole numbers (at most 6 voters a party, so every y + n divides 60).
            var sum = 0
            var speaking = 0
            for (party, counts) in tally.byParty {
                let yes = counts[.yes] ?? 0
                let no = counts[.no] ?? 0
                guard yes + no > 0, let stake = scenario.electorate.stakes[party] else { continue }
                sum += stake.basisPoints * (100 * yes - threshold * (yes + no)) * (60 / (yes + no))
                speaking += 1
            }
            let expected: DecisionResult = speaking > 0 && sum >= 0 ? .passed : .rejected
            #expect(scenario.result == expected, "\(tally.weighted.map { "\($0)" } ?? "–"): \(scenario)")
        }
    }

    @Test(
        "A majority passes when yes outnumbers no; a tie goes the owner party's way only on an owner-led ordinary matter"
    )
    func majorityAndCastingVote() async {
        await propertyCheck(count: 500, input: DecisionGen.scenario(.majority)) { scenario in
            let tally = scenario.tally
            guard tally.quorumMet else { return }
            let yes = tally.count(.yes)
            let no = tally.count(.no)
            let owner = tally.byParty[scenario.electorate.ownerPartyID] ?? [:]
            let casting = scenario.governance == .ownerLed && !scenario.rules.reserved
            let passes = yes > no || (yes == no && casting && (owner[.yes] ?? 0) > (owner[.no] ?? 0))
            #expect(scenario.result == (passes ? .passed : .rejected), "\(scenario)")
        }
    }
}

/// The initiative's current stakes, apart from any decision's frozen electorate.
private struct InitiativeStakes {
    var stakes: [UUID: Stake]

    /// A new split of 100 % over the same parties.
    mutating func restake<R: RandomNumberGenerator>(using rng: inout R) {
        let parties = Array(stakes.keys)
        let split = DecisionGen.stakeSplit(parties: parties.count, using: &rng)
        stakes = Dictionary(uniqueKeysWithValues: zip(parties, split.map { Stake(basisPoints: $0) }))
    }
}

import Foundation
import Testing

@testable import CoventureCore

@Suite("Decisions: results of each method")
struct DecisionResultTests {
    typealias C = Cast

    static func rules(_ method: DecisionMethod, threshold: Int? = nil, reserved: Bool = false) -> DecisionRules {
        DecisionRules(
            method: method, quorumPercent: 50, everyPartyPresent: true, thresholdPercent: threshold, reserved: reserved)
    }

    // MARK: Majority

    @Test("Majority passes when yes outnumbers no; abstentions count toward the quorum, not toward support")
    func majorityPasses() {
        let ballots = [
            C.ana.votes(.yes), C.ben.votes(.yes), C.dev.votes(.yes), C.eve.votes(.no), C.finn.votes(.no),
            C.ivy.votes(.abstain),
        ]
        let (tally, result) = C.count(ballots, in: C.threeParties(), rules: Self.rules(.majority))
        #expect(tally.positions == [.yes: 3, .no: 2, .abstain: 1])
        #expect(tally.voted == 6)
        #expect(result == .passed)
    }

    @Test("Majority is rejected when no outnumbers yes, however many abstain")
    func majorityRejected() {
        let ballots = [
            C.ana.votes(.yes), C.dev.votes(.no), C.eve.votes(.no), C.finn.votes(.abstain), C.gia.votes(.abstain),
        ]
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: Self.rules(.majority))
        #expect(tally.positions == [.yes: 1, .no: 2, .abstain: 2])
        #expect(result == .rejected)
    }

    // MARK: The owner's casting vote

    /// Two of Harbour (the owner) against two of Delta, or the other way round: a 2–2 tie.
    static func tie(ownerVotes position: DecisionPosition) -> [Ballot] {
        let other: DecisionPosition = position == .yes ? .no : .yes
        return [C.ana.votes(position), C.ben.votes(position), C.dev.votes(other), C.eve.votes(other)]
    }

    @Test("In an owner-led initiative a majority tie passes when the owner party voted yes: its casting vote")
    func castingVoteYes() {
        let (tally, result) = C.count(
            Self.tie(ownerVotes: .yes), in: C.twoParties(), rules: Self.rules(.majority), governance: .ownerLed)
        #expect(tally.positions == [.yes: 2, .no: 2])
        #expect(result == .passed)
    }

    @Test("In an owner-led initiative a majority tie is rejected when the owner party voted no")
    func castingVoteNo() {
        let (tally, result) = C.count(
            Self.tie(ownerVotes: .no), in: C.twoParties(), rules: Self.rules(.majority), governance: .ownerLed)
        #expect(tally.positions == [.yes: 2, .no: 2])
        #expect(result == .rejected)
    }

    @Test("The owner has no casting vote on a reserved matter: the tie is rejected")
    func noCastingVoteOnReservedMatter() {
        let (_, result) = C.count(
            Self.tie(ownerVotes: .yes), in: C.twoParties(), rules: Self.rules(.majority, reserved: true),
            governance: .ownerLed)
        #expect(result == .rejected)
    }

    @Test("There is no casting vote in a joint venture: the tie is rejected")
    func noCastingVoteInJointVenture() {
        let (_, result) = C.count(
            Self.tie(ownerVotes: .yes), in: C.twoParties(), rules: Self.rules(.majority), governance: .jointVenture)
        #expect(result == .rejected)
    }

    @Test("An owner party split evenly has no position to cast: the tie is rejected")
    func ownerPartySplit() {
        let ballots = [C.ana.votes(.yes), C.ben.votes(.no), C.dev.votes(.yes), C.eve.votes(.no)]
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: Self.rules(.majority), governance: .ownerLed)
        #expect(tally.byParty[C.harbour] == [.yes: 1, .no: 1])
        #expect(result == .rejected)
    }

    @Test("The casting vote follows the owner party's own majority, not each of its voters")
    func castingVoteFollowsOwnerMajority() {
        // 3–3: Harbour 2 yes 1 no, Delta 1 yes 2 no.
        let ballots = [
            C.ana.votes(.yes), C.ben.votes(.yes), C.cleo.votes(.no), C.dev.votes(.yes), C.eve.votes(.no),
            C.finn.votes(.no),
        ]
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: Self.rules(.majority), governance: .ownerLed)
        #expect(tally.positions == [.yes: 3, .no: 3])
        #expect(result == .passed)
    }

    @Test("A tie of nothing but abstentions is rejected, casting vote or not")
    func abstentionsOnlyTie() {
        let ballots = [C.ana.votes(.abstain), C.ben.votes(.abstain), C.dev.votes(.abstain), C.eve.votes(.abstain)]
        for governance in GovernanceModel.allCases {
            let (tally, result) = C.count(
                ballots, in: C.twoParties(), rules: Self.rules(.majority), governance: governance)
            #expect(tally.quorumMet)
            #expect(result == .rejected, "\(governance)")
        }
    }

    @Test("A casting vote settles ties only: a majority against the owner party still decides")
    func castingVoteOnlyOnTies() {
        // Harbour votes yes, but Delta's three no outnumber it.
        let ballots = [C.ana.votes(.yes), C.ben.votes(.yes), C.dev.votes(.no), C.eve.votes(.no), C.finn.votes(.no)]
        let (_, result) = C.count(ballots, in: C.twoParties(), rules: Self.rules(.majority), governance: .ownerLed)
        #expect(result == .rejected)
    }

    @Test("Supermajority has no casting vote: a tie below its threshold is rejected even when the owner voted yes")
    func noCastingVoteForSupermajority() {
        let (_, result) = C.count(
            Self.tie(ownerVotes: .yes), in: C.twoParties(), rules: Self.rules(.supermajority, threshold: 60),
            governance: .ownerLed)
        #expect(result == .rejected)
    }

    // MARK: Supermajority

    @Test("Supermajority passes at exactly its threshold: 3 yes and 2 no are 60 % of 60 %")
    func supermajorityAtThreshold() {
        let ballots = [C.ana.votes(.yes), C.ben.votes(.yes), C.dev.votes(.yes), C.eve.votes(.no), C.finn.votes(.no)]
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: Self.rules(.supermajority, threshold: 60))
        #expect(tally.positions == [.yes: 3, .no: 2])
        #expect(result == .passed)
        #expect(
            C.count(ballots, in: C.twoParties(), rules: Self.rules(.supermajority, threshold: 61)).result == .rejected)
    }

    @Test("Two yes and one no are two thirds: enough for 66 %, short of 67 %")
    func supermajorityTwoThirds() {
        // Everyone else abstains: abstentions count toward the quorum, not the share.
        let ballots =
            [C.ana.votes(.yes), C.ben.votes(.yes), C.dev.votes(.no)]
            + [C.cleo, C.eve, C.finn].map { $0.votes(.abstain) }
        #expect(
            C.count(ballots, in: C.twoParties(), rules: Self.rules(.supermajority, threshold: 66)).result == .passed)
        #expect(
            C.count(ballots, in: C.twoParties(), rules: Self.rules(.supermajority, threshold: 67)).result == .rejected)
    }

    @Test("Supermajority at 100 % fails with a single no")
    func supermajorityUnanimous() {
        let everyoneYes = (C.harbourPeople + C.deltaPeople).map { $0.votes(.yes) }
        #expect(
            C.count(everyoneYes, in: C.twoParties(), rules: Self.rules(.supermajority, threshold: 100)).result
                == .passed)
        let oneNo = Array(everyoneYes.dropLast()) + [C.hal.votes(.no)]
        #expect(
            C.count(oneNo, in: C.twoParties(), rules: Self.rules(.supermajority, threshold: 100)).result == .rejected)
    }

    @Test("Supermajority without a single yes or no is rejected")
    func supermajorityNoVotes() {
        let ballots = [C.ana.votes(.abstain), C.ben.votes(.abstain), C.dev.votes(.abstain), C.eve.votes(.abstain)]
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: Self.rules(.supermajority, threshold: 1))
        #expect(tally.quorumMet)
        #expect(result == .rejected)
    }

    // MARK: Unanimous by party

    @Test("Unanimous by party passes when each party's own majority is yes, even with some no votes")
    func unanimousByPartyPasses() {
        let ballots = [
            C.ana.votes(.yes), C.ben.votes(.yes), C.cleo.votes(.no),  // Harbour 2–1
            C.dev.votes(.yes),  // Delta 1–0
            C.ivy.votes(.yes), C.jon.votes(.abstain),  // Grove 1–0
        ]
        let (tally, result) = C.count(ballots, in: C.threeParties(), rules: Self.rules(.unanimousByParty))
        #expect(tally.positions == [.yes: 4, .no: 1, .abstain: 1])
        #expect(result == .passed)
    }

    @Test("Unanimous by party fails when one party only abstained: it has no yes majority")
    func unanimousByPartyAbstainingParty() {
        let ballots = [
            C.ana.votes(.yes), C.ben.votes(.yes), C.dev.votes(.yes), C.eve.votes(.yes),
            C.ivy.votes(.abstain), C.jon.votes(.abstain),
        ]
        let (tally, result) = C.count(ballots, in: C.threeParties(), rules: Self.rules(.unanimousByParty))
        #expect(tally.quorumMet)
        #expect(tally.absentParties.isEmpty)
        #expect(tally.byParty[C.grove] == [.abstain: 2])
        #expect(result == .rejected)
    }

    @Test("Unanimous by party fails when one party is split evenly")
    func unanimousByPartySplitParty() {
        let ballots = [C.ana.votes(.yes), C.ben.votes(.yes), C.dev.votes(.yes), C.eve.votes(.no), C.ivy.votes(.yes)]
        let (_, result) = C.count(ballots, in: C.threeParties(), rules: Self.rules(.unanimousByParty))
        #expect(result == .rejected)
    }

    @Test("Unanimous by party fails when one party's majority is no, however large the yes overall")
    func unanimousByPartyOverallMajorityIsNotEnough() {
        let ballots = C.harbourPeople.map { $0.votes(.yes) } + [C.dev.votes(.no)]
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: Self.rules(.unanimousByParty))
        #expect(tally.positions == [.yes: 3, .no: 1])
        #expect(result == .rejected)
    }

    @Test(
        "Unanimous by party counts every party of the initiative: one that did not vote fails it without a presence rule"
    )
    func unanimousByPartyAbsentParty() {
        let rules = DecisionRules(method: .unanimousByParty, quorumPercent: 0, everyPartyPresent: false)
        let ballots = [C.ana.votes(.yes), C.dev.votes(.yes)]
        let (tally, result) = C.count(ballots, in: C.threeParties(), rules: rules)
        #expect(tally.quorumMet)
        #expect(tally.absentParties == [C.grove])
        #expect(result == .rejected)
    }

    // MARK: Consent

    @Test("Consent passes when no objection stands; abstentions do not stand in its way")
    func consentPasses() {
        let ballots = [
            C.ana.votes(.consent), C.dev.votes(.consent), C.eve.votes(.abstain), C.ivy.votes(.abstain),
            C.jon.votes(.consent),
        ]
        let (tally, result) = C.count(ballots, in: C.threeParties(), rules: Self.rules(.consent))
        #expect(tally.positions == [.consent: 3, .abstain: 2])
        #expect(result == .passed)
    }

    @Test("One objection rejects consent, however many consent")
    func consentOneObjection() {
        let ballots = (C.harbourPeople + C.deltaPeople + [C.ivy]).map { $0.votes(.consent) } + [C.jon.votes(.object)]
        let (tally, result) = C.count(ballots, in: C.threeParties(), rules: Self.rules(.consent))
        #expect(tally.positions == [.consent: 9, .object: 1])
        #expect(result == .rejected)
    }

    @Test("An objection withdrawn before the close no longer stands: the person's latest ballot counts")
    func consentObjectionWithdrawn() {
        let ballots = [
            C.ana.votes(.consent), C.dev.votes(.object), C.ben.votes(.consent), C.eve.votes(.consent),
            C.dev.votes(.consent),
        ]
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: Self.rules(.consent))
        #expect(tally.positions == [.consent: 4])
        #expect(result == .passed)
    }

    // MARK: Consensus

    @Test("Consensus passes with a single agreement and everyone else abstaining")
    func consensusPasses() {
        let ballots = [C.ana.votes(.agree), C.ben.votes(.abstain), C.dev.votes(.abstain), C.eve.votes(.abstain)]
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: Self.rules(.consensus))
        #expect(tally.positions == [.agree: 1, .abstain: 3])
        #expect(result == .passed)
    }

    @Test("Consensus with only abstentions is rejected")
    func consensusOnlyAbstentions() {
        let ballots = [C.ana.votes(.abstain), C.ben.votes(.abstain), C.dev.votes(.abstain), C.eve.votes(.abstain)]
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: Self.rules(.consensus))
        #expect(tally.quorumMet)
        #expect(result == .rejected)
    }

    @Test("A single block rejects consensus, however many agree")
    func consensusBlocked() {
        let ballots = (C.harbourPeople + C.deltaPeople.dropLast()).map { $0.votes(.agree) } + [C.hal.votes(.block)]
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: Self.rules(.consensus))
        #expect(tally.positions == [.agree: 7, .block: 1])
        #expect(result == .rejected)
    }

    // MARK: Owner decides after advice

    @Test("Advice with its quorum met says nothing: the owner's outcome decides, objections or not")
    func adviceDecidedByOwner() {
        let ballots = [C.ana.votes(.support), C.dev.votes(.object), C.eve.votes(.object), C.finn.votes(.concern)]
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: Self.rules(.ownerAfterAdvice))
        #expect(tally.quorumMet)
        #expect(tally.positions == [.support: 1, .object: 2, .concern: 1])
        #expect(result == nil)
    }

    @Test("Advice without its quorum is no quorum")
    func adviceWithoutQuorum() {
        let ballots = [C.ana.votes(.support), C.dev.votes(.object), C.eve.votes(.support)]
        let (tally, result) = C.count(ballots, in: C.twoParties(), rules: Self.rules(.ownerAfterAdvice))
        #expect(!tally.quorumMet)
        #expect(result == .noQuorum)
    }

    @Test("The default Advice type needs no quorum: with no advice at all, the owner still decides")
    func defaultAdviceWithoutVotes() throws {
        let advice = try #require(DecisionDefaults.types(for: .ownerLed).first { $0.name == "Advice" })
        let (tally, result) = C.count([], in: C.twoParties(), rules: advice.rules)
        #expect(tally.voted == 0)
        #expect(tally.quorumMet)
        #expect(result == nil)
    }
}

import CoventureCore
import Foundation
import Testing

@testable import CoventureServer

/// The decision pages rendered from hand-built models: no database, no server.
@Suite("Decision pages render")
struct DecisionPageRenderTests {
    typealias F = Fixture

    static let advice = DecisionRules(method: .ownerAfterAdvice, quorumPercent: 0, everyPartyPresent: false)
    static let stakeVote = DecisionRules(method: .stakeWeighted, voters: .partyAdmins, thresholdPercent: 50)

    static func decision(
        _ n: Int = 1, title: String = "Adopt the shared risk model", status: DecisionStatus = .open, method: DecisionMethod = .ownerAfterAdvice,
        number: String? = nil, version: Int = 1, tally: TallyDTO? = nil, outcome: OutcomeDTO? = nil, deadlock: DeadlockDTO? = nil,
        change: ProposedChangeDTO? = nil, awaitingOutcome: Bool = false
    ) -> DecisionDTO {
        DecisionDTO(
            id: F.id(600 + n), initiativeId: F.initiativeID, number: number, title: title, proposal: "We adopt the model in the annex.",
            typeId: F.id(700), typeName: method == .ownerAfterAdvice ? "Advice" : "Stake vote", method: method, status: status,
            version: version, closesAt: F.date(days: 3), openedAt: F.date(days: -4), closedAt: status == .closed ? F.date(days: -1) : nil,
            authorId: F.id(1021), authorName: "Mia Member", workstreamId: nil, supersedesId: nil, tally: tally, outcome: outcome,
            deadlock: deadlock, change: change, awaitingOutcome: awaitingOutcome, createdAt: F.date(days: -5))
    }

    static func vote(_ n: Int, position: DecisionPosition, reason: String? = nil, person: UUID? = nil, name: String = "Pia Partner",
                     version: Int = 1, current: Bool = true, answer: String? = nil) -> VoteDTO {
        VoteDTO(
            id: F.id(800 + n), decisionId: F.id(601), personId: person ?? F.id(900 + n), personName: name, organizationId: F.partnerOrg,
            organizationName: "Helio", position: position, reason: reason, version: version, current: current, castAt: F.date(days: -2),
            answer: answer, nonce: nil)
    }

    static let tally = TallyDTO(
        positions: ["support": 1, "concern": 0, "object": 1],
        byParty: [
            .init(partyId: F.ownerParty, organizationId: F.ownerOrg, organizationName: "Bank", positions: ["support": 1, "concern": 0, "object": 0]),
            .init(partyId: F.partnerParty, organizationId: F.partnerOrg, organizationName: "Helio", positions: ["support": 0, "concern": 0, "object": 1]),
        ],
        eligible: 4, voted: 2, quorumMet: true, weighted: nil)

    static func page(
        _ decision: DecisionDTO = decision(tally: tally), rules: DecisionRules = advice, votes: [VoteDTO] = [], canVote: Bool = true,
        refusal: String? = nil, canManage: Bool = false, canDecide: Bool = false, versions: [DecisionPage.Version] = [],
        values: [String: String] = [:], errors: [String: String] = [:]
    ) -> Rendered {
        Rendered(DecisionPage.render(
            .init(initiative: F.initiative(), decision: decision, rules: rules, votes: votes, versions: versions, viewerID: F.viewerID,
                  canVote: canVote, voteRefusal: refusal, canManage: canManage, canDecide: canDecide, workstreamName: nil, supersedes: nil,
                  names: [:], showSettings: false, values: values, errors: errors),
            context: F.context()))
    }

    @Test("An open decision shows its proposal, its rules in words, the tally per party and a vote form with the method's positions")
    func openDecision() throws {
        let page = Self.page(votes: [Self.vote(1, position: .object, reason: "It doubles our reporting.")])
        #expect(page.contains("We adopt the model in the annex."))
        #expect(page.contains("Advice never blocks"))
        #expect(page.contains("2 of 4 eligible voted (50 %); quorum met"))
        #expect(page.contains("It doubles our reporting."))
        let form = try #require(page.form(posting: .decisionVote(.value(F.initiativeID), decision: .value(F.id(601)))))
        #expect(form.contains(Fixture.csrf))
        for position in ["support", "concern", "object"] { #expect(form.contains("value=\"\(position)\"")) }
        #expect(!form.contains("value=\"yes\""))
    }

    @Test("A refused vote keeps the position and the reason, with the message beside the field")
    func voteErrorsKeepInput() throws {
        let page = Self.page(values: ["position": "object", "reason": "Half a thought"], errors: ["reason": "is required for a vote of object"])
        let form = try #require(page.form(posting: .decisionVote(.value(F.initiativeID), decision: .value(F.id(601)))))
        #expect(form.contains("value=\"object\" id=\"field-position-object\" checked") || form.contains("checked"))
        #expect(form.contains("Half a thought"))
        #expect(page.contains("is required for a vote of object"))
    }

    @Test("An observer reads the decision but is told why there is no vote form")
    func observerHasNoForm() {
        let page = Self.page(canVote: false, refusal: "You can read this decision but not vote on it: observers can read decisions but not vote.")
        #expect(page.form(posting: .decisionVote(.value(F.initiativeID), decision: .value(F.id(601)))) == nil)
        #expect(page.contains("observers can read decisions but not vote"))
    }

    @Test("Hidden votes: no tally, and the page says the votes stay hidden until the close")
    func hiddenTally() {
        let page = Self.page(Self.decision(tally: nil), rules: DecisionRules(method: .majority, hiddenUntilClosed: true))
        #expect(page.contains("stay hidden until the decision closes"))
        #expect(!page.contains("eligible voted"))
    }

    @Test("A sealed decision shows its number, result, statement and answered objections, and offers no vote or edit")
    func sealed() {
        let outcome = OutcomeDTO(result: .decided, adopted: true, statement: "We adopt it.", rationale: "The pilot needs it.", reviewOn: "2027-06-30")
        let page = Self.page(
            Self.decision(status: .closed, number: "DEC-0007", tally: Self.tally, outcome: outcome),
            votes: [Self.vote(1, position: .object, reason: "It doubles our reporting.", answer: "We automate it by March.")], canManage: true)
        #expect(page.contains("DEC-0007 · Adopt the shared risk model"))
        #expect(page.contains("Decided: adopted"))
        #expect(page.contains("We adopt it.") && page.contains("The pilot needs it.") && page.contains("30 Jun 2027"))
        #expect(page.contains("We automate it by March."))
        #expect(page.postForms.filter { $0.contains("/decisions/") }.isEmpty, "a sealed decision changes no more")
    }

    @Test("Closed advice offers its owner admin the outcome form with an answer field per objection")
    func outcomeForm() throws {
        let objection = Self.vote(1, position: .object, reason: "It doubles our reporting.")
        let page = Self.page(Self.decision(status: .closed, tally: Self.tally, awaitingOutcome: true), votes: [objection], canDecide: true)
        let form = try #require(page.form(posting: .decisionOutcome(.value(F.initiativeID), decision: .value(F.id(601)))))
        #expect(form.contains("answer-\(F.text(objection.id))"))
        #expect(form.contains("Pia Partner (Helio)"))
        #expect(page.contains("Awaiting the owner&#39;s outcome") || page.contains("Awaiting the owner’s outcome") || page.contains("Awaiting the owner's outcome"))
    }

    @Test("A stake vote shows the weighted share beside the head count")
    func stakeWeightedTally() {
        let tally = TallyDTO(
            positions: ["yes": 1, "no": 2, "abstain": 0], byParty: [], eligible: 3, voted: 3, quorumMet: true,
            weighted: .init(yes: 70, no: 30))
        let page = Self.page(Self.decision(method: .stakeWeighted, tally: tally), rules: Self.stakeVote)
        #expect(page.contains("yes 70 %, no 30 % of all stakes"))
        #expect(page.contains("head count: yes 1, no 2"))
    }

    @Test("A deadlock shows the ladder step that is up and who is up; a proposed change says what passing would do")
    func deadlockAndChange() {
        let deadlock = DeadlockDTO(step: 2, stepName: "Steering group", upSince: F.date(days: -3), people: [F.id(1022)])
        let change = ProposedChangeDTO(kind: "governance", summary: "Sets the governance to joint venture with new stakes.", state: "proposed", note: nil)
        let rendered = DecisionPage.render(
            .init(initiative: F.initiative(), decision: Self.decision(status: .closed, number: "DEC-0003", deadlock: deadlock, change: change),
                  rules: DecisionRules(method: .unanimousByParty, voters: .partyAdmins, reserved: true), votes: [], versions: [],
                  viewerID: F.viewerID, canVote: false, voteRefusal: nil, canManage: false, canDecide: false, workstreamName: nil,
                  supersedes: nil, names: [F.id(1022): "Olivia Owner"], showSettings: false, values: [:], errors: [:]),
            context: F.context())
        let page = Rendered(rendered)
        #expect(page.contains("Step 2, Steering group"))
        #expect(page.contains("Who is up: Olivia Owner"))
        #expect(page.contains("Sets the governance to joint venture with new stakes."))
    }

    @Test("Hostile text in titles, proposals and reasons is escaped")
    func hostileText() {
        var decision = Self.decision(title: F.hostile, tally: Self.tally)
        decision.proposal = F.hostile
        let page = Self.page(decision, votes: [Self.vote(1, position: .object, reason: F.hostile, name: F.hostile)])
        #expect(!page.contains("<script>alert(1)</script>"))
        #expect(page.contains(F.hostileEscaped))
    }

    @Test("The register lists numbers, titles, types and results; an empty register says what a decision is; filters keep their values")
    func register() {
        func render(_ decisions: [DecisionDTO], filter: DecisionReader.Filter = .init()) -> Rendered {
            Rendered(DecisionRegisterPage.render(
                .init(initiative: F.initiative(), decisions: decisions, types: [], workstreams: [], filter: filter, canPropose: true,
                      showSettings: false, awaitingMyVote: [F.id(601)]),
                context: F.context()))
        }
        let empty = render([])
        #expect(empty.contains("No decisions yet"))
        #expect(empty.links(to: .newDecision(.value(F.initiativeID))))
        let sealed = Self.decision(2, title: "Second", status: .closed, number: "DEC-0002",
                                   outcome: OutcomeDTO(result: .noQuorum, adopted: nil, statement: nil, rationale: nil, reviewOn: nil))
        let page = render([Self.decision(), sealed], filter: .init(text: "risk"))
        #expect(page.contains("DEC-0002") && page.contains("No quorum"))
        #expect(page.contains("Awaiting your vote"))
        #expect(page.contains("value=\"risk\""))
        #expect(page.links(to: .decision(.value(F.initiativeID), decision: .value(F.id(602)))))
    }
}

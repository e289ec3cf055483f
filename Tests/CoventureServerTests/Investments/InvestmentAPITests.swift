import CoventureCore
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// Investments over HTTP (issue #14), on both databases: a scoring framework ratified by decision, proposals scored by
/// every party, gates whose decisions release tranches split to the cent, the owner's kill, hold and recycle.
@Suite("Investments API")
struct InvestmentAPITests {
    /// An owner-led initiative with two partners: three party admins, an owner contributor, a partner observer, an outsider.
    struct Partnership {
        var initiative: InitiativeDTO
        var owner: SignedInPerson
        var partner: SignedInPerson
        var third: SignedInPerson
        var ownerToken: Caller
        var partnerToken: Caller
        var thirdToken: Caller
        var contributorToken: Caller
        var observerToken: Caller
        var outsiderToken: Caller
    }

    static func partnership(_ t: TestApp) async throws -> Partnership {
        let tag = UUID().uuidString.prefix(6).lowercased()
        let owner = try await Factory.person(t, name: "Olivia Owner", organization: "Bank \(tag)", orgAdmin: true)
        let partner = try await Factory.person(t, name: "Paul Partner", organization: "Utility \(tag)", orgAdmin: true)
        let third = try await Factory.person(t, name: "Tara Third", organization: "Telco \(tag)", orgAdmin: true)
        let contributor = try await Factory.person(t, name: "Chris Contributor", organization: "Bank \(tag)")
        let observer = try await Factory.person(t, name: "Olga Observer", organization: "Utility \(tag)")
        let outsider = try await Factory.person(t, name: "Oscar Outsider", organization: "Elsewhere \(tag)", orgAdmin: true)
        let initiative = try await Factory.initiative(t, by: owner)
        try await Factory.partner(t, initiative, owner: owner, partner: partner)
        try await Factory.partner(t, initiative, owner: owner, partner: third)
        try await Factory.member(t, initiative, contributor, role: .contributor, by: owner)
        try await Factory.member(t, initiative, observer, role: .observer, by: partner)
        return Partnership(
            initiative: try await InitiativeStore(application: t.app).detail(initiative.id), owner: owner, partner: partner, third: third,
            ownerToken: try await Factory.token(t, owner), partnerToken: try await Factory.token(t, partner),
            thirdToken: try await Factory.token(t, third), contributorToken: try await Factory.token(t, contributor),
            observerToken: try await Factory.token(t, observer), outsiderToken: try await Factory.token(t, outsider))
    }

    /// Takes an advice decision (the owner-led initiative's default type) to its end: the three parties support it, it
    /// closes at its deadline, and the owner adopts it or not.
    static func decide(_ t: TestApp, _ p: Partnership, _ decisionID: UUID, adopted: Bool) async throws {
        for token in [p.ownerToken, p.partnerToken, p.thirdToken] {
            try await DecisionAPITests.vote(t, decisionID, "support", as: token)
        }
        try await DecisionStore(db: t.db, recorder: t.recorder(daysLater: 30)).closeAtDeadline(decisionID)
        let outcome = try await t.send(.POST, APIURL.decisionOutcome(.value(decisionID)).path, as: p.ownerToken,
                                       json: OutcomeRequest(adopted: adopted, statement: adopted ? "Adopted." : "Not now."))
        #expect(outcome.status == .ok, "\(outcome.text)")
    }

    static let impactAndCost = ScoringFrameworkRequest(criteria: [
        .init(name: "Impact", description: "On the shared objectives", weight: 3, min: 1, max: 5),
        .init(name: "Cost", weight: 1, min: 0, max: 100, direction: "lowerIsBetter"),
    ])

    /// Proposes a framework and ratifies it; returns it as in force.
    @discardableResult
    static func ratifiedFramework(_ t: TestApp, _ p: Partnership, _ request: ScoringFrameworkRequest = impactAndCost) async throws -> ScoringFrameworkDTO {
        let proposed = try await t.send(.PUT, APIURL.scoringFramework(.value(p.initiative.id)).path, as: p.partnerToken, json: request)
        #expect(proposed.status == .accepted, "\(proposed.text)")
        let framework = try t.decode(ScoringFrameworkDTO.self, from: proposed)
        try await decide(t, p, try #require(framework.decisionId), adopted: true)
        return try #require(try await overview(t, p).inForce)
    }

    static func overview(_ t: TestApp, _ p: Partnership) async throws -> ScoringFrameworksDTO {
        try t.decode(ScoringFrameworksDTO.self, from: try await t.send(.GET, APIURL.scoringFramework(.value(p.initiative.id)).path, as: p.observerToken))
    }

    static func eur(_ amount: Int64) -> Money { Money(amount: amount, currency: "EUR") }

    /// 1 000.01 EUR pledged 333.34 / 333.34 / 333.33 by the three parties, in two tranches of 500.01 and 500.00.
    static func oddProposal(_ p: Partnership) -> CreateProposalRequest {
        CreateProposalRequest(
            title: "Shared onboarding", problem: "Customers sign up three times.", hypothesis: "One flow halves the drop-out.",
            ask: eur(100_001),
            funding: [
                .init(organizationId: p.owner.organizationID, amount: eur(33_334)), .init(organizationId: p.partner.organizationID, amount: eur(33_334)),
                .init(organizationId: p.third.organizationID, amount: eur(33_333)),
            ],
            tranches: [.init(amount: eur(50_001), milestone: "Pilot live"), .init(amount: eur(50_000), milestone: "All regions")])
    }

    static func create(_ t: TestApp, _ p: Partnership, _ request: CreateProposalRequest, as caller: Caller) async throws -> ProposalDTO {
        let response = try await t.send(.POST, APIURL.proposals(.value(p.initiative.id)).path, as: caller, json: request)
        #expect(response.status == .created, "\(response.text)")
        return try t.decode(ProposalDTO.self, from: response)
    }

    static func proposal(_ t: TestApp, _ id: UUID, as caller: Caller) async throws -> ProposalDTO {
        try t.decode(ProposalDTO.self, from: try await t.send(.GET, APIURL.proposal(.value(id)).path, as: caller))
    }

    static func openGate(_ t: TestApp, _ id: UUID, as caller: Caller) async throws -> GateDTO {
        let response = try await t.send(.POST, APIURL.proposalGates(.value(id)).path, as: caller, json: OpenGateRequest())
        #expect(response.status == .created, "\(response.text)")
        return try #require(try t.decode(ProposalDTO.self, from: response).gates.last)
    }

    // MARK: The framework

    @Test("A framework version is in force only once its decision passes; while a change waits the old one stays in force, and a rejected one stays readable",
          arguments: TestDatabase.all)
    func frameworkRatification(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let path = APIURL.scoringFramework(.value(p.initiative.id)).path
            let proposed = try t.decode(ScoringFrameworkDTO.self, from: try await t.send(.PUT, path, as: p.partnerToken, json: Self.impactAndCost))
            #expect(proposed.status == .proposed && proposed.version == 1)
            #expect(try await Self.overview(t, p).inForce == nil, "nothing is in force before the decision passes")
            let decision = try await DecisionAPITests.detail(t, try #require(proposed.decisionId), as: p.ownerToken)
            #expect(decision.change?.kind == "scoringFramework" && decision.status == .open)

            try await Self.decide(t, p, try #require(proposed.decisionId), adopted: true)
            let first = try #require(try await Self.overview(t, p).inForce)
            #expect(first.version == 1 && first.criteria.map(\.name) == ["Impact", "Cost"] && first.criteria[1].direction == .lowerIsBetter)

            var changed = Self.impactAndCost
            changed.criteria?[0].weight = 5
            let second = try t.decode(ScoringFrameworkDTO.self, from: try await t.send(.PUT, path, as: p.thirdToken, json: changed))
            #expect(try await Self.overview(t, p).inForce?.id == first.id, "the ratified version stays in force while the change waits")
            try await Self.decide(t, p, try #require(second.decisionId), adopted: false)
            let after = try await Self.overview(t, p)
            #expect(after.inForce?.id == first.id)
            #expect(after.versions.map(\.status) == [.rejected, .ratified])
        }
    }

    @Test("Proposing a framework: the admins of any party; a broken scale is 400 naming its field, before anything is written",
          arguments: TestDatabase.all)
    func frameworkRules(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let path = APIURL.scoringFramework(.value(p.initiative.id)).path
            #expect(try await t.send(.PUT, path, as: p.contributorToken, json: Self.impactAndCost).status == .forbidden)
            #expect(try await t.send(.PUT, path, as: p.observerToken, json: Self.impactAndCost).status == .forbidden)
            #expect(try await t.send(.PUT, path, as: p.outsiderToken, json: Self.impactAndCost).status == .notFound)
            #expect(try await t.send(.GET, path, as: p.outsiderToken).status == .notFound)
            let broken = try await t.send(.PUT, path, as: p.ownerToken, json: ScoringFrameworkRequest(criteria: [.init(name: "Impact", weight: 3, min: 5, max: 1)]))
            #expect(broken.status == .badRequest)
            #expect(broken.text.contains("\"field\":\"criteria[0].max\""), "\(broken.text)")
            #expect(try await Self.overview(t, p).versions.isEmpty)
            let decisions = try t.decode(ListPage<DecisionDTO>.self, from: try await t.send(.GET, APIURL.decisions(.value(p.initiative.id)).path, as: p.ownerToken))
            #expect(decisions.items.isEmpty, "a refused framework opens no decision")
        }
    }

    // MARK: Scores

    @Test("Raters of every party score a proposal: normalized, inverted, weighted; each party's own score, the spread and the divergence flag",
          arguments: TestDatabase.all)
    func scoring(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let early = try await Self.create(t, p, Self.oddProposal(p), as: p.contributorToken)
            let tooEarly = try await t.send(.POST, APIURL.proposalRatings(.value(early.id)).path, as: p.ownerToken,
                                            json: RatingRequest(scores: [.init(criterionId: UUID(), value: 3)]))
            #expect(tooEarly.status == .conflict, "no framework in force yet: \(tooEarly.text)")

            let framework = try await Self.ratifiedFramework(t, p)
            let impact = framework.criteria[0].id, cost = framework.criteria[1].id
            let rate = APIURL.proposalRatings(.value(early.id)).path
            #expect(try await t.send(.POST, rate, as: p.ownerToken, json: RatingRequest(scores: [
                .init(criterionId: impact, value: 5, comment: "Central to the objective"), .init(criterionId: cost, value: 10),
            ])).status == .created)
            #expect(try await t.send(.POST, rate, as: p.partnerToken, json: RatingRequest(scores: [
                .init(criterionId: impact, value: 2), .init(criterionId: cost, value: 60, comment: "Our integration is costly"),
            ])).status == .created)
            let scored = try await Self.proposal(t, early.id, as: p.observerToken)
            let score = try #require(scored.score)
            #expect(scored.frameworkVersion == framework.version)
            #expect(score.overall == 63.125)
            #expect(score.parties.map(\.score) == [97.5, 28.75])
            #expect(score.parties.map(\.organizationId) == [p.owner.organizationID, p.partner.organizationID])
            #expect(score.spread == ScoreDTO.Range(min: 28.75, max: 97.5))
            #expect(score.criteria.map(\.divergent) == [true, true])
            #expect(score.criteria[1].spread == ScoreDTO.Range(min: 40, max: 90))
            #expect(scored.ratings.count == 4 && scored.ratings.contains { $0.comment == "Our integration is costly" })

            // A new score replaces the rater's earlier one on that criterion.
            #expect(try await t.send(.POST, rate, as: p.partnerToken, json: RatingRequest(scores: [.init(criterionId: impact, value: 5)])).status == .created)
            let again = try #require(try await Self.proposal(t, early.id, as: p.ownerToken).score)
            #expect(again.criteria[0].mean == 100 && !again.criteria[0].divergent)

            let outside = try await t.send(.POST, rate, as: p.ownerToken, json: RatingRequest(scores: [.init(criterionId: impact, value: 6)]))
            #expect(outside.status == .badRequest)
            #expect(outside.text.contains("\"field\":\"scores[0].value\""), "\(outside.text)")
            let half = try await t.send(.POST, rate, as: p.ownerToken, json: RatingRequest(scores: [.init(criterionId: impact, value: 2.5)]))
            #expect(half.status == .badRequest, "an integer scale takes whole numbers")
            #expect(try await t.send(.POST, rate, as: p.observerToken, json: RatingRequest(scores: [.init(criterionId: impact, value: 3)])).status == .forbidden)
            #expect(try await t.send(.POST, rate, as: p.outsiderToken, json: RatingRequest(scores: [.init(criterionId: impact, value: 3)])).status == .notFound)
        }
    }

    @Test("A proposal is scored against the version in force when its rating opened, not a later one", arguments: TestDatabase.all)
    func scoredAgainstItsVersion(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let first = try await Self.ratifiedFramework(t, p)
            let older = try await Self.create(t, p, Self.oddProposal(p), as: p.ownerToken)
            let second = try await Self.ratifiedFramework(t, p, ScoringFrameworkRequest(criteria: [.init(name: "Fit", weight: 1, min: 0, max: 10)]))
            #expect(second.version == 2)
            let newer = try await Self.create(t, p, Self.oddProposal(p), as: p.ownerToken)
            #expect(try await Self.proposal(t, older.id, as: p.ownerToken).frameworkVersion == first.version)
            #expect(try await Self.proposal(t, newer.id, as: p.ownerToken).frameworkVersion == 2)
            let wrong = try await t.send(.POST, APIURL.proposalRatings(.value(older.id)).path, as: p.ownerToken,
                                         json: RatingRequest(scores: [.init(criterionId: second.criteria[0].id, value: 5)]))
            #expect(wrong.status == .badRequest)
            #expect(wrong.text.contains("\"field\":\"scores[0].criterionId\""))
        }
    }

    // MARK: Proposals and gates

    @Test("A proposal's pledges and tranches must each sum to its ask; money is integer minor units with a currency",
          arguments: TestDatabase.all)
    func proposalMoney(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            var short = Self.oddProposal(p)
            short.funding?[2].amount = Self.eur(33_000)
            let refused = try await t.send(.POST, APIURL.proposals(.value(p.initiative.id)).path, as: p.contributorToken, json: short)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("\"field\":\"funding\""), "\(refused.text)")
            let float = try await t.send(.POST, APIURL.proposals(.value(p.initiative.id)).path, as: p.contributorToken,
                                         text: (#"{"title":"x","problem":"x","hypothesis":"x","ask":{"amount":12.5,"currency":"EUR"},"funding":[],"tranches":[]}"#, .json))
            #expect(float.status == .badRequest, "a float amount is refused: \(float.text)")
            #expect(try await t.send(.POST, APIURL.proposals(.value(p.initiative.id)).path, as: p.observerToken, json: Self.oddProposal(p)).status == .forbidden)
            #expect(try await t.send(.POST, APIURL.proposals(.value(p.initiative.id)).path, as: p.outsiderToken, json: Self.oddProposal(p)).status == .notFound)
            let list = try t.decode(ListPage<ProposalDTO>.self, from: try await t.send(.GET, APIURL.proposals(.value(p.initiative.id)).path, as: p.ownerToken))
            #expect(list.items.isEmpty, "nothing half-written")

            var foreign = Self.oddProposal(p)
            foreign.metricIds = [UUID()]
            let unknownMetric = try await t.send(.POST, APIURL.proposals(.value(p.initiative.id)).path, as: p.contributorToken, json: foreign)
            #expect(unknownMetric.status == .badRequest)
            #expect(unknownMetric.text.contains("\"field\":\"metricIds\""), "a metric of no initiative of the caller's")

            let created = try await Self.create(t, p, Self.oddProposal(p), as: p.contributorToken)
            #expect(created.ask == Self.eur(100_001) && created.released == Self.eur(0) && created.stage == .proposed)
            #expect(created.funding.map(\.amount.amount) == [33_334, 33_334, 33_333])
            #expect(created.tranches.map(\.amount.amount) == [50_001, 50_000])
        }
    }

    @Test("A gate's go releases exactly the next tranche, each party's share summing to the cent; the last meets every pledge exactly",
          arguments: TestDatabase.all)
    func gateReleasesTheNextTranche(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let created = try await Self.create(t, p, Self.oddProposal(p), as: p.contributorToken)
            let gate = try await Self.openGate(t, created.id, as: p.contributorToken)
            #expect(gate.outcome == .pending && gate.position == 1)
            #expect(try await Self.proposal(t, created.id, as: p.ownerToken).stage == .atGate)
            let second = try await t.send(.POST, APIURL.proposalGates(.value(created.id)).path, as: p.contributorToken, json: OpenGateRequest())
            #expect(second.status == .conflict, "one gate at a time")

            try await Self.decide(t, p, gate.decisionId, adopted: true)
            let afterFirst = try await Self.proposal(t, created.id, as: p.observerToken)
            #expect(afterFirst.gates.map(\.outcome) == [.go])
            #expect(afterFirst.stage == .funding)
            #expect(afterFirst.released == Self.eur(50_001) && afterFirst.remaining == Self.eur(50_000))
            let releases = afterFirst.tranches[0].releases.map(\.amount.amount)
            #expect(releases.reduce(0, +) == 50_001, "no cent lost or invented")
            #expect(afterFirst.tranches[0].releases.map(\.organizationId) == [p.owner.organizationID, p.partner.organizationID, p.third.organizationID])
            #expect(releases == [16_667, 16_667, 16_667], "the odd cent goes to the largest fraction: the party pledging least")
            #expect(afterFirst.tranches[1].releasedAt == nil, "only the next tranche is released")

            let next = try await Self.openGate(t, created.id, as: p.ownerToken)
            try await Self.decide(t, p, next.decisionId, adopted: true)
            let funded = try await Self.proposal(t, created.id, as: p.ownerToken)
            #expect(funded.stage == .funded)
            #expect(funded.funding.map(\.released.amount) == [33_334, 33_334, 33_333], "every pledge met exactly")
            #expect(funded.funding.allSatisfy { $0.remaining.amount == 0 })
            let more = try await t.send(.POST, APIURL.proposalGates(.value(created.id)).path, as: p.ownerToken, json: OpenGateRequest())
            #expect(more.status == .conflict)
        }
    }

    @Test("A gate that does not pass awaits the owner: only the owner's admins record kill, hold or recycle, with a reason",
          arguments: TestDatabase.all)
    func ownerDecidesAfterAFailedGate(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let created = try await Self.create(t, p, Self.oddProposal(p), as: p.contributorToken)
            let gate = try await Self.openGate(t, created.id, as: p.contributorToken)
            try await Self.decide(t, p, gate.decisionId, adopted: false)
            let waiting = try await Self.proposal(t, created.id, as: p.ownerToken)
            #expect(waiting.gates.map(\.outcome) == [.awaitingOwner] && waiting.stage == .atGate && waiting.released.amount == 0)

            let path = APIURL.proposal(.value(created.id)).path
            #expect(try await t.send(.PATCH, path, as: p.partnerToken, json: UpdateProposalRequest(outcome: "kill", reason: "No")).status == .forbidden)
            #expect(try await t.send(.PATCH, path, as: p.outsiderToken, json: UpdateProposalRequest(outcome: "kill", reason: "No")).status == .notFound)
            let noReason = try await t.send(.PATCH, path, as: p.ownerToken, json: UpdateProposalRequest(outcome: "hold", reason: " "))
            #expect(noReason.status == .badRequest)
            #expect(noReason.text.contains("\"field\":\"reason\""))
            let held = try await t.send(.PATCH, path, as: p.ownerToken, json: UpdateProposalRequest(outcome: "hold", reason: "Wait for the regulator"))
            #expect(held.status == .ok, "\(held.text)")
            #expect(try t.decode(ProposalDTO.self, from: held).stage == .onHold)
            let twice = try await t.send(.PATCH, path, as: p.ownerToken, json: UpdateProposalRequest(outcome: "kill", reason: "Again"))
            #expect(twice.status == .conflict, "nothing awaits the owner any more")

            // A held proposal may come back to a gate; killed, it takes nothing more.
            let retry = try await Self.openGate(t, created.id, as: p.ownerToken)
            #expect(retry.position == 2)
            try await Self.decide(t, p, retry.decisionId, adopted: false)
            let killed = try await t.send(.PATCH, path, as: p.ownerToken, json: UpdateProposalRequest(outcome: "kill", reason: "The pilot showed no demand"))
            #expect(try t.decode(ProposalDTO.self, from: killed).stage == .killed)
            #expect(try await t.send(.POST, APIURL.proposalGates(.value(created.id)).path, as: p.ownerToken, json: OpenGateRequest()).status == .conflict)
            let plan = try await t.send(.PATCH, path, as: p.contributorToken, json: UpdateProposalRequest(
                ask: Self.eur(10), funding: [.init(organizationId: p.owner.organizationID, amount: Self.eur(10))], tranches: [.init(amount: Self.eur(10), milestone: "x")]))
            #expect(plan.status == .conflict, "the money is fixed once a gate has opened")
        }
    }

    @Test("The portfolio: every proposal's stage, score and money per party and in total; sortable by score", arguments: TestDatabase.all)
    func portfolio(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let framework = try await Self.ratifiedFramework(t, p)
            var low = Self.oddProposal(p)
            low.title = "Low"
            let lowID = try await Self.create(t, p, low, as: p.ownerToken).id
            var high = Self.oddProposal(p)
            high.title = "High"
            let highID = try await Self.create(t, p, high, as: p.ownerToken).id
            for (id, value) in [(lowID, 2.0), (highID, 5.0)] {
                _ = try await t.send(.POST, APIURL.proposalRatings(.value(id)).path, as: p.partnerToken,
                                     json: RatingRequest(scores: [.init(criterionId: framework.criteria[0].id, value: value)]))
            }
            let gate = try await Self.openGate(t, highID, as: p.ownerToken)
            try await Self.decide(t, p, gate.decisionId, adopted: true)

            let path = APIURL.portfolio(.value(p.initiative.id)).path
            let byScore = try t.decode(PortfolioDTO.self, from: try await t.send(.GET, path + "?sort=score", as: p.observerToken))
            #expect(byScore.proposals.map(\.title) == ["High", "Low"])
            #expect(byScore.proposals[0].score == 100 && byScore.proposals[1].score == 25)
            let total = try #require(byScore.totals.first)
            #expect(total.currency == "EUR" && total.asked.amount == 200_002 && total.released.amount == 50_001)
            #expect(total.parties.map(\.released.amount) == [16_667, 16_667, 16_667])
            #expect(total.parties.map(\.pledged.amount) == [66_668, 66_668, 66_666])
            #expect(try await t.send(.GET, path + "?sort=loudest", as: p.ownerToken).status == .badRequest)
            #expect(try await t.send(.GET, path, as: p.outsiderToken).status == .notFound)
            #expect(try await t.send(.GET, path + "?sort=loudest", as: p.outsiderToken).status == .notFound, "membership before the query")
        }
    }
}

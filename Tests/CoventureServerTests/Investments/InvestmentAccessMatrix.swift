import CoventureCore
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// The investment fixtures of the access matrix's `World` (owner-led, one partner, Advice the default type): a ratified
/// scoring framework; proposals by the contributor, two of them ready for a gate (one per page and API entry); and one
/// whose gate did not pass, awaiting the owner's kill, hold or recycle.
struct MatrixInvestments: Sendable {
    var proposalID: UUID
    var pageGateProposalID: UUID
    var apiGateProposalID: UUID
    var awaitingProposalID: UUID
    var criterionID: UUID

    static func make(_ t: TestApp, initiative: UUID, owner: SignedInPerson, contributor: SignedInPerson) async throws -> MatrixInvestments {
        let later = DecisionStore(db: t.db, recorder: t.recorder(daysLater: 30))
        let decisions = DecisionStore(application: t.app)
        let framework = try await ScoringFrameworkStore(application: t.app).propose(
            initiative, ScoringFrameworkRequest(criteria: [.init(name: "Impact", weight: 1, min: 1, max: 5)]), by: owner.actor)
        let frameworkDecision = try #require(framework.decisionId)
        try await later.closeAtDeadline(frameworkDecision)
        _ = try await decisions.recordOutcome(frameworkDecision, OutcomeRequest(adopted: true, statement: "In force."), by: owner.actor)
        let store = ProposalStore(application: t.app)
        func proposal(_ title: String) async throws -> UUID {
            try await store.create(initiative, CreateProposalRequest(
                title: title, problem: "A problem.", hypothesis: "A hypothesis.", ask: Money(amount: 10_000, currency: "EUR"),
                funding: [.init(organizationId: owner.organizationID, amount: Money(amount: 10_000, currency: "EUR"))],
                tranches: [.init(amount: Money(amount: 10_000, currency: "EUR"), milestone: "Done")]), by: contributor.actor).id
        }
        let awaiting = try await proposal("Matrix awaiting")
        let gate = try #require(try await store.openGate(awaiting, OpenGateRequest(), by: contributor.actor).gates.last)
        try await later.closeAtDeadline(gate.decisionId)
        _ = try await decisions.recordOutcome(gate.decisionId, OutcomeRequest(adopted: false, statement: "Not now."), by: owner.actor)
        return MatrixInvestments(
            proposalID: try await proposal("Matrix proposal"), pageGateProposalID: try await proposal("Matrix page gate"),
            apiGateProposalID: try await proposal("Matrix API gate"), awaitingProposalID: awaiting,
            criterionID: try #require(framework.criteria.first?.id))
    }
}

extension AccessMatrixTests {
    static let investmentEntries: [Entry] = {
        let i: @Sendable (World) -> Param<UUID> = { .value($0.initiative.id) }
        let proposal: @Sendable (World) -> Param<UUID> = { .value($0.investments.proposalID) }
        let pageGate: @Sendable (World) -> Param<UUID> = { .value($0.investments.pageGateProposalID) }
        let apiGate: @Sendable (World) -> Param<UUID> = { .value($0.investments.apiGateProposalID) }
        let awaiting: @Sendable (World) -> Param<UUID> = { .value($0.investments.awaitingProposalID) }
        let proposalForm: @Sendable (World) -> [String: String] = { w in
            ["title": "From the matrix", "problem": "A problem.", "hypothesis": "A hypothesis.", "currency": "EUR", "ask": "100",
             "pledge-\(w.ownerAdmin.organizationID.uuidString.lowercased())": "100", "tranche-amount-1": "100", "tranche-milestone-1": "All"]
        }
        let frameworkForm: @Sendable (World) -> [String: String] = { _ in
            ["criterion-name-1": "Impact", "criterion-weight-1": "2", "criterion-min-1": "1", "criterion-max-1": "5"]
        }
        let managers = decisionManagers(anonymous: .signIn)
        let gateOnce: [Actor: Expect] = [
            .anonymous: .signIn, .outsider: .notFound, .observer: .forbidden, .contributor: .ok, .partnerAdmin: .forbidden,
            .ownerAdmin: .afterwards(.conflict),
        ]
        var apiGateOnce = gateOnce
        apiGateOnce[.anonymous] = .unauthorized
        return [
            // Pages
            Entry(method: .GET, url: .portfolio(.key), path: { w in SiteURL.portfolio(i(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .GET, url: .newProposal(.key), path: { w in SiteURL.newProposal(i(w)).path }, expect: contributors(anonymous: .signIn)),
            Entry(method: .POST, url: .proposals(.key), path: { w in SiteURL.proposals(i(w)).path }, form: proposalForm,
                  expect: contributors(anonymous: .signIn)),
            Entry(method: .GET, url: .proposal(.key, proposal: .key), path: { w in SiteURL.proposal(i(w), proposal: proposal(w)).path },
                  expect: members(anonymous: .signIn)),
            Entry(method: .GET, url: .proposalEdit(.key, proposal: .key), path: { w in SiteURL.proposalEdit(i(w), proposal: proposal(w)).path },
                  expect: managers),
            Entry(method: .POST, url: .proposalEdit(.key, proposal: .key), path: { w in SiteURL.proposalEdit(i(w), proposal: proposal(w)).path },
                  form: proposalForm, expect: managers),
            Entry(method: .POST, url: .proposalRatings(.key, proposal: .key), path: { w in SiteURL.proposalRatings(i(w), proposal: proposal(w)).path },
                  form: { w in ["score-\(w.investments.criterionID.uuidString.lowercased())": "3"] }, expect: contributors(anonymous: .signIn)),
            Entry(method: .POST, url: .proposalGates(.key, proposal: .key), path: { w in SiteURL.proposalGates(i(w), proposal: pageGate(w)).path },
                  form: { _ in [:] }, expect: gateOnce),
            Entry(method: .POST, url: .proposalOutcome(.key, proposal: .key), path: { w in SiteURL.proposalOutcome(i(w), proposal: awaiting(w)).path },
                  form: { _ in ["outcome": "hold", "reason": "Wait for the pilot."] },
                  expect: [.anonymous: .signIn, .outsider: .notFound, .observer: .forbidden, .contributor: .forbidden, .partnerAdmin: .forbidden,
                           .ownerAdmin: .ok]),
            Entry(method: .GET, url: .scoringFramework(.key), path: { w in SiteURL.scoringFramework(i(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .GET, url: .partnershipReport(.key), path: { w in SiteURL.partnershipReport(i(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .scoringFramework(.key), path: { w in SiteURL.scoringFramework(i(w)).path }, form: frameworkForm,
                  expect: partyAdmins(anonymous: .signIn)),
            // API
            Entry(method: .GET, url: .api(.scoringFramework(.key)), path: { w in APIURL.scoringFramework(i(w)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .PUT, url: .api(.scoringFramework(.key)), path: { w in APIURL.scoringFramework(i(w)).path },
                  json: { _ in ScoringFrameworkRequest(criteria: [.init(name: "Fit", weight: 1, min: 0, max: 10)]) },
                  expect: partyAdmins(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.proposals(.key)), path: { w in APIURL.proposals(i(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.proposals(.key)), path: { w in APIURL.proposals(i(w)).path },
                  json: { w in CreateProposalRequest(
                      title: "From the matrix", problem: "A problem.", hypothesis: "A hypothesis.", ask: Money(amount: 500, currency: "EUR"),
                      funding: [.init(organizationId: w.ownerAdmin.organizationID, amount: Money(amount: 500, currency: "EUR"))],
                      tranches: [.init(amount: Money(amount: 500, currency: "EUR"), milestone: "All")]) },
                  expect: contributors(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.proposal(.key)), path: { w in APIURL.proposal(proposal(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .PATCH, url: .api(.proposal(.key)), path: { w in APIURL.proposal(proposal(w)).path },
                  json: { _ in UpdateProposalRequest(title: "Renamed in the matrix") }, expect: decisionManagers(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.proposalRatings(.key)), path: { w in APIURL.proposalRatings(proposal(w)).path },
                  json: { w in RatingRequest(scores: [.init(criterionId: w.investments.criterionID, value: 4)]) },
                  expect: contributors(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.proposalGates(.key)), path: { w in APIURL.proposalGates(apiGate(w)).path },
                  json: { _ in OpenGateRequest() }, expect: apiGateOnce),
            Entry(method: .GET, url: .api(.portfolio(.key)), path: { w in APIURL.portfolio(i(w)).path }, expect: members(anonymous: .unauthorized)),
        ]
    }()
}

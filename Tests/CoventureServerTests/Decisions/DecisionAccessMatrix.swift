import CoventureCore
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// The decision fixtures of the access matrix's `World` (an owner-led initiative with a partner, whose default type
/// is Advice, every member but observers voting): drafts and open decisions by the contributor, and an advice closed
/// and waiting for the owner's outcome.
struct MatrixDecisions: Sendable {
    var draftID: UUID
    var openID: UUID
    var awaitingID: UUID
    var defaultTypeID: UUID

    static func make(_ t: TestApp, initiative: UUID, contributor: SignedInPerson) async throws -> MatrixDecisions {
        let store = DecisionStore(application: t.app)
        let draft = try await store.create(
            initiative, CreateDecisionRequest(title: "Matrix draft", proposal: "A draft for the matrix.", open: false), by: contributor.actor)
        let open = try await store.create(
            initiative, CreateDecisionRequest(title: "Matrix open", proposal: "An open advice for the matrix.", open: true), by: contributor.actor)
        let awaiting = try await store.create(
            initiative, CreateDecisionRequest(title: "Matrix awaiting", proposal: "An advice whose outcome is due.", open: true),
            by: contributor.actor)
        try await DecisionStore(db: t.db, recorder: t.recorder(daysLater: 30)).closeAtDeadline(awaiting.id)
        return MatrixDecisions(draftID: draft.id, openID: open.id, awaitingID: awaiting.id, defaultTypeID: draft.typeId)
    }
}

extension TestApp {
    /// A recorder whose clock runs `days` ahead: deadlines pass without waiting for them.
    func recorder(daysLater days: Double) -> Recorder {
        let later = Date().addingTimeInterval(days * 86_400)
        return Recorder(db: app.db, gate: app.writeGate, now: { later }, ledger: app.ledger)
    }
}

extension AccessMatrixTests {
    /// A decision's author (the contributor) and the owning organization's admins.
    static func decisionManagers(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .ok, .partnerAdmin: .forbidden, .ownerAdmin: .ok]
    }

    /// Its managers, once: the contributor (first in `Actor` order) makes the change; the owner's admin finds it made.
    static func decisionManagersOnce(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .ok, .partnerAdmin: .forbidden,
         .ownerAdmin: .afterwards(.conflict)]
    }

    /// Its managers may close early, but not before everyone voted: 409 for both.
    static func decisionManagersTooEarly(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .status(.conflict), .partnerAdmin: .forbidden,
         .ownerAdmin: .status(.conflict)]
    }

    static let decisionEntries: [Entry] = {
        let i: @Sendable (World) -> Param<UUID> = { .value($0.initiative.id) }
        let draft: @Sendable (World) -> Param<UUID> = { .value($0.decisions.draftID) }
        let open: @Sendable (World) -> Param<UUID> = { .value($0.decisions.openID) }
        let awaiting: @Sendable (World) -> Param<UUID> = { .value($0.decisions.awaitingID) }
        let type: @Sendable (World) -> Param<UUID> = { .value($0.decisions.defaultTypeID) }
        let ladder: [String: String] = ["step-0-name": "Leads", "step-0-days": "7"]
        return [
            // Pages
            Entry(method: .GET, url: .decisions(.key), path: { w in SiteURL.decisions(i(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .decisions(.key), path: { w in SiteURL.decisions(i(w)).path },
                  form: { _ in ["title": "From the matrix", "proposal": "Proposed in the matrix.", "open": "1"] }, expect: contributors(anonymous: .signIn)),
            Entry(method: .GET, url: .newDecision(.key), path: { w in SiteURL.newDecision(i(w)).path }, expect: contributors(anonymous: .signIn)),
            Entry(method: .GET, url: .decision(.key, decision: .key), path: { w in SiteURL.decision(i(w), decision: open(w)).path },
                  expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .decision(.key, decision: .key), path: { w in SiteURL.decision(i(w), decision: draft(w)).path },
                  form: { _ in ["title": "Renamed draft"] }, expect: decisionManagers(anonymous: .signIn)),
            Entry(method: .POST, url: .decisionVote(.key, decision: .key), path: { w in SiteURL.decisionVote(i(w), decision: open(w)).path },
                  form: { _ in ["position": "support"] }, expect: contributors(anonymous: .signIn)),
            Entry(method: .POST, url: .decisionOpen(.key, decision: .key), path: { w in SiteURL.decisionOpen(i(w), decision: draft(w)).path },
                  form: { _ in [:] }, expect: decisionManagersOnce(anonymous: .signIn)),
            Entry(method: .POST, url: .decisionClose(.key, decision: .key), path: { w in SiteURL.decisionClose(i(w), decision: open(w)).path },
                  form: { _ in [:] }, expect: decisionManagersTooEarly(anonymous: .signIn)),
            Entry(method: .POST, url: .decisionWithdraw(.key, decision: .key), path: { w in SiteURL.decisionWithdraw(i(w), decision: open(w)).path },
                  form: { _ in [:] }, expect: decisionManagersOnce(anonymous: .signIn)),
            Entry(method: .POST, url: .decisionOutcome(.key, decision: .key), path: { w in SiteURL.decisionOutcome(i(w), decision: awaiting(w)).path },
                  form: { _ in ["adopted": "true", "statement": "We go ahead."] }, expect: ownerAdminsOnly(anonymous: .signIn)),
            Entry(method: .GET, url: .decisionTypes(.key), path: { w in SiteURL.decisionTypes(i(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .decisionTypes(.key), path: { w in SiteURL.decisionTypes(i(w)).path },
                  form: { _ in ["name": "Quick poll", "method": "majority", "quorumPercent": "30", "defaultDays": "3"] },
                  expect: partyAdmins(anonymous: .signIn)),
            Entry(method: .POST, url: .decisionType(.key, type: .key), path: { w in SiteURL.decisionType(i(w), type: type(w)).path },
                  form: { _ in ["name": "Advice", "method": "ownerAfterAdvice", "quorumPercent": "10", "defaultDays": "5", "isDefault": "1"] },
                  expect: partyAdmins(anonymous: .signIn)),
            Entry(method: .POST, url: .escalationLadder(.key), path: { w in SiteURL.escalationLadder(i(w)).path }, form: { _ in ladder },
                  expect: ownerAdminsOnly(anonymous: .signIn)),
            // API
            Entry(method: .GET, url: .api(.decisionTypes(.key)), path: { w in APIURL.decisionTypes(i(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.decisionTypes(.key)), path: { w in APIURL.decisionTypes(i(w)).path },
                  json: { _ in ["name": "Quick poll", "method": "majority"] }, expect: partyAdmins(anonymous: .unauthorized)),
            Entry(method: .PATCH, url: .api(.decisionType(.key)), path: { w in APIURL.decisionType(type(w)).path },
                  json: { _ in ["quorumPercent": 40] }, expect: partyAdmins(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.decisions(.key)), path: { w in APIURL.decisions(i(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.decisions(.key)), path: { w in APIURL.decisions(i(w)).path },
                  json: { _ in CreateDecisionRequest(title: "From the matrix", proposal: "Proposed in the matrix.", open: true) },
                  expect: contributors(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.decision(.key)), path: { w in APIURL.decision(open(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .PATCH, url: .api(.decision(.key)), path: { w in APIURL.decision(draft(w)).path }, json: { _ in ["title": "Renamed draft"] },
                  expect: decisionManagers(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.decisionOpen(.key)), path: { w in APIURL.decisionOpen(draft(w)).path },
                  expect: decisionManagersOnce(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.decisionClose(.key)), path: { w in APIURL.decisionClose(open(w)).path },
                  expect: decisionManagersTooEarly(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.decisionWithdraw(.key)), path: { w in APIURL.decisionWithdraw(open(w)).path },
                  expect: decisionManagersOnce(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.decisionVotes(.key)), path: { w in APIURL.decisionVotes(open(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.decisionVotes(.key)), path: { w in APIURL.decisionVotes(open(w)).path },
                  json: { _ in ["position": "support"] }, expect: contributors(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.decisionOutcome(.key)), path: { w in APIURL.decisionOutcome(awaiting(w)).path },
                  json: { _ in OutcomeRequest(adopted: true, statement: "We go ahead.") }, expect: ownerAdminsOnly(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.escalationLadder(.key)), path: { w in APIURL.escalationLadder(i(w)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .PUT, url: .api(.escalationLadder(.key)), path: { w in APIURL.escalationLadder(i(w)).path },
                  json: { _ in EscalationLadderDTO(steps: [EscalationStepDTO(name: "Leads", people: [], days: 7)]) },
                  expect: ownerAdminsOnly(anonymous: .unauthorized)),
        ]
    }()
}

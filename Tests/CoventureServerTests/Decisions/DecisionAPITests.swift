import CoventureCore
import Crypto
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import CoventureDemo
@testable import CoventureServer

/// Decisions over HTTP (issue #13), on both databases: types by governance model, votes with reasons, sealed and
/// numbered outcomes, ratified changes, deadlines the server keeps.
@Suite("Decisions API")
struct DecisionAPITests {
    /// An owner with a partner: owner admin, partner admin, an owner contributor, a partner observer.
    struct Partnership {
        var initiative: InitiativeDTO
        var owner: SignedInPerson
        var partner: SignedInPerson
        var contributor: SignedInPerson
        var observer: SignedInPerson
        var ownerToken: Caller
        var partnerToken: Caller
        var contributorToken: Caller
        var observerToken: Caller
    }

    static func partnership(_ t: TestApp, governance: GovernanceModel = .ownerLed) async throws -> Partnership {
        let tag = UUID().uuidString.prefix(6).lowercased()
        let owner = try await Factory.person(t, name: "Olivia Owner", organization: "Bank \(tag)", orgAdmin: true)
        let partner = try await Factory.person(t, name: "Paul Partner", organization: "Utility \(tag)", orgAdmin: true)
        let contributor = try await Factory.person(t, name: "Chris Contributor", organization: "Bank \(tag)")
        let observer = try await Factory.person(t, name: "Olga Observer", organization: "Utility \(tag)")
        let initiative = try await Factory.initiative(t, by: owner, governance: governance)
        try await Factory.partner(t, initiative, owner: owner, partner: partner)
        try await Factory.member(t, initiative, contributor, role: .contributor, by: owner)
        try await Factory.member(t, initiative, observer, role: .observer, by: partner)
        return Partnership(
            initiative: try await InitiativeStore(application: t.app).detail(initiative.id), owner: owner, partner: partner,
            contributor: contributor, observer: observer, ownerToken: try await Factory.token(t, owner),
            partnerToken: try await Factory.token(t, partner), contributorToken: try await Factory.token(t, contributor),
            observerToken: try await Factory.token(t, observer))
    }

    static func types(_ t: TestApp, _ initiative: UUID, as caller: Caller) async throws -> [DecisionTypeDTO] {
        try t.decode(ListPage<DecisionTypeDTO>.self, from: try await t.send(.GET, APIURL.decisionTypes(.value(initiative)).path, as: caller)).items
    }

    static func create(_ t: TestApp, _ initiative: UUID, as caller: Caller, type: UUID? = nil, title: String = "Adopt the shared risk model",
                       open: Bool = true) async throws -> DecisionDTO {
        let response = try await t.send(
            .POST, APIURL.decisions(.value(initiative)).path, as: caller,
            json: CreateDecisionRequest(typeId: type, title: title, proposal: "We adopt the model described in the annex.", open: open))
        #expect(response.status == .created, "\(response.text)")
        return try t.decode(DecisionDTO.self, from: response)
    }

    @discardableResult
    static func vote(_ t: TestApp, _ decision: UUID, _ position: String, reason: String? = nil, as caller: Caller,
                     expect status: HTTPResponseStatus = .created, sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestingHTTPResponse {
        let response = try await t.send(.POST, APIURL.decisionVotes(.value(decision)).path, as: caller,
                                        json: VoteRequest(position: position, reason: reason))
        #expect(response.status == status, "\(response.text)", sourceLocation: sourceLocation)
        return response
    }

    static func detail(_ t: TestApp, _ decision: UUID, as caller: Caller) async throws -> DecisionDTO {
        try t.decode(DecisionDTO.self, from: try await t.send(.GET, APIURL.decision(.value(decision)).path, as: caller))
    }

    // MARK: Types

    @Test("A new initiative starts with its model's types; changing the model adds the new model's missing ones and keeps the rest",
          arguments: TestDatabase.all)
    func defaultTypes(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let token = try await Factory.token(t, owner)
            let led = try await Factory.initiative(t, by: owner)
            let ledTypes = try await Self.types(t, led.id, as: token)
            #expect(ledTypes.map(\.name) == ["Advice", "Reserved matter"])
            #expect(ledTypes.first?.method == .ownerAfterAdvice && ledTypes.first?.isDefault == true)
            #expect(ledTypes.last?.method == .unanimousByParty && ledTypes.last?.reserved == true)
            let venture = try await Factory.initiative(t, by: owner, name: "Venture", governance: .jointVenture)
            let ventureTypes = try await Self.types(t, venture.id, as: token)
            #expect(ventureTypes.map(\.name) == ["Stake vote", "Reserved matter"])
            #expect(ventureTypes.first?.method == .stakeWeighted && ventureTypes.first?.thresholdPercent == 50)

            // The owner alone changes the model at once (200); the joint venture's types are added beside Advice.
            let changed = try await t.send(.PUT, APIURL.governance(.value(led.id)).path, as: token,
                                           json: GovernanceRequest(model: .jointVenture, stakes: [owner.organizationID.uuidString: "100"]))
            #expect(changed.status == .ok, "\(changed.text)")
            let after = try await Self.types(t, led.id, as: token)
            #expect(Set(after.map(\.name)) == ["Advice", "Reserved matter", "Stake vote"])
            #expect(after.filter(\.isDefault).map(\.name) == ["Advice"], "the existing default stays the default")

            // Back from a joint venture to owner-led: a stake vote cannot run there, so Advice becomes the default.
            let back = try await t.send(.PUT, APIURL.governance(.value(venture.id)).path, as: token, json: GovernanceRequest(model: .ownerLed))
            #expect(back.status == .ok, "\(back.text)")
            let ownerLedAgain = try await Self.types(t, venture.id, as: token)
            #expect(ownerLedAgain.filter(\.isDefault).map(\.name) == ["Advice"])
            #expect(ownerLedAgain.contains { $0.name == "Stake vote" }, "existing types stay")
        }
    }

    @Test("While the owner is alone its admins add types at once (201); once a partner joined, a type change is a reserved decision (202) that applies when it passes",
          arguments: TestDatabase.all)
    func typeChangesNeedRatification(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let token = try await Factory.token(t, owner)
            let alone = try await Factory.initiative(t, by: owner)
            let added = try await t.send(.POST, APIURL.decisionTypes(.value(alone.id)).path, as: token,
                                         json: DecisionTypeRequest(name: "Quick poll", method: "majority", quorumPercent: 30))
            #expect(added.status == .created, "\(added.text)")
            #expect(try t.decode(DecisionTypeDTO.self, from: added).quorumPercent == 30)
            let stakeOnOwnerLed = try await t.send(.POST, APIURL.decisionTypes(.value(alone.id)).path, as: token,
                                                   json: DecisionTypeRequest(name: "Stakes", method: "stakeWeighted"))
            #expect(stakeOnOwnerLed.status == .badRequest)
            #expect(stakeOnOwnerLed.text.contains("\"field\":\"method\""))

            let p = try await Self.partnership(t)
            let proposed = try await t.send(.POST, APIURL.decisionTypes(.value(p.initiative.id)).path, as: p.partnerToken,
                                            json: DecisionTypeRequest(name: "Quick poll", method: "majority"))
            #expect(proposed.status == .accepted, "\(proposed.text)")
            let decision = try t.decode(DecisionDTO.self, from: proposed)
            #expect(decision.status == .open && decision.typeName == "Reserved matter" && decision.change?.state == "proposed")
            #expect(try await Self.types(t, p.initiative.id, as: p.ownerToken).map(\.name).contains("Quick poll") == false)
            // The reserved matter: the admins of each party vote; every party's majority yes passes it.
            try await Self.vote(t, decision.id, "yes", as: p.ownerToken)
            try await Self.vote(t, decision.id, "yes", as: p.partnerToken)
            let closed = try t.decode(DecisionDTO.self, from: try await t.send(.POST, APIURL.decisionClose(.value(decision.id)).path, as: p.partnerToken))
            #expect(closed.outcome?.result == .passed)
            #expect(closed.change?.state == "applied")
            #expect(try await Self.types(t, p.initiative.id, as: p.ownerToken).map(\.name).contains("Quick poll"))
        }
    }

    // MARK: Votes

    @Test("Members vote with the method's positions and the reasons the type asks for; observers never vote, outsiders find nothing",
          arguments: TestDatabase.all)
    func votingRules(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let advice = try await Self.create(t, p.initiative.id, as: p.contributorToken)
            #expect(advice.method == .ownerAfterAdvice && advice.status == .open && advice.number == nil && advice.outcome == nil)
            try await Self.vote(t, advice.id, "support", as: p.partnerToken)
            // Observers read but never vote, whatever they send.
            try await Self.vote(t, advice.id, "support", as: p.observerToken, expect: .forbidden)
            try await Self.vote(t, advice.id, "nonsense", as: p.observerToken, expect: .forbidden)
            let outsider = try await Factory.token(t, try await Factory.person(t, organization: "Elsewhere", orgAdmin: true))
            try await Self.vote(t, advice.id, "support", as: outsider, expect: .notFound)
            #expect(try await t.send(.GET, APIURL.decision(.value(advice.id)).path, as: outsider).status == .notFound)
            // A position of another method, or a missing reason against, is a 400 naming the field.
            let wrong = try await Self.vote(t, advice.id, "yes", as: p.ownerToken, expect: .badRequest)
            #expect(wrong.text.contains("\"field\":\"position\""))
            let silent = try await Self.vote(t, advice.id, "object", as: p.ownerToken, expect: .badRequest)
            #expect(silent.text.contains("\"field\":\"reason\""))
            try await Self.vote(t, advice.id, "object", reason: "The annex ignores small lenders.", as: p.ownerToken)
            // The latest vote counts; earlier ones stay in the history.
            try await Self.vote(t, advice.id, "concern", reason: "Better, but still thin on small lenders.", as: p.ownerToken)
            let votes = try t.decode(ListPage<VoteDTO>.self, from: try await t.send(.GET, APIURL.decisionVotes(.value(advice.id)).path, as: p.observerToken)).items
            #expect(votes.filter { $0.personId == p.owner.id }.map(\.position) == [.object, .concern])
            #expect(votes.filter { $0.personId == p.owner.id }.map(\.current) == [false, true])
            let tally = try #require(try await Self.detail(t, advice.id, as: p.observerToken).tally)
            #expect(tally.positions == ["support": 1, "concern": 1, "object": 0])
            #expect(tally.voted == 2 && tally.eligible == 3, "the observer is not eligible")
        }
    }

    @Test("Two concurrent votes by one person leave exactly one current vote", arguments: TestDatabase.all)
    func concurrentVotes(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let decision = try await Self.create(t, p.initiative.id, as: p.contributorToken)
            await withTaskGroup(of: Void.self) { group in
                for position in ["support", "support", "concern", "support"] {
                    group.addTask {
                        _ = try? await DecisionStore(application: t.app).vote(
                            decision.id, VoteRequest(position: position, reason: "Thought about it."), by: p.partner)
                    }
                }
            }
            let current = try await DecisionVoteRow.count(t.db, where: "decision_id = \(bind: decision.id) AND is_current = \(bind: true)")
            #expect(current == 1)
        }
    }

    @Test("Editing after the first vote makes a new version: earlier votes still count and show their version, their voters are asked again",
          arguments: TestDatabase.all)
    func versions(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let decision = try await Self.create(t, p.initiative.id, as: p.contributorToken)
            // Before any vote an edit keeps version 1.
            let early = try await t.send(.PATCH, APIURL.decision(.value(decision.id)).path, as: p.contributorToken, json: ["title": "Adopt the model"])
            #expect(try t.decode(DecisionDTO.self, from: early).version == 1)
            try await Self.vote(t, decision.id, "support", as: p.partnerToken)
            let edited = try await t.send(.PATCH, APIURL.decision(.value(decision.id)).path, as: p.ownerToken,
                                          json: ["proposal": "We adopt the model, with a small-lender annex."])
            #expect(try t.decode(DecisionDTO.self, from: edited).version == 2)
            let votes = try t.decode(ListPage<VoteDTO>.self, from: try await t.send(.GET, APIURL.decisionVotes(.value(decision.id)).path, as: p.ownerToken)).items
            #expect(votes.map(\.version) == [1])
            #expect(try #require(try await Self.detail(t, decision.id, as: p.ownerToken).tally).voted == 1, "the vote on version 1 still counts")
            // The partner could not edit it: only its author and the owner's admins.
            let refused = try await t.send(.PATCH, APIURL.decision(.value(decision.id)).path, as: p.partnerToken, json: ["title": "Mine now"])
            #expect(refused.status == .forbidden)
        }
    }

    // MARK: Closing and sealing

    @Test("Closing early needs every eligible vote; the seal numbers the decision, and a sealed decision takes no vote, edit or second close",
          arguments: TestDatabase.all)
    func sealing(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let reserved = try #require(try await Self.types(t, p.initiative.id, as: p.ownerToken).first(where: \.reserved))
            let decision = try await Self.create(t, p.initiative.id, as: p.contributorToken, type: reserved.id)
            try await Self.vote(t, decision.id, "yes", as: p.ownerToken)
            let early = try await t.send(.POST, APIURL.decisionClose(.value(decision.id)).path, as: p.contributorToken)
            #expect(early.status == .conflict)
            #expect(early.text.contains("1 of 2"))
            try await Self.vote(t, decision.id, "no", reason: "Our board has not seen it.", as: p.partnerToken)
            let closed = try t.decode(DecisionDTO.self, from: try await t.send(.POST, APIURL.decisionClose(.value(decision.id)).path, as: p.contributorToken))
            #expect(closed.status == .closed && closed.number == "DEC-0001" && closed.outcome?.result == .rejected)
            #expect(closed.tally?.byParty.map(\.organizationName) == [p.owner.organizationName, p.partner.organizationName])
            try await Self.vote(t, decision.id, "yes", as: p.partnerToken, expect: .conflict)
            #expect(try await t.send(.PATCH, APIURL.decision(.value(decision.id)).path, as: p.ownerToken, json: ["title": "x"]).status == .conflict)
            #expect(try await t.send(.POST, APIURL.decisionClose(.value(decision.id)).path, as: p.ownerToken).status == .conflict)
            #expect(try await t.send(.POST, APIURL.decisionWithdraw(.value(decision.id)).path, as: p.ownerToken).status == .conflict)
            // The next sealed decision takes the next number.
            let second = try await Self.create(t, p.initiative.id, as: p.contributorToken, type: reserved.id, title: "Second")
            try await Self.vote(t, second.id, "yes", as: p.ownerToken)
            try await Self.vote(t, second.id, "yes", as: p.partnerToken)
            let sealed = try t.decode(DecisionDTO.self, from: try await t.send(.POST, APIURL.decisionClose(.value(second.id)).path, as: p.ownerToken))
            #expect(sealed.number == "DEC-0002" && sealed.outcome?.result == .passed)
            // The feed says it in words.
            let events = try await t.events(log: p.initiative.id).map(\.action)
            #expect(events.contains(LedgerAction.decisionSealed.rawValue) && events.contains(LedgerAction.decisionVoted.rawValue))
        }
    }

    @Test("The register numbers twenty decisions closing at once without gaps or repeats", arguments: TestDatabase.all)
    func concurrentClosings(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let reserved = try #require(try await Self.types(t, p.initiative.id, as: p.ownerToken).first(where: \.reserved))
            var ids: [UUID] = []
            for n in 0..<20 {
                ids.append(try await Self.create(t, p.initiative.id, as: p.contributorToken, type: reserved.id, title: "Matter \(n)").id)
            }
            let later = DecisionStore(db: t.db, recorder: t.recorder(daysLater: 30))
            let closed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for id in ids { group.addTask { try await later.closeAtDeadline(id) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(closed == 20)
            let numbers = try await DecisionRow.all(t.db, where: "initiative_id = \(bind: p.initiative.id)").compactMap(\.number).sorted()
            #expect(numbers == Array(1...20))
            let results = try await DecisionRow.all(t.db, where: "initiative_id = \(bind: p.initiative.id)").compactMap(\.result)
            #expect(Set(results) == [DecisionResult.noQuorum.rawValue], "nobody voted: no quorum, never reported as rejected")
        }
    }

    @Test("A decision whose deadline passed while the server was down is closed at start-up", arguments: TestDatabase.all)
    func closedAtStart(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let decision = try await Self.create(t, p.initiative.id, as: p.contributorToken)
            // The deadline passes while nothing runs.
            try await (t.db as! any SQLDatabase).raw("""
                UPDATE decisions SET closes_at = \(bind: Date().addingTimeInterval(-3600)) WHERE id = \(bind: decision.id)
                """).run()
            #expect(try await Self.detail(t, decision.id, as: p.ownerToken).status == .open)
            // What the server does when it starts, before it takes requests.
            try await DecisionDeadlines.sweep(every: nil).didBootAsync(t.app)
            let after = try await Self.detail(t, decision.id, as: p.ownerToken)
            #expect(after.status == .closed)
            #expect(after.awaitingOutcome, "advice with its quorum met waits for the owner's outcome")
        }
    }

    @Test("Advice: objections never block, the owner's outcome must answer each by name, and the outcome seals the decision",
          arguments: TestDatabase.all)
    func adviceOutcome(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let decision = try await Self.create(t, p.initiative.id, as: p.contributorToken)
            let objection = try t.decode(VoteDTO.self, from: try await Self.vote(
                t, decision.id, "object", reason: "It doubles our reporting work.", as: p.partnerToken))
            let early = try await t.send(.POST, APIURL.decisionOutcome(.value(decision.id)).path, as: p.ownerToken,
                                         json: OutcomeRequest(adopted: true, statement: "Go."))
            #expect(early.status == .conflict, "the advice is still open")
            try await DecisionStore(db: t.db, recorder: t.recorder(daysLater: 30)).closeAtDeadline(decision.id)
            let unanswered = try await t.send(.POST, APIURL.decisionOutcome(.value(decision.id)).path, as: p.ownerToken,
                                              json: OutcomeRequest(adopted: true, statement: "Go."))
            #expect(unanswered.status == .badRequest && unanswered.text.contains("\"field\":\"answers\""))
            #expect(try await t.send(.POST, APIURL.decisionOutcome(.value(decision.id)).path, as: p.partnerToken,
                                     json: OutcomeRequest(adopted: true, statement: "Go.")).status == .forbidden)
            let sealed = try t.decode(DecisionDTO.self, from: try await t.send(
                .POST, APIURL.decisionOutcome(.value(decision.id)).path, as: p.ownerToken,
                json: OutcomeRequest(adopted: true, statement: "We adopt it.", rationale: "The pilot needs it.", reviewOn: "2027-06-30",
                                     answers: [.init(voteId: objection.id, answer: "We will automate the reporting by March.")])))
            #expect(sealed.number == "DEC-0001" && sealed.outcome?.result == .decided && sealed.outcome?.adopted == true)
            #expect(sealed.outcome?.reviewOn == "2027-06-30")
            let votes = try t.decode(ListPage<VoteDTO>.self, from: try await t.send(.GET, APIURL.decisionVotes(.value(decision.id)).path, as: p.partnerToken)).items
            #expect(votes.first?.answer == "We will automate the reporting by March.")
            #expect(try await t.send(.POST, APIURL.decisionOutcome(.value(decision.id)).path, as: p.ownerToken,
                                     json: OutcomeRequest(adopted: false, statement: "Changed our mind.")).status == .conflict)
        }
    }

    @Test("Hidden until the close: no tally, only one's own vote, and the ledger holds a commitment that the sealed vote's nonce opens",
          arguments: TestDatabase.all)
    func hiddenVotes(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let added = try await DecisionStore(application: t.app).createType(
                p.initiative.id, DecisionTypeRequest(name: "Secret ballot", method: "majority", quorumPercent: 0, everyPartyPresent: false,
                                                     hiddenUntilClosed: true), by: p.owner.actor)
            guard case .proposed(let ratify) = added else { Issue.record("with a partner, a new type is a decision"); return }
            try await Self.vote(t, ratify.id, "yes", as: p.ownerToken)
            try await Self.vote(t, ratify.id, "yes", as: p.partnerToken)
            _ = try await t.send(.POST, APIURL.decisionClose(.value(ratify.id)).path, as: p.ownerToken)
            let secret = try #require(try await Self.types(t, p.initiative.id, as: p.ownerToken).first { $0.name == "Secret ballot" })
            let decision = try await Self.create(t, p.initiative.id, as: p.contributorToken, type: secret.id)
            try await Self.vote(t, decision.id, "no", reason: "Too early.", as: p.partnerToken)
            try await Self.vote(t, decision.id, "yes", as: p.ownerToken)
            #expect(try await Self.detail(t, decision.id, as: p.contributorToken).tally == nil)
            let seen = try t.decode(ListPage<VoteDTO>.self, from: try await t.send(.GET, APIURL.decisionVotes(.value(decision.id)).path, as: p.ownerToken)).items
            #expect(seen.map(\.personId) == [p.owner.id])
            let events = try await t.events(log: p.initiative.id).filter { $0.action == LedgerAction.decisionVoted.rawValue && $0.objectID == decision.id }
            #expect(events.count == 2)
            #expect(events.allSatisfy { !$0.canonical.contains("\"position\"") && $0.canonical.contains("\"commitment\"") })

            try await DecisionStore(db: t.db, recorder: t.recorder(daysLater: 30)).closeAtDeadline(decision.id)
            let sealed = try await Self.detail(t, decision.id, as: p.contributorToken)
            #expect(sealed.tally?.positions["yes"] == 1 && sealed.tally?.positions["no"] == 1)
            let votes = try t.decode(ListPage<VoteDTO>.self, from: try await t.send(.GET, APIURL.decisionVotes(.value(decision.id)).path, as: p.contributorToken)).items
            let partnerVote = try #require(votes.first { $0.personId == p.partner.id })
            let nonce = try #require(partnerVote.nonce)
            let digest = SHA256.hash(data: Data("\(nonce):no:Too early.".utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(events.contains { $0.canonical.contains(digest) }, "anyone can check the sealed vote against the ledger")
        }
    }

    // MARK: Ratification and stakes

    @Test("A governance change on a partnership is a reserved decision: 202, the stakes stay until it passes, then change in the seal",
          arguments: TestDatabase.all)
    func governanceRatified(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let stakes = [p.owner.organizationID.uuidString: "60", p.partner.organizationID.uuidString: "40"]
            let response = try await t.send(.PUT, APIURL.governance(.value(p.initiative.id)).path, as: p.ownerToken,
                                            json: GovernanceRequest(model: .jointVenture, stakes: stakes))
            #expect(response.status == .accepted, "\(response.text)")
            let decision = try t.decode(DecisionDTO.self, from: response)
            #expect(decision.change?.kind == "governance" && decision.typeName == "Reserved matter")
            var initiative = try await InitiativeStore(application: t.app).detail(p.initiative.id)
            #expect(initiative.governance == .ownerLed && initiative.parties.allSatisfy { $0.stake == nil }, "nothing changes before it passes")
            // A bad request is refused at once, naming the field, and opens nothing.
            let bad = try await t.send(.PUT, APIURL.governance(.value(p.initiative.id)).path, as: p.ownerToken,
                                       json: GovernanceRequest(model: .jointVenture, stakes: [p.owner.organizationID.uuidString: "60"]))
            #expect(bad.status == .badRequest)
            try await Self.vote(t, decision.id, "yes", as: p.ownerToken)
            try await Self.vote(t, decision.id, "yes", as: p.partnerToken)
            let sealed = try t.decode(DecisionDTO.self, from: try await t.send(.POST, APIURL.decisionClose(.value(decision.id)).path, as: p.ownerToken))
            #expect(sealed.outcome?.result == .passed && sealed.change?.state == "applied")
            initiative = try await InitiativeStore(application: t.app).detail(p.initiative.id)
            #expect(initiative.governance == .jointVenture)
            #expect(Set(initiative.parties.compactMap(\.stake)) == ["60.00", "40.00"] || Set(initiative.parties.compactMap(\.stake)) == ["60", "40"])
            #expect(try await Self.types(t, p.initiative.id, as: p.ownerToken).contains { $0.name == "Stake vote" })
        }
    }

    @Test("A stake vote weighs parties by their stakes frozen at opening: a 70 % party's single yes beats a 30 % party's three noes",
          arguments: TestDatabase.all)
    func stakeWeighted(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            _ = try await InitiativeStore(application: t.app).setGovernance(
                p.initiative.id,
                GovernanceRequest(model: .jointVenture, stakes: [p.owner.organizationID.uuidString: "70", p.partner.organizationID.uuidString: "30"]),
                by: .operator)
            var partnerAdmins: [Caller] = [p.partnerToken]
            for n in 0..<2 {
                let admin = try await Factory.person(t, name: "Partner Admin \(n)", organization: p.partner.organizationName)
                try await Factory.member(t, p.initiative, admin, role: .admin, by: p.partner)
                partnerAdmins.append(try await Factory.token(t, admin))
            }
            let stakeVote = try #require(try await Self.types(t, p.initiative.id, as: p.ownerToken).first { $0.method == .stakeWeighted })
            let decision = try await Self.create(t, p.initiative.id, as: p.ownerToken, type: stakeVote.id)
            // Stakes change after opening: the decision counts the stakes it opened with.
            _ = try await InitiativeStore(application: t.app).setGovernance(
                p.initiative.id,
                GovernanceRequest(model: .jointVenture, stakes: [p.owner.organizationID.uuidString: "10", p.partner.organizationID.uuidString: "90"]),
                by: .operator)
            try await Self.vote(t, decision.id, "yes", as: p.ownerToken)
            for admin in partnerAdmins { try await Self.vote(t, decision.id, "no", reason: "Not now.", as: admin) }
            let sealed = try t.decode(DecisionDTO.self, from: try await t.send(.POST, APIURL.decisionClose(.value(decision.id)).path, as: p.ownerToken))
            #expect(sealed.outcome?.result == .passed)
            #expect(sealed.tally?.weighted == TallyDTO.Weighted(yes: 70, no: 30))
            #expect(sealed.tally?.positions["yes"] == 1 && sealed.tally?.positions["no"] == 3, "the head count says no")
        }
    }

    @Test("On the demo joint venture a change of stakes goes through a reserved decision, and the stakes change only when it passes",
          arguments: TestDatabase.all)
    func demoVentureStakes(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            try await DemoData.load(into: t.app)
            let venture = try await InitiativeRow.named("GreenGrid Climate Finance", on: t.db).id
            let store = InitiativeStore(application: t.app)
            let before = try await store.detail(venture)
            func signedIn(_ personID: UUID) async throws -> SignedInPerson {
                let person = try #require(try await PersonRow.find(personID, t.db))
                return SignedInPerson(
                    id: personID, name: person.name, email: person.email, organizationID: person.organizationID, organizationName: "",
                    isOrgAdmin: person.isOrgAdmin, sessionID: nil)
            }
            let danaID = try #require(try await PersonRow.first(t.db, where: "email = \(bind: DemoData.ownerAdminEmail)")).id
            let dana = try await Factory.token(t, try await signedIn(danaID))
            let owner = try #require(before.parties.first { $0.kind == .owner })
            let partners = before.parties.filter { $0.kind == .partner }
            let stakes = [owner.organizationId.uuidString: "40", partners[0].organizationId.uuidString: "35", partners[1].organizationId.uuidString: "25"]
            let proposed = try await t.send(.PUT, APIURL.governance(.value(venture)).path, as: dana, json: GovernanceRequest(model: .jointVenture, stakes: stakes))
            #expect(proposed.status == .accepted, "\(proposed.text)")
            let decision = try t.decode(DecisionDTO.self, from: proposed)
            #expect(try await store.detail(venture).parties.map(\.stake) == before.parties.map(\.stake), "nothing changes while it is open")
            // Every party's admin votes yes; the owner closes it once all have voted; the seal applies the stakes.
            for personID in (try await DecisionReader(db: t.db).voters(venture)[.partyAdmins] ?? [:]).keys {
                _ = try await DecisionStore(application: t.app).vote(decision.id, VoteRequest(position: "yes"), by: try await signedIn(personID))
            }
            let sealed = try t.decode(DecisionDTO.self, from: try await t.send(.POST, APIURL.decisionClose(.value(decision.id)).path, as: dana))
            #expect(sealed.outcome?.result == .passed && sealed.change?.state == "applied")
            let after = Set(try await store.detail(venture).parties.compactMap(\.stake))
            #expect(after == ["40.00", "35.00", "25.00"] || after == ["40", "35", "25"], "\(after)")
        }
    }

    @Test("Without the right, a malformed body is refused for the right, never read: observers 403, outsiders 404", arguments: TestDatabase.all)
    func authorizeBeforeReading(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await Self.partnership(t)
            let decision = try await Self.create(t, p.initiative.id, as: p.contributorToken)
            let outsider = try await Factory.token(t, try await Factory.person(t, organization: "Elsewhere", orgAdmin: true))
            let malformed = (body: "{not json", type: HTTPMediaType.json)
            let cases: [(HTTPMethod, String, Caller, HTTPResponseStatus)] = [
                (.POST, APIURL.decisions(.value(p.initiative.id)).path, p.observerToken, .forbidden),
                (.POST, APIURL.decisionTypes(.value(p.initiative.id)).path, p.contributorToken, .forbidden),
                (.PATCH, APIURL.decisionType(.value(decision.typeId)).path, p.observerToken, .forbidden),
                (.PATCH, APIURL.decision(.value(decision.id)).path, p.partnerToken, .forbidden),
                (.POST, APIURL.decisionOpen(.value(decision.id)).path, p.partnerToken, .forbidden),
                (.POST, APIURL.decisionVotes(.value(decision.id)).path, p.observerToken, .forbidden),
                (.POST, APIURL.decisionOutcome(.value(decision.id)).path, p.partnerToken, .forbidden),
                (.PUT, APIURL.escalationLadder(.value(p.initiative.id)).path, p.partnerToken, .forbidden),
                (.PATCH, APIURL.decision(.value(decision.id)).path, outsider, .notFound),
                (.POST, APIURL.decisions(.value(p.initiative.id)).path, outsider, .notFound),
            ]
            for (method, path, caller, expected) in cases {
                let response = try await t.send(method, path, as: caller, text: malformed)
                #expect(response.status == expected, "\(method) \(path): \(response.status) \(response.text.prefix(200))")
            }
        }
    }
}

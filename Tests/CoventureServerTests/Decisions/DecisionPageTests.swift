import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// The decision pages over HTTP: forms that keep their input when refused, Post/Redirect/Get, what each person is offered.
@Suite("Decision pages")
struct DecisionPageTests {
    @Test("Proposing through the form opens a decision (or saves a draft) and leads to its page; a refused form keeps every field",
          arguments: TestDatabase.all)
    func proposeThroughTheForm(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let session = try await Factory.session(t, p.contributor)
            let path = SiteURL.decisions(.value(p.initiative.id)).path
            let refused = try await t.send(.POST, path, as: session, form: ["title": "", "proposal": "Keep this proposal text.", "closesAt": "tomorrow", "open": "1"])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("Keep this proposal text."))
            #expect(refused.text.contains("Title is required") || refused.text.contains("is required"))
            #expect(refused.text.contains("2027-03-31T17:00:00Z") || refused.text.contains("a date and time"))

            let opened = try await t.send(.POST, path, as: session, form: ["title": "Pilot with five branches", "proposal": "Start in March.", "open": "1"])
            let page = try await t.follow(opened, as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("Decision opened for votes."))
            #expect(page.text.contains("Pilot with five branches"))
            let draft = try await t.send(.POST, path, as: session, form: ["title": "A draft", "proposal": "Not yet.", "open": "0"])
            #expect(try await t.follow(draft, as: session).text.contains("Draft saved"))
            let register = try await t.send(.GET, path, as: session)
            #expect(register.text.contains("Pilot with five branches") && register.text.contains("A draft"))
            let filtered = try await t.send(.GET, path + "?status=draft", as: session)
            #expect(filtered.text.contains("A draft") && !filtered.text.contains("Pilot with five branches"))
        }
    }

    @Test("A vote refused for its reason comes back with the position and the text kept; a vote recorded leads back with a flash, and the home page lists what awaits",
          arguments: TestDatabase.all)
    func voteThroughTheForm(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let decision = try await DecisionAPITests.create(t, p.initiative.id, as: p.contributorToken)
            let session = try await Factory.session(t, p.partner)
            let home = try await t.send(.GET, SiteURL.home.path, as: session)
            #expect(home.text.contains("Your vote on"), "the home page lists the decision awaiting the partner's vote")
            let path = SiteURL.decisionVote(.value(p.initiative.id), decision: .value(decision.id)).path
            let refused = try await t.send(.POST, path, as: session, form: ["position": "object", "reason": ""])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("checked"))
            #expect(refused.text.contains("Reason"))
            let recorded = try await t.send(.POST, path, as: session, form: ["position": "object", "reason": "The annex ignores small lenders."])
            let page = try await t.follow(recorded, as: session)
            #expect(page.text.contains("Vote recorded."))
            #expect(page.text.contains("The annex ignores small lenders."))
            let after = try await t.send(.GET, SiteURL.home.path, as: session)
            #expect(!after.text.contains("Your vote on"))
            // An observer sees the decision, no vote form, and why.
            let observer = try await t.send(.GET, SiteURL.decision(.value(p.initiative.id), decision: .value(decision.id)).path,
                                            as: try await Factory.session(t, p.observer))
            #expect(observer.status == .ok && !observer.text.contains(path) && observer.text.contains("not vote"))
        }
    }

    @Test("The owner alone adds a type from the types page; the ladder form names members by e-mail and refuses strangers by field",
          arguments: TestDatabase.all)
    func typesAndLadder(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, name: "Olivia Owner", organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let session = try await Factory.session(t, owner)
            let typesPath = SiteURL.decisionTypes(.value(initiative.id)).path
            let refused = try await t.send(.POST, typesPath, as: session, form: ["name": "Quick poll", "method": "majority", "quorumPercent": "abc", "defaultDays": "3"])
            #expect(refused.status == .badRequest && refused.text.contains("Quick poll"))
            let added = try await t.send(.POST, typesPath, as: session, form: ["name": "Quick poll", "method": "majority", "quorumPercent": "30", "defaultDays": "3"])
            #expect(try await t.follow(added, as: session).text.contains("Decision type “Quick poll” saved."))

            let ladderPath = SiteURL.escalationLadder(.value(initiative.id)).path
            let stranger = try await t.send(.POST, ladderPath, as: session,
                                            form: ["step-0-name": "Leads", "step-0-days": "7", "step-0-people": "nobody@elsewhere.example"])
            #expect(stranger.status == .badRequest)
            #expect(stranger.text.contains("nobody@elsewhere.example"))
            let saved = try await t.send(.POST, ladderPath, as: session,
                                         form: ["step-0-name": "Leads", "step-0-days": "7", "step-0-people": owner.email, "step-1-name": "Sponsors", "step-1-days": "14"])
            let page = try await t.follow(saved, as: session)
            #expect(page.text.contains("Escalation ladder saved."))
            #expect(page.text.contains("Olivia Owner"))
            let ladder = try await DecisionReader(db: t.db).ladder(initiative.id)
            #expect(ladder.steps.map(\.name) == ["Leads", "Sponsors"] && ladder.steps.first?.people == [owner.id])
        }
    }

    @Test("With partners, the settings page proposes a governance change as a reserved decision and changes nothing until it passes",
          arguments: TestDatabase.all)
    func settingsProposeGovernance(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let session = try await Factory.session(t, p.owner)
            let settings = try await t.send(.GET, SiteURL.initiativeSettings(.value(p.initiative.id)).path, as: session)
            #expect(settings.text.contains("Propose the change"))
            let posted = try await t.send(.POST, SiteURL.initiativeSettings(.value(p.initiative.id)).path, as: session, form: [
                "section": "governance", "model": "jointVenture",
                "stake_\(p.owner.organizationID.uuidString.lowercased())": "60", "stake_\(p.partner.organizationID.uuidString.lowercased())": "40",
            ])
            let page = try await t.follow(posted, as: session)
            #expect(page.text.contains("Proposed as a reserved decision"))
            #expect(page.text.contains("Sets the governance to joint venture with new stakes."))
            #expect(try await InitiativeStore(application: t.app).detail(p.initiative.id).governance == .ownerLed)
            // Nor can the store be asked to apply it directly by a person: only a passed decision (or the operator) does.
            await #expect(throws: AppError.self) {
                _ = try await InitiativeStore(application: t.app).setGovernance(
                    p.initiative.id, GovernanceRequest(model: .ownerLed), by: p.owner.actor)
            }
        }
    }
}

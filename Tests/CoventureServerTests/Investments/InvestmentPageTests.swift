import CoventureCore
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// The investment pages over HTTP: forms that put each error beside its input and keep what was typed, Post/Redirect/Get,
/// and what each person is offered.
@Suite("Investment pages")
struct InvestmentPageTests {
    typealias API = InvestmentAPITests

    static func pledge(_ person: SignedInPerson) -> String { "pledge-\(person.organizationID.uuidString.lowercased())" }

    @Test("Proposing through the form: amounts typed in euros, pledges that do not sum are refused beside the pledges with every input kept, then the proposal's page",
          arguments: TestDatabase.all)
    func proposeThroughTheForm(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await API.partnership(t)
            let session = try await Factory.session(t, p.partner)
            let new = try await t.send(.GET, SiteURL.newProposal(.value(p.initiative.id)).path, as: session)
            #expect(new.status == .ok && new.text.contains("Propose an investment") && new.text.contains(p.third.organizationName))
            var form = [
                "title": "Shared onboarding", "problem": "Customers sign up three times.", "hypothesis": "One flow halves the drop-out.",
                "currency": "EUR", "ask": "1000.01", Self.pledge(p.owner): "500", Self.pledge(p.partner): "400",
                "tranche-amount-1": "600.01", "tranche-milestone-1": "Pilot", "tranche-amount-2": "400", "tranche-milestone-2": "Roll-out",
            ]
            let path = SiteURL.proposals(.value(p.initiative.id)).path
            let refused = try await t.send(.POST, path, as: session, form: form)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("Pledges must sum to the ask (EUR 1,000.01)"), "\(refused.text)")
            #expect(refused.text.contains("Customers sign up three times.") && refused.text.contains("600.01"), "every input kept")

            form["tranche-amount-2"] = "400.005"
            let precise = try await t.send(.POST, path, as: session, form: form)
            #expect(precise.status == .badRequest)
            #expect(precise.text.contains("field-tranche-amount-2-error"), "the error sits beside the second tranche")

            form["tranche-amount-2"] = "400"
            form[Self.pledge(p.third)] = "100.01"
            let created = try await t.send(.POST, path, as: session, form: form)
            #expect(created.status == .seeOther, "\(created.text)")
            let page = try await t.follow(created, as: session)
            #expect(page.text.contains("Proposed: raters of every party can now score it."))
            #expect(page.text.contains("EUR 1,000.01") && page.text.contains("EUR 100.01"))
            let list = try t.decode(ListPage<ProposalDTO>.self, from: try await t.send(.GET, APIURL.proposals(.value(p.initiative.id)).path, as: p.ownerToken))
            #expect(list.items.map(\.ask.amount) == [100_001])
            #expect(list.items.first?.funding.map(\.amount.amount) == [50_000, 40_000, 10_001])
        }
    }

    @Test("The framework form proposes a version for ratification, its errors beside the criterion's row; the rating form puts a score outside the scale beside its criterion",
          arguments: TestDatabase.all)
    func frameworkAndRatingForms(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await API.partnership(t)
            let admin = try await Factory.session(t, p.third)
            let path = SiteURL.scoringFramework(.value(p.initiative.id)).path
            let wrong = try await t.send(.POST, path, as: admin, form: [
                "criterion-name-1": "Impact", "criterion-weight-1": "3", "criterion-min-1": "1", "criterion-max-1": "5",
                "criterion-name-3": "Risk", "criterion-weight-3": "1", "criterion-min-3": "5", "criterion-max-3": "1",
                "criterion-direction-3": "lowerIsBetter",
            ])
            #expect(wrong.status == .badRequest)
            #expect(wrong.text.contains("field-criterion-max-3-error"), "the error sits on the third row, where it was typed")
            let proposed = try await t.send(.POST, path, as: admin, form: [
                "criterion-name-1": "Impact", "criterion-weight-1": "3", "criterion-min-1": "1", "criterion-max-1": "5",
                "criterion-name-3": "Risk", "criterion-weight-3": "1", "criterion-min-3": "1", "criterion-max-3": "5",
                "criterion-direction-3": "lowerIsBetter",
            ])
            let page = try await t.follow(proposed, as: admin)
            #expect(page.text.contains("Version 1 proposed"))
            #expect(page.text.contains("Awaiting its decision"))
            let contributor = try await Factory.session(t, p.owner)
            #expect(try await t.send(.GET, path, as: try await Factory.session(t, p.third)).text.contains("Propose a new version"))

            let framework = try #require(try await API.overview(t, p).versions.first)
            try await API.decide(t, p, try #require(framework.decisionId), adopted: true)
            let proposal = try await API.create(t, p, API.oddProposal(p), as: p.contributorToken)
            let rate = SiteURL.proposalRatings(.value(p.initiative.id), proposal: .value(proposal.id)).path
            let impact = framework.criteria[0].id.uuidString.lowercased(), risk = framework.criteria[1].id.uuidString.lowercased()
            let outside = try await t.send(.POST, rate, as: contributor, form: ["score-\(impact)": "4", "score-\(risk)": "9", "comment-\(risk)": "Keep me"])
            #expect(outside.status == .badRequest)
            #expect(outside.text.contains("field-score-\(risk)-error"), "the error sits beside the risk score")
            #expect(outside.text.contains("Keep me"))
            let saved = try await t.send(.POST, rate, as: contributor, form: ["score-\(impact)": "4", "score-\(risk)": "2", "comment-\(risk)": "Low risk"])
            let after = try await t.follow(saved, as: contributor)
            #expect(after.text.contains("Rating saved."))
            #expect(after.text.contains("Change your rating") && after.text.contains("Low risk"))
            // 4 on 1–5 is 75; 2 on a lower-is-better 1–5 is 75: (3 × 75 + 1 × 75) ÷ 4.
            #expect(after.text.contains("75.0"))
        }
    }

    @Test("Gates on the page: the author opens one; when it does not pass, only the owner's admins are offered kill, hold or recycle",
          arguments: TestDatabase.all)
    func gatesOnThePage(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await API.partnership(t)
            let proposal = try await API.create(t, p, API.oddProposal(p), as: p.partnerToken)
            let partner = try await Factory.session(t, p.partner), owner = try await Factory.session(t, p.owner)
            let show = SiteURL.proposal(.value(p.initiative.id), proposal: .value(proposal.id)).path
            #expect(try await t.send(.GET, show, as: partner).text.contains("Open the gate"))
            let opened = try await t.send(.POST, SiteURL.proposalGates(.value(p.initiative.id), proposal: .value(proposal.id)).path, as: partner, form: [:])
            #expect(try await t.follow(opened, as: partner).text.contains("Gate 1 opened"))
            let gate = try #require(try await API.proposal(t, proposal.id, as: p.ownerToken).gates.first)
            try await API.decide(t, p, gate.decisionId, adopted: false)

            #expect(!(try await t.send(.GET, show, as: partner).text.contains("Record the outcome")))
            #expect(try await t.send(.GET, show, as: owner).text.contains("Record the outcome"))
            let outcome = SiteURL.proposalOutcome(.value(p.initiative.id), proposal: .value(proposal.id)).path
            #expect(try await t.send(.POST, outcome, as: partner, form: ["outcome": "kill", "reason": "No"]).status == .forbidden)
            let noReason = try await t.send(.POST, outcome, as: owner, form: ["outcome": "recycle", "reason": ""])
            #expect(noReason.status == .badRequest)
            #expect(noReason.text.contains("field-reason-error"))
            let recycled = try await t.send(.POST, outcome, as: owner, form: ["outcome": "recycle", "reason": "Rework the pilot's scope."])
            #expect(try await t.follow(recycled, as: owner).text.contains("Recycled: back to rating"))
            let portfolio = try await t.send(.GET, SiteURL.portfolio(.value(p.initiative.id)).path + "?sort=score", as: owner)
            #expect(portfolio.status == .ok && portfolio.text.contains("Shared onboarding") && portfolio.text.contains("Funding per party"))
        }
    }
}

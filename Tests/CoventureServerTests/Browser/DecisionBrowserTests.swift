import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// Issue #13 in real Chromium: a partner's member votes with a reason; once the deadline passes the server seals the
/// outcome with the register's next number, and a member of the owner party is told and reads it.
extension BrowserTests {
    @Test("A partner member votes with a reason; after the deadline the sealed, numbered outcome reaches an owner-party member with a notification")
    func partnerVotesOwnerReadsTheOutcome() async throws {
        try await withDemoSiteInBrowser { site, browser, t in
            // The author, a member of the owner party, proposes a quick poll in the owner-led demo initiative.
            let lending = try await InitiativeRow.named("SME Digital Lending", on: t.db).id
            let liam = try #require(try await PersonRow.first(t.db, where: "email = \(bind: "liam.chen@northbridge.example")"))
            let liamActor = Actor(personID: liam.id, organizationID: liam.organizationID)
            let poll = DecisionTypeChange(
                typeId: nil, name: "Browser poll",
                rules: DecisionRules(method: .majority, quorumPercent: 0, everyPartyPresent: false, reasonRequired: .always), isDefault: false)
            // The operator adds the type (with partners it would need a reserved decision: another test covers that).
            let typeID = try await t.app.recorder.record(.operatorOnly, by: .operator, validate: {}) { db, _ in
                let events = try await DecisionTypeWrites.write(poll, initiativeID: lending, on: db, at: Date())
                return Recorded(events[0].objectID, events)
            }
            let decision = try await DecisionStore(application: t.app).create(
                lending, CreateDecisionRequest(typeId: typeID, title: "Pilot the shared credit score in five branches",
                                               proposal: "Run the shared score beside our own for three months.", open: true),
                by: liamActor)
            let decisionPath = SiteURL.decision(.value(lending), decision: .value(decision.id)).path

            // Elena (Helio, a partner's contributor) votes no, with her reason; the form first refuses a vote without one.
            try await signIn(browser, site: site, as: "elena.petrova@helio.example")
            try await browser.navigate(to: site + decisionPath)
            try await browser.click(browser.find("#field-position-no"))
            try await browser.click(browser.find("form[action$='/vote'] button[type=submit]"))
            // The refusal is a new page: wait for it rather than read the one being replaced.
            try await browser.wait("the vote refused for its missing reason", timeout: 60) {
                try await browser.pageText().contains("Reason is required for every vote on this decision")
            }
            #expect(try await browser.property("checked", of: browser.find("#field-position-no")) == .bool(true), "her choice is kept")
            try await browser.sendKeys("Our branches cannot staff a second score before June.", to: browser.find("#field-reason"))
            try await browser.click(browser.find("form[action$='/vote'] button[type=submit]"))
            try await waitForPath(in: browser, "back on the decision") { $0 == decisionPath }
            try await browser.wait("the vote recorded", timeout: 60) { try await browser.pageText().contains("Vote recorded.") }
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-decision-voted.png"))

            // The deadline passes: the server's sweep closes and seals it.
            #expect(try await DecisionStore(db: t.db, recorder: t.recorder(daysLater: 30)).closeAtDeadline(decision.id))
            let sealed = try await DecisionStore(application: t.app).detail(decision.id)
            let number = try #require(sealed.number)

            // Liam, of the owner party, is told, and reads the outcome.
            try await browser.deleteAllCookies()
            try await signIn(browser, site: site, as: "liam.chen@northbridge.example")
            try await browser.navigate(to: site + SiteURL.notifications.path)
            let notice = try await browser.find("a", withText: "“Pilot the shared credit score in five branches” is sealed as \(number): rejected.")
            try await browser.click(notice)
            try await waitForPath(in: browser, "the sealed decision") { $0 == decisionPath }
            let page = try await browser.pageText()
            #expect(page.contains("\(number) · Pilot the shared credit score in five branches"))
            #expect(page.contains("Rejected"))
            #expect(page.contains("Our branches cannot staff a second score before June."))
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-decision-sealed.png"))
            // At phone width the sealed decision does not scroll sideways.
            try await browser.setViewport(width: 390, height: 844)
            try await browser.navigate(to: site + decisionPath)
            let overflow = try await browser.execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
            #expect(overflow == .number(0), "no sideways scroll at 390 px: \(overflow)")
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-decision-phone.png"))
            #expect(try await browser.consoleProblems() == [])
        }
    }
}

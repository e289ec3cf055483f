import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import CoventureDemo
@testable import CoventureServer

/// Issue #15 in real Chromium, at phone width: the bank's admin answers the open pulse round of the owner-led demo
/// (a refused answer keeps what was chosen), then reads "You answered this round"; the page never scrolls sideways.
extension BrowserTests {
    @Test("At phone width a member answers the pulse: a missing score is refused with the choices kept, then the answer is recorded once")
    func memberAnswersThePulseOnAPhone() async throws {
        try await withDemoSiteInBrowser { site, browser, t in
            let lending = try await InitiativeRow.named("SME Digital Lending", on: t.db).id
            let path = SiteURL.pulse(.value(lending)).path
            try await browser.setViewport(width: 390, height: 844)
            try await signIn(browser, site: site, as: DemoData.ownerAdminEmail)
            try await browser.navigate(to: site + path)
            let fits = "return document.documentElement.scrollWidth <= window.innerWidth;"
            #expect(try await browser.execute(fits) == .bool(true), "the pulse page fits a phone")

            try await browser.click(browser.find("#field-trust-4"))
            try await browser.click(browser.find("#field-valueAlignment-3"))
            try await browser.sendKeys("Weekly demos help.", to: browser.find("#field-comment"))
            try await browser.click(browser.find("form[action$='/pulse/answers'] button[type=submit]"))
            try await browser.wait("the answer refused for its missing score", timeout: 60) {
                try await browser.pageText().contains("Transparency is required")
            }
            #expect(try await browser.property("checked", of: browser.find("#field-trust-4")) == .bool(true), "the choice is kept")
            try await browser.click(browser.find("#field-transparency-2"))
            try await browser.click(browser.find("form[action$='/pulse/answers'] button[type=submit]"))
            try await browser.wait("the answer recorded", timeout: 60) { try await browser.pageText().contains("You answered this round") }
            #expect(try await browser.execute(fits) == .bool(true))
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-pulse-phone.png"))
            #expect(try await PulseAnswerRow.count(t.db, where: "comment = \(bind: "Weekly demos help.")") == 1)
            #expect(try await browser.consoleProblems() == [])
        }
    }
}

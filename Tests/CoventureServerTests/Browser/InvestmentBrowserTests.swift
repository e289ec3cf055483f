import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureDemo
@testable import CoventureServer

/// Issue #14 in real Chromium: a partner's leader rates the proposal the parties disagree on, straight from the
/// portfolio; the owner's admin then sees the disagreement on the portfolio and prints the quarter's report.
extension BrowserTests {
    @Test("A partner rates from the portfolio (a score off the scale is refused beside its criterion, the rest kept); the owner sees the divergence and the report")
    func partnerRatesOwnerSeesDivergence() async throws {
        try await withDemoSiteInBrowser { site, browser, t in
            let venture = try await InitiativeRow.named("GreenGrid Climate Finance", on: t.db).id
            let reader = InvestmentReader(db: t.db)
            let framework = try #require(try await reader.overview(venture).inForce)
            let risk = try #require(framework.criteria.first { $0.name == "Delivery risk" }).id.uuidString.lowercased()
            let homes = try #require(framework.criteria.first { $0.name == "Homes reached" }).id.uuidString.lowercased()

            // Chloe (Helio, a leader) opens the portfolio by score and the green mortgage proposal.
            try await signIn(browser, site: site, as: "chloe.dubois@helio.example")
            try await browser.navigate(to: site + SiteURL.portfolio(.value(venture)).path + "?sort=score")
            try await browser.click(browser.find("table.portfolio a", withText: "Green mortgage top-up"))
            try await waitForPath(in: browser, "the proposal") { $0.contains("/proposals/") }
            let proposalPath = URLComponents(string: try await browser.currentURL())!.path
            try await browser.sendKeys("5", to: browser.find("#field-score-\(homes)"))
            try await browser.sendKeys("9", to: browser.find("#field-score-\(risk)"))
            try await browser.sendKeys("Our installers would carry the valuation visits.", to: browser.find("#field-comment-\(risk)"))
            try await browser.click(browser.find("#rate button[type=submit]"))
            try await browser.wait("the score off the scale refused", timeout: 60) {
                try await browser.pageText().contains("must be between 1 and 5 for “Delivery risk”")
            }
            #expect(try await browser.execute("return document.querySelector('#field-comment-\(risk)').value;")
                    == .string("Our installers would carry the valuation visits."), "the comment is kept")
            _ = try await browser.execute("document.querySelector('#field-score-\(risk)').value = '';")
            try await browser.sendKeys("4", to: browser.find("#field-score-\(risk)"))
            try await browser.click(browser.find("#rate button[type=submit]"))
            try await waitForPath(in: browser, "back on the proposal") { $0 == proposalPath }
            try await browser.wait("the rating saved", timeout: 60) { try await browser.pageText().contains("Rating saved.") }
            #expect(try await browser.pageText().contains("Our installers would carry the valuation visits."))
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-proposal.png"))

            // Dana (Northbridge, the owner's admin): the portfolio flags the divergence; the report shows the quarter.
            try await browser.deleteAllCookies()
            try await signIn(browser, site: site, as: DemoData.ownerAdminEmail)
            try await browser.navigate(to: site + SiteURL.portfolio(.value(venture)).path + "?sort=score")
            let row = try await browser.execute("""
                return Array.from(document.querySelectorAll('table.portfolio tbody tr'))
                  .filter(function (r) { return r.textContent.indexOf('Green mortgage top-up') >= 0; })
                  .map(function (r) { return r.textContent; }).join('');
                """)
            #expect(row.string?.contains("criterion divides the parties") == true, "the divergence is flagged: \(row)")
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-portfolio.png"))
            try await browser.navigate(to: site + SiteURL.partnershipReport(.value(venture)).path)
            let report = try await browser.pageText()
            #expect(report.contains("Value against target") && report.contains("Investment released"))
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-report.png"))
            try await browser.setViewport(width: 390, height: 844)
            for path in [SiteURL.portfolio(.value(venture)).path, proposalPath, SiteURL.partnershipReport(.value(venture)).path] {
                try await browser.navigate(to: site + path)
                let overflow = try await browser.execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
                #expect(overflow == .number(0), "no sideways scroll at 390 px on \(path): \(overflow)")
            }
            try await browser.navigate(to: site + proposalPath)
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-proposal-phone.png"))
            #expect(try await browser.consoleProblems() == [])
        }
    }
}

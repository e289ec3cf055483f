import Foundation
import Testing
import Vapor
@testable import CoventureDemo
@testable import CoventureServer

extension BrowserTests {
    @Test("A contributor checks in with a changed confidence and a narrative; the objective's progress and the line of sight follow")
    func contributorChecksIn() async throws {
        try await withDemoSiteInBrowser { site, browser in
            // Liam Chen (the bank, contributor) owns the "median days" key result of the demo's SME Digital Lending.
            try await browser.navigate(to: site + "/sign-in")
            try await browser.sendKeys("liam.chen@northbridge.example", to: browser.find("#field-email"))
            try await browser.sendKeys(DemoData.password + WebDriver.Key.enter, to: browser.find("#field-password"))
            try await waitForPath(in: browser, "signed-in landing page /") { $0 == "/" }
            try await browser.click(browser.find("nav a", withText: "My initiatives"))
            try await waitForPath(in: browser, "My initiatives") { $0 == "/initiatives" }
            try await browser.click(browser.find("a", withText: "SME Digital Lending"))
            try await waitForPath(in: browser, "the initiative page") { $0.hasPrefix("/initiatives/") }
            let initiativePath = URLComponents(string: try await browser.currentURL())!.path

            // Before: 19 days of 42 → 5 is 62 %; the objective rolls up (62 + 30 + 100 + 50) / 4 = 61 %.
            try await browser.click(browser.find("a", withText: "OKRs"))
            try await waitForPath(in: browser, "the OKR tree") { $0.hasSuffix("/okrs") }
            let objectiveHead = try await browser.find(".objective-head")
            #expect(try await browser.text(of: objectiveHead).contains("61 %"))
            // The bar is drawn to scale: its fill is 61 % of its track, as the browser lays it out under the page's
            // Content-Security-Policy (which blocks inline styles, so a width must not be one).
            let drawn = try await browser.execute("""
                const bar = document.querySelector('.objective-head .bar');
                return bar.querySelector('.fill').getBoundingClientRect().width / bar.getBoundingClientRect().width;
                """)
            if case .number(let ratio) = drawn {
                #expect(abs(ratio - 0.61) < 0.02, "the fill is \(ratio) of the bar")
            } else {
                Issue.record("the bar's fill could not be measured: \(drawn)")
            }

            try await browser.click(browser.find("a", withText: "Median days from application to credit decision"))
            try await waitForPath(in: browser, "the key result page") { $0.hasPrefix("/key-results/") }
            #expect(try await browser.text(of: browser.find(".headline")).contains("62 %"))
            #expect(!(try await browser.findAll("svg.chart")).isEmpty, "the check-in chart is drawn")

            // Check in 12 days, now at risk, with the reason.
            try await browser.sendKeys("12", to: browser.find("#field-value"))
            try await browser.click(browser.find("#field-confidence option[value=atRisk]"))
            try await browser.sendKeys("Credit office short-staffed over the holidays; files queue again.", to: browser.find("#field-narrative"))
            try await browser.click(browser.find("#check-in button[type=submit]"))
            try await browser.wait("the check-in to show in the history") {
                // While the form posts and redirects, the old page's body goes stale: keep waiting.
                guard let history = try? await browser.find("#history") else { return false }
                return (try? await browser.text(of: history))?.contains("Credit office short-staffed over the holidays") ?? false
            }
            // 30 of 37 days gained: 81 %, at risk; the objective moves to (81 + 30 + 100 + 50) / 4 = 65 %.
            #expect(try await browser.text(of: browser.find(".headline")).contains("81 %"))
            #expect(try await browser.text(of: browser.find(".headline")).contains("At risk"))
            try await browser.click(browser.find(".crumbs a"))
            try await waitForPath(in: browser, "the objective page") { $0.hasPrefix("/objectives/") }
            #expect(try await browser.text(of: browser.find(".headline")).contains("65 %"))

            try await browser.navigate(to: site + initiativePath + "/line-of-sight")
            let chains = try await browser.text(of: browser.find("#chains"))
            #expect(chains.contains("Median days from application to credit decision"))
            #expect(chains.contains("81 %"))
            #expect(chains.contains("Credit decisions in days, not weeks"))
            #expect(chains.contains("65 %"))
            #expect(chains.contains("Grow the SME loan book by 15 %"), "the bank's own objective is at the top of the chain")
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-line-of-sight.png"))
        }
    }
}

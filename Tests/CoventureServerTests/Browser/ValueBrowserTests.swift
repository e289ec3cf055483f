import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureDemo
@testable import CoventureServer

/// Issue #14 in real Chromium: a partner's member disputes a measurement with a reason, and the owner's dashboard shows
/// it disputed, on the chart and in the list.
extension BrowserTests {
    @Test("A partner member disputes a measurement with a reason; the owner's dashboard shows it disputed on the chart and in the list")
    func partnerDisputesOwnerSeesIt() async throws {
        try await withDemoSiteInBrowser { site, browser, t in
            let venture = try await InitiativeRow.named("GreenGrid Climate Finance", on: t.db).id
            let store = ValueStore(application: t.app)
            let metric = try #require(try await store.list(venture).first { $0.name == "Homes retrofitted" })
            let measurements = try await store.measurements(try await ValueReader(db: t.db).metric(metric.id))
            // The latest measurement, which Northbridge recorded and Helio has not yet looked at.
            let latest = try #require(measurements.last)
            #expect(latest.state == .pending)
            let key = latest.id.uuidString.lowercased()
            let metricPath = SiteURL.valueMetric(.value(venture), metric: .value(metric.id)).path

            // Raj (Helio, a partner's contributor) disputes it; the form first refuses a dispute without a reason.
            try await signIn(browser, site: site, as: "raj.patel@helio.example")
            try await browser.navigate(to: site + metricPath)
            let form = "form[action$='/measurements/\(key)/verdicts']"
            try await browser.click(browser.find("\(form) button[value=dispute]"))
            try await browser.wait("the dispute refused for its missing reason", timeout: 60) {
                try await browser.pageText().contains("Reason is required to dispute a measurement")
            }
            try await browser.sendKeys("The agency's register shows 20 fewer certificates for this month.", to: browser.find("#field-reason-\(key)"))
            try await browser.click(browser.find("\(form) button[value=dispute]"))
            try await waitForPath(in: browser, "back on the metric") { $0 == metricPath }
            try await browser.wait("the dispute recorded", timeout: 60) { try await browser.pageText().contains("Disputed: your reason is shown") }
            #expect(try await browser.pageText().contains("The agency's register shows 20 fewer certificates for this month."))

            // Dana (Northbridge, the owner's admin) opens the dashboard.
            try await browser.deleteAllCookies()
            try await signIn(browser, site: site, as: DemoData.ownerAdminEmail)
            try await browser.navigate(to: site + SiteURL.value(.value(venture)).path)
            let card = "[data-metric='\(metric.id.uuidString.lowercased())']"
            let marked = try await browser.execute(
                "return Array.from(document.querySelectorAll(\"\(card) svg .point.disputed title\")).map(function (t) { return t.textContent; }).join('|');")
            #expect(marked.string?.contains("on \(latest.on): disputed") == true, "the chart marks it: \(marked)")
            let listed = try await browser.execute(
                "return document.querySelector(\"\(card) tr[data-measurement='\(key)'] .measurement-state\").textContent;")
            #expect(listed == .string("Disputed"), "the list says so: \(listed)")
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-value-dashboard.png"))
            // At phone width the dashboard does not scroll sideways.
            try await browser.setViewport(width: 390, height: 844)
            try await browser.navigate(to: site + SiteURL.value(.value(venture)).path)
            let overflow = try await browser.execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
            #expect(overflow == .number(0), "no sideways scroll at 390 px: \(overflow)")
            #expect(try await browser.consoleProblems() == [])
        }
    }
}

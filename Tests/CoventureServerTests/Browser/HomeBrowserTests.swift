import Foundation
import Testing
import Vapor
@testable import CoventureDemo
@testable import CoventureServer

extension BrowserTests {
    @Test("The demo owner admin signs in, lands on Needs you with a line of every kind the demo gives her, follows one; at phone width nothing scrolls sideways")
    func ownerAdminLandsOnNeedsYou() async throws {
        try await withDemoSiteInBrowser { site, browser in
            try await browser.setWindowSize(width: 1366, height: 900)
            try await browser.navigate(to: site + SiteURL.signIn.path)
            try await browser.sendKeys(DemoData.ownerAdminEmail, to: browser.find("#field-email"))
            try await browser.sendKeys(DemoData.password + WebDriver.Key.enter, to: browser.find("#field-password"))
            try await waitForPath(in: browser, "the signed-in landing page /") { $0 == SiteURL.home.path }
            #expect(try await browser.text(of: browser.find("h1")) == "Needs you")
            let navigation = try await browser.findAll("nav[aria-label=Main] a").asyncMap { try await browser.text(of: $0) }
            #expect(navigation.prefix(2) == ["Needs you", "My initiatives"])

            // One line of each kind the demo leaves for Dana, each a link.
            for kind in ["checkedInOnYourBehalf", "keyResultDue", "keyResultStale", "charterAwaitingYourParty", "assignmentOffered", "streamHealth"] {
                let links = try await browser.findAll("li.need-\(kind) > a")
                #expect(!links.isEmpty, "a line of kind \(kind)")
            }
            #expect(!(try await browser.findAll("#since .digest li")).isEmpty, "other parties' changes since the last visit")
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-home.png"))

            // At phone width the page fits: no sideways scrolling.
            try await browser.setWindowSize(width: 390, height: 844)
            let widths = try await browser.execute("return [document.documentElement.scrollWidth, window.innerWidth];")
            if case .number(let scroll)? = widths.array?.first, case .number(let inner)? = widths.array?.last {
                #expect(scroll <= inner, "the page is \(scroll) px wide in a \(inner) px window")
            } else {
                Issue.record("the page's widths could not be read: \(widths)")
            }
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-home-phone.png"))
            try await browser.setWindowSize(width: 1366, height: 900)

            // The charter line leads to the charter she may agree to for the bank.
            try await browser.click(browser.find("li.need-charterAwaitingYourParty > a"))
            try await waitForPath(in: browser, "the stream's charter page") { $0.hasSuffix("/charter") }
            #expect(try await browser.pageText().contains("Meter data sharing"))
        }
    }
}

extension Sequence where Element: Sendable {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

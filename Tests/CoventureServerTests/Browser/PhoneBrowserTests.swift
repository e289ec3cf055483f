import CoventureCore
import Foundation
import SQLKit
import Testing
import Vapor
@testable import CoventureDemo
@testable import CoventureServer

/// Issue #12, "Phones": at 390 px wide no page scrolls sideways and the header stays under 80 px; at 1366 px neither.
extension BrowserTests {
    /// The sizes every main page is opened at: a phone held upright and a common laptop.
    static let viewports: [(name: String, width: Int, height: Int)] = [("phone", 390, 844), ("laptop", 1366, 900)]

    @Test("Every main page fits a phone (390×844) and a laptop (1366×900): no sideways scroll, a header under 80 px")
    func everyMainPageFitsPhoneAndLaptop() async throws {
        try await withDemoSiteInBrowser(prepare: Self.notifyDemoAdmins) { site, browser in
            for (email, initiative) in [
                (DemoData.ownerAdminEmail, "SME Digital Lending"), (DemoData.partnerAdminEmail, "GreenGrid Climate Finance"),
            ] {
                try await signIn(browser, site: site, email: email)
                let pages = try await mainPages(browser, site: site, initiative: initiative)
                // Thirty main pages (the practices', the pulse's and My updates included); the settings are the owner's admins'
                // only, a value metric's page and a proposal's the joint venture's (the owner-led demo has neither metrics nor
                // proposals).
                let expected = initiative == "GreenGrid Climate Finance" ? 31 : 30
                #expect(pages.count == expected, "\(email) reaches every main page: \(pages.map(\.name))")
                for viewport in Self.viewports {
                    try await browser.setViewport(width: viewport.width, height: viewport.height)
                    for page in pages {
                        try await browser.navigate(to: site + page.path)
                        try await expectFits(browser, page: "\(page.name) (\(email), \(viewport.name))", width: viewport.width)
                        // For a person to look at every page: COVENTURE_TEST_PHONE_SCREENSHOTS=1.
                        if ProcessInfo.processInfo.environment["COVENTURE_TEST_PHONE_SCREENSHOTS"] == "1" {
                            let file = "coventure-\(viewport.name)-\(email.prefix(4))-\(page.name.replacingOccurrences(of: " ", with: "-")).png"
                            try await browser.screenshot(to: BrowserEnvironment.screenshotPath(file))
                        }
                    }
                }
                if email == DemoData.ownerAdminEmail, let keyResult = pages.first(where: { $0.name == "key result" }) {
                    try await browser.setViewport(width: 390, height: 844)
                    try await browser.navigate(to: site + keyResult.path)
                    try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-key-result-phone.png"))
                }
                try await signOut(browser, site: site)
            }
        }
    }

    // MARK: Helpers

    /// More unread notifications than the bell writes out ("9+"), with long words, for each demo admin: the header and
    /// the list must fit with them.
    static func notifyDemoAdmins(_ t: TestApp) async throws {
        let sql = t.db as! any SQLDatabase
        let admins = try await sql.raw("SELECT id FROM people WHERE email IN (\(bind: DemoData.ownerAdminEmail), \(bind: DemoData.partnerAdminEmail))")
            .all().map { try $0.decode(column: "id", as: UUID.self) }
        let initiative = try await sql.raw("SELECT id FROM initiatives ORDER BY name LIMIT 1").first()?.decode(column: "id", as: UUID.self)
        try await t.app.recorder.bookkeeping { db in
            try await Notifications.send(admins.flatMap { admin in
                (0..<12).map { n in
                    NotificationDraft(
                        personID: admin, initiativeID: n % 2 == 0 ? initiative : nil, kind: NotificationKind.allCases[n % 4], subjectID: nil,
                        message: "The decision “Adopt the Interoperability-and-Data-Portability-Framework-2027” changed after your vote (\(n)).",
                        link: SiteURL.initiatives.path)
                }
            }, on: db, at: Date().addingTimeInterval(-3_600))
        }
    }

    private func signIn(_ browser: WebDriver, site: String, email: String) async throws {
        try await browser.setViewport(width: 1366, height: 900)
        try await browser.navigate(to: site + "/sign-in")
        try await browser.sendKeys(email, to: browser.find("#field-email"))
        try await browser.sendKeys(DemoData.password + WebDriver.Key.enter, to: browser.find("#field-password"))
        try await waitForPath(in: browser, "signed in as \(email)") { $0 != "/sign-in" }
    }

    private func signOut(_ browser: WebDriver, site: String) async throws {
        try await browser.navigate(to: site + "/initiatives")
        try await browser.click(browser.find(".sign-out button"))
        try await waitForPath(in: browser, "signed out") { $0 == "/sign-in" || $0 == "/" }
    }

    /// The main pages a member reaches from the initiative, found by following the site's own links (no id is
    /// guessed): list, overview, members, settings (owner admins), activity, ledger and an entry, the OKR tree, an
    /// objective, a key result, line of sight, organization OKRs, import, the workstream map, a stream, its charter,
    /// a person, the organization, tokens, new initiative.
    private func mainPages(_ browser: WebDriver, site: String, initiative: String) async throws -> [(name: String, path: String)] {
        var pages: [(name: String, path: String)] = [("initiatives", "/initiatives")]
        func href(_ selector: String, on path: String, _ name: String) async throws -> String {
            try await browser.navigate(to: site + path)
            let value = try await browser.execute("const a = document.querySelector(arguments[0]); return a ? a.getAttribute('href') : null;",
                                                  arguments: [.string(selector)])
            guard let link = value.string else {
                throw TestSetupError("no link for \(name) (\(selector)) on \(path)")
            }
            pages.append((name, link))
            return link
        }
        _ = try await href("a[href='\(SiteURL.myUpdates.path)']", on: SiteURL.home.path, "my updates")  // #16
        try await browser.navigate(to: site + "/initiatives")
        try await browser.click(browser.find("a", withText: initiative))
        try await waitForPath(in: browser, "the initiative page") { $0.hasPrefix("/initiatives/") }
        let overview = URLComponents(string: try await browser.currentURL())!.path
        pages.append(("overview", overview))
        _ = try await href(".initiative-nav a[href$='/members']", on: overview, "members")
        let settings = try await browser.execute("return document.querySelector(\".initiative-nav a[href$='/settings']\") !== null;")
        if settings == .bool(true) { _ = try await href(".initiative-nav a[href$='/settings']", on: overview, "settings") }
        _ = try await href(".initiative-nav a[href$='/activity']", on: overview, "activity")
        let ledger = try await href(".initiative-nav a[href$='/ledger']", on: overview, "ledger")
        _ = try await href("a[href*='/ledger/']", on: ledger, "ledger entry")
        let tree = try await href(".initiative-nav a[href$='/okrs']", on: overview, "OKR tree")
        _ = try await href("a.objective-title", on: tree, "objective")
        _ = try await href(".kr a[href^='/key-results/']", on: tree, "key result")
        _ = try await href(".initiative-nav a[href$='/line-of-sight']", on: overview, "line of sight")
        _ = try await href(".initiative-nav a[href$='/pulse']", on: overview, "pulse")  // #15
        _ = try await href("a[href$='/okrs/import']", on: tree, "OKR import")
        let organization = try await href("a[href^='/organizations/']", on: overview, "organization")
        pages.append(("organization OKRs", organization + "/okrs"))
        let map = try await href(".initiative-nav a[href$='/workstreams']", on: overview, "workstream map")
        // The first stream with people in it (its page links each person).
        try await browser.navigate(to: site + map)
        let streams = try await browser.execute("return [...document.querySelectorAll('.stream-card h3 a')].map(a => a.getAttribute('href'));")
        var found = false
        for case .string(let stream) in streams.array ?? [] {
            try await browser.navigate(to: site + stream)
            guard try await browser.execute("return document.querySelector(\"a[href*='/people/']\") !== null;") == .bool(true) else { continue }
            pages.append(("workstream", stream))
            _ = try await href("a[href$='/charter']", on: stream, "charter")
            _ = try await href("a[href$='/retrospectives']", on: stream, "retrospectives")
            _ = try await href("a[href*='/people/']", on: stream, "person")
            found = true
            break
        }
        #expect(found, "a stream of \(initiative) has people")
        // Value (#14): the dashboard, and a metric's page where the initiative has metrics (the joint venture).
        let value = try await href(".initiative-nav a[href$='/value']", on: overview, "value dashboard")
        try await browser.navigate(to: site + value)
        if case .string(let metric) = try await browser.execute("const a = document.querySelector('.value-metric h2 a'); return a ? a.getAttribute('href') : null;") {
            pages.append(("value metric", metric))
        }
        // Investments (#14): the portfolio, its scoring framework, and a proposal's page where there are proposals.
        let portfolio = try await href(".initiative-nav a[href$='/portfolio']", on: overview, "portfolio")
        _ = try await href("a[href$='/scoring-framework']", on: portfolio, "scoring framework")
        try await browser.navigate(to: site + portfolio)
        if case .string(let proposal) = try await browser.execute("const a = document.querySelector('table.portfolio td a'); return a ? a.getAttribute('href') : null;") {
            pages.append(("proposal", proposal))
        }
        _ = try await href(".initiative-nav a[href$='/report']", on: overview, "partnership report")
        // Practices (#15): the mesh, and the page of a practice in use.
        let mesh = try await href(".initiative-nav a[href$='/practices']", on: overview, "practice mesh")
        _ = try await href("table.mesh td a[href*='/practices/']", on: mesh, "practice")
        pages.append(("tokens", "/tokens"))
        _ = try await href("a.bell", on: "/tokens", "notifications")
        pages.append(("new initiative", "/initiatives/new"))
        return pages
    }

    /// The page does not scroll sideways and its header is under 80 px; on failure, names the page and the widest
    /// elements.
    func expectFits(_ browser: WebDriver, page: String, width: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let measured = try await browser.execute("""
            const wide = [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
              .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? '.' + e.className : '')
                + ' right=' + Math.round(e.getBoundingClientRect().right));
            const header = document.querySelector('.site-header');
            return [document.documentElement.scrollWidth, window.innerWidth, header ? header.getBoundingClientRect().height : 0,
                    wide.join(', '), document.title];
            """)
        guard let values = measured.array, values.count == 5, case .number(let scrollWidth) = values[0],
            case .number(let innerWidth) = values[1], case .number(let headerHeight) = values[2]
        else {
            Issue.record("\(page): could not measure: \(measured)", sourceLocation: sourceLocation)
            return
        }
        #expect(Int(innerWidth) == width, "\(page): the viewport is \(innerWidth) px wide, not \(width)", sourceLocation: sourceLocation)
        #expect(
            scrollWidth <= innerWidth,
            "\(page) (\(values[4].string ?? "")) scrolls sideways: scrollWidth \(scrollWidth) > innerWidth \(innerWidth); wide: \(values[3].string ?? "")",
            sourceLocation: sourceLocation)
        #expect(headerHeight < 80, "\(page): the header is \(headerHeight) px high", sourceLocation: sourceLocation)
    }
}

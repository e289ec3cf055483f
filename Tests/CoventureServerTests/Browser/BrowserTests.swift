import Foundation
import Testing
import Vapor
@testable import CoventureDemo
@testable import CoventureServer

/// Whether and how the browser tests run. They need a WebDriver (chromedriver) at `COVENTURE_TEST_WEBDRIVER_URL`;
/// without one they are skipped, unless `COVENTURE_REQUIRE_BROWSER=1` (CI), which makes a missing or unreachable
/// driver a failure instead.
enum BrowserEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    static var webDriverURL: String? { environment["COVENTURE_TEST_WEBDRIVER_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    static var isRequired: Bool { environment["COVENTURE_REQUIRE_BROWSER"] == "1" }
    static var isEnabled: Bool { webDriverURL != nil || isRequired }

    /// The address the app listens on and the browser visits. A loopback IP literal is a potentially trustworthy
    /// origin, so Chromium must keep the app's `Secure`, `__Host-` cookies over plain http here.
    static let host = "127.0.0.1"

    static var capabilities: JSON {
        var chrome: [String: JSON] = [
            "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"]
        ]
        if let binary = environment["COVENTURE_TEST_CHROME_BINARY"], !binary.isEmpty { chrome["binary"] = .string(binary) }
        return [
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            // Element lookups wait up to 2 s for the element to appear. A page load may take a minute: the browser tests
            // share two cores with the rest of the suite, and a sign-in's bcrypt queues behind other tests' (10 s timed
            // out under load). They test what pages do, not how fast; speed is measured by bench/run.
            "timeouts": ["implicit": 2000, "pageLoad": 60000, "script": 15000],
            "goog:chromeOptions": .object(chrome),
            // The console's messages, so that every browser test can require a clean console.
            "goog:loggingPrefs": ["browser": "ALL"],
        ]
    }

    /// Where a test saves a screenshot: `COVENTURE_SCREENSHOT_DIR` (`docs/screenshots/regenerate` sets it), else the
    /// temporary directory.
    static func screenshotPath(_ name: String) -> String {
        let directory = environment["COVENTURE_SCREENSHOT_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? NSTemporaryDirectory()
        return (directory as NSString).appendingPathComponent(name)
    }
}

@Suite(
    "Browser",
    .enabled(
        if: BrowserEnvironment.isEnabled,
        "needs a WebDriver: run chromedriver and set COVENTURE_TEST_WEBDRIVER_URL (e.g. http://127.0.0.1:9515)")
)
struct BrowserTests {
    @Test("The demo owner admin signs in and reaches the initiative page")
    func ownerAdminSignsInAndReachesInitiative() async throws {
        try await withDemoSiteInBrowser { site, browser in
            try await browser.navigate(to: site + "/sign-in")
            #expect(try await browser.text(of: browser.find("h1")) == "Sign in")
            try await requireCookie("__Host-coventure_csrf", in: browser, site: site, after: "loading /sign-in")

            // Keyboard only: type both fields and press Enter in the password field.
            try await browser.sendKeys(DemoData.ownerAdminEmail, to: browser.find("#field-email"))
            try await browser.sendKeys(DemoData.password + WebDriver.Key.enter, to: browser.find("#field-password"))

            try await waitForPath(in: browser, "signed-in landing page /") { $0 == "/" }
            try await requireCookie("__Host-coventure_session", in: browser, site: site, after: "signing in")
            #expect(try await browser.text(of: browser.find("h1")) == "Needs you")
            try await browser.click(browser.find("nav a", withText: "My initiatives"))
            try await waitForPath(in: browser, "My initiatives") { $0 == "/initiatives" }
            #expect(try await browser.text(of: browser.find("h1")) == "My initiatives")

            try await browser.click(browser.find("a", withText: "SME Digital Lending"))
            try await waitForPath(in: browser, "the initiative page /initiatives/<uuid>") { path in
                path.hasPrefix("/initiatives/") && UUID(uuidString: String(path.dropFirst("/initiatives/".count))) != nil
            }
            #expect(try await browser.text(of: browser.find("h1")) == "SME Digital Lending")
            let headings = try await browser.findAll("h2").asyncMap { try await browser.text(of: $0) }
            for heading in ["Parties", "Members by party", "Activity"] {
                #expect(headings.contains(heading), "headings on the page: \(headings)")
            }
            let text = try await browser.pageText()
            for partner in ["Helio Systems", "Quarry Labs"] {
                #expect(text.contains(partner), "the initiative page should name the partner \(partner)")
            }
            let activity = try await browser.findAll("ol.feed > li")
            #expect(!activity.isEmpty, "the activity feed should list at least one event")

            // For humans: the whole initiative page, Activity included.
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-initiative.png"))
        }
    }

    @Test("A wrong password shows an error and keeps the email")
    func wrongPasswordShowsErrorAndKeepsEmail() async throws {
        try await withDemoSiteInBrowser { site, browser in
            try await browser.navigate(to: site + "/sign-in")
            try await browser.sendKeys(DemoData.ownerAdminEmail, to: browser.find("#field-email"))
            try await browser.sendKeys("not-the-password" + WebDriver.Key.enter, to: browser.find("#field-password"))

            let alert = try await browser.find("[role=alert]")
            #expect(try await browser.text(of: alert) == "That email and password do not match an account.")
            #expect(try await browser.property("value", of: browser.find("#field-email")) == .string(DemoData.ownerAdminEmail))
            #expect(try await browser.property("value", of: browser.find("#field-password")) == .string(""))
            #expect(try await browser.text(of: browser.find("h1")) == "Sign in")
            let cookies = try await browser.cookies().compactMap { $0["name"]?.string }
            #expect(!cookies.contains("__Host-coventure_session"), "a failed sign-in must not set a session")
        }
    }

    @Test("A member verifies a ledger entry in their own browser: the path to the root and the checkpoint's signature; the verify command has a working copy button; the console stays clean")
    func verifyEntryInBrowser() async throws {
        try await withDemoSiteInBrowser { site, browser in
            try await browser.navigate(to: site + "/sign-in")
            try await browser.sendKeys(DemoData.partnerAdminEmail, to: browser.find("#field-email"))
            try await browser.sendKeys(DemoData.password + WebDriver.Key.enter, to: browser.find("#field-password"))
            try await waitForPath(in: browser, "signed-in landing page /") { $0 == "/" }
            try await browser.click(browser.find("nav a", withText: "My initiatives"))
            try await waitForPath(in: browser, "My initiatives") { $0 == "/initiatives" }
            try await browser.click(browser.find("a", withText: "GreenGrid Climate Finance"))
            try await waitForPath(in: browser, "the initiative page") { $0.hasPrefix("/initiatives/") }
            try await browser.click(browser.find("a", withText: "Ledger"))
            try await waitForPath(in: browser, "the ledger page") { $0.hasSuffix("/ledger") }
            #expect(try await browser.pageText().contains("coventure.local/initiatives/"))
            // The verify command, prefilled for this site and initiative, with a copy button the script has shown.
            let command = try await browser.text(of: browser.find("#verify-command"))
            #expect(command.hasPrefix("coventure verify --url \(site) --initiative "))
            #expect(command.contains("--verifier-key coventure.local+"))
            let copy = try await browser.find("button.copy[data-copy='#verify-command']")
            #expect(try await browser.property("hidden", of: copy) == .bool(false), "the script shows the copy button")
            try await browser.click(copy)
            try await browser.wait("the copy button's confirmation") { try await browser.text(of: copy) == "Copied" }
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-ledger.png"))
            // The newest entries are listed first; open the oldest one shown.
            let entries = try await browser.findAll("a[href*='/ledger/']")
            try #require(!entries.isEmpty, "the ledger page lists entries")
            try await browser.click(entries.last!)
            try await waitForPath(in: browser, "the entry page") { $0.range(of: #"/ledger/\d+$"#, options: .regularExpression) != nil }
            try await browser.click(browser.find("#verify-button"))
            let result = try await browser.find("#verify-result")
            try await browser.wait("the browser's verdict") { try await browser.text(of: result).hasPrefix("Verified") }
            let verdict = try await browser.text(of: result)
            #expect(verdict.contains("the inclusion path from this entry's bytes leads to root"))
            #expect(verdict.contains("that checkpoint's Ed25519 signature verifies with the server's verifier key coventure.local+"))
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-ledger-entry.png"))
            #expect(try await browser.consoleProblems() == [], "a clean console on the ledger and entry pages")
        }
    }

    // MARK: Helpers

    /// Serves a migrated app with the demo loaded on a real loopback socket (a free port), opens a browser
    /// session and runs `body` with the site's base URL; always closes the browser and stops the server.
    func withDemoSiteInBrowser(_ body: (_ site: String, _ browser: WebDriver) async throws -> Void) async throws {
        try await withDemoSiteInBrowser(prepare: { _ in }) { site, browser, _ in try await body(site, browser) }
    }

    /// The demo site with more data of a test's own, added by `prepare` before the server starts.
    func withDemoSiteInBrowser(
        prepare: (TestApp) async throws -> Void, _ body: (_ site: String, _ browser: WebDriver) async throws -> Void
    ) async throws {
        try await withDemoSiteInBrowser(prepare: prepare) { site, browser, _ in try await body(site, browser) }
    }

    /// The same, with the app too: a test that sets something up behind the browser while it runs (a deadline passing).
    func withDemoSiteInBrowser(
        prepare: (TestApp) async throws -> Void = { _ in },
        _ body: (_ site: String, _ browser: WebDriver, _ app: TestApp) async throws -> Void
    ) async throws {
        guard let endpoint = BrowserEnvironment.webDriverURL else {
            throw TestSetupError("COVENTURE_REQUIRE_BROWSER=1 but COVENTURE_TEST_WEBDRIVER_URL is not set")
        }
        try await withTestApp(.sqlite) { t in
            try await DemoData.load(into: t.app)
            try await prepare(t)
            try await t.app.asyncBoot()
            let server = t.app.http.server.shared
            try await server.start(address: .hostname(BrowserEnvironment.host, port: 0))
            do {
                guard let port = server.localAddress?.port else { throw TestSetupError("the test server has no port") }
                let site = "http://\(BrowserEnvironment.host):\(port)"
                try await WebDriver.withSession(
                    endpoint: endpoint, client: t.app.client, capabilities: BrowserEnvironment.capabilities
                ) { browser in
                    try await body(site, browser, t)
                }
            } catch {
                await server.shutdown()
                throw error
            }
            await server.shutdown()
        }
    }

    /// Waits for the browser's URL path; on timeout, fails with where the browser is and what it shows.
    func waitForPath(
        in browser: WebDriver, _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ matches: @escaping (String) -> Bool
    ) async throws {
        do {
            try await browser.wait(what) {
                let url = try await browser.currentURL()
                return matches(URLComponents(string: url)?.path ?? url)
            }
        } catch {
            let url = (try? await browser.currentURL()) ?? "?"
            let text = (try? await browser.pageText()) ?? "?"
            Issue.record("expected \(what); the browser is at \(url) showing:\n\(text.prefix(600))", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// Fails precisely when the browser did not keep one of the app's cookies (e.g. refused a `Secure` cookie
    /// over http).
    private func requireCookie(
        _ name: String, in browser: WebDriver, site: String, after step: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let cookies = try await browser.cookies()
        let names = cookies.compactMap { $0["name"]?.string }
        try #require(
            names.contains(name),
            "Chromium did not keep the cookie \(name) from \(site) after \(step); it holds: \(cookies)",
            sourceLocation: sourceLocation)
    }
}

extension Sequence where Element: Sendable {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureDemo
@testable import CoventureServer

@Suite(
    "Browser: workstreams",
    .enabled(
        if: BrowserEnvironment.isEnabled,
        "needs a WebDriver: run chromedriver and set COVENTURE_TEST_WEBDRIVER_URL (e.g. http://127.0.0.1:9515)")
)
struct WorkstreamBrowserTests {
    @Test("A leader starts a temporary stream, assigns people from two parties and adds a work item for a key result; the person's page shows the commitment and the line of sight the chain")
    func leaderBuildsAStream() async throws {
        guard let endpoint = BrowserEnvironment.webDriverURL else {
            throw TestSetupError("COVENTURE_REQUIRE_BROWSER=1 but COVENTURE_TEST_WEBDRIVER_URL is not set")
        }
        try await withTestApp(.sqlite) { t in
            try await DemoData.load(into: t.app)
            func person(_ email: String) async throws -> PersonRow {
                try #require(try await PersonRow.first(t.db, where: "email = \(bind: email)"))
            }
            let dana = try await person(DemoData.ownerAdminEmail)
            let elena = try await person("elena.petrova@helio.example"), lucia = try await person("lucia.romano@quarry.example")
            let amara = try await person("amara.okafor@northbridge.example")
            let lending = try await InitiativeRow.named("SME Digital Lending", on: t.db).id
            // The OKRs are another feature's: made through its store, as its own pages would.
            let objective = try await ObjectiveStore(application: t.app).createObjective(
                initiativeID: lending, CreateObjectiveRequest(title: "Credit decisions in five days", periodStart: "2027-01-01", periodEnd: "2027-06-30"),
                by: Actor(personID: dana.id, organizationID: dana.organizationID))
            let keyResult = try await KeyResultStore(application: t.app).createKeyResult(
                objective.id, CreateKeyResultRequest(title: "Branches on the pilot", kind: "increase", unit: "branches",
                                                     baseline: NumberInput("0"), target: NumberInput("12")),
                by: Actor(personID: dana.id, organizationID: dana.organizationID))

            try await t.app.asyncBoot()
            let server = t.app.http.server.shared
            try await server.start(address: .hostname(BrowserEnvironment.host, port: 0))
            do {
                guard let port = server.localAddress?.port else { throw TestSetupError("the test server has no port") }
                let site = "http://\(BrowserEnvironment.host):\(port)"
                try await WebDriver.withSession(endpoint: endpoint, client: t.app.client, capabilities: BrowserEnvironment.capabilities) { browser in
                    func path() async throws -> String {
                        let url = try await browser.currentURL()
                        return URLComponents(string: url)?.path ?? url
                    }
                    func set(_ css: String, _ value: String) async throws {
                        _ = try await browser.find(css)
                        try await browser.execute("document.querySelector(arguments[0]).value = arguments[1];", arguments: [.string(css), .string(value)])
                    }
                    /// Waits for a condition, reading a page that may still be loading (a stale element is "not yet").
                    func waitFor(_ what: String, _ condition: () async throws -> Bool) async throws {
                        do {
                            try await browser.wait(what, timeout: 10) { (try? await condition()) ?? false }
                        } catch {
                            Issue.record("expected \(what); the browser is at \((try? await browser.currentURL()) ?? "?") showing:\n\(((try? await browser.pageText()) ?? "?").prefix(800))")
                            throw error
                        }
                    }
                    func submit(_ label: String) async throws {
                        try await browser.click(browser.find("button", withText: label))
                    }

                    // Amara (a leader of the owner's party) signs in and opens the workstream map.
                    try await browser.navigate(to: site + SiteURL.signIn.path)
                    try await browser.sendKeys("amara.okafor@northbridge.example", to: browser.find("#field-email"))
                    try await browser.sendKeys(DemoData.password + WebDriver.Key.enter, to: browser.find("#field-password"))
                    try await waitFor("the signed-in landing page, Needs you") { try await path() == SiteURL.home.path }
                    try await browser.click(browser.find("nav a", withText: "My initiatives"))
                    try await waitFor("My initiatives") { try await path() == SiteURL.initiatives.path }
                    try await browser.click(browser.find("a", withText: "SME Digital Lending"))
                    try await waitFor("the initiative page") { try await path() == SiteURL.initiative(.value(lending)).path }
                    try await browser.click(browser.find("a", withText: "Workstream map"))
                    try await waitFor("the workstream map") { try await path() == SiteURL.workstreamMap(.value(lending)).path }

                    // A temporary stream she leads.
                    try await set("#field-kind", "stream")
                    try await browser.sendKeys("Branch pilot", to: browser.find("#field-name"))
                    try await browser.sendKeys("Twelve branches try the five-day decision.", to: browser.find("#field-purpose"))
                    try await set("#field-startDate", "2027-01-04")
                    try await set("#field-endDate", "2027-06-30")
                    try await set("#field-leaderId", amara.id.uuidString.lowercased())
                    try await browser.sendKeys("60", to: browser.find("#field-leaderCommitment"))
                    try await submit("Start workstream")
                    try await waitFor("the new stream's page") { try await browser.text(of: browser.find("h1")) == "Branch pilot" }
                    #expect(try await browser.pageText().contains("4 Jan 2027 → 30 Jun 2027 (temporary)"))

                    // People from two partner parties, then the stream becomes active.
                    for (who, commitment) in [(elena, "30"), (lucia, "20")] {
                        try await set("#field-personId", who.id.uuidString.lowercased())
                        try await browser.sendKeys("Pilot analyst", to: browser.find("#field-role"))
                        try await browser.sendKeys(commitment, to: browser.find("#field-commitment"))
                        try await submit("Assign")
                        try await waitFor("\(who.name) in the stream's people") { _ = try await browser.find(".party a", withText: who.name); return true }
                    }
                    try await set("#field-status", "active")
                    try await submit("Save changes")
                    try await waitFor("the stream is active") { try await !browser.findAll("h1 + .meta .status-active").isEmpty }

                    // It contributes to the key result; Elena's work item moves it.
                    try await set("#field-linkKeyResultId", keyResult.id.uuidString.lowercased())
                    try await submit("Link key result")
                    try await waitFor("the key result linked") {
                        try await browser.findAll("ul.key-results a").isEmpty == false
                    }
                    try await browser.sendKeys("Train the first two branches", to: browser.find("#field-title"))
                    try await set("#field-assigneeId", elena.id.uuidString.lowercased())
                    try await set("#field-keyResultId", keyResult.id.uuidString.lowercased())
                    try await submit("Add work item")
                    try await waitFor("the work item on the board") {
                        try await browser.text(of: browser.find(".board")).contains("Train the first two branches")
                    }
                    let board = try await browser.text(of: browser.find(".board"))
                    #expect(board.contains("Elena Petrova → Branches on the pilot"))
                    let parties = try await browser.findAll(".party h3").asyncMap { try await browser.text(of: $0) }
                    #expect(Set(parties) == ["Northbridge Regional Development Bank", "Helio Systems", "Quarry Labs"])
                    try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-workstream.png"))

                    // Elena's page: her place in the stream and her total commitment.
                    try await browser.click(browser.find(".party a", withText: "Elena Petrova"))
                    try await waitFor("Elena's page") { try await browser.text(of: browser.find("h1")) == "Elena Petrova" }
                    let personText = try await browser.pageText()
                    #expect(personText.contains("Branch pilot"))
                    #expect(personText.contains("30 %"))
                    #expect(personText.contains("Total commitment across open workstreams: 100 %"), "40 % + 30 % in the demo, 30 % here")

                    // Her line of sight: work item → key result → objective.
                    try await browser.navigate(to: site + SiteURL.lineOfSight(.value(lending)).path + "?person=" + elena.id.uuidString.lowercased())
                    let chains = try await browser.text(of: browser.find("#chains"))
                    #expect(chains.contains("Train the first two branches"))
                    #expect(chains.contains("Branches on the pilot"))
                    #expect(chains.contains("Credit decisions in five days"))
                    let work = try await browser.text(of: browser.find("#work"))
                    #expect(work.contains("Branch pilot"))
                    try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-line-of-sight.png"))
                }
            } catch {
                await server.shutdown()
                throw error
            }
            await server.shutdown()
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

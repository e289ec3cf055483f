import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureServer
@testable import CoventureDemo

/// Issue #17 in real Chromium: Dana watches the OKR tree while the partner's admin records an objective through the
/// API; the page shows it without a reload (the script's window state survives), and without JavaScript's errors.
extension BrowserTests {
    @Test("The OKR tree Dana is watching shows the partner's new objective without a reload")
    func liveOKRTree() async throws {
        try await withDemoSiteInBrowser { site, browser, t in
            try await signIn(browser, site: site, as: DemoData.ownerAdminEmail)
            let id = try await InitiativeRow.named("SME Digital Lending", on: t.db).id
            try await browser.navigate(to: site + SiteURL.okrTree(.value(id)).path)
            _ = try await browser.execute("window.stillTheSamePage = true; return true;", arguments: [])

            let marcus = try #require(try await PersonRow.first(t.db, where: "email = \(bind: DemoData.partnerAdminEmail)"))
            let token = try await TokenStore(application: t.app).create(
                name: "live test", personID: marcus.id, organizationID: marcus.organizationID, actor: .operator, secret: "cvt_live-browser-test")
            _ = token
            let title = "Seen live: a shared onboarding checklist"
            let response = try await t.send(.POST, APIURL.initiativeObjectives(.value(id)).path, as: .bearer("cvt_live-browser-test"),
                                            json: ["title": title, "periodStart": "2026-10-01", "periodEnd": "2026-12-31"])
            #expect(response.status == .created, "\(response.text)")
            try await browser.wait("the new objective on the open page", timeout: 15) { try await browser.pageText().contains(title) }

            // Someone typing is never interrupted: the next change shows a notice instead of replacing the page.
            try await browser.sendKeys("Half-written objective", to: browser.find("input[name=title]"))
            let second = "Seen live: the partner's second objective"
            _ = try await t.send(.POST, APIURL.initiativeObjectives(.value(id)).path, as: .bearer("cvt_live-browser-test"),
                                 json: ["title": second, "periodStart": "2026-10-01", "periodEnd": "2026-12-31"])
            try await browser.wait("the notice that the page changed", timeout: 15) { try await browser.pageText().contains("Something changed since you opened this page.") }
            let kept = try await browser.execute("return document.querySelector('input[name=title]').value;", arguments: [])
            #expect(kept.string == "Half-written objective", "what was typed is kept")
            #expect(!(try await browser.pageText().contains(second)), "not replaced under the person's hands")
            let same = try await browser.execute("return window.stillTheSamePage === true;", arguments: [])
            #expect(same.bool == true, "updated in place, not reloaded")
            try await browser.screenshot(to: BrowserEnvironment.screenshotPath("coventure-live-okr-tree.png"))
        }
    }
}

import Foundation
import Testing
import Vapor
@testable import CoventureDemo
@testable import CoventureServer

/// Issue #12's journeys in real Chromium: the owner admin starts an initiative with a long purpose and invites a
/// partner from Members; a fresh invitee reads what they are invited to before creating an account; the partner
/// admin makes an API token. Back and Reload never post a form again, and a refused form keeps what was typed.
extension BrowserTests {
    func signIn(_ browser: WebDriver, site: String, as email: String) async throws {
        try await browser.navigate(to: site + "/sign-in")
        try await browser.sendKeys(email, to: browser.find("#field-email"))
        try await browser.sendKeys(DemoData.password + WebDriver.Key.enter, to: browser.find("#field-password"))
        try await waitForPath(in: browser, "the signed-in landing page") { $0 != "/sign-in" }
    }

    @Test("Owner admin: a long purpose is accepted; a partner invited from Members gets a link and message shown once; the fresh invitee reads the context first and keeps their name when refused")
    func ownerInvitesAFreshPartner() async throws {
        try await withDemoSiteInBrowser { site, browser in
            try await signIn(browser, site: site, as: DemoData.ownerAdminEmail)

            // A purpose of about 2 600 characters, typed.
            try await browser.navigate(to: site + SiteURL.newInitiative.path)
            let purpose = String(repeating: "Finance heat pumps for households, in plain sight of every partner. ", count: 38)
            try await browser.sendKeys("Heat Pump Finance", to: browser.find("#field-name"))
            try await browser.sendKeys(purpose, to: browser.find("#field-purpose"))
            try await browser.click(browser.find("form[action='/initiatives'] button[type=submit]"))
            try await waitForPath(in: browser, "the new initiative's page") { path in
                path.hasPrefix("/initiatives/") && UUID(uuidString: String(path.dropFirst("/initiatives/".count))) != nil
            }
            #expect(try await browser.pageText().contains("Initiative started."))
            let initiativePath = URL(string: try await browser.currentURL())!.path

            // Invite a partner from Members: 303 back there, the link and a ready message shown, with copy buttons.
            try await browser.navigate(to: site + initiativePath + "/members")
            try await browser.sendKeys("Fresh Partner Co", to: browser.find("#invite-partner #field-organizationName"))
            try await browser.sendKeys("lead@fresh.example", to: browser.find("#invite-partner #field-email"))
            try await browser.click(browser.find("#invite-partner button[type=submit]"))
            try await waitForPath(in: browser, "back on Members") { $0 == initiativePath + "/members" }
            let link = try await browser.text(of: browser.find("#flash-secret-0"))
            #expect(link.contains("/invitations/"))
            let message = try await browser.property("value", of: browser.find("#flash-message-0")).string ?? ""
            #expect(message.contains("Dana Whitfield (Northbridge Regional Development Bank) invites Fresh Partner Co to “Heat Pump Finance”"))
            #expect(message.contains(link))
            #expect(try await browser.property("hidden", of: browser.find("button.copy[data-copy='#flash-secret-0']")) == .bool(false),
                    "the script reveals the copy button")
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-invitation-created.png"))

            // Reload shows it again; Back and Forward post nothing.
            try await browser.refresh()
            #expect(try await browser.text(of: browser.find("#flash-secret-0")) == link)
            try await browser.back()
            try await browser.navigate(to: site + initiativePath + "/settings")
            let pending = try await browser.pageText().components(separatedBy: "lead@fresh.example").count - 1
            #expect(pending == 1, "one invitation, however the person moved through the history")
            #expect(try await browser.findAll("#flash-secret-0").isEmpty, "gone once the person moved on")

            // The invitee, fresh: who invites them, to what, why and with whom, before anything is asked.
            try await browser.deleteAllCookies()
            try await browser.navigate(to: link)
            let invitation = try await browser.pageText()
            #expect(invitation.contains("Dana Whitfield of Northbridge Regional Development Bank invites Fresh Partner Co to join “Heat Pump Finance”"))
            #expect(invitation.contains("Finance heat pumps for households"))
            #expect(invitation.contains("Northbridge Regional Development Bank (owner)"))
            try await browser.sendKeys("Fiona Fresh", to: browser.find("#field-name"))
            try await browser.sendKeys("short" + WebDriver.Key.enter, to: browser.find("#field-password"))
            try await browser.wait("the refusal") { try await browser.pageText().contains("Password must be") }
            #expect(try await browser.property("value", of: browser.find("#field-name")) == .string("Fiona Fresh"), "the name is kept")
            try await browser.sendKeys("a long enough password" + WebDriver.Key.enter, to: browser.find("#field-password"))
            try await waitForPath(in: browser, "the initiative, as its new partner") { $0 == initiativePath }
            #expect(try await browser.pageText().contains("Fresh Partner Co"))
            #expect(try await browser.consoleProblems() == [])
        }
    }

    @Test("Partner admin: a new API token is shown on the page it leads to and its reloads, never posted twice, and gone afterwards; at phone width nothing overflows")
    func partnerMakesAToken() async throws {
        try await withDemoSiteInBrowser { site, browser in
            try await signIn(browser, site: site, as: DemoData.partnerAdminEmail)
            for (width, height) in [(1366, 900), (390, 844)] {
                try await browser.resize(width: width, height: height)
                try await browser.navigate(to: site + SiteURL.tokens.path)
                try await browser.sendKeys("report \(width)", to: browser.find("#field-name"))
                try await browser.click(browser.find("form[action='/tokens'] button[type=submit]"))
                try await browser.wait("the token's secret") { try await browser.pageText().contains("Your new API token") }
                let secret = try await browser.text(of: browser.find("#flash-secret-0"))
                #expect(secret.hasPrefix("cvt_"))
                try await browser.refresh()
                #expect(try await browser.text(of: browser.find("#flash-secret-0")) == secret)
                let overflow = try await browser.execute("return document.documentElement.scrollWidth <= window.innerWidth;")
                #expect(overflow == .bool(true), "the tokens page with its secret fits \(width) px")
                if width == 390 { try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-token-phone.png")) }
                try await browser.back()
                try await browser.navigate(to: site + SiteURL.initiatives.path)
                try await browser.navigate(to: site + SiteURL.tokens.path)
                #expect(!(try await browser.pageText().contains(secret)), "gone once the person moved on")
                var rows = 0
                for cell in try await browser.findAll("td") where try await browser.text(of: cell) == "report \(width)" { rows += 1 }
                #expect(rows == 1, "one submit, one token")
            }
            #expect(try await browser.consoleProblems() == [])
        }
    }

    @Test("The key-result form shows only what its kind needs: steps for a milestone, no baseline for binary; a refusal keeps the input")
    func keyResultFormFollowsItsKind() async throws {
        try await withDemoSiteInBrowser { site, browser in
            try await signIn(browser, site: site, as: DemoData.ownerAdminEmail)
            try await browser.navigate(to: site + "/initiatives")
            try await browser.click(browser.find("a", withText: "SME Digital Lending"))
            try await waitForPath(in: browser, "the initiative") { $0.hasPrefix("/initiatives/") }
            try await browser.navigate(to: try await browser.currentURL() + "/okrs")
            let objective = try await browser.find("a[href^='/objectives/']")
            try await browser.click(objective)
            try await waitForPath(in: browser, "an objective") { $0.hasPrefix("/objectives/") }

            func visible(_ name: String) async throws -> Bool {
                try await browser.execute(
                    "var e = document.querySelector('#new-key-result [name=\(name)]'); return !!e && !e.disabled && e.offsetParent !== null;"
                ) == .bool(true)
            }
            #expect(try await browser.execute("return document.querySelector('#field-kind').value") == .string(""), "no kind chosen for the person")
            try await browser.execute("var k = document.querySelector('#field-kind'); k.value = 'milestone'; k.dispatchEvent(new Event('change'));")
            var shown = (steps: try await visible("steps"), baseline: try await visible("baseline"), target: try await visible("target"))
            #expect(shown.steps && !shown.baseline && !shown.target, "milestone: \(shown)")
            try await browser.execute("var k = document.querySelector('#field-kind'); k.value = 'binary'; k.dispatchEvent(new Event('change'));")
            shown = (steps: try await visible("steps"), baseline: try await visible("baseline"), target: try await visible("target"))
            #expect(!shown.steps && !shown.baseline && !shown.target, "binary: \(shown)")
            try await browser.execute("var k = document.querySelector('#field-kind'); k.value = 'increase'; k.dispatchEvent(new Event('change'));")
            shown = (steps: try await visible("steps"), baseline: try await visible("baseline"), target: try await visible("target"))
            #expect(!shown.steps && shown.baseline && shown.target, "increase: \(shown)")

            // Refused: a target equal to the baseline and a weight of 0; both errors at once, the input kept.
            try await browser.sendKeys("Loans decided within five days", to: browser.find("#new-key-result #field-title"))
            try await browser.sendKeys("150", to: browser.find("#field-baseline"))
            try await browser.sendKeys("150", to: browser.find("#field-target"))
            try await browser.clear(browser.find("#new-key-result #field-weight"))
            try await browser.sendKeys("0", to: browser.find("#new-key-result #field-weight"))
            try await browser.click(browser.find("#new-key-result button.primary"))
            try await browser.wait("the refusal") { try await browser.pageText().contains("Please correct these 2 things") }
            #expect(try await browser.pageText().contains("Target must differ from the baseline"))
            #expect(try await browser.pageText().contains("Weight must be more than 0"))
            #expect(try await browser.property("value", of: browser.find("#field-target")) == .string("150"))
            #expect(try await visible("baseline"), "the kind chosen is kept, and so are its fields")
        }
    }
}

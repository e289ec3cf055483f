import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureDemo
@testable import CoventureServer

/// Issue #15 in real Chromium: a stream's leader adopts another party's practice, records a retrospective that
/// proposes a change to it, another party accepts the change, and the practice page shows both versions with the diff.
extension BrowserTests {
    @Test("A stream leader adopts a partner's practice, a retrospective proposes a change, another party accepts it, both versions show with the diff")
    func adoptRefineAccept() async throws {
        try await withDemoSiteInBrowser { site, browser, t in
            let venture = try await InitiativeRow.named("GreenGrid Climate Finance", on: t.db).id
            // Quarry Labs' "Retrofit readiness check", accepted by Helio, which the bank-led stream does not use yet.
            let practice = try #require(try await PracticeReader(db: t.db).practices(venture).first { $0.shown.content.name == "Retrofit readiness check" })
            let stream = try #require(try await PracticeReader(db: t.db).streams(venture).first { $0.name == "Household energy savings" })
            let streamPath = SiteURL.workstream(.value(venture), stream: .value(stream.id)).path

            // Tomasz (the bank, the stream's leader) adopts it on the stream page.
            try await signIn(browser, site: site, as: "tomasz.nowak@northbridge.example")
            try await browser.navigate(to: site + streamPath)
            try await browser.click(browser.find(".stream-practices details summary"))
            try await browser.click(browser.find("#field-practiceId option[value='\(practice.id.uuidString.lowercased())']"))
            try await browser.sendKeys("On the pilot streets, run by Quarry's advisors with our field officers listening in.", to: browser.find("#field-tailoring"))
            _ = try await browser.execute("document.getElementById('field-reviewOn').value = '2099-03-31';")
            try await browser.click(browser.find(".stream-practices form.adopt-form button[type=submit]"))
            try await browser.wait("the adoption recorded", timeout: 60) { try await browser.pageText().contains("Adopted Retrofit readiness check") }

            // A retrospective proposes a shorter call.
            try await browser.click(browser.find("a[href$='/retrospectives']"))
            try await waitForPath(in: browser, "the retrospectives") { $0.hasSuffix("/retrospectives") }
            try await browser.click(browser.find("a[href*='?practice=\(practice.id.uuidString.lowercased())']"))
            try await browser.wait("the proposal prefilled", timeout: 60) { try await browser.pageText().contains("Proposed change to Retrofit readiness check") }
            let today = CalendarDate(Date(), in: TimeZone(identifier: "UTC")!).description
            _ = try await browser.execute("document.getElementById('field-heldOn').value = '\(today)';")
            try await browser.sendKeys("Households answered faster than expected.", to: browser.find("#field-helped"))
            try await browser.sendKeys("Fifteen minutes is enough once the photos come first.", to: browser.find("#field-proposal\\.reason"))
            try await browser.clear(browser.find("#field-proposal\\.durationMinutes"))
            try await browser.sendKeys("15", to: browser.find("#field-proposal\\.durationMinutes"))
            try await browser.clear(browser.find("#field-proposal\\.howTo"))
            try await browser.sendKeys("""
                Use this before booking a survey, to spare households a visit that cannot lead anywhere yet.

                ### Steps
                1. Ask for two photos first: the meter cupboard and the outside wall.
                2. Ask about insulation, radiators and the current boiler's age.
                3. Score readiness from 1 to 5 and tell the household what would raise it.
                """, to: browser.find("#field-proposal\\.howTo"))
            try await browser.click(browser.find(".retrospective-form button[type=submit]"))
            try await browser.wait("the retrospective recorded", timeout: 60) { try await browser.pageText().contains("Recorded, with version 2 proposed") }

            // Marcus (Helio, another party than the bank) accepts it.
            try await browser.deleteAllCookies()
            try await signIn(browser, site: site, as: DemoData.partnerAdminEmail)
            let practicePath = SiteURL.practice(.value(venture), practice: .value(practice.id)).path
            try await browser.navigate(to: site + practicePath)
            try await browser.click(browser.find("#field-verdict option[value=accept]"))
            try await browser.click(browser.find(".review-form button[type=submit]"))
            try await browser.wait("the review recorded", timeout: 60) { try await browser.pageText().contains("Accepted: version 2 is in force") }

            let text = try await browser.pageText()
            #expect(text.contains("Version 2") && text.contains("Version 1"), "both versions are listed")
            #expect(text.contains("Fifteen minutes is enough once the photos come first."), "with the reason")
            let diff = try await browser.execute(
                "return Array.from(document.querySelectorAll(\"[data-version='2'] .diff-lines ins\")).map(function (e) { return e.textContent; }).join('|');")
            #expect(diff.string?.contains("Ask for two photos first") == true, "the diff shows the added line: \(diff)")
            let removed = try await browser.execute(
                "return Array.from(document.querySelectorAll(\"[data-version='2'] .diff-lines del\")).map(function (e) { return e.textContent; }).join('|');")
            #expect(removed.string?.contains("Ask about insulation, radiators and the current boiler's age.") == true || removed.string?.contains("Ask for two photos: the meter cupboard") == true,
                    "and the removed one: \(removed)")
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-practice-versions.png"))
            try await browser.navigate(to: site + SiteURL.practices(.value(venture)).path)
            try await browser.screenshot(to: BrowserEnvironment.screenshotPath("coventure-practice-mesh.png"))
            try await browser.setViewport(width: 390, height: 844)
            for path in [SiteURL.practices(.value(venture)).path, practicePath] {
                try await browser.navigate(to: site + path)
                let overflow = try await browser.execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
                #expect(overflow == .number(0), "no sideways scroll at 390 px on \(path): \(overflow)")
            }
            try await browser.fullPageScreenshot(to: BrowserEnvironment.screenshotPath("coventure-practice-versions-phone.png"))
            #expect(try await browser.consoleProblems() == [])
        }
    }
}

import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

@Suite("OKR pages")
struct OKRPageTests {
    static let needles = ["<script>alert", "onmouseover='alert", "<img src=x", "' x='", "\"><script", "</textarea><img"]

    @Test("Hostile titles, units, steps and narratives render as harmless text on every OKR page, the SVG chart included",
          arguments: TestDatabase.all)
    func hostileStrings(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let hostile = PageSafetyTests.hostile.joined(separator: " ")
            let owner = try await Factory.person(t, name: PageSafetyTests.hostile[0], organization: "Bank " + PageSafetyTests.hostile[2], orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let goal = try await ObjectiveStore(application: t.app).createObjective(
                initiativeID: nil, organizationID: owner.organizationID,
                CreateObjectiveRequest(title: String(hostile.prefix(200)), periodStart: "2027-01-01", periodEnd: "2027-03-31"), by: owner.actor)
            let objective = try await ObjectiveStore(application: t.app).createObjective(
                initiativeID: initiative.id,
                CreateObjectiveRequest(title: String(hostile.prefix(200)), description: hostile, periodStart: "2027-01-01", periodEnd: "2027-03-31",
                                       periodName: String(PageSafetyTests.hostile[1].prefix(80)), ownerId: owner.id),
                by: owner.actor)
            _ = try await ObjectiveStore(application: t.app).align(objective.id, AlignmentRequest(parentId: goal.id), by: owner.actor)
            let measured = try await KeyResultStore(application: t.app).createKeyResult(
                objective.id, CreateKeyResultRequest(title: String(hostile.prefix(200)), kind: "increase", unit: String(PageSafetyTests.hostile[0].prefix(40)),
                                                     baseline: NumberInput("1"), target: NumberInput("9"), ownerId: owner.id), by: owner.actor)
            let milestone = try await KeyResultStore(application: t.app).createKeyResult(
                objective.id, CreateKeyResultRequest(title: "Steps", kind: "milestone", steps: PageSafetyTests.hostile), by: owner.actor)
            _ = try await KeyResultStore(application: t.app).checkIn(measured.id, CheckInRequest(value: NumberInput("3"), confidence: "onTrack", narrative: hostile), by: owner.actor)
            _ = try await KeyResultStore(application: t.app).checkIn(measured.id, CheckInRequest(value: NumberInput("4"), confidence: "atRisk", narrative: hostile), by: owner.actor)
            _ = try await KeyResultStore(application: t.app).checkIn(milestone.id, CheckInRequest(value: NumberInput("2"), confidence: "onTrack"), by: owner.actor)
            let session = try await Factory.session(t, owner)
            let pages: [SiteURL] = [
                .okrTree(.value(initiative.id)), .objective(.value(objective.id)), .objective(.value(goal.id)), .keyResult(.value(measured.id)),
                .keyResult(.value(milestone.id)), .lineOfSight(.value(initiative.id)), .organizationOKRs(.value(owner.organizationID)),
                .initiative(.value(initiative.id)), .okrImport(.value(initiative.id)),
            ]
            for page in pages {
                let response = try await t.send(.GET, page.path, as: session)
                #expect(response.status == .ok, "\(page.path)")
                for needle in Self.needles {
                    #expect(!response.text.contains(needle), "\(page.path) contains raw \(needle)")
                }
            }
            let chart = try await t.send(.GET, SiteURL.keyResult(.value(measured.id)).path, as: session).text
            #expect(chart.contains("<svg class=\"chart\""))
            #expect(chart.contains("class=\"target\""))
            #expect(chart.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

            // An import whose problems quote hostile input shows them escaped.
            let csv = OKRTransfer.columns.joined(separator: ",") + "\nO1,,objective,Fine,\"\(PageSafetyTests.hostile[0].replacingOccurrences(of: "\"", with: "\"\""))\",,,,,,1,2027-01-01,2027-03-31,\n"
            let refused = try await t.send(.POST, SiteURL.okrImport(.value(initiative.id)).path, as: session, form: ["csv": csv])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("owner_email"))
            for needle in Self.needles { #expect(!refused.text.contains(needle)) }
        }
    }

    @Test("A check-in form that fails re-renders with the message beside the field and the input kept; a good one redirects",
          arguments: TestDatabase.all)
    func checkInForm(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, name: "Olivia", organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let objective = try await ObjectiveStore(application: t.app).createObjective(
                initiativeID: initiative.id, CreateObjectiveRequest(title: "Grow", periodStart: "2027-01-01", periodEnd: "2027-03-31"), by: owner.actor)
            let kr = try await KeyResultStore(application: t.app).createKeyResult(
                objective.id, CreateKeyResultRequest(title: "Volume", kind: "increase", baseline: NumberInput("0"), target: NumberInput("10")), by: owner.actor)
            _ = try await KeyResultStore(application: t.app).checkIn(kr.id, CheckInRequest(value: NumberInput("1"), confidence: "onTrack"), by: owner.actor)
            let session = try await Factory.session(t, owner)
            let path = SiteURL.keyResultCheckIns(.value(kr.id)).path

            let silent = try await t.send(.POST, path, as: session, form: ["value": "2,5", "confidence": "offTrack", "narrative": ""])
            #expect(silent.status == .badRequest)
            #expect(silent.text.contains("is required when the confidence changes"))
            #expect(silent.text.contains("value=\"2,5\""), "the typed value is kept")
            let ambiguous = try await t.send(.POST, path, as: session, form: ["value": "1,500", "confidence": "onTrack"])
            #expect(ambiguous.status == .badRequest)
            #expect(ambiguous.text.contains("could be read as thousands"))

            let good = try await t.send(.POST, path, as: session, form: ["value": "2,5", "confidence": "offTrack", "narrative": "Bank holiday week."])
            #expect(good.status == .seeOther)
            let page = try await t.send(.GET, SiteURL.keyResult(.value(kr.id)).path, as: session)
            #expect(page.text.contains("Bank holiday week."))
            // An empty choice carries an empty value (`<option value>` is `value=""`): without the attribute, browsers
            // would submit the option's label.
            #expect(page.text.contains("<option value>Nothing: a new check-in</option>"))
            #expect(page.text.contains("25 %"))
            #expect(try await KeyResultRow.find(kr.id, t.db)?.currentValue == "2.5")
        }
    }
}

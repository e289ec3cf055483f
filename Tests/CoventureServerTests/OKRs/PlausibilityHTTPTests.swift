import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// Issue #12, bug 5: a value that is allowed but implausible (250 % availability, a negative count of days, an
/// objective entirely in the past) is not recorded from a page until the person confirms it; the JSON API records it
/// as sent.
@Suite("Implausible values are confirmed before they are recorded")
struct PlausibilityHTTPTests {
    struct Setup {
        var owner: SignedInPerson
        var initiative: InitiativeDTO
        var objective: ObjectiveDTO
        var availability: KeyResultDTO
        var session: Caller
    }

    static func setup(_ t: TestApp) async throws -> Setup {
        let owner = try await Factory.person(t, name: "Olivia", organization: "Bank", orgAdmin: true)
        let initiative = try await Factory.initiative(t, by: owner)
        let objective = try await ObjectiveStore(application: t.app).createObjective(
            initiativeID: initiative.id, CreateObjectiveRequest(title: "Reliable", periodStart: "2027-01-01", periodEnd: "2027-12-31"),
            by: owner.actor)
        let availability = try await KeyResultStore(application: t.app).createKeyResult(
            objective.id, CreateKeyResultRequest(title: "Availability", kind: "stayAbove", unit: "%", target: NumberInput("98")),
            by: owner.actor)
        return Setup(owner: owner, initiative: initiative, objective: objective, availability: availability,
                     session: try await Factory.session(t, owner))
    }

    @Test("A check-in of 250 % is sent back with the value named and kept, nothing recorded; confirmed, it is recorded",
          arguments: TestDatabase.all)
    func checkInAbove100(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Self.setup(t)
            let path = SiteURL.keyResultCheckIns(.value(s.availability.id)).path
            let before = try await t.eventCount()

            let asked = try await t.send(.POST, path, as: s.session, form: ["value": "250", "confidence": "onTrack", "narrative": "Odd week"])
            #expect(asked.status == .badRequest)
            #expect(asked.text.contains("<p class=\"error\" id=\"field-value-error\">Value is above 100 % (250 %)"))
            #expect(asked.text.contains("value=\"250\""), "the typed value is kept")
            #expect(asked.text.contains(">Odd week</textarea>"), "the narrative is kept")
            #expect(asked.text.contains("name=\"confirm\" value=\"1\""))
            #expect(asked.text.contains("Yes, record it anyway"))
            #expect(try await t.eventCount() == before, "nothing recorded")
            #expect(try await KeyResultRow.find(s.availability.id, t.db)?.currentValue == nil)

            let confirmed = try await t.send(
                .POST, path, as: s.session, form: ["value": "250", "confidence": "onTrack", "narrative": "Odd week", "confirm": "1"])
            #expect(confirmed.status == .seeOther)
            #expect(confirmed.headers.first(name: .location) == SiteURL.keyResult(.value(s.availability.id)).path)
            #expect(try await KeyResultRow.find(s.availability.id, t.db)?.currentValue == "250")
            #expect(try await t.eventCount() == before + 1)
        }
    }

    @Test("A plausible check-in (97.9 %) is recorded at once, without a confirmation step", arguments: TestDatabase.all)
    func plausibleCheckIn(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Self.setup(t)
            let response = try await t.send(
                .POST, SiteURL.keyResultCheckIns(.value(s.availability.id)).path, as: s.session, form: ["value": "97,9", "confidence": "onTrack"])
            #expect(response.status == .seeOther)
            let page = try await t.send(.GET, SiteURL.keyResult(.value(s.availability.id)).path, as: s.session)
            #expect(page.text.contains("0.1\u{00A0}% below the threshold"), "the distance to the threshold is shown")
        }
    }

    @Test("A negative number of days is asked about, naming the value", arguments: TestDatabase.all)
    func negativeDays(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Self.setup(t)
            let days = try await KeyResultStore(application: t.app).createKeyResult(
                s.objective.id, CreateKeyResultRequest(title: "Days", kind: "decrease", unit: "days", baseline: NumberInput("42"), target: NumberInput("5")),
                by: s.owner.actor)
            let asked = try await t.send(.POST, SiteURL.keyResultCheckIns(.value(days.id)).path, as: s.session, form: ["value": "-3", "confidence": "onTrack"])
            #expect(asked.status == .badRequest)
            #expect(asked.text.contains("Value is below zero (-3 days)"))
            #expect(try await KeyResultRow.find(days.id, t.db)?.currentValue == nil)
        }
    }

    @Test("The API records 250 % as sent: no confirmation there", arguments: TestDatabase.all)
    func apiUnchanged(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Self.setup(t)
            let token = try await Factory.token(t, s.owner)
            let response = try await t.send(
                .POST, APIURL.keyResultCheckIns(.value(s.availability.id)).path, as: token, json: ["value": "250", "confidence": "onTrack"])
            #expect(response.status == .created)
            #expect(try await KeyResultRow.find(s.availability.id, t.db)?.currentValue == "250")
        }
    }

    @Test("A key result with a 250 % target is asked about, its input kept; confirmed, it is created", arguments: TestDatabase.all)
    func keyResultTarget(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Self.setup(t)
            let path = SiteURL.objectiveKeyResults(.value(s.objective.id)).path
            let form = ["title": "Uptime share", "kind": "increase", "unit": "%", "baseline": "90", "target": "250", "weight": "1", "ownerId": ""]
            let before = try await KeyResultRow.count(t.db)

            let asked = try await t.send(.POST, path, as: s.session, form: form)
            #expect(asked.status == .badRequest)
            #expect(asked.text.contains("<p class=\"error\" id=\"field-target-error\">Target is above 100 % (250 %)"))
            #expect(asked.text.contains("value=\"Uptime share\""))
            #expect(asked.text.contains("name=\"confirm\""))
            #expect(try await KeyResultRow.count(t.db) == before)

            var confirmed = form
            confirmed["confirm"] = "1"
            let created = try await t.send(.POST, path, as: s.session, form: confirmed)
            #expect(created.status == .seeOther)
            #expect(try await KeyResultRow.count(t.db) == before + 1)
        }
    }

    @Test("An objective whose whole period is past is asked about; confirmed, it is created", arguments: TestDatabase.all)
    func pastObjective(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Self.setup(t)
            let path = SiteURL.okrTree(.value(s.initiative.id)).path
            let form = ["title": "Last year's", "periodStart": "2020-01-01", "periodEnd": "2020-12-31", "weight": "1",
                        "organizationId": s.owner.organizationID.uuidString]
            let before = try await ObjectiveRow.count(t.db)

            let asked = try await t.send(.POST, path, as: s.session, form: form)
            #expect(asked.status == .badRequest)
            #expect(asked.text.contains("<p class=\"error\" id=\"field-periodEnd-error\">Period ends is in the past (2020-12-31)"))
            #expect(asked.text.contains("value=\"2020-12-31\""))
            #expect(try await ObjectiveRow.count(t.db) == before)

            var confirmed = form
            confirmed["confirm"] = "1"
            #expect(try await t.send(.POST, path, as: s.session, form: confirmed).status == .seeOther)
            #expect(try await ObjectiveRow.count(t.db) == before + 1)

            let ahead = try await t.send(.POST, path, as: s.session, form: form.merging(["periodStart": "2099-01-01", "periodEnd": "2099-06-30"]) { $1 })
            #expect(ahead.status == .seeOther, "a period ahead needs no confirmation")
        }
    }

    @Test("An organization's own objective in the past is asked about too", arguments: TestDatabase.all)
    func pastOrganizationObjective(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Self.setup(t)
            let path = SiteURL.organizationOKRs(.value(s.owner.organizationID)).path
            let asked = try await t.send(.POST, path, as: s.session, form: ["title": "Old", "periodStart": "2020-01-01", "periodEnd": "2020-06-30"])
            #expect(asked.status == .badRequest)
            #expect(asked.text.contains("Yes, record it anyway"))
            #expect(try await t.send(.POST, path, as: s.session, form: ["title": "Old", "periodStart": "2020-01-01", "periodEnd": "2020-06-30", "confirm": "1"])
                .status == .seeOther)
        }
    }
}

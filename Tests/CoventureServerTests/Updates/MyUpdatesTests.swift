import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// "My updates" over HTTP (issue #16), on both databases: every key result a person owns on one page and in the API,
/// one submit recording each changed row as its own check-in, all or nothing, and nothing for untouched rows.
@Suite("My updates")
struct MyUpdatesTests {
    /// A partnership where the contributor owns three key results of the initiative and one of their bank's own, and
    /// the partner owns one.
    struct Owned {
        var p: DecisionAPITests.Partnership
        var applications: KeyResultDTO
        var regions: KeyResultDTO
        var launched: KeyResultDTO
        var bookGrowth: KeyResultDTO
        var partners: KeyResultDTO
        var session: Caller
    }

    static func owned(_ t: TestApp) async throws -> Owned {
        let p = try await DecisionAPITests.partnership(t)
        let objectives = ObjectiveStore(application: t.app), keyResults = KeyResultStore(application: t.app)
        let objective = try await objectives.createObjective(
            initiativeID: p.initiative.id, CreateObjectiveRequest(title: "Launch digital lending", periodStart: "2026-01-01", periodEnd: "2027-12-31"),
            by: p.owner.actor)
        let own = try await objectives.createObjective(
            initiativeID: nil, organizationID: p.owner.organizationID,
            CreateObjectiveRequest(title: "Grow SME lending", periodStart: "2026-01-01", periodEnd: "2027-12-31"), by: p.owner.actor)
        func keyResult(_ objective: ObjectiveDTO, _ title: String, _ kind: String, target: String? = nil, owner: SignedInPerson) async throws -> KeyResultDTO {
            try await keyResults.createKeyResult(
                objective.id,
                CreateKeyResultRequest(title: title, kind: kind, unit: kind == "increase" ? "applications" : "",
                                       baseline: target == nil ? nil : NumberInput("100"), target: target.map(NumberInput.init), ownerId: owner.id),
                by: p.owner.actor)
        }
        let applications = try await keyResult(objective, "Applications a month", "increase", target: "500", owner: p.contributor)
        _ = try await keyResults.checkIn(applications.id, CheckInRequest(value: NumberInput("200"), confidence: "onTrack", narrative: "First month."),
                                         by: p.contributor.actor)
        let regions = try await keyResult(objective, "Branches live", "increase", target: "140", owner: p.contributor)
        _ = try await keyResults.checkIn(regions.id, CheckInRequest(value: NumberInput("101"), confidence: "atRisk", narrative: "One region."),
                                         by: p.contributor.actor)
        let launched = try await keyResult(objective, "Launched", "binary", owner: p.contributor)
        let bookGrowth = try await keyResult(own, "Book growth", "increase", target: "115", owner: p.contributor)
        let partners = try await keyResult(objective, "Partner's own", "increase", target: "300", owner: p.partner)
        // As they stand now, check-ins included.
        let reader = OKRReader(application: t.app)
        return Owned(
            p: p, applications: try await reader.keyResult(applications.id), regions: try await reader.keyResult(regions.id),
            launched: launched, bookGrowth: bookGrowth, partners: partners, session: try await Factory.session(t, p.contributor))
    }

    static func checkIns(_ t: TestApp, _ keyResults: [UUID]) async throws -> Int {
        try await CheckInRow.all(t.db, "key_result_id", in: keyResults).count
    }

    static func field(_ name: String, _ id: UUID) -> String { "\(name)-\(id.uuidString.lowercased())" }

    /// The form exactly as the page fills it: each row's shown figures, and its inputs holding them.
    static func untouchedForm(_ keyResults: [KeyResultDTO]) -> [String: String] {
        keyResults.reduce(into: [:]) { form, kr in
            let value = kr.current.map { DecimalInput.canonical(Decimal($0)) } ?? ""
            form[field("shown-value", kr.id)] = value
            form[field("value", kr.id)] = value
            form[field("shown-confidence", kr.id)] = kr.confidence?.rawValue ?? ""
            form[field("confidence", kr.id)] = kr.confidence?.rawValue ?? ""
            form[field("narrative", kr.id)] = ""
        }
    }

    @Test("The page and the API list every key result I own, in my initiatives and my organization's own, and nobody else's", arguments: TestDatabase.all)
    func listsMine(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let o = try await Self.owned(t)
            let response = try await t.send(.GET, APIURL.myKeyResults.path, as: o.p.contributorToken)
            #expect(response.status == .ok, "\(response.text)")
            let page = try t.decode(ListPage<MyKeyResultDTO>.self, from: response)
            #expect(page.items.map(\.keyResult.id) == [o.applications.id, o.regions.id, o.launched.id, o.bookGrowth.id])
            #expect(page.items.map(\.scopeName) == [o.p.initiative.name, o.p.initiative.name, o.p.initiative.name, o.p.owner.organizationName])
            #expect(page.items.allSatisfy { !$0.stale && $0.staleAfterDays == 14 && $0.daysSinceCheckIn == 0 })
            #expect(page.items.first?.objectiveTitle == "Launch digital lending")

            let html = try await t.send(.GET, SiteURL.myUpdates.path, as: o.session)
            #expect(html.status == .ok)
            for kr in [o.applications, o.regions, o.launched, o.bookGrowth] {
                #expect(html.text.contains(kr.title) && html.text.contains("id=\"field-\(Self.field("value", kr.id))\""))
            }
            #expect(!html.text.contains("Partner's own"), "someone else's key result")
            #expect(html.text.contains("You own 4 key results, all checked in recently."))
            // The page's own filling: the current value and confidence, a placeholder where there is none yet.
            #expect(html.text.contains("name=\"\(Self.field("value", o.applications.id))\" value=\"200\""))
            #expect(html.text.contains("Not set yet"))

            let theirs = try t.decode(ListPage<MyKeyResultDTO>.self, from: try await t.send(.GET, APIURL.myKeyResults.path, as: o.p.partnerToken))
            #expect(theirs.items.map(\.keyResult.id) == [o.partners.id])
            #expect(try await t.send(.GET, APIURL.myKeyResults.path).status == .unauthorized)
        }
    }

    @Test("One submit records each changed row as its own check-in; rows left as shown record nothing", arguments: TestDatabase.all)
    func submitRecordsChangedRows(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let o = try await Self.owned(t)
            let all = [o.applications, o.regions, o.launched, o.bookGrowth]
            let before = try await Self.checkIns(t, all.map(\.id))
            let events = try await t.eventCount()
            var form = Self.untouchedForm(all)
            form[Self.field("value", o.applications.id)] = "260,5"
            form[Self.field("value", o.launched.id)] = "1"
            form[Self.field("confidence", o.launched.id)] = "onTrack"
            // A narrative alone confirms a figure unchanged.
            form[Self.field("narrative", o.bookGrowth.id)] = "No change this week."
            form[Self.field("value", o.bookGrowth.id)] = "100"
            form[Self.field("confidence", o.bookGrowth.id)] = "onTrack"

            let response = try await t.send(.POST, SiteURL.myUpdates.path, as: o.session, form: form)
            #expect(response.status == .seeOther, "\(response.text)")
            #expect(response.headers.first(name: .location) == SiteURL.myUpdates.path)
            #expect(try await Self.checkIns(t, all.map(\.id)) == before + 3)
            #expect(try await t.eventCount() == events + 3, "each row is a check-in of its own in the ledger")
            let applications = try await OKRReader(application: t.app).keyResult(o.applications.id)
            #expect(applications.current == 260.5)
            let regions = try await OKRReader(application: t.app).keyResult(o.regions.id)
            #expect(regions.checkIns?.count == 1, "the untouched row recorded nothing")
            let page = try await t.follow(response, as: o.session)
            #expect(page.text.contains("Recorded 3 check-ins."))

            // The same untouched form again: nothing changed, nothing recorded.
            let again = try await t.send(.POST, SiteURL.myUpdates.path, as: o.session, form: Self.untouchedForm(all))
            #expect(again.status == .seeOther)
            #expect(try await Self.checkIns(t, all.map(\.id)) == before + 3)
        }
    }

    @Test("A refused row records nothing at all: every row's input comes back, each refusal at its row", arguments: TestDatabase.all)
    func refusedRowRecordsNothing(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let o = try await Self.owned(t)
            let all = [o.applications, o.regions, o.launched, o.bookGrowth]
            let before = try await Self.checkIns(t, all.map(\.id))
            var form = Self.untouchedForm(all)
            form[Self.field("value", o.applications.id)] = "275"
            // The confidence changes without a narrative; the binary key result gets a 7.
            form[Self.field("confidence", o.regions.id)] = "offTrack"
            form[Self.field("value", o.regions.id)] = "102"
            form[Self.field("value", o.launched.id)] = "7"
            form[Self.field("confidence", o.launched.id)] = "onTrack"
            form[Self.field("narrative", o.launched.id)] = "Almost there."

            let response = try await t.send(.POST, SiteURL.myUpdates.path, as: o.session, form: form)
            #expect(response.status == .badRequest)
            #expect(try await Self.checkIns(t, all.map(\.id)) == before, "nothing recorded, not even the valid row")
            let html = response.text
            #expect(html.contains("Nothing was recorded. Please correct these 2 things:"))
            #expect(html.contains("id=\"field-\(Self.field("narrative", o.regions.id))-error\""))
            #expect(html.contains("Narrative is required when the confidence changes"))
            #expect(html.contains("id=\"field-\(Self.field("value", o.launched.id))-error\""))
            // Every row's input is kept, the valid row's too.
            #expect(html.contains("name=\"\(Self.field("value", o.applications.id))\" value=\"275\""))
            #expect(html.contains("name=\"\(Self.field("value", o.launched.id))\" value=\"7\""))
            #expect(html.contains("Almost there."))

            // An unreadable number is refused at its row before anything is tried.
            var typo = Self.untouchedForm(all)
            typo[Self.field("value", o.applications.id)] = "2 75"
            let refused = try await t.send(.POST, SiteURL.myUpdates.path, as: o.session, form: typo)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("id=\"field-\(Self.field("value", o.applications.id))-error\""))
        }
    }

    @Test("The API records several check-ins at once, or refuses naming the row and records none", arguments: TestDatabase.all)
    func apiBatch(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let o = try await Self.owned(t)
            let all = [o.applications.id, o.regions.id, o.launched.id, o.bookGrowth.id]
            struct Row: Encodable, Sendable { var keyResultId: UUID?; var value: Double?; var confidence: String?; var narrative: String? }
            struct Body: Encodable, Sendable { var checkIns: [Row] }
            let path = APIURL.myCheckIns.path
            let before = try await Self.checkIns(t, all)

            let refused = try await t.send(.POST, path, as: o.p.contributorToken, json: Body(checkIns: [
                Row(keyResultId: o.applications.id, value: 300, confidence: "onTrack"),
                Row(keyResultId: o.regions.id, value: 103, confidence: "onTrack"),
            ]))
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("\"field\":\"checkIns[1].narrative\""), "\(refused.text)")
            #expect(try await Self.checkIns(t, all) == before)

            let duplicate = try await t.send(.POST, path, as: o.p.contributorToken, json: Body(checkIns: [
                Row(keyResultId: o.applications.id, value: 300, confidence: "onTrack"), Row(keyResultId: o.applications.id, value: 301, confidence: "onTrack"),
            ]))
            #expect(duplicate.status == .badRequest && duplicate.text.contains("checkIns[1].keyResultId"))
            let empty = try await t.send(.POST, path, as: o.p.contributorToken, json: Body(checkIns: []))
            #expect(empty.status == .badRequest && empty.text.contains("\"field\":\"checkIns\""))

            // A key result the caller may not check in on refuses the whole batch.
            let forbidden = try await t.send(.POST, path, as: o.p.observerToken, json: Body(checkIns: [
                Row(keyResultId: o.applications.id, value: 300, confidence: "onTrack"),
            ]))
            #expect(forbidden.status == .forbidden || forbidden.status == .notFound)
            let unknown = try await t.send(.POST, path, as: o.p.contributorToken, json: Body(checkIns: [
                Row(keyResultId: o.applications.id, value: 300, confidence: "onTrack"), Row(keyResultId: UUID(), value: 1, confidence: "onTrack"),
            ]))
            #expect(unknown.status == .notFound)
            #expect(try await Self.checkIns(t, all) == before)

            let recorded = try await t.send(.POST, path, as: o.p.contributorToken, json: Body(checkIns: [
                Row(keyResultId: o.applications.id, value: 300, confidence: "onTrack"),
                Row(keyResultId: o.regions.id, value: 103, confidence: "onTrack", narrative: "Second region live."),
            ]))
            #expect(recorded.status == .created, "\(recorded.text)")
            let results = try t.decode(MyCheckInsDTO.self, from: recorded).results
            #expect(results.map(\.keyResultId) == [o.applications.id, o.regions.id])
            #expect(results.map(\.checkIn.value) == [300, 103] && results.allSatisfy { $0.status == "recorded" && $0.checkIn.personName == "Chris Contributor" })
            #expect(try await Self.checkIns(t, all) == before + 2)
        }
    }

    @Test("A stale key result is marked by its initiative's window", arguments: TestDatabase.all)
    func staleMark(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let o = try await Self.owned(t)
            _ = try await KeyResultStore(application: t.app).setStaleDays(o.p.initiative.id, OKRSettingsRequest(checkInStaleDays: 7), by: o.p.owner.actor)
            _ = try await KeyResultStore(application: t.app).checkIn(
                o.regions.id, CheckInRequest(value: NumberInput("102"), confidence: "atRisk", narrative: ""), by: o.p.contributor.actor,
                at: Date().addingTimeInterval(-9 * 86_400))
            // The backdated check-in does not replace the newer one: make the key result's last check-in old.
            try await (t.db as! any SQLDatabase).raw("""
                UPDATE key_results SET last_check_in_at = \(bind: Date().addingTimeInterval(-9 * 86_400)) WHERE id = \(bind: o.regions.id)
                """).run()
            let page = try t.decode(ListPage<MyKeyResultDTO>.self, from: try await t.send(.GET, APIURL.myKeyResults.path, as: o.p.contributorToken))
            let regions = try #require(page.items.first { $0.keyResult.id == o.regions.id })
            #expect(regions.stale && regions.staleAfterDays == 7 && regions.daysSinceCheckIn == 9)
            let html = try await t.send(.GET, SiteURL.myUpdates.path, as: o.session)
            #expect(html.text.contains("Stale: 9 days"))
            #expect(html.text.contains("1 of them stale"))
        }
    }
}

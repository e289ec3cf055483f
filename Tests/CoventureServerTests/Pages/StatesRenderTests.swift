import CoventureCore
import Foundation
import Plot
import Testing

@testable import CoventureServer

/// Issue #12, bug 5 and the smaller fixes: what a page says about a state must not mislead (a stale "On track", an
/// empty report called aligned, "not agreed" for a charter that does not exist, a threshold shown as a bare 0 %), and
/// the wording every page shares (counts, days, roles, the initiative's navigation).
@Suite("Pages show states as they are")
struct StatesRenderTests {
    typealias F = Fixture

    static func keyResultPage(
        _ keyResult: KeyResultDTO, now: Date = F.now, concerns: [PlausibilityConcern] = [], form: [String: String] = [:],
        errors: [String: String] = [:]
    ) -> Rendered {
        var model = KeyResultPage.Model(
            keyResult: keyResult, objective: F.objective(), canCheckIn: true, form: form, errors: errors, concerns: concerns)
        model.now = now
        return Rendered(KeyResultPage.render(model, context: F.context()))
    }

    static func stale(days: Double) -> KeyResultDTO {
        var keyResult = F.keyResult(301, confidence: .onTrack)
        keyResult.lastCheckInAt = F.date(days: -days)
        return keyResult
    }

    // MARK: Stale key results

    @Test("A key result without a check-in for 20 days shows how long beside its last confidence, wherever it is listed")
    func staleKeyResult() {
        let keyResult = Self.stale(days: 20)
        let page = Self.keyResultPage(keyResult)
        #expect(page.contains(
            "<span class=\"badge confidence-onTrack\">On track</span><span class=\"badge stale\">No check-in for 20 days</span>"))
        var tree = OKRTreePage.Model(
            initiative: F.initiative(), objectives: [F.objective(keyResults: [keyResult])], report: F.report(), members: [],
            canContribute: false, canManageSettings: false, form: [:], errors: [:])
        tree.now = F.now
        #expect(Rendered(OKRTreePage.render(tree, context: F.context())).contains("No check-in for 20 days"))
        var objective = ObjectivePage.Model(
            objective: F.objective(keyResults: [keyResult]), initiative: F.initiative(), members: [], alignmentCandidates: [],
            canChange: false, form: [:], errors: [:])
        objective.now = F.now
        #expect(Rendered(ObjectivePage.render(objective, context: F.context())).contains("No check-in for 20 days"))
        var sight = LineOfSightPage.Model(
            initiative: F.initiative(), sight: F.sight(keyResults: [keyResult], objectives: [F.objective()]), members: [], isSelf: true)
        sight.now = F.now
        #expect(Rendered(LineOfSightPage.render(sight, context: F.context())).contains("No check-in for 20 days"))
    }

    @Test("A key result checked in 13 days ago, or never, says nothing about staleness")
    func freshKeyResult() {
        #expect(!Self.keyResultPage(Self.stale(days: 13)).contains("badge stale"))
        #expect(!Self.keyResultPage(F.keyResult(301, current: nil, confidence: nil, progress: nil)).contains("badge stale"))
    }

    // MARK: Thresholds

    @Test("Stay above 98 % at 97.9 shows 0 % and how far below the threshold it is")
    func thresholdBroken() {
        let keyResult = F.keyResult(301, kind: .stayAbove, unit: "%", baseline: nil, target: 98, current: 97.9, progress: 0)
        let page = Self.keyResultPage(keyResult)
        #expect(page.contains("<span class=\"badge threshold broken\">0.1\u{00A0}% below the threshold</span>"))
        #expect(page.contains(">0 %</span>"))
    }

    @Test("A threshold kept shows its margin; one met exactly says so; other kinds show no threshold")
    func thresholdKept() {
        let kept = F.keyResult(301, kind: .stayBelow, unit: "days", baseline: nil, target: 5, current: 3, progress: 1)
        #expect(Self.keyResultPage(kept).contains("<span class=\"badge threshold holds\">2\u{00A0}days below the threshold</span>"))
        let exact = F.keyResult(301, kind: .stayAbove, unit: "%", baseline: nil, target: 98, current: 98, progress: 1)
        #expect(Self.keyResultPage(exact).contains("exactly at the threshold"))
        #expect(!Self.keyResultPage(F.keyResult(301)).contains("threshold"))
    }

    // MARK: The alignment report

    @Test("An initiative without objectives says there is nothing to check, not that everything is aligned")
    func emptyReport() {
        let tree = OKRTreePage.Model(
            initiative: F.initiative(), objectives: [], report: F.report(), members: [], canContribute: true,
            canManageSettings: false, form: [:], errors: [:])
        let page = Rendered(OKRTreePage.render(tree, context: F.context()))
        #expect(page.contains("No objectives yet, so nothing to check."))
        #expect(!page.contains("Every objective aligns"))
        let overview = InitiativePageRenderTests.overview(objectiveCount: 0)
        #expect(overview.contains("No objectives yet, so nothing to check."))
        #expect(!overview.contains("Every objective aligns"))
    }

    @Test("With objectives and no gap the report says all is aligned; with gaps it counts them")
    func cleanAndGappedReport() {
        #expect(InitiativePageRenderTests.overview(objectiveCount: 2).contains("Every objective aligns"))
        let gapped = InitiativePageRenderTests.overview(
            report: F.report(unaligned: [F.item(1)], withoutOwner: [F.item(2)]), objectiveCount: 2)
        #expect(gapped.contains("2 gaps to look at:"))
        let one = InitiativePageRenderTests.overview(report: F.report(unaligned: [F.item(1)]), objectiveCount: 1)
        #expect(one.contains("1 gap to look at:"))
    }

    // MARK: Workstreams

    @Test("A stream with no charter says \"No charter yet\"; one with a charter not agreed by all says so")
    func charterFlag() {
        func page(_ charter: CharterStatusDTO?) -> Rendered {
            Rendered(WorkstreamPage.render(
                .init(
                    initiative: F.initiative(), stream: F.stream(flags: [.charterNotAgreed], charter: charter), workItems: [],
                    charter: nil, candidates: [], viewerID: F.viewerID, canManage: false, canWork: false, keyResultChoices: [],
                    values: [:], errors: [:]),
                context: F.context()))
        }
        let none = page(nil)
        #expect(none.contains("<li class=\"flag\" data-flag=\"charterNotAgreed\">No charter yet</li>"))
        #expect(!none.contains("Charter not agreed by every party"))
        let unagreed = page(CharterStatusDTO(version: 1, inEffect: false, reviewDate: nil, reviewDue: false, partiesYetToAgree: [F.partnerOrg]))
        #expect(unagreed.contains("<li class=\"flag\" data-flag=\"charterNotAgreed\">Charter not agreed by every party</li>"))
        let map = Rendered(WorkstreamMapPage.render(
            .init(initiative: F.initiative(), streams: [F.stream(flags: [.charterNotAgreed])], canCreate: false, candidates: [],
                  values: [:], errors: [:]),
            context: F.context()))
        #expect(map.contains(">No charter yet</li>"))
        let overview = InitiativePageRenderTests.overview(streams: [F.stream(flags: [.charterNotAgreed])])
        #expect(overview.contains(": No charter yet"))
    }

    @Test("A stream's dates read as days (\"4 Jan 2027\"), not ISO text")
    func streamDates() {
        #expect(WorkstreamComponents.dates(F.stream(endDate: "2027-03-31")) == "4 Jan 2027 → 31 Mar 2027 (temporary)")
        #expect(WorkstreamComponents.dates(F.stream()) == "Since 4 Jan 2027")
    }

    // MARK: Labels and wording

    @Test("The member role leader reads \"Lead\"; a workstream's leader reads \"Stream leader\"")
    func roleLabels() {
        let members = Rendered(MembersPage.render(
            .init(
                initiative: F.initiative(), members: [F.member(21, name: "Lou Lead", role: .leader)], viewer: F.viewer(),
                viewerIsAdmin: false, addable: [], pendingInvitations: []),
            context: F.context()))
        #expect(members.contains("<td data-label=\"Role\">Lead</td>"))
        #expect(!members.contains(">Leader<"))
        let stream = WorkstreamComponents.peopleByParty(F.stream(), initiativeID: F.initiativeID, viewerID: nil, context: F.context())
        #expect(stream.render().contains("<span class=\"badge role-leader\">Stream leader</span>"))
    }

    @Test("Counts agree with their noun", arguments: [(0, "0 check-ins"), (1, "1 check-in"), (2, "2 check-ins")])
    func counts(count: Int, text: String) {
        #expect(Display.count(count, "check-in") == text)
    }

    @Test("Irregular plurals are given")
    func irregular() {
        #expect(Display.count(1, "person", plural: "people") == "1 person")
        #expect(Display.count(3, "person", plural: "people") == "3 people")
    }

    @Test("Calendar days read like dates everywhere: \"1 Jan 2027\"; text that is not a day is shown as it is")
    func days() {
        #expect(Display.day(F.day("2027-01-01")) == "1 Jan 2027")
        #expect(Display.day("2027-06-30") == "30 Jun 2027")
        #expect(Display.day("someday") == "someday")
        var model = ObjectivePage.Model(
            objective: F.objective(), initiative: F.initiative(), members: [], alignmentCandidates: [], canChange: false,
            form: [:], errors: [:])
        model.now = F.now
        #expect(Rendered(ObjectivePage.render(model, context: F.context())).contains("2027 H1 (1 Jan 2027 – 30 Jun 2027)"))
    }

    @Test("A stake never wraps between its number and %")
    func stakes() {
        let venture = F.initiative(
            governance: .jointVenture,
            parties: [F.party(stake: "60"), F.party(F.partnerParty, organizationID: F.partnerOrg, name: "Helio", kind: .partner, stake: "40")])
        let page = InitiativePageRenderTests.overview(venture)
        #expect(page.contains("<td data-label=\"Stake\" class=\"stake\">60\u{00A0}%</td>"))
    }

    // MARK: The initiative's navigation

    @Test("The initiative's navigation reaches every part, Workstreams and Activity included, and marks where you are")
    func navigation() {
        let overview = InitiativePageRenderTests.overview()
        for url: SiteURL in [
            .initiative(.value(F.initiativeID)), .okrTree(.value(F.initiativeID)), .lineOfSight(.value(F.initiativeID)),
            .workstreamMap(.value(F.initiativeID)), .initiativeMembers(.value(F.initiativeID)),
            .initiativeActivity(.value(F.initiativeID)), .initiativeLedger(.value(F.initiativeID)),
        ] {
            #expect(overview.contains("<li><a href=\"\(url.path)\""), "\(url.path)")
        }
        #expect(overview.contains("<a href=\"\(SiteURL.initiative(.value(F.initiativeID)).path)\" aria-current=\"page\">Overview</a>"))
        #expect(!overview.links(to: .initiativeSettings(.value(F.initiativeID))), "settings are offered to the owner's admins only")
        #expect(InitiativePageRenderTests.overview(ownerAdmin: true).links(to: .initiativeSettings(.value(F.initiativeID))))
        let activity = Rendered(ActivityPage.render(.init(initiative: F.initiative(), items: [], olderThan: nil), context: F.context()))
        #expect(activity.contains("aria-current=\"page\">Activity</a>"))
        let sight = Rendered(LineOfSightPage.render(
            .init(initiative: F.initiative(), sight: F.sight(), members: [], isSelf: true), context: F.context()))
        let tree = Rendered(OKRTreePage.render(
            .init(initiative: F.initiative(), objectives: [], report: F.report(), members: [], canContribute: true,
                  canManageSettings: false, form: [:], errors: [:]),
            context: F.context()))
        for (name, page) in [("overview", overview), ("activity", activity), ("line of sight", sight), ("OKR tree", tree)] {
            #expect(page.count("<nav class=\"initiative-nav\"") == 1, "\(name) shows the navigation once")
        }
    }

    // MARK: Tables on a phone

    @Test("Every cell of the check-in history names its column, for the stacked rows a phone shows")
    func historyLabels() {
        var keyResult = F.keyResult(301)
        keyResult.checkIns = [CheckInDTO(
            id: F.id(901), keyResultId: F.id(301), value: 25, confidence: .onTrack, narrative: "Steady", personId: F.viewerID,
            personName: "Vera Viewer", correctsId: nil, recordedAt: F.now, progress: 0.5)]
        let page = Self.keyResultPage(keyResult)
        for label in ["When", "Value", "Progress", "Confidence", "Narrative", "By"] {
            #expect(page.contains("<td data-label=\"\(label)\""), "\(label)")
        }
        #expect(page.contains(">25\u{00A0}%</td>"))
    }

    // MARK: The confirmation step

    @Test("A check-in value that looks wrong comes back with the concern, the input kept and a \"record it anyway\" box")
    func confirmationStep() {
        let concern = PlausibilityConcern(field: "value", message: "is above 100 % (250 %): more than the whole. Is that meant?")
        let page = Self.keyResultPage(
            F.keyResult(301), concerns: [concern], form: ["value": "250", "confidence": "onTrack"], errors: ["value": concern.message])
        PageExpect.error(page, field: "value", message: concern.message, kept: "250")
        let form = page.form(posting: .keyResultCheckIns(.value(F.id(301)))) ?? ""
        #expect(form.contains("<input type=\"checkbox\" id=\"field-confirm\" name=\"confirm\" value=\"1\"/>"))
        #expect(form.contains("<label for=\"field-confirm\">Yes, record it anyway</label>"))
        #expect(form.contains("<div class=\"alert warning confirm\" role=\"alert\"><ul><li>Value \(HTMLEscaping.escape(concern.message))</li></ul>"))
        let ticked = Self.keyResultPage(F.keyResult(301), concerns: [concern], form: ["value": "250", "confirm": "1"], errors: ["narrative": "is required"])
        #expect(ticked.contains("name=\"confirm\" value=\"1\" checked/>"), "the box stays ticked when another field is refused")
        #expect(!Self.keyResultPage(F.keyResult(301)).contains("name=\"confirm\""), "no box without a concern")
    }

    @Test("The objective and key result forms offer the same confirmation when their values look wrong")
    func confirmationOnCreateForms() {
        let past = PlausibilityConcern(field: "periodEnd", message: "The period ends on 2020-12-31, in the past.")
        var tree = OKRTreePage.Model(
            initiative: F.initiative(), objectives: [], report: F.report(), members: [], canContribute: true, canManageSettings: false,
            form: ["periodEnd": "2020-12-31"], errors: ["periodEnd": past.message])
        tree.concerns = [past]
        let treePage = Rendered(OKRTreePage.render(tree, context: F.context()))
        #expect(treePage.form(posting: .okrTree(.value(F.initiativeID)))?.contains("name=\"confirm\"") == true)
        #expect(treePage.count("name=\"confirm\"") == 1, "one box")
        let target = PlausibilityConcern(field: "target", message: "The target 250 % is above 100 %.")
        var objective = ObjectivePage.Model(
            objective: F.objective(), initiative: F.initiative(), members: [], alignmentCandidates: [], canChange: true,
            form: ["target": "250"], errors: ["target": target.message])
        objective.concerns = [target]
        let objectivePage = Rendered(ObjectivePage.render(objective, context: F.context()))
        #expect(objectivePage.form(posting: .objectiveKeyResults(.value(F.id(401))))?.contains("Yes, record it anyway") == true)
        PageExpect.error(objectivePage, field: "target", message: target.message, kept: "250")
        var organization = OrganizationOKRsPage.Model(
            organizationID: F.ownerOrg, organizationName: "Bank", objectives: [], canManage: true, isOwnOrganization: true,
            form: [:], errors: [:])
        organization.concerns = [past]
        #expect(Rendered(OrganizationOKRsPage.render(organization, context: F.context())).contains("Yes, record it anyway"))
    }

    // MARK: Charts

    @Test("Y-axis ticks are round numbers")
    func ticks() {
        #expect(Charts.ticks(low: 0, high: 45) == [0, 10, 20, 30, 40])
        #expect(Charts.ticks(low: 96.5, high: 98.6) == [96.5, 97, 97.5, 98, 98.5])
        #expect(Charts.ticks(low: -3, high: 3) == [-2, 0, 2])
    }

    @Test("A quantity that cannot be negative is drawn on an axis that stops at zero")
    func nonNegativeAxis() {
        let points = [
            Charts.Point(at: F.date(days: -14), value: 1, label: "a"), Charts.Point(at: F.now, value: 3, label: "b"),
        ]
        let clipped = Charts.checkIns(points, target: 5, baseline: -2, title: "Days", unit: "days", nonNegative: true).render()
        #expect(!clipped.contains(">−") && !clipped.contains(">-"), "no negative tick label: \(clipped)")
        let free = Charts.checkIns(points, target: 5, baseline: -2, title: "Balance", unit: "EUR").render()
        #expect(free.contains(">-2</text>"), "an axis for a signed quantity may go below zero: \(free)")
        #expect(clipped.contains("<desc id=\"chart-desc\">2 check-ins, target 5 days</desc>"))
        let one = Charts.checkIns([points[0]], target: nil, baseline: nil, title: "Days", unit: "days", nonNegative: true).render()
        #expect(one.contains("<desc id=\"chart-desc\">1 check-in</desc>"))
        #expect(clipped.contains("viewBox=\"0 0 640 240\""))
    }

    @Test("The key result page stops its chart's axis at zero for a count of days")
    func keyResultChartNonNegative() {
        #expect(KeyResultPage.cannotBeNegative(F.keyResult(301, kind: .decrease, unit: "days")))
        #expect(KeyResultPage.cannotBeNegative(F.keyResult(301, kind: .milestone, unit: "")))
        #expect(!KeyResultPage.cannotBeNegative(F.keyResult(301, kind: .increase, unit: "EUR")))
    }
}

import CoventureCore
import Foundation
import Testing

@testable import CoventureServer

/// The OKR pages rendered from hand-built models (the key result page moves into this shape next, with its tests).
@Suite("OKR pages render")
struct OKRPageRenderTests {
    typealias F = Fixture

    static let members = [
        F.member(21, name: "Mia Member", personID: F.id(1021)), F.member(22, name: "Olivia Owner", role: .admin),
    ]
    static let goal = F.objective(402, title: "Grow small-business lending", initiativeID: nil)
    static let top = F.objective(
        401, title: "Faster loans", ownerName: "Olivia Owner",
        alignments: [
            F.alignment(481, parent: goal.id),
            F.alignment(482, parent: F.id(409), title: "Parent", ownObjective: false, kind: .supporting),
        ],
        keyResults: [F.keyResult(451)], progress: 0.42)

    static func tree(
        objectives: [ObjectiveDTO] = [top], report: AlignmentReportDTO = F.report(), canContribute: Bool = true,
        canManage: Bool = false,
        form: [String: String] = [:], errors: [String: String] = [:], context: PageContext = F.context()
    ) -> Rendered {
        Rendered(
            OKRTreePage.render(
                .init(
                    initiative: F.initiative(), objectives: objectives, report: report, members: members,
                    canContribute: canContribute,
                    canManageSettings: canManage, form: form, errors: errors),
                context: context))
    }

    static func objective(
        _ objective: ObjectiveDTO = top, inInitiative: Bool = true, candidates: [ObjectiveDTO] = [],
        canChange: Bool = false,
        form: [String: String] = [:], errors: [String: String] = [:]
    ) -> Rendered {
        Rendered(
            ObjectivePage.render(
                .init(
                    objective: objective, initiative: inInitiative ? F.initiative() : nil,
                    members: inInitiative ? members : [],
                    alignmentCandidates: candidates, canChange: canChange, form: form, errors: errors),
                context: F.context()))
    }

    // MARK: The OKR tree

    @Test("An initiative without objectives says so")
    func treeEmpty() {
        let page = Self.tree(objectives: [])
        #expect(page.contains("<p class=\"muted\">No objectives yet.</p>"))
        #expect(!page.contains("okr-tree"))
    }

    @Test(
        "Each objective links to its page, shows its party, period, owner, its parties' objectives and its key results")
    func treeObjective() {
        let page = Self.tree()
        #expect(
            page.contains(
                "<a class=\"objective-title\" href=\"\(SiteURL.objective(.value(F.id(401))).path)\">Faster loans</a>"))
        #expect(page.contains("<p class=\"meta\">Bank · 2027 H1 · owner Olivia Owner</p>"))
        #expect(
            page.contains(
                "<span class=\"badge contributing\">Contributing</span> <a href=\"\(SiteURL.objective(.value(F.id(402))).path)\">Grow small-business lending</a>"
            ))
        #expect(
            !page.links(to: .objective(.value(F.id(409)))),
            "a parent in the initiative is not one of the parties' objectives")
        #expect(page.links(to: .keyResult(.value(F.id(451)))))
    }

    @Test("Objectives are indented by their depth in the tree, at most four levels")
    func treeDepth() {
        let chain = (0..<6).map { n in
            F.objective(410 + n, title: "Level \(n)", parentID: n == 0 ? nil : F.id(410 + n - 1))
        }
        let page = Self.tree(objectives: chain)
        for (n, depth) in [0, 1, 2, 3, 4, 4].enumerated() {
            #expect(
                page.contains(
                    "<li class=\"objective depth-\(depth)\"><div class=\"objective-head\"><a class=\"objective-title\" href=\"\(SiteURL.objective(.value(F.id(410 + n))).path)\""
                ), "level \(n)")
        }
    }

    @Test(
        "A key result reads in its own terms, for every kind, with its confidence or 'no check-in'",
        arguments: [
            (
                F.keyResult(451), "(increase 10 → 40 %, now 25 %)",
                "<span class=\"badge confidence-onTrack\">On track</span>"
            ),
            (
                F.keyResult(451, kind: .decrease, unit: "", baseline: nil, current: nil, confidence: nil),
                "(decrease ? → 40)", "<span class=\"badge muted\">no check-in</span>"
            ),
            (
                F.keyResult(451, kind: .stayAbove, unit: "days", target: 90, current: 95, confidence: .atRisk),
                "(stay above 90 days, now 95 days)", "<span class=\"badge confidence-atRisk\">At risk</span>"
            ),
            (
                F.keyResult(451, kind: .stayBelow, target: nil, current: nil, confidence: .offTrack),
                "(stay below ? %)", "<span class=\"badge confidence-offTrack\">Off track</span>"
            ),
            (
                F.keyResult(451, kind: .milestone, steps: ["One", "Two", "Three"], current: 2), "(2 of 3 steps)",
                "On track"
            ),
            (F.keyResult(451, kind: .milestone, steps: ["One"], current: nil), "(0 of 1 steps)", "On track"),
            (F.keyResult(451, kind: .binary, current: 1), "(done)", "On track"),
            (F.keyResult(451, kind: .binary, current: 0), "(not done yet)", "On track"),
        ])
    func treeKeyResultFigures(keyResult: KeyResultDTO, figures: String, confidence: String) {
        let page = Self.tree(objectives: [F.objective(keyResults: [keyResult])])
        #expect(
            page.contains("<span class=\"meta\"> \(figures)</span>"),
            "\(page.html.components(separatedBy: "class=\"kr\"").last!.prefix(300))")
        #expect(page.contains(confidence))
    }

    @Test(
        "Contributors get the import link and the form to add an objective; observers get neither",
        arguments: [true, false])
    func treeContribute(canContribute: Bool) {
        let page = Self.tree(canContribute: canContribute)
        #expect(page.links(to: .okrImport(.value(F.initiativeID))) == canContribute)
        #expect((page.form(posting: .okrTree(.value(F.initiativeID))) != nil) == canContribute)
        #expect(page.links(to: .okrExport(.value(F.initiativeID))), "anyone may export")
        #expect(page.links(to: .lineOfSight(.value(F.initiativeID))))
    }

    @Test(
        "Only the owner's admins get the report settings, filled with the current number of days",
        arguments: [true, false])
    func treeSettings(canManage: Bool) {
        let page = Self.tree(report: F.report(staleAfterDays: 21), canManage: canManage)
        let form = page.form(posting: .okrSettings(.value(F.initiativeID)))
        #expect((form != nil) == canManage)
        if canManage { #expect(page.field("checkInStaleDays")?.contains("value=\"21\"") == true) }
    }

    @Test("A blank objective form has weight 1, no parent, no owner, and the viewer's organization as owning party")
    func treeBlankForm() {
        let page = Self.tree()
        #expect(page.field("weight")?.contains("value=\"1\"") == true)
        #expect(page.field("parentId")?.contains("<option value>None: a top-level objective</option>") == true)
        #expect(
            page.field("parentId")?.contains("<option value=\"\(F.text(F.id(401)))\">Faster loans</option>") == true)
        #expect(
            page.field("ownerId")?.contains("<option value=\"\(F.text(F.id(1021)))\">Mia Member (Bank)</option>")
                == true)
        #expect(
            page.field("organizationId")?.contains("<option value=\"\(F.text(F.ownerOrg))\" selected>Bank</option>")
                == true)
        let anonymous = Self.tree(context: F.context(nil))
        #expect(anonymous.field("organizationId")?.contains("selected") == false)
        PageExpect.csrfInEveryForm(page)
    }

    @Test("A refused objective shows each error beside its field and keeps every input, the choices included")
    func treeRefused() {
        let page = Self.tree(
            canManage: true,
            form: [
                "title": "Half", "periodStart": "2027-01-01", "periodEnd": "2026-01-01", "periodName": "H1",
                "weight": "2,5",
                "parentId": F.text(F.id(401)), "ownerId": F.text(F.id(1021)), "organizationId": F.text(F.partnerOrg),
                "checkInStaleDays": "0",
            ],
            errors: ["periodEnd": "must be after the start", "title": "is too short"])
        PageExpect.error(page, field: "periodEnd", message: "must be after the start", kept: "2026-01-01")
        PageExpect.error(page, field: "title", message: "is too short", kept: "Half")
        #expect(page.field("periodStart")?.contains("value=\"2027-01-01\"") == true)
        #expect(page.field("periodName")?.contains("value=\"H1\"") == true)
        #expect(page.field("weight")?.contains("value=\"2,5\"") == true)
        #expect(page.field("parentId")?.contains("<option value=\"\(F.text(F.id(401)))\" selected>") == true)
        #expect(page.field("ownerId")?.contains("<option value=\"\(F.text(F.id(1021)))\" selected>") == true)
        #expect(
            page.field("organizationId")?.contains("<option value=\"\(F.text(F.partnerOrg))\" selected>Helio</option>")
                == true)
        #expect(page.field("checkInStaleDays")?.contains("value=\"0\"") == true)
    }

    // MARK: An objective

    @Test(
        "An initiative's objective leads back to its OKRs; an organization's own objective to the organization's objectives"
    )
    func objectiveCrumbs() {
        let inInitiative = Self.objective()
        #expect(
            inInitiative.contains(
                "<p class=\"crumbs\"><a href=\"\(SiteURL.okrTree(.value(F.initiativeID)).path)\">← OKRs of Open Lending</a></p>"
            ))
        #expect(
            inInitiative.contains("Owned by Bank · 2027 H1 (1 Jan 2027 – 30 Jun 2027) · weight 1 · owner Olivia Owner"))
        let own = Self.objective(Self.goal, inInitiative: false)
        #expect(
            own.contains(
                "<p class=\"crumbs\"><a href=\"\(SiteURL.organizationOKRs(.value(F.ownerOrg)).path)\">← Objectives of Bank</a></p>"
            ))
        #expect(own.contains("Own objective of Bank"))
    }

    @Test("An objective without key results or links says so; a description is shown only when written")
    func objectiveEmpty() {
        let page = Self.objective(F.objective())
        #expect(page.contains("No key results yet."))
        #expect(page.contains("Nothing yet: this objective does not align to any other."))
        #expect(!page.contains("<p></p>"))
        #expect(Self.objective(F.objective(description: "Why it matters.")).contains("<p>Why it matters.</p>"))
    }

    @Test("Alignments say whether the parent is a party's own objective or the initiative's, with its kind")
    func objectiveAlignments() {
        let page = Self.objective()
        #expect(page.contains("<span class=\"meta\"> — Bank (its own objective)</span>"))
        #expect(
            page.contains(
                "<span class=\"badge supporting\">Supporting</span> <a href=\"\(SiteURL.objective(.value(F.id(409))).path)\">Parent</a><span class=\"meta\"> — Bank (this initiative)</span>"
            ))
    }

    @Test("Who may not change the objective gets no key result form, no align form and no remove buttons")
    func objectiveReadOnly() {
        let page = Self.objective(candidates: [Self.goal])
        #expect(page.form(posting: .objectiveKeyResults(.value(F.id(401)))) == nil)
        #expect(page.form(posting: .objectiveAlignments(.value(F.id(401)))) == nil)
        #expect(page.form(posting: .objectiveAlignmentRemove(.value(F.id(401)), alignment: .value(F.id(481)))) == nil)
        #expect(page.postForms.count == 1, "only the layout's sign-out form")
    }

    @Test("Who may change the objective adds key results, aligns it to the candidates, and removes each link")
    func objectiveChange() {
        let child = F.objective(403, title: "Child")
        let page = Self.objective(candidates: [Self.goal, child], canChange: true)
        #expect(page.form(posting: .objectiveKeyResults(.value(F.id(401)))) != nil)
        let align = page.form(posting: .objectiveAlignments(.value(F.id(401))))
        #expect(
            align?.contains("<option value=\"\(F.text(F.id(402)))\">Bank: Grow small-business lending</option>") == true
        )
        #expect(align?.contains("<option value=\"\(F.text(F.id(403)))\">This initiative: Child</option>") == true)
        #expect(page.form(posting: .objectiveAlignmentRemove(.value(F.id(401)), alignment: .value(F.id(481)))) != nil)
        #expect(page.form(posting: .objectiveAlignmentRemove(.value(F.id(401)), alignment: .value(F.id(482)))) != nil)
        #expect(page.field("weight")?.contains("value=\"1\"") == true)
        PageExpect.csrfInEveryForm(page)
    }

    @Test("With nothing to align to, the objective's changer is told where own objectives are set")
    func objectiveNothingToAlign() {
        let page = Self.objective(canChange: true)
        #expect(page.contains("There is nothing you can align to yet."))
        #expect(page.form(posting: .objectiveAlignments(.value(F.id(401)))) == nil)
    }

    @Test("An organization's own objective gets a key result form but no align form")
    func objectiveOwnNoAlign() {
        let page = Self.objective(Self.goal, inInitiative: false, candidates: [Self.top], canChange: true)
        #expect(page.form(posting: .objectiveKeyResults(.value(F.id(402)))) != nil)
        #expect(!page.contains("Align to an objective"))
    }

    @Test("A refused key result shows each error beside its field and keeps the input")
    func objectiveRefused() {
        let page = Self.objective(
            candidates: [Self.goal], canChange: true,
            form: [
                "title": "Loans", "kind": "milestone", "unit": "days", "baseline": "x", "target": "9", "weight": "3",
                "steps": "One\nTwo",
                "ownerId": F.text(F.id(1021)), "parentId": F.text(F.id(402)), "kind2": "supporting",
            ],
            errors: ["baseline": "must be a number", "parentId": "is already linked"])
        PageExpect.error(page, field: "baseline", message: "must be a number", kept: "x")
        PageExpect.error(page, field: "parentId", message: "is already linked")
        #expect(page.field("parentId")?.contains("<option value=\"\(F.text(F.id(402)))\" selected>") == true)
        #expect(page.field("title")?.contains("value=\"Loans\"") == true)
        #expect(page.field("kind")?.contains("<option value=\"milestone\" selected>") == true)
        #expect(page.contains(">One\nTwo</textarea>"))
        #expect(page.field("ownerId")?.contains("<option value=\"\(F.text(F.id(1021)))\" selected>") == true)
    }

    // MARK: Line of sight

    @Test("My line of sight speaks to me; another member's names them, in the heading and when there is nothing")
    func sightWhose() {
        let mine = Rendered(
            LineOfSightPage.render(
                .init(initiative: F.initiative(), sight: F.sight(), members: Self.members, isSelf: true),
                context: F.context()))
        #expect(mine.contains("<h1>My line of sight</h1>"))
        #expect(
            mine.contains(
                "You own no key results or objectives, and none of your work items is linked to a key result yet."))
        #expect(mine.contains("Not in any workstream of this initiative.") && mine.contains("No work items."))
        let theirs = Rendered(
            LineOfSightPage.render(
                .init(
                    initiative: F.initiative(), sight: F.sight(personName: "Mia Member"), members: Self.members,
                    isSelf: false), context: F.context()))
        #expect(theirs.contains("<h1>Mia Member&#39;s line of sight</h1>"))
        #expect(
            theirs.contains(
                "Mia Member owns no key results or objectives and has no work item linked to a key result yet."))
    }

    @Test("The whose-line form is a GET of the line-of-sight page with the shown person selected")
    func sightForm() {
        var sight = F.sight()
        sight.personId = F.id(1021)
        let page = Rendered(
            LineOfSightPage.render(
                .init(initiative: F.initiative(), sight: sight, members: Self.members, isSelf: false),
                context: F.context()))
        let form = page.forms.first { $0.contains("method=\"get\"") }
        #expect(form?.contains("action=\"\(SiteURL.lineOfSight(.value(F.initiativeID)).path)\"") == true)
        #expect(form?.contains("<option value=\"\(F.text(F.id(1021)))\" selected>Mia Member (Bank)</option>") == true)
    }

    @Test("A chain runs from work items through the key result and its objectives up to the parties' objectives")
    func sightChain() {
        let kr = F.keyResult(451, objectiveID: F.id(403))
        let child = F.objective(403, title: "Child", parentID: F.id(401))
        let sight = F.sight(
            streams: [
                LineOfSightStream(
                    workstreamId: F.streamID, name: "Onboarding", kind: "stream", commitment: 40, isLeader: true)
            ],
            workItems: [
                LineOfSightWorkItem(
                    id: F.id(551), title: "Checklist", status: "doing", workstreamId: F.streamID,
                    workstreamName: "Onboarding", keyResultId: F.id(451))
            ],
            keyResults: [kr, F.keyResult(452, title: "Orphan", objectiveID: F.id(499))],
            objectives: [child, Self.top, Self.goal])
        let page = Rendered(
            LineOfSightPage.render(
                .init(initiative: F.initiative(), sight: sight, members: Self.members, isSelf: true),
                context: F.context()))
        #expect(page.contains("<li>Onboarding<span class=\"meta\"> · stream · 40\u{00A0}% · stream leader</span></li>"))
        #expect(
            page.contains(
                "<span class=\"badge status-doing\">doing</span> Checklist<span class=\"meta\"> — Onboarding</span>"))
        #expect(page.contains("<li>Checklist<span class=\"meta\"> (doing, Onboarding)</span></li>"))
        let chains = page.html.components(separatedBy: "<li class=\"chain\">").dropFirst()
        #expect(chains.count == 2)
        let first = chains.first ?? ""
        #expect(
            first.contains(SiteURL.objective(.value(F.id(403))).path)
                && first.contains(SiteURL.objective(.value(F.id(401))).path))
        #expect(first.contains("<span class=\"label\">Parties&#39; objectives</span>"))
        #expect(first.contains(SiteURL.objective(.value(F.id(402))).path))
        #expect(chains.last?.contains("Aligned to no party&#39;s own objective yet.") == true)
        #expect(chains.last?.contains("step work") == false, "a key result without work shows no work step")
    }

    // MARK: Import

    @Test("The import page posts the file as multipart with the CSRF token and lists the columns")
    func importForm() {
        let page = Rendered(
            OKRImportPage.render(.init(initiative: F.initiative(), problems: []), context: F.context()))
        let form = page.form(posting: .okrImport(.value(F.initiativeID)))
        #expect(form?.contains("enctype=\"multipart/form-data\"") == true)
        #expect(
            page.contains("Columns: " + (OKRTransfer.columns + OKRTransfer.optionalColumns).joined(separator: ", ")))
        #expect(!page.contains("alert"))
        PageExpect.csrfInEveryForm(page)
    }

    @Test("A finished import's one-time message says what it made, in words with plurals")
    func importDone() {
        #expect(
            OKRImportPage.summary(ImportResultDTO(objectivesCreated: 2, keyResultsCreated: 5, checkInsCreated: 7))
                == "Imported 2 objectives, 5 key results and 7 check-ins.")
        #expect(
            OKRImportPage.summary(ImportResultDTO(objectivesCreated: 1, keyResultsCreated: 1, checkInsCreated: 0))
                == "Imported 1 objective, 1 key result and 0 check-ins.")
    }

    @Test("A refused import lists each problem by line and column, at most 500 of them")
    func importProblems() {
        let problems = (1...501).map { OKRTransfer.Problem(line: $0 + 1, column: "title", reason: "is required") }
        let page = Rendered(
            OKRImportPage.render(
                .init(initiative: F.initiative(), problems: problems), context: F.context()))
        #expect(page.contains("Nothing was imported: the file has 501 problems."))
        #expect(page.contains(
            "<tr><td data-label=\"Line\">2</td><td data-label=\"Column\">title</td><td data-label=\"Problem\">is required</td></tr>"))
        #expect(page.count("<td data-label=\"Problem\">is required</td>") == 500)
    }

    // MARK: An organization's own objectives

    @Test("An organization's own objectives: its admins add one; others read only", arguments: [true, false])
    func organizationOKRs(canManage: Bool) {
        let page = Rendered(
            OrganizationOKRsPage.render(
                .init(
                    organizationID: F.ownerOrg, organizationName: "Bank", objectives: [Self.goal], canManage: canManage,
                    isOwnOrganization: true,
                    form: [:], errors: [:]),
                context: F.context()))
        #expect((page.form(posting: .organizationOKRs(.value(F.ownerOrg))) != nil) == canManage)
        #expect(page.contains("Your organization&#39;s own objectives."))
        #expect(page.links(to: .objective(.value(F.id(402)))))
        #expect(page.links(to: .organization(.value(F.ownerOrg))))
    }

    @Test("Another organization's objectives are those the viewer's initiatives align to, or none")
    func organizationOKRsOther() {
        let page = Rendered(
            OrganizationOKRsPage.render(
                .init(
                    organizationID: F.partnerOrg, organizationName: "Helio", objectives: [], canManage: false,
                    isOwnOrganization: false, form: [:], errors: [:]),
                context: F.context()))
        #expect(page.contains("The objectives of this organization that your initiatives align to."))
        #expect(page.contains("None to show."))
    }

    @Test("A refused organization objective shows the error beside its field and keeps the input")
    func organizationOKRsRefused() {
        let page = Rendered(
            OrganizationOKRsPage.render(
                .init(
                    organizationID: F.ownerOrg, organizationName: "Bank", objectives: [], canManage: true,
                    isOwnOrganization: true,
                    form: ["title": "Grow", "periodStart": "2027-13-01"], errors: ["periodStart": "is not a date"]),
                context: F.context()))
        PageExpect.error(page, field: "periodStart", message: "is not a date", kept: "2027-13-01")
        #expect(page.field("title")?.contains("value=\"Grow\"") == true)
        PageExpect.csrfInEveryForm(page)
    }

    // MARK: Hostile strings

    @Test("Hostile titles, units, steps, names and kept input are escaped in text and attributes on every OKR page")
    func hostile() {
        let h = F.hostile
        let q = F.hostileQuote
        let kr = F.keyResult(451, title: h, kind: .milestone, unit: q, steps: [h, q], ownerName: h)
        let objective = F.objective(
            401, title: h, description: q, organizationName: q, ownerName: h,
            alignments: [F.alignment(481, parent: F.id(402), title: h, organizationName: q)], keyResults: [kr])
        let goal = F.objective(402, title: h, initiativeID: nil, organizationName: q)
        let members = [F.member(21, name: h, organizationName: q)]
        let initiative = F.initiative(name: h, parties: [F.party(name: h)])
        let form = ["title": h, "periodName": q, "weight": h, "unit": q, "steps": h, "checkInStaleDays": q]
        let sight = F.sight(
            personName: h,
            streams: [LineOfSightStream(workstreamId: F.streamID, name: h, kind: q, commitment: 1, isLeader: false)],
            workItems: [
                LineOfSightWorkItem(
                    id: F.id(551), title: h, status: q, workstreamId: F.streamID, workstreamName: h,
                    keyResultId: F.id(451))
            ],
            keyResults: [kr], objectives: [objective, goal])
        let pages = [
            OKRTreePage.render(
                .init(
                    initiative: initiative, objectives: [objective], report: F.report(unaligned: [F.item(601, h)]),
                    members: members,
                    canContribute: true, canManageSettings: true, form: form, errors: ["title": h]),
                context: F.context()),
            ObjectivePage.render(
                .init(
                    objective: objective, initiative: initiative, members: members, alignmentCandidates: [goal],
                    canChange: true, form: form,
                    errors: ["title": h]),
                context: F.context()),
            LineOfSightPage.render(
                .init(initiative: initiative, sight: sight, members: members, isSelf: false), context: F.context()),
            OKRImportPage.render(
                .init(initiative: initiative, problems: [.init(line: 2, column: q, reason: h)]),
                context: F.context()),
            OrganizationOKRsPage.render(
                .init(
                    organizationID: F.ownerOrg, organizationName: h, objectives: [goal], canManage: true,
                    isOwnOrganization: true, form: form,
                    errors: ["title": h]),
                context: F.context()),
        ]
        for document in pages {
            PageExpect.escaped(Rendered(document))
        }
        let tree = Rendered(pages[0])
        #expect(tree.field("title")?.contains("value=\"\(F.hostileEscaped)\"") == true)
        #expect(tree.field("periodName")?.contains("value=\"\(F.hostileQuoteEscaped)\"") == true)
        #expect(tree.contains("aria-label=\"\(F.hostileEscaped): "), "the progress bar's label")
        #expect(
            Rendered(pages[2]).contains("<span class=\"badge status-\(F.hostileQuoteEscaped)\">"),
            "a work item's status, in its class too")
    }
}

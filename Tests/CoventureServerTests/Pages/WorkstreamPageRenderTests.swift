import CoventureCore
import Foundation
import Testing

@testable import CoventureServer

/// The workstream pages rendered from hand-built models: no database, no server.
@Suite("Workstream pages render")
struct WorkstreamPageRenderTests {
    typealias F = Fixture

    static let candidates = [
        F.member(21, name: "Mia Member", personID: F.id(1021)), F.member(22, name: "Olivia Owner", role: .admin),
    ]
    static let pastEnd = F.stream(endDate: "2027-01-10", flags: [.pastEndDate])
    static let staffed = F.stream(
        assignments: [
            F.assignment(
                561, name: "Vera Viewer", personID: F.viewerID, organizationID: F.ownerOrg, organizationName: "Bank"),
            F.assignment(562, name: "Pia Partner", role: "", termEnd: F.day("2027-03-01")),
        ],
        keyResults: [
            F.streamKeyResult(451),
            F.streamKeyResult(452, title: "Fewer drop-outs", objectiveTitle: nil, progress: nil),
        ])

    static func map(
        streams: [WorkstreamDTO] = [], canCreate: Bool = false, values: [String: String] = [:],
        errors: [String: String] = [:]
    ) -> Rendered {
        Rendered(
            WorkstreamMapPage.render(
                .init(
                    initiative: F.initiative(), streams: streams, canCreate: canCreate, candidates: candidates,
                    values: values, errors: errors),
                context: F.context()))
    }

    static func stream(
        _ stream: WorkstreamDTO = staffed, items: [WorkItemDTO] = [], canManage: Bool = false, canWork: Bool = false,
        choices: [WorkstreamPage.KeyResultChoice] = [], values: [String: String] = [:], errors: [String: String] = [:]
    ) -> Rendered {
        Rendered(
            WorkstreamPage.render(
                .init(
                    initiative: F.initiative(), stream: stream, workItems: items, charter: nil, candidates: candidates,
                    viewerID: F.viewerID,
                    canManage: canManage, canWork: canWork, keyResultChoices: choices, values: values, errors: errors),
                context: F.context()))
    }

    static func charter(
        _ stream: WorkstreamDTO = staffed, versions: [CharterDTO] = [], canEdit: Bool = false, canAgree: Bool = false,
        values: [String: String] = [:], errors: [String: String] = [:]
    ) -> Rendered {
        Rendered(
            CharterPage.render(
                .init(
                    initiative: F.initiative(), stream: stream, versions: versions, canEdit: canEdit,
                    canAgree: canAgree, values: values, errors: errors),
                context: F.context()))
    }

    // MARK: The map

    @Test("The map has a section per kind, saying 'No themes yet' and so on when a kind has none")
    func mapEmpty() {
        let page = Self.map()
        for kind in ["themes", "streams", "experiences"] { #expect(page.contains("No \(kind) yet."), "\(kind)") }
        #expect(page.form(posting: .workstreamMap(.value(F.initiativeID))) == nil)
    }

    @Test("A stream card shows its status, dates, leader, parties, total commitment, key results and flags")
    func mapCard() {
        let page = Self.map(streams: [
            Self.staffed,
            F.stream(
                id: F.id(503), kind: .theme, name: "Trust", endDate: "2027-12-31", status: .forming, leader: nil,
                flags: [.noLeader]),
        ])
        #expect(
            page.contains(
                "<li class=\"card stream-card\" data-workstream=\"\(F.text(F.streamID))\"><h3><a href=\"\(SiteURL.workstream(.value(F.initiativeID), stream: .value(F.streamID)).path)\">Onboarding</a></h3>"
            ))
        #expect(page.contains("<span class=\"badge status-active\">Active</span><span>Since 4 Jan 2027</span>"))
        #expect(page.contains("<strong>Stream leader: </strong>Lena Leader (60 %)"))
        #expect(page.contains("<strong>Parties: </strong>Bank, Helio"))
        #expect(page.contains("<strong>Total commitment: </strong>100 %"))
        #expect(page.contains("<strong>Key results: </strong>Loans approved in a day; Fewer drop-outs"))
        #expect(page.contains("<p class=\"health ok\">No health flags.</p>"))
        #expect(
            page.contains(
                "<span class=\"badge status-forming\">Forming</span><span>4 Jan 2027 → 31 Dec 2027 (temporary)</span>"))
        #expect(page.contains("<strong>Stream leader: </strong>none"))
        #expect(page.contains("<strong>Parties: </strong>none yet"))
        #expect(page.contains("<strong>Key results: </strong>none"))
        #expect(page.contains("<li class=\"flag\" data-flag=\"noLeader\">No leader</li>"))
        #expect(!page.contains("No themes yet.") && page.contains("No experiences yet."))
    }

    @Test("Who may start a workstream gets the form: no kind chosen for them, members who may lead offered")
    func mapCreateForm() {
        let page = Self.map(canCreate: true)
        #expect(page.field("kind")?.contains("<option value selected>Choose a kind</option>") == true)
        #expect(page.field("kind")?.contains("<option value=\"stream\">Stream</option>") == true)
        #expect(
            page.field("leaderId")?.contains("<option value>No leader yet</option>") == true,
            "an empty value is written bare")
        #expect(
            page.field("leaderId")?.contains("<option value=\"\(F.text(F.id(1021)))\">Mia Member (Bank)</option>")
                == true)
        PageExpect.csrfInEveryForm(page)
    }

    @Test("A refused workstream shows each error beside its field and keeps the input")
    func mapRefused() {
        let page = Self.map(
            canCreate: true,
            values: [
                "kind": "theme", "name": "Trust", "purpose": "Why", "startDate": "2027-02-01", "endDate": "2027-01-01",
                "leaderId": F.text(F.id(1021)), "leaderCommitment": "150",
            ],
            errors: ["endDate": "must be after the start date", "leaderCommitment": "must be from 1 to 100 percent"])
        PageExpect.error(page, field: "endDate", message: "must be after the start date", kept: "2027-01-01")
        PageExpect.error(page, field: "leaderCommitment", message: "must be from 1 to 100 percent", kept: "150")
        #expect(page.field("name")?.contains("value=\"Trust\"") == true)
        #expect(page.contains(">Why</textarea>"))
        #expect(page.field("kind")?.contains("<option value=\"theme\" selected>") == true)
        #expect(page.field("leaderId")?.contains("<option value=\"\(F.text(F.id(1021)))\" selected>") == true)
        #expect(page.contains("Please correct these 2 things"))
        #expect(page.contains("<a href=\"#field-leaderCommitment\">Stream leader&#39;s commitment must be from 1 to 100 percent</a>"))
    }

    // MARK: A stream

    @Test("A stream shows its kind, status, dates, total commitment, purpose and health")
    func streamHeader() {
        let page = Self.stream()
        #expect(
            page.contains(
                "<p class=\"meta\"><span class=\"badge\">Stream</span><span class=\"badge status-active\">Active</span><span>Since 4 Jan 2027</span><span>Total commitment 100 %</span></p>"
            ))
        #expect(page.contains("<p class=\"purpose\">Open accounts in minutes.</p>"))
        #expect(page.contains("No health flags."))
        #expect(page.links(to: .workstreamMap(.value(F.initiativeID))))
        #expect(Self.stream(F.stream(purpose: "")).contains("No purpose written yet."))
        #expect(!page.contains("Retrospective"))
    }

    @Test("People are grouped by party: the leader first with a badge, then assignments with role, commitment and term")
    func streamPeople() {
        let page = Self.stream()
        let person = { (id: UUID) in SiteURL.initiativePerson(.value(F.initiativeID), person: .value(id)).path }
        #expect(
            page.contains(
                "<li><a href=\"\(person(F.id(1301)))\">Lena Leader</a><span class=\"badge role-leader\">Stream leader</span><span class=\"commitment\"> 60 %</span></li>"
            ))
        #expect(
            page.contains(
                "<a href=\"\(person(F.viewerID))\">Vera Viewer</a><span class=\"badge\">Analyst</span><span class=\"commitment\"> 20 %</span>"
            ))
        #expect(
            page.contains(
                "<a href=\"\(person(F.id(1562)))\">Pia Partner</a><span class=\"commitment\"> 20 %</span><span class=\"muted\"> until 1 Mar 2027</span>"
            ))
        #expect(page.contains("<h3>Helio</h3>"))
        #expect(Self.stream(F.stream(leader: nil)).contains("Nobody is in this stream yet."))
    }

    @Test("Only the viewer's own assignment has a decline button, and none once the stream is closed")
    func streamDecline() {
        let own = SiteURL.assignmentDecline(
            .value(F.initiativeID), stream: .value(F.streamID), assignment: .value(F.id(561)))
        let other = SiteURL.assignmentDecline(
            .value(F.initiativeID), stream: .value(F.streamID), assignment: .value(F.id(562)))
        let page = Self.stream()
        #expect(page.form(posting: own) != nil)
        #expect(page.form(posting: other) == nil)
        var closed = Self.staffed
        closed.status = .closed
        #expect(Self.stream(closed).form(posting: own) == nil)
    }

    @Test(
        "A stream's key results link to their pages with progress; its managers unlink them and link the initiative's others"
    )
    func streamKeyResults() {
        let unlink = SiteURL.workstreamKeyResultRemove(
            .value(F.initiativeID), stream: .value(F.streamID), keyResult: .value(F.id(451)))
        let link = SiteURL.workstreamKeyResults(.value(F.initiativeID), stream: .value(F.streamID))
        let reader = Self.stream(choices: [.init(id: F.id(458), title: "Other KR")])
        #expect(
            reader.contains(
                "<a href=\"\(SiteURL.keyResult(.value(F.id(451))).path)\">Loans approved in a day</a><span class=\"muted\"> — Faster loans</span><span class=\"badge\">50 %</span>"
            ))
        #expect(reader.contains("<span class=\"badge\">no check-in yet</span>"))
        #expect(reader.form(posting: unlink) == nil && reader.form(posting: link) == nil)
        let manager = Self.stream(canManage: true, choices: [.init(id: F.id(458), title: "Other KR")])
        #expect(manager.form(posting: unlink) != nil)
        #expect(
            manager.form(posting: link)?.contains("<option value=\"\(F.text(F.id(458)))\">Other KR</option>") == true)
        #expect(Self.stream(canManage: true).form(posting: link) == nil, "nothing left to link")
        #expect(Self.stream(F.stream()).contains("Contributes to no key result yet."))
    }

    @Test("Without a charter, its managers are offered to write one and others to read it", arguments: [true, false])
    func streamNoCharter(canManage: Bool) {
        let page = Self.stream(canManage: canManage)
        #expect(page.contains("No charter yet."))
        let text = canManage ? "Write the charter" : "Charter"
        #expect(
            page.contains(
                "<a href=\"\(SiteURL.workstreamCharter(.value(F.initiativeID), stream: .value(F.streamID)).path)\">\(text)</a>"
            ))
    }

    @Test(
        "A charter's summary tells its version, whether it is in effect, who has yet to agree, and when review is due")
    func streamCharterSummary() {
        let waiting = F.stream(
            charter: CharterStatusDTO(
                version: 2, inEffect: false, reviewDate: F.day("2027-01-01"), reviewDue: true,
                partiesYetToAgree: [F.partnerOrg, F.id(999)]))
        let page = Self.stream(waiting)
        #expect(page.contains("<p>Version 2: <strong>not yet agreed by every party</strong></p>"))
        #expect(page.contains("<p>Still to agree: Helio, a party</p>"))
        #expect(page.contains("<p>Review by 1 Jan 2027 — due</p>"))
        #expect(page.contains("Read the charter"))
        let agreed = Self.stream(
            F.stream(
                charter: CharterStatusDTO(
                    version: 1, inEffect: true, reviewDate: F.day("2027-06-01"), reviewDue: false, partiesYetToAgree: []
                )))
        #expect(agreed.contains("<p>Version 1: <strong>in effect</strong></p>"))
        #expect(agreed.contains("<p>Review by 1 Jun 2027</p>"))
        #expect(!agreed.contains("Still to agree"))
    }

    @Test(
        "The board puts each work item in its status column; only who works in the stream moves items and adds new ones"
    )
    func streamBoard() {
        let items = [
            F.workItem(571, title: "Checklist", status: .todo, keyResultID: F.id(451)),
            F.workItem(572, title: "Pilot", status: .doing, keyResultID: F.id(999)),
            F.workItem(573, title: "Kickoff", status: .done),
        ]
        let reader = Self.stream(items: items)
        #expect(
            reader.contains(
                "<div class=\"column status-todo\"><h3>To do</h3><ul class=\"work-items\"><li class=\"work-item\" data-work-item=\"\(F.text(F.id(571)))\"><strong>Checklist</strong><p class=\"muted\">Pia Partner → Loans approved in a day</p>"
            ))
        #expect(reader.contains("<strong>Pilot</strong><p class=\"muted\">Pia Partner → a key result</p>"))
        #expect(reader.contains("<strong>Kickoff</strong><p class=\"muted\">Pia Partner</p>"))
        let move = SiteURL.workItem(.value(F.initiativeID), stream: .value(F.streamID), item: .value(F.id(572)))
        #expect(reader.form(posting: move) == nil)
        #expect(reader.form(posting: .workstreamWorkItems(.value(F.initiativeID), stream: .value(F.streamID))) == nil)
        let worker = Self.stream(items: items, canWork: true)
        #expect(worker.form(posting: move)?.contains("<option value=\"doing\" selected>Doing</option>") == true)
        #expect(
            worker.contains(
                "<label class=\"visually-hidden\" for=\"status-\(F.text(F.id(572)))\">Status of Pilot</label>"))
        let add = worker.form(posting: .workstreamWorkItems(.value(F.initiativeID), stream: .value(F.streamID)))
        #expect(
            add?.contains("<option value=\"\(F.text(F.id(1301)))\">Lena Leader (Bank)</option>") == true,
            "anyone in the stream may be the assignee")
        #expect(add?.contains("<option value>None</option>") == true)
        PageExpect.csrfInEveryForm(worker)
    }

    @Test(
        "Its managers assign people and change the stream, with the current values filled in and only allowed statuses offered"
    )
    func streamManage() {
        let page = Self.stream(canManage: true)
        let edit = page.form(posting: .workstream(.value(F.initiativeID), stream: .value(F.streamID)))
        #expect(page.form(posting: .workstreamAssignments(.value(F.initiativeID), stream: .value(F.streamID))) != nil)
        #expect(
            edit?.contains(
                "<option value=\"active\" selected>Active</option><option value=\"sunsetting\">Sunsetting</option><option value=\"closed\">Closed</option></select>"
            ) == true)
        #expect(edit?.contains("value=\"forming\"") == false, "nothing goes back to forming")
        #expect(page.field("name")?.contains("value=\"Onboarding\"") == true)
        #expect(page.field("startDate")?.contains("value=\"2027-01-04\"") == true)
        #expect(page.field("leaderCommitment")?.contains("value=\"60\"") == true)
        #expect(page.field("leaderId")?.contains("<option value>Keep the leader</option>") == true)
        #expect(
            Self.stream(F.stream(leader: nil), canManage: true).field("leaderId")?.contains(
                "<option value selected>No leader yet</option>") == true)
        #expect(
            Self.stream().form(posting: .workstreamAssignments(.value(F.initiativeID), stream: .value(F.streamID)))
                == nil)
        PageExpect.csrfInEveryForm(page)
    }

    @Test("A refused change shows each error beside its field and keeps the input")
    func streamRefused() {
        let page = Self.stream(
            canManage: true, canWork: true,
            values: [
                "personId": F.text(F.id(1021)), "commitment": "0", "name": "Renamed", "status": "closed",
                "title": "Draft",
            ],
            errors: ["commitment": "must be from 1 to 100 percent", "title": "is required"])
        PageExpect.error(page, field: "commitment", message: "must be from 1 to 100 percent", kept: "0")
        PageExpect.error(page, field: "title", message: "is required", kept: "Draft")
        #expect(page.field("personId")?.contains("<option value=\"\(F.text(F.id(1021)))\" selected>") == true)
        #expect(page.field("name")?.contains("value=\"Renamed\"") == true)
        #expect(page.field("status")?.contains("<option value=\"closed\" selected>") == true)
    }

    @Test("A temporary stream past its end date: its managers close or extend it; others are told who should")
    func streamSunset() {
        let manager = Self.stream(
            Self.pastEnd, canManage: true, values: ["note": "Done well", "extendEndDate": "2027-02-01"],
            errors: ["reason": "is required"])
        #expect(manager.contains("<h2>This temporary stream passed its end date (10 Jan 2027)</h2>"))
        #expect(manager.form(posting: .workstreamClose(.value(F.initiativeID), stream: .value(F.streamID))) != nil)
        #expect(manager.form(posting: .workstreamExtend(.value(F.initiativeID), stream: .value(F.streamID))) != nil)
        #expect(manager.contains(">Done well</textarea>"))
        #expect(manager.field("extendEndDate")?.contains("value=\"2027-02-01\"") == true)
        PageExpect.error(manager, field: "reason", message: "is required")
        PageExpect.csrfInEveryForm(manager)
        let reader = Self.stream(Self.pastEnd)
        #expect(reader.contains("Its leader or an admin should close it with a short retrospective, or extend it."))
        #expect(reader.form(posting: .workstreamClose(.value(F.initiativeID), stream: .value(F.streamID))) == nil)
        #expect(!Self.stream(canManage: true).contains("id=\"sunset\""), "no banner before the end date")
    }

    @Test("A closed stream shows its retrospective and offers no forms, even to its managers")
    func streamClosed() {
        let closed = F.stream(
            status: .closed, assignments: [F.assignment(561, personID: F.viewerID)],
            keyResults: [F.streamKeyResult(451)],
            closingNote: "We shipped it.")
        let page = Self.stream(
            closed, items: [F.workItem(571)], canManage: true, canWork: true,
            choices: [.init(id: F.id(458), title: "Other")])
        #expect(page.contains("<h2>Retrospective</h2><p class=\"purpose\">We shipped it.</p>"))
        #expect(page.postForms.count == 1, "only the layout's sign-out form")
    }

    // MARK: The charter

    @Test("Without a charter: nothing written yet; its managers get the form, prefilled with the stream's purpose")
    func charterNone() {
        let reader = Self.charter()
        #expect(reader.contains("No charter has been written yet."))
        #expect(reader.form(posting: .workstreamCharter(.value(F.initiativeID), stream: .value(F.streamID))) == nil)
        let editor = Self.charter(canEdit: true)
        #expect(editor.contains("<h2 id=\"edit-charter\">Write the charter</h2>"))
        #expect(editor.contains(">Open accounts in minutes.</textarea>"))
        #expect(editor.links(to: .workstream(.value(F.initiativeID), stream: .value(F.streamID))))
        PageExpect.csrfInEveryForm(editor)
    }

    @Test("The current version shows each section, '—' for blank ones, the review date and who agreed")
    func charterCurrent() {
        let version = F.charter(
            version: 2, accountableFor: "Account opening", reviewDate: "2027-06-01", agreements: [F.agreement()])
        let page = Self.charter(
            F.stream(
                charter: CharterStatusDTO(
                    version: 2, inEffect: true, reviewDate: nil, reviewDue: false, partiesYetToAgree: [])),
            versions: [version])
        #expect(
            page.contains(
                "<p class=\"charter-status\">Version 2 is <strong>in effect: every party in the stream agreed</strong></p>"
            ))
        #expect(page.contains("<div class=\"charter\" data-version=\"2\"><h2>Version 2</h2>"))
        #expect(page.contains("<h3>Accountable for</h3><p class=\"purpose\">Account opening</p>"))
        #expect(page.contains("<h3>Working agreements</h3><p class=\"purpose\">—</p>"))
        #expect(page.contains("<p>Review date: 1 Jun 2027</p>"))
        #expect(page.contains("<li>Olivia Owner for Bank<span class=\"muted\"> · 15 Jan 2027, 08:00 UTC</span></li>"))
        #expect(!page.contains("Past versions"))
        let unagreed = Self.charter(
            F.stream(
                charter: CharterStatusDTO(
                    version: 1, inEffect: false, reviewDate: nil, reviewDue: false, partiesYetToAgree: [F.partnerOrg])),
            versions: [F.charter()])
        #expect(unagreed.contains("<strong>not in effect yet: every party represented must agree</strong>"))
        #expect(unagreed.contains("<p>Review date: none set</p>"))
        #expect(unagreed.contains("Nobody yet."))
    }

    @Test("Only who may agree gets the agree button, for the current version, naming it; never on a closed stream")
    func charterAgree() {
        let versions = [F.charter(version: 2), F.charter(version: 1, isCurrent: false)]
        let agree = SiteURL.charterAgree(.value(F.initiativeID), stream: .value(F.streamID))
        let page = Self.charter(versions: versions, canAgree: true)
        let forms = page.postForms.filter { $0.contains("action=\"\(agree.path)\"") }
        #expect(forms.count == 1, "the past version has none")
        #expect(forms.first?.contains("<input type=\"hidden\" name=\"version\" value=\"2\"") == true)
        #expect(forms.first?.contains("Agree to version 2 for my organization") == true)
        #expect(page.form(posting: agree) != nil)
        #expect(Self.charter(versions: versions).form(posting: agree) == nil)
        var closed = Self.staffed
        closed.status = .closed
        #expect(
            Self.charter(closed, versions: versions, canEdit: true, canAgree: true).postForms.count == 1,
            "only the layout's sign-out form")
    }

    @Test("Past versions are kept below, each folded under its number and date")
    func charterPast() {
        let page = Self.charter(versions: [
            F.charter(version: 2), F.charter(version: 1, isCurrent: false, purpose: "First try"),
        ])
        #expect(
            page.contains(
                "<h2>Past versions</h2><details><summary>Version 1 — 15 Jan 2027</summary><div class=\"charter\" data-version=\"1\">"
            ))
        #expect(page.contains("First try"))
    }

    @Test(
        "Changing the charter prefills the current version; a refused change keeps the input with the error beside its field"
    )
    func charterEdit() {
        let current = F.charter(
            version: 2, purpose: "Current purpose", accountableFor: "Opening", reviewDate: "2027-06-01")
        let page = Self.charter(versions: [current], canEdit: true)
        #expect(page.contains("<h2 id=\"edit-charter\">Change the charter</h2>"))
        #expect(page.field("charterPurpose")?.contains(">Current purpose</textarea>") == true)
        #expect(page.field("accountableFor")?.contains(">Opening</textarea>") == true)
        #expect(page.field("reviewDate")?.contains("value=\"2027-06-01\"") == true)
        let refused = Self.charter(
            versions: [current], canEdit: true,
            values: ["charterPurpose": "", "howItDecides": "By consent", "reviewDate": "soon"],
            errors: ["charterPurpose": "is required", "reviewDate": "is not a date"])
        PageExpect.error(refused, field: "charterPurpose", message: "is required", kept: "")
        PageExpect.error(refused, field: "reviewDate", message: "is not a date", kept: "soon")
        #expect(refused.field("howItDecides")?.contains(">By consent</textarea>") == true)
    }

    // MARK: A person

    static let work = PersonStreamWork(
        streams: [
            StreamMembershipSummary(
                workstreamId: F.streamID, name: "Onboarding", kind: .stream, commitment: 60, isLeader: true),
            StreamMembershipSummary(
                workstreamId: F.id(503), name: "Trust", kind: .theme, commitment: 50, isLeader: false),
        ],
        workItems: [
            WorkItemSummary(
                id: F.id(571), title: "Checklist", status: .doing, workstreamId: F.streamID,
                workstreamName: "Onboarding",
                assigneeId: F.id(1301), keyResultId: F.id(451)),
            WorkItemSummary(
                id: F.id(572), title: "Survey", status: .todo, workstreamId: F.id(503), workstreamName: "Trust",
                assigneeId: F.id(1301), keyResultId: F.id(998)),
            WorkItemSummary(
                id: F.id(573), title: "Kickoff", status: .done, workstreamId: F.streamID, workstreamName: "Onboarding",
                assigneeId: F.id(1301), keyResultId: nil),
        ])
    static let lena = F.member(24, name: "Lena Leader", role: .leader, personID: F.id(1301))

    static func person(work: PersonStreamWork = work, total: Int = 110) -> Rendered {
        let trust = F.stream(
            id: F.id(503), kind: .theme, name: "Trust",
            assignments: [F.assignment(563, role: "Researcher", personID: F.id(1301))])
        return Rendered(
            PersonPage.render(
                .init(
                    initiative: F.initiative(), member: lena, work: work,
                    streams: [F.stream(keyResults: [F.streamKeyResult(451)]), trust], totalCommitment: total),
                context: F.context()))
    }

    @Test("A person's page lists their streams with their place and commitment, linking each stream")
    func personStreams() {
        let page = Self.person()
        #expect(
            page.contains(
                "<a href=\"\(SiteURL.organization(.value(F.ownerOrg)).path)\">Bank</a><span class=\"badge role-leader\">Lead</span>"
            ))
        #expect(
            page.contains(
                "<td data-label=\"Workstream\"><a href=\"\(SiteURL.workstream(.value(F.initiativeID), stream: .value(F.streamID)).path)\">Onboarding</a></td><td data-label=\"Kind\">Stream</td><td data-label=\"Place\">Stream leader</td><td data-label=\"Commitment\" class=\"commitment\">60 %</td>"
            ))
        #expect(page.contains("<td data-label=\"Kind\">Theme</td><td data-label=\"Place\">Researcher</td><td data-label=\"Commitment\" class=\"commitment\">50 %</td>"))
    }

    @Test(
        "More than all of their time across open streams is flagged; exactly all of it is not",
        arguments: [(110, true), (100, false)])
    func personOverCommitted(total: Int, flagged: Bool) {
        let page = Self.person(total: total)
        #expect(page.contains("<p class=\"alert warning total-commitment\">") == flagged)
        #expect(
            page.contains(
                "Total commitment across open workstreams: \(total) %"
                    + (flagged ? " — more than all of their time" : "<span class=\"muted\">")))
    }

    @Test("Work items say which key result they move, and the key results they move are listed once")
    func personWork() {
        let page = Self.person()
        #expect(
            page.contains(
                "<li><strong>Checklist</strong><span class=\"badge\">Doing</span> in Onboarding → moves Loans approved in a day</li>"
            ))
        #expect(
            page.contains(
                "<li><strong>Survey</strong><span class=\"badge\">To do</span> in Trust → moves a key result</li>"))
        #expect(page.contains("<li><strong>Kickoff</strong><span class=\"badge\">Done</span> in Onboarding</li>"))
        #expect(page.count("<ul class=\"key-results\"><li>Loans approved in a day") == 1)
    }

    @Test("A person with no streams and no work items is shown as such")
    func personEmpty() {
        let page = Self.person(work: PersonStreamWork(streams: [], workItems: []), total: 0)
        #expect(page.contains("Not in any workstream of this initiative."))
        #expect(page.contains("No work items."))
        #expect(page.contains("Contributes to no key result yet."))
    }

    // MARK: Hostile strings

    @Test(
        "Hostile names, roles, purposes, notes and kept input are escaped in text and attributes on every workstream page"
    )
    func hostile() {
        let h = F.hostile
        let q = F.hostileQuote
        let stream = F.stream(
            name: h, purpose: q, endDate: "2027-01-10", leader: F.leader(name: h),
            assignments: [F.assignment(561, name: q, role: h, personID: F.viewerID, organizationName: h)],
            keyResults: [F.streamKeyResult(451, title: h, objectiveTitle: q)], flags: [.pastEndDate],
            charter: CharterStatusDTO(
                version: 1, inEffect: false, reviewDate: nil, reviewDue: false, partiesYetToAgree: [F.ownerOrg]),
            closingNote: h)
        let initiative = F.initiative(name: h, parties: [F.party(name: q)])
        let members = [F.member(21, name: h, organizationName: q)]
        let values = [
            "name": h, "purpose": q, "note": h, "reason": q, "title": h, "role": q, "charterPurpose": h,
            "howItDecides": q,
        ]
        let version = F.charter(purpose: h, accountableFor: q, agreements: [F.agreement(name: h, organizationName: q)])
        let work = PersonStreamWork(
            streams: [
                StreamMembershipSummary(
                    workstreamId: F.streamID, name: h, kind: .stream, commitment: 10, isLeader: false)
            ],
            workItems: [
                WorkItemSummary(
                    id: F.id(571), title: h, status: .todo, workstreamId: F.streamID, workstreamName: q,
                    assigneeId: F.viewerID, keyResultId: F.id(451))
            ])
        let pages = [
            WorkstreamMapPage.render(
                .init(
                    initiative: initiative, streams: [stream], canCreate: true, candidates: members, values: values,
                    errors: ["name": h]),
                context: F.context()),
            WorkstreamPage.render(
                .init(
                    initiative: initiative, stream: stream,
                    workItems: [F.workItem(571, title: h, assigneeName: q, keyResultID: F.id(451))], charter: nil,
                    candidates: members, viewerID: F.viewerID, canManage: true, canWork: true,
                    keyResultChoices: [.init(id: F.id(458), title: h)],
                    values: values, errors: ["title": h]),
                context: F.context()),
            CharterPage.render(
                .init(
                    initiative: initiative, stream: stream, versions: [version], canEdit: true, canAgree: true,
                    values: values, errors: ["charterPurpose": h]),
                context: F.context()),
            PersonPage.render(
                .init(
                    initiative: initiative, member: F.member(24, name: h, personID: F.viewerID), work: work,
                    streams: [stream], totalCommitment: 120),
                context: F.context()),
        ]
        for document in pages {
            PageExpect.escaped(Rendered(document))
        }
        let map = Rendered(pages[0])
        #expect(map.field("name")?.contains("value=\"\(F.hostileEscaped)\"") == true)
        let board = Rendered(pages[1])
        #expect(
            board.contains(
                "<label class=\"visually-hidden\" for=\"status-\(F.text(F.id(571)))\">Status of \(F.hostileEscaped)</label>"
            ))
        #expect(board.field("role")?.contains("value=\"\(F.hostileQuoteEscaped)\"") == true)
    }
}

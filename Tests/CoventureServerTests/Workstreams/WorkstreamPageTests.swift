import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

@Suite("Workstream pages")
struct WorkstreamPageTests {
    @Test("The map groups streams by kind with leader, parties, total commitment, key results and flags; the overview links to it",
          arguments: TestDatabase.all)
    func map(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t, name: "Smart meters", kind: "stream", leaderCommitment: 40)
            try await w.assign(t, stream, w.partnerContributor, commitment: 30)
            _ = try await w.stream(t, name: "Energy efficiency", kind: "theme")
            let session = try await Factory.session(t, w.observer)
            let page = try await t.send(.GET, SiteURL.workstreamMap(.value(w.initiative.id)).path, as: session)
            #expect(page.status == .ok)
            let html = page.text
            for text in ["Themes", "Streams", "Experiences", "Smart meters", "Energy efficiency", "Lena Leader (40 %)", "Total commitment: ",
                         "70 %", w.partnerAdmin.organizationName, HealthFlag.leaderUnderCommitted.label, HealthFlag.noKeyResult.label] {
                #expect(html.contains(HTMLEscaping.escape(text)), "the map lacks \(text)")
            }
            #expect(html.contains("data-flag=\"leaderUnderCommitted\""))
            #expect(!html.contains("Start a workstream"), "observers do not start streams")
            let leaderPage = try await t.send(.GET, SiteURL.workstreamMap(.value(w.initiative.id)).path, as: try await Factory.session(t, w.leader))
            #expect(leaderPage.text.contains("Start a workstream"))
            let overview = try await t.send(.GET, SiteURL.initiative(.value(w.initiative.id)).path, as: session)
            #expect(overview.text.contains(SiteURL.workstreamMap(.value(w.initiative.id)).path))
            #expect(overview.text.contains("2 workstreams, 2 with health flags."))
        }
    }

    @Test("A leader starts a stream from the map; a bad form re-renders with the message beside the field", arguments: TestDatabase.all)
    func createFromPage(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let session = try await Factory.session(t, w.leader)
            let path = SiteURL.workstreamMap(.value(w.initiative.id)).path
            let bad = try await t.send(.POST, path, as: session, form: [
                "kind": "stream", "name": "Kept name", "startDate": "2026-05-01", "endDate": "2026-04-01",
                "leaderId": w.leader.id.uuidString, "leaderCommitment": "60",
            ])
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("id=\"field-endDate-error\""))
            #expect(bad.text.contains("Kept name"))
            let commitment = try await t.send(.POST, path, as: session, form: [
                "kind": "stream", "name": "N", "startDate": "2026-05-01", "leaderId": w.leader.id.uuidString, "leaderCommitment": "120",
            ])
            #expect(commitment.text.contains("id=\"field-leaderCommitment-error\""))
            #expect(try await WorkstreamRow.count(t.db) == 0)
            let good = try await t.send(.POST, path, as: session, form: [
                "kind": "experience", "name": "Moving house", "startDate": "2026-05-01", "endDate": "2026-08-31",
                "leaderId": w.leader.id.uuidString, "leaderCommitment": "60",
            ])
            #expect(good.status == .seeOther)
            let location = try #require(good.headers.first(name: .location))
            let page = try await t.send(.GET, location, as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("Moving house"))
            #expect(page.text.contains("1 May 2026 → 31 Aug 2026 (temporary)"))
        }
    }

    @Test("A stream past its end date shows the sunset banner; closing it there records the retrospective", arguments: TestDatabase.all)
    func sunsetBanner(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t, start: "2020-01-01", end: "2020-06-30")
            let page = SiteURL.workstream(.value(w.initiative.id), stream: .value(stream.id)).path
            let asObserver = try await t.send(.GET, page, as: try await Factory.session(t, w.observer))
            #expect(asObserver.text.contains("id=\"sunset\""))
            #expect(!asObserver.text.contains("Close the stream"))
            let session = try await Factory.session(t, w.leader)
            let asLeader = try await t.send(.GET, page, as: session)
            #expect(asLeader.text.contains("Close the stream"))
            #expect(asLeader.text.contains("Extend the stream"))
            let badExtend = try await t.send(.POST, SiteURL.workstreamExtend(.value(w.initiative.id), stream: .value(stream.id)).path,
                                             as: session, form: ["extendEndDate": "2099-01-01", "reason": ""])
            #expect(badExtend.status == .badRequest)
            #expect(badExtend.text.contains("id=\"field-reason-error\""))
            let closed = try await t.send(.POST, SiteURL.workstreamClose(.value(w.initiative.id), stream: .value(stream.id)).path,
                                          as: session, form: ["note": "We learned to pilot small."])
            #expect(closed.status == .seeOther)
            let after = try await t.send(.GET, page, as: session)
            #expect(!after.text.contains("id=\"sunset\""))
            #expect(after.text.contains("We learned to pilot small."))
        }
    }

    @Test("The charter page shows the current version, who agreed, an agree button, and past versions", arguments: TestDatabase.all)
    func charterPage(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            try await w.assign(t, stream, w.partnerContributor)
            let leader = try await Factory.session(t, w.leader)
            let path = SiteURL.workstreamCharter(.value(w.initiative.id), stream: .value(stream.id)).path
            #expect(try await t.send(.POST, path, as: leader, form: ["charterPurpose": "First words"]).status == .seeOther)
            #expect(try await t.send(.POST, SiteURL.charterAgree(.value(w.initiative.id), stream: .value(stream.id)).path, as: leader,
                                     form: ["version": "1"]).status == .seeOther)
            #expect(try await t.send(.POST, path, as: leader, form: ["charterPurpose": "Second words"]).status == .seeOther)
            let partner = try await Factory.session(t, w.partnerContributor)
            let page = try await t.send(.GET, path, as: partner)
            #expect(page.text.contains("Second words"))
            #expect(page.text.contains("Past versions"))
            #expect(page.text.contains("First words"))
            #expect(page.text.contains("Lena Leader for"))
            #expect(page.text.contains("Agree to version 2 for my organization"))
            let stale = try await t.send(.POST, SiteURL.charterAgree(.value(w.initiative.id), stream: .value(stream.id)).path, as: partner,
                                         form: ["version": "1"])
            #expect(stale.status == .badRequest)
            #expect(stale.text.contains("the charter has changed since version 1"))
        }
    }

    @Test("A person's page shows their streams, total commitment and work items", arguments: TestDatabase.all)
    func personPage(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t, name: "Smart meters")
            try await w.assign(t, stream, w.partnerContributor, commitment: 35)
            _ = try await AssignmentStore(application: t.app).createWorkItem(
                stream.id, CreateWorkItemRequest(title: "Collect meter readings", assigneeId: w.partnerContributor.id), by: w.leader.actor)
            #expect(try await w.patch(t, stream, ["status": "active"]).status == .ok)
            let path = SiteURL.initiativePerson(.value(w.initiative.id), person: .value(w.partnerContributor.id)).path
            let page = try await t.send(.GET, path, as: try await Factory.session(t, w.ownerContributor))
            #expect(page.status == .ok)
            for text in ["Pia Partnercontributor", "Smart meters", "Analyst", "35 %", "Total commitment across open workstreams: 35 %",
                         "Collect meter readings"] {
                #expect(page.text.contains(HTMLEscaping.escape(text)), "the person page lacks \(text)")
            }
            #expect(try await t.send(.GET, path, as: try await Factory.session(t, w.outsider)).status == .notFound)
            let notMember = SiteURL.initiativePerson(.value(w.initiative.id), person: .value(w.outsider.id)).path
            #expect(try await t.send(.GET, notMember, as: try await Factory.session(t, w.leader)).status == .notFound)
        }
    }

    @Test("Hostile strings in a stream, an assignment role, a work item and a charter render as harmless text", arguments: TestDatabase.all)
    func hostileStrings(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let hostile = PageSafetyTests.hostile.joined(separator: " ")
            let store = WorkstreamStore(application: t.app)
            let stream = try await store.create(
                initiativeID: w.initiative.id,
                CreateWorkstreamRequest(kind: .theme, name: String(hostile.prefix(120)), purpose: hostile, startDate: try CalendarDate(parsing: "2020-01-01"),
                                        endDate: try CalendarDate(parsing: "2020-02-01"), leaderId: w.leader.id, leaderCommitment: 10),
                by: w.ownerAdmin.actor)
            _ = try await AssignmentStore(application: t.app).assign(stream.id, CreateAssignmentRequest(personId: w.partnerContributor.id, role: String(hostile.prefix(80)), commitment: 20),
                                       by: w.ownerAdmin.actor)
            _ = try await AssignmentStore(application: t.app).createWorkItem(stream.id, CreateWorkItemRequest(title: String(hostile.prefix(200)), assigneeId: w.partnerContributor.id),
                                               by: w.leader.actor)
            _ = try await CharterStore(application: t.app).saveCharter(stream.id, SaveCharterRequest(purpose: hostile, accountableFor: hostile, workingAgreements: hostile, howItDecides: hostile),
                                            by: w.leader.actor)
            let session = try await Factory.session(t, w.leader)
            let pages: [SiteURL] = [
                .workstreamMap(.value(w.initiative.id)), .workstream(.value(w.initiative.id), stream: .value(stream.id)),
                .workstreamCharter(.value(w.initiative.id), stream: .value(stream.id)),
                .initiativePerson(.value(w.initiative.id), person: .value(w.partnerContributor.id)), .initiative(.value(w.initiative.id)),
            ]
            for page in pages {
                let response = try await t.send(.GET, page.path, as: session)
                #expect(response.status == .ok, "\(page.path)")
                for needle in ["<script>alert", "onmouseover='alert", "<img src=x", "' x='", "\"><script", "</textarea><img"] {
                    #expect(!response.text.contains(needle), "\(page.path) contains raw \(needle)")
                }
                #expect(response.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(page.path) shows the text escaped")
            }
        }
    }
}

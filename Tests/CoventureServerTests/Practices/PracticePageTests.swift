import CoventureCore
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// The practice pages over HTTP (issue #15): contributing from the form, the how-to rendered safely, the mesh grouped
/// by framework and party with its counts and review flags, adopting from the stream page, and a retrospective's
/// proposal prefilled from the practice it changes.
@Suite("Practice pages")
struct PracticePageTests {
    @Test("A refused contribution comes back with each message beside its field; a valid one is in review, its how-to rendered without markup",
          arguments: TestDatabase.all)
    func contributeFromTheForm(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let session = try await Factory.session(t, w.partnerContributor)
            let path = SiteURL.practices(.value(w.initiative.id)).path
            var form = ["name": "Grid walk", "summary": "Walk it.", "framework": "Helio Way", "area": "discover", "peopleMin": "4", "peopleMax": "2",
                        "durationMinutes": "ninety", "difficulty": "easy",
                        "howTo": "## Steps\n1. Meet <script>alert(1)</script>\n2. See [the map](https://maps.example/x) or [this](javascript:alert(1))\n3. Or [that](https://maps.example/\"onmouseover=\"alert(1))"]
            let refused = try await t.send(.POST, path, as: session, form: form)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("field-durationMinutes-error") && refused.text.contains("value=\"Grid walk\""))
            form["durationMinutes"] = "90"
            let still = try await t.send(.POST, path, as: session, form: form)
            #expect(still.status == .badRequest && still.text.contains("field-peopleMax-error"))
            form["peopleMax"] = "6"
            let created = try await t.send(.POST, path, as: session, form: form)
            let page = try await t.follow(created, as: session)
            #expect(page.text.contains("Contributed: another party reviews it"))
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.text.contains("<script>alert(1)"))
            #expect(page.text.contains("href=\"https://maps.example/x\"") && !page.text.contains("href=\"javascript:"))
            #expect(!page.text.contains("onmouseover=\""), "a quote in a link target never ends the attribute")
            #expect(page.text.contains("Contributed by \(w.partnerAdmin.organizationName)"))
            #expect(!page.text.contains("Record the review"), "its own party may not review it")
            let reviewer = try await t.send(.GET, try #require(created.headers.first(name: .location)), as: try await Factory.session(t, w.leader))
            #expect(reviewer.text.contains("Record the review"), "another party's leader may")
        }
    }

    @Test("The mesh groups the practices in use by framework and by party, counts the streams and flags reviews past due", arguments: TestDatabase.all)
    func meshPage(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let first = try await w.stream(t, name: "Smart meters")
            let second = try await w.stream(t, name: "Tariffs")
            let catalogue = try await PracticeReader(db: t.db).catalogue()
            let standUp = try #require(catalogue.first { $0.catalogueKey == "daily-stand-up" })
            let adoptions = AdoptionStore(application: t.app)
            let a = try await adoptions.adopt(first.id, AdoptionRequest(practiceId: standUp.id, tailoring: "9:15", reviewOn: "2099-01-01"), by: w.leader.actor)
            _ = try await adoptions.adopt(second.id, AdoptionRequest(practiceId: standUp.id, tailoring: "", reviewOn: "2099-01-01"), by: w.leader.actor)
            try await (t.db as! any SQLDatabase).raw("UPDATE practice_adoptions SET review_on = '2020-01-01' WHERE id = \(bind: a.id)").run()
            let page = try await t.send(.GET, SiteURL.practices(.value(w.initiative.id)).path, as: try await Factory.session(t, w.observer))
            #expect(page.status == .ok)
            #expect(page.text.contains("<h3>Scrum</h3>") && page.text.contains("2 streams") && page.text.contains("The catalogue"))
            #expect(page.text.contains("review due"))
            let filtered = try await t.send(.GET, SiteURL.practices(.value(w.initiative.id)).path + "?area=measure", as: try await Factory.session(t, w.observer))
            #expect(filtered.status == .ok && !filtered.text.contains(">Daily stand-up</a> <span class=\"meta\"> Scrum"))
            let stream = try await t.send(.GET, SiteURL.workstream(.value(w.initiative.id), stream: .value(first.id)).path, as: try await Factory.session(t, w.observer))
            #expect(stream.text.contains("Review due since") && stream.text.contains(w.initiative.name))
        }
    }

    @Test("A stream's leader adopts from the stream page; a retrospective proposes a change prefilled from the practice", arguments: TestDatabase.all)
    func adoptAndPropose(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            let session = try await Factory.session(t, w.leader)
            let catalogue = try await PracticeReader(db: t.db).catalogue()
            let kanban = try #require(catalogue.first { $0.catalogueKey == "kanban-board" })
            let streamPath = SiteURL.workstreamAdoptions(.value(w.initiative.id), stream: .value(stream.id)).path
            let refused = try await t.send(.POST, streamPath, as: session, form: ["practiceId": kanban.id.uuidString, "reviewOn": "2001-01-01"])
            #expect(refused.status == .badRequest && refused.text.contains("field-reviewOn-error"))
            let adopted = try await t.send(.POST, streamPath, as: session, form: ["practiceId": kanban.id.uuidString, "tailoring": "One lane per party", "reviewOn": "2099-01-01"])
            let page = try await t.follow(adopted, as: session)
            #expect(page.text.contains("Adopted Kanban board") && page.text.contains("One lane per party"))

            let copy = try #require(try await PracticeReader(db: t.db).adoptions(workstream: stream.id).first)
            let retroPath = SiteURL.workstreamRetrospectives(.value(w.initiative.id), stream: .value(stream.id)).path
            let form = try await t.send(.GET, retroPath + "?practice=\(copy.practiceID.uuidString.lowercased())", as: session)
            #expect(form.text.contains("Proposed change to Kanban board") && form.text.contains("name=\"proposal.howTo\""))
            let adoption = copy.id.uuidString.lowercased()
            let recorded = try await t.send(.POST, retroPath, as: session, form: [
                "heldOn": ValueTestSupport.today, "helped": "Seeing the work", "toChange": "Too many columns",
                "verdict-\(adoption)": "adapt", "proposal.practiceId": copy.practiceID.uuidString.lowercased(),
                "proposal.reason": "Three columns are enough.", "proposal.summary": "A board with three columns that both parties update.",
            ])
            let after = try await t.follow(recorded, as: session)
            #expect(after.text.contains("Recorded, with version 2 proposed"), "\(after.text.prefix(500))")
            let practice = try await t.send(.GET, SiteURL.practice(.value(w.initiative.id), practice: .value(copy.practiceID)).path,
                                            as: try await Factory.session(t, w.partnerAdmin))
            #expect(practice.text.contains("Version 2: in review") && practice.text.contains("Three columns are enough.") && practice.text.contains("Record the review"))
        }
    }

    @Test("A practice another party contributed waits on the home page of the admins and leaders who may review it, and of nobody else",
          arguments: TestDatabase.all)
    func awaitingReviewNeedsYou(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            _ = try await PracticeStore(application: t.app).contribute(w.initiative.id, MatrixPractices.request("Helio huddle"), by: w.partnerContributor.actor)
            // The line's class names its kind; the activity feed below also names the practice, to everyone.
            let line = "need-practiceAwaitingReview"
            for person in [w.ownerAdmin, w.leader] {
                let home = try await t.send(.GET, SiteURL.home.path, as: try await Factory.session(t, person))
                #expect(home.text.contains(line) && home.text.contains("Helio huddle"), "\(person.name)")
            }
            for person in [w.partnerAdmin, w.ownerContributor, w.observer] {
                let home = try await t.send(.GET, SiteURL.home.path, as: try await Factory.session(t, person))
                #expect(!home.text.contains(line), "\(person.name): its own party, a contributor, an observer")
            }
        }
    }
}

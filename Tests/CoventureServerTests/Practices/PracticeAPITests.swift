import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// The practice library over HTTP (issue #15), on both databases: a party's practice is reviewed by another before any
/// stream adopts it; a retrospective's proposed change, once accepted, is version 2 and version 1 stays readable; a
/// stream's practices past their review date flag its health.
@Suite("Practices API")
struct PracticeAPITests {
    static func contribute(_ t: TestApp, _ w: StreamWorld, name: String = "Helio grid walk", as person: SignedInPerson) async throws -> PracticeDTO {
        let response = try await t.send(
            .POST, APIURL.initiativePractices(.value(w.initiative.id)).path, as: w.token(person),
            json: PracticeRequest(
                name: name, summary: "Walk the grid site together.", framework: "Helio Way", area: "discover", peopleMin: 2, peopleMax: 6,
                durationMinutes: 90, difficulty: "easy", howTo: "## Steps\n1. Meet at the site\n2. Walk the feeder line"))
        try #require(response.status == .created, "\(response.text)")
        return try t.decode(PracticeDTO.self, from: response)
    }

    static func review(_ t: TestApp, _ id: UUID, _ verdict: String, comment: String? = nil, as caller: Caller) async throws -> TestingHTTPResponse {
        try await t.send(.POST, APIURL.practiceReviews(.value(id)).path, as: caller, json: PracticeReviewRequest(verdict: verdict, comment: comment))
    }

    static func adopt(_ t: TestApp, _ stream: UUID, _ practice: UUID, reviewOn: String = "2099-01-31", as caller: Caller) async throws -> TestingHTTPResponse {
        try await t.send(.POST, APIURL.adoptions(.value(stream)).path, as: caller,
                         json: AdoptionRequest(practiceId: practice, tailoring: "Monthly, with the bank's field team", reviewOn: reviewOn))
    }

    static func versions(_ t: TestApp, _ id: UUID, as caller: Caller) async throws -> [PracticeVersionDTO] {
        try t.decode(ListPage<PracticeVersionDTO>.self, from: try await t.send(.GET, APIURL.practiceVersions(.value(id)).path, as: caller)).items
    }

    @Test("An unreviewed contribution cannot be adopted (409); its own party cannot accept it (403); another party's leader can", arguments: TestDatabase.all)
    func reviewBeforeAdoption(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            let practice = try await Self.contribute(t, w, as: w.partnerContributor)
            #expect(practice.status == .inReview && practice.version == 1 && practice.contributedBy?.organizationId == w.partnerAdmin.organizationID)
            #expect(practice.pending?.status == .inReview)

            let early = try await Self.adopt(t, stream.id, practice.id, as: w.token(w.leader))
            #expect(early.status == .conflict, "\(early.text)")
            #expect(try t.error(early).field == "practiceId")

            #expect(try await Self.review(t, practice.id, "accept", as: w.token(w.partnerAdmin)).status == .forbidden, "its own party")
            #expect(try await Self.review(t, practice.id, "accept", as: w.token(w.ownerContributor)).status == .forbidden, "a contributor")
            #expect(try await Self.review(t, practice.id, "accept", as: w.token(w.observer)).status == .forbidden, "an observer")
            #expect(try await Self.review(t, practice.id, "accept", as: w.token(w.outsider)).status == .notFound, "an outsider")
            let missing = try await Self.review(t, practice.id, "requestChanges", as: w.token(w.leader))
            #expect(missing.status == .badRequest)
            #expect(try t.error(missing).field == "comment")

            let asked = try await Self.review(t, practice.id, "requestChanges", comment: "Say who walks.", as: w.token(w.leader))
            #expect(asked.status == .created)
            #expect(try t.decode(PracticeDTO.self, from: asked).status == .changesRequested)
            let again = try await Self.review(t, practice.id, "accept", as: w.token(w.ownerAdmin))
            #expect(again.status == .conflict, "changes were asked for: it is reviewed again once revised")
            let revised = try await t.send(.PATCH, APIURL.practice(.value(practice.id)).path, as: w.token(w.partnerContributor),
                                           json: PracticeRequest(summary: "Walk the grid site together, led by Helio's engineer."))
            #expect(revised.status == .ok, "\(revised.text)")
            #expect(try t.decode(PracticeDTO.self, from: revised).status == .inReview)
            #expect(try await t.send(.PATCH, APIURL.practice(.value(practice.id)).path, as: w.token(w.ownerAdmin),
                                     json: PracticeRequest(summary: "x")).status == .forbidden, "another party reviews; it does not revise")

            let accepted = try await Self.review(t, practice.id, "accept", comment: "Good.", as: w.token(w.leader))
            #expect(accepted.status == .created)
            #expect(try t.decode(PracticeDTO.self, from: accepted).status == .accepted)
            let adopted = try await Self.adopt(t, stream.id, practice.id, as: w.token(w.leader))
            #expect(adopted.status == .created, "\(adopted.text)")
            let twice = try await Self.adopt(t, stream.id, practice.id, as: w.token(w.ownerAdmin))
            #expect(twice.status == .conflict)
            let events = try await t.events(log: w.initiative.id).map(\.action)
            for action in [LedgerAction.practiceContributed, .practiceReviewed, .practiceRevised, .adoptionCreated] {
                #expect(events.contains(action.rawValue), "\(action)")
            }
        }
    }

    @Test("A retrospective's proposed change, once another party accepts it, is version 2; version 1 stays readable with the diff", arguments: TestDatabase.all)
    func refinementCreatesAVersion(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            let practice = try await Self.contribute(t, w, as: w.partnerContributor)
            _ = try await Self.review(t, practice.id, "accept", as: w.token(w.leader))
            let adoption = try t.decode(AdoptionDTO.self, from: try await Self.adopt(t, stream.id, practice.id, as: w.token(w.leader)))

            let retro = try await t.send(.POST, APIURL.retrospectives(.value(stream.id)).path, as: w.token(w.leader), json: RetrospectiveRequest(
                heldOn: ValueTestSupport.today, helped: "Seeing the site", toChange: "It runs long",
                practices: [RetrospectivePracticeInput(adoptionId: adoption.id, verdict: "adapt", note: "Shorter")],
                proposal: PracticeChangeProposal(practiceId: practice.id, reason: "Ninety minutes is too long for a site visit.",
                                                 durationMinutes: 60, howTo: "## Steps\n1. Meet at the site\n2. Walk the feeder line for an hour")))
            #expect(retro.status == .created, "\(retro.text)")
            #expect(try t.decode(RetrospectiveDTO.self, from: retro).proposedVersion == 2)
            let pending = try t.decode(PracticeDTO.self, from: try await t.send(.GET, APIURL.practice(.value(practice.id)).path, as: w.token(w.observer)))
            #expect(pending.version == 1 && pending.durationMinutes == 90 && pending.pending?.version == 2 && pending.pending?.status == .inReview)
            #expect(try await Self.review(t, practice.id, "accept", as: w.token(w.ownerAdmin)).status == .forbidden, "the proposer's party (the bank)")

            let accepted = try await Self.review(t, practice.id, "accept", as: w.token(w.partnerAdmin))
            let now = try t.decode(PracticeDTO.self, from: accepted)
            #expect(now.version == 2 && now.durationMinutes == 60 && now.pending == nil)
            let versions = try await Self.versions(t, practice.id, as: w.token(w.observer))
            #expect(versions.map(\.version) == [1, 2] && versions.map(\.inForce) == [false, true])
            #expect(versions[0].durationMinutes == 90 && versions[0].status == .accepted, "version 1 stays as it was")
            #expect(versions[1].reason == "Ninety minutes is too long for a site visit." && versions[1].changes.map(\.field) == ["duration"])
            #expect(versions[1].howToDiff.filter { $0.kind != "same" }.map(\.kind) == ["removed", "added"])

            let adoptions = try t.decode(ListPage<AdoptionDTO>.self, from: try await t.send(.GET, APIURL.adoptions(.value(stream.id)).path, as: w.token(w.observer))).items
            #expect(adoptions.map(\.version) == [1] && adoptions.map(\.currentVersion) == [2], "the stream chooses when to move")
            let notified = try await NotificationStore(application: t.app).page(of: w.leader.id, offset: 0, limit: 20).items
            #expect(notified.contains { $0.kind == .practiceVersionAccepted }, "the stream's leader hears of version 2")
            let moved = try await t.send(.PATCH, APIURL.adoption(.value(adoption.id)).path, as: w.token(w.leader), json: AdoptionChangeRequest(version: 2))
            #expect(moved.status == .ok, "\(moved.text)")
            #expect(try t.decode(AdoptionDTO.self, from: moved).version == 2)
            let badVersion = try await t.send(.PATCH, APIURL.adoption(.value(adoption.id)).path, as: w.token(w.leader), json: AdoptionChangeRequest(version: 3))
            #expect(badVersion.status == .badRequest)
            #expect(try t.error(badVersion).field == "version")
        }
    }

    @Test("A retrospective checks its fields; 'drop' ends the adoption; a proposal must change something", arguments: TestDatabase.all)
    func retrospectiveRules(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            let catalogue = try await PracticeReader(db: t.db).catalogue()
            let adopted = try await Self.adopt(t, stream.id, catalogue[0].id, as: w.token(w.leader))
            #expect(adopted.status == .created, "\(adopted.text)")
            let adoption = try t.decode(AdoptionDTO.self, from: adopted)
            #expect(adoption.practiceId != catalogue[0].id, "a stream adopts the initiative's copy of a catalogue practice")
            let copy = try t.decode(PracticeDTO.self, from: try await t.send(.GET, APIURL.practice(.value(adoption.practiceId)).path, as: w.token(w.observer)))
            #expect(copy.copiedFromId == catalogue[0].id && copy.initiativeId == w.initiative.id && copy.status == .accepted)

            func send(_ body: RetrospectiveRequest) async throws -> TestingHTTPResponse {
                try await t.send(.POST, APIURL.retrospectives(.value(stream.id)).path, as: w.token(w.leader), json: body)
            }
            let future = try await send(RetrospectiveRequest(heldOn: "2999-01-01"))
            #expect(future.status == .badRequest)
            #expect(try t.error(future).field == "heldOn")
            let unchanged = try await send(RetrospectiveRequest(
                heldOn: ValueTestSupport.today, proposal: PracticeChangeProposal(practiceId: adoption.practiceId, reason: "Why not")))
            #expect(unchanged.status == .badRequest, "\(unchanged.text)")
            #expect(try t.error(unchanged).field == "proposal.howTo")
            let stranger = try await send(RetrospectiveRequest(heldOn: ValueTestSupport.today, practices: [RetrospectivePracticeInput(adoptionId: UUID(), verdict: "keep")]))
            #expect(stranger.status == .badRequest)
            #expect(try t.error(stranger).field == "practices[0].adoptionId")
            #expect(try await t.send(.POST, APIURL.retrospectives(.value(stream.id)).path, as: w.token(w.observer),
                                     json: RetrospectiveRequest(heldOn: ValueTestSupport.today)).status == .forbidden)

            let dropped = try await send(RetrospectiveRequest(
                heldOn: ValueTestSupport.today, practices: [RetrospectivePracticeInput(adoptionId: adoption.id, verdict: "drop", note: "Not for us")]))
            #expect(dropped.status == .created)
            let after = try t.decode(ListPage<AdoptionDTO>.self, from: try await t.send(.GET, APIURL.adoptions(.value(stream.id)).path, as: w.token(w.leader))).items
            #expect(after.first?.endedOn == ValueTestSupport.today)
            #expect(try await t.events(log: w.initiative.id).map(\.action).contains(LedgerAction.adoptionEnded.rawValue))
        }
    }

    @Test("Bad input is a 400 naming the field, and nothing is written", arguments: TestDatabase.all)
    func badInput(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            let elsewhere = try await StreamWorld.make(t)
            let theirs = try await PracticeStore(application: t.app).contribute(
                elsewhere.initiative.id, MatrixPractices.request("Theirs"), by: elsewhere.ownerContributor.actor)
            let before = try await t.eventCount()
            let bad = try await t.send(.POST, APIURL.initiativePractices(.value(w.initiative.id)).path, as: w.token(w.ownerContributor),
                                       json: PracticeRequest(name: "X", summary: "Y", framework: "Z", area: "deliver", peopleMin: 0, peopleMax: 4,
                                                             durationMinutes: 30, difficulty: "easy", howTo: "Do it"))
            #expect(bad.status == .badRequest, "\(bad.text)")
            #expect(try t.error(bad).field == "peopleMin")
            let relation = try await t.send(.POST, APIURL.initiativePractices(.value(w.initiative.id)).path, as: w.token(w.ownerContributor),
                                            json: PracticeRequest(name: "X", summary: "Y", framework: "Z", area: "deliver", peopleMin: 1, peopleMax: 4,
                                                                  durationMinutes: 30, difficulty: "easy", howTo: "Do it",
                                                                  relations: [PracticeRelationInput(kind: "combinesWith", practiceId: UUID())]))
            #expect(relation.status == .badRequest)
            #expect(try t.error(relation).field == "relations[0].practiceId")
            let catalogue = try await PracticeReader(db: t.db).catalogue()
            let past = try await Self.adopt(t, stream.id, catalogue[0].id, reviewOn: "2001-01-01", as: w.token(w.leader))
            #expect(past.status == .badRequest)
            #expect(try t.error(past).field == "reviewOn")
            let foreign = try await Self.adopt(t, stream.id, theirs.id, as: w.token(w.leader))
            #expect(foreign.status == .badRequest, "another initiative's practice reads as a missing one")
            #expect(try t.error(foreign).field == "practiceId")
            let filter = try await t.send(.GET, APIURL.catalogue.path + "?area=everywhere", as: w.token(w.outsider))
            #expect(filter.status == .badRequest)
            #expect(try t.error(filter).field == "area")
            #expect(try await t.eventCount() == before, "nothing recorded, no half-written change")
            #expect(try await PracticeReader(db: t.db).practices(w.initiative.id).isEmpty, "the copy of the refused adoption was not kept")
        }
    }

    @Test("The catalogue is open to anyone signed in and filters by framework, area and words", arguments: TestDatabase.all)
    func catalogue(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let all = try t.decode(ListPage<PracticeDTO>.self, from: try await t.send(.GET, APIURL.catalogue.path + "?limit=200", as: w.token(w.outsider))).items
            #expect(all.count == PracticeCatalogue.edition1.count && all.allSatisfy { $0.initiativeId == nil && $0.status == .accepted })
            let scrum = try t.decode(ListPage<PracticeDTO>.self, from: try await t.send(.GET, APIURL.catalogue.path + "?framework=scrum&limit=200", as: w.token(w.outsider))).items
            #expect(!scrum.isEmpty && scrum.allSatisfy { $0.framework == "Scrum" })
            let measure = try t.decode(ListPage<PracticeDTO>.self, from: try await t.send(.GET, APIURL.catalogue.path + "?area=measure&limit=200", as: w.token(w.outsider))).items
            #expect(!measure.isEmpty && measure.allSatisfy { $0.area == .measure })
            let words = try t.decode(ListPage<PracticeDTO>.self, from: try await t.send(.GET, APIURL.catalogue.path + "?q=stand-up", as: w.token(w.outsider))).items
            #expect(words.contains { $0.name.lowercased().contains("stand-up") })
            let one = try await t.send(.GET, APIURL.practice(.value(all[0].id)).path, as: w.token(w.outsider))
            #expect(one.status == .ok)
            #expect(try await t.send(.GET, APIURL.catalogue.path).status == .unauthorized)
        }
    }

    @Test("A later catalogue edition updates the catalogue's practice as a new version and leaves an initiative's copy alone", arguments: TestDatabase.all)
    func catalogueEditionsNeverTouchCopies(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            var entry = PracticeCatalogue.edition1[0]
            let original = try #require(try await PracticeReader(db: t.db).catalogue().first { $0.catalogueKey == entry.key })
            let adoption = try t.decode(AdoptionDTO.self, from: try await Self.adopt(t, stream.id, original.id, as: w.token(w.leader)))
            entry.summary = "A new edition's wording."
            try await PracticeCatalogueLoader.apply([entry], on: t.db, at: Date())
            let updated = try await PracticeReader(db: t.db).practice(original.id)
            #expect(updated.version == 2 && updated.shown.content.summary == "A new edition's wording." && updated.versions.count == 2)
            let copy = try await PracticeReader(db: t.db).practice(adoption.practiceId)
            #expect(copy.version == 1 && copy.shown.content.summary == original.shown.content.summary)
            try await PracticeCatalogueLoader.apply([entry], on: t.db, at: Date())
            #expect(try await PracticeReader(db: t.db).practice(original.id).versions.count == 2, "applying the same edition twice changes nothing")
        }
    }

    @Test("A stream using a practice past its review date is flagged practiceReviewDue", arguments: TestDatabase.all)
    func healthFlag(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await StreamWorld.make(t)
            let stream = try await w.stream(t)
            let catalogue = try await PracticeReader(db: t.db).catalogue()
            let adoption = try t.decode(AdoptionDTO.self, from: try await Self.adopt(t, stream.id, catalogue[3].id, as: w.token(w.leader)))
            #expect(try await !w.get(t, stream).flags.contains(.practiceReviewDue))
            // Time passes: the review date the stream set is behind it.
            try await (t.db as! any SQLDatabase).raw("UPDATE practice_adoptions SET review_on = '2020-01-01' WHERE id = \(bind: adoption.id)").run()
            #expect(try await w.get(t, stream).flags.contains(.practiceReviewDue))
            let listed = try t.decode(ListPage<AdoptionDTO>.self, from: try await t.send(.GET, APIURL.adoptions(.value(stream.id)).path, as: w.token(w.observer))).items
            #expect(listed.first?.reviewDue == true)
        }
    }
}

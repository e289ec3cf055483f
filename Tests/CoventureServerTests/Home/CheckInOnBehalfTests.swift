import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
@testable import CoventureServer

/// Bug 4 of issue #12: "Any party silently overwrites another party's key result". Check-ins on a key result are
/// for its owner, the leaders of streams contributing to it and the admins of its owning party; a check-in by
/// anyone but the owner says "on behalf of" and notifies the owner.
@Suite("Check-ins on behalf of a key result's owner")
struct CheckInOnBehalfTests {
    static let form = ["value": "250", "confidence": "onTrack"]

    static func checkInCount(_ t: TestApp, _ keyResult: UUID) async throws -> Int {
        try await CheckInRow.count(t.db, where: "key_result_id = \(bind: keyResult)")
    }

    @Test("A partner admin, neither of the owning party nor leading a contributing stream, is refused on the page and in the API, and nothing is written",
          arguments: TestDatabase.all)
    func partnerAdminRefused(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await World.make(t)
            let keyResult = w.okrs.keyResult.id
            let session = try await Factory.session(t, w.partnerAdmin), token = try await Factory.token(t, w.partnerAdmin)
            let before = try await Self.checkInCount(t, keyResult), events = try await t.eventCount()
            let page = try await t.send(.POST, SiteURL.keyResultCheckIns(.value(keyResult)).path, as: session, form: Self.form)
            #expect(page.status == .forbidden)
            #expect(page.text.contains("only the key result&#39;s owner") || page.text.contains("only the key result's owner"))
            let api = try await t.send(.POST, APIURL.keyResultCheckIns(.value(keyResult)).path,
                                       as: token, json: CheckInRequest(value: NumberInput("250"), confidence: "onTrack"))
            #expect(api.status == .forbidden)
            #expect(try await Self.checkInCount(t, keyResult) == before)
            #expect(try await t.eventCount() == events)
            // The page does not offer the form to them.
            let shown = try await t.send(.GET, SiteURL.keyResult(.value(keyResult)).path, as: session)
            #expect(shown.status == .ok)
            #expect(!shown.text.contains("Record check-in"))
        }
    }

    @Test("The owner, the leader of a contributing stream and an admin of the owning party may check in, on the page and in the API")
    func allowedCallers() async throws {
        try await withTestApp(.sqlite) { t in
            let w = try await World.make(t)
            let keyResult = w.okrs.keyResult.id
            let leader = try #require(try await PersonRow.find(w.target.personId, t.db))
            let leaderPerson = SignedInPerson(id: leader.id, name: leader.name, email: leader.email,
                                              organizationID: leader.organizationID, organizationName: "", isOrgAdmin: false, sessionID: nil)
            for person in [w.contributor, leaderPerson, w.ownerAdmin] {
                let page = try await t.send(.POST, SiteURL.keyResultCheckIns(.value(keyResult)).path,
                                            as: try await Factory.session(t, person), form: Self.form)
                #expect(page.status == .seeOther, "\(person.name) on the page: \(page.status) \(page.text.prefix(200))")
                let api = try await t.send(.POST, APIURL.keyResultCheckIns(.value(keyResult)).path,
                                           as: try await Factory.token(t, person), json: CheckInRequest(value: NumberInput("260"), confidence: "onTrack"))
                #expect(api.status == .created, "\(person.name) in the API: \(api.status)")
                let page2 = try await t.send(.GET, SiteURL.keyResult(.value(keyResult)).path, as: try await Factory.session(t, person))
                #expect(page2.text.contains("Record check-in"), "the form is offered to \(person.name)")
            }
        }
    }

    @Test("A check-in by someone else says on whose behalf, in the API, the ledger and the history, and notifies the owner until they look",
          arguments: TestDatabase.all)
    func onBehalfNotifiesOwner(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await World.make(t)
            let keyResult = w.okrs.keyResult.id
            let owner = w.contributor
            let api = try await t.send(.POST, APIURL.keyResultCheckIns(.value(keyResult)).path, as: try await Factory.token(t, w.ownerAdmin),
                                       json: CheckInRequest(value: NumberInput("2400"), confidence: "onTrack"))
            #expect(api.status == .created)
            let created = try t.decode(CheckInDTO.self, from: api)
            #expect(created.onBehalfOfId == owner.id)
            #expect(created.onBehalfOfName == "Chris Contributor")
            let event = try #require(try await t.events(log: w.initiative.id).last)
            #expect(event.action == LedgerAction.checkInRecorded.rawValue)
            #expect(event.canonical.contains("\"onBehalfOf\":\"\(owner.id.uuidString.lowercased())\""))

            let ownerSession = try await Factory.session(t, owner)
            let home = try await t.send(.GET, SiteURL.home.path, as: ownerSession)
            #expect(home.text.contains("Olivia Owner checked in <em>Applications a month</em> on your behalf at 2400 applications"))
            // Nobody else is told.
            #expect(!(try await t.send(.GET, SiteURL.home.path, as: try await Factory.session(t, w.ownerAdmin))).text.contains("on your behalf"))

            // Opening the key result: the history says it, and the notice goes.
            let page = try await t.send(.GET, SiteURL.keyResult(.value(keyResult)).path, as: ownerSession)
            #expect(page.text.contains("Olivia Owner on behalf of Chris Contributor"))
            #expect(!(try await t.send(.GET, SiteURL.home.path, as: ownerSession)).text.contains("on your behalf"))

            // The owner's own check-in is theirs: no "on behalf", no notice.
            let own = try await t.send(.POST, APIURL.keyResultCheckIns(.value(keyResult)).path, as: try await Factory.token(t, owner),
                                       json: CheckInRequest(value: NumberInput("2500"), confidence: "onTrack"))
            #expect(try t.decode(CheckInDTO.self, from: own).onBehalfOfId == nil)
            #expect(!(try #require(try await t.events(log: w.initiative.id).last)).canonical.contains("onBehalfOf"))
            #expect(!(try await t.send(.GET, SiteURL.home.path, as: ownerSession)).text.contains("on your behalf"))
        }
    }

    @Test("The owner dismisses a notice with a post that answers 303 to the home page; nobody else can dismiss it")
    func dismiss() async throws {
        try await withTestApp(.sqlite) { t in
            let w = try await World.make(t)
            _ = try await KeyResultStore(application: t.app).checkIn(
                w.okrs.keyResult.id, CheckInRequest(value: NumberInput("300"), confidence: "onTrack"), by: w.ownerAdmin.actor)
            let notice = try #require(try await HomeNotices.notices(for: w.contributor.id, on: t.db).first)
            let path = SiteURL.noticeDismiss(.value(notice.id)).path
            let stranger = try await t.send(.POST, path, as: try await Factory.session(t, w.ownerAdmin), form: [:])
            #expect(stranger.status == .notFound)
            let ownerSession = try await Factory.session(t, w.contributor)
            let home = try await t.send(.GET, SiteURL.home.path, as: ownerSession)
            #expect(home.text.contains("action=\"\(path)\""))
            let dismissed = try await t.send(.POST, path, as: ownerSession, form: [:])
            #expect(dismissed.status == .seeOther)
            #expect(dismissed.headers.first(name: .location) == SiteURL.home.path)
            #expect(try await HomeNotices.notices(for: w.contributor.id, on: t.db).isEmpty)
            #expect(try await t.send(.POST, path, as: ownerSession, form: [:]).status == .notFound)
        }
    }
}


import CoventureCore
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// The practice fixtures of the access matrix's `World`: three practices the contributor (owner's party) contributed,
/// still in review (one for the page's review, one for the API's, one to revise), two catalogue practices to adopt in
/// the matrix stream, and one adoption there.
struct MatrixPractices: Sendable {
    var reviewedOnPage: UUID
    var reviewedByAPI: UUID
    var revisable: UUID
    var adoptedOnPage: UUID
    var adoptedByAPI: UUID
    var adoptionID: UUID

    static func request(_ name: String) -> PracticeRequest {
        PracticeRequest(
            name: name, summary: "The bank's way of doing it.", framework: "Bank Way", area: "deliver", peopleMin: 3, peopleMax: 9,
            durationMinutes: 45, difficulty: "moderate", howTo: "## Steps\n1. Gather\n2. Decide")
    }

    static func make(_ t: TestApp, initiative: UUID, stream: UUID, owner: SignedInPerson, contributor: SignedInPerson) async throws -> MatrixPractices {
        let store = PracticeStore(application: t.app)
        let catalogue = try await PracticeReader(db: t.db).catalogue()
        let adoption = try await AdoptionStore(application: t.app).adopt(
            stream, AdoptionRequest(practiceId: catalogue[2].id, tailoring: "Fortnightly", reviewOn: "2099-01-01"), by: owner.actor)
        return MatrixPractices(
            reviewedOnPage: try await store.contribute(initiative, request("Page review"), by: contributor.actor).id,
            reviewedByAPI: try await store.contribute(initiative, request("API review"), by: contributor.actor).id,
            revisable: try await store.contribute(initiative, request("Revisable"), by: contributor.actor).id,
            adoptedOnPage: catalogue[0].id, adoptedByAPI: catalogue[1].id, adoptionID: adoption.id)
    }
}

extension AccessMatrixTests {
    /// Reviewing a practice the owner's party contributed: an admin or leader of another party (here the partner's
    /// admin); the owner's own admin is refused, as are contributors and observers.
    static func otherPartyReviewers(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .forbidden, .partnerAdmin: .ok, .ownerAdmin: .forbidden]
    }

    /// Revising what the owner's party proposed: the owner's party's members, not observers nor the partner.
    static func proposingParty(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .ok, .partnerAdmin: .forbidden, .ownerAdmin: .ok]
    }

    /// The matrix stream's managers (the admins; its leader is `target`), adopting once: the second finds it adopted.
    static func streamManagersOnce(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .forbidden, .partnerAdmin: .ok,
         .ownerAdmin: .afterwards(.conflict)]
    }

    static func streamManagers(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .forbidden, .partnerAdmin: .ok, .ownerAdmin: .ok]
    }

    static let practiceEntries: [Entry] = {
        let i: @Sendable (World) -> Param<UUID> = { .value($0.initiative.id) }
        let s: @Sendable (World) -> Param<UUID> = { .value($0.streams.streamID) }
        let contribution: @Sendable (World) -> [String: String] = { _ in
            ["name": "Bank huddle", "summary": "A short huddle.", "framework": "Bank Way", "area": "deliver", "peopleMin": "3", "peopleMax": "8",
             "durationMinutes": "15", "difficulty": "easy", "howTo": "1. Stand\n2. Talk"]
        }
        let retrospective: @Sendable (World) -> [String: String] = { w in
            ["heldOn": ValueTestSupport.today, "helped": "Pairing", "toChange": "Fewer meetings",
             "verdict-\(w.practices.adoptionID.uuidString.lowercased())": "keep"]
        }
        return [
            // Pages
            Entry(method: .GET, url: .practices(.key), path: { w in SiteURL.practices(i(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .practices(.key), path: { w in SiteURL.practices(i(w)).path }, form: contribution,
                  expect: contributors(anonymous: .signIn)),
            Entry(method: .GET, url: .newPractice(.key), path: { w in SiteURL.newPractice(i(w)).path }, expect: contributors(anonymous: .signIn)),
            Entry(method: .GET, url: .practice(.key, practice: .key),
                  path: { w in SiteURL.practice(i(w), practice: .value(w.practices.revisable)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .practice(.key, practice: .key),
                  path: { w in SiteURL.practice(i(w), practice: .value(w.practices.revisable)).path },
                  form: { _ in ["summary": "The bank's way, written down."] }, expect: proposingParty(anonymous: .signIn)),
            Entry(method: .GET, url: .practiceEdit(.key, practice: .key),
                  path: { w in SiteURL.practiceEdit(i(w), practice: .value(w.practices.revisable)).path }, expect: proposingParty(anonymous: .signIn)),
            Entry(method: .POST, url: .practiceReviews(.key, practice: .key),
                  path: { w in SiteURL.practiceReviews(i(w), practice: .value(w.practices.reviewedOnPage)).path },
                  form: { _ in ["verdict": "accept"] }, expect: otherPartyReviewers(anonymous: .signIn)),
            Entry(method: .POST, url: .workstreamAdoptions(.key, stream: .key), path: { w in SiteURL.workstreamAdoptions(i(w), stream: s(w)).path },
                  form: { w in ["practiceId": w.practices.adoptedOnPage.uuidString, "tailoring": "Weekly", "reviewOn": "2099-06-30"] },
                  expect: streamManagersOnce(anonymous: .signIn)),
            Entry(method: .POST, url: .adoption(.key, stream: .key, adoption: .key),
                  path: { w in SiteURL.adoption(i(w), stream: s(w), adoption: .value(w.practices.adoptionID)).path },
                  form: { _ in ["tailoring": "Weekly, on Mondays"] }, expect: streamManagers(anonymous: .signIn)),
            Entry(method: .GET, url: .workstreamRetrospectives(.key, stream: .key),
                  path: { w in SiteURL.workstreamRetrospectives(i(w), stream: s(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .workstreamRetrospectives(.key, stream: .key),
                  path: { w in SiteURL.workstreamRetrospectives(i(w), stream: s(w)).path }, form: retrospective, expect: workers(anonymous: .signIn)),
            // API
            Entry(method: .GET, url: .api(.catalogue), path: { _ in APIURL.catalogue.path + "?area=decide" }, expect: signedIn(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.initiativePractices(.key)), path: { w in APIURL.initiativePractices(i(w)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.initiativePractices(.key)), path: { w in APIURL.initiativePractices(i(w)).path },
                  json: { _ in MatrixPractices.request("Bank retro") }, expect: contributors(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.practice(.key)), path: { w in APIURL.practice(.value(w.practices.revisable)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .PATCH, url: .api(.practice(.key)), path: { w in APIURL.practice(.value(w.practices.revisable)).path },
                  json: { _ in PracticeRequest(durationMinutes: 40) }, expect: proposingParty(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.practiceVersions(.key)), path: { w in APIURL.practiceVersions(.value(w.practices.revisable)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.practiceReviews(.key)), path: { w in APIURL.practiceReviews(.value(w.practices.reviewedByAPI)).path },
                  json: { _ in PracticeReviewRequest(verdict: "requestChanges", comment: "Say who facilitates.") },
                  expect: otherPartyReviewers(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.adoptions(.key)), path: { w in APIURL.adoptions(s(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.adoptions(.key)), path: { w in APIURL.adoptions(s(w)).path },
                  json: { w in AdoptionRequest(practiceId: w.practices.adoptedByAPI, tailoring: "As written", reviewOn: "2099-06-30") },
                  expect: streamManagersOnce(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.adoption(.key)), path: { w in APIURL.adoption(.value(w.practices.adoptionID)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .PATCH, url: .api(.adoption(.key)), path: { w in APIURL.adoption(.value(w.practices.adoptionID)).path },
                  json: { _ in AdoptionChangeRequest(reviewOn: "2099-03-31") }, expect: streamManagers(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.retrospectives(.key)), path: { w in APIURL.retrospectives(s(w)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.retrospectives(.key)), path: { w in APIURL.retrospectives(s(w)).path },
                  json: { _ in RetrospectiveRequest(heldOn: ValueTestSupport.today, helped: "Pairing", toChange: "Less") },
                  expect: workers(anonymous: .unauthorized)),
        ]
    }()
}

import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// Inbound key-result feeds (issue #16): a tool checks in on a key result in its owner's name, marked with its source.
@Suite("Inbound key-result feeds")
struct FeedTests {
    /// An initiative with a partner; the contributor owns the key result; the owner's admin may check in on it for them.
    struct Setup {
        var ownerAdmin: SignedInPerson
        var partnerAdmin: SignedInPerson
        var contributor: SignedInPerson
        var observer: SignedInPerson
        var contributorMember: MemberDTO
        var initiative: InitiativeDTO
        var keyResult: UUID

        static func make(_ t: TestApp) async throws -> Setup {
            let tag = UUID().uuidString.prefix(6).lowercased()
            let ownerAdmin = try await Factory.person(t, name: "Olivia Owner", email: "o.\(tag)@owner.example", organization: "Owner \(tag)", orgAdmin: true)
            let partnerAdmin = try await Factory.person(t, name: "Paul Partner", email: "p.\(tag)@partner.example", organization: "Partner \(tag)", orgAdmin: true)
            let contributor = try await Factory.person(t, name: "Chris Contributor", email: "c.\(tag)@owner.example", organization: "Owner \(tag)")
            let observer = try await Factory.person(t, name: "Olga Observer", email: "v.\(tag)@partner.example", organization: "Partner \(tag)")
            let initiative = try await Factory.initiative(t, by: ownerAdmin)
            try await Factory.partner(t, initiative, owner: ownerAdmin, partner: partnerAdmin)
            let member = try await Factory.member(t, initiative, contributor, role: .contributor, by: ownerAdmin)
            try await Factory.member(t, initiative, observer, role: .observer, by: partnerAdmin)
            let okrs = try await OKRFixture.make(t, initiativeID: initiative.id, owner: ownerAdmin, contributor: contributor)
            return Setup(
                ownerAdmin: ownerAdmin, partnerAdmin: partnerAdmin, contributor: contributor, observer: observer,
                contributorMember: member, initiative: initiative, keyResult: okrs.keyResult.id)
        }

        func createFeed(_ t: TestApp, source: String = "Nightly BI job", by person: SignedInPerson? = nil) async throws -> CreatedFeedDTO {
            let response = try await t.send(
                .POST, APIURL.keyResultFeeds(.value(keyResult)).path, as: try await Factory.token(t, person ?? contributor),
                json: CreateFeedRequest(source: source))
            #expect(response.status == .created, "\(response.text)")
            return try t.decode(CreatedFeedDTO.self, from: response)
        }
    }

    static func call(_ t: TestApp, _ feed: CreatedFeedDTO, _ body: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await t.send(.POST, APIURL.feedCall(.value(feed.secret)).path, text: (body, .json), headers: headers)
    }

    static func signed(_ body: String, secret: String, id: String = "msg_\(UUID().uuidString)", at time: Date = Date()) -> HTTPHeaders {
        let timestamp = Int64(time.timeIntervalSince1970)
        let signature = WebhookSignature.sign(id: id, timestamp: timestamp, body: Array(body.utf8), key: WebhookSignature.key(secret: secret))
        return ["webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signature]
    }

    @Test("A feed records a check-in as the key result's owner, marked with its source in the API, the ledger, the activity and the page",
          arguments: TestDatabase.all)
    func recordsAsOwner(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let feed = try await s.createFeed(t)
            #expect(feed.url.hasSuffix(APIURL.feedCall(.value(feed.secret)).path))
            #expect(feed.secret.hasPrefix("cvf_"))

            let response = try await Self.call(t, feed, #"{"value": 2600, "confidence": "onTrack", "narrative": "From the warehouse"}"#)
            #expect(response.status == .created, "\(response.text)")
            let checkIn = try t.decode(CheckInDTO.self, from: response)
            #expect(checkIn.personId == s.contributor.id)
            #expect(checkIn.onBehalfOfId == nil)
            #expect(checkIn.source == "Nightly BI job")
            #expect(checkIn.value == 2600)

            // The call may name itself more precisely; without a confidence the key result's stays as it was.
            let named = try await Self.call(t, feed, #"{"value": "2650", "source": "BI job run 812"}"#)
            #expect(named.status == .created, "\(named.text)")
            #expect(try t.decode(CheckInDTO.self, from: named).source == "BI job run 812")
            #expect(try t.decode(CheckInDTO.self, from: named).confidence == .onTrack)

            let event = try #require(try await t.events(log: s.initiative.id).last)
            #expect(event.action == LedgerAction.checkInRecorded.rawValue)
            #expect(event.actorID == s.contributor.id)
            #expect(event.canonical.contains(#""source":"BI job run 812""#))

            let history = try await t.send(.GET, APIURL.keyResultCheckIns(.value(s.keyResult)).path, as: try await Factory.token(t, s.observer))
            #expect(history.text.contains(#""source":"BI job run 812""#))
            let session = try await Factory.session(t, s.contributor)
            let page = try await t.send(.GET, SiteURL.keyResult(.value(s.keyResult)).path, as: session)
            #expect(page.text.contains("from Nightly BI job"))
            #expect(page.text.contains("from BI job run 812"))
            let activity = try await t.send(.GET, SiteURL.initiativeActivity(.value(s.initiative.id)).path, as: session)
            #expect(activity.text.contains("from <em>BI job run 812</em>") || activity.text.contains("BI job run 812"))

            // The feed's creation is in the ledger, without its secret; the page lists it, with when it was last used.
            let created = try #require(try await t.events(log: s.initiative.id).first { $0.action == LedgerAction.keyResultFeedCreated.rawValue })
            #expect(created.canonical.contains("Nightly BI job"))
            #expect(!created.canonical.contains(feed.secret) && !created.canonical.contains(Secrets.hash(feed.secret)))
            #expect(page.text.contains("id=\"feeds\""))
            #expect(!page.text.contains(feed.secret))
            let listed = try #require(try await FeedReader(db: t.db).feeds(of: s.keyResult).first)
            #expect(listed.lastUsedAt != nil)
        }
    }

    @Test("The narrative and value rules of a person's check-in hold for a feed: a changed confidence needs a narrative; bad input names its field and records nothing",
          arguments: TestDatabase.all)
    func sameRules(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let feed = try await s.createFeed(t)
            let events = try await t.eventCount()
            let cases: [(String, String)] = [
                (#"{"value": 10, "confidence": "atRisk"}"#, "narrative"),
                (#"{"confidence": "onTrack"}"#, "value"),
                (#"{"value": "ten"}"#, "value"),
                (#"{"value": 10, "confidence": "fine"}"#, "confidence"),
                (#"{"value": 10, "source": "two\nlines"}"#, "source"),
                ("", "value"),
            ]
            for (body, field) in cases {
                let response = try await Self.call(t, feed, body)
                #expect(response.status == .badRequest, "\(body): \(response.status)")
                #expect(response.text.contains(#""field":"\#(field)""#), "\(body): \(response.text)")
            }
            #expect(try await t.eventCount() == events)
            let explained = try await Self.call(t, feed, #"{"value": 10, "confidence": "atRisk", "narrative": "Supplier late"}"#)
            #expect(explained.status == .created)
        }
    }

    @Test("A body signed the Standard Webhooks way is accepted; a bad signature, an old timestamp or a missing header is refused with 401 and a replayed id with 409",
          arguments: TestDatabase.all)
    func signatures(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let feed = try await s.createFeed(t)
            let body = #"{"value": 2700}"#
            let good = Self.signed(body, secret: feed.secret, id: "msg_1")
            #expect(try await Self.call(t, feed, body, headers: good).status == .created)
            // The same message again: a replay records nothing.
            let replay = try await Self.call(t, feed, body, headers: good)
            #expect(replay.status == .conflict)
            #expect(replay.text.contains(#""field":"webhook-id""#))

            let events = try await t.eventCount()
            let wrongKey = Self.signed(body, secret: feed.secret + "x", id: "msg_2")
            let bad = try await Self.call(t, feed, body, headers: wrongKey)
            #expect(bad.status == .unauthorized)
            #expect(bad.text.contains(#""field":"webhook-signature""#))
            let tampered = try await Self.call(t, feed, #"{"value": 9999}"#, headers: Self.signed(body, secret: feed.secret, id: "msg_3"))
            #expect(tampered.status == .unauthorized)
            let old = try await Self.call(t, feed, body, headers: Self.signed(body, secret: feed.secret, id: "msg_4", at: Date().addingTimeInterval(-301)))
            #expect(old.status == .unauthorized)
            #expect(old.text.contains(#""field":"webhook-timestamp""#))
            var partial = Self.signed(body, secret: feed.secret, id: "msg_5")
            partial.remove(name: "webhook-signature")
            let missing = try await Self.call(t, feed, body, headers: partial)
            #expect(missing.status == .unauthorized)
            #expect(missing.text.contains(#""field":"webhook-signature""#))
            #expect(try await t.eventCount() == events)

            // A refused body does not use up its id: the corrected retry goes through.
            let refused = #"{"value": 1, "confidence": "offTrack"}"#
            #expect(try await Self.call(t, feed, refused, headers: Self.signed(refused, secret: feed.secret, id: "msg_6")).status == .badRequest)
            let fixed = #"{"value": 1, "confidence": "offTrack", "narrative": "Lost the pilot"}"#
            #expect(try await Self.call(t, feed, fixed, headers: Self.signed(fixed, secret: feed.secret, id: "msg_6")).status == .created)
        }
    }

    @Test("A message id is refused again within ten minutes and accepted after, per feed", arguments: TestDatabase.all)
    func replayWindow(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let replays = FeedReplays(recorder: t.app.recorder)
            let feed = UUID(), other = UUID(), start = Date(timeIntervalSince1970: 1_000_000)
            func seen(_ feed: UUID, _ id: String, after seconds: TimeInterval) async throws -> Bool {
                try await replays.firstSight(feed, messageID: id, now: start.addingTimeInterval(seconds))
            }
            let first = try await seen(feed, "a", after: 0), again = try await seen(feed, "a", after: 599)
            #expect(first && !again)
            let otherFeeds = try await seen(other, "a", after: 599)
            #expect(otherFeeds, "another feed's ids are its own")
            let anotherID = try await seen(feed, "b", after: 599)
            #expect(anotherID)
            let later = try await seen(feed, "a", after: 600)
            #expect(later, "ten minutes later it is new again")
        }
    }

    @Test("A signed message replayed to another node is refused there too: the ids are kept in the database", arguments: TestDatabase.all)
    func replayToAnotherNode(database: TestDatabase) async throws {
        try await JobLeasesTests.twoNodes(database) { a, c in
            let s = try await Setup.make(a)
            let feed = try await s.createFeed(a)
            let body = #"{"value": 2700}"#
            let headers = Self.signed(body, secret: feed.secret)
            #expect(try await Self.call(a, feed, body, headers: headers).status == .created)
            let events = try await c.eventCount()
            let replay = try await Self.call(c, feed, body, headers: headers)
            #expect(replay.status == .conflict, "\(replay.text)")
            #expect(try await c.eventCount() == events)
        }
    }

    @Test("A revoked feed's secret answers 404, as an unknown one does; the revocation is in the ledger", arguments: TestDatabase.all)
    func revoked(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let feed = try await s.createFeed(t)
            #expect(try await Self.call(t, feed, #"{"value": 1}"#).status == .created)
            let revoke = try await t.send(.DELETE, APIURL.feed(.value(feed.id)).path, as: try await Factory.token(t, s.contributor))
            #expect(revoke.status == .noContent)
            #expect(try await Self.call(t, feed, #"{"value": 2}"#).status == .notFound)
            let unknown = CreatedFeedDTO(id: UUID(), url: "", secret: Secrets.make(prefix: "cvf_"))
            #expect(try await Self.call(t, unknown, #"{"value": 2}"#).status == .notFound)
            let event = try #require(try await t.events(log: s.initiative.id).last)
            #expect(event.action == LedgerAction.keyResultFeedRevoked.rawValue)
            #expect(!event.canonical.contains(feed.secret))
            #expect(try await FeedReader(db: t.db).feeds(of: s.keyResult).isEmpty)
        }
    }

    @Test("Once the owner has left the initiative the feed stops with 410, and records nothing", arguments: TestDatabase.all)
    func ownerLeft(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let feed = try await s.createFeed(t)
            try await InitiativeStore(application: t.app).removeMember(s.initiative.id, memberID: s.contributorMember.id, by: s.ownerAdmin.actor)
            let events = try await t.eventCount()
            let response = try await Self.call(t, feed, #"{"value": 3000}"#)
            #expect(response.status == .gone)
            #expect(response.text.contains("no owner who may check in"))
            #expect(try await t.eventCount() == events)
        }
    }

    @Test("A feed may make 10 calls at once; the 11th gets 429 with Retry-After, and another feed is not held back", arguments: TestDatabase.all)
    func rateLimit(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            // A clock that stands still: however slowly this machine answers, no token is refilled meanwhile.
            let frozen = Date()
            t.app.feedThrottle = FeedThrottle(clock: { frozen })
            let feed = try await s.createFeed(t), other = try await s.createFeed(t, source: "Spreadsheet")
            for value in 1...Int(TokenBucket.burst) {
                #expect(try await Self.call(t, feed, #"{"value": \#(value)}"#).status == .created)
            }
            let limited = try await Self.call(t, feed, #"{"value": 99}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers.first(name: .retryAfter) ?? "") ?? 0 >= 1)
            #expect(try await Self.call(t, other, #"{"value": 99}"#).status == .created)
        }
    }

    @Test("Only who may check in on the key result creates or revokes its feeds: a partner's admin and an observer get 403, an outsider 404",
          arguments: TestDatabase.all)
    func onlyCheckInersManage(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let outsider = try await Factory.person(t, name: "Oscar Outsider", organization: "Outside \(UUID().uuidString.prefix(4))", orgAdmin: true)
            let feed = try await s.createFeed(t)
            var callers: [(SignedInPerson, HTTPStatus, Caller, Caller)] = []
            for (person, status) in [(s.partnerAdmin, HTTPStatus.forbidden), (s.observer, .forbidden), (outsider, .notFound)] {
                callers.append((person, status, try await Factory.token(t, person), try await Factory.session(t, person)))
            }
            let before = try await t.eventCount()
            for (person, status, token, session) in callers {
                let create = try await t.send(.POST, APIURL.keyResultFeeds(.value(s.keyResult)).path, as: token, json: CreateFeedRequest(source: "x"))
                #expect(create.status == status, "\(person.name) creating: \(create.status)")
                let revoke = try await t.send(.DELETE, APIURL.feed(.value(feed.id)).path, as: token)
                #expect(revoke.status == status, "\(person.name) revoking: \(revoke.status)")
                let page = try await t.send(.POST, SiteURL.keyResultFeeds(.value(s.keyResult)).path, as: session, form: ["source": "x"])
                #expect(page.status == status, "\(person.name) on the page: \(page.status)")
                let pageRevoke = try await t.send(
                    .POST, SiteURL.keyResultFeedRevoke(.value(s.keyResult), feed: .value(feed.id)).path, as: session, form: [:])
                #expect(pageRevoke.status == status, "\(person.name) revoking on the page: \(pageRevoke.status)")
                if status == .forbidden {
                    let shown = try await t.send(.GET, SiteURL.keyResult(.value(s.keyResult)).path, as: session)
                    #expect(!shown.text.contains("id=\"feeds\""), "\(person.name) is not shown the feeds")
                }
            }
            #expect(try await t.eventCount() == before)
            #expect(try await Self.call(t, feed, #"{"value": 5}"#).status == .created)
            // The owner's admin may (they may check in on it for the owner).
            _ = try await s.createFeed(t, by: s.ownerAdmin)
        }
    }

    @Test("On the page the owner creates a feed, sees its URL once in the flash, and revokes it")
    func page() async throws {
        try await withTestApp(.sqlite) { t in
            let s = try await Setup.make(t)
            let session = try await Factory.session(t, s.contributor)
            let created = try await t.send(.POST, SiteURL.keyResultFeeds(.value(s.keyResult)).path, as: session,
                                           form: ["source": "Quarterly <script>"])
            #expect(created.status == .seeOther)
            let shown = try await t.follow(created, as: session)
            #expect(shown.text.contains("The feed&#39;s URL") || shown.text.contains("The feed's URL"))
            #expect(shown.text.contains("/api/v1/feeds/cvf_"))
            #expect(shown.text.contains("Quarterly &lt;script&gt;"))
            #expect(shown.text.contains("curl -X POST"))
            let again = try await t.send(.GET, SiteURL.keyResult(.value(s.keyResult)).path, as: session)
            #expect(!again.text.contains("/api/v1/feeds/cvf_"), "the URL is shown once")
            let feed = try #require(try await FeedReader(db: t.db).feeds(of: s.keyResult).first)
            let refused = try await t.send(.POST, SiteURL.keyResultFeeds(.value(s.keyResult)).path, as: session,
                                           form: ["source": String(repeating: "x", count: 101)])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("at most 100 characters"))
            let revoked = try await t.send(.POST, SiteURL.keyResultFeedRevoke(.value(s.keyResult), feed: .value(feed.id)).path, as: session, form: [:])
            #expect(revoked.status == .seeOther)
            #expect(try await FeedReader(db: t.db).feeds(of: s.keyResult).isEmpty)
        }
    }

    @Test("A body over 16 KB is refused with 413 before it is read, on a real socket")
    func bodyCap() async throws {
        try await withTestApp(.sqlite) { t in
            let s = try await Setup.make(t)
            let feed = try await s.createFeed(t)
            let narrative = String(repeating: "a", count: 17 * 1024)
            // In memory the body arrives collected and skips the limit; over a socket it streams and is measured.
            var headers = HTTPHeaders()
            headers.contentType = .json
            let response = try await t.app.testing(method: .running(hostname: "127.0.0.1", port: 0)).sendRequest(
                .POST, APIURL.feedCall(.value(feed.secret)).path, headers: headers,
                body: ByteBuffer(string: #"{"value": 1, "narrative": "\#(narrative)"}"#))
            #expect(response.status == .payloadTooLarge)
            #expect(try await FeedReader(db: t.db).feeds(of: s.keyResult).first?.lastUsedAt == nil)
        }
    }
}

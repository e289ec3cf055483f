import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// `Idempotency-Key` on every API POST (issue #17): a retry replays the first answer and never records twice.
@Suite("Idempotency keys")
struct IdempotencyTests {
    /// An initiative whose key result the contributor owns; the owner's admin may check in on it too.
    struct Setup {
        var ownerAdmin: SignedInPerson
        var contributor: SignedInPerson
        var keyResult: UUID
        var path: String { APIURL.keyResultCheckIns(.value(keyResult)).path }

        static func make(_ t: TestApp) async throws -> Setup {
            let tag = UUID().uuidString.prefix(6).lowercased()
            let ownerAdmin = try await Factory.person(t, name: "Olivia Owner", email: "o.\(tag)@owner.example", organization: "Owner \(tag)", orgAdmin: true)
            let contributor = try await Factory.person(t, name: "Chris Contributor", email: "c.\(tag)@owner.example", organization: "Owner \(tag)")
            let initiative = try await Factory.initiative(t, by: ownerAdmin)
            try await Factory.member(t, initiative, contributor, role: .contributor, by: ownerAdmin)
            let okrs = try await OKRFixture.make(t, initiativeID: initiative.id, owner: ownerAdmin, contributor: contributor)
            return Setup(ownerAdmin: ownerAdmin, contributor: contributor, keyResult: okrs.keyResult.id)
        }
    }

    static let body = #"{"value": 260, "confidence": "onTrack", "narrative": "Retried after a timeout"}"#

    static func post(_ t: TestApp, _ path: String, as caller: Caller, key: String?, body: String = body) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let key { headers.add(name: IdempotencyKey.header, value: key) }
        return try await t.send(.POST, path, as: caller, text: (body, .json), headers: headers)
    }

    /// The text in pieces of `size` characters, to send as chunks.
    static func pieces(of text: String, size: Int) -> [String] {
        let characters = Array(text)
        return stride(from: 0, to: characters.count, by: size).map { String(characters[$0..<min($0 + size, characters.count)]) }
    }

    /// A second application on the test's database: the same node restarted, or another node beside it.
    static func withSecondApp(of t: TestApp, _ body: (TestApp) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try configure(app, t.app.appConfig)
            try await body(TestApp(app: app, database: t.database, contract: t.contract))
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    static func rows(_ t: TestApp) async throws -> Int {
        try await (t.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM idempotency_keys").first()!.decode(column: "n", as: Int.self)
    }

    @Test("The same key with the same body answers the first response again — status, body and Content-Type — and records one event",
          arguments: TestDatabase.all)
    func replay(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let token = try await Factory.token(t, s.contributor)
            let before = try await t.eventCount()
            let first = try await Self.post(t, s.path, as: token, key: "8e03978e-40d5-43e8-bc93-6894a57f9324")
            #expect(first.status == .created, "\(first.text)")
            #expect(first.headers.first(name: IdempotencyMiddleware.replayedHeader) == nil)
            let again = try await Self.post(t, s.path, as: token, key: "8e03978e-40d5-43e8-bc93-6894a57f9324")
            #expect(again.status == .created)
            #expect(again.text == first.text)
            #expect(again.headers.first(name: .contentType) == first.headers.first(name: .contentType))
            #expect(again.headers.first(name: IdempotencyMiddleware.replayedHeader) == "true")
            // The draft's form, a Structured Field String, names the same key.
            let quoted = try await Self.post(t, s.path, as: token, key: #""8e03978e-40d5-43e8-bc93-6894a57f9324""#)
            #expect(quoted.text == first.text)
            #expect(try await t.eventCount() == before + 1)
            // Neither the key nor the answer is stored in the clear.
            let row = try #require(try await (t.db as! any SQLDatabase).raw("SELECT key_digest, response_body FROM idempotency_keys").first())
            #expect(try row.decode(column: "key_digest", as: String.self) != "8e03978e-40d5-43e8-bc93-6894a57f9324")
            #expect(!String(decoding: try row.decode(column: "response_body", as: Data.self), as: UTF8.self).contains("Retried after a timeout"))
        }
    }

    @Test("Over a real socket, a body that arrives in pieces is fingerprinted whole: its retry, split otherwise, replays the first answer",
          arguments: TestDatabase.all)
    func chunkedBody(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            guard case .bearer(let secret) = try await Factory.token(t, s.contributor) else { return }
            let before = try await t.eventCount()
            let replies = try await t.withLiveServer { base in
                let port = Int(base.split(separator: ":").last!)!
                let head = "POST \(s.path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Bearer \(secret)\r\n"
                    + "Content-Type: application/json\r\nIdempotency-Key: chunked-1\r\n"
                let cut = Self.body.index(Self.body.startIndex, offsetBy: 20)
                let first = try await RawHTTP.sendChunked(port: port, head: head, chunks: [String(Self.body[..<cut]), String(Self.body[cut...])])
                let retry = try await RawHTTP.sendChunked(port: port, head: head, chunks: Self.pieces(of: Self.body, size: 30))
                // Another body in pieces is another request: had the pieces not been read first, both would look empty.
                let other = try await RawHTTP.sendChunked(port: port, head: head, chunks: Self.pieces(of: #"{"value": 999, "confidence": "onTrack"}"#, size: 8))
                #expect(other.status == 422, "\(other.statusLine) \(other.body)")
                return (first, retry)
            }
            #expect(replies.0.status == 201, "\(replies.0.statusLine) \(replies.0.body)")
            #expect(replies.1.status == 201)
            #expect(replies.1.header(IdempotencyMiddleware.replayedHeader) == "true")
            #expect(replies.1.body == replies.0.body)
            #expect(try await t.eventCount() == before + 1)
        }
    }

    @Test("The same key with another body, or on another path, is 422 naming the header, and records nothing", arguments: TestDatabase.all)
    func reused(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let token = try await Factory.token(t, s.contributor)
            #expect(try await Self.post(t, s.path, as: token, key: "k-1").status == .created)
            let before = try await t.eventCount()
            let other = try await Self.post(t, s.path, as: token, key: "k-1", body: #"{"value": 261}"#)
            #expect(other.status == .unprocessableEntity, "\(other.text)")
            #expect(other.text.contains(#""field":"Idempotency-Key""#))
            #expect(other.text.contains(#""code":"idempotency_key_reused""#))
            let elsewhere = try await Self.post(t, APIURL.keyResultFeeds(.value(s.keyResult)).path, as: token, key: "k-1", body: "{}")
            #expect(elsewhere.status == .unprocessableEntity)
            #expect(try await t.eventCount() == before)
        }
    }

    @Test("A key whose first request is still running answers 409 and records nothing; once its lease has run out with nothing recorded, a retry takes it over and records once",
          arguments: TestDatabase.all)
    func inFlight(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let token = try await Factory.token(t, s.contributor)
            let now = Date()
            t.app.idempotencyClock = { now }
            // The first request holds the key and has not finished (its claim, as the middleware takes it).
            let fingerprint = RequestFingerprint.of(method: "POST", target: s.path, body: Array(Self.body.utf8))
            let store = IdempotencyStore(application: t.app)
            let held = try await store.claim(caller: "person:\(s.contributor.id.uuidString.lowercased())", key: IdempotencyKey(value: "slow"), fingerprint: fingerprint, now: now)
            guard case .claimed = held else { Issue.record("expected a claim, got \(held)"); return }
            let before = try await t.eventCount()
            let retry = try await Self.post(t, s.path, as: token, key: "slow")
            #expect(retry.status == .conflict, "\(retry.text)")
            #expect(retry.text.contains(#""field":"Idempotency-Key""#))
            #expect(try await t.eventCount() == before)

            // A minute later the first attempt is presumed dead (it recorded nothing): the retry runs, once.
            t.app.idempotencyClock = { now.addingTimeInterval(IdempotencyRules.lease + 1) }
            let takeover = try await Self.post(t, s.path, as: token, key: "slow")
            #expect(takeover.status == .created, "\(takeover.text)")
            #expect(try await Self.post(t, s.path, as: token, key: "slow").text == takeover.text)
            #expect(try await t.eventCount() == before + 1)
        }
    }

    @Test("Two requests racing with one key record one change: the other answers 409 or replays the first",
          arguments: TestDatabase.all)
    func race(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let token = try await Factory.token(t, s.contributor)
            let before = try await t.eventCount()
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<4 { group.addTask { try await Self.post(t, s.path, as: token, key: "race").status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .created || $0 == .conflict }, "\(statuses)")
            #expect(statuses.contains(.created))
            #expect(try await t.eventCount() == before + 1)
        }
    }

    @Test("A first attempt whose claim a retry took over after the lease is refused at its commit: the key never records twice",
          arguments: TestDatabase.all)
    func takenOverAttemptRecordsNothing(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let store = IdempotencyStore(application: t.app)
            let caller = "person:\(s.contributor.id.uuidString.lowercased())", key = IdempotencyKey(value: "stalled")
            let now = Date()
            guard case .claimed(let first) = try await store.claim(caller: caller, key: key, fingerprint: "f", now: now),
                case .claimed(let second) = try await store.claim(caller: caller, key: key, fingerprint: "f", now: now.addingTimeInterval(IdempotencyRules.lease + 1))
            else { Issue.record("expected both claims"); return }
            let before = try await t.eventCount()
            let checkIn = CheckInRequest(value: NumberInput("270"), confidence: "onTrack", narrative: "Late")
            await #expect(throws: AppError.self) {
                try await IdempotencyClaim.$current.withValue(IdempotencyClaim(caller: caller, key: key, token: first)) {
                    _ = try await KeyResultStore(application: t.app).checkIn(s.keyResult, checkIn, by: s.contributor.actor)
                }
            }
            #expect(try await t.eventCount() == before)
            _ = try await IdempotencyClaim.$current.withValue(IdempotencyClaim(caller: caller, key: key, token: second)) {
                try await KeyResultStore(application: t.app).checkIn(s.keyResult, checkIn, by: s.contributor.actor)
            }
            #expect(try await t.eventCount() == before + 1)
            // Recorded, so no later retry may take it over, even past the lease: 409 until its answer is stored.
            let later = try await store.claim(caller: caller, key: key, fingerprint: "f", now: now.addingTimeInterval(10 * IdempotencyRules.lease))
            #expect(later == .inFlight(recorded: true))
        }
    }

    @Test("Keys are per caller: another person's same key and body is a request of its own", arguments: TestDatabase.all)
    func perCaller(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let (token, admin, second) = (try await Factory.token(t, s.contributor), try await Factory.token(t, s.ownerAdmin), try await Factory.token(t, s.contributor))
            let before = try await t.eventCount()
            let mine = try await Self.post(t, s.path, as: token, key: "shared-key")
            #expect(try await t.eventCount() == before + 1)
            // The owner's admin checks in on the contributor's behalf: recorded, not replayed.
            let theirs = try await Self.post(t, s.path, as: admin, key: "shared-key")
            #expect(mine.status == .created && theirs.status == .created, "\(mine.text) \(theirs.text)")
            #expect(mine.text != theirs.text)
            #expect(theirs.headers.first(name: IdempotencyMiddleware.replayedHeader) == nil)
            let recorded = try await t.eventCount()
            #expect(recorded > before + 1)
            // One person's two tokens are one caller.
            let again = try await Self.post(t, s.path, as: second, key: "shared-key")
            #expect(again.text == mine.text)
            #expect(try await t.eventCount() == recorded)
        }
    }

    @Test("A stored answer survives a restart: a new application on the same database replays it", arguments: TestDatabase.all)
    func survivesRestart(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let token = try await Factory.token(t, s.contributor)
            let first = try await Self.post(t, s.path, as: token, key: "durable")
            #expect(first.status == .created)
            let before = try await t.eventCount()

            try await Self.withSecondApp(of: t) { restarted in
                let replay = try await Self.post(restarted, s.path, as: token, key: "durable")
                #expect(replay.status == .created)
                #expect(replay.text == first.text)
            }
            #expect(try await t.eventCount() == before)
        }
    }

    @Test("Two nodes on one PostgreSQL racing with one key record one change: the claim is the database's, not a node's",
          arguments: TestDatabase.all.filter { $0 == .postgres })
    func acrossNodes(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let token = try await Factory.token(t, s.contributor)
            let before = try await t.eventCount()
            try await Self.withSecondApp(of: t) { other in
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for index in 0..<6 {
                        group.addTask { try await Self.post(index % 2 == 0 ? t : other, s.path, as: token, key: "two-nodes").status }
                    }
                    return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
                }
                #expect(statuses.allSatisfy { $0 == .created || $0 == .conflict }, "\(statuses)")
            }
            #expect(try await t.eventCount() == before + 1)
        }
    }

    @Test("After 24 hours a key is free again, and the sweep removes its row", arguments: TestDatabase.all)
    func expiry(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let token = try await Factory.token(t, s.contributor)
            let now = Date()
            t.app.idempotencyClock = { now }
            #expect(try await Self.post(t, s.path, as: token, key: "daily").status == .created)
            let before = try await t.eventCount()
            t.app.idempotencyClock = { now.addingTimeInterval(IdempotencyRules.lifetime - 1) }
            #expect(try await Self.post(t, s.path, as: token, key: "daily", body: #"{"value": 300, "confidence": "onTrack"}"#).status == .unprocessableEntity)

            t.app.idempotencyClock = { now.addingTimeInterval(IdempotencyRules.lifetime + 1) }
            let fresh = try await Self.post(t, s.path, as: token, key: "daily", body: #"{"value": 300, "confidence": "onTrack"}"#)
            #expect(fresh.status == .created, "\(fresh.text)")
            #expect(try await t.eventCount() == before + 1)

            #expect(try await Self.post(t, s.path, as: token, key: "other").status == .created)
            let store = IdempotencyStore(application: t.app)
            try await store.sweep(now: now.addingTimeInterval(IdempotencyRules.lifetime + 2))
            #expect(try await Self.rows(t) == 2)
            try await store.sweep(now: now.addingTimeInterval(2 * IdempotencyRules.lifetime + 10))
            #expect(try await Self.rows(t) == 0)
        }
    }

    @Test("A key that is empty, too long, not visible ASCII, an empty string, or sent twice is 400 naming the header, before anything is stored",
          arguments: TestDatabase.all)
    func headerValidation(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let token = try await Factory.token(t, s.contributor)
            let before = try await t.eventCount()
            for bad in ["", String(repeating: "k", count: 256), "two words", "caf\u{e9}", "tab\there", #""""#] {
                let response = try await Self.post(t, s.path, as: token, key: bad)
                #expect(response.status == .badRequest, "\(bad): \(response.text)")
                #expect(response.text.contains(#""field":"Idempotency-Key""#), "\(bad): \(response.text)")
            }
            var twice = HTTPHeaders()
            twice.add(name: IdempotencyKey.header, value: "a")
            twice.add(name: IdempotencyKey.header, value: "a")
            #expect(try await t.send(.POST, s.path, as: token, text: (Self.body, .json), headers: twice).status == .badRequest)
            #expect(try await Self.post(t, s.path, as: token, key: String(repeating: "k", count: 255)).status == .created)
            #expect(try await t.eventCount() == before + 1)
            #expect(try await Self.rows(t) == 1)
        }
    }

    @Test("A refused first request (4xx) is answered the same way again; a request nobody authenticated is refused as before and stores nothing",
          arguments: TestDatabase.all)
    func clientErrorsReplay(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let token = try await Factory.token(t, s.contributor)
            let bad = #"{"value": "ten"}"#
            let first = try await Self.post(t, s.path, as: token, key: "bad-body", body: bad)
            #expect(first.status == .badRequest)
            let again = try await Self.post(t, s.path, as: token, key: "bad-body", body: bad)
            #expect(again.status == .badRequest)
            #expect(again.text == first.text)
            #expect(again.headers.first(name: IdempotencyMiddleware.replayedHeader) == "true")

            let anonymous = try await Self.post(t, s.path, as: .anonymous, key: "nobody")
            #expect(anonymous.status == .unauthorized)
            #expect(try await Self.rows(t) == 1)
        }
    }

    @Test("A server error frees the key so that a retry runs again, unless the change was recorded", arguments: TestDatabase.all)
    func serverErrorsRelease(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let store = IdempotencyStore(application: t.app)
            let now = Date()
            for recorded in [false, true] {
                let key = IdempotencyKey(value: "failing-\(recorded)")
                guard case .claimed(let token) = try await store.claim(caller: "person:x", key: key, fingerprint: "f", now: now)
                else { Issue.record("expected a claim"); return }
                let claim = IdempotencyClaim(caller: "person:x", key: key, token: token)
                if recorded {
                    try await t.app.recorder.bookkeeping { db in try await IdempotencyStore.markRecorded(claim, on: db, at: now) }
                }
                await IdempotencyMiddleware.finish(
                    claim, response: Response(status: .internalServerError), store: store, logger: t.app.logger)
                let retry = try await store.claim(caller: "person:x", key: key, fingerprint: "f", now: now)
                if recorded {
                    #expect(retry == .inFlight(recorded: true))
                } else {
                    guard case .claimed = retry else { Issue.record("a released key is claimed again, got \(retry)"); return }
                }
            }
        }
    }

    @Test("A POST without the header behaves as before: each one records", arguments: TestDatabase.all)
    func withoutKey(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let token = try await Factory.token(t, s.contributor)
            let before = try await t.eventCount()
            #expect(try await Self.post(t, s.path, as: token, key: nil).status == .created)
            #expect(try await Self.post(t, s.path, as: token, key: nil).status == .created)
            #expect(try await t.eventCount() == before + 2)
            #expect(try await Self.rows(t) == 0)
        }
    }

    @Test("A feed's keys are the feed's own: a retried call records once, another feed's same key is its own, and an unknown secret stores nothing",
          arguments: TestDatabase.all)
    func feedsKeyedPerFeed(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let s = try await Setup.make(t)
            let token = try await Factory.token(t, s.contributor)
            func feed() async throws -> CreatedFeedDTO {
                let response = try await t.send(.POST, APIURL.keyResultFeeds(.value(s.keyResult)).path, as: token, json: CreateFeedRequest(source: "BI"))
                return try t.decode(CreatedFeedDTO.self, from: response)
            }
            let one = try await feed(), two = try await feed()
            let rowsBefore = try await Self.rows(t)
            let before = try await t.eventCount()
            let call = #"{"value": 280}"#
            let first = try await Self.post(t, APIURL.feedCall(.value(one.secret)).path, as: .anonymous, key: "nightly-812", body: call)
            #expect(first.status == .created, "\(first.text)")
            let again = try await Self.post(t, APIURL.feedCall(.value(one.secret)).path, as: .anonymous, key: "nightly-812", body: call)
            #expect(again.text == first.text)
            let other = try await Self.post(t, APIURL.feedCall(.value(two.secret)).path, as: .anonymous, key: "nightly-812", body: call)
            #expect(other.status == .created)
            #expect(try await t.eventCount() == before + 2)
            let unknown = try await Self.post(t, APIURL.feedCall(.value("cvf_unknown")).path, as: .anonymous, key: "nightly-812", body: call)
            #expect(unknown.status == .notFound)
            #expect(try await Self.rows(t) == rowsBefore + 2)
        }
    }

    @Test("The OpenAPI document gives every POST the Idempotency-Key header and its 400, 409 and 422 answers, and no other method")
    func documented() async throws {
        try await withTestApp(.sqlite) { t in
            let posts = t.app.openAPI.operations.filter { $0.method == .POST }
            #expect(posts.count > 40)
            for operation in posts {
                #expect(operation.errors.contains(.invalid) && operation.errors.contains(.conflict) && operation.errors.contains(.idempotencyKeyReused),
                        "\(operation.id)")
            }
            guard case .object(let document) = t.app.openAPI.document(), case .object(let paths)? = document["paths"] else {
                Issue.record("no paths"); return
            }
            for (path, item) in paths {
                guard case .object(let methods) = item else { continue }
                for (method, operation) in methods {
                    guard case .object(let fields) = operation else { continue }
                    let parameters: [JSONValue] = if case .array(let list)? = fields["parameters"] { list } else { [] }
                    let hasHeader = parameters.contains { $0 == OpenAPIRegistry.idempotencyKeyParameter }
                    #expect(hasHeader == (method == "post"), "\(method) \(path)")
                    if method == "post", case .object(let responses)? = fields["responses"] {
                        #expect(responses["409"] != nil && responses["422"] != nil && responses["400"] != nil, "\(path)")
                    }
                }
            }
        }
    }
}


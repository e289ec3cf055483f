import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

@Suite("API tokens")
struct TokenTests {
    @Test("A token is shown once, stored only as a hash, works as a bearer, and stops working when revoked", arguments: TestDatabase.all)
    func lifecycle(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, name: "Ana")
            let session = try await Factory.session(t, person)
            let post = try await t.send(.POST, SiteURL.tokens.path, as: session, form: ["name": "report script"])
            let page = try await t.follow(post, as: session)
            let secret = try #require(page.text.firstMatch(of: /cvt_[A-Za-z0-9_-]{43}/).map { String($0.output) })
            #expect(page.text.contains("it is shown only on this page"))

            let stored = try await APITokenRow.all(t.db)
            #expect(stored.count == 1)
            #expect(stored[0].secretHash == Secrets.hash(secret))
            #expect(!stored[0].secretHash.contains(secret))

            let me = try await t.send(.GET, APIURL.me.path, as: .bearer(secret))
            #expect(me.status == .ok)
            #expect(try t.decode(PersonDTO.self, from: me).name == "Ana")

            let listed = try await t.send(.GET, APIURL.tokens.path, as: .bearer(secret))
            #expect(!listed.text.contains(secret), "listing never shows a secret again")
            #expect(!listed.text.contains(stored[0].secretHash))

            let again = try await t.send(.GET, SiteURL.tokens.path, as: session)
            #expect(!again.text.contains(secret))

            let revoke = try await t.send(.DELETE, APIURL.token(.value(stored[0].id)).path, as: .bearer(secret))
            #expect(revoke.status == .ok)
            let after = try await t.send(.GET, APIURL.me.path, as: .bearer(secret))
            #expect(after.status == .unauthorized)
            #expect(after.text.contains("\"code\":\"unauthorized\""))
        }
    }

    @Test("Without a token, or with an unknown one, the API answers 401 in the JSON error shape", arguments: TestDatabase.all)
    func unauthorized(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            for caller in [Caller.anonymous, .bearer("cvt_not-a-real-token")] {
                let response = try await t.send(.GET, APIURL.initiatives.path, as: caller)
                #expect(response.status == .unauthorized)
                let body = try t.decode(APIErrorBody.self, from: response)
                #expect(body.error.code == .unauthorized)
            }
        }
    }

    /// An RFC 3339 date-time, as clients send them.
    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func setColumn(_ t: TestApp, _ column: String, to date: Date?, token: UUID) async throws {
        try await (t.db as! any SQLDatabase).raw("UPDATE api_tokens SET \(unsafeRaw: column) = \(bind: date) WHERE id = \(bind: token)").run()
    }

    /// The JSON fields of a response body, for fields a test reads as text.
    static func object(_ response: TestingHTTPResponse, _ path: String...) throws -> [String: Any] {
        var value: Any = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
        for key in path { value = (value as? [String: Any])?[key] ?? [:] }
        return value as? [String: Any] ?? [:]
    }

    @Test("A token may be given an expiry (RFC 3339): it works until then, and afterwards is refused with 401 like an unknown one",
          arguments: TestDatabase.all)
    func expiry(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, name: "Ana")
            let caller = try await Factory.token(t, person)
            let expiresAt = Date().addingTimeInterval(3600).rounded
            let response = try await t.send(
                .POST, APIURL.tokens.path, as: caller, json: ["name": "nightly export", "expiresAt": Self.rfc3339(expiresAt)])
            #expect(response.status == .created)
            let token = try Self.object(response, "token")
            #expect(token["expiresAt"] as? String == Self.rfc3339(expiresAt))
            let secret = try #require(try Self.object(response)["secret"] as? String)
            let id = try #require((token["id"] as? String).flatMap(UUID.init(uuidString:)))
            #expect(try await t.send(.GET, APIURL.me.path, as: .bearer(secret)).status == .ok)

            try await Self.setColumn(t, "expires_at", to: Date().addingTimeInterval(-1), token: id)
            let expired = try await t.send(.GET, APIURL.me.path, as: .bearer(secret))
            #expect(expired.status == .unauthorized)
            #expect(try t.decode(APIErrorBody.self, from: expired).error.code == .unauthorized)

            let listed = try await t.send(.GET, APIURL.tokens.path, as: caller)
            #expect(listed.text.contains("\"expiresAt\""))
            let unbounded = try await t.send(.POST, APIURL.tokens.path, as: caller, json: ["name": "no expiry"])
            #expect(unbounded.status == .created)
            let noExpiry = try Self.object(unbounded, "token")["expiresAt"]
            #expect(noExpiry == nil || noExpiry is NSNull)
        }
    }

    @Test("An expiry that is not a future RFC 3339 date-time is refused naming expiresAt, and creates nothing", arguments: TestDatabase.all)
    func badExpiry(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, name: "Ana")
            let caller = try await Factory.token(t, person)
            for value in ["tomorrow", "2030-01-01", Self.rfc3339(Date().addingTimeInterval(-60))] {
                let response = try await t.send(.POST, APIURL.tokens.path, as: caller, json: ["name": "x", "expiresAt": value])
                #expect(response.status == .badRequest, "\(value)")
                #expect(try t.decode(APIErrorBody.self, from: response).error.field == "expiresAt", "\(value)")
            }
            #expect(try await APITokenRow.count(t.db) == 1)
        }
    }

    @Test("The tokens page creates a token that expires in N days, and shows each token's expiry", arguments: TestDatabase.all)
    func pageExpiry(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, name: "Ana")
            let session = try await Factory.session(t, person)
            let page = try await t.follow(
                try await t.send(.POST, SiteURL.tokens.path, as: session, form: ["name": "quarterly", "expiresInDays": "30"]), as: session)
            #expect(page.text.contains("Expires"))
            let row = try #require(try await (t.db as! any SQLDatabase).raw("SELECT expires_at FROM api_tokens").first())
            let expiresAt = try #require(try row.decode(column: "expires_at", as: Date?.self))
            #expect(abs(expiresAt.timeIntervalSinceNow - 30 * 86_400) < 120)

            let never = try await t.send(.POST, SiteURL.tokens.path, as: session, form: ["name": "forever", "expiresInDays": ""])
            #expect(never.status == .seeOther)
            for bad in ["0", "-3", "soon", "100000"] {
                let refused = try await t.send(.POST, SiteURL.tokens.path, as: session, form: ["name": "bad", "expiresInDays": bad])
                #expect(refused.status == .badRequest, "\(bad)")
                #expect(refused.text.contains("value=\"bad\""), "the name is kept")
            }
            #expect(try await APITokenRow.count(t.db) == 2)
        }
    }

    @Test("A token's last use is written when it is used, at most once a minute, and the tokens page shows it", arguments: TestDatabase.all)
    func lastUsed(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, name: "Ana")
            let created = try await TokenStore(application: t.app).create(name: "script", for: person)
            let id = created.token.id
            func lastUsed() async throws -> Date? { try await APITokenRow.find(id, t.db)?.lastUsedAt }
            #expect(try await lastUsed() == nil)

            #expect(try await t.send(.GET, APIURL.me.path, as: .bearer(created.secret)).status == .ok)
            await t.app.backgroundWrites.idle()
            let first = try #require(try await lastUsed())
            #expect(abs(first.timeIntervalSinceNow) < 60)
            let page = try await t.send(.GET, SiteURL.tokens.path, as: try await Factory.session(t, person))
            #expect(page.text.contains(Display.dateTime(first)))

            // Used again within the minute: nothing is written.
            let recent = Date().addingTimeInterval(-30).rounded
            try await Self.setColumn(t, "last_used_at", to: recent, token: id)
            #expect(try await t.send(.GET, APIURL.me.path, as: .bearer(created.secret)).status == .ok)
            await t.app.backgroundWrites.idle()
            #expect(try await lastUsed() == recent)

            // More than a minute later: written again.
            try await Self.setColumn(t, "last_used_at", to: Date().addingTimeInterval(-120), token: id)
            #expect(try await t.send(.GET, APIURL.me.path, as: .bearer(created.secret)).status == .ok)
            await t.app.backgroundWrites.idle()
            #expect(abs(try #require(try await lastUsed()).timeIntervalSinceNow) < 60)
        }
    }
}

extension Date {
    /// Whole seconds: what every database keeps exactly.
    var rounded: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}

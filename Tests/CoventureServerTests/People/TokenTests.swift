import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureServer

@Suite("API tokens")
struct TokenTests {
    @Test("A token is shown once, stored only as a hash, works as a bearer, and stops working when revoked", arguments: TestDatabase.all)
    func lifecycle(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, name: "Ana")
            let session = try await Factory.session(t, person)
            let page = try await t.send(.POST, SiteURL.tokens.path, as: session, form: ["name": "report script"])
            #expect(page.status == .ok)
            let secret = try #require(page.text.firstMatch(of: /cvt_[A-Za-z0-9_-]{43}/).map { String($0.output) })
            #expect(page.text.contains("will not be shown again"))

            let stored = try await APITokenModel.query(on: t.db).all()
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

            let revoke = try await t.send(.DELETE, APIURL.token(.value(stored[0].id!)).path, as: .bearer(secret))
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
}

import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// Issue #11 (finding 12): sessions do not pile up. Expired ones are removed at sign-in, and a person keeps at most
/// `SessionStore.maximumPerPerson` live sessions.
@Suite("Session limits")
struct SessionLimitsTests {
    func secret(_ caller: Caller) -> String { if case .browser(let s) = caller { s } else { "" } }

    func row(_ t: TestApp, _ caller: Caller) async throws -> SessionRow? {
        try await SessionRow.first(t.db, where: "secret_hash = \(bind: Secrets.hash(secret(caller)))")
    }

    @Test("Signing in removes expired sessions, idle or past the absolute limit, of everyone; live ones stay", arguments: TestDatabase.all)
    func signInPrunesExpired(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let ana = try await Factory.person(t, name: "Ana")
            let ben = try await Factory.person(t, name: "Ben")
            let config = t.app.appConfig
            let idle = try await Factory.session(t, ana)
            let old = try await Factory.session(t, ben)
            let live = try await Factory.session(t, ben)
            var idleRow = try #require(try await row(t, idle))
            idleRow.lastSeenAt = Date().addingTimeInterval(-config.sessionIdleTimeout - 60)
            try await idleRow.update(t.db, [.lastSeenAt])
            var oldRow = try #require(try await row(t, old))
            oldRow.createdAt = Date().addingTimeInterval(-config.sessionAbsoluteTimeout - 60)
            try await oldRow.update(t.db, [.createdAt])

            let signIn = try await t.send(.POST, SiteURL.signIn.path, form: ["email": ana.email, "password": Factory.password])
            #expect(signIn.status == .seeOther)
            #expect(try await row(t, idle) == nil)
            #expect(try await row(t, old) == nil)
            #expect(try await row(t, live) != nil)
            #expect(try await SessionRow.count(t.db) == 2, "Ben's live session and Ana's new one")
        }
    }

    @Test("A person keeps at most 20 live sessions: a new one ends the one unused the longest", arguments: TestDatabase.all)
    func capPerPerson(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let ana = try await Factory.person(t, name: "Ana")
            let ben = try await Factory.person(t, name: "Ben")
            let bens = try await Factory.session(t, ben)
            var sessions: [Caller] = []
            for n in 0..<20 {
                let caller = try await Factory.session(t, ana)
                var stored = try #require(try await row(t, caller))
                stored.lastSeenAt = Date().addingTimeInterval(-Double(40 - n) * 60)  // the first is the longest unused
                try await stored.update(t.db, [.lastSeenAt])
                sessions.append(caller)
            }
            #expect(try await SessionRow.count(t.db, where: "person_id = \(bind: ana.id)") == 20)
            let newest = try await Factory.session(t, ana)
            #expect(try await SessionRow.count(t.db, where: "person_id = \(bind: ana.id)") == 20)
            #expect(try await row(t, sessions[0]) == nil, "the session unused the longest was ended")
            #expect(try await t.send(.GET, SiteURL.initiatives.path, as: sessions[0]).status == .seeOther)
            #expect(try await t.send(.GET, SiteURL.initiatives.path, as: sessions[1]).status == .ok)
            #expect(try await t.send(.GET, SiteURL.initiatives.path, as: newest).status == .ok)
            #expect(try await row(t, bens) != nil, "another person's sessions are theirs")
        }
    }
}

import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

@Suite("Signing in and out")
struct SignInTests {
    func signIn(_ t: TestApp, _ email: String, _ password: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await t.send(.POST, SiteURL.signIn.path, form: ["email": email, "password": password], headers: headers)
    }

    func sessionCookie(_ response: TestingHTTPResponse, _ t: TestApp) -> String? {
        response.headers.setCookie?[t.app.cookiePolicy.sessionName]?.string
    }

    @Test("Signing in sets a __Host- session cookie that is Secure, HttpOnly and SameSite=Lax", arguments: TestDatabase.all)
    func signInSetsHardenedCookie(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, email: "ana@example.org")
            let response = try await signIn(t, person.email, Factory.password)
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == SiteURL.home.path, "without a next page, one lands on Needs you")
            let header = response.headers[.setCookie].first { $0.hasPrefix("__Host-coventure_session=") } ?? ""
            #expect(header.contains("Secure"))
            #expect(header.contains("HttpOnly"))
            #expect(header.contains("SameSite=Lax"))
            #expect(header.contains("Path=/"))
            #expect(!header.lowercased().contains("domain="))
            let cookie = try #require(sessionCookie(response, t))
            let page = try await t.send(.GET, SiteURL.initiatives.path, as: .browser(session: cookie))
            #expect(page.status == .ok)
            #expect(page.text.contains("My initiatives"))
        }
    }

    @Test("Every sign-in starts a new session id; a cookie planted before sign-in is not adopted", arguments: TestDatabase.all)
    func newSessionIdEachTime(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, email: "ana@example.org")
            var planted = HTTPHeaders()
            planted.replaceOrAdd(name: .cookie, value: "__Host-coventure_session=attacker-chosen; __Host-coventure_csrf=\(Caller.csrf)")
            let first = try await signIn(t, person.email, Factory.password, headers: planted)
            let second = try await signIn(t, person.email, Factory.password)
            let a = try #require(sessionCookie(first, t)), b = try #require(sessionCookie(second, t))
            #expect(a != b)
            #expect(a != "attacker-chosen")
            let stored = try await SessionRow.all(t.db).map(\.secretHash)
            #expect(!stored.contains(a), "only the hash of the secret is stored")
            #expect(stored.contains(Secrets.hash(a)))
        }
    }

    @Test("A wrong password re-renders the form with a message and sets no session", arguments: TestDatabase.all)
    func wrongPassword(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, email: "ana@example.org")
            let response = try await signIn(t, person.email, "not the password at all")
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("That email and password do not match an account."))
            #expect(response.text.contains("value=\"ana@example.org\""))
            #expect(sessionCookie(response, t) == nil)
        }
    }

    @Test("A password over 72 bytes is refused with a clear message, never truncated", arguments: TestDatabase.all)
    func overlongPassword(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, email: "ana@example.org")
            // bcrypt would accept this if it were silently cut at 72 bytes: the first 72 bytes are the real password's.
            let longer = Factory.password + String(repeating: "x", count: 80)
            let response = try await signIn(t, person.email, longer)
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("at most 72 bytes"))
            #expect(sessionCookie(response, t) == nil)
        }
    }

    @Test("Signing out ends the session on the server", arguments: TestDatabase.all)
    func signOutEndsSession(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t)
            let caller = try await Factory.session(t, person)
            let out = try await t.send(.POST, SiteURL.signOut.path, as: caller, form: [:])
            #expect(out.status == .seeOther)
            #expect(try await SessionRow.count(t.db) == 0)
            let after = try await t.send(.GET, SiteURL.initiatives.path, as: caller)
            #expect(after.status == .seeOther)
            #expect(after.headers.first(name: .location)?.hasPrefix(SiteURL.signIn.path) == true)
        }
    }

    @Test("A session idle for longer than the idle timeout, or older than the absolute limit, no longer signs in",
          arguments: TestDatabase.all)
    func sessionExpiry(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t)
            let idle = try await Factory.session(t, person)
            let old = try await Factory.session(t, person)
            let fresh = try await Factory.session(t, person)
            let config = t.app.appConfig
            func secret(_ caller: Caller) -> String { if case .browser(let s) = caller { s } else { "" } }
            var idleRow = try #require(try await SessionRow.first(t.db, where: "secret_hash = \(bind: Secrets.hash(secret(idle)))"))
            idleRow.lastSeenAt = Date().addingTimeInterval(-config.sessionIdleTimeout - 60)
            try await idleRow.update(t.db, [.lastSeenAt])
            var oldRow = try #require(try await SessionRow.first(t.db, where: "secret_hash = \(bind: Secrets.hash(secret(old)))"))
            oldRow.createdAt = Date().addingTimeInterval(-config.sessionAbsoluteTimeout - 60)
            oldRow.lastSeenAt = Date()  // active all along: the absolute limit still applies
            try await oldRow.update(t.db, [.createdAt, .lastSeenAt])

            #expect(try await t.send(.GET, SiteURL.initiatives.path, as: idle).status == .seeOther)
            #expect(try await t.send(.GET, SiteURL.initiatives.path, as: old).status == .seeOther)
            #expect(try await t.send(.GET, SiteURL.initiatives.path, as: fresh).status == .ok)
        }
    }

    @Test("A sign-in form posted without its CSRF token is refused with 403", arguments: TestDatabase.all)
    func csrfRequired(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t)
            let caller = try await Factory.session(t, person)
            let missing = try await t.send(.POST, SiteURL.signIn.path, form: ["email": person.email, "password": Factory.password, "_csrf": ""])
            #expect(missing.status == .forbidden)
            let wrong = try await t.send(.POST, SiteURL.initiatives.path, as: caller, form: ["name": "X", "_csrf": "not-the-cookie"])
            #expect(wrong.status == .forbidden)
            #expect(wrong.text.contains("Your form was not accepted"))
            #expect(wrong.text.contains(">X</textarea>"), "the input comes back, to copy")
            #expect(try await InitiativeRow.count(t.db) == 0)
        }
    }
}

@Suite("Sign-in throttling")
struct SignInThrottleTests {
    /// Posts a sign-in over a real socket (so the server sees a real peer address).
    func attempt(_ t: TestApp, _ base: String, email: String, password: String, forwardedFor: String? = nil) async throws -> ClientResponse {
        try await t.app.client.post(URI(string: base + SiteURL.signIn.path)) { request in
            request.headers.replaceOrAdd(name: .cookie, value: "__Host-coventure_csrf=\(Caller.csrf)")
            if let forwardedFor { request.headers.replaceOrAdd(name: .xForwardedFor, value: forwardedFor) }
            try request.content.encode(["email": email, "password": password, "_csrf": Caller.csrf], as: .urlEncodedForm)
        }
    }

    @Test("Five failed sign-ins for one account from one address hold that pair back; the right password from another address still signs in",
          arguments: TestDatabase.all)
    func perAccountAndAddress(database: TestDatabase) async throws {
        try await withTestApp(database, configure: { $0.trustedProxies = ["127.0.0.1"] }) { t in
            Self.stopTheThrottlesClock(t, trustedProxies: ["127.0.0.1"])
            let person = try await Factory.person(t, email: "target@example.org")
            try await t.withLiveServer { base in
                for index in 1...5 {
                    let response = try await attempt(t, base, email: person.email, password: "wrong password \(index)", forwardedFor: "198.51.100.1")
                    #expect(response.status == .unauthorized)
                }
                // The guesser's address is held back for this account, even with the right password…
                let sixth = try await attempt(t, base, email: person.email, password: Factory.password, forwardedFor: "198.51.100.1")
                #expect(sixth.status == .tooManyRequests)
                let retryAfter = Int(sixth.headers.first(name: .retryAfter) ?? "") ?? 0
                #expect((1...60).contains(retryAfter))
                // …but nobody can keep the account's owner out from elsewhere.
                // (The client follows the redirect after sign-in; a refusal would be 429, a wrong password 401.)
                let owner = try await attempt(t, base, email: person.email, password: Factory.password, forwardedFor: "203.0.113.9")
                #expect(owner.status != .tooManyRequests)
                #expect(owner.status != .unauthorized)
            }
        }
    }

    /// "Within a minute" means the throttle's minute: its clock stands still, so a slow machine cannot let a window
    /// expire between the attempts (twenty bcrypt sign-ins took over a minute on CI once).
    static func stopTheThrottlesClock(_ t: TestApp, trustedProxies: Set<String> = []) {
        let now = Date()
        t.app.signInThrottle = SignInThrottle(trustedProxies: trustedProxies, clock: { now })
    }

    @Test("The twenty-first failed sign-in within a minute from one client address gets 429, whichever accounts it tries",
          arguments: TestDatabase.all)
    func perAddress(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            Self.stopTheThrottlesClock(t)
            let person = try await Factory.person(t, email: "someone@example.org")
            try await t.withLiveServer { base in
                for index in 1...20 {
                    // X-Forwarded-For is ignored: no proxy is trusted, so the socket address counts.
                    let response = try await attempt(t, base, email: "nobody\(index)@example.org", password: "wrong password!", forwardedFor: "203.0.113.\(index)")
                    #expect(response.status == .unauthorized)
                }
                let next = try await attempt(t, base, email: person.email, password: Factory.password)
                #expect(next.status == .tooManyRequests)
                #expect(next.headers.first(name: .retryAfter) != nil)
            }
        }
    }

    @Test("Successful sign-ins are throttled too: the thirty-first attempt within a minute from one address gets 429",
          arguments: TestDatabase.all)
    func successfulSignInsAreThrottled(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, email: "busy@example.org")
            let throttle = t.app.signInThrottle
            let now = Date()
            for _ in 1...30 { #expect(throttle.admit(email: person.email, address: "192.0.2.7", now: now) == nil) }
            #expect(throttle.admit(email: person.email, address: "192.0.2.7", now: now) != nil)
            #expect(throttle.admit(email: person.email, address: "192.0.2.8", now: now) == nil, "another address is not affected")
            #expect(throttle.admit(email: person.email, address: "192.0.2.7", now: now.addingTimeInterval(61)) == nil, "a minute later")
        }
    }
}

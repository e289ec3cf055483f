import CoventureCore
import Foundation
import Vapor

/// `GET`/`POST /sign-in`, `POST /sign-out`.
enum SignInController {
    struct Form: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    @Sendable static func show(req: Request) async throws -> Response {
        if req.auth.has(SignedInPerson.self) { return req.redirect(to: SiteURL.home.path) }
        let next = safeNext(req.query[String.self, at: "next"], on: req.application)
        return try await HTMLPage(document: SignInPage.render(.init(next: next), context: req.pageContext))
            .encodeResponse(for: req)
    }

    @Sendable static func signIn(req: Request) async throws -> Response {
        var form = try req.content.decode(Form.self)
        form.next = safeNext(form.next, on: req.application)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let throttle = req.application.signInThrottle
        let address = throttle.clientAddress(of: req)
        if let wait = throttle.admit(email: email, address: address) {
            throw AppError.tooManyRequests(retryAfter: wait)
        }
        let password = form.password ?? ""
        if password.utf8.count > PasswordPolicy.maximumBytes {
            throttle.recordFailure(email: email, address: address)
            return try await failure(req, email: email, next: form.next,
                message: "Passwords are at most \(PasswordPolicy.maximumBytes) bytes; longer ones are refused, never truncated.")
        }
        guard let person = try await PeopleStore(request: req).verify(email: email, password: password) else {
            throttle.recordFailure(email: email, address: address)
            return try await failure(req, email: email, next: form.next, message: "That email and password do not match an account.")
        }
        throttle.recordSuccess(email: email, address: address)
        // A brand-new session id at every sign-in: a session planted before sign-in never becomes authenticated.
        let secret = try await SessionStore(request: req).create(personID: person.id)
        // Without a page to return to, the person lands on what needs them.
        let response = req.redirect(to: form.next ?? SiteURL.home.path, redirectType: .normal)
        let policy = req.application.cookiePolicy
        response.cookies[policy.sessionName] = policy.value(secret)
        return response
    }

    @Sendable static func signOut(req: Request) async throws -> Response {
        if let session = req.auth.get(SignedInPerson.self)?.sessionID {
            try await SessionStore(request: req).end(sessionID: session)
        }
        req.auth.logout(SignedInPerson.self)
        let response = req.redirect(to: SiteURL.signIn.path, redirectType: .normal)
        response.cookies[req.application.cookiePolicy.sessionName] = req.application.cookiePolicy.expired()
        return response
    }

    private static func failure(_ req: Request, email: String, next: String?, message: String) async throws -> Response {
        try await HTMLPage(
            document: SignInPage.render(.init(email: email, next: next, error: message), context: req.pageContext),
            status: .unauthorized
        ).encodeResponse(for: req)
    }

    /// Where to go after signing in: only a path of one of this site's own pages, or nil.
    ///
    /// A string check is not enough: browsers drop tabs and newlines from URLs, so `/%09/evil.example` (or a raw tab)
    /// would leave as `//evil.example`, another site. So the path may hold only unreserved characters and `/`
    /// (nothing percent-encoded), must not start with `//`, and must match a GET route of this application; a query
    /// may follow, of URL-safe characters.
    static func safeNext(_ next: String?, on app: Application) -> String? {
        // Pages only: the API's routes answer JSON to bearer tokens, never a signed-in browser.
        safeNext(next, pageRoutes: app.routes.all.filter { $0.method == .GET && $0.path.first != .constant("api") }.map(\.path))
    }

    static func safeNext(_ next: String?, pageRoutes: [[PathComponent]]) -> String? {
        guard let next, next.utf8.count <= 2_048 else { return nil }
        let parts = next.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts[0], query = parts.count > 1 ? parts[1] : nil
        let pathCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        let queryCharacters = pathCharacters.union("=&%+")
        guard path.hasPrefix("/"), !path.hasPrefix("//"), path.allSatisfy(pathCharacters.contains),
            query?.allSatisfy(queryCharacters.contains) ?? true
        else { return nil }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            .map(String.init).filter { !$0.isEmpty }
        guard !segments.contains(where: { $0 == "." || $0 == ".." }) else { return nil }
        let matches = pageRoutes.contains { route in
            guard route.count == segments.count else { return false }
            return zip(route, segments).allSatisfy { component, segment in
                switch component {
                case .constant(let text): text == segment
                case .parameter: true
                case .anything, .catchall: false
                }
            }
        }
        return matches ? next : nil
    }
}

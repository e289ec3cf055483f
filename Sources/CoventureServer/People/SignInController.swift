import CoventureCore
import Foundation
import Plot
import Vapor

/// `GET`/`POST /sign-in`, `POST /sign-out`.
enum SignInController {
    struct Form: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    @Sendable static func show(req: Request) async throws -> Response {
        if req.auth.has(SignedInPerson.self) { return req.redirect(to: SiteURL.initiatives.path) }
        let next = req.query[String.self, at: "next"]
        return try await HTMLPage(document: SignInPage.render(email: "", next: next, error: nil, context: req.pageContext))
            .encodeResponse(for: req)
    }

    @Sendable static func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let throttle = req.application.signInThrottle
        let address = throttle.clientAddress(of: req)
        if let wait = throttle.retryAfter(email: email, address: address) {
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
        throttle.recordSuccess(email: email)
        // A brand-new session id at every sign-in: a session planted before sign-in never becomes authenticated.
        let secret = try await SessionStore(request: req).create(personID: try person.requireID())
        let response = req.redirect(to: safeNext(form.next) ?? SiteURL.initiatives.path, redirectType: .normal)
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
            document: SignInPage.render(email: email, next: next, error: message, context: req.pageContext),
            status: .unauthorized
        ).encodeResponse(for: req)
    }

    /// Only a local path may be a redirect target (no `//evil.example`, no scheme).
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains("://") else {
            return nil
        }
        return next
    }
}

enum SignInPage {
    static func render(email: String, next: String?, error: String?, context: PageContext) -> HTML {
        Layout.page(
            "Sign in", context,
            .section(
                .class("panel narrow"),
                .h1(.plain("Sign in")),
                .p(.class("lead"), .plain("Coventure keeps a joint initiative's objectives, decisions and work open to every partner.")),
                .unwrap(error) { .div(.class("alert error"), .safe("role", "alert"), .p(.plain($0))) },
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.signIn.path),
                    Forms.csrf(context.csrfToken),
                    .unwrap(SignInController.safeNext(next)) {
                        .input(.safe("type", "hidden"), .safe("name", "next"), .safe("value", $0))
                    },
                    Forms.field("Email", name: "email", value: email, type: "email", autocomplete: "username"),
                    Forms.field("Password", name: "password", type: "password", autocomplete: "current-password"),
                    Forms.submit("Sign in")
                )
            )
        )
    }
}

import Plot
import Vapor

/// Double-submit CSRF protection for every page route: a random token lives in a `__Host-`, HttpOnly,
/// SameSite=Lax cookie and is repeated in each form as `_csrf`. A state-changing request whose field does not
/// match its cookie gets 403. (The JSON API takes bearer tokens only, never cookies, so it needs no token.)
///
/// The body is collected before the field is read (issue #12, bug 1). Route middleware runs before Vapor collects a
/// route's body, so a form that arrived in more than one piece (a long purpose, typed or pasted) used to have no
/// `_csrf` field yet and was refused as stale. It is collected here up to the route's own limit (`Route.bodyLimit`),
/// so the handler sees the same body and an oversized one is a 413, as it would be without this middleware.
///
/// A refusal never throws away what the person wrote: the 403 page shows their input, to copy back.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let policy = request.application.cookiePolicy
        let existing = request.cookies[policy.csrfName]?.string.nilIfEmpty
        let token = existing ?? Secrets.make()
        request.storage[CSRFTokenKey.self] = token

        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            try await request.collectBodyWithinRouteLimit()
            let submitted = try? request.content.get(String.self, at: Forms.csrfField)
            guard let existing, let submitted, Secrets.constantTimeEquals(existing, submitted) else {
                let response = try await HTMLPage(
                    document: FormRefusedPage.render(.init(input: Self.textInput(of: request)), context: request.pageContext),
                    status: .forbidden
                ).encodeResponse(for: request)
                if existing == nil { response.cookies[policy.csrfName] = policy.value(token) }
                return response
            }
        }
        let response = try await next.respond(to: request)
        if existing == nil { response.cookies[policy.csrfName] = policy.value(token) }
        return response
    }

    /// The text fields of a refused form, to give back: not the token, not passwords (never echoed into a page),
    /// not files.
    static func textInput(of request: Request) -> [(name: String, value: String)] {
        guard request.headers.contentType == .urlEncodedForm,
            let form = try? request.content.decode([String: String].self)
        else { return [] }
        return form
            .filter { name, value in
                name != Forms.csrfField && !name.lowercased().contains("password")
                    && !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            }
            .sorted { $0.key < $1.key }
            .map { (name: $0.key, value: $0.value) }
    }
}

extension Route {
    /// The largest body this route collects, when it is not the application's default; the CSRF check collects a
    /// form's body up to it. Set it with `collectingBody(upTo:)`.
    var bodyLimit: ByteCount? { userInfo[BodyLimitKey()] as? ByteCount }

    /// Records the limit a route was registered with (`body: .collect(maxSize:)`), for middleware that must read the
    /// body before the route does.
    @discardableResult
    func collectingBody(upTo limit: ByteCount) -> Route {
        userInfo[BodyLimitKey()] = limit
        return self
    }

    private struct BodyLimitKey: Hashable {}
}

extension Request {
    /// Collects a streamed body on the request's event loop (where its stream lives), once, up to the route's own
    /// limit (413 beyond it): Vapor's route responder then finds it collected and does not read it again. For
    /// middleware that must read the body before the route does (the CSRF check, `Idempotency-Key`).
    func collectBodyWithinRouteLimit() async throws {
        guard body.data == nil else { return }
        let limit = route?.bodyLimit ?? application.routes.defaultMaxBodySize
        _ = try await eventLoop.flatSubmit { self.body.collect(max: limit.value) }.get()
    }

    /// The CSRF token for forms on this page.
    var csrfToken: String { storage[CSRFTokenKey.self] ?? "" }

    /// Everything a page's layout needs.
    var pageContext: PageContext {
        PageContext(person: auth.get(SignedInPerson.self), csrfToken: csrfToken, flashes: storage[FlashesKey.self] ?? [])
    }
}

private struct CSRFTokenKey: StorageKey { typealias Value = String }

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

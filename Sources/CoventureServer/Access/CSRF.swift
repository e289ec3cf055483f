import Vapor

/// Double-submit CSRF protection for every page route: a random token lives in a `__Host-`, HttpOnly,
/// SameSite=Lax cookie and is repeated in each form as `_csrf`. A state-changing request whose field does not
/// match its cookie gets 403. (The JSON API takes bearer tokens only, never cookies, so it needs no token.)
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let policy = request.application.cookiePolicy
        let existing = request.cookies[policy.csrfName]?.string.nilIfEmpty
        let token = existing ?? Secrets.make()
        request.storage[CSRFTokenKey.self] = token

        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            let submitted = try? request.content.get(String.self, at: Forms.csrfField)
            guard let existing, let submitted, Secrets.constantTimeEquals(existing, submitted) else {
                throw AppError.csrf
            }
        }
        let response = try await next.respond(to: request)
        if existing == nil { response.cookies[policy.csrfName] = policy.value(token) }
        return response
    }
}

extension Request {
    /// The CSRF token for forms on this page.
    var csrfToken: String { storage[CSRFTokenKey.self] ?? "" }

    /// Everything a page's layout needs.
    var pageContext: PageContext { PageContext(person: auth.get(SignedInPerson.self), csrfToken: csrfToken) }
}

private struct CSRFTokenKey: StorageKey { typealias Value = String }

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

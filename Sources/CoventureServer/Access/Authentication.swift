import Fluent
import Foundation
import Vapor

/// Resolves the session cookie to a signed-in person for page routes.
/// Sessions end after `sessionIdleTimeout` without a request, and `sessionAbsoluteTimeout` after sign-in
/// whatever the activity. `last_seen_at` is refreshed at most once a minute to keep reads read-only.
struct SessionAuthenticator: AsyncMiddleware {
    let idleTimeout: TimeInterval
    let absoluteTimeout: TimeInterval

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let policy = request.application.cookiePolicy
        var clearCookie = false
        if let secret = request.cookies[policy.sessionName]?.string, !secret.isEmpty {
            if let person = try await SessionStore(request: request).resolve(
                secret: secret, idleTimeout: idleTimeout, absoluteTimeout: absoluteTimeout)
            {
                request.auth.login(person)
            } else {
                clearCookie = true
            }
        }
        let response = try await next.respond(to: request)
        if clearCookie && response.cookies[policy.sessionName] == nil {
            response.cookies[policy.sessionName] = policy.expired()
        }
        return response
    }
}

/// Page routes that need a signed-in person: anyone else is sent to the sign-in page, and comes back after.
struct RequireSignInForPages: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(SignedInPerson.self) else {
            // After signing in, a GET comes back to where it was; a form post cannot be replayed, so it lands home.
            var components = URLComponents()
            components.path = SiteURL.signIn.path
            components.queryItems = [URLQueryItem(name: "next", value: request.method == .GET ? request.url.path : SiteURL.home.path)]
            return request.redirect(to: components.string ?? SiteURL.signIn.path, redirectType: .normal)
        }
        return try await next.respond(to: request)
    }
}

/// Resolves `Authorization: Bearer <token>` for API routes; without a valid one, 401.
struct BearerAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization,
            let person = try await TokenStore(request: request).resolve(secret: bearer.token)
        else {
            throw AppError.unauthorized
        }
        request.auth.login(person)
        return try await next.respond(to: request)
    }
}

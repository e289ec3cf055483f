import CoventureCore
import Foundation
import Plot
import Vapor

/// The API tokens page and `/api/v1/tokens`.
enum TokensController {
    @Sendable static func page(req: Request) async throws -> HTMLPage {
        let person = try req.person()
        try await req.authorize(.ownAccount)
        return HTMLPage(document: try await render(req, person: person))
    }

    /// The page with the person's tokens and calendar feed (issue #16), and a refused form's input and errors.
    static func render(_ req: Request, person: SignedInPerson, input: [String: String] = [:], errors: [String: String] = [:]) async throws -> HTML {
        TokensPage.render(
            .init(tokens: try await TokenStore(request: req).list(for: person), input: input, errors: errors,
                  calendarFeed: try await CalendarStore(request: req).feed(of: person.id)),
            context: req.pageContext)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let person = try req.person()
        let store = TokenStore(request: req)
        return try await FormAction.run(req, authorize: .ownAccount) { form in
            let created = try await store.create(name: form["name"], expiry: .inDays(form["expiresInDays"]), for: person)
            return .redirect(.tokens, flash: Flash(
                message: "Token “\(created.token.name)” created.",
                secret: .init(
                    label: "Your new API token", value: created.secret,
                    note: "Copy it now: it is shown only on this page, and only its hash is kept. Lost it? Revoke it and create another.")))
        } page: { form, errors in
            try await render(req, person: person, input: form, errors: errors)
        }
    }

    @Sendable static func revoke(req: Request) async throws -> Response {
        let revoked = try await TokenStore(request: req).revoke(try req.uuid("tokenID"), for: try req.person())
        try await req.leaveFlash(Flash(message: "Token “\(revoked.name)” revoked."), for: .tokens)
        return req.redirect(to: SiteURL.tokens.path, redirectType: .normal)
    }

    // MARK: API

    @Sendable static func apiList(req: Request) async throws -> ListPage<TokenDTO> {
        try await req.authorize(.ownAccount)
        return ListPage(items: try await TokenStore(request: req).list(for: try req.person()), next: nil)
    }

    @Sendable static func apiCreate(req: Request) async throws -> Response {
        let body = try req.content.decode(CreateTokenRequest.self)
        let created = try await TokenStore(request: req).create(
            name: body.name, expiry: body.expiresAt.map(TokenStore.Expiry.at) ?? .never, for: try req.person())
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable static func apiRevoke(req: Request) async throws -> TokenDTO {
        try await TokenStore(request: req).revoke(try req.uuid("tokenID"), for: try req.person())
    }
}

import CoventureCore
import Foundation
import Plot
import Vapor

/// The API tokens page and `/api/v1/tokens`.
enum TokensController {
    struct Form: Content {
        var name: String?
        /// Optional: the token stops working this many days from now.
        var expiresInDays: String?
    }

    @Sendable static func page(req: Request) async throws -> HTMLPage {
        let person = try req.person()
        try await req.authorize(.ownAccount)
        let tokens = try await TokenStore(request: req).list(for: person)
        return HTMLPage(document: TokensPage.render(tokens: tokens, created: nil, errors: [:], context: req.pageContext))
    }

    @Sendable static func create(req: Request) async throws -> HTMLPage {
        let person = try req.person()
        let form = try req.content.decode(Form.self)
        let store = TokenStore(request: req)
        do {
            let created = try await store.create(name: form.name, expiry: .inDays(form.expiresInDays), for: person)
            let tokens = try await store.list(for: person)
            return HTMLPage(document: TokensPage.render(tokens: tokens, created: created, errors: [:], context: req.pageContext))
        } catch let error as AppError where error.field != nil {
            let tokens = try await store.list(for: person)
            return HTMLPage(
                document: TokensPage.render(tokens: tokens, created: nil, errors: [error.field!: error.message], context: req.pageContext),
                status: error.status)
        }
    }

    @Sendable static func revoke(req: Request) async throws -> Response {
        _ = try await TokenStore(request: req).revoke(try req.uuid("tokenID"), for: try req.person())
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

enum TokensPage {
    static func status(_ token: TokenDTO, now: Date) -> String {
        if token.revokedAt != nil { return "revoked" }
        return TokenLifetime.isLive(expiresAt: token.expiresAt, now: now) ? "active" : "expired"
    }

    static func render(tokens: [TokenDTO], created: CreatedTokenDTO?, errors: [String: String], context: PageContext, now: Date = Date()) -> HTML {
        Layout.page(
            "API tokens", context,
            .section(
                .class("panel"),
                .h1(.plain("API tokens")),
                .p(.plain("Use a token as 'Authorization: Bearer <token>' with the JSON API under /api/v1. "
                    + "A token acts as you; revoke any you no longer use.")),
                .unwrap(created) { created in
                    .div(
                        .class("alert success"), .safe("role", "status"),
                        .p(.strong(.plain("Copy your new token now — it will not be shown again:"))),
                        .p(.code(.class("secret"), .plain(created.secret)))
                    )
                },
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.tokens.path), .class("row"),
                    Forms.csrf(context.csrfToken),
                    Forms.field("Token name", name: "name", value: "", hint: "What it is for, e.g. 'quarterly report script'.", error: errors["name"]),
                    Forms.field(
                        "Expires in (days)", name: "expiresInDays", value: "", type: "number", required: false,
                        hint: "Optional: the token stops working after this many days (1 to \(TokenLifetime.maximumDays)). Empty: until you revoke it.",
                        error: errors["expiresInDays"]),
                    Forms.submit("Create token")
                ),
                tokens.isEmpty
                    ? .p(.class("muted"), .plain("You have no API tokens yet."))
                    : .table(
                        .thead(.tr(
                            .th(.plain("Name")), .th(.plain("Created")), .th(.plain("Last used")), .th(.plain("Expires")), .th(.plain("Status")),
                            .th(.plain("")))),
                        .tbody(.forEach(tokens) { token in
                            .tr(
                                .td(.plain(token.name)),
                                .td(.plain(Display.dateTime(token.createdAt))),
                                .td(.plain(token.lastUsedAt.map(Display.dateTime) ?? "never")),
                                .td(.plain(token.expiresAt.map(Display.dateTime) ?? "never")),
                                .td(.plain(status(token, now: now))),
                                .td(token.revokedAt == nil
                                    ? Forms.action(.tokenRevoke(.value(token.id)), "Revoke", token: context.csrfToken, danger: true)
                                    : .empty)
                            )
                        })
                    )
            )
        )
    }
}

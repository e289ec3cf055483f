import CoventureCore
import Foundation
import Plot

/// The viewer's API tokens: create one (its secret shown this one time), see when each was used, revoke.
enum TokensPage {
    struct Model: Sendable {
        var tokens: [TokenDTO]
        /// A refused form's input, kept (`name`, `expiresInDays`).
        var input: [String: String] = [:]
        /// Why a field was refused (`name`, `expiresInDays`), by field.
        var errors: [String: String] = [:]
        /// What "expired" is measured against.
        var now = Date()
        /// The person's calendar feed, if they have one (issue #16).
        var calendarFeed: CalendarFeedDTO? = nil
    }

    /// What a token's row says it is: revoked, expired (past its `expiresAt`) or active.
    static func status(_ token: TokenDTO, now: Date) -> String {
        if token.revokedAt != nil { return "revoked" }
        return TokenLifetime.isLive(expiresAt: token.expiresAt, now: now) ? "active" : "expired"
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "API tokens", context,
            .section(
                .class("panel"),
                .h1(.plain("API tokens")),
                .p(.plain("Use a token as 'Authorization: Bearer <token>' with the JSON API under /api/v1. "
                    + "A token acts as you; revoke any you no longer use.")),
                Forms.errorSummary(model.errors),
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.tokens.path), .class("row"),
                    Forms.csrf(context.csrfToken),
                    Forms.field(
                        "Token name", name: "name", value: model.input["name"] ?? "", hint: "What it is for, e.g. 'quarterly report script'.", error: model.errors["name"]),
                    Forms.field(
                        "Expires in (days)", name: "expiresInDays", value: model.input["expiresInDays"] ?? "", type: "number", required: false,
                        hint: "Optional: the token stops working after this many days (1 to \(TokenLifetime.maximumDays)). Empty: until you revoke it.",
                        error: model.errors["expiresInDays"]),
                    Forms.submit("Create token")
                ),
                model.tokens.isEmpty
                    ? .p(.class("muted"), .plain("You have no API tokens yet."))
                    : .table(
                        .thead(.tr(
                            .th(.plain("Name")), .th(.plain("Created")), .th(.plain("Last used")), .th(.plain("Expires")), .th(.plain("Status")),
                            .th(.plain("")))),
                        .tbody(.forEach(model.tokens) { token in
                            .tr(
                                .td(.safe("data-label", "Name"), .plain(token.name)),
                                .td(.safe("data-label", "Created"), .plain(Display.dateTime(token.createdAt))),
                                .td(.safe("data-label", "Last used"), .plain(token.lastUsedAt.map(Display.dateTime) ?? "never")),
                                .td(.safe("data-label", "Expires"), .plain(token.expiresAt.map(Display.dateTime) ?? "never")),
                                .td(.safe("data-label", "Status"), .plain(status(token, now: model.now))),
                                .td(token.revokedAt == nil
                                    ? Forms.action(.tokenRevoke(.value(token.id)), "Revoke", token: context.csrfToken, danger: true)
                                    : .empty)
                            )
                        })
                    )
            ),
            CalendarFeedPanel.render(model.calendarFeed, context: context)
        )
    }
}

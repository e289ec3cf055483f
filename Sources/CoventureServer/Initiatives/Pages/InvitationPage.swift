import CoventureCore
import Foundation
import Plot

/// The page behind an invitation link: accept it when signed in, sign in first when the account exists, or create
/// the account and accept at once.
enum InvitationPage {
    struct Model: Sendable {
        var pending: InvitationStore.Pending
        /// The link's code, which the form posts back to.
        var code: String
        /// The name typed into a refused new-account form, kept.
        var name = ""
        var errors: [String: String] = [:]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let pending = model.pending
        let invitation = pending.invitation
        let who = pending.inviterOrganization.isEmpty ? pending.inviterName : "\(pending.inviterName) of \(pending.inviterOrganization)"
        let what = invitation.kind == .partner
            ? "\(who) invites \(invitation.organizationName) to join “\(pending.initiativeName)” as a partner organization, with you as its admin."
            : "\(who) invites you to join “\(pending.initiativeName)” for \(invitation.organizationName), as \(invitation.role.label.lowercased())."
        // Everything here is what the invitee needs to decide, shown before anything is asked of them.
        return Layout.page(
            "Invitation to \(pending.initiativeName)", context,
            .section(
                .class("panel narrow"),
                .h1(.plain("Invitation to “\(pending.initiativeName)”")),
                .p(.class("lead"), .plain(what)),
                .h2(.plain("Its purpose")),
                pending.initiativePurpose.isEmpty
                    ? .p(.class("muted"), .plain("No purpose has been written yet."))
                    : .p(.class("purpose"), .plain(pending.initiativePurpose)),
                .h2(.plain("Who takes part")),
                .ul(.forEach(Array(pending.parties.enumerated())) { index, party in
                    .li(.plain(index == 0 ? "\(party) (owner)" : "\(party) (partner)"))
                }),
                .p(.class("hint"), .plain(
                    "The invitation is for \(invitation.email) and works once, until \(Display.dateTime(invitation.expiresAt)). "
                        + "Every member of every party sees the initiative's objectives, decisions and every change; people outside it see nothing.")),
                Forms.errorSummary(model.errors),
                body(model, context: context)
            )
        )
    }

    private static func body(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let pending = model.pending, errors = model.errors
        let url = SiteURL.invitation(.value(model.code))
        if context.person != nil {
            return .form(
                .safe("method", "post"), .safe("action", url.path),
                Forms.csrf(context.csrfToken),
                Forms.submit("Accept invitation")
            )
        }
        if pending.accountExists || (pending.invitation.kind == .partner && pending.invitation.organizationId != nil) {
            var components = URLComponents()
            components.path = SiteURL.signIn.path
            components.queryItems = [URLQueryItem(name: "next", value: url.path)]
            return .p(.plain("Sign in to accept. "), .a(.safe("href", components.string ?? SiteURL.signIn.path), .plain("Sign in")))
        }
        return .form(
            .safe("method", "post"), .safe("action", url.path),
            Forms.csrf(context.csrfToken),
            .p(.plain("Create your account for \(pending.invitation.email):")),
            Forms.field("Your name", name: "name", value: model.name, error: errors["name"], autocomplete: "name"),
            Forms.field("Password (12 to 72 bytes)", name: "password", type: "password", error: errors["password"], autocomplete: "new-password"),
            Forms.submit("Create account and accept")
        )
    }
}

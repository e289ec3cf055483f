import CoventureCore
import Foundation
import Plot

// Pieces shared by the initiative pages.

/// Pending invitations, each with a button to revoke it.
enum InvitationList {
    static func render(_ invitations: [InvitationDTO], initiativeID: UUID, canRevoke: Bool, context: PageContext) -> Node<HTML.BodyContext> {
        invitations.isEmpty
            ? .p(.class("muted"), .plain("No pending invitations."))
            : .table(
                .caption(.plain("Pending invitations")),
                .thead(.tr(.th(.plain("Email")), .th(.plain("Organization")), .th(.plain("Role")), .th(.plain("Expires")), .th(.plain("")))),
                .tbody(.forEach(invitations) { invitation in
                    .tr(
                        .td(.plain(invitation.email)), .td(.plain(invitation.organizationName)),
                        .td(.plain(invitation.role.label)), .td(.plain(Display.dateTime(invitation.expiresAt))),
                        .td(canRevoke
                            ? Forms.action(.invitationRevoke(.value(initiativeID), invitation: .value(invitation.id)), "Revoke", token: context.csrfToken, danger: true)
                            : .empty)
                    )
                })
            )
    }
}

/// The form that invites an organization as a partner, on Settings and on Members (`from` says where to come back).
enum PartnerInvitationForm {
    static func render(
        initiativeID: UUID, from: String?, input: [String: String], errors: [String: String], context: PageContext
    ) -> Node<HTML.BodyContext> {
        .form(
            .safe("method", "post"), .safe("action", SiteURL.initiativePartners(.value(initiativeID)).path),
            Forms.csrf(context.csrfToken),
            .unwrap(from) { .input(.safe("type", "hidden"), .safe("name", "from"), .safe("value", $0)) },
            .p(.class("hint"), .plain("You get a single-use link, and a message to send it in, to pass to the organization's lead.")),
            Forms.field("Organization name", name: "organizationName", value: input["organizationName"] ?? "", error: errors["organizationName"]),
            Forms.field("Email of its lead", name: "email", value: input["email"] ?? "", type: "email", error: errors["email"]),
            Forms.submit("Create invitation link")
        )
    }
}

/// The activity feed: who did what, when, newest first (the overview's latest and the activity page's).
enum ActivityList {
    static func render(_ items: [ActivityItem]) -> Node<HTML.BodyContext> {
        items.isEmpty
            ? .p(.class("muted"), .plain("Nothing has happened yet."))
            : .ol(.class("feed"), .forEach(items) { item in
                .li(
                    .span(.class("seq"), .plain("#\(item.sequence)")),
                    .strong(.plain(item.actor)), .plain(" " + item.sentence),
                    .element(named: "time", nodes: [.safe("datetime", LedgerEventBody.timestamp(item.at)), .plain(Display.dateTime(item.at))])
                )
            })
    }
}

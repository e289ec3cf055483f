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

/// The activity feed: who did what, when, newest first (the overview's latest, the activity page's, the ledger's).
/// Each row starts with the entry's ledger number, a link to that entry's page: one number for one event everywhere.
enum ActivityList {
    static func render(_ items: [ActivityItem], initiativeID: UUID) -> Node<HTML.BodyContext> {
        items.isEmpty
            ? .p(.class("muted"), .plain("Nothing has happened yet."))
            : .ol(.class("feed"), .forEach(items) { item in
                .li(
                    entryLink(item, initiativeID: initiativeID),
                    .strong(.plain(item.actor)), .plain(" "), sentence(item),
                    .element(named: "time", nodes: [.safe("datetime", LedgerEventBody.timestamp(item.at)), .plain(Display.dateTime(item.at))])
                )
            })
    }

    /// "#62", linking to ledger entry 62.
    static func entryLink(_ item: ActivityItem, initiativeID: UUID) -> Node<HTML.BodyContext> {
        .a(.class("seq"), .link(.ledgerEntry(.value(initiativeID), index: .value(item.ledgerIndex))),
           .safe("title", "Ledger entry \(item.ledgerIndex)"), .plain("#\(item.ledgerIndex)"))
    }

    /// The sentence after the actor's name: things in italics, values in bold.
    static func sentence(_ item: ActivityItem) -> Node<HTML.BodyContext> {
        sentence(item.described ?? ActivitySentence(stringLiteral: item.sentence))
    }

    static func sentence(_ sentence: ActivitySentence) -> Node<HTML.BodyContext> {
        .forEach(sentence.parts) { part in
            switch part {
            case .text(let text): .plain(text)
            case .thing(let name): .em(.plain(name))
            case .value(let value): .strong(.class("value"), .plain(value))
            }
        }
    }
}

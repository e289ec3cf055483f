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
                        .td(.safe("data-label", "Email"), .plain(invitation.email)),
                        .td(.safe("data-label", "Organization"), .plain(invitation.organizationName)),
                        .td(.safe("data-label", "Role"), .plain(invitation.role.label)),
                        .td(.safe("data-label", "Expires"), .plain(Display.dateTime(invitation.expiresAt))),
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

/// The initiative's own navigation, at the top of each of its main pages: one link for each thing the initiative
/// holds, the current one marked. A list of links that wraps onto a second line on a phone, never a sideways scroll.
enum InitiativeNav {
    enum Section: CaseIterable, Sendable {
        // In the order shown.
        case overview, okrs, lineOfSight, workstreams, practices, decisions, value, portfolio, report, pulse, members, activity, ledger, settings

        var label: String {
            switch self {
            case .overview: "Overview"
            case .okrs: "OKRs"
            case .lineOfSight: "Line of sight"
            case .workstreams: "Workstreams"
            case .practices: "Practices"
            case .decisions: "Decisions"
            case .value: "Value"
            case .portfolio: "Portfolio"
            case .report: "Report"
            case .members: "Members"
            case .activity: "Activity"
            case .ledger: "Ledger"
            case .settings: "Settings"
            case .pulse: "Pulse"
            }
        }

        func url(_ id: UUID) -> SiteURL {
            switch self {
            case .overview: .initiative(.value(id))
            case .okrs: .okrTree(.value(id))
            case .lineOfSight: .lineOfSight(.value(id))
            case .workstreams: .workstreamMap(.value(id))
            case .practices: .practices(.value(id))
            case .decisions: .decisions(.value(id))
            case .value: .value(.value(id))
            case .portfolio: .portfolio(.value(id))
            case .report: .partnershipReport(.value(id))
            case .members: .initiativeMembers(.value(id))
            case .activity: .initiativeActivity(.value(id))
            case .ledger: .initiativeLedger(.value(id))
            case .settings: .initiativeSettings(.value(id))
            case .pulse: .pulse(.value(id))
            }
        }
    }

    /// `showSettings`: only the owner's admins run the settings, so only they are offered the link.
    static func render(_ initiative: InitiativeDTO, current: Section?, showSettings: Bool = false) -> Node<HTML.BodyContext> {
        let sections = Section.allCases.filter { $0 != .settings || showSettings || current == .settings }
        return .nav(
            .class("initiative-nav"), .safe("aria-label", initiative.name),
            .ul(.forEach(sections) { section in
                .li(section == current
                    ? .a(.link(section.url(initiative.id)), .safe("aria-current", "page"), .plain(section.label))
                    : .a(.link(section.url(initiative.id)), .plain(section.label)))
            })
        )
    }
}

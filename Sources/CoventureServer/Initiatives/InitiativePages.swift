import CoventureCore
import Foundation
import Plot

/// My initiatives.
enum InitiativeListPage {
    static func render(_ initiatives: [InitiativeSummary], canCreate: Bool, context: PageContext) -> HTML {
        Layout.page(
            "My initiatives", context,
            .section(
                .class("panel"),
                .div(
                    .class("title-row"),
                    .h1(.plain("My initiatives")),
                    .if(canCreate, .a(.class("button primary"), .link(.newInitiative), .plain("Start an initiative")))
                ),
                initiatives.isEmpty
                    ? .p(.class("muted"), .plain("You are not a member of any initiative yet. An admin of a party can add you, or send you an invitation link."))
                    : .ul(.class("cards"), .forEach(initiatives) { card($0) })
            )
        )
    }

    private static func card(_ initiative: InitiativeSummary) -> Node<HTML.ListContext> {
        .li(
            .class("card"),
            .h2(.a(.link(.initiative(.value(initiative.id))), .plain(initiative.name))),
            .p(.plain(initiative.purpose)),
            .p(.class("meta"),
               .span(.class("badge"), .plain(initiative.governance.label)),
               .span(.class("badge status-\(initiative.status.rawValue)"), .plain(initiative.status.rawValue)),
               .span(.plain("Owner: \(initiative.ownerOrganizationName) · You: \(initiative.role.label)")))
        )
    }
}

enum NewInitiativePage {
    static func render(name: String, purpose: String, governance: GovernanceModel, errors: [String: String], context: PageContext) -> HTML {
        Layout.page(
            "Start an initiative", context,
            .section(
                .class("panel narrow"),
                .h1(.plain("Start an initiative")),
                .p(.plain("Your organization owns it; you become its first admin. Invite partners once it exists.")),
                Forms.errorSummary(errors),
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.initiatives.path),
                    Forms.csrf(context.csrfToken),
                    Forms.field("Name", name: "name", value: name, error: errors["name"]),
                    Forms.textarea("Purpose", name: "purpose", value: purpose, error: errors["purpose"]),
                    Forms.select("Governance", name: "governance",
                                 options: GovernanceModel.allCases.map { ($0.rawValue, $0.label) }, selected: governance.rawValue,
                                 error: errors["governance"]),
                    Forms.submit("Start initiative")
                )
            )
        )
    }
}

/// The initiative overview: purpose, governance, parties with stakes, members by party, activity.
struct InitiativeOverview: Sendable {
    var initiative: InitiativeDTO
    var members: [MemberDTO]
    var alignmentReport: AlignmentReportDTO
    var activity: [ActivityItem]
    var viewerRole: MemberRole
    var viewerIsOwnerAdmin: Bool
    var viewerIsAdmin: Bool
    var workstreams: [WorkstreamDTO] = []
}

enum InitiativeOverviewPage {
    static func render(_ model: InitiativeOverview, context: PageContext) -> HTML {
        let initiative = model.initiative
        return Layout.page(
            initiative.name, context,
            .section(
                .class("panel"),
                .div(
                    .class("title-row"),
                    .h1(.plain(initiative.name)),
                    .div(
                        .class("actions"),
                        .if(model.viewerIsOwnerAdmin, .a(.class("button secondary"), .link(.initiativeSettings(.value(initiative.id))), .plain("Settings"))),
                        .a(.class("button secondary"), .link(.okrTree(.value(initiative.id))), .plain("OKRs")),
                        .a(.class("button secondary"), .link(.lineOfSight(.value(initiative.id))), .plain("My line of sight")),
                        .a(.class("button secondary"), .link(.initiativeMembers(.value(initiative.id))), .plain("Members")),
                        .a(.class("button secondary"), .link(.initiativeLedger(.value(initiative.id))), .plain("Ledger"))
                    )
                ),
                .p(.class("meta"),
                   .span(.class("badge"), .plain(initiative.governance.label)),
                   .span(.class("badge status-\(initiative.status.rawValue)"), .plain(initiative.status.rawValue)),
                   .span(.plain("You are \(model.viewerRole.label.lowercased())"))),
                .h2(.plain("Purpose")),
                .p(.class("purpose"), .plain(initiative.purpose.isEmpty ? "No purpose written yet." : initiative.purpose))
            ),
            .div(
                .class("grid"),
                .section(.class("panel"), .h2(.plain("Parties")), parties(initiative)),
                .section(.class("panel"), .h2(.plain("Members by party")), membersByParty(model))
            ),
            OKRViews.reportPanel(model.alignmentReport, initiativeID: initiative.id),
            WorkstreamOverviewPanel.render(initiative.id, model.workstreams),
            .section(
                .class("panel"), .h2(.id("activity"), .plain("Activity")), activity(model.activity),
                .p(.a(.link(.initiativeActivity(.value(initiative.id))), .plain("All activity")))
            )
        )
    }

    static func parties(_ initiative: InitiativeDTO) -> Node<HTML.BodyContext> {
        let stakeTotal = initiative.parties.compactMap { $0.stake.flatMap { try? Stake(percent: $0) }?.basisPoints }.reduce(0, +)
        let stakesIncomplete = initiative.governance == .jointVenture
            && (initiative.parties.contains { $0.stake == nil } || stakeTotal != Stake.whole.basisPoints)
        return .group(
            .table(
                .thead(.tr(.th(.plain("Organization")), .th(.plain("Role")), .if(initiative.governance == .jointVenture, .th(.plain("Stake"))))),
                .tbody(.forEach(initiative.parties) { party in
                    .tr(
                        .td(.a(.link(.organization(.value(party.organizationId))), .plain(party.organizationName))),
                        .td(.plain(party.kind == .owner ? "Owner" : "Partner")),
                        .if(initiative.governance == .jointVenture, .td(.plain(party.stake.map { "\($0) %" } ?? "not set")))
                    )
                })
            ),
            .if(stakesIncomplete, .p(.class("alert warning"), .plain("The stakes do not cover every party or do not sum to 100 %; the owner's admins must set them in Settings.")))
        )
    }

    static func membersByParty(_ model: InitiativeOverview) -> Node<HTML.BodyContext> {
        .forEach(model.initiative.parties) { party in
            let members = model.members.filter { $0.partyId == party.id }
            return .div(
                .class("party"),
                .h3(.plain(party.organizationName)),
                members.isEmpty
                    ? .p(.class("muted"), .plain("No members yet."))
                    : .ul(.class("people"), .forEach(members) { member in
                        .li(.plain(member.name), .span(.class("badge role-\(member.role.rawValue)"), .plain(member.role.label)))
                    })
            )
        }
    }

    static func activity(_ items: [ActivityItem]) -> Node<HTML.BodyContext> {
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

/// The whole activity of an initiative, page by page.
enum ActivityPage {
    static func render(_ initiative: InitiativeDTO, items: [ActivityItem], olderThan: Int?, context: PageContext) -> HTML {
        Layout.page(
            "Activity · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(initiative.id))), .plain("← " + initiative.name))),
            .section(
                .class("panel"),
                .h1(.plain("Activity")),
                .p(.class("muted"), .plain("Every change to this initiative, as recorded in its log, newest first.")),
                InitiativeOverviewPage.activity(items),
                .unwrap(olderThan) { sequence in
                    .p(.a(.safe("href", SiteURL.initiativeActivity(.value(initiative.id)).path + "?before=\(sequence)"), .plain("Older activity →")))
                }
            )
        )
    }
}

/// Settings: name, purpose, status; governance and stakes; partner invitations. For the owner's admins.
struct InitiativeSettings: Sendable {
    var initiative: InitiativeDTO
    var pendingPartnerInvitations: [InvitationDTO]
    var createdLink: String?
}

enum InitiativeSettingsPage {
    static func render(_ model: InitiativeSettings, errors: [String: String] = [:], context: PageContext) -> HTML {
        let initiative = model.initiative
        let id = initiative.id
        return Layout.page(
            "Settings · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(id))), .plain("← " + initiative.name))),
            .section(
                .class("panel"),
                .h1(.plain("Settings")),
                Forms.errorSummary(errors),
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.initiativeSettings(.value(id)).path),
                    Forms.csrf(context.csrfToken),
                    .input(.safe("type", "hidden"), .safe("name", "section"), .safe("value", "details")),
                    Forms.field("Name", name: "name", value: initiative.name, error: errors["name"]),
                    Forms.textarea("Purpose", name: "purpose", value: initiative.purpose, error: errors["purpose"]),
                    Forms.select("Status", name: "status", options: InitiativeStatus.allCases.map { ($0.rawValue, $0.rawValue.capitalized) },
                                 selected: initiative.status.rawValue, error: errors["status"]),
                    Forms.submit("Save details")
                )
            ),
            .section(
                .class("panel"),
                .h2(.plain("Governance")),
                .p(.plain("Owner-led: the owner has the final word on matters not reserved. Joint venture: every party holds a stake; stakes sum to 100 %.")),
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.initiativeSettings(.value(id)).path),
                    Forms.csrf(context.csrfToken),
                    .input(.safe("type", "hidden"), .safe("name", "section"), .safe("value", "governance")),
                    Forms.select("Model", name: "model", options: GovernanceModel.allCases.map { ($0.rawValue, $0.label) },
                                 selected: initiative.governance.rawValue, error: errors["model"]),
                    .element(
                        named: "fieldset",
                        nodes: [.element(named: "legend", nodes: [.plain("Stakes in percent (joint venture only)")])]
                            + initiative.parties.map { party in
                                let key = "stakes.\(party.organizationId.uuidString.lowercased())"
                                return Forms.field(
                                    party.organizationName, name: "stake_\(party.organizationId.uuidString.lowercased())",
                                    value: party.stake ?? "", required: false, error: errors[key] ?? errors["stakes"])
                            }
                    ),
                    Forms.submit("Save governance")
                )
            ),
            .section(
                .class("panel"),
                .h2(.plain("Invite a partner organization")),
                .unwrap(model.createdLink) { link in
                    .div(.class("alert success"), .safe("role", "status"),
                         .p(.plain("Invitation created. Send this single-use link to the partner's lead (it is shown only now):")),
                         .p(.code(.class("secret"), .plain(link))))
                },
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.initiativePartners(.value(id)).path),
                    Forms.csrf(context.csrfToken),
                    Forms.field("Organization name", name: "organizationName", error: errors["organizationName"]),
                    Forms.field("Email of its lead", name: "email", type: "email", error: errors["email"]),
                    Forms.submit("Create invitation link")
                ),
                InvitationList.render(model.pendingPartnerInvitations, initiativeID: id, canRevoke: true, context: context)
            )
        )
    }
}

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

/// Member management: each party's admins manage their own organization's people.
struct MemberManagement: Sendable {
    var initiative: InitiativeDTO
    var members: [MemberDTO]
    var viewer: SignedInPerson
    var viewerIsAdmin: Bool
    var addable: [PersonDTO]
    var pendingInvitations: [InvitationDTO]
    var createdLink: String?
}

enum MembersPage {
    static func render(_ model: MemberManagement, errors: [String: String] = [:], context: PageContext) -> HTML {
        let id = model.initiative.id
        return Layout.page(
            "Members · \(model.initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(id))), .plain("← " + model.initiative.name))),
            .section(
                .class("panel"),
                .h1(.plain("Members")),
                Forms.errorSummary(errors),
                .forEach(model.initiative.parties) { party in
                    let manageable = model.viewerIsAdmin && party.organizationId == model.viewer.organizationID
                    return .div(
                        .class("party"),
                        .h2(.plain(party.organizationName)),
                        .table(
                            .thead(.tr(.th(.plain("Name")), .th(.plain("Email")), .th(.plain("Role")), .if(manageable, .th(.plain("Manage"))))),
                            .tbody(.forEach(model.members.filter { $0.partyId == party.id }) { member in
                                .tr(
                                    .td(.plain(member.name)), .td(.plain(member.email)), .td(.plain(member.role.label)),
                                    .if(manageable, .td(manage(member, initiativeID: id, context: context)))
                                )
                            })
                        )
                    )
                }
            ),
            .if(model.viewerIsAdmin, adminForms(model, errors: errors, context: context))
        )
    }

    private static func manage(_ member: MemberDTO, initiativeID: UUID, context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .class("row"),
            .form(
                .class("inline"), .safe("method", "post"),
                .safe("action", SiteURL.memberRole(.value(initiativeID), member: .value(member.id)).path),
                Forms.csrf(context.csrfToken),
                .label(.class("visually-hidden"), .safe("for", "role-\(member.id.uuidString.lowercased())"), .plain("Role of \(member.name)")),
                .element(named: "select", nodes: [.safe("id", "role-\(member.id.uuidString.lowercased())"), .safe("name", "role")]
                    + MemberRole.allCases.map { role in
                        Node<HTML.FormContext>.raw(Node<HTML.BodyContext>.element(
                            named: "option",
                            nodes: [.safe("value", role.rawValue), role == member.role ? .attribute(named: "selected") : .empty, .plain(role.label)]
                        ).render())
                    }),
                .button(.safe("type", "submit"), .class("secondary"), .plain("Change"))
            ),
            Forms.action(.memberRemove(.value(initiativeID), member: .value(member.id)), "Remove", token: context.csrfToken, danger: true)
        )
    }

    private static func adminForms(_ model: MemberManagement, errors: [String: String], context: PageContext) -> Node<HTML.BodyContext> {
        let id = model.initiative.id
        let roles = MemberRole.allCases.map { ($0.rawValue, $0.label) }
        return .div(
            .class("grid"),
            .section(
                .class("panel"),
                .h2(.plain("Add someone from \(model.viewer.organizationName)")),
                model.addable.isEmpty
                    ? .p(.class("muted"), .plain("Everyone in your organization is already a member."))
                    : .form(
                        .safe("method", "post"), .safe("action", SiteURL.initiativeMembers(.value(id)).path),
                        Forms.csrf(context.csrfToken),
                        Forms.select("Person", name: "personId", options: model.addable.map { ($0.id.uuidString.lowercased(), "\($0.name) (\($0.email))") },
                                     selected: nil, error: errors["personId"]),
                        Forms.select("Role", name: "role", options: roles, selected: MemberRole.contributor.rawValue, error: errors["role"]),
                        Forms.submit("Add member")
                    )
            ),
            .section(
                .class("panel"),
                .h2(.plain("Invite by email")),
                .unwrap(model.createdLink) { link in
                    .div(.class("alert success"), .safe("role", "status"),
                         .p(.plain("Invitation created. Send this single-use link (shown only now):")),
                         .p(.code(.class("secret"), .plain(link))))
                },
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.initiativeInvitations(.value(id)).path),
                    Forms.csrf(context.csrfToken),
                    Forms.field("Email", name: "email", type: "email", error: errors["email"]),
                    Forms.select("Role", name: "role", options: roles, selected: MemberRole.contributor.rawValue, error: errors["role"]),
                    Forms.submit("Create invitation link")
                ),
                InvitationList.render(model.pendingInvitations, initiativeID: id, canRevoke: true, context: context)
            )
        )
    }
}

/// The page behind an invitation link.
enum InvitationPage {
    static func render(_ pending: InvitationStore.Pending, code: String, errors: [String: String] = [:], context: PageContext) -> HTML {
        let invitation = pending.invitation
        let what = invitation.kind == .partner
            ? "\(invitation.organizationName) is invited to join “\(pending.initiativeName)” as a partner, with you as its admin."
            : "You are invited to join “\(pending.initiativeName)” for \(invitation.organizationName) as \(invitation.role.label.lowercased())."
        return Layout.page(
            "Invitation", context,
            .section(
                .class("panel narrow"),
                .h1(.plain("Invitation")),
                .p(.class("lead"), .plain(what)),
                Forms.errorSummary(errors),
                body(pending, code: code, errors: errors, context: context)
            )
        )
    }

    private static func body(_ pending: InvitationStore.Pending, code: String, errors: [String: String], context: PageContext) -> Node<HTML.BodyContext> {
        let url = SiteURL.invitation(.value(code))
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
            Forms.field("Your name", name: "name", error: errors["name"], autocomplete: "name"),
            Forms.field("Password (12 to 72 bytes)", name: "password", type: "password", error: errors["password"], autocomplete: "new-password"),
            Forms.submit("Create account and accept")
        )
    }
}

extension Node where Context == HTML.FormContext {
    func convertToBody() -> Node<HTML.BodyContext> { .raw(self.render()) }
}

import CoventureCore
import Foundation
import Plot

/// Member management: each party's admins manage their own organization's people.
enum MembersPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var members: [MemberDTO]
        var viewer: SignedInPerson
        var viewerIsAdmin: Bool
        /// People of the viewer's organization who are not members yet (for an admin).
        var addable: [PersonDTO]
        var pendingInvitations: [InvitationDTO]
        /// Whether the viewer may invite organizations as partners (the owner's admins).
        var canInvitePartners = false
        /// A refused form's input, kept (by field name).
        var input: [String: String] = [:]
        var errors: [String: String] = [:]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let id = model.initiative.id
        return Layout.page(
            "Members · \(model.initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(id))), .plain("← " + model.initiative.name))),
            InitiativeNav.render(model.initiative, current: .members),
            .section(
                .class("panel"),
                .h1(.plain("Members")),
                Forms.errorSummary(model.errors),
                .forEach(model.initiative.parties) { party in
                    let manageable = model.viewerIsAdmin && party.organizationId == model.viewer.organizationID
                    return .div(
                        .class("party"),
                        .h2(.plain(party.organizationName)),
                        .table(
                            .thead(.tr(.th(.plain("Name")), .th(.plain("Email")), .th(.plain("Role")), .if(manageable, .th(.plain("Manage"))))),
                            .tbody(.forEach(model.members.filter { $0.partyId == party.id }) { member in
                                .tr(
                                    .td(.safe("data-label", "Name"), .plain(member.name)),
                                    .td(.safe("data-label", "Email"), .plain(member.email)),
                                    .td(.safe("data-label", "Role"), .plain(member.role.label)),
                                    .if(manageable, .td(.safe("data-label", "Manage"), manage(member, model, context: context)))
                                )
                            })
                        )
                    )
                }
            ),
            .if(model.viewerIsAdmin, adminForms(model, context: context)),
            .if(model.viewerIsAdmin, WebhookComponents.link(initiativeID: id)),
            .if(model.canInvitePartners, .section(
                .class("panel"), .safe("id", "invite-partner"),
                .h2(.plain("Invite a partner organization")),
                PartnerInvitationForm.render(
                    initiativeID: id, from: "members", input: model.input["from"] == "members" ? model.input : [:],
                    errors: model.input["from"] == "members" ? model.errors : [:], context: context)))
        )
    }

    /// The value a member's role form edits, as it shows it: what its version is a digest of (issue #17).
    static func editedFields(_ member: MemberDTO) -> [String: String] { ["role": member.role.rawValue] }

    private static func manage(_ member: MemberDTO, _ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let initiativeID = model.initiative.id
        // Only the row whose form was posted shows what was typed there (`member`, set by the role change's page).
        let posted = model.input["member"] == member.id.uuidString.lowercased()
        let edit = EditedValues(stored: editedFields(member), typed: posted ? model.input : [:], errors: posted ? model.errors : [:])
        let roles = MemberRole.allCases.map { ($0.rawValue, $0.label) }
        return .div(
            .class("row"),
            .form(
                .class("inline"), .safe("method", "post"),
                .safe("action", SiteURL.memberRole(.value(initiativeID), member: .value(member.id)).path),
                Forms.csrf(context.csrfToken),
                edit.version,
                .label(.class("visually-hidden"), .safe("for", "role-\(member.id.uuidString.lowercased())"), .plain("Role of \(member.name)")),
                .element(named: "select", nodes: [.safe("id", "role-\(member.id.uuidString.lowercased())"), .safe("name", "role")]
                    + MemberRole.allCases.map { role in
                        Node<HTML.FormContext>.raw(Node<HTML.BodyContext>.element(
                            named: "option",
                            nodes: [.safe("value", role.rawValue), role.rawValue == edit.value("role") ? .attribute(named: "selected") : .empty,
                                    .plain(role.label)]
                        ).render())
                    }),
                .button(.safe("type", "submit"), .class("secondary"), .plain("Change")),
                edit.typedNote("role", options: roles)
            ),
            Forms.action(.memberRemove(.value(initiativeID), member: .value(member.id)), "Remove", token: context.csrfToken, danger: true)
        )
    }

    private static func adminForms(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let id = model.initiative.id
        // The partner form's errors show beside that form, not these.
        let isPartnerForm = model.input["from"] == "members"
        let errors = isPartnerForm ? [:] : model.errors
        let input = isPartnerForm ? [:] : model.input
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
                                     selected: input["personId"], error: errors["personId"], placeholder: "Choose a person"),
                        Forms.select("Role", name: "role", options: roles, selected: input["personId"] == nil ? MemberRole.contributor.rawValue : input["role"],
                                     error: errors["role"]),
                        Forms.submit("Add member")
                    )
            ),
            .section(
                .class("panel"),
                .h2(.plain("Invite by email")),
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.initiativeInvitations(.value(id)).path),
                    Forms.csrf(context.csrfToken),
                    Forms.field("Email", name: "email", value: input["email"] ?? "", type: "email", error: errors["email"]),
                    Forms.select("Role", name: "role", options: roles, selected: input["email"] == nil ? MemberRole.contributor.rawValue : input["role"],
                                 error: errors["role"]),
                    Forms.submit("Create invitation link")
                ),
                InvitationList.render(model.pendingInvitations, initiativeID: id, canRevoke: true, context: context)
            )
        )
    }
}

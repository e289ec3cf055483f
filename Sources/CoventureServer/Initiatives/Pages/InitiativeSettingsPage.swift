import CoventureCore
import Foundation
import Plot

/// Settings: name, purpose, status; governance and stakes; partner invitations. For the owner's admins.
enum InitiativeSettingsPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var pendingPartnerInvitations: [InvitationDTO]
        /// A partner invitation link made just now: shown this one time.
        var createdLink: String?
        var errors: [String: String] = [:]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative, errors = model.errors
        let id = initiative.id
        return Layout.page(
            "Settings · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(id))), .plain("← " + initiative.name))),
            InitiativeNav.render(initiative, current: .settings, showSettings: true),
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

import CoventureCore
import Foundation
import Plot

/// Settings: name, purpose, status; governance and stakes; partner invitations. For the owner's admins.
enum InitiativeSettingsPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var pendingPartnerInvitations: [InvitationDTO]
        /// A refused form's input, shown again in place of the stored values (by field name).
        var input: [String: String] = [:]
        var errors: [String: String] = [:]
    }

    /// The values the details form edits, as it shows them: what its version is a digest of (issue #17).
    static func editedFields(_ initiative: InitiativeDTO) -> [String: String] {
        ["name": initiative.name, "purpose": initiative.purpose, "status": initiative.status.rawValue]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative, errors = model.errors
        let id = initiative.id
        // Only the section that was posted keeps its input; the other shows what is stored.
        let details = model.input["section"] == "details" ? model.input : [:]
        let governance = model.input["section"] == "governance" ? model.input : [:]
        let partner = model.input["section"] == nil ? model.input : [:]
        let edit = EditedValues(stored: editedFields(initiative), typed: details, errors: errors)
        let statusOptions = InitiativeStatus.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }
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
                    edit.version,
                    Forms.field("Name", name: "name", value: edit.value("name"), error: errors["name"]),
                    edit.typedNote("name"),
                    Forms.textarea("Purpose", name: "purpose", value: edit.value("purpose"), error: errors["purpose"]),
                    edit.typedNote("purpose"),
                    Forms.select("Status", name: "status", options: statusOptions, selected: edit.value("status"), error: errors["status"]),
                    edit.typedNote("status", options: statusOptions),
                    Forms.submit("Save details")
                )
            ),
            .section(
                .class("panel"),
                .h2(.plain("Governance")),
                .p(.plain("Owner-led: the owner has the final word on matters not reserved. Joint venture: every party holds a stake; stakes sum to 100 %.")),
                .if(initiative.parties.contains { $0.kind == .partner }, .p(.class("alert info"), .plain(
                    "With partners, a change of governance is proposed as a decision of a reserved type: it applies only when the partners pass it."))),
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.initiativeSettings(.value(id)).path),
                    Forms.csrf(context.csrfToken),
                    .input(.safe("type", "hidden"), .safe("name", "section"), .safe("value", "governance")),
                    Forms.select("Model", name: "model", options: GovernanceModel.allCases.map { ($0.rawValue, $0.label) },
                                 selected: governance["model"] ?? initiative.governance.rawValue, error: errors["model"]),
                    .element(
                        named: "fieldset",
                        nodes: [.element(named: "legend", nodes: [.plain("Stakes in percent (joint venture only)")])]
                            + initiative.parties.map { party in
                                let key = "stakes.\(party.organizationId.uuidString.lowercased())"
                                return Forms.field(
                                    party.organizationName, name: "stake_\(party.organizationId.uuidString.lowercased())",
                                    value: governance["stake_\(party.organizationId.uuidString.lowercased())"] ?? party.stake ?? "", required: false,
                                    error: errors[key] ?? errors["stakes"])
                            }
                    ),
                    Forms.submit(initiative.parties.contains { $0.kind == .partner } ? "Propose the change" : "Save governance")
                )
            ),
            .section(
                .class("panel"),
                .h2(.plain("Invite a partner organization")),
                PartnerInvitationForm.render(initiativeID: id, from: nil, input: partner, errors: errors, context: context),
                InvitationList.render(model.pendingPartnerInvitations, initiativeID: id, canRevoke: true, context: context)
            ),
            WebhookComponents.link(initiativeID: id)
        )
    }
}

import CoventureCore
import Foundation
import Plot

/// The form to propose a decision: its type, title, proposal, closing time and context.
enum NewDecisionPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var types: [DecisionTypeDTO]
        var workstreams: [(id: UUID, name: String)]
        /// Closed decisions it may supersede (propose again).
        var supersedable: [(id: UUID, label: String)]
        var showSettings: Bool
        var values: [String: String]
        var errors: [String: String]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative, values = model.values, errors = model.errors
        let defaultType = model.types.first(where: \.isDefault) ?? model.types.first
        return Layout.page(
            "Propose a decision · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.decisions(.value(initiative.id))), .plain("← Decision register of " + initiative.name))),
            InitiativeNav.render(initiative, current: .decisions, showSettings: model.showSettings),
            .section(
                .class("panel"),
                .h1(.plain("Propose a decision")),
                .p(.class("lead"), .plain("Every member of every party can read it, and its type's rules say who votes and when it passes.")),
                Forms.errorSummary(errors),
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.decisions(.value(initiative.id)).path),
                    Forms.csrf(context.csrfToken),
                    Forms.field("Title", name: "title", value: values["title"] ?? "", error: errors["title"]),
                    Forms.textarea("Proposal", name: "proposal", value: values["proposal"] ?? "", error: errors["proposal"]),
                    Forms.select("Type", name: "typeId",
                                 options: model.types.map { ($0.id.uuidString.lowercased(), "\($0.name) — \($0.method.label.lowercased())") },
                                 selected: values["typeId"] ?? defaultType?.id.uuidString.lowercased(), error: errors["typeId"]),
                    Forms.field("Closes at (UTC)", name: "closesAt", value: values["closesAt"] ?? "", type: "datetime-local", required: false,
                                hint: "Leave empty for the type's default (\(defaultType.map { "\($0.defaultDays) days" } ?? "a week") after opening).",
                                error: errors["closesAt"]),
                    Forms.select("Workstream", name: "workstreamId", options: model.workstreams.map { ($0.id.uuidString.lowercased(), $0.name) },
                                 selected: values["workstreamId"], error: errors["workstreamId"], placeholder: "None"),
                    Forms.select("Proposes again", name: "supersedesId",
                                 options: model.supersedable.map { ($0.id.uuidString.lowercased(), $0.label) },
                                 selected: values["supersedesId"], error: errors["supersedesId"], placeholder: "Nothing: a new matter"),
                    .div(
                        .class("actions"),
                        .button(.safe("type", "submit"), .safe("name", "open"), .safe("value", "1"), .class("primary"), .plain("Open for votes")),
                        .button(.safe("type", "submit"), .safe("name", "open"), .safe("value", "0"), .class("secondary"), .plain("Save as a draft"))
                    )
                )
            ),
            .section(
                .class("panel"),
                .h2(.plain("The initiative's decision types")),
                .dl(.class("types"), .forEach(model.types) { type in
                    .group(
                        .dt(.plain(type.name + (type.reserved ? " (reserved matter)" : ""))),
                        .dd(.plain(type.rules.summary.joined(separator: " ")))
                    )
                })
            )
        )
    }
}

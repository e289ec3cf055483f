import CoventureCore
import Foundation
import Plot

/// The initiative's decision register: every decision with its number once sealed, filterable, open for all to see.
enum DecisionRegisterPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var decisions: [DecisionDTO]
        var types: [DecisionTypeDTO]
        var workstreams: [(id: UUID, name: String)]
        var filter: DecisionReader.Filter
        var canPropose: Bool
        var showSettings: Bool
        /// Decisions open to the viewer that they have not voted on yet.
        var awaitingMyVote: Set<UUID>
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative
        return Layout.page(
            "Decisions · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(initiative.id))), .plain("← " + initiative.name))),
            InitiativeNav.render(initiative, current: .decisions, showSettings: model.showSettings),
            .section(
                .class("panel"),
                .h1(.plain("Decision register")),
                .p(.class("lead"), .plain(
                    "Every decision of the partnership, open to every member of every party: the proposal, each vote with its reason, and the sealed outcome with its number.")),
                .div(
                    .class("actions"),
                    .if(model.canPropose, .a(.class("button primary"), .link(.newDecision(.value(initiative.id))), .plain("Propose a decision"))),
                    .a(.class("button secondary"), .link(.decisionTypes(.value(initiative.id))), .plain("Decision types and escalation"))
                ),
                filterForm(model)
            ),
            .section(
                .class("panel"),
                .h2(.plain(model.decisions.count == 1 ? "1 decision" : "\(model.decisions.count) decisions")),
                model.decisions.isEmpty
                    ? .p(.class("muted empty"), .plain(model.filter == DecisionReader.Filter()
                        ? "No decisions yet. A decision records a proposal, how each party voted and why, and its outcome."
                        : "No decision matches these filters."))
                    : table(model)
            )
        )
    }

    static func filterForm(_ model: Model) -> Node<HTML.BodyContext> {
        let filter = model.filter
        return .form(
            .class("filters"), .safe("method", "get"), .safe("action", SiteURL.decisions(.value(model.initiative.id)).path),
            Forms.field("Search", name: "q", value: filter.text ?? "", type: "search", required: false),
            Forms.select("Status", name: "status", options: DecisionStatus.allCases.map { ($0.rawValue, $0.label) },
                         selected: filter.status?.rawValue, placeholder: "Any status"),
            Forms.select("Type", name: "typeId", options: model.types.map { ($0.id.uuidString.lowercased(), $0.name) },
                         selected: filter.typeID?.uuidString.lowercased(), placeholder: "Any type"),
            Forms.select("Workstream", name: "workstreamId", options: model.workstreams.map { ($0.id.uuidString.lowercased(), $0.name) },
                         selected: filter.workstreamID?.uuidString.lowercased(), placeholder: "Any workstream"),
            Forms.select("Proposed by party", name: "partyId",
                         options: model.initiative.parties.map { ($0.organizationId.uuidString.lowercased(), $0.organizationName) },
                         selected: filter.partyOrganizationID?.uuidString.lowercased(), placeholder: "Any party"),
            .button(.safe("type", "submit"), .class("secondary"), .plain("Filter"))
        )
    }

    static func table(_ model: Model) -> Node<HTML.BodyContext> {
        .table(
            .class("register"),
            .thead(.tr(.th(.plain("Number")), .th(.plain("Decision")), .th(.plain("Type")), .th(.plain("Status")),
                       .th(.plain("Result")), .th(.plain("Closes or closed")))),
            .tbody(.forEach(model.decisions) { decision in
                .tr(
                    .safe("data-decision", decision.id.uuidString.lowercased()),
                    .td(.safe("data-label", "Number"), .class("number"), .plain(decision.number ?? "—")),
                    .td(.safe("data-label", "Decision"),
                        .a(.link(.decision(.value(model.initiative.id), decision: .value(decision.id))), .plain(decision.title)),
                        .if(model.awaitingMyVote.contains(decision.id), .span(.class("badge due"), .plain("Awaiting your vote"))),
                        .unwrap(decision.deadlock) { deadlock in
                            .span(.class("badge danger"), .plain("Deadlock · step \(deadlock.step): \(deadlock.stepName)"))
                        }),
                    .td(.safe("data-label", "Type"), .plain(decision.typeName)),
                    .td(.safe("data-label", "Status"), DecisionComponents.status(decision)),
                    .td(.safe("data-label", "Result"), .plain(decision.outcome.map { DecisionComponents.resultText($0) } ?? "—")),
                    .td(.safe("data-label", "Closes or closed"),
                        .plain((decision.closedAt ?? decision.closesAt).map(Display.dateTime) ?? "—"))
                )
            })
        )
    }
}

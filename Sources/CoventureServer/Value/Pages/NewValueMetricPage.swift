import CoventureCore
import Foundation
import Plot

/// Proposing a value metric: its definition, and the decision type that ratifies it.
enum NewValueMetricPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var objectives: [(id: UUID, title: String)]
        var types: [DecisionTypeDTO]
        var showSettings: Bool
        var values: [String: String]
        var errors: [String: String]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative
        return Layout.page(
            "Propose a value metric · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.value(.value(initiative.id))), .plain("← Value of " + initiative.name))),
            InitiativeNav.render(initiative, current: .value, showSettings: model.showSettings),
            .section(
                .class("panel"),
                .h1(.plain("Propose a value metric")),
                .p(.class("lead"), .plain(
                    "Proposing opens a decision carrying the whole definition; the metric takes measurements once that decision passes.")),
                Forms.errorSummary(model.errors),
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.value(.value(initiative.id)).path),
                    Forms.csrf(context.csrfToken),
                    ValueComponents.definitionFields(
                        values: model.values, errors: model.errors, current: nil, parties: initiative.parties, objectives: model.objectives,
                        types: model.types),
                    Forms.submit("Propose for ratification")
                )
            )
        )
    }
}

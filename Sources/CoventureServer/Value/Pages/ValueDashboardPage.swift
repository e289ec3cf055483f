import CoventureCore
import Foundation
import Plot

/// The initiative's value dashboard (issue #14): every metric's trend against its baseline and target, where it stands
/// and when the next measurement is due, open to every member of every party.
enum ValueDashboardPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var metrics: [ValueMetricDTO]
        /// Each metric's measurements, oldest day first.
        var measurements: [UUID: [MeasurementDTO]]
        var canPropose: Bool
        var showSettings: Bool
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative
        let inForce = model.metrics.filter { $0.status == .ratified }
        let others = model.metrics.filter { $0.status != .ratified }
        return Layout.page(
            "Value · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(initiative.id))), .plain("← " + initiative.name))),
            InitiativeNav.render(initiative, current: .value, showSettings: model.showSettings),
            .section(
                .class("panel"),
                .h1(.plain("Value")),
                .p(.class("lead"), .plain(
                    "The value the partners are after, defined together: each metric is in force once a decision ratifies it, and each measurement is attested or disputed by another party than the one that recorded it.")),
                .if(model.canPropose, .div(.class("actions"),
                    .a(.class("button primary"), .link(.newValueMetric(.value(initiative.id))), .plain("Propose a value metric"))))
            ),
            .if(inForce.isEmpty && others.isEmpty, .section(.class("panel"), .p(.class("muted empty"), .plain(
                "No value metrics yet. A metric names what is measured, how, how often, from which baseline to which target, and which party answers for it.")))),
            .forEach(inForce) { metric in card(metric, model) },
            .if(!others.isEmpty, .section(
                .class("panel"),
                .h2(.plain("Awaiting ratification or rejected")),
                .ul(.class("value-proposals"), .forEach(others) { metric in
                    .li(
                        .safe("data-metric", metric.id.uuidString.lowercased()),
                        .a(.link(.valueMetric(.value(initiative.id), metric: .value(metric.id))), .plain(metric.name)), .text(" "),
                        ValueComponents.status(metric.status),
                        .unwrap(metric.decisionId) { decision in
                            .group(.text(" · "), .a(.link(.decision(.value(initiative.id), decision: .value(decision))), .plain("its decision")))
                        }
                    )
                })
            ))
        )
    }

    static func card(_ metric: ValueMetricDTO, _ model: Model) -> Node<HTML.BodyContext> {
        let id = model.initiative.id
        return .section(
            .class("panel value-metric"), .safe("data-metric", metric.id.uuidString.lowercased()),
            .h2(.a(.link(.valueMetric(.value(id), metric: .value(metric.id))), .plain(metric.name)), .text(" "),
                .if(metric.overdue, .span(.class("badge danger overdue"), .plain("Overdue")))),
            .p(.class("meta"), .plain("\(metric.unit) · \(metric.direction.label.lowercased()) · \(metric.cadence.label.lowercased())"),
               .if(metric.pending != nil, .span(.class("badge due"), .plain(" A change awaits its decision")))),
            .div(
                .class("value-body"),
                ValueComponents.trend(metric, measurements: model.measurements[metric.id] ?? []),
                ValueComponents.figures(metric)
            )
        )
    }
}

import CoventureCore
import Foundation
import Plot

/// One value metric: its definition in force and every earlier or pending version with its decision, its trend, every
/// measurement with each party's verdicts and reasons, and the forms the viewer may use.
enum ValueMetricPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        /// With its `history`.
        var metric: ValueMetricDTO
        /// Oldest day first, corrections and what they corrected included.
        var measurements: [MeasurementDTO]
        var objectives: [(id: UUID, title: String)]
        var types: [DecisionTypeDTO]
        var canRecord: Bool
        var canPropose: Bool
        /// The measurements the viewer may attest or dispute (another party's, not corrected).
        var attestable: Set<UUID>
        var showSettings: Bool
        /// Which form the values and errors belong to: "measurement", "definition" or a measurement's id.
        var form: String?
        var values: [String: String]
        var errors: [String: String]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let metric = model.metric, initiative = model.initiative
        return Layout.page(
            "\(metric.name) · Value · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.value(.value(initiative.id))), .plain("← Value of " + initiative.name))),
            InitiativeNav.render(initiative, current: .value, showSettings: model.showSettings),
            .section(
                .class("panel value-metric"), .safe("data-metric", metric.id.uuidString.lowercased()),
                .h1(.plain(metric.name)),
                .p(.class("meta"), ValueComponents.status(metric.status),
                   .plain(" version \(metric.version) · \(metric.unit) · \(metric.direction.label.lowercased()) · measured \(metric.cadence.label.lowercased())"),
                   .if(metric.overdue, .span(.class("badge danger overdue"), .plain("Overdue")))),
                Forms.errorSummary(model.errors),
                statusNote(model),
                .h2(.plain("Method")),
                .p(.class("method"), .plain(metric.method)),
                .div(.class("value-body"), ValueComponents.trend(metric, measurements: model.measurements), ValueComponents.figures(metric))
            ),
            .if(model.canRecord, recordForm(model, context: context)),
            measurementsSection(model, context: context),
            historySection(model),
            .if(model.canPropose && metric.pending == nil && metric.status != .proposed, changeForm(model, context: context))
        )
    }

    static func statusNote(_ model: Model) -> Node<HTML.BodyContext> {
        let metric = model.metric, id = model.initiative.id
        func decisionLink(_ decision: UUID?, _ words: String) -> Node<HTML.BodyContext> {
            guard let decision else { return .empty }
            return .a(.link(.decision(.value(id), decision: .value(decision))), .plain(words))
        }
        switch metric.status {
        case .proposed:
            return .p(.class("alert info"), .plain("Proposed: in force once its decision passes, and only then open to measurements. "),
                      decisionLink(metric.decisionId, "See the decision."))
        case .rejected:
            return .p(.class("alert warning"), .plain("Not ratified: its decision ended without passing. "),
                      decisionLink(metric.decisionId, "See the decision."))
        case .ratified:
            guard let pending = metric.pending else { return .empty }
            return .p(.class("alert info"),
                      .plain("Version \(pending.version) of this definition awaits its decision; version \(metric.version) stays in force until it passes. "),
                      decisionLink(pending.decisionId, "See the decision."))
        }
    }

    static func recordForm(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let values = model.form == "measurement" ? model.values : [:]
        let errors = model.form == "measurement" ? model.errors : [:]
        let current = model.measurements.filter { $0.correctedById == nil }
        return .section(
            .class("panel"),
            .h2(.plain("Record a measurement")),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.valueMeasurements(.value(model.initiative.id), metric: .value(model.metric.id)).path),
                Forms.csrf(context.csrfToken),
                Forms.field("Value (\(model.metric.unit))", name: "value", value: values["value"] ?? "", error: errors["value"]),
                Forms.field("Measured on", name: "on", value: values["on"] ?? "", type: "date",
                            hint: "On or after the baseline date \(Display.day(model.metric.baseline.on)).", error: errors["on"]),
                Forms.field("Source", name: "source", value: values["source"] ?? "", hint: "Where the figure comes from.", error: errors["source"]),
                Forms.textarea("Evidence (a link or a note)", name: "evidence", value: values["evidence"] ?? "", error: errors["evidence"]),
                Forms.select("Corrects", name: "correctsId",
                             options: current.reversed().map { ($0.id.uuidString.lowercased(), "\(Display.day($0.on)): \(ValueComponents.number($0.value, unit: model.metric.unit))") },
                             selected: values["correctsId"], error: errors["correctsId"], placeholder: "Nothing: a new measurement"),
                .unwrap(errors["confirmed"]) { message in
                    .div(
                        .class("alert warning confirm"), .safe("role", "alert"),
                        .p(.safe("id", "field-confirmed-error"), .plain("This value looks out of line: it " + message + ".")),
                        .div(.class("check"),
                             .input(.safe("type", "checkbox"), .safe("id", "field-confirmed"), .safe("name", "confirmed"), .safe("value", "1"),
                                    .safe("aria-describedby", "field-confirmed-error")),
                             .label(.safe("for", "field-confirmed"), .plain("Yes, record it anyway")))
                    )
                },
                Forms.submit("Record the measurement")
            )
        )
    }

    static func measurementsSection(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let unit = model.metric.unit
        return .section(
            .class("panel"),
            .h2(.plain("Measurements")),
            model.measurements.isEmpty ? .p(.class("muted empty"), .plain("No measurement yet.")) :
            .ol(.class("measurements"), .forEach(model.measurements.reversed()) { m in
                .li(
                    .class(m.correctedById == nil ? "measurement" : "measurement corrected"),
                    .safe("data-measurement", m.id.uuidString.lowercased()), .safe("data-state", m.state.rawValue),
                    .p(.strong(.plain(ValueComponents.number(m.value, unit: unit))), .plain(" on \(Display.day(m.on)) "), ValueComponents.state(m.state),
                       .if(m.correctsId != nil, .span(.class("badge"), .plain("Correction"))),
                       .if(m.correctedById != nil, .span(.class("badge muted"), .plain("Corrected: no longer counts")))),
                    .p(.class("meta"), .plain("Recorded by \(m.recordedByName) (\(m.recorderOrganizationName)), \(Display.dateTime(m.recordedAt)) · source: \(m.source)")),
                    .p(.class("evidence"), .plain("Evidence: " + m.evidence)),
                    .if(!m.verdicts.isEmpty, .ul(.class("verdicts"), .forEach(m.verdicts) { v in
                        .li(.class("verdict \(v.verdict.rawValue)"),
                            .strong(.plain(v.verdict.label)), .plain(" by \(v.personName) (\(v.organizationName)), \(Display.dateTime(v.at))"),
                            .unwrap(v.reason) { reason in .span(.class("reason"), .plain(": “\(reason)”")) })
                    })),
                    .if(model.attestable.contains(m.id), verdictForm(model, m, context: context))
                )
            })
        )
    }

    static func verdictForm(_ model: Model, _ m: MeasurementDTO, context: PageContext) -> Node<HTML.BodyContext> {
        let key = m.id.uuidString.lowercased()
        let errors = model.form == key ? model.errors : [:]
        let values = model.form == key ? model.values : [:]
        let field = "reason-\(key)"
        return .form(
            .class("verdict-form"), .safe("method", "post"),
            .safe("action", SiteURL.valueVerdicts(.value(model.initiative.id), metric: .value(model.metric.id), measurement: .value(m.id)).path),
            Forms.csrf(context.csrfToken),
            .div(
                .class(errors["reason"] == nil ? "field" : "field has-error"),
                .label(.safe("for", "field-\(field)"), .plain("Reason (required to dispute)")),
                .element(named: "textarea", nodes: [.safe("id", "field-\(field)"), .safe("name", "reason"), .safe("rows", "2"),
                                                    .plain(values["reason"] ?? "")]),
                .unwrap(errors["reason"]) { .p(.class("error"), .plain(FieldLabels.sentence("Reason", $0))) }
            ),
            .div(.class("actions"),
                 .button(.safe("type", "submit"), .safe("name", "verdict"), .safe("value", "attest"), .class("secondary"), .plain("Attest")),
                 .button(.safe("type", "submit"), .safe("name", "verdict"), .safe("value", "dispute"), .class("danger"), .plain("Dispute")))
        )
    }

    static func historySection(_ model: Model) -> Node<HTML.BodyContext> {
        let history = model.metric.history ?? []
        return .section(
            .class("panel"),
            .h2(.plain("Definition history")),
            .table(
                .class("value-history"),
                .thead(.tr(.th(.plain("Version")), .th(.plain("Status")), .th(.plain("Definition")), .th(.plain("Decision")))),
                .tbody(.forEach(history.reversed()) { d in
                    .tr(
                        .td(.safe("data-label", "Version"), .plain("\(d.version)"), .if(d.inForce, .span(.class("badge"), .plain(" In force")))),
                        .td(.safe("data-label", "Status"), ValueComponents.status(d.status)),
                        .td(.safe("data-label", "Definition"), .plain(
                            "\(d.name): \(ValueComponents.number(d.baseline.value, unit: d.unit)) on \(Display.day(d.baseline.on)) → \(ValueComponents.number(d.target.value, unit: d.unit)) by \(Display.day(d.target.by)), \(d.direction.label.lowercased()), \(d.cadence.label.lowercased()). Method: \(d.method)")),
                        .td(.safe("data-label", "Decision"), .unwrap(d.decisionId, { decision in
                            .a(.link(.decision(.value(model.initiative.id), decision: .value(decision))), .plain("The decision"))
                        }, else: .plain("—")))
                    )
                })
            )
        )
    }

    static func changeForm(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let values = model.form == "definition" ? model.values : [:]
        let errors = model.form == "definition" ? model.errors : [:]
        return .section(
            .class("panel"),
            .element(named: "details", nodes: [
                errors.isEmpty ? .empty : .attribute(named: "open"),
                .element(named: "summary", nodes: [.plain("Propose a change to the definition")]),
                .p(.class("hint"), .plain("A change opens a decision; the definition in force stays in force until it passes.")),
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.valueMetric(.value(model.initiative.id), metric: .value(model.metric.id)).path),
                    Forms.csrf(context.csrfToken),
                    ValueComponents.definitionFields(
                        values: values, errors: errors, current: model.metric, parties: model.initiative.parties, objectives: model.objectives,
                        types: model.types),
                    Forms.submit("Propose the change")
                ),
            ])
        )
    }
}

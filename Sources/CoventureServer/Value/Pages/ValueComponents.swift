import CoventureCore
import Foundation
import Plot

/// View pieces the value pages share: the status and state badges, the key figures, the chart with its table, the
/// definition's form fields.
enum ValueComponents {
    static func status(_ status: ValueMetricStatus) -> Node<HTML.BodyContext> {
        .span(.class("badge value-status \(status.rawValue)"), .plain(status.label))
    }

    static func state(_ state: MeasurementState) -> Node<HTML.BodyContext> {
        .span(.class("badge measurement-state \(state.rawValue)"), .safe("data-state", state.rawValue), .plain(state.label))
    }

    static func number(_ value: Double, unit: String) -> String { "\(Charts.number(value)) \(unit)" }

    /// "+12 homes" / "−3 days": the sign always shown, as a variance reads.
    static func signed(_ value: Double, unit: String) -> String {
        (value > 0 ? "+" : value < 0 ? "−" : "") + Charts.number(abs(value)) + " " + unit
    }

    /// The numbers that say where a metric stands.
    static func figures(_ metric: ValueMetricDTO) -> Node<HTML.BodyContext> {
        .dl(
            .class("value-figures"),
            .dt(.plain("Latest")),
            .dd(.unwrap(metric.latestValue, { value in
                .group(.plain("\(number(value, unit: metric.unit)) on \(Display.day(metric.latestOn ?? "")) "),
                       .unwrap(metric.latestState) { state($0) })
            }, else: .span(.class("muted"), .plain("No measurement yet")))),
            .dt(.plain("Of the way to target")),
            .dd(Charts.progressBar(metric.fractionOfWay, label: "\(metric.name): of the way from baseline to target")),
            .dt(.plain("Variance to target")),
            .dd(.plain(metric.variance.map { signed($0, unit: metric.unit) } ?? "—")),
            .dt(.plain("Baseline → target")),
            .dd(.plain("\(number(metric.baseline.value, unit: metric.unit)) on \(Display.day(metric.baseline.on)) → \(number(metric.target.value, unit: metric.unit)) by \(Display.day(metric.target.by))")),
            .dt(.plain("Next measurement due")),
            .dd(.unwrap(metric.nextDueOn, { due in
                .group(.plain(Display.day(due) + " (\(metric.cadence.label.lowercased())) "),
                       .if(metric.overdue, .span(.class("badge danger overdue"), .plain("Overdue"))))
            }, else: .span(.class("muted"), .plain("Once ratified")))),
            .dt(.plain("Responsible party")),
            .dd(.plain(metric.responsibleOrganizationName))
        )
    }

    /// The trend as a chart, with the same numbers as a table for screen readers and pages read without styles.
    static func trend(_ metric: ValueMetricDTO, measurements: [MeasurementDTO]) -> Node<HTML.BodyContext> {
        let current = measurements.filter { $0.correctedById == nil }
        let points = current.compactMap { m -> Charts.ValuePoint? in
            guard let on = try? CalendarDate(parsing: m.on) else { return nil }
            return Charts.ValuePoint(on: on, value: m.value, state: m.state)
        }
        guard let baselineOn = try? CalendarDate(parsing: metric.baseline.on), let targetBy = try? CalendarDate(parsing: metric.target.by) else {
            return .empty
        }
        return .div(
            .class("value-trend"),
            Charts.valueTrend(
                points, baseline: (metric.baseline.value, baselineOn), target: (metric.target.value, targetBy),
                title: "\(metric.name) (\(metric.unit))", unit: metric.unit, id: "chart-\(metric.id.uuidString.lowercased())"),
            .p(.class("legend"),
               .span(.class("key attested"), .plain("● attested")), .span(.class("key pending"), .plain("○ pending")),
               .span(.class("key disputed"), .plain("⊗ disputed"))),
            .element(named: "details", nodes: [
                .safe("class", "figures"),
                .element(named: "summary", nodes: [.plain("The figures (\(Display.count(current.count, "measurement")))")]),
                current.isEmpty ? .p(.class("muted"), .plain("No measurement yet.")) : .table(
                    .class("value-measurements"),
                    .thead(.tr(.th(.plain("Date")), .th(.plain("Value")), .th(.plain("State")), .th(.plain("Recorded by")))),
                    .tbody(.forEach(current.reversed()) { m in
                        .tr(
                            .safe("data-measurement", m.id.uuidString.lowercased()),
                            .td(.safe("data-label", "Date"), .plain(Display.day(m.on))),
                            .td(.safe("data-label", "Value"), .plain(number(m.value, unit: metric.unit))),
                            .td(.safe("data-label", "State"), state(m.state)),
                            .td(.safe("data-label", "Recorded by"), .plain("\(m.recordedByName) (\(m.recorderOrganizationName))"))
                        )
                    })
                ),
            ])
        )
    }

    /// The form names of a definition's fields, and the request's names the store reports errors under.
    static let formFields: [String: String] = [
        "baseline.value": "baselineValue", "baseline.on": "baselineOn", "target.value": "targetValue", "target.by": "targetBy",
        "responsibleOrganizationId": "responsibleOrganizationId", "objectiveIds": "objectiveId",
    ]

    static func formErrors(_ errors: [String: String]) -> [String: String] {
        Dictionary(errors.map { (formFields[$0.key] ?? $0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    /// The values the definition's form edits, as it shows them for a metric: what a change form's version is a
    /// digest of (issue #17). A change proposed meanwhile leaves the definition in force as it was, so the version of
    /// the pending change counts too: a form opened before it was proposed is stale.
    static func editedFields(_ metric: ValueMetricDTO) -> [String: String] {
        [
            "pending": metric.pending.map { String($0.version) } ?? "",
            "name": metric.name, "unit": metric.unit, "direction": metric.direction.rawValue,
            "baselineValue": Charts.number(metric.baseline.value), "baselineOn": metric.baseline.on,
            "targetValue": Charts.number(metric.target.value), "targetBy": metric.target.by, "method": metric.method,
            "cadence": metric.cadence.rawValue, "responsibleOrganizationId": metric.responsibleOrganizationId.uuidString.lowercased(),
            "objectiveId": metric.objectiveIds.first?.uuidString.lowercased() ?? "",
        ]
    }

    /// The definition's fields, prefilled from `values` (the input kept) or `current` (a change starts from the
    /// definition in force, and carries its version).
    static func definitionFields(
        values: [String: String], errors: [String: String], current: ValueMetricDTO?, parties: [PartyDTO],
        objectives: [(id: UUID, title: String)], types: [DecisionTypeDTO]
    ) -> Node<HTML.FormContext> {
        let edit = EditedValues(stored: current.map(editedFields) ?? [:], typed: values, errors: errors)
        let directions = MetricDirection.allCases.map { ($0.rawValue, $0.label) }
        let cadences = MeasurementCadence.allCases.map { ($0.rawValue, $0.label) }
        let partyOptions = parties.map { ($0.organizationId.uuidString.lowercased(), $0.organizationName) }
        let objectiveOptions = objectives.map { ($0.id.uuidString.lowercased(), $0.title) }
        func selected(_ name: String) -> String? { current == nil && values[name] == nil ? nil : edit.value(name) }
        return .group(
            current == nil ? .empty : edit.version,
            Forms.field("Name", name: "name", value: edit.value("name"), error: errors["name"]),
            edit.typedNote("name"),
            Forms.field("Unit", name: "unit", value: edit.value("unit"), hint: "The scale: homes, %, days, EUR…", error: errors["unit"]),
            edit.typedNote("unit"),
            Forms.select("Direction", name: "direction", options: directions, selected: selected("direction"), error: errors["direction"],
                         placeholder: "Choose…"),
            edit.typedNote("direction", options: directions),
            Forms.field("Baseline value", name: "baselineValue", value: edit.value("baselineValue"), error: errors["baselineValue"]),
            edit.typedNote("baselineValue"),
            Forms.field("Baseline date", name: "baselineOn", value: edit.value("baselineOn"), type: "date", error: errors["baselineOn"]),
            edit.typedNote("baselineOn"),
            Forms.field("Target value", name: "targetValue", value: edit.value("targetValue"), error: errors["targetValue"]),
            edit.typedNote("targetValue"),
            Forms.field("Target date", name: "targetBy", value: edit.value("targetBy"), type: "date", error: errors["targetBy"]),
            edit.typedNote("targetBy"),
            Forms.textarea("Method (how it is measured)", name: "method", value: edit.value("method"), error: errors["method"]),
            edit.typedNote("method"),
            Forms.select("Cadence", name: "cadence", options: cadences, selected: selected("cadence"), error: errors["cadence"],
                         placeholder: "Choose…"),
            edit.typedNote("cadence", options: cadences),
            Forms.select("Responsible party", name: "responsibleOrganizationId", options: partyOptions,
                         selected: selected("responsibleOrganizationId"), error: errors["responsibleOrganizationId"], placeholder: "Choose…"),
            edit.typedNote("responsibleOrganizationId", options: partyOptions),
            Forms.select("Linked objective", name: "objectiveId", options: objectiveOptions, selected: selected("objectiveId"),
                         error: errors["objectiveId"], placeholder: "None"),
            edit.typedNote("objectiveId", options: objectiveOptions),
            Forms.select("Ratified by a decision of type", name: "typeId", options: types.map { ($0.id.uuidString.lowercased(), $0.name) },
                         selected: values["typeId"], error: errors["typeId"], placeholder: "The initiative's default type")
        )
    }
}

import CoventureCore
import Foundation
import Plot

/// The form to propose an investment, or to change one: the case (problem, hypothesis), the ask and each party's
/// pledge in major units, up to `trancheRows` tranches, the objectives it serves and its workstream. Once a gate has
/// opened, the money is fixed and only the case can change.
enum ProposalFormPage {
    static let trancheRows = 6

    struct Model: Sendable {
        var initiative: InitiativeDTO
        /// nil: a new proposal.
        var editing: ProposalDTO?
        var parties: [(id: UUID, name: String)]
        var keyResults: [(id: UUID, title: String)]
        var objectives: [(id: UUID, title: String)]
        /// The initiative's value metrics (in force or proposed), by name.
        var metrics: [(id: UUID, name: String)]
        var workstreams: [(id: UUID, name: String)]
        var showSettings: Bool
        var values: [String: String]
        var errors: [String: String]
    }

    /// The form's values for an existing proposal, as a person would have typed them: also what its version is a
    /// digest of (issue #17), so a stale form is refused when any field it edits changed meanwhile.
    static func editedFields(_ proposal: ProposalDTO) -> [String: String] {
        var values = [
            "title": proposal.title, "problem": proposal.problem, "hypothesis": proposal.hypothesis, "currency": proposal.ask.currency,
            "ask": proposal.ask.typed, "workstreamId": proposal.workstreamId?.uuidString.lowercased() ?? "",
        ]
        for pledge in proposal.funding { values["pledge-\(pledge.organizationId.uuidString.lowercased())"] = pledge.amount.typed }
        for tranche in proposal.tranches {
            values["tranche-amount-\(tranche.position)"] = tranche.amount.typed
            values["tranche-milestone-\(tranche.position)"] = tranche.milestone
            values["tranche-kr-\(tranche.position)"] = tranche.keyResultId?.uuidString.lowercased() ?? ""
        }
        for objective in proposal.objectiveIds { values["objective-\(objective.uuidString.lowercased())"] = "on" }
        for metric in proposal.metricIds { values["metric-\(metric.uuidString.lowercased())"] = "on" }
        return values
    }

    /// What an edit form shows: after someone else's change, the stored values wholly (an objective they unticked is
    /// absent from them, so field-by-field fallback to what was typed would tick it again), else what was typed.
    static func shown(_ model: Model) -> (values: [String: String], edit: EditedValues?) {
        guard let proposal = model.editing else { return (model.values, nil) }
        let edit = EditedValues(stored: editedFields(proposal), typed: model.values, errors: model.errors)
        return (edit.isConflict ? edit.stored : model.values, edit)
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative, errors = model.errors
        let (values, edit) = shown(model)
        func typed(_ name: String, options: [(String, String)] = []) -> Node<HTML.FormContext> {
            edit?.typedNote(name, options: options) ?? .empty
        }
        let workstreams = model.workstreams.map { ($0.id.uuidString.lowercased(), $0.name) }
        let moneyFixed = model.editing.map { !$0.stage.planEditable } ?? false
        let action: SiteURL = model.editing.map { .proposalEdit(.value(initiative.id), proposal: .value($0.id)) } ?? .proposals(.value(initiative.id))
        let heading = model.editing == nil ? "Propose an investment" : "Change the proposal"
        return Layout.page(
            "\(heading) · \(initiative.name)", context,
            .p(.class("crumbs"), model.editing.map { proposal in
                .a(.link(.proposal(.value(initiative.id), proposal: .value(proposal.id))), .plain("← " + proposal.title))
            } ?? .a(.link(.portfolio(.value(initiative.id))), .plain("← Portfolio of " + initiative.name))),
            InitiativeNav.render(initiative, current: .portfolio, showSettings: model.showSettings),
            .section(
                .class("panel"),
                .h1(.plain(heading)),
                .p(.class("lead"), .plain("Every member of every party reads it and can rate it. The money is released in tranches, each after a gate the partners decide on.")),
                Forms.errorSummary(errors),
                .form(
                    .safe("method", "post"), .safe("action", action.path),
                    Forms.csrf(context.csrfToken),
                    edit?.version ?? .empty,
                    Forms.field("Title", name: "title", value: values["title"] ?? "", error: errors["title"]),
                    typed("title"),
                    Forms.textarea("Problem", name: "problem", value: values["problem"] ?? "", error: errors["problem"]),
                    typed("problem"),
                    Forms.textarea("Hypothesis", name: "hypothesis", value: values["hypothesis"] ?? "", error: errors["hypothesis"]),
                    typed("hypothesis"),
                    moneyFixed
                        ? .p(.class("hint"), .plain("The ask, pledges and tranches are fixed once the first gate has opened."))
                        : money(model, values: values, edit: edit),
                    .fieldset(
                        .element(named: "legend", text: "Objectives it serves"),
                        .if(model.objectives.isEmpty, .p(.class("muted"), .plain("The initiative has no objectives yet."))),
                        .forEach(model.objectives) { objective in
                            let name = "objective-\(objective.id.uuidString.lowercased())"
                            return .label(
                                .class("choice"),
                                .input(.type(.checkbox), .name(name), .value("on"), .id("field-\(name)"), values[name] == "on" ? .flag("checked") : .empty),
                                .plain(" " + objective.title))
                        },
                        .unwrap(errors["objectiveIds"]) { .p(.class("error"), .plain($0)) }
                    ),
                    .fieldset(
                        .element(named: "legend", text: "Value metrics it should move"),
                        .if(model.metrics.isEmpty, .p(.class("muted"), .plain("The initiative has no value metrics yet."))),
                        .forEach(model.metrics) { metric in
                            let name = "metric-\(metric.id.uuidString.lowercased())"
                            return .label(
                                .class("choice"),
                                .input(.type(.checkbox), .name(name), .value("on"), .id("field-\(name)"), values[name] == "on" ? .flag("checked") : .empty),
                                .plain(" " + metric.name))
                        },
                        .unwrap(errors["metricIds"]) { .p(.class("error"), .plain($0)) }
                    ),
                    Forms.select("Workstream", name: "workstreamId", options: workstreams,
                                 selected: values["workstreamId"], error: errors["workstreamId"], placeholder: "None"),
                    typed("workstreamId", options: workstreams),
                    Forms.submit(model.editing == nil ? "Propose" : "Save")
                )
            )
        )
    }

    static func money(_ model: Model, values: [String: String], edit: EditedValues?) -> Node<HTML.FormContext> {
        let errors = model.errors
        func typed(_ name: String) -> Node<HTML.FormContext> { edit?.typedNote(name) ?? .empty }
        return .group(
            .fieldset(
                .element(named: "legend", text: "The ask"),
                Forms.field("Currency", name: "currency", value: values["currency"] ?? "EUR", hint: "An ISO 4217 code, like EUR or USD.",
                            error: errors["currency"]),
                typed("currency"),
                Forms.field("Ask", name: "ask", value: values["ask"] ?? "", hint: "In major units: 125000 or 125000.50.", error: errors["ask"]),
                typed("ask")
            ),
            .fieldset(
                .element(named: "legend", text: "Pledges: what each party funds (together, the ask)"),
                .unwrap(errors["funding"]) { .p(.class("error"), .safe("role", "alert"), .plain("Pledges " + $0)) },
                .forEach(model.parties) { party in
                    let name = "pledge-\(party.id.uuidString.lowercased())"
                    return .group(
                        Forms.field(party.name, name: name, value: values[name] ?? "", required: false, hint: "Leave empty if it funds nothing.",
                                    error: errors[name]),
                        typed(name))
                }
            ),
            .fieldset(
                .element(named: "legend", text: "Tranches: released one gate at a time (together, the ask)"),
                .unwrap(errors["tranches"]) { .p(.class("error"), .safe("role", "alert"), .plain("Tranches " + $0)) },
                .forEach(Array(1...trancheRows)) { row in
                    .div(
                        .class("tranche-row"),
                        Forms.field("Tranche \(row) amount", name: "tranche-amount-\(row)", value: values["tranche-amount-\(row)"] ?? "", required: false,
                                    error: errors["tranche-amount-\(row)"]),
                        typed("tranche-amount-\(row)"),
                        Forms.field("Milestone", name: "tranche-milestone-\(row)", value: values["tranche-milestone-\(row)"] ?? "", required: false,
                                    error: errors["tranche-milestone-\(row)"]),
                        typed("tranche-milestone-\(row)"),
                        Forms.select("Key result", name: "tranche-kr-\(row)", options: model.keyResults.map { ($0.id.uuidString.lowercased(), $0.title) },
                                     selected: values["tranche-kr-\(row)"], error: errors["tranche-kr-\(row)"], placeholder: "None")
                    )
                }
            )
        )
    }
}

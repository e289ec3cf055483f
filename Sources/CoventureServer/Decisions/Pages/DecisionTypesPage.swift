import CoventureCore
import Foundation
import Plot

/// How the initiative decides: its decision types with their rules, the forms to add and change them (at once while
/// the owner is alone, as a reserved decision once partners joined), and the escalation ladder.
enum DecisionTypesPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var types: [DecisionTypeDTO]
        var ladder: EscalationLadder
        /// Members by id, and their e-mail addresses, for the ladder.
        var members: [MemberDTO]
        var canChangeTypes: Bool
        var canChangeLadder: Bool
        var hasPartners: Bool
        var showSettings: Bool
        /// Which form the values and errors belong to: "new", a type id, or "ladder".
        var form: String?
        var values: [String: String]
        var errors: [String: String]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative
        return Layout.page(
            "Decision types · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.decisions(.value(initiative.id))), .plain("← Decision register of " + initiative.name))),
            InitiativeNav.render(initiative, current: .decisions, showSettings: model.showSettings),
            .section(
                .class("panel"),
                .h1(.plain("How this initiative decides")),
                .p(.class("lead"), .plain("\(initiative.governance.label) governance. " + (model.hasPartners
                    ? "Adding or changing a decision type is itself a decision of a reserved type: the partners ratify it."
                    : "While the owning organization is alone, its admins add and change types directly."))),
                Forms.errorSummary(model.errors),
                .forEach(model.types) { type in typeBlock(model, type, context: context) }
            ),
            .if(model.canChangeTypes, .section(
                .class("panel"),
                .h2(.id("new-type"), .plain(model.hasPartners ? "Propose a new decision type" : "Add a decision type")),
                typeForm(model, nil, action: .decisionTypes(.value(initiative.id)), context: context)
            )),
            ladderSection(model, context: context)
        )
    }

    static func typeBlock(_ model: Model, _ type: DecisionTypeDTO, context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .class("decision-type"), .safe("data-type", type.id.uuidString.lowercased()),
            .h2(.plain(type.name),
                .if(type.isDefault, .span(.class("badge"), .plain("Default"))),
                .if(type.reserved, .span(.class("badge"), .plain("Reserved matter")))),
            .ul(.class("rules"), .forEach(type.rules.summary) { .li(.plain($0)) }),
            .p(.class("muted"), .plain("Open for \(type.defaultDays) days unless the proposal says otherwise.")),
            .if(model.canChangeTypes, .element(named: "details", nodes: [
                .if(model.form == type.id.uuidString.lowercased(), .attribute(named: "open")),
                .element(named: "summary", nodes: [.plain(model.hasPartners ? "Propose a change" : "Change")]),
                typeForm(model, type, action: .decisionType(.value(model.initiative.id), type: .value(type.id)), context: context),
            ]))
        )
    }

    /// The values a type's "Change" form edits, as it shows them: what its version is a digest of (issue #17). A box
    /// is "1" when ticked and empty when not, as the form posts it.
    static func editedFields(_ type: DecisionTypeDTO) -> [String: String] {
        func box(_ ticked: Bool) -> String { ticked ? "1" : "" }
        return [
            "name": type.name, "method": type.method.rawValue, "voters": type.voters.rawValue,
            "quorumPercent": String(type.quorumPercent), "thresholdPercent": type.thresholdPercent.map(String.init) ?? "",
            "reasonRequired": type.reasonRequired.rawValue, "defaultDays": String(type.defaultDays),
            "everyPartyPresent": box(type.everyPartyPresent), "hiddenUntilClosed": box(type.hiddenUntilClosed),
            "reserved": box(type.reserved), "isDefault": box(type.isDefault),
        ]
    }

    static func typeForm(_ model: Model, _ type: DecisionTypeDTO?, action: SiteURL, context: PageContext) -> Node<HTML.BodyContext> {
        let mine = model.form == (type?.id.uuidString.lowercased() ?? "new")
        let errors = mine ? model.errors : [:]
        let edit = type.map { EditedValues(stored: editedFields($0), typed: mine ? model.values : [:], errors: errors) }
        // After someone else's change the form shows the stored rules wholly: an unticked box is absent from what was
        // typed, so it could not fall back field by field.
        let values = edit.map { $0.isConflict ? $0.stored : $0.typed } ?? (mine ? model.values : [:])
        func typed(_ name: String, options: [(String, String)] = []) -> Node<HTML.FormContext> {
            edit?.typedNote(name, options: options) ?? .empty
        }
        let ticked = [("1", "ticked")]
        func value(_ name: String, _ current: String?) -> String { values[name] ?? current ?? "" }
        func flag(_ name: String, _ current: Bool) -> Bool { values.isEmpty ? current : values[name] == "1" }
        let methods = DecisionMethod.allCases.filter { $0 != .stakeWeighted || model.initiative.governance == .jointVenture || type?.method == .stakeWeighted }
        let methodOptions = methods.map { ($0.rawValue, $0.label) }, voterOptions = DecisionVoters.allCases.map { ($0.rawValue, $0.label) }
        let reasonOptions = ReasonRequirement.allCases.map { ($0.rawValue, $0.label) }
        return .form(
            .safe("method", "post"), .safe("action", action.path),
            Forms.csrf(context.csrfToken),
            edit?.version ?? .empty,
            Forms.field("Name", name: "name", value: value("name", type?.name), error: errors["name"]),
            typed("name"),
            Forms.select("Method", name: "method", options: methodOptions,
                         selected: values["method"] ?? type?.method.rawValue, error: errors["method"], placeholder: type == nil ? "Choose…" : nil),
            typed("method", options: methodOptions),
            Forms.select("Who votes", name: "voters", options: voterOptions,
                         selected: values["voters"] ?? type?.voters.rawValue ?? DecisionVoters.members.rawValue, error: errors["voters"]),
            typed("voters", options: voterOptions),
            Forms.field("Quorum (% of eligible voters)", name: "quorumPercent", value: value("quorumPercent", type.map { String($0.quorumPercent) } ?? "50"),
                        type: "number", error: errors["quorumPercent"]),
            typed("quorumPercent"),
            Forms.field("Threshold (% of yes among yes and no; supermajority and stake votes)", name: "thresholdPercent",
                        value: value("thresholdPercent", type?.thresholdPercent.map(String.init)), type: "number", required: false,
                        error: errors["thresholdPercent"]),
            typed("thresholdPercent"),
            Forms.select("Reasons", name: "reasonRequired", options: reasonOptions,
                         selected: values["reasonRequired"] ?? type?.reasonRequired.rawValue ?? ReasonRequirement.againstOnly.rawValue,
                         error: errors["reasonRequired"]),
            typed("reasonRequired", options: reasonOptions),
            Forms.field("Days open by default", name: "defaultDays", value: value("defaultDays", type.map { String($0.defaultDays) } ?? "7"),
                        type: "number", error: errors["defaultDays"]),
            typed("defaultDays"),
            checkbox("everyPartyPresent", "At least one voter of every party must vote", checked: flag("everyPartyPresent", type?.everyPartyPresent ?? true)),
            typed("everyPartyPresent", options: ticked),
            checkbox("hiddenUntilClosed", "Hide votes and the tally until the close", checked: flag("hiddenUntilClosed", type?.hiddenUntilClosed ?? false)),
            typed("hiddenUntilClosed", options: ticked),
            checkbox("reserved", "A reserved matter (no casting vote; ratifies changes to these types)", checked: flag("reserved", type?.reserved ?? false)),
            typed("reserved", options: ticked),
            checkbox("isDefault", "The default type for new decisions", checked: flag("isDefault", type?.isDefault ?? false)),
            typed("isDefault", options: ticked),
            Forms.submit(model.hasPartners ? "Propose it as a decision" : (type == nil ? "Add the type" : "Save the type"))
        )
    }

    static func checkbox(_ name: String, _ label: String, checked: Bool) -> Node<HTML.FormContext> {
        .div(
            .class("field check"),
            .label(.input(.type(.checkbox), .name(name), .value("1"), .id("field-\(name)"), checked ? .flag("checked") : .empty),
                   .plain(" " + label))
        )
    }

    static func ladderSection(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let names = Dictionary(model.members.map { ($0.personId, $0.name) }, uniquingKeysWith: { a, _ in a })
        let emails = Dictionary(model.members.map { ($0.personId, $0.email) }, uniquingKeysWith: { a, _ in a })
        let mine = model.form == "ladder"
        let rows = max(model.ladder.steps.count + 1, 4)
        return .section(
            .class("panel"),
            .h2(.id("escalation"), .plain("Escalation ladder")),
            .p(.plain("A reserved matter that fails, is proposed again and fails again is a deadlock: it climbs these steps, each for its days, until a decision passes.")),
            .ol(.class("ladder"), .forEach(model.ladder.steps) { step in
                .li(.strong(.plain(step.name)), .plain(" · \(step.days) days · "),
                    .plain(step.people.isEmpty ? "nobody named yet" : step.people.map { names[$0] ?? "a member" }.joined(separator: ", ")))
            }),
            .if(model.canChangeLadder, .element(named: "details", nodes: [
                .if(mine, .attribute(named: "open")),
                .element(named: "summary", nodes: [.plain("Change the ladder")]),
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.escalationLadder(.value(model.initiative.id)).path),
                    Forms.csrf(context.csrfToken),
                    .p(.class("hint"), .plain("Leave a step's name empty to drop it. Who is up: members' e-mail addresses, separated by commas.")),
                    .forEach(0..<rows) { index in
                        let step = index < model.ladder.steps.count ? model.ladder.steps[index] : nil
                        let values = mine ? model.values : [:], errors = mine ? model.errors : [:]
                        return .fieldset(
                            .class("ladder-step"),
                            .element(named: "legend", text: "Step \(index + 1)"),
                            Forms.field("Name", name: "step-\(index)-name", value: values["step-\(index)-name"] ?? step?.name ?? "",
                                        required: false, error: errors["step-\(index)-name"]),
                            Forms.field("Days", name: "step-\(index)-days", value: values["step-\(index)-days"] ?? step.map { String($0.days) } ?? "",
                                        type: "number", required: false, error: errors["step-\(index)-days"]),
                            Forms.field("Who is up", name: "step-\(index)-people",
                                        value: values["step-\(index)-people"] ?? step.map { $0.people.compactMap { emails[$0] }.joined(separator: ", ") } ?? "",
                                        required: false, error: errors["step-\(index)-people"])
                        )
                    },
                    Forms.submit("Save the ladder")
                ),
            ]))
        )
    }
}

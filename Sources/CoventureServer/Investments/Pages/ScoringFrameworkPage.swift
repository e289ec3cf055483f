import CoventureCore
import Foundation
import Plot

/// The investment scoring framework: the version in force, the versions proposed and decided, and (for the admins of
/// any party) the form to propose a new version, which a decision ratifies.
enum ScoringFrameworkPage {
    static let criterionRows = 8

    struct Model: Sendable {
        var initiative: InitiativeDTO
        var overview: ScoringFrameworksDTO
        var decisionTypes: [DecisionTypeDTO]
        var names: [UUID: String]
        var canPropose: Bool
        var showSettings: Bool
        var values: [String: String]
        var errors: [String: String]
    }

    /// The form prefilled from the version in force.
    static func values(_ framework: ScoringFrameworkDTO?) -> [String: String] {
        var values: [String: String] = [:]
        for (index, criterion) in (framework?.criteria ?? []).enumerated() {
            let row = index + 1
            values["criterion-name-\(row)"] = criterion.name
            values["criterion-description-\(row)"] = criterion.description
            values["criterion-weight-\(row)"] = String(criterion.weight)
            values["criterion-min-\(row)"] = ScoringCriterion.format(criterion.min)
            values["criterion-max-\(row)"] = ScoringCriterion.format(criterion.max)
            values["criterion-decimals-\(row)"] = criterion.decimals ? "on" : ""
            values["criterion-direction-\(row)"] = criterion.direction.rawValue
        }
        return values
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative
        return Layout.page(
            "Scoring framework · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.portfolio(.value(initiative.id))), .plain("← Portfolio of " + initiative.name))),
            InitiativeNav.render(initiative, current: .portfolio, showSettings: model.showSettings),
            .section(
                .class("panel"),
                .h1(.plain("Scoring framework")),
                .p(.class("lead"), .plain(
                    "The criteria every investment proposal is scored on, defined jointly: a version comes into force only when the partners' decision on it passes. A proposal keeps the version in force when its rating opened.")),
                model.overview.inForce.map { criteriaTable($0, caption: "In force: version \($0.version)") }
                    ?? .p(.class("muted empty"), .plain("No version is in force yet."))
            ),
            .section(
                .class("panel"),
                .h2(.plain("Versions")),
                model.overview.versions.isEmpty
                    ? .p(.class("muted"), .plain("None proposed yet."))
                    : .ul(.class("versions"), .forEach(model.overview.versions) { version in
                        .li(
                            .strong(.plain("Version \(version.version)")), .text(" "), .span(.class("badge framework-\(version.status.rawValue)"), .plain(version.status.label)),
                            .span(.class("muted"), .plain(" — proposed by \(model.names[version.proposedBy] ?? "someone") on \(Display.date(version.createdAt))")),
                            .unwrap(version.decisionId) { id in .group(.text(" · "), .a(.link(.decision(.value(initiative.id), decision: .value(id))), .plain("its decision"))) },
                            .element(named: "details", nodes: [
                                .element(named: "summary", text: Display.count(version.criteria.count, "criterion", plural: "criteria")),
                                criteriaTable(version, caption: nil),
                            ])
                        )
                    })
            ),
            .if(model.canPropose, proposeForm(model, context: context))
        )
    }

    static func criterionRow(_ row: Int, values: [String: String], errors: [String: String]) -> Node<HTML.FormContext> {
        func field(_ label: String, _ key: String, hint: String? = nil) -> Node<HTML.FormContext> {
            let name = "criterion-\(key)-\(row)"
            return Forms.field(label, name: name, value: values[name] ?? "", required: false, hint: hint, error: errors[name])
        }
        let decimals = "criterion-decimals-\(row)", direction = "criterion-direction-\(row)"
        let checkbox: Node<HTML.FormContext> = .label(
            .class("choice"),
            .input(.type(.checkbox), .name(decimals), .value("on"), .id("field-\(decimals)"), values[decimals] == "on" ? .flag("checked") : .empty),
            .plain(" Ratings may have decimals"))
        let directions = ScoreDirection.allCases.map { ($0.rawValue, $0.label) }
        return .fieldset(
            .class("criterion-row"),
            .element(named: "legend", text: "Criterion \(row)"),
            field("Name", "name"), field("Description", "description"), field("Weight", "weight", hint: "1–100"),
            field("Minimum", "min"), field("Maximum", "max"), checkbox,
            Forms.select("Direction", name: direction, options: directions,
                         selected: values[direction] ?? ScoreDirection.higherIsBetter.rawValue, error: errors[direction])
        )
    }

    static func criteriaTable(_ framework: ScoringFrameworkDTO, caption: String?) -> Node<HTML.BodyContext> {
        .table(
            .class("data"),
            .unwrap(caption) { .caption(.plain($0)) },
            .thead(.tr(.th(.plain("Criterion")), .th(.plain("Weight")), .th(.plain("Scale")), .th(.plain("Direction")))),
            .tbody(.forEach(framework.criteria) { criterion in
                .tr(
                    .th(.safe("scope", "row"), .plain(criterion.name), .if(!criterion.description.isEmpty, .p(.class("muted"), .plain(criterion.description)))),
                    .td(.safe("data-label", "Weight"), .plain(String(criterion.weight))),
                    .td(.safe("data-label", "Scale"), .plain("\(ScoringCriterion.format(criterion.min))–\(ScoringCriterion.format(criterion.max))\(criterion.decimals ? ", decimals" : "")")),
                    .td(.safe("data-label", "Direction"), .plain(criterion.direction.label))
                )
            })
        )
    }

    static func proposeForm(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let values = model.values, errors = model.errors
        let defaultType = model.decisionTypes.first(where: \.isDefault) ?? model.decisionTypes.first
        return .section(
            .class("panel"), .id("propose"),
            .h2(.plain("Propose a new version")),
            .p(.class("hint"), .plain("Fill a row per criterion; empty rows are left out. Weights are relative (they need not sum to 100).")),
            Forms.errorSummary(errors),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.scoringFramework(.value(model.initiative.id)).path),
                Forms.csrf(context.csrfToken),
                .unwrap(errors["criteria"]) { .p(.class("error"), .safe("role", "alert"), .plain("Criteria " + $0)) },
                .forEach(Array(1...criterionRows)) { row in criterionRow(row, values: values, errors: errors) },
                Forms.select("Ratified by", name: "typeId",
                             options: model.decisionTypes.map { ($0.id.uuidString.lowercased(), "\($0.name) — \($0.method.label.lowercased())") },
                             selected: values["typeId"] ?? defaultType?.id.uuidString.lowercased(), error: errors["typeId"]),
                Forms.submit("Propose for ratification")
            )
        )
    }
}

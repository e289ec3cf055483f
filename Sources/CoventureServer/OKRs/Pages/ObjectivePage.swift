import CoventureCore
import Foundation
import Plot

/// One objective: progress, key results, alignment, and forms to add a key result and a link.
enum ObjectivePage {
    struct Model: Sendable {
        var objective: ObjectiveDTO
        var initiative: InitiativeDTO?
        var members: [MemberDTO]
        var alignmentCandidates: [ObjectiveDTO]
        var canChange: Bool
        var form: [String: String]
        var errors: [String: String]
        /// Values of the new key result that look wrong, to be confirmed before they are recorded.
        var concerns: [PlausibilityConcern] = []
        /// What staleness is measured against.
        var now = Date()
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let objective = model.objective
        let back: Node<HTML.BodyContext> = model.initiative.map { initiative in
            .p(.class("crumbs"), .a(.link(.okrTree(.value(initiative.id))), .plain("← OKRs of " + initiative.name)))
        } ?? .p(.class("crumbs"), .a(.link(.organizationOKRs(.value(objective.organizationId))), .plain("← Objectives of " + objective.organizationName)))
        return Layout.page(
            objective.title, context, back,
            .section(
                .class("panel"),
                .h1(.plain(objective.title)),
                .p(.class("meta"), .plain("\(objective.initiativeId == nil ? "Own objective of" : "Owned by") \(objective.organizationName) · \(objective.period.name) (\(Display.day(objective.period.start)) – \(Display.day(objective.period.end))) · weight \(Charts.number(objective.weight))" + (objective.ownerName.map { " · owner \($0)" } ?? ""))),
                .if(!objective.description.isEmpty, .p(.plain(objective.description))),
                .div(.class("headline"), .span(.plain("Progress ")), Charts.progressBar(objective.rolledUpProgress, label: "Progress")),
                .p(.class("muted"), .plain("The weighted mean of its key results and of the objectives that contribute to it, each counted between 0 and 100 %. Supporting links are shown, never counted.")),
                .h2(.plain("Key results")),
                objective.keyResults.isEmpty
                    ? .p(.class("muted"), .plain("No key results yet."))
                    : .div(.class("krs"), .forEach(objective.keyResults) { OKRViews.keyResultLine($0, now: model.now) }),
                .h2(.plain("Aligned to")),
                alignments(model, context: context)
            ),
            .if(model.canChange, newKeyResult(model, context: context)),
            .if(model.canChange && objective.initiativeId != nil, alignForm(model, context: context))
        )
    }

    static func alignments(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let links = model.objective.alignments
        guard !links.isEmpty else { return .p(.class("muted"), .plain("Nothing yet: this objective does not align to any other.")) }
        return .ul(.class("aligns"), .forEach(links) { link in
            .li(
                .span(.class("badge \(link.kind.rawValue)"), .plain(link.kind.label)), .plain(" "),
                .a(.link(.objective(.value(link.parentId))), .plain(link.parentTitle)),
                .span(.class("meta"), .plain(" — \(link.parentOrganizationName)" + (link.parentIsOrganizationObjective ? " (its own objective)" : " (this initiative)"))),
                .if(model.canChange, Forms.action(.objectiveAlignmentRemove(.value(model.objective.id), alignment: .value(link.id)), "Remove", token: context.csrfToken))
            )
        })
    }

    /// The kinds that use each kind-dependent field: the form shows a field only for them (`Public/app.js` hides the
    /// others once a kind is chosen; without the script every field shows, its hint saying which kinds use it).
    static let fieldKinds: [String: [KeyResultKind]] = [
        "baseline": [.increase, .decrease, .stayAbove, .stayBelow],
        "target": [.increase, .decrease, .stayAbove, .stayBelow],
        "steps": [.milestone],
    ]

    private static func forKinds(_ field: String, _ node: Node<HTML.FormContext>) -> Node<HTML.FormContext> {
        let kinds = (fieldKinds[field] ?? []).map(\.rawValue).joined(separator: " ")
        return .div(.class("kind-field"), .safe("data-kinds", kinds), node)
    }

    static func newKeyResult(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let form = model.form, errors = model.errors
        return .section(
            .class("panel"), .id("new-key-result"),
            .h2(.plain("Add a key result")),
            Forms.errorSummary(errors),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.objectiveKeyResults(.value(model.objective.id)).path),
                .class("key-result-form"),
                Forms.csrf(context.csrfToken),
                Forms.field("Title", name: "title", value: form["title"] ?? "", error: errors["title"]),
                .div(
                    .class("row"),
                    Forms.select(
                        "Kind", name: "kind", options: KeyResultKind.allCases.map { ($0.rawValue, $0.label) }, selected: form["kind"],
                        error: errors["kind"], placeholder: "Choose a kind"),
                    Forms.field("Unit", name: "unit", value: form["unit"] ?? "", required: false, hint: "e.g. %, days, EUR k", error: errors["unit"])
                ),
                .div(
                    .class("row"),
                    forKinds("baseline", Forms.field(
                        "Baseline", name: "baseline", value: form["baseline"] ?? "", required: false,
                        hint: "Where it starts: increase and decrease (optional for stay above/below)", error: errors["baseline"])),
                    forKinds("target", Forms.field(
                        "Target", name: "target", value: form["target"] ?? "", required: false,
                        hint: "Where it should get to; the threshold for stay above/below", error: errors["target"])),
                    Forms.field("Weight", name: "weight", value: form["weight"] ?? "1", required: false, error: errors["weight"])
                ),
                forKinds("steps", Forms.textarea("Steps (milestone only, one per line)", name: "steps", value: form["steps"] ?? "", error: errors["steps"])),
                Forms.select("Owner", name: "ownerId", options: OKRViews.memberOptions(model.members), selected: form["ownerId"], error: errors["ownerId"]),
                Confirmation.step(model.concerns, form: form),
                .div(
                    .class("actions"),
                    Forms.submit("Add key result"),
                    .button(.safe("type", "submit"), .class("secondary"), .safe("name", "then"), .safe("value", "another"),
                            .plain("Add, then add another"))
                )
            )
        )
    }

    static func alignForm(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let options = model.alignmentCandidates.map { candidate in
            (candidate.id.uuidString.lowercased(),
             candidate.initiativeId == nil ? "\(candidate.organizationName): \(candidate.title)" : "This initiative: \(candidate.title)")
        }
        return .section(
            .class("panel narrow"), .id("align"),
            .h2(.plain("Align to an objective")),
            .p(.class("muted"), .plain("Link this objective to your organization's own objectives (or to a parent in the initiative). Contributing links count toward the parent's progress; supporting links are shown only.")),
            options.isEmpty
                ? .p(.class("muted"), .plain("There is nothing you can align to yet. Your organization's admins set its own objectives on its page."))
                : .form(
                    .safe("method", "post"), .safe("action", SiteURL.objectiveAlignments(.value(model.objective.id)).path),
                    Forms.csrf(context.csrfToken),
                    Forms.select("Objective", name: "parentId", options: options, selected: model.form["parentId"], error: model.errors["parentId"],
                                 placeholder: "Choose an objective"),
                    Forms.select("Kind", name: "kind", options: AlignmentKind.allCases.map { ($0.rawValue, $0.label) }, selected: model.form["kind"], error: model.errors["kind"],
                                 placeholder: "Contributing (counted) or supporting (shown)?"),
                    Forms.submit("Align")
                )
        )
    }
}

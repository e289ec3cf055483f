import CoventureCore
import Foundation
import Plot

/// An initiative's OKRs as a tree, with progress and confidence, and the form to add an objective.
enum OKRTreePage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var objectives: [ObjectiveDTO]
        var report: AlignmentReportDTO
        var members: [MemberDTO]
        var canContribute: Bool
        var canManageSettings: Bool
        var form: [String: String]
        var errors: [String: String]
        /// Values of the new objective that look wrong, to be confirmed before they are recorded.
        var concerns: [PlausibilityConcern] = []
        /// What staleness is measured against.
        var now = Date()
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let id = model.initiative.id
        let depths = OKRReader.depths(model.objectives)
        return Layout.page(
            "OKRs · \(model.initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(id))), .plain("← " + model.initiative.name))),
            LiveUpdates.marker(initiativeID: id),
            InitiativeNav.render(model.initiative, current: .okrs, showSettings: model.canManageSettings),
            .section(
                .class("panel"),
                .div(
                    .class("title-row"),
                    .h1(.plain("Objectives and key results")),
                    .div(
                        .class("actions"),
                        .a(.class("button secondary"), .link(.okrExport(.value(id))), .plain("Export CSV")),
                        .if(model.canContribute, .a(.class("button secondary"), .link(.okrImport(.value(id))), .plain("Import CSV")))
                    )
                ),
                model.objectives.isEmpty
                    ? .p(.class("muted"), .plain("No objectives yet."))
                    : .ul(.class("okr-tree"), .forEach(model.objectives) { objective in
                        OKRViews.objectiveItem(objective, depth: depths[objective.id] ?? 0, now: model.now)
                    })
            ),
            .if(model.canContribute, newObjective(model, context: context)),
            OKRViews.reportPanel(model.report, objectiveCount: model.objectives.count, initiativeID: id),
            .if(model.canManageSettings, settings(model, context: context))
        )
    }

    static func newObjective(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let form = model.form, errors = model.errors
        let parents = [("", "None: a top-level objective")] + model.objectives.map { ($0.id.uuidString.lowercased(), $0.title) }
        return .section(
            .class("panel"), .id("new-objective"),
            .h2(.plain("Add an objective")),
            Forms.errorSummary(errors),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.okrTree(.value(model.initiative.id)).path),
                Forms.csrf(context.csrfToken),
                Forms.field("Title", name: "title", value: form["title"] ?? "", error: errors["title"]),
                OKRViews.periodFields(form: form, errors: errors),
                Forms.select("Contributes to", name: "parentId", options: parents, selected: form["parentId"], error: errors["parentId"]),
                .div(
                    .class("row"),
                    Forms.field("Weight", name: "weight", value: form["weight"] ?? "1", required: false, error: errors["weight"]),
                    Forms.select("Owner", name: "ownerId", options: OKRViews.memberOptions(model.members), selected: form["ownerId"], error: errors["ownerId"]),
                    Forms.select("Owning party", name: "organizationId", options: model.initiative.parties.map { ($0.organizationId.uuidString.lowercased(), $0.organizationName) },
                                 selected: form["organizationId"] ?? context.person?.organizationID.uuidString.lowercased(), error: errors["organizationId"])
                ),
                Confirmation.step(model.concerns, form: form),
                Forms.submit("Add objective")
            )
        )
    }

    static func settings(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("panel narrow"), .id("okr-settings"),
            .h2(.plain("Report settings")),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.okrSettings(.value(model.initiative.id)).path),
                Forms.csrf(context.csrfToken),
                Forms.field("Days without a check-in before a key result is reported", name: "checkInStaleDays",
                            value: model.form["checkInStaleDays"] ?? String(model.report.staleAfterDays), type: "number",
                            error: model.errors["checkInStaleDays"]),
                Forms.submit("Save")
            )
        )
    }
}

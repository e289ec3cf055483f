import CoventureCore
import Foundation
import Plot

/// An organization's own objectives (visible in full to its people).
enum OrganizationOKRsPage {
    struct Model: Sendable {
        var organizationID: UUID
        var organizationName: String
        var objectives: [ObjectiveDTO]
        var canManage: Bool
        var isOwnOrganization: Bool
        var form: [String: String]
        var errors: [String: String]
        /// Values that look wrong, to be confirmed before they are recorded.
        var concerns: [PlausibilityConcern] = []
        /// What staleness is measured against.
        var now = Date()
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "Objectives · \(model.organizationName)", context,
            .p(.class("crumbs"), .a(.link(.organization(.value(model.organizationID))), .plain("← " + model.organizationName))),
            .section(
                .class("panel"),
                .h1(.plain("\(model.organizationName): own objectives")),
                .p(.class("muted"), .plain(model.isOwnOrganization
                    ? "Your organization's own objectives. Members of your initiatives see those their objectives align to."
                    : "The objectives of this organization that your initiatives align to.")),
                model.objectives.isEmpty
                    ? .p(.class("muted"), .plain("None to show."))
                    : .ul(.class("okr-tree"), .forEach(model.objectives) { OKRViews.objectiveItem($0, depth: 0, now: model.now) })
            ),
            .if(model.canManage, newObjective(model, context: context))
        )
    }

    static func newObjective(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let form = model.form, errors = model.errors
        return .section(
            .class("panel"), .id("new-objective"),
            .h2(.plain("Add an objective of your organization")),
            Forms.errorSummary(errors),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.organizationOKRs(.value(model.organizationID)).path),
                Forms.csrf(context.csrfToken),
                Forms.field("Title", name: "title", value: form["title"] ?? "", error: errors["title"]),
                OKRViews.periodFields(form: form, errors: errors),
                Confirmation.step(model.concerns, form: form),
                Forms.submit("Add objective")
            )
        )
    }
}

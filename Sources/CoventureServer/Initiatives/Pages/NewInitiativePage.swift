import CoventureCore
import Foundation
import Plot

/// The form that starts an initiative; shown again with the input kept when it is refused.
enum NewInitiativePage {
    struct Model: Sendable {
        var name = ""
        var purpose = ""
        var governance: GovernanceModel = .ownerLed
        var errors: [String: String] = [:]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let errors = model.errors
        return Layout.page(
            "Start an initiative", context,
            .section(
                .class("panel narrow"),
                .h1(.plain("Start an initiative")),
                .p(.plain("Your organization owns it; you become its first admin. Invite partners once it exists.")),
                Forms.errorSummary(errors),
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.initiatives.path),
                    Forms.csrf(context.csrfToken),
                    Forms.field("Name", name: "name", value: model.name, error: errors["name"]),
                    Forms.textarea("Purpose", name: "purpose", value: model.purpose, error: errors["purpose"]),
                    Forms.select("Governance", name: "governance",
                                 options: GovernanceModel.allCases.map { ($0.rawValue, $0.label) }, selected: model.governance.rawValue,
                                 error: errors["governance"]),
                    Forms.submit("Start initiative")
                )
            )
        )
    }
}

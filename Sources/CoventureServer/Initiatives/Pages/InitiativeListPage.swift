import CoventureCore
import Foundation
import Plot

/// My initiatives.
enum InitiativeListPage {
    struct Model: Sendable {
        var initiatives: [InitiativeSummary]
        /// Whether the viewer may start an initiative (an organization admin).
        var canCreate: Bool
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "My initiatives", context,
            .section(
                .class("panel"),
                .div(
                    .class("title-row"),
                    .h1(.plain("My initiatives")),
                    .if(model.canCreate, .a(.class("button primary"), .link(.newInitiative), .plain("Start an initiative")))
                ),
                model.initiatives.isEmpty
                    ? .p(.class("muted"), .plain("You are not a member of any initiative yet. An admin of a party can add you, or send you an invitation link."))
                    : .ul(.class("cards"), .forEach(model.initiatives) { card($0) })
            )
        )
    }

    private static func card(_ initiative: InitiativeSummary) -> Node<HTML.ListContext> {
        .li(
            .class("card"),
            .h2(.a(.link(.initiative(.value(initiative.id))), .plain(initiative.name))),
            .p(.plain(initiative.purpose)),
            .p(.class("meta"),
               .span(.class("badge"), .plain(initiative.governance.label)),
               .span(.class("badge status-\(initiative.status.rawValue)"), .plain(initiative.status.rawValue)),
               .span(.plain("Owner: \(initiative.ownerOrganizationName) · You: \(initiative.role.label)")))
        )
    }
}

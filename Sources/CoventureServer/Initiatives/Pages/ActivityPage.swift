import CoventureCore
import Foundation
import Plot

/// The whole activity of an initiative, page by page.
enum ActivityPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        /// Newest first.
        var items: [ActivityItem]
        /// The entry number (ledger index) older activity starts before, when there is more.
        var olderThan: Int?
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative
        return Layout.page(
            "Activity · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(initiative.id))), .plain("← " + initiative.name))),
            InitiativeNav.render(initiative, current: .activity),
            .section(
                .class("panel"),
                .h1(.plain("Activity")),
                .p(.class("muted"), .plain("Every change to this initiative, as recorded in its log, newest first.")),
                ActivityList.render(model.items, initiativeID: initiative.id),
                .unwrap(model.olderThan) { sequence in
                    .p(.a(.safe("href", SiteURL.initiativeActivity(.value(initiative.id)).path + "?before=\(sequence)"), .plain("Older activity →")))
                }
            )
        )
    }
}

import CoventureCore
import Foundation
import Plot

/// An organization: the initiatives the viewer shares with it, and the people of it the viewer may see.
enum OrganizationPage {
    struct Model: Sendable {
        var organization: OrganizationDTO
        /// The viewer's initiatives in which this organization is a party.
        var initiatives: [InitiativeSummary]
        /// The viewer is one of its admins: the page links its webhooks.
        var showWebhooks: Bool = false
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let organization = model.organization
        return Layout.page(
            organization.name, context,
            .section(
                .class("panel"),
                .h1(.plain(organization.name)),
                .h2(.plain("Shared initiatives")),
                model.initiatives.isEmpty
                    ? .p(.class("muted"), .plain("No initiative you are part of includes this organization."))
                    : .ul(.class("cards"), .forEach(model.initiatives) { initiative in
                        .li(.a(.link(.initiative(.value(initiative.id))), .plain(initiative.name)),
                            .span(.class("muted"), .plain(" — \(initiative.governance.label), \(initiative.status.rawValue)")))
                    }),
                .h2(.plain("People")),
                organization.people.isEmpty
                    ? .p(.class("muted"), .plain("No one you can see."))
                    : .ul(.forEach(organization.people) { .li(.plain($0.name), .span(.class("muted"), .plain(" · \($0.email)"))) })
            ),
            .if(model.showWebhooks, .section(
                .class("panel"),
                .h2(.plain("Webhooks")),
                .p(.plain("Send your organization's systems every change to its own objectives and to every initiative it is a party to, as it is recorded, signed. "),
                   .a(.link(.organizationWebhooks(.value(organization.id))), .plain("Manage your organization's webhooks")))))
        )
    }
}

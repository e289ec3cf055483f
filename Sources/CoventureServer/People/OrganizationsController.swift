import Foundation
import Plot
import Vapor

/// The organization page and `/api/v1/organizations/{id}`, `/api/v1/people/...`.
enum OrganizationsController {
    static func load(_ req: Request) async throws -> OrganizationDTO {
        let id = try req.uuid("organizationID")
        try await req.authorize(.readOrganization(id))
        guard let organization = try await PeopleStore(request: req).organization(id, visibleTo: try req.person()) else {
            throw AppError.notFound
        }
        return organization
    }

    @Sendable static func page(req: Request) async throws -> HTMLPage {
        let organization = try await load(req)
        let initiatives = try await InitiativeStore(request: req).initiatives(
            for: try req.person(), withParty: organization.id)
        return HTMLPage(document: OrganizationPage.render(organization, initiatives: initiatives, context: req.pageContext))
    }

    @Sendable static func apiShow(req: Request) async throws -> OrganizationDTO { try await load(req) }

    @Sendable static func apiMe(req: Request) async throws -> PersonDTO {
        let person = try req.person()
        return PersonDTO(
            id: person.id, name: person.name, email: person.email, organizationId: person.organizationID,
            organizationName: person.organizationName)
    }

    /// A person is visible to people of their organization and to those who share an initiative with them.
    @Sendable static func apiPerson(req: Request) async throws -> PersonDTO {
        let id = try req.uuid("personID")
        try await req.authorize(.readPerson(id))
        guard let person = try await PeopleStore(request: req).dto(personID: id) else { throw AppError.notFound }
        return person
    }
}

enum OrganizationPage {
    static func render(_ organization: OrganizationDTO, initiatives: [InitiativeSummary], context: PageContext) -> HTML {
        Layout.page(
            organization.name, context,
            .section(
                .class("panel"),
                .h1(.plain(organization.name)),
                .h2(.plain("Shared initiatives")),
                initiatives.isEmpty
                    ? .p(.class("muted"), .plain("No initiative you are part of includes this organization."))
                    : .ul(.class("cards"), .forEach(initiatives) { initiative in
                        .li(.a(.link(.initiative(.value(initiative.id))), .plain(initiative.name)),
                            .span(.class("muted"), .plain(" — \(initiative.governance.label), \(initiative.status.rawValue)")))
                    }),
                .h2(.plain("People")),
                organization.people.isEmpty
                    ? .p(.class("muted"), .plain("No one you can see."))
                    : .ul(.forEach(organization.people) { .li(.plain($0.name), .span(.class("muted"), .plain(" · \($0.email)"))) })
            )
        )
    }
}

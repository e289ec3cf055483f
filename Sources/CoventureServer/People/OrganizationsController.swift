import Foundation
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
        let managesIt = try await req.may(.manageOrganization(organization.id))
        return HTMLPage(document: OrganizationPage.render(
            .init(organization: organization, initiatives: initiatives, showWebhooks: managesIt), context: req.pageContext))
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

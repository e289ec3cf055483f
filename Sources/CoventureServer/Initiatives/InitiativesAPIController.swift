import CoventureCore
import Foundation
import Vapor

/// `/api/v1/initiatives…`: the same stores as the pages, rendered as JSON DTOs.
enum InitiativesAPIController {
    static func readable(_ req: Request) async throws -> UUID {
        let id = try req.uuid("initiativeID")
        try await req.authorize(.initiative(id, .read))
        return id
    }

    @Sendable static func list(req: Request) async throws -> ListPage<InitiativeSummary> {
        let pagination = try Pagination.from(req)
        return pagination.page(try await InitiativeStore(request: req).initiatives(for: try req.person()))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let body = try req.content.decode(CreateInitiativeRequest.self)
        let created = try await InitiativeStore(request: req).create(body, by: try req.person())
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await req.cachedRead("api-initiative", initiative: id) { _ in try await InitiativeStore(request: req).detail(id) }
    }

    @Sendable static func update(req: Request) async throws -> InitiativeDTO {
        let id = try req.uuid("initiativeID")
        let body = try req.content.decode(UpdateInitiativeRequest.self)
        return try await InitiativeStore(request: req).update(id, body, by: try req.person().actor)
    }

    /// At once while the owner is alone; as a decision of a reserved type (202) once a partner has joined (issue #13).
    @Sendable static func governance(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        try await req.authorize(.initiative(id, .manageSettings))
        let body = try req.content.decode(GovernanceRequest.self)
        switch try await DecisionStore(request: req).changeGovernance(id, body, by: try req.person().actor) {
        case .applied(let initiative): return try await initiative.encodeResponse(status: .ok, for: req)
        case .proposed(let decision): return try await decision.encodeResponse(status: .accepted, for: req)
        }
    }

    @Sendable static func parties(req: Request) async throws -> ListPage<PartyDTO> {
        let id = try await readable(req)
        return try Pagination.from(req).page(try await InitiativeStore(request: req).detail(id).parties)
    }

    @Sendable static func invitePartner(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        try await req.authorize(.initiative(id, .invitePartner))
        let body = try req.content.decode(InvitePartnerRequest.self)
        let created = try await InvitationStore(request: req).invitePartner(id, body, by: try req.person())
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable static func members(req: Request) async throws -> ListPage<MemberDTO> {
        let id = try await readable(req)
        return try Pagination.from(req).page(try await InitiativeStore(request: req).members(id))
    }

    @Sendable static func addMember(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        let person = try req.person()
        try await req.authorize(.initiative(id, .manageMembers(ofOrganization: person.organizationID)))
        let body = try req.content.decode(AddMemberRequest.self)
        let member = try await InitiativeStore(request: req).addMember(id, personID: body.personId, role: body.role ?? .contributor, by: person.actor)
        return try await member.encodeResponse(status: .created, for: req)
    }

    @Sendable static func changeRole(req: Request) async throws -> MemberDTO {
        let id = try req.uuid("initiativeID")
        let memberID = try req.uuid("memberID")
        try await req.authorize(.initiative(id, .read))
        let body = try req.content.decode(ChangeRoleRequest.self)
        return try await InitiativeStore(request: req).changeRole(id, memberID: memberID, to: body.role, by: try req.person().actor)
    }

    @Sendable static func removeMember(req: Request) async throws -> HTTPStatus {
        let id = try req.uuid("initiativeID")
        let memberID = try req.uuid("memberID")
        try await InitiativeStore(request: req).removeMember(id, memberID: memberID, by: try req.person().actor)
        return .noContent
    }

    /// Pending and past invitations; codes are never shown again after creation.
    @Sendable static func invitations(req: Request) async throws -> ListPage<InvitationDTO> {
        let id = try await readable(req)
        return try Pagination.from(req).page(try await InitiativeStore(request: req).invitations(id))
    }

    @Sendable static func inviteMember(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        let person = try req.person()
        try await req.authorize(.initiative(id, .manageMembers(ofOrganization: person.organizationID)))
        let body = try req.content.decode(InviteMemberRequest.self)
        let created = try await InvitationStore(request: req).inviteMember(id, body, by: person)
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable static func revokeInvitation(req: Request) async throws -> HTTPStatus {
        let id = try req.uuid("initiativeID")
        try await InvitationStore(request: req).revoke(id, invitationID: try req.uuid("invitationID"), by: try req.person().actor)
        return .noContent
    }

    @Sendable static func acceptInvitation(req: Request) async throws -> InitiativeDTO {
        let code = try req.parameters.require("code")
        let initiativeID = try await InvitationStore(request: req).accept(code: code, by: try req.person())
        return try await InitiativeStore(request: req).detail(initiativeID)
    }

    /// The initiative's events, oldest first; `after` is the last sequence number seen.
    @Sendable static func events(req: Request) async throws -> ListPage<EventDTO> {
        let id = try await readable(req)
        var after = 0
        if let raw = req.query[String.self, at: "cursor"] ?? req.query[String.self, at: "after"], !raw.isEmpty {
            guard let value = Int(raw), value >= 0 else {
                throw AppError.invalid(field: "cursor", message: "must be the sequence number of the last event seen")
            }
            after = value
        }
        let limit = try Pagination.limit(req, defaultLimit: 100)
        let events = try await InitiativeStore(request: req).events(id, after: after, limit: limit + 1)
        let items = Array(events.prefix(limit))
        return ListPage(items: items, next: events.count > limit ? items.last.map { String($0.sequence) } : nil)
    }
}

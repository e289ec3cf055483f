import Vapor

/// The initiatives feature's routes: initiatives, their settings, members and invitations, pages and API.
extension Routes {
    /// `pages` answers anyone (an invitation link can be looked at before signing in);
    /// `signedIn` needs a session.
    static func registerInitiativePages(pages: any RoutesBuilder, signedIn: any RoutesBuilder) {
        typealias P = InitiativePagesController
        pages.get(SiteURL.invitation(.key).pathComponents, use: P.invitation)
        pages.post(SiteURL.invitation(.key).pathComponents, use: P.acceptInvitation)
        signedIn.get(SiteURL.initiatives.pathComponents, use: P.list)
        signedIn.post(SiteURL.initiatives.pathComponents, use: P.create)
        signedIn.get(SiteURL.newInitiative.pathComponents, use: P.new)
        signedIn.get(SiteURL.initiative(.key).pathComponents, use: P.overview)
        signedIn.get(SiteURL.initiativeActivity(.key).pathComponents, use: P.activity)
        signedIn.get(SiteURL.initiativeSettings(.key).pathComponents, use: P.settings)
        signedIn.post(SiteURL.initiativeSettings(.key).pathComponents, use: P.saveSettings)
        signedIn.post(SiteURL.initiativePartners(.key).pathComponents, use: P.invitePartner)
        signedIn.get(SiteURL.initiativeMembers(.key).pathComponents, use: P.members)
        signedIn.post(SiteURL.initiativeMembers(.key).pathComponents, use: P.addMember)
        signedIn.post(SiteURL.initiativeInvitations(.key).pathComponents, use: P.inviteMember)
        signedIn.post(SiteURL.invitationRevoke(.key, invitation: .key).pathComponents, use: P.revokeInvitation)
        signedIn.post(SiteURL.memberRole(.key, member: .key).pathComponents, use: P.changeRole)
        signedIn.post(SiteURL.memberRemove(.key, member: .key).pathComponents, use: P.removeMember)
    }

    static func registerInitiativeAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        typealias C = InitiativesAPIController
        let page = APISchemas.page(of:)
        let paging = APISchemas.paging

        api.on(.init(method: .GET, url: .initiatives, id: "listInitiatives", summary: "The initiatives you are a member of",
                     response: page("InitiativeSummary"), query: paging), registry: registry, use: C.list)
        api.on(.init(method: .POST, url: .initiatives, id: "createInitiative",
                     summary: "Start an initiative owned by your organization (organization admins)",
                     request: CreateInitiativeRequest.self, response: .ref("Initiative"), status: 201),
               registry: registry, use: C.create)
        api.on(.init(method: .GET, url: .initiative(.key), id: "getInitiative", summary: "An initiative with its parties",
                     response: .ref("Initiative"), version: .initiative), registry: registry, use: C.show)
        api.on(.init(method: .PATCH, url: .initiative(.key), id: "updateInitiative",
                     summary: "Change name, purpose or status (the owner's admins)",
                     request: UpdateInitiativeRequest.self, response: .ref("Initiative"), version: .initiative),
               registry: registry, use: C.update)
        api.on(.init(method: .PUT, url: .governance(.key), id: "setGovernance",
                     summary: "Set the governance model and, for a joint venture, the stakes (percent by organization id, summing to 100). While the owner is alone it applies at once (200); once a partner has joined it opens a decision of a reserved type whose passing applies it (202, the decision)",
                     request: GovernanceRequest.self, response: .ref("Initiative"), extraErrors: [.conflict],
                     otherSuccesses: [202: ("The change awaits the partners' decision", .ref("Decision"))]),
               registry: registry, use: C.governance)
        api.on(.init(method: .GET, url: .parties(.key), id: "listParties", summary: "The initiative's parties",
                     response: page("Party"), query: paging), registry: registry, use: C.parties)
        api.on(.init(method: .POST, url: .parties(.key), id: "invitePartner",
                     summary: "Invite an organization as a partner (the owner's admins); returns a single-use link",
                     request: InvitePartnerRequest.self, response: .ref("CreatedInvitation"), status: 201,
                     extraErrors: [.conflict]),
               registry: registry, use: C.invitePartner)
        api.on(.init(method: .GET, url: .members(.key), id: "listMembers", summary: "The initiative's members, every party",
                     response: page("Member"), query: paging), registry: registry, use: C.members)
        api.on(.init(method: .POST, url: .members(.key), id: "addMember",
                     summary: "Add a person of your own organization (your party's admins)",
                     request: AddMemberRequest.self, response: .ref("Member"), status: 201, extraErrors: [.conflict]),
               registry: registry, use: C.addMember)
        api.on(.init(method: .PATCH, url: .member(.key, member: .key), id: "changeMemberRole",
                     summary: "Change a member's role (admins of the member's organization)",
                     request: ChangeRoleRequest.self, response: .ref("Member"), extraErrors: [.conflict], version: .member),
               registry: registry, use: C.changeRole)
        api.on(.init(method: .DELETE, url: .member(.key, member: .key), id: "removeMember",
                     summary: "Remove a member (admins of the member's organization)", response: nil, status: 204,
                     extraErrors: [.conflict]),
               registry: registry, use: C.removeMember)
        api.on(.init(method: .GET, url: .invitations(.key), id: "listInvitations", summary: "The initiative's invitations (never their codes)",
                     response: page("Invitation"), query: paging), registry: registry, use: C.invitations)
        api.on(.init(method: .POST, url: .invitations(.key), id: "inviteMember",
                     summary: "Invite someone by email to join for your organization; returns a single-use link",
                     request: InviteMemberRequest.self, response: .ref("CreatedInvitation"), status: 201,
                     extraErrors: [.conflict]),
               registry: registry, use: C.inviteMember)
        api.on(.init(method: .DELETE, url: .invitation(.key, invitation: .key), id: "revokeInvitation",
                     summary: "Revoke a pending invitation", response: nil, status: 204, extraErrors: [.conflict]),
               registry: registry, use: C.revokeInvitation)
        api.on(.init(method: .POST, url: .acceptInvitation(.key), id: "acceptInvitation",
                     summary: "Accept an invitation as the signed-in person; it works once (an acceptance racing another gets 409)",
                     response: .ref("Initiative"), extraErrors: [.conflict]),
               registry: registry, use: C.acceptInvitation)
        api.on(.init(method: .GET, url: .events(.key), id: "listEvents",
                     summary: "The initiative's recorded changes, oldest first; `next` is the last sequence number returned",
                     response: page("Event"),
                     query: [("limit", .integer, "At most this many events (1–200, default 100)."),
                             ("cursor", .string(), "Return events after this sequence number.")]),
               registry: registry, use: C.events)
    }
}

extension VersionedResource {
    static let initiative = VersionedResource(table: InitiativeRow.table, parameter: "initiativeID") { req, db in
        try await InitiativeStore(db: db, recorder: req.recorder).detail(try req.uuid("initiativeID"))
    }
    /// A member has no `GET` of its own: its version is that of what its `PATCH` answers.
    static let member = VersionedResource(table: MemberRow.table, parameter: "memberID") { req, db in
        try await InitiativeStore(db: db, recorder: req.recorder).member(try req.uuid("initiativeID"), try req.uuid("memberID"))
    }
}

import Fluent
import Vapor

/// Every route, registered from the typed URL enum. Pages sit behind the session and CSRF middleware; the API
/// behind bearer tokens. Access inside handlers always goes through `Policy`.
enum Routes {
    static func register(_ app: Application, config: AppConfig) throws {
        app.get(SiteURL.healthz.pathComponents, use: health)

        // Pages
        let pages = app.grouped(
            CSRFMiddleware(),
            SessionAuthenticator(idleTimeout: config.sessionIdleTimeout, absoluteTimeout: config.sessionAbsoluteTimeout))
        pages.get(SiteURL.home.pathComponents, use: InitiativePagesController.home)
        pages.get(SiteURL.signIn.pathComponents, use: SignInController.show)
        pages.post(SiteURL.signIn.pathComponents, use: SignInController.signIn)
        pages.get(SiteURL.invitation(.key).pathComponents, use: InitiativePagesController.invitation)
        pages.post(SiteURL.invitation(.key).pathComponents, use: InitiativePagesController.acceptInvitation)

        let signedIn = pages.grouped(RequireSignInForPages())
        signedIn.post(SiteURL.signOut.pathComponents, use: SignInController.signOut)
        signedIn.get(SiteURL.initiatives.pathComponents, use: InitiativePagesController.list)
        signedIn.post(SiteURL.initiatives.pathComponents, use: InitiativePagesController.create)
        signedIn.get(SiteURL.newInitiative.pathComponents, use: InitiativePagesController.new)
        signedIn.get(SiteURL.initiative(.key).pathComponents, use: InitiativePagesController.overview)
        signedIn.get(SiteURL.initiativeActivity(.key).pathComponents, use: InitiativePagesController.activity)
        signedIn.get(SiteURL.initiativeLedger(.key).pathComponents, use: LedgerPagesController.ledger)
        signedIn.get(SiteURL.ledgerEntry(.key, index: .key).pathComponents, use: LedgerPagesController.entry)
        signedIn.get(SiteURL.initiativeSettings(.key).pathComponents, use: InitiativePagesController.settings)
        signedIn.post(SiteURL.initiativeSettings(.key).pathComponents, use: InitiativePagesController.saveSettings)
        signedIn.post(SiteURL.initiativePartners(.key).pathComponents, use: InitiativePagesController.invitePartner)
        signedIn.get(SiteURL.initiativeMembers(.key).pathComponents, use: InitiativePagesController.members)
        signedIn.post(SiteURL.initiativeMembers(.key).pathComponents, use: InitiativePagesController.addMember)
        signedIn.post(SiteURL.initiativeInvitations(.key).pathComponents, use: InitiativePagesController.inviteMember)
        signedIn.post(SiteURL.invitationRevoke(.key, invitation: .key).pathComponents, use: InitiativePagesController.revokeInvitation)
        signedIn.post(SiteURL.memberRole(.key, member: .key).pathComponents, use: InitiativePagesController.changeRole)
        signedIn.post(SiteURL.memberRemove(.key, member: .key).pathComponents, use: InitiativePagesController.removeMember)
        signedIn.get(SiteURL.organization(.key).pathComponents, use: OrganizationsController.page)
        signedIn.get(SiteURL.tokens.pathComponents, use: TokensController.page)
        signedIn.post(SiteURL.tokens.pathComponents, use: TokensController.create)
        signedIn.post(SiteURL.tokenRevoke(.key).pathComponents, use: TokensController.revoke)
        registerOKRPages(signedIn)
        registerWorkstreamPages(signedIn)

        registerAPI(app)
    }

    static func registerAPI(_ app: Application) {
        let registry = app.openAPI
        let document = APIOperation(
            method: .GET, url: .openAPI, id: "getOpenAPI", summary: "This OpenAPI 3.1 document", request: nil,
            response: .any, isPublic: true)
        app.on(document, registry: registry) { req async throws -> Response in
            let body = registry.document().canonicalString
            return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: body))
        }

        let api = app.grouped(BearerAuthenticator())
        typealias C = InitiativesAPIController
        let page = APISchemas.page(of:)
        let paging: [(name: String, schema: Schema, description: String)] = [
            ("limit", .integer, "At most this many items (1–200)."), ("cursor", .string(), "The `next` of the previous page."),
        ]

        api.on(.init(method: .GET, url: .me, id: "getMe", summary: "The caller", response: .ref("Person")), registry: registry,
               use: OrganizationsController.apiMe)
        api.on(.init(method: .GET, url: .person(.key), id: "getPerson", summary: "A person of your organization or of an initiative you share",
                     response: .ref("Person")), registry: registry, use: OrganizationsController.apiPerson)
        api.on(.init(method: .GET, url: .organization(.key), id: "getOrganization",
                     summary: "An organization, with the people you may see", response: .ref("Organization")),
               registry: registry, use: OrganizationsController.apiShow)

        api.on(.init(method: .GET, url: .tokens, id: "listTokens", summary: "Your API tokens", response: page("Token")),
               registry: registry, use: TokensController.apiList)
        api.on(.init(method: .POST, url: .tokens, id: "createToken",
                     summary: "Create an API token (its secret is shown once); with `expiresAt` (RFC 3339, in the future) it is refused with 401 from then on",
                     request: CreateTokenRequest.self, response: .ref("CreatedToken"), status: 201,
                     exceptErrors: [.forbidden]),
               registry: registry, use: TokensController.apiCreate)
        api.on(.init(method: .DELETE, url: .token(.key), id: "revokeToken", summary: "Revoke one of your API tokens",
                     response: .ref("Token"), exceptErrors: [.forbidden]),
               registry: registry, use: TokensController.apiRevoke)

        api.on(.init(method: .GET, url: .initiatives, id: "listInitiatives", summary: "The initiatives you are a member of",
                     response: page("InitiativeSummary"), query: paging), registry: registry, use: C.list)
        api.on(.init(method: .POST, url: .initiatives, id: "createInitiative",
                     summary: "Start an initiative owned by your organization (organization admins)",
                     request: CreateInitiativeRequest.self, response: .ref("Initiative"), status: 201),
               registry: registry, use: C.create)
        api.on(.init(method: .GET, url: .initiative(.key), id: "getInitiative", summary: "An initiative with its parties",
                     response: .ref("Initiative")), registry: registry, use: C.show)
        api.on(.init(method: .PATCH, url: .initiative(.key), id: "updateInitiative",
                     summary: "Change name, purpose or status (the owner's admins)",
                     request: UpdateInitiativeRequest.self, response: .ref("Initiative")),
               registry: registry, use: C.update)
        api.on(.init(method: .PUT, url: .governance(.key), id: "setGovernance",
                     summary: "Set the governance model and, for a joint venture, the stakes (percent by organization id, summing to 100)",
                     request: GovernanceRequest.self, response: .ref("Initiative")),
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
                     request: ChangeRoleRequest.self, response: .ref("Member"), extraErrors: [.conflict]),
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
        registerLedgerAPI(api, registry: registry)
        registerOKRAPI(api, registry: registry)
        registerWorkstreamAPI(api, registry: registry)
    }

    static func registerLedgerAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        typealias L = LedgerAPIController
        let text = "text/plain"
        api.on(.init(method: .GET, url: .ledgerVerifierKey, id: "getLedgerVerifierKey",
                     summary: "The signed-note verifier key of this deployment's checkpoints: <name>+<8 hex key id>+<base64(0x01 || Ed25519 public key)>",
                     response: .string(), contentType: text), registry: registry, use: L.verifierKey)
        api.on(.init(method: .GET, url: .ledgerCheckpoint(.key), id: "getLedgerCheckpoint",
                     summary: "The latest signed checkpoint of the initiative's log (C2SP tlog-checkpoint in a signed note), with the parties' cosignatures appended",
                     response: .string(), contentType: text), registry: registry, use: L.checkpoint)
        api.on(.init(method: .GET, url: .ledgerEntries(.key), id: "listLedgerEntries",
                     summary: "Entries [start, end) of the log (at most 1000 a page): the exact leaf bytes, base64",
                     response: APISchemas.page(of: "LedgerEntry"),
                     query: [("start", .integer, "First index (default 0)."), ("end", .integer, "One past the last index (default: the log's size).")]),
               registry: registry, use: L.entries)
        api.on(.init(method: .GET, url: .ledgerInclusionProof(.key), id: "getInclusionProof",
                     summary: "RFC 9162 inclusion proof of entry `index` in the tree of size `size`", response: .ref("Proof"),
                     query: [("index", .integer, "The entry (0-based)."), ("size", .integer, "The tree size, e.g. a checkpoint's.")]),
               registry: registry, use: L.inclusionProof)
        api.on(.init(method: .GET, url: .ledgerConsistencyProof(.key), id: "getConsistencyProof",
                     summary: "RFC 9162 consistency proof between tree sizes `from` and `to`", response: .ref("Proof"),
                     query: [("from", .integer, "The older size."), ("to", .integer, "The newer size.")]),
               registry: registry, use: L.consistencyProof)
        api.on(.init(method: .POST, url: .ledgerCosignatures(.key), id: "postCosignature",
                     summary: "Post your organization's cosignature (C2SP tlog-cosignature) of the checkpoint of a given size (party admins)",
                     request: CosignatureRequest.self, response: .ref("Cosignature"), status: 201),
               registry: registry, use: L.cosign)
        api.on(.init(method: .PUT, url: .cosignerKey(.key), id: "putCosignerKey",
                     summary: "Register your organization's cosigner key (organization admins)",
                     request: CosignerKeyRequest.self, response: .ref("CosignerKey")),
               registry: registry, use: L.registerCosignerKey)
    }

    /// 200 when the database answers a query and every ledger passes its self-check; 503 otherwise, saying why.
    /// It answers anyone (load balancers ask it), so it says how many logs failed but not which: their ids are for
    /// operators, who get them from `coventure ledger check` and the server's log (issue #11, finding 9).
    @Sendable static func health(req: Request) async throws -> Response {
        struct Health: Content {
            var status: String
            var database: String
            var ledger: String
            var failingLogs: Int?
        }
        let databaseOK = await DatabaseSetup.ping(req.db)
        let failures = req.application.ledger.failures
        let ok = databaseOK && failures.isEmpty
        let body = Health(
            status: ok ? "ok" : "failing", database: databaseOK ? "ok" : "unavailable",
            ledger: failures.isEmpty ? "ok" : "integrity failure (see the server's log, or run `coventure ledger check`)",
            failingLogs: failures.isEmpty ? nil : failures.count)
        let response = Response(status: ok ? .ok : .serviceUnavailable)
        try response.content.encode(body)
        return response
    }
}

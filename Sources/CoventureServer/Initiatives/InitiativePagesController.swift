import CoventureCore
import Fluent
import Foundation
import Vapor

/// Page handlers: parse → load → build the page model → render. Forms that fail validation re-render with the
/// message beside the field and the input kept.
enum InitiativePagesController {
    @Sendable static func list(req: Request) async throws -> HTMLPage {
        let person = try req.person()
        let initiatives = try await InitiativeStore(request: req).initiatives(for: person)
        return HTMLPage(document: InitiativeListPage.render(.init(initiatives: initiatives, canCreate: person.isOrgAdmin), context: req.pageContext))
    }

    @Sendable static func new(req: Request) async throws -> HTMLPage {
        try await req.authorize(.createInitiative)
        return HTMLPage(document: NewInitiativePage.render(.init(), context: req.pageContext))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        try await FormAction.run(req, authorize: .createInitiative) { form in
            let created = try await InitiativeStore(request: req).create(
                CreateInitiativeRequest(name: form["name"], purpose: form["purpose"], governance: governance(form)), by: try req.person())
            return .redirect(.initiative(.value(created.id)), saying: "Initiative started. Invite partner organizations from Members or Settings.")
        } page: { form, errors in
            NewInitiativePage.render(
                .init(name: form["name"] ?? "", purpose: form["purpose"] ?? "", governance: governance(form), errors: errors),
                context: req.pageContext)
        }
    }

    private static func governance(_ form: [String: String]) -> GovernanceModel {
        GovernanceModel(rawValue: form["governance"] ?? "") ?? .ownerLed
    }

    /// Loads what every initiative page needs and checks that the caller may read it.
    static func viewer(_ req: Request) async throws -> (UUID, SignedInPerson, InitiativeViewer.Membership) {
        let id = try req.uuid("initiativeID")
        let person = try req.person()
        let viewer = try await Policy.viewer(personID: person.id, initiativeID: id, on: req.db)
        try Policy.enforce(AccessPolicy.decide(.read, for: viewer))
        return (id, person, viewer.membership!)
    }

    @Sendable static func overview(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await req.cachedRead("overview", initiative: id) { membership in
            let store = InitiativeStore(request: req)
            let events = try await store.recentEvents(id, limit: 20)
            let model = InitiativeOverviewPage.Model(
                initiative: try await store.detail(id), members: try await store.members(id),
                alignmentReport: try await OKRReader(request: req).alignmentReport(id),
                activity: try await ActivityFeed.items(events, on: req.db), viewerRole: membership.role,
                viewerIsOwnerAdmin: membership.partyIsOwner && membership.role == .admin, viewerIsAdmin: membership.role == .admin,
                workstreams: try await WorkstreamReader(request: req).list(initiativeID: id),
                objectiveCount: try await OKRReader(request: req).objectiveCount(id),
                decisions: try await DecisionOverviewPanel.model(
                    initiativeID: id, viewer: InitiativeViewer(personID: try req.person().id, membership: membership),
                    members: try await store.members(id), now: Date(), on: req.db),
                pulse: try await PulseReader(db: req.db).divergenceFlag(id))
            return HTMLPage(document: InitiativeOverviewPage.render(model, context: req.pageContext))
        }
    }

    /// Every recorded change, newest first, 50 a page (`?before=` the oldest entry number shown: the ledger index, the
    /// one number people see).
    @Sendable static func activity(req: Request) async throws -> HTMLPage {
        let (id, person, _) = try await viewer(req)
        var beforeSequence: Int? = nil
        if let raw = req.query[String.self, at: "before"] {
            guard let index = Int(raw), index >= 0, index < Int.max else {
                throw AppError.invalid(field: "before", message: "must be an entry number (0 or more)")
            }
            beforeSequence = index + 1
        }
        let store = InitiativeStore(request: req)
        let events = try await store.recentEvents(id, before: beforeSequence, limit: 50)
        let items = try await ActivityFeed.items(events, on: req.db)
        // The newest changes were seen: the home page's "since your last visit" starts after them.
        if beforeSequence == nil, let newest = events.first?.sequence {
            try await ReadingPositions(request: req).advance(person.id, in: id, to: newest)
        }
        let older = (events.last?.sequence ?? 1) > 1 && events.count == 50 ? items.last?.ledgerIndex : nil
        return HTMLPage(document: ActivityPage.render(
            .init(initiative: try await store.detail(id), items: items, olderThan: older), context: req.pageContext))
    }

    // MARK: Settings

    static func settingsModel(
        _ req: Request, _ id: UUID, input: [String: String] = [:], errors: [String: String] = [:]
    ) async throws -> InitiativeSettingsPage.Model {
        let store = InitiativeStore(request: req)
        return InitiativeSettingsPage.Model(
            initiative: try await store.detail(id),
            pendingPartnerInvitations: try await store.invitations(id, pendingOnly: true).filter { $0.kind == .partner },
            input: input, errors: errors)
    }

    @Sendable static func settings(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID")
        try await req.authorize(.initiative(id, .manageSettings))
        return HTMLPage(document: InitiativeSettingsPage.render(try await settingsModel(req, id), context: req.pageContext))
    }

    @Sendable static func saveSettings(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        let person = try req.person()
        let store = InitiativeStore(request: req)
        let stored: @Sendable (any Database) async throws -> [String: String] = { db in
            InitiativeSettingsPage.editedFields(try await InitiativeStore(db: db, recorder: req.recorder).detail(id))
        }
        return try await FormAction.run(req, authorize: .initiative(id, .manageSettings), version: stored) { form in
            if form["section"] == "governance" {
                guard let model = GovernanceModel(rawValue: form["model"] ?? "") else {
                    throw AppError.invalid(field: "model", message: "must be ownerLed or jointVenture")
                }
                var stakes: [String: String] = [:]
                for (key, value) in form where key.hasPrefix("stake_") && !value.trimmingCharacters(in: .whitespaces).isEmpty {
                    stakes[String(key.dropFirst("stake_".count))] = value
                }
                // Once a partner has joined, the change is the partners' reserved decision (issue #13), never applied here.
                switch try await DecisionStore(request: req).changeGovernance(id, GovernanceRequest(model: model, stakes: stakes), by: person.actor) {
                case .applied: return .redirect(.initiative(.value(id)), saying: "Governance saved.")
                case .proposed(let decision):
                    return .redirect(.decision(.value(id), decision: .value(decision.id)),
                                     saying: "Proposed as a reserved decision: the governance changes when the partners pass it.")
                }
            } else {
                _ = try await store.update(
                    id,
                    UpdateInitiativeRequest(name: form["name"], purpose: form["purpose"], status: form["status"].flatMap(InitiativeStatus.init(rawValue:))),
                    by: person.actor)
            }
            return .redirect(.initiative(.value(id)), saying: "Details saved.")
        } page: { form, errors in
            InitiativeSettingsPage.render(try await settingsModel(req, id, input: form, errors: errors), context: req.pageContext)
        }
    }

    /// From Settings or from Members (`from=members`): the link comes back on the page it was asked for, once, with a
    /// ready-to-send message.
    @Sendable static func invitePartner(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await FormAction.run(req, authorize: .initiative(id, .invitePartner)) { form in
            let person = try req.person()
            let created = try await InvitationStore(request: req).invitePartner(
                id, InvitePartnerRequest(organizationName: form["organizationName"], email: form["email"]), by: person)
            let back: SiteURL = form["from"] == "members" ? .initiativeMembers(.value(id)) : .initiativeSettings(.value(id))
            return .redirect(back, flash: try await invitationFlash(req, created, initiativeID: id, by: person))
        } page: { form, errors in
            if form["from"] == "members" {
                return MembersPage.render(try await membersModel(req, input: form, errors: errors), context: req.pageContext)
            }
            return InitiativeSettingsPage.render(try await settingsModel(req, id, input: form, errors: errors), context: req.pageContext)
        }
    }

    /// The once-shown link of a new invitation, with the message to send it in.
    static func invitationFlash(
        _ req: Request, _ created: CreatedInvitationDTO, initiativeID: UUID, by person: SignedInPerson
    ) async throws -> Flash {
        let initiative = try await InitiativeStore(request: req).detail(initiativeID)
        let link = absolute(req, created.link)
        let invitation = created.invitation
        let kind: InvitationMessage.Kind = invitation.kind == .partner
            ? .partner(organization: invitation.organizationName) : .member(roleLabel: invitation.role.label)
        let message = InvitationMessage.text(
            inviter: person.name, inviterOrganization: person.organizationName, kind: kind, initiative: initiative.name,
            purpose: initiative.purpose, link: link, expires: Display.dateTime(invitation.expiresAt))
        return Flash(
            message: "Invitation created for \(invitation.email).",
            secret: .init(
                label: "The invitation link", value: link,
                note: "It works once and is shown only on this page: copy it, or the message below, now. "
                    + "Lost it? Revoke the invitation and create another.",
                message: message))
    }

    // MARK: Members

    static func membersModel(
        _ req: Request, input: [String: String] = [:], errors: [String: String] = [:]
    ) async throws -> MembersPage.Model {
        let (id, person, membership) = try await viewer(req)
        let store = InitiativeStore(request: req)
        let isAdmin = membership.role == .admin
        return MembersPage.Model(
            initiative: try await store.detail(id), members: try await store.members(id), viewer: person, viewerIsAdmin: isAdmin,
            addable: isAdmin ? try await store.addablePeople(id, organizationID: person.organizationID) : [],
            pendingInvitations: isAdmin
                ? try await store.invitations(id, pendingOnly: true).filter { $0.kind == .member && $0.organizationId == person.organizationID }
                : [],
            canInvitePartners: try await req.may(.initiative(id, .invitePartner)),
            input: input, errors: errors)
    }

    @Sendable static func members(req: Request) async throws -> HTMLPage {
        HTMLPage(document: MembersPage.render(try await membersModel(req), context: req.pageContext))
    }

    /// A change on the members page: only the admins of a party manage members (of their own organization; the
    /// store checks which member), so that is checked before anything else. Goes back to the page after the change,
    /// saying what changed.
    /// `memberID`: the member whose row's form this is (a role change), so that row shows what was typed there.
    private static func membersAction(
        _ req: Request, memberID: UUID? = nil, version: (@Sendable (any Database) async throws -> [String: String])? = nil,
        _ body: @escaping (_ form: [String: String]) async throws -> Flash
    ) async throws -> Response {
        let id = try req.uuid("initiativeID")
        let person = try req.person()
        return try await FormAction.run(
            req, authorize: .initiative(id, .manageMembers(ofOrganization: person.organizationID)), version: version
        ) { form in
            .redirect(.initiativeMembers(.value(id)), flash: try await body(form))
        } page: { form, errors in
            var input = form
            if let memberID { input["member"] = memberID.uuidString.lowercased() }
            return MembersPage.render(try await membersModel(req, input: input, errors: errors), context: req.pageContext)
        }
    }

    @Sendable static func addMember(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await membersAction(req) { form in
            guard let personID = form["personId"].flatMap(UUID.init(uuidString:)) else {
                throw AppError.invalid(field: "personId", message: "choose a person")
            }
            guard let role = form["role"].flatMap(MemberRole.init(rawValue:)) else {
                throw AppError.invalid(field: "role", message: "choose a role")
            }
            _ = try await InitiativeStore(request: req).addMember(id, personID: personID, role: role, by: try req.person().actor)
            return Flash(message: "Member added.")
        }
    }

    @Sendable static func inviteMember(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await membersAction(req) { form in
            let person = try req.person()
            let created = try await InvitationStore(request: req).inviteMember(
                id, InviteMemberRequest(email: form["email"], role: form["role"].flatMap(MemberRole.init(rawValue:))), by: person)
            return try await invitationFlash(req, created, initiativeID: id, by: person)
        }
    }

    @Sendable static func changeRole(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        let memberID = try req.uuid("memberID")
        let stored: @Sendable (any Database) async throws -> [String: String] = { db in
            MembersPage.editedFields(try await InitiativeStore(db: db, recorder: req.recorder).member(id, memberID))
        }
        return try await membersAction(req, memberID: memberID, version: stored) { form in
            guard let role = form["role"].flatMap(MemberRole.init(rawValue:)) else {
                throw AppError.invalid(field: "role", message: "choose a role")
            }
            _ = try await InitiativeStore(request: req).changeRole(id, memberID: memberID, to: role, by: try req.person().actor)
            return Flash(message: "Role changed.")
        }
    }

    @Sendable static func removeMember(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        let memberID = try req.uuid("memberID")
        return try await membersAction(req) { _ in
            try await InitiativeStore(request: req).removeMember(id, memberID: memberID, by: try req.person().actor)
            return Flash(message: "Member removed.")
        }
    }

    @Sendable static func revokeInvitation(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        let invitationID = try req.uuid("invitationID")
        return try await membersAction(req) { _ in
            try await InvitationStore(request: req).revoke(id, invitationID: invitationID, by: try req.person().actor)
            return Flash(message: "Invitation revoked.")
        }
    }

    // MARK: Invitation links (no sign-in needed to look)

    @Sendable static func invitation(req: Request) async throws -> HTMLPage {
        let code = try req.parameters.require("code")
        let pending = try await InvitationStore(request: req).pending(code: code)
        return HTMLPage(document: InvitationPage.render(.init(pending: pending, code: code), context: req.pageContext))
    }

    @Sendable static func acceptInvitation(req: Request) async throws -> Response {
        let code = try req.parameters.require("code")
        let store = InvitationStore(request: req)
        if let person = req.auth.get(SignedInPerson.self) {
            let initiativeID = try await store.accept(code: code, by: person)
            return req.redirect(to: SiteURL.initiative(.value(initiativeID)).path, redirectType: .normal)
        }
        let form = try req.content.decode([String: String].self)
        do {
            let (personID, initiativeID) = try await store.acceptWithNewAccount(code: code, name: form["name"], password: form["password"] ?? "")
            let secret = try await SessionStore(request: req).create(personID: personID)
            let response = req.redirect(to: SiteURL.initiative(.value(initiativeID)).path, redirectType: .normal)
            response.cookies[req.application.cookiePolicy.sessionName] = req.application.cookiePolicy.value(secret)
            return response
        } catch let error as AppError where error.field != nil {
            // Taken meanwhile (a racing acceptance): there is no form left to show again, only the error.
            let pending: InvitationStore.Pending
            do { pending = try await store.pending(code: code) } catch AppError.notFound { throw error }
            return try await HTMLPage(
                document: InvitationPage.render(
                    .init(pending: pending, code: code, name: form["name"] ?? "", errors: error.fieldMessages), context: req.pageContext),
                status: error.status
            ).encodeResponse(for: req)
        }
    }

    /// Links shown to people include the host they used, so they can be pasted into an email.
    static func absolute(_ req: Request, _ path: String) -> String {
        guard let host = req.headers.first(name: .host) else { return path }
        let scheme = req.application.cookiePolicy.insecure || host.hasPrefix("127.0.0.1") || host.hasPrefix("localhost") ? "http" : "https"
        return "\(scheme)://\(host)\(path)"
    }
}

import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Single-use, expiring invitation links: to join as a member, or to bring an organization in as a partner.
/// Only the SHA-256 of a link's code is stored; events never carry it.
package struct InvitationStore {
    let db: any Database
    let recorder: Recorder
    let lifetime: TimeInterval

    init(request: Request) {
        self.db = request.db
        self.recorder = request.recorder
        self.lifetime = request.application.appConfig.invitationLifetime
    }

    package init(application: Application) {
        self.db = application.db
        self.recorder = application.recorder
        self.lifetime = application.appConfig.invitationLifetime
    }

    /// A party admin invites someone (new or existing) to join for the admin's own organization.
    func inviteMember(_ initiativeID: UUID, _ request: InviteMemberRequest, by person: SignedInPerson) async throws -> CreatedInvitationDTO {
        let code = Secrets.make()
        let organizationID = person.organizationID
        return try await recorder.record(
            .initiative(initiativeID, .manageMembers(ofOrganization: organizationID)), by: person.actor,
            validate: {
                var checks = FieldChecks()
                let email = checks.run { try Validate.email(request.email) }
                let role = checks.run { () throws -> MemberRole in
                    guard let role = request.role else { throw ValidationError(field: "role", "is required") }
                    return role
                }
                try checks.finish()
                return (email: email!, role: role!)
            },
            apply: { db, input in
                if let existing = try await PersonRow.first(db, where: "email = \(bind: input.email)") {
                    guard existing.organizationID == organizationID else {
                        throw AppError.invalid(field: "email", message: "belongs to a person of another organization; their own admins invite them")
                    }
                    if try await MemberRow.exists(db, where: "initiative_id = \(bind: initiativeID) AND person_id = \(bind: existing.id)") {
                        throw AppError.conflict(field: "email", message: "is already a member")
                    }
                }
                let invitation = try await insert(
                    initiativeID: initiativeID, kind: .member, organizationID: organizationID, organizationName: nil,
                    email: input.email, role: input.role, code: code, invitedBy: person.id, on: db)
                let organizationName = try await OrganizationRow.find(organizationID, db)?.name ?? ""
                return Recorded(
                    CreatedInvitationDTO(invitation: try invitation.dto(organizationName: organizationName), link: SiteURL.invitation(.value(code)).path),
                    Self.invited(invitation))
            })
    }

    /// The owner's admins invite an organization (existing, or new — created when its lead accepts) as a partner.
    package func invitePartner(_ initiativeID: UUID, _ request: InvitePartnerRequest, by person: SignedInPerson) async throws -> CreatedInvitationDTO {
        let code = Secrets.make()
        return try await recorder.record(
            .initiative(initiativeID, .invitePartner), by: person.actor,
            validate: {
                var checks = FieldChecks()
                let organization = checks.run { try Validate.text(request.organizationName, field: "organizationName", maxLength: 120) }
                let email = checks.run { try Validate.email(request.email) }
                try checks.finish()
                return (organization: organization!, email: email!)
            },
            apply: { db, input in
                let existing = try await PeopleStore.organization(named: input.organization, on: db)
                if let existing {
                    if try await PartyRow.exists(db, where: "initiative_id = \(bind: initiativeID) AND organization_id = \(bind: existing.id)") {
                        throw AppError.conflict(field: "organizationName", message: "is already a party of this initiative")
                    }
                }
                let invitation = try await insert(
                    initiativeID: initiativeID, kind: .partner, organizationID: existing?.id,
                    organizationName: existing == nil ? input.organization : nil, email: input.email, role: .admin, code: code,
                    invitedBy: person.id, on: db)
                return Recorded(
                    CreatedInvitationDTO(
                        invitation: try invitation.dto(organizationName: existing?.name ?? input.organization),
                        link: SiteURL.invitation(.value(code)).path),
                    Self.invited(invitation))
            })
    }

    func revoke(_ initiativeID: UUID, invitationID: UUID, by actor: Actor) async throws {
        guard let invitation = try await InvitationRow.first(db, where: "id = \(bind: invitationID) AND initiative_id = \(bind: initiativeID)")
        else { throw AppError.notFound }
        let permission: InitiativeAction
        if invitation.kind == InvitationKind.partner.rawValue {
            permission = .invitePartner
        } else {
            // A member invitation always names the organization the person joins for.
            guard let organizationID = invitation.organizationID else {
                throw StoredValueError(column: "invitations.organization_id", value: "null")
            }
            permission = .manageMembers(ofOrganization: organizationID)
        }
        try await recorder.record(
            .initiative(initiativeID, permission), by: actor, validate: {},
            apply: { db, _ in
                guard let invitation = try await InvitationRow.find(invitationID, db) else { throw AppError.notFound }
                guard invitation.acceptedAt == nil, invitation.revokedAt == nil else {
                    throw AppError.conflict(field: "invitation", message: "was already accepted or revoked")
                }
                try await InvitationRow.update(db, set: "revoked_at = \(bind: Date())", where: "id = \(bind: invitationID)")
                return Recorded((), EventDraft(
                    log: initiativeID, action: .invitationRevoked, objectID: invitationID, change: [:]))
            })
    }

    // MARK: Acceptance

    /// What an invitation link shows before acceptance: enough to decide (who asks, to what, with whom), since the
    /// invitee cannot see the initiative before joining it.
    struct Pending: Sendable {
        var invitation: InvitationDTO
        var initiativeID: UUID
        var initiativeName: String
        var initiativePurpose: String
        /// Who made the link, and for which organization.
        var inviterName: String
        var inviterOrganization: String
        /// The organizations taking part now, the owner first.
        var parties: [String]
        /// True when an account with the invitation's email exists (it must sign in to accept).
        var accountExists: Bool
    }

    /// The invitation behind a code, if it can still be accepted; anything else is "not found".
    func pending(code: String, now: Date = Date()) async throws -> Pending {
        guard let invitation = try await InvitationRow.first(db, where: "code_hash = \(bind: Secrets.hash(code))"),
            invitation.acceptedAt == nil, invitation.revokedAt == nil, invitation.expiresAt > now,
            let initiative = try await InitiativeRow.find(invitation.initiativeID, db)
        else { throw AppError.notFound }
        var organizationName = invitation.organizationName ?? ""
        if let organizationID = invitation.organizationID, let organization = try await OrganizationRow.find(organizationID, db) {
            organizationName = organization.name
        }
        let accountExists = try await PersonRow.exists(db, where: "email = \(bind: invitation.email)")
        let inviter = try await PersonRow.find(invitation.invitedBy, db)
        let inviterOrganization = try await inviter?.organizationName(on: db)
        // The parties with their organizations' names, joined in the one statement that reads the parties.
        let parties = try await (db as! any SQLDatabase).raw("""
            SELECT \(unsafeRaw: PartyRow.columns(as: "p")), o.name AS organization_name
            FROM parties p JOIN organizations o ON o.id = p.organization_id WHERE p.initiative_id = \(bind: invitation.initiativeID)
            """).all()
            .map { (party: try PartyRow(row: $0), name: try $0.decode(column: "organization_name", as: String.self)) }
            .sorted { ($0.party.kind == PartyKind.owner.rawValue ? 0 : 1, $0.party.joinedAt) < ($1.party.kind == PartyKind.owner.rawValue ? 0 : 1, $1.party.joinedAt) }
        return Pending(
            invitation: try invitation.dto(organizationName: organizationName), initiativeID: invitation.initiativeID,
            initiativeName: initiative.name, initiativePurpose: initiative.purpose,
            inviterName: inviter?.name ?? "An admin", inviterOrganization: inviterOrganization ?? "",
            parties: parties.map(\.name), accountExists: accountExists)
    }

    /// Accepts as a signed-in person. A member invitation needs the invited email; a partner invitation to an
    /// existing organization needs one of that organization's admins (the email only says who was asked).
    package func accept(code: String, by person: SignedInPerson) async throws -> UUID {
        // A link that is used up is "not found"; one that was pending as this request began and is taken by the time
        // it writes lost a race, and `claim` says so with a 409.
        let initiativeID = try await pending(code: code).initiativeID
        // A new party's organization may have webhook endpoints of its own: the initiative's cached subscriptions are
        // forgotten in the change (by `join`) and again once it committed or failed, as `WebhookStore` does.
        defer { WebhookSubscriptions.shared.forget(initiativeID) }
        return try await recorder.record(
            .ownAccount, by: person.actor, validate: {},
            apply: { db, _ in
                let invitation = try await Self.claim(code: code, on: db)
                let kind = try InvitationKind(stored: invitation.kind, column: "invitations.kind")
                switch kind {
                case .member:
                    guard invitation.email == person.email.lowercased() else {
                        throw AppError.forbidden("this invitation is for \(invitation.email); sign in as that person to accept it")
                    }
                    guard invitation.organizationID == person.organizationID else {
                        throw AppError.forbidden("this invitation is for people of another organization")
                    }
                case .partner:
                    if let organizationID = invitation.organizationID {
                        guard organizationID == person.organizationID, person.isOrgAdmin else {
                            throw AppError.forbidden("only an admin of the invited organization can accept it")
                        }
                    } else {
                        throw AppError.forbidden("this invitation brings in a new organization; accept it without signing in, by creating its account")
                    }
                }
                var events: [EventDraft] = []
                try await Self.join(invitation, personID: person.id, organizationID: person.organizationID, events: &events, on: db)
                return Recorded(invitation.initiativeID, events)
            })
    }

    /// Accepts by creating the invitee's account (and, for a partner invitation to a new organization, the
    /// organization, with the invitee as its admin). Returns the new person's id and the initiative's.
    func acceptWithNewAccount(code: String, name: String?, password: String, now: Date = Date()) async throws -> (person: UUID, initiative: UUID) {
        let invitation = try await pending(code: code, now: now)
        // Name and password are checked together, before the (slow) hash: both mistakes are reported at once.
        var checks = FieldChecks()
        let validName = checks.run { try Validate.text(name, field: "name", maxLength: 120) }
        checks.run { try PasswordPolicy.validate(password, field: "password") }
        do { try checks.finish() } catch let errors as ValidationErrors { throw AppError.from(errors) }
        catch let error as ValidationError { throw AppError.from(error) }
        let hash = try await PasswordHashing.hash(password)
        return try await recorder.record(
            .operatorOnly, by: .operator,  // the invitation itself is the authority: its admin chose to invite
            validate: { validName! },
            apply: { db, name in
                let model = try await Self.claim(code: code, on: db)
                if model.kind == InvitationKind.partner.rawValue, model.organizationID != nil {
                    throw AppError.forbidden("only an admin of the invited organization can accept it; sign in as one")
                }
                if try await PersonRow.exists(db, where: "email = \(bind: model.email)") {
                    throw AppError.conflict(field: "email", message: "already has an account; sign in to accept")
                }
                var events: [EventDraft] = []
                let organizationID: UUID
                var isOrgAdmin = false
                if let existing = model.organizationID {
                    organizationID = existing
                } else {
                    let organizationName = model.organizationName ?? invitation.invitation.organizationName
                    if try await PeopleStore.organization(named: organizationName, on: db) != nil {
                        throw AppError.conflict(field: "organizationName", message: "now exists; one of its admins must accept")
                    }
                    let organization = OrganizationRow(name: organizationName, createdAt: now)
                    try await organization.insert(db)
                    organizationID = organization.id
                    isOrgAdmin = true
                    events.append(PeopleStore.organizationCreated(organization))
                }
                let (person, personEvent) = try await PeopleStore.insertPerson(
                    name: name, email: model.email, organizationID: organizationID, passwordHash: hash, isOrgAdmin: isOrgAdmin,
                    on: db)
                events.append(personEvent)
                let personID = person.id
                try await Self.join(model, personID: personID, organizationID: organizationID, events: &events, on: db)
                return Recorded((personID, model.initiativeID), events, actor: Actor(personID: personID, organizationID: organizationID))
            })
    }

    /// Marks the invitation used and adds the person (and for a partner, the party) inside the open transaction.
    private static func join(
        _ invitation: InvitationRow, personID: UUID, organizationID: UUID, events: inout [EventDraft], on db: any Database
    ) async throws {
        let initiativeID = invitation.initiativeID
        if try await MemberRow.exists(db, where: "initiative_id = \(bind: initiativeID) AND person_id = \(bind: personID)") {
            throw AppError.conflict(field: "invitation", message: "you are already a member of this initiative")
        }
        let ofOrganization: SQLQueryString = "initiative_id = \(bind: initiativeID) AND organization_id = \(bind: organizationID)"
        let party: PartyRow
        if invitation.kind == InvitationKind.partner.rawValue {
            if try await PartyRow.exists(db, where: ofOrganization) {
                throw AppError.conflict(field: "invitation", message: "your organization is already a party")
            }
            party = PartyRow(
                id: UUID(), initiativeID: initiativeID, organizationID: organizationID, kind: PartyKind.partner.rawValue,
                status: PartyStatus.active.rawValue,
                // In a joint venture the owner's admins re-set the stakes once a partner joins (shown on the overview).
                stakeBasisPoints: nil, joinedAt: Date())
            try await party.insert(db)
            try await WebhookSubscriptions.shared.forget(initiativeID, announcingOn: db)
            events.append(InitiativeStore.partyJoined(party, initiativeID: initiativeID))
        } else {
            guard let existing = try await PartyRow.first(db, where: ofOrganization) else { throw AppError.notFound }
            party = existing
        }
        let role = try MemberRole(stored: invitation.role, column: "role")
        let member = try await InitiativeStore.insertMember(
            initiativeID: initiativeID, personID: personID, partyID: party.id, role: role, on: db)
        events.append(InitiativeStore.memberAdded(member, initiativeID: initiativeID))
        events.append(EventDraft(
            log: initiativeID, action: .invitationAccepted, objectID: invitation.id,
            change: ["personId": .id(personID)]))
    }

    /// Marks the invitation accepted inside the transaction, with a conditional UPDATE, so that of two racing
    /// acceptances exactly one claims it: on PostgreSQL the second waits for the first's row lock and then finds the
    /// invitation taken; on SQLite the write gate runs them one after the other. The loser (whose request saw the
    /// invitation pending, see `pending`) gets a 409 saying so, instead of tripping over a unique constraint later.
    /// Should the change fail afterwards, its rollback releases the invitation again.
    private static func claim(code: String, on db: any Database) async throws -> InvitationRow {
        let now = Date()
        let sql = db as! any SQLDatabase
        guard let row = try await sql.raw("""
            UPDATE invitations SET accepted_at = \(bind: now)
            WHERE code_hash = \(bind: Secrets.hash(code)) AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > \(bind: now)
            RETURNING id
            """).first(),
            let invitation = try await InvitationRow.find(try row.decode(column: "id", as: UUID.self), db)
        else {
            throw AppError.conflict(
                field: "invitation", message: "was already accepted (or withdrawn) a moment ago; an invitation works only once")
        }
        return invitation
    }

    private func insert(
        initiativeID: UUID, kind: InvitationKind, organizationID: UUID?, organizationName: String?, email: String,
        role: MemberRole, code: String, invitedBy: UUID, on db: any Database
    ) async throws -> InvitationRow {
        let now = Date()
        let invitation = InvitationRow(
            id: UUID(), initiativeID: initiativeID, kind: kind.rawValue, organizationID: organizationID,
            organizationName: organizationName, email: email, role: role.rawValue, codeHash: Secrets.hash(code),
            invitedBy: invitedBy, createdAt: now, expiresAt: now.addingTimeInterval(lifetime), acceptedAt: nil, revokedAt: nil)
        try await invitation.insert(db)
        return invitation
    }

    static func invited(_ invitation: InvitationRow) -> EventDraft {
        EventDraft(
            log: invitation.initiativeID, action: .invitationCreated, objectID: invitation.id,
            change: [
                "kind": .string(invitation.kind), "email": .string(invitation.email), "role": .string(invitation.role),
                "organizationId": .optional(invitation.organizationID), "organizationName": .optional(invitation.organizationName),
                "expiresAt": .string(LedgerEventBody.timestamp(invitation.expiresAt)),
            ])
    }
}

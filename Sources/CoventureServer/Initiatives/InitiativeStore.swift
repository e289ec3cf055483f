import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Initiatives, their parties and members. Every change goes through the recorder; reads are scoped by the
/// caller's memberships.
package struct InitiativeStore: RecordingStore {
    let db: any Database
    let recorder: Recorder

    // MARK: Reads

    /// The names of an initiative's parties' organizations (a former party's too, as long as its row exists): what
    /// other features' pages and DTOs name a party by. One statement.
    static func partyNames(_ initiativeID: UUID, on db: any Database) async throws -> [UUID: String] {
        let rows = try await (db as! any SQLDatabase).raw("""
            SELECT o.id, o.name FROM parties p JOIN organizations o ON o.id = p.organization_id WHERE p.initiative_id = \(bind: initiativeID)
            """).all()
        return Dictionary(try rows.map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self)) },
                          uniquingKeysWith: { a, _ in a })
    }

    /// The initiatives the person is a member of, by name; optionally only those where an organization is a party.
    func initiatives(for person: SignedInPerson, withParty organizationID: UUID? = nil) async throws -> [InitiativeSummary] {
        let memberships = try await MemberModel.query(on: db).filter(\.$person.$id == person.id).all()
        guard !memberships.isEmpty else { return [] }
        let roles = Dictionary(memberships.map { ($0.$initiative.id, $0.role) }, uniquingKeysWith: { a, _ in a })
        var ids = Array(roles.keys)
        if let organizationID {
            ids = try await SQLLists.chunked(ids) { chunk in
                try await PartyModel.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$initiative.$id ~~ chunk).all(\.$initiative.$id)
            }
        }
        guard !ids.isEmpty else { return [] }
        var initiatives = try await SQLLists.chunked(ids) { chunk in
            try await InitiativeModel.query(on: db).filter(\.$id ~~ chunk).with(\.$ownerOrganization).sort(\.$name).sort(\.$id).all()
        }
        if SQLLists.isSplit(ids.count) { initiatives.sort { ($0.name, $0.id!.uuidString) < ($1.name, $1.id!.uuidString) } }
        return try initiatives.map { initiative in
            let id = try initiative.requireID()
            return InitiativeSummary(
                id: id, name: initiative.name, purpose: initiative.purpose,
                status: try InitiativeStatus(stored: initiative.status, column: "initiatives.status"),
                governance: try GovernanceModel(stored: initiative.governance, column: "initiatives.governance"),
                ownerOrganizationId: initiative.$ownerOrganization.id,
                ownerOrganizationName: initiative.ownerOrganization.name,
                role: try MemberRole(stored: roles[id] ?? "", column: "role"))
        }
    }

    /// The initiative with its parties (the caller's access was checked by the caller).
    /// The initiative with its parties: one joined SELECT of plain columns (every initiative page and the API's
    /// overview show it, so it is on the path of most requests: issue #6).
    func detail(_ id: UUID) async throws -> InitiativeDTO {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT i.name, i.purpose, i.status, i.governance, i.owner_organization_id, i.created_at, \
            pa.id AS party_id, pa.organization_id, pa.kind, pa.status AS party_status, pa.stake_bp, o.name AS organization_name
            FROM initiatives i LEFT JOIN parties pa ON pa.initiative_id = i.id LEFT JOIN organizations o ON o.id = pa.organization_id
            WHERE i.id = \(bind: id)
            """).all()
        guard let first = rows.first else { throw AppError.notFound }
        let parties = try rows.compactMap { row -> PartyDTO? in
            guard let partyID = try row.decode(column: "party_id", as: UUID?.self) else { return nil }
            return PartyDTO(
                id: partyID, organizationId: try row.decode(column: "organization_id", as: UUID.self),
                organizationName: try row.decode(column: "organization_name", as: String.self),
                kind: try PartyKind(stored: try row.decode(column: "kind", as: String.self), column: "parties.kind"),
                status: try PartyStatus(stored: try row.decode(column: "party_status", as: String.self), column: "parties.status"),
                stake: try row.decode(column: "stake_bp", as: Int?.self).map { String(format: "%d.%02d", $0 / 100, $0 % 100) })
        }
        return InitiativeDTO(
            id: id, name: try first.decode(column: "name", as: String.self), purpose: try first.decode(column: "purpose", as: String.self),
            status: try InitiativeStatus(stored: try first.decode(column: "status", as: String.self), column: "initiatives.status"),
            governance: try GovernanceModel(stored: try first.decode(column: "governance", as: String.self), column: "initiatives.governance"),
            ownerOrganizationId: try first.decode(column: "owner_organization_id", as: UUID.self),
            parties: parties.sorted { ($0.kind == .owner ? 0 : 1, $0.organizationName) < ($1.kind == .owner ? 0 : 1, $1.organizationName) },
            createdAt: try first.decode(column: "created_at", as: Date.self))
    }

    /// Every member with their person and organization: one joined SELECT, decoded column by column (a large
    /// initiative has hundreds of members, and decoding Fluent models with their eager loads cost most of a page).
    func members(_ id: UUID) async throws -> [MemberDTO] {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT m.id, m.person_id, m.party_id, m.role, p.name, p.email, p.organization_id, o.name AS organization_name
            FROM members m JOIN people p ON p.id = m.person_id JOIN organizations o ON o.id = p.organization_id
            WHERE m.initiative_id = \(bind: id)
            """).all()
        return try rows.map { row in
            MemberDTO(
                id: try row.decode(column: "id", as: UUID.self), personId: try row.decode(column: "person_id", as: UUID.self),
                name: try row.decode(column: "name", as: String.self), email: try row.decode(column: "email", as: String.self),
                organizationId: try row.decode(column: "organization_id", as: UUID.self),
                organizationName: try row.decode(column: "organization_name", as: String.self),
                partyId: try row.decode(column: "party_id", as: UUID.self),
                role: try MemberRole(stored: try row.decode(column: "role", as: String.self), column: "role"))
        }.sorted { ($0.organizationName, $0.name) < ($1.organizationName, $1.name) }
    }

    func invitations(_ id: UUID, pendingOnly: Bool = false, now: Date = Date()) async throws -> [InvitationDTO] {
        var query = InvitationModel.query(on: db).filter(\.$initiative.$id == id)
        if pendingOnly {
            query = query.filter(\.$acceptedAt == nil).filter(\.$revokedAt == nil).filter(\.$expiresAt > now)
        }
        let invitations = try await query.sort(\.$createdAt, .descending).all()
        let orgIDs = Set(invitations.compactMap(\.organizationID))
        let names = try await OrganizationRow.all(db, "id", in: orgIDs).reduce(into: [UUID: String]()) { $0[$1.id] = $1.name }
        return try invitations.map { try $0.dto(organizationName: $0.organizationID.flatMap { names[$0] } ?? $0.organizationName ?? "") }
    }

    /// People of an organization who are not yet members of the initiative (to add them directly).
    func addablePeople(_ initiativeID: UUID, organizationID: UUID) async throws -> [PersonDTO] {
        let members = try await MemberModel.query(on: db).filter(\.$initiative.$id == initiativeID).all(\.$person.$id)
        let people = try await PersonRow.all(db, where: "organization_id = \(bind: organizationID)", orderBy: "name")
        let taken = Set(members)
        // Everyone here is of the one organization: its name is read once, as the eager loading did.
        let organizationName = try await people.first?.organizationName(on: db)
        return people.filter { !taken.contains($0.id) }.map { $0.dto(organizationName: organizationName ?? "") }
    }

    /// Events of the initiative's log after a sequence number, oldest first.
    func events(_ id: UUID, after: Int = 0, limit: Int = 50) async throws -> [EventDTO] {
        try await LedgerEventModel.query(on: db).filter(\.$logID == id).filter(\.$sequence > after)
            .sort(\.$sequence, .ascending).limit(limit).all().map { try $0.dto() }
    }

    /// The newest events first, optionally only those before a sequence number (the activity feed's pages).
    func recentEvents(_ id: UUID, before: Int? = nil, limit: Int = 20) async throws -> [EventDTO] {
        var query = LedgerEventModel.query(on: db).filter(\.$logID == id)
        if let before { query = query.filter(\.$sequence < before) }
        return try await query.sort(\.$sequence, .descending).limit(limit).all().map { try $0.dto() }
    }

    // MARK: Changes

    package func create(_ request: CreateInitiativeRequest, by person: SignedInPerson) async throws -> InitiativeDTO {
        let id = try await recorder.record(
            .createInitiative, by: person.actor,
            validate: {
                (
                    name: try Validate.text(request.name, field: "name", maxLength: 120),
                    purpose: try Validate.longText(request.purpose, field: "purpose"),
                    governance: request.governance ?? .ownerLed
                )
            },
            apply: { db, input in
                let now = Date()
                let initiative = InitiativeModel()
                initiative.name = input.name
                initiative.purpose = input.purpose
                initiative.status = InitiativeStatus.proposed.rawValue
                initiative.governance = input.governance.rawValue
                initiative.$ownerOrganization.id = person.organizationID
                initiative.createdAt = now
                try await initiative.create(on: db)
                let id = try initiative.requireID()
                let party = PartyModel()
                party.$initiative.id = id
                party.$organization.id = person.organizationID
                party.kind = PartyKind.owner.rawValue
                party.status = PartyStatus.active.rawValue
                // A new joint venture starts with the owner holding everything until partners join.
                party.stakeBasisPoints = input.governance == .jointVenture ? Stake.whole.basisPoints : nil
                party.joinedAt = now
                try await party.create(on: db)
                let member = try await Self.insertMember(
                    initiativeID: id, personID: person.id, partyID: party.requireID(), role: .admin, on: db)
                // Its governance model's decision types; no event of their own (the creation names the model).
                try await DecisionTypeWrites.seed(initiativeID: id, governance: input.governance, on: db, at: now)
                return Recorded(id, [
                    EventDraft(
                        log: id, action: .initiativeCreated, objectID: id,
                        change: [
                            "name": .string(input.name), "purpose": .string(input.purpose),
                            "governance": .string(input.governance.rawValue), "status": .string(initiative.status),
                            "ownerOrganizationId": .id(person.organizationID),
                        ]),
                    Self.partyJoined(party, initiativeID: id),
                    Self.memberAdded(member, initiativeID: id),
                ])
            })
        return try await detail(id)
    }

    package func update(_ id: UUID, _ request: UpdateInitiativeRequest, by actor: Actor) async throws -> InitiativeDTO {
        _ = try await recorder.record(
            .initiative(id, .manageSettings), by: actor,
            validate: {
                (
                    name: try request.name.map { try Validate.text($0, field: "name", maxLength: 120) },
                    purpose: try request.purpose.map { try Validate.longText($0, field: "purpose") },
                    status: request.status
                )
            },
            apply: { db, input in
                guard let initiative = try await InitiativeModel.find(id, on: db) else { throw AppError.notFound }
                var change: [String: JSONValue] = [:]
                if let name = input.name, name != initiative.name {
                    initiative.name = name
                    change["name"] = .string(name)
                }
                if let purpose = input.purpose, purpose != initiative.purpose {
                    initiative.purpose = purpose
                    change["purpose"] = .string(purpose)
                }
                if let status = input.status, status.rawValue != initiative.status {
                    let current = try InitiativeStatus(stored: initiative.status, column: "initiatives.status")
                    guard current.canMove(to: status) else {
                        throw AppError.invalid(
                            field: "status", message: "cannot move from \(current.rawValue) to \(status.rawValue) (proposed → active → closed)")
                    }
                    initiative.status = status.rawValue
                    change["status"] = .string(status.rawValue)
                }
                guard !change.isEmpty else { return Recorded(id, []) }
                try await initiative.save(on: db)
                return Recorded(id, EventDraft(log: id, action: .initiativeUpdated, objectID: id, change: change))
            })
        return try await detail(id)
    }

    /// Sets the governance model and, for a joint venture, every party's stake (summing to 100 %), at once: for an
    /// initiative whose owner is alone. With partners it is a decision's proposed change (`GovernanceChange`); the
    /// caller checks which (`InitiativesAPIController.governance`).
    func setGovernance(_ id: UUID, _ request: GovernanceRequest, by actor: Actor) async throws -> InitiativeDTO {
        let parties = try await PartyModel.query(on: db).filter(\.$initiative.$id == id).all()
        let now = recorder.now()
        _ = try await recorder.record(
            .initiative(id, .manageSettings), by: actor,
            validate: {
                // Defense in depth: with partners only a passed decision changes the governance (the operator aside).
                if actor.personID != nil && parties.contains(where: { $0.kind == PartyKind.partner.rawValue }) {
                    throw AppError.conflict(field: "model", message: "with partners, a change of governance is a decision of a reserved type")
                }
                return try Self.validateGovernance(request, parties: parties)
            },
            apply: { db, _ in Recorded(id, try await Self.applyGovernance(id, request, on: db, at: now)) })
        return try await detail(id)
    }

    /// Each party's stake as the request sets it, checked against the initiative's parties: every field error names
    /// `stakes.<organization id>`.
    static func validateGovernance(_ request: GovernanceRequest, parties: [PartyModel]) throws -> [UUID: Stake?] {
        var stakes: [UUID: Stake?] = [:]
        for party in parties {
            let organizationID = party.$organization.id
            let raw = request.stakes?[organizationID.uuidString.lowercased()] ?? request.stakes?[organizationID.uuidString]
            if request.model == .jointVenture {
                guard let raw, !raw.isEmpty else {
                    throw ValidationError(field: "stakes.\(organizationID.uuidString.lowercased())", "is required for a joint venture")
                }
                stakes[organizationID] = try Stake(percent: raw, field: "stakes.\(organizationID.uuidString.lowercased())")
            } else {
                stakes[organizationID] = Stake?.none
            }
        }
        let known = Set(parties.map { $0.$organization.id.uuidString.lowercased() })
        if let unknown = request.stakes?.keys.first(where: { !known.contains($0.lowercased()) }) {
            throw ValidationError(field: "stakes.\(unknown)", "is not a party of this initiative")
        }
        if request.model == .ownerLed, request.stakes?.values.contains(where: { !$0.isEmpty }) == true {
            throw ValidationError(field: "stakes", "an owner-led initiative has no stakes; choose joint venture to set them")
        }
        try GovernanceRules.validateStakes(model: request.model, stakes: Array(stakes.values))
        return stakes
    }

    /// Applies a governance change inside a transaction (directly, or at the seal of the decision that ratified it):
    /// checked again against the parties as they are now, then the model, the stakes, and the new model's default
    /// decision types that are missing (existing types stay).
    static func applyGovernance(_ id: UUID, _ request: GovernanceRequest, on db: any Database, at now: Date) async throws -> [EventDraft] {
        let parties = try await PartyModel.query(on: db).filter(\.$initiative.$id == id).all()
        let stakes = try validateGovernance(request, parties: parties)
        guard let initiative = try await InitiativeModel.find(id, on: db) else { throw AppError.notFound }
        initiative.governance = request.model.rawValue
        try await initiative.save(on: db)
        var stakeChange: [String: JSONValue] = [:]
        for party in parties {
            let stake = stakes[party.$organization.id] ?? nil
            party.stakeBasisPoints = stake?.basisPoints
            try await party.save(on: db)
            stakeChange[party.$organization.id.uuidString.lowercased()] = stake.map { .int($0.basisPoints) } ?? .null
        }
        let changed = EventDraft(
            log: id, action: .governanceChanged, objectID: id,
            change: ["model": .string(request.model.rawValue), "stakeBasisPoints": .object(stakeChange)])
        return [changed] + (try await DecisionTypeWrites.addMissingDefaults(initiativeID: id, governance: request.model, on: db, at: now))
    }

    // MARK: Members

    /// Adds a person of the caller's own organization directly.
    package func addMember(_ id: UUID, personID: UUID, role: MemberRole, by actor: Actor) async throws -> MemberDTO {
        let person = try await PersonRow.find(personID, db)
        // Only the operator has no organization, and the operator's check needs none; an unknown person fails validation.
        guard let organizationID = person?.organizationID ?? actor.organizationID else {
            throw AppError.invalid(field: "personId", message: "is not a person of your organization")
        }
        let memberID = try await recorder.record(
            .initiative(id, .manageMembers(ofOrganization: organizationID)), by: actor,
            validate: { guard person != nil else { throw ValidationError(field: "personId", "is not a person of your organization") } },
            apply: { db, _ in
                guard let party = try await PartyModel.query(on: db).filter(\.$initiative.$id == id)
                    .filter(\.$organization.$id == organizationID).first()
                else { throw AppError.invalid(field: "personId", message: "belongs to an organization that is not a party") }
                if try await MemberModel.query(on: db).filter(\.$initiative.$id == id).filter(\.$person.$id == personID).first() != nil {
                    throw AppError.conflict(field: "personId", message: "is already a member")
                }
                let member = try await Self.insertMember(initiativeID: id, personID: personID, partyID: party.requireID(), role: role, on: db)
                return Recorded(try member.requireID(), Self.memberAdded(member, initiativeID: id))
            })
        return try await member(id, memberID)
    }

    func member(_ id: UUID, _ memberID: UUID) async throws -> MemberDTO {
        guard let member = try await MemberModel.query(on: db).filter(\.$id == memberID).filter(\.$initiative.$id == id)
            .with(\.$person, { $0.with(\.$organization) }).first()
        else { throw AppError.notFound }
        return try member.dto()
    }

    func changeRole(_ id: UUID, memberID: UUID, to role: MemberRole, by actor: Actor) async throws -> MemberDTO {
        let existing = try await member(id, memberID)
        _ = try await recorder.record(
            .initiative(id, .manageMembers(ofOrganization: existing.organizationId)), by: actor, validate: {},
            apply: { db, _ in
                guard let member = try await MemberModel.find(memberID, on: db) else { throw AppError.notFound }
                guard member.role != role.rawValue else { return Recorded(memberID, []) }
                if member.role == MemberRole.admin.rawValue {
                    try await Self.requireAnotherAdmin(partyID: member.$party.id, besides: memberID, on: db)
                }
                // The role it replaces goes into the event, so the feed can say "from contributor to admin".
                let previousRole = member.role
                member.role = role.rawValue
                try await member.save(on: db)
                return Recorded(memberID, EventDraft(
                    log: id, action: .memberRoleChanged, objectID: memberID,
                    change: ["personId": .id(member.$person.id), "role": .string(role.rawValue), "previousRole": .string(previousRole)]))
            })
        return try await member(id, memberID)
    }

    func removeMember(_ id: UUID, memberID: UUID, by actor: Actor) async throws {
        let existing = try await member(id, memberID)
        try await recorder.record(
            .initiative(id, .manageMembers(ofOrganization: existing.organizationId)), by: actor, validate: {},
            apply: { db, _ in
                guard let member = try await MemberModel.find(memberID, on: db) else { throw AppError.notFound }
                if member.role == MemberRole.admin.rawValue {
                    try await Self.requireAnotherAdmin(partyID: member.$party.id, besides: memberID, on: db)
                }
                try await member.delete(on: db)
                return Recorded((), EventDraft(
                    log: id, action: .memberRemoved, objectID: memberID,
                    change: ["personId": .id(member.$person.id)]))
            })
    }

    /// A party must keep an admin, or nobody could manage its members again.
    static func requireAnotherAdmin(partyID: UUID, besides memberID: UUID, on db: any Database) async throws {
        let admins = try await MemberModel.query(on: db).filter(\.$party.$id == partyID)
            .filter(\.$role == MemberRole.admin.rawValue).filter(\.$id != memberID).count()
        guard admins > 0 else {
            throw AppError.conflict(field: "role", message: "cannot leave a party without an admin; make someone else admin first")
        }
    }

    // MARK: Event helpers

    static func insertMember(initiativeID: UUID, personID: UUID, partyID: UUID, role: MemberRole, on db: any Database) async throws -> MemberModel {
        let member = MemberModel()
        member.$initiative.id = initiativeID
        member.$person.id = personID
        member.$party.id = partyID
        member.role = role.rawValue
        member.addedAt = Date()
        try await member.create(on: db)
        return member
    }

    static func memberAdded(_ member: MemberModel, initiativeID: UUID) -> EventDraft {
        EventDraft(
            log: initiativeID, action: .memberAdded, objectID: member.id!,
            change: ["personId": .id(member.$person.id), "partyId": .id(member.$party.id), "role": .string(member.role)])
    }

    static func partyJoined(_ party: PartyModel, initiativeID: UUID) -> EventDraft {
        EventDraft(
            log: initiativeID, action: .partyJoined, objectID: party.id!,
            change: [
                "organizationId": .id(party.$organization.id), "kind": .string(party.kind),
                "stakeBasisPoints": party.stakeBasisPoints.map { .int($0) } ?? .null,
            ])
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
}

extension PartyModel {
    func dto() throws -> PartyDTO {
        PartyDTO(
            id: try requireID(), organizationId: $organization.id, organizationName: organization.name,
            kind: try PartyKind(stored: kind, column: "parties.kind"), status: try PartyStatus(stored: status, column: "parties.status"),
            stake: stakeBasisPoints.map { String(format: "%d.%02d", $0 / 100, $0 % 100) })
    }
}

extension MemberModel {
    func dto() throws -> MemberDTO {
        MemberDTO(
            id: try requireID(), personId: $person.id, name: person.name, email: person.email,
            organizationId: person.$organization.id, organizationName: person.organization.name, partyId: $party.id,
            role: try MemberRole(stored: role, column: "role"))
    }
}

extension InvitationModel {
    func dto(organizationName: String) throws -> InvitationDTO {
        InvitationDTO(
            id: try requireID(), kind: try InvitationKind(stored: kind, column: "invitations.kind"), email: email,
            role: try MemberRole(stored: role, column: "role"), organizationId: organizationID, organizationName: organizationName,
            createdAt: createdAt, expiresAt: expiresAt, acceptedAt: acceptedAt, revokedAt: revokedAt)
    }
}

extension LedgerEventModel {
    func dto() throws -> EventDTO {
        let change = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(canonical.utf8)))?["change"] ?? .null
        return EventDTO(
            sequence: sequence, actorId: actorID, actorOrganizationId: actorOrganizationID, action: action,
            objectType: objectType, objectId: objectID, change: change, recordedAt: recordedAt, sha256: sha256)
    }
}

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
        let memberships = try await MemberRow.all(db, where: "person_id = \(bind: person.id)")
        guard !memberships.isEmpty else { return [] }
        let roles = Dictionary(memberships.map { ($0.initiativeID, $0.role) }, uniquingKeysWith: { a, _ in a })
        var ids = Array(roles.keys)
        if let organizationID {
            ids = try await PartyRow.all(db, "initiative_id", in: ids, and: "organization_id = \(bind: organizationID)").map(\.initiativeID)
        }
        guard !ids.isEmpty else { return [] }
        // Each initiative with its owner organization's name, joined in the one statement (per chunk of ids) that
        // reads the initiatives.
        var rows = try await SQLLists.rows(db, "i.id", in: ids) { condition in
            """
            SELECT \(unsafeRaw: InitiativeRow.columns(as: "i")), o.name AS owner_organization_name
            FROM initiatives i JOIN organizations o ON o.id = i.owner_organization_id
            WHERE \(condition) ORDER BY i.name, i.id
            """
        }.map { (initiative: try InitiativeRow(row: $0), ownerName: try $0.decode(column: "owner_organization_name", as: String.self)) }
        if SQLLists.isSplit(ids.count) {
            rows.sort { ($0.initiative.name, $0.initiative.id.uuidString) < ($1.initiative.name, $1.initiative.id.uuidString) }
        }
        return try rows.map { initiative, ownerName in
            InitiativeSummary(
                id: initiative.id, name: initiative.name, purpose: initiative.purpose,
                status: try InitiativeStatus(stored: initiative.status, column: "initiatives.status"),
                governance: try GovernanceModel(stored: initiative.governance, column: "initiatives.governance"),
                ownerOrganizationId: initiative.ownerOrganizationID,
                ownerOrganizationName: ownerName,
                role: try MemberRole(stored: roles[initiative.id] ?? "", column: "role"))
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

    /// Every member with their person and organization, by organization and name.
    func members(_ id: UUID) async throws -> [MemberDTO] {
        try await memberDTOs(where: "m.initiative_id = \(bind: id)")
            .sorted { ($0.organizationName, $0.name) < ($1.organizationName, $1.name) }
    }

    /// One member of the initiative with their person and organization; "not found" for a member of another one.
    func member(_ id: UUID, _ memberID: UUID) async throws -> MemberDTO {
        guard let member = try await memberDTOs(where: "m.id = \(bind: memberID) AND m.initiative_id = \(bind: id)").first else {
            throw AppError.notFound
        }
        return member
    }

    /// Members with their person and organization: one joined SELECT of the columns a `MemberDTO` shows, decoded
    /// column by column (a large initiative has hundreds of members, and decoding Fluent models with their eager loads
    /// cost most of a page).
    private func memberDTOs(where condition: SQLQueryString) async throws -> [MemberDTO] {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT m.id, m.person_id, m.party_id, m.role, p.name, p.email, p.organization_id, o.name AS organization_name
            FROM members m JOIN people p ON p.id = m.person_id JOIN organizations o ON o.id = p.organization_id
            WHERE \(condition)
            """).all()
        return try rows.map { row in
            MemberDTO(
                id: try row.decode(column: "id", as: UUID.self), personId: try row.decode(column: "person_id", as: UUID.self),
                name: try row.decode(column: "name", as: String.self), email: try row.decode(column: "email", as: String.self),
                organizationId: try row.decode(column: "organization_id", as: UUID.self),
                organizationName: try row.decode(column: "organization_name", as: String.self),
                partyId: try row.decode(column: "party_id", as: UUID.self),
                role: try MemberRole(stored: try row.decode(column: "role", as: String.self), column: "role"))
        }
    }

    func invitations(_ id: UUID, pendingOnly: Bool = false, now: Date = Date()) async throws -> [InvitationDTO] {
        var condition: SQLQueryString = "initiative_id = \(bind: id)"
        if pendingOnly {
            condition = "initiative_id = \(bind: id) AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > \(bind: now)"
        }
        let invitations = try await InvitationRow.all(db, where: condition, orderBy: "created_at DESC")
        let orgIDs = Set(invitations.compactMap(\.organizationID))
        let names = try await OrganizationRow.all(db, "id", in: orgIDs).reduce(into: [UUID: String]()) { $0[$1.id] = $1.name }
        return try invitations.map { try $0.dto(organizationName: $0.organizationID.flatMap { names[$0] } ?? $0.organizationName ?? "") }
    }

    /// People of an organization who are not yet members of the initiative (to add them directly).
    func addablePeople(_ initiativeID: UUID, organizationID: UUID) async throws -> [PersonDTO] {
        let members = try await MemberRow.all(db, where: "initiative_id = \(bind: initiativeID)").map(\.personID)
        let people = try await PersonRow.all(db, where: "organization_id = \(bind: organizationID)", orderBy: "name")
        let taken = Set(members)
        // Everyone here is of the one organization: its name is read once, as the eager loading did.
        let organizationName = try await people.first?.organizationName(on: db)
        return people.filter { !taken.contains($0.id) }.map { $0.dto(organizationName: organizationName ?? "") }
    }

    /// Events of the initiative's log after a sequence number, oldest first.
    func events(_ id: UUID, after: Int = 0, limit: Int = 50) async throws -> [EventDTO] {
        try await LedgerEventRow.all(db, where: "log_id = \(bind: id) AND seq > \(bind: after)", orderBy: "seq", limit: limit).map { $0.dto() }
    }

    /// The newest events first, optionally only those before a sequence number (the activity feed's pages).
    func recentEvents(_ id: UUID, before: Int? = nil, limit: Int = 20) async throws -> [EventDTO] {
        var condition: SQLQueryString = "log_id = \(bind: id)"
        if let before { condition.appendInterpolation(" AND seq < \(bind: before)" as SQLQueryString) }
        return try await LedgerEventRow.all(db, where: condition, orderBy: "seq DESC", limit: limit).map { $0.dto() }
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
                let initiative = InitiativeRow(
                    id: UUID(), name: input.name, purpose: input.purpose, status: InitiativeStatus.proposed.rawValue,
                    governance: input.governance.rawValue, ownerOrganizationID: person.organizationID, createdAt: now)
                try await initiative.insert(db)
                let id = initiative.id
                let party = PartyRow(
                    id: UUID(), initiativeID: id, organizationID: person.organizationID, kind: PartyKind.owner.rawValue,
                    status: PartyStatus.active.rawValue,
                    // A new joint venture starts with the owner holding everything until partners join.
                    stakeBasisPoints: input.governance == .jointVenture ? Stake.whole.basisPoints : nil, joinedAt: now)
                try await party.insert(db)
                let member = try await Self.insertMember(initiativeID: id, personID: person.id, partyID: party.id, role: .admin, on: db)
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
                guard let initiative = try await InitiativeRow.find(id, db) else { throw AppError.notFound }
                // Only the columns that change are written, so a concurrent change of another column (the OKR
                // settings' stale days) is never overwritten with the value read here.
                var assignments: [SQLQueryString] = []
                var change: [String: JSONValue] = [:]
                if let name = input.name, name != initiative.name {
                    assignments.append("name = \(bind: name)")
                    change["name"] = .string(name)
                }
                if let purpose = input.purpose, purpose != initiative.purpose {
                    assignments.append("purpose = \(bind: purpose)")
                    change["purpose"] = .string(purpose)
                }
                if let status = input.status, status.rawValue != initiative.status {
                    let current = try InitiativeStatus(stored: initiative.status, column: "initiatives.status")
                    guard current.canMove(to: status) else {
                        throw AppError.invalid(
                            field: "status", message: "cannot move from \(current.rawValue) to \(status.rawValue) (proposed → active → closed)")
                    }
                    assignments.append("status = \(bind: status.rawValue)")
                    change["status"] = .string(status.rawValue)
                }
                guard !change.isEmpty else { return Recorded(id, []) }
                try await InitiativeRow.update(db, set: assignments.joined(separator: ", "), where: "id = \(bind: id)")
                return Recorded(id, EventDraft(log: id, action: .initiativeUpdated, objectID: id, change: change))
            })
        return try await detail(id)
    }

    /// Sets the governance model and, for a joint venture, every party's stake (summing to 100 %), at once: for an
    /// initiative whose owner is alone. With partners it is a decision's proposed change (`GovernanceChange`); the
    /// caller checks which (`InitiativesAPIController.governance`).
    func setGovernance(_ id: UUID, _ request: GovernanceRequest, by actor: Actor) async throws -> InitiativeDTO {
        let parties = try await PartyRow.all(db, where: "initiative_id = \(bind: id)")
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
    static func validateGovernance(_ request: GovernanceRequest, parties: [PartyRow]) throws -> [UUID: Stake?] {
        var stakes: [UUID: Stake?] = [:]
        for party in parties {
            let organizationID = party.organizationID
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
        let known = Set(parties.map { $0.organizationID.uuidString.lowercased() })
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
        let parties = try await PartyRow.all(db, where: "initiative_id = \(bind: id)")
        let stakes = try validateGovernance(request, parties: parties)
        guard try await InitiativeRow.exists(db, where: "id = \(bind: id)") else { throw AppError.notFound }
        try await InitiativeRow.update(db, set: "governance = \(bind: request.model.rawValue)", where: "id = \(bind: id)")
        var stakeChange: [String: JSONValue] = [:]
        for party in parties {
            let stake = stakes[party.organizationID] ?? nil
            try await PartyRow.update(db, set: "stake_bp = \(bind: stake?.basisPoints)", where: "id = \(bind: party.id)")
            stakeChange[party.organizationID.uuidString.lowercased()] = stake.map { .int($0.basisPoints) } ?? .null
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
                guard let party = try await PartyRow.first(db, where: "initiative_id = \(bind: id) AND organization_id = \(bind: organizationID)")
                else { throw AppError.invalid(field: "personId", message: "belongs to an organization that is not a party") }
                if try await MemberRow.exists(db, where: "initiative_id = \(bind: id) AND person_id = \(bind: personID)") {
                    throw AppError.conflict(field: "personId", message: "is already a member")
                }
                let member = try await Self.insertMember(initiativeID: id, personID: personID, partyID: party.id, role: role, on: db)
                return Recorded(member.id, Self.memberAdded(member, initiativeID: id))
            })
        return try await member(id, memberID)
    }

    func changeRole(_ id: UUID, memberID: UUID, to role: MemberRole, by actor: Actor) async throws -> MemberDTO {
        let existing = try await member(id, memberID)
        _ = try await recorder.record(
            .initiative(id, .manageMembers(ofOrganization: existing.organizationId)), by: actor, validate: {},
            apply: { db, _ in
                guard let member = try await MemberRow.find(memberID, db) else { throw AppError.notFound }
                guard member.role != role.rawValue else { return Recorded(memberID, []) }
                if member.role == MemberRole.admin.rawValue {
                    try await Self.requireAnotherAdmin(partyID: member.partyID, besides: memberID, on: db)
                }
                try await MemberRow.update(db, set: "role = \(bind: role.rawValue)", where: "id = \(bind: memberID)")
                // The role it replaces (`member.role`, as read) goes into the event, so the feed can say "from contributor to admin".
                return Recorded(memberID, EventDraft(
                    log: id, action: .memberRoleChanged, objectID: memberID,
                    change: ["personId": .id(member.personID), "role": .string(role.rawValue), "previousRole": .string(member.role)]))
            })
        return try await member(id, memberID)
    }

    func removeMember(_ id: UUID, memberID: UUID, by actor: Actor) async throws {
        let existing = try await member(id, memberID)
        try await recorder.record(
            .initiative(id, .manageMembers(ofOrganization: existing.organizationId)), by: actor, validate: {},
            apply: { db, _ in
                guard let member = try await MemberRow.find(memberID, db) else { throw AppError.notFound }
                if member.role == MemberRole.admin.rawValue {
                    try await Self.requireAnotherAdmin(partyID: member.partyID, besides: memberID, on: db)
                }
                try await member.delete(db)
                return Recorded((), EventDraft(
                    log: id, action: .memberRemoved, objectID: memberID,
                    change: ["personId": .id(member.personID)]))
            })
    }

    /// A party must keep an admin, or nobody could manage its members again.
    static func requireAnotherAdmin(partyID: UUID, besides memberID: UUID, on db: any Database) async throws {
        let admins = try await MemberRow.count(
            db, where: "party_id = \(bind: partyID) AND role = \(bind: MemberRole.admin.rawValue) AND id <> \(bind: memberID)")
        guard admins > 0 else {
            throw AppError.conflict(field: "role", message: "cannot leave a party without an admin; make someone else admin first")
        }
    }

    // MARK: Event helpers

    static func insertMember(initiativeID: UUID, personID: UUID, partyID: UUID, role: MemberRole, on db: any Database) async throws -> MemberRow {
        let member = MemberRow(id: UUID(), initiativeID: initiativeID, personID: personID, partyID: partyID, role: role.rawValue, addedAt: Date())
        try await member.insert(db)
        return member
    }

    static func memberAdded(_ member: MemberRow, initiativeID: UUID) -> EventDraft {
        EventDraft(
            log: initiativeID, action: .memberAdded, objectID: member.id,
            change: ["personId": .id(member.personID), "partyId": .id(member.partyID), "role": .string(member.role)])
    }

    static func partyJoined(_ party: PartyRow, initiativeID: UUID) -> EventDraft {
        EventDraft(
            log: initiativeID, action: .partyJoined, objectID: party.id,
            change: [
                "organizationId": .id(party.organizationID), "kind": .string(party.kind),
                "stakeBasisPoints": party.stakeBasisPoints.map { .int($0) } ?? .null,
            ])
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
}

extension InvitationRow {
    func dto(organizationName: String) throws -> InvitationDTO {
        InvitationDTO(
            id: id, kind: try InvitationKind(stored: kind, column: "invitations.kind"), email: email,
            role: try MemberRole(stored: role, column: "role"), organizationId: organizationID, organizationName: organizationName,
            createdAt: createdAt, expiresAt: expiresAt, acceptedAt: acceptedAt, revokedAt: revokedAt)
    }
}

extension LedgerEventRow {
    func dto() -> EventDTO {
        let change = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(canonical.utf8)))?["change"] ?? .null
        return EventDTO(
            sequence: sequence, actorId: actorID, actorOrganizationId: actorOrganizationID, action: action,
            objectType: objectType, objectId: objectID, change: change, recordedAt: recordedAt, sha256: sha256)
    }
}

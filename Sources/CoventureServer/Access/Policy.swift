import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Everything a caller may ask to do. Each case is decided in exactly one place: `Policy.authorize`.
package enum Permission: Sendable, Equatable {
    case initiative(UUID, InitiativeAction)
    /// See an organization's page: its own people, and members of initiatives it is a party to.
    case readOrganization(UUID)
    /// See a person: people of one's own organization, and anyone one shares an initiative with.
    case readPerson(UUID)
    /// Create an initiative owned by one's organization: its organization admins.
    case createInitiative
    /// Change an organization's own settings (its cosigner key): its organization admins.
    case manageOrganization(UUID)
    /// Manage one's own account (tokens).
    case ownAccount
    /// Things only the operator does (CLI, demo loader).
    case operatorOnly
    /// Create objectives of an organization's own (not an initiative's).
    case organizationOKRs(UUID, OrganizationOKRAction)
    /// An objective, wherever it lives: an initiative's follows the initiative's rules, an organization's its own.
    case objective(UUID, ObjectiveAction)
    /// A key result: decided as its objective.
    case keyResult(UUID, ObjectiveAction)
}

/// What one does with an objective or key result.
package enum ObjectiveAction: Sendable, Equatable {
    case read
    /// Create, change, align: contributors of an initiative; admins of an organization for its own objectives.
    case change
    /// Record a check-in on a key result: in an initiative, its owner, the leaders of streams contributing to it and
    /// its party's admins (`AccessPolicy`'s `checkInKeyResult`); anyone of the organization for its own objectives.
    case checkIn
}

/// The one authorization policy. Facts come from the database; the rules come from `AccessPolicy` (pure, in Core).
enum Policy {
    static func authorize(_ permission: Permission, actor: Actor, on db: any Database) async throws {
        try enforce(try await decide(permission, actor: actor, on: db))
    }

    /// Whether the caller may: `.allow`, `.notFound` (they may not know it exists) or `.forbidden` with the reason.
    /// Pages ask this to decide what to offer; nothing asks by catching a refusal, which would also swallow a
    /// database failure. Throws only when the facts cannot be read.
    static func decide(_ permission: Permission, actor: Actor, on db: any Database) async throws -> AccessDecision {
        guard let personID = actor.personID, let organizationID = actor.organizationID else {
            return .allow  // the operator may do anything
        }
        switch permission {
        case .initiative(let initiativeID, let action):
            let viewer = try await viewer(personID: personID, initiativeID: initiativeID, on: db)
            return AccessPolicy.decide(action, for: viewer)
        case .readOrganization(let id):
            if id == organizationID { return .allow }
            return try await sharesInitiative(personID: personID, organizationID: id, on: db) ? .allow : .notFound
        case .readPerson(let id):
            if id == personID { return .allow }
            guard let person = try await PersonRow.find(id, db) else { return .notFound }
            if person.organizationID == organizationID { return .allow }
            let mine = try await initiativeIDs(of: personID, on: db)
            guard !mine.isEmpty,
                try await !MemberRow.all(db, "initiative_id", in: mine, and: "person_id = \(bind: id)").isEmpty
            else { return .notFound }
            return .allow
        case .createInitiative:
            guard let person = try await PersonRow.find(personID, db), person.isOrgAdmin else {
                return .forbidden(reason: "only your organization's admins start initiatives")
            }
            return .allow
        case .manageOrganization(let id):
            guard id == organizationID else { return .notFound }
            guard let person = try await PersonRow.find(personID, db), person.isOrgAdmin else {
                return .forbidden(reason: "only your organization's admins change its settings")
            }
            return .allow
        case .ownAccount:
            return .allow
        case .operatorOnly:
            return .forbidden(reason: "only the operator can do this")
        case .organizationOKRs(let id, let action):
            guard let person = try await PersonRow.find(personID, db) else { throw AppError.unauthorized }
            return AccessPolicy.decideOrganizationOKRs(
                action, objectiveOrganizationID: id, viewerOrganizationID: organizationID, viewerIsOrgAdmin: person.isOrgAdmin,
                alignedFromViewersInitiative: false)
        case .keyResult(let id, let action):
            let sql = db as! any SQLDatabase
            guard let row = try await sql.raw("""
                SELECT objective_id, initiative_id, organization_id, owner_person_id FROM key_results WHERE id = \(bind: id)
                """).first()
            else { return .notFound }
            if action == .checkIn, let initiativeID = try row.decode(column: "initiative_id", as: UUID?.self) {
                return try await decideCheckIn(
                    keyResultID: id, initiativeID: initiativeID, ownerID: try row.decode(column: "owner_person_id", as: UUID?.self),
                    owningOrganizationID: try row.decode(column: "organization_id", as: UUID.self), personID: personID, on: db)
            }
            return try await decide(.objective(try row.decode(column: "objective_id", as: UUID.self), action), actor: actor, on: db)
        case .objective(let id, let action):
            guard let objective = try await ObjectiveRow.find(id, db) else { return .notFound }
            if let initiativeID = objective.initiativeID {
                let viewer = try await viewer(personID: personID, initiativeID: initiativeID, on: db)
                return AccessPolicy.decide(action == .read ? .read : .contribute, for: viewer)
            }
            guard let person = try await PersonRow.find(personID, db) else { throw AppError.unauthorized }
            let aligned = objective.organizationID == organizationID
                ? false : try await isAlignedFromInitiatives(objectiveID: id, of: personID, on: db)
            let organizationAction: OrganizationOKRAction = switch action {
            case .read: .read
            case .change: .manage
            case .checkIn: .checkIn
            }
            return AccessPolicy.decideOrganizationOKRs(
                organizationAction, objectiveOrganizationID: objective.organizationID, viewerOrganizationID: organizationID,
                viewerIsOrgAdmin: person.isOrgAdmin, alignedFromViewersInitiative: aligned)
        }
    }

    /// A check-in on an initiative's key result (issue #12, bug 4). Whether the person leads a contributing stream is
    /// asked only when nothing else allows it: the owner's check-in, the hot path, costs no more than before.
    private static func decideCheckIn(
        keyResultID: UUID, initiativeID: UUID, ownerID: UUID?, owningOrganizationID: UUID, personID: UUID, on db: any Database
    ) async throws -> AccessDecision {
        let viewer = try await viewer(personID: personID, initiativeID: initiativeID, on: db)
        func decide(leads: Bool) -> AccessDecision {
            AccessPolicy.decide(
                .checkInKeyResult(ownerID: ownerID, owningOrganizationID: owningOrganizationID, leadsContributingStream: leads), for: viewer)
        }
        let first = decide(leads: false)
        guard case .forbidden = first else { return first }
        let sql = db as! any SQLDatabase
        let leads = try await sql.raw("""
            SELECT w.id FROM workstream_key_results k JOIN workstreams w ON w.id = k.workstream_id
            WHERE k.key_result_id = \(bind: keyResultID) AND w.leader_id = \(bind: personID) \
            AND w.status <> \(bind: WorkstreamStatus.closed.rawValue)
            """).first() != nil
        return decide(leads: leads)
    }

    /// True when an objective of an initiative the person is a member of aligns to this (organization) objective.
    static func isAlignedFromInitiatives(objectiveID: UUID, of personID: UUID, on db: any Database) async throws -> Bool {
        let mine = try await initiativeIDs(of: personID, on: db)
        guard !mine.isEmpty else { return false }
        let children = try await ObjectiveAlignmentRow.all(db, where: "parent_id = \(bind: objectiveID)").map(\.childID)
        guard !children.isEmpty else { return false }
        let initiatives = Set(mine)
        return try await ObjectiveRow.all(db, "id", in: children).contains { $0.initiativeID.map(initiatives.contains) == true }
    }

    static func enforce(_ decision: AccessDecision) throws {
        switch decision {
        case .allow: return
        case .notFound: throw AppError.notFound
        case .forbidden(let reason): throw AppError.forbidden(reason)
        }
    }

    /// The caller's membership facts for one initiative (nil membership when not a member, or no such initiative).
    static func viewer(personID: UUID, initiativeID: UUID, on db: any Database) async throws -> InitiativeViewer {
        // Asked on nearly every request: one joined SELECT of plain columns (issue #6).
        try await membership(personID: personID, initiativeID: initiativeID, extraColumns: nil, on: db).viewer
    }

    /// `viewer`, for a read the read cache may serve: the same lookup, with the initiative's revision in the same
    /// statement (a repeated read then costs the session lookup and this one; issue #6).
    /// The revision is nil for a non-member, who gets nothing from the cache.
    static func reader(personID: UUID, initiativeID: UUID, on db: any Database) async throws -> (InitiativeViewer, InitiativeRevision?) {
        let (viewer, row) = try await membership(
            personID: personID, initiativeID: initiativeID, extraColumns: InitiativeRevision.columns(initiative: initiativeID), on: db)
        return (viewer, try row.map(InitiativeRevision.init(row:)))
    }

    /// The membership row (role and party), with `extraColumns` selected beside it; nil row for a non-member.
    private static func membership(
        personID: UUID, initiativeID: UUID, extraColumns: SQLQueryString?, on db: any Database
    ) async throws -> (viewer: InitiativeViewer, row: (any SQLRow)?) {
        let sql = db as! any SQLDatabase
        let extra: SQLQueryString = extraColumns.map { ", \($0)" } ?? ""
        guard let row = try await sql.raw("""
            SELECT m.role, p.organization_id, p.kind\(extra)
            FROM members m JOIN parties p ON p.id = m.party_id
            WHERE m.initiative_id = \(bind: initiativeID) AND m.person_id = \(bind: personID)
            """).first(),
            let role = MemberRole(rawValue: try row.decode(column: "role", as: String.self))
        else { return (InitiativeViewer(personID: personID, membership: nil), nil) }
        let membership = InitiativeViewer.Membership(
            role: role, partyOrganizationID: try row.decode(column: "organization_id", as: UUID.self),
            partyIsOwner: try row.decode(column: "kind", as: String.self) == PartyKind.owner.rawValue)
        return (InitiativeViewer(personID: personID, membership: membership), row)
    }

    /// The initiatives a person is a member of: the scope of everything they may see beyond their own organization.
    static func initiativeIDs(of personID: UUID, on db: any Database) async throws -> [UUID] {
        try await MemberRow.all(db, where: "person_id = \(bind: personID)").map(\.initiativeID)
    }

    /// True when the person is a member of an initiative in which the organization is a party.
    static func sharesInitiative(personID: UUID, organizationID: UUID, on db: any Database) async throws -> Bool {
        let mine = try await initiativeIDs(of: personID, on: db)
        guard !mine.isEmpty else { return false }
        return try await !PartyRow.all(db, "initiative_id", in: mine, and: "organization_id = \(bind: organizationID)").isEmpty
    }
}

extension Request {
    /// Checks a permission for the signed-in caller; throws 401/403/404 as the policy decides.
    func authorize(_ permission: Permission) async throws {
        try await Policy.authorize(permission, actor: try person().actor, on: db)
    }

    /// True when the signed-in caller may: for what a page offers (a form shown or not).
    func may(_ permission: Permission) async throws -> Bool {
        try await Policy.decide(permission, actor: try person().actor, on: db) == .allow
    }
}

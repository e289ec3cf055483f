import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// How objectives and key results are written: what the stores and the import share (where an objective lives, who
/// may own it, its period, the rows and the events).
enum OKRWrites {

    /// Where an objective lives: its log, and whose people may own it.
    enum Scope: Sendable {
        case initiative(UUID)
        case organization(UUID)

        init(_ objective: ObjectiveRow) {
            self = objective.initiativeID.map(Scope.initiative) ?? .organization(objective.organizationID)
        }

        var log: UUID {
            switch self {
            case .initiative(let id), .organization(let id): id
            }
        }

        var initiativeID: UUID? {
            if case .initiative(let id) = self { return id }
            return nil
        }

        /// The organizations that may own objectives here: the initiative's parties, or the organization itself.
        func partyOrganizations(on db: any Database) async throws -> [UUID] {
            switch self {
            case .initiative(let id):
                return try await PartyRow.all(db, where: "initiative_id = \(bind: id)", orderBy: "joined_at").map(\.organizationID)
            case .organization(let id):
                return [id]
            }
        }
    }

    /// A new owner of an objective or key result: checked to be someone who may own it, then noted as a change.
    static func changeOwner(
        _ current: inout UUID?, to owner: UUID?, scope: Scope, in changes: inout FieldChanges, on db: any Database
    ) async throws {
        guard let owner, owner != current else { return }
        try await checkOwner(owner, scope: scope, on: db)
        changes.update("ownerId", &current, to: owner, as: { $0.map(JSONValue.id) ?? .null })
    }

    static func checkOwner(_ ownerID: UUID?, scope: Scope, on db: any Database) async throws {
        guard let ownerID else { return }
        switch scope {
        case .initiative(let id):
            guard try await MemberRow.count(db, where: "initiative_id = \(bind: id) AND person_id = \(bind: ownerID)") == 1 else {
                throw AppError.invalid(field: "ownerId", message: "must be a member of this initiative")
            }
        case .organization(let id):
            guard try await PersonRow.count(db, where: "id = \(bind: ownerID) AND organization_id = \(bind: id)") == 1 else {
                throw AppError.invalid(field: "ownerId", message: "must be a person of this organization")
            }
        }
    }

    static func weight(_ input: NumberInput?) throws -> Decimal {
        guard let weight = try input.decimal(field: "weight") else { return 1 }
        guard weight > 0 else { throw ValidationError(field: "weight", "must be more than 0") }
        return weight
    }

    /// Finds the scope's period with these dates, or creates it.
    static func period(_ period: OKRPeriod, scope: Scope, on db: any Database) async throws -> UUID {
        var condition: SQLQueryString = "start_date = \(bind: period.start.description) AND end_date = \(bind: period.end.description)"
        switch scope {
        case .initiative(let id): condition.appendInterpolation(" AND initiative_id = \(bind: id)" as SQLQueryString)
        case .organization(let id): condition.appendInterpolation(" AND initiative_id IS NULL AND organization_id = \(bind: id)" as SQLQueryString)
        }
        if let existing = try await OKRPeriodRow.first(db, where: condition) { return existing.id }
        let organizationID: UUID
        switch scope {
        case .initiative(let id):
            guard let initiative = try await InitiativeRow.find(id, db) else { throw AppError.notFound }
            organizationID = initiative.ownerOrganizationID
        case .organization(let id):
            organizationID = id
        }
        let row = OKRPeriodRow(
            id: UUID(), initiativeID: scope.initiativeID, organizationID: organizationID, name: period.name,
            startDate: period.start.description, endDate: period.end.description)
        try await row.insert(db)
        return row.id
    }

    static func insertObjective(
        id: UUID, scope: Scope, organizationID: UUID, title: String, description: String, period: OKRPeriod, weight: Decimal,
        ownerID: UUID?, parentID: UUID?, alignsTo: [UUID], on db: any Database
    ) async throws -> [EventDraft] {
        let row = ObjectiveRow(
            id: id, initiativeID: scope.initiativeID, organizationID: organizationID,
            periodID: try await OKRWrites.period(period, scope: scope, on: db), title: title, details: description,
            weight: DecimalInput.canonical(weight), ownerPersonID: ownerID, createdAt: Date())
        try await row.insert(db)
        var change: [String: JSONValue] = [
            "title": .string(title), "organizationId": .id(organizationID), "periodName": .string(period.name),
            "periodStart": .string(period.start.description), "periodEnd": .string(period.end.description), "weight": .string(row.weight),
        ]
        if !description.isEmpty { change["description"] = .string(description) }
        if let ownerID { change["ownerId"] = .id(ownerID) }
        if let parentID {
            change["parentId"] = .id(parentID)
            try await ObjectiveAlignmentRow(
                id: UUID(), childID: id, parentID: parentID, kind: AlignmentKind.contributing.rawValue, createdAt: row.createdAt
            ).insert(db)
        }
        return [EventDraft(log: scope.log, action: .objectiveCreated, objectID: id, change: change)]
    }

    static func insertKeyResult(
        id: UUID, objective: ObjectiveRow, title: String, definition d: KeyResultDefinition, ownerID: UUID?, on db: any Database
    ) async throws -> EventDraft {
        let row = KeyResultRow(
            id: id, objectiveID: objective.id, initiativeID: objective.initiativeID, organizationID: objective.organizationID,
            title: title, kind: d.kind.rawValue, unit: d.unit, baseline: d.baseline.map(DecimalInput.canonical),
            target: d.target.map(DecimalInput.canonical), steps: String(decoding: try JSONEncoder().encode(d.steps), as: UTF8.self),
            weight: DecimalInput.canonical(d.weight), ownerPersonID: ownerID, createdAt: Date())
        try await row.insert(db)
        return EventDraft(
            log: Scope(objective).log, action: .keyResultCreated, objectID: id,
            change: keyResultChange(objectiveID: row.objectiveID, title: title, definition: d, ownerID: ownerID))
    }

    static func keyResultChange(objectiveID: UUID, title: String, definition d: KeyResultDefinition, ownerID: UUID?) -> [String: JSONValue] {
        var change: [String: JSONValue] = [
            "objectiveId": .id(objectiveID), "title": .string(title), "kind": .string(d.kind.rawValue), "unit": .string(d.unit),
            "weight": .string(DecimalInput.canonical(d.weight)),
        ]
        if let baseline = d.baseline { change["baseline"] = .string(DecimalInput.canonical(baseline)) }
        if let target = d.target { change["target"] = .string(DecimalInput.canonical(target)) }
        if !d.steps.isEmpty { change["steps"] = .array(d.steps.map(JSONValue.string)) }
        if let ownerID { change["ownerId"] = .id(ownerID) }
        return change
    }

    /// Every alignment link touching the initiative's objectives (for cycle checks). The objectives are a subquery,
    /// not a bound list: one statement, however many objectives the initiative has.
    static func initiativeLinks(_ initiativeID: UUID, on db: any Database) async throws -> [(child: UUID, parent: UUID)] {
        let objectives: SQLQueryString = "SELECT id FROM objectives WHERE initiative_id = \(bind: initiativeID)"
        let links = try await ObjectiveAlignmentRow.load(db, where: "child_id IN (\(objectives)) OR parent_id IN (\(objectives))")
        return links.map { ($0.childID, $0.parentID) }
    }

}

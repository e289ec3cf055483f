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

        init(_ objective: ObjectiveModel) {
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
                return try await PartyModel.query(on: db).filter(\.$initiative.$id == id).sort(\.$joinedAt).all(\.$organization.$id)
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
            guard try await MemberModel.query(on: db).filter(\.$initiative.$id == id).filter(\.$person.$id == ownerID).count() == 1 else {
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
        var query = OKRPeriodModel.query(on: db).filter(\.$startDate == period.start.description).filter(\.$endDate == period.end.description)
        switch scope {
        case .initiative(let id): query = query.filter(\.$initiativeID == id)
        case .organization(let id): query = query.filter(\.$initiativeID == nil).filter(\.$organizationID == id)
        }
        if let existing = try await query.first() { return try existing.requireID() }
        let model = OKRPeriodModel()
        model.id = UUID()
        model.initiativeID = scope.initiativeID
        switch scope {
        case .initiative(let id):
            guard let initiative = try await InitiativeModel.find(id, on: db) else { throw AppError.notFound }
            model.organizationID = initiative.$ownerOrganization.id
        case .organization(let id):
            model.organizationID = id
        }
        model.name = period.name
        model.startDate = period.start.description
        model.endDate = period.end.description
        try await model.create(on: db)
        return model.id!
    }

    static func insertObjective(
        id: UUID, scope: Scope, organizationID: UUID, title: String, description: String, period: OKRPeriod, weight: Decimal,
        ownerID: UUID?, parentID: UUID?, alignsTo: [UUID], on db: any Database
    ) async throws -> [EventDraft] {
        let model = ObjectiveModel()
        model.id = id
        model.initiativeID = scope.initiativeID
        model.organizationID = organizationID
        model.periodID = try await OKRWrites.period(period, scope: scope, on: db)
        model.title = title
        model.details = description
        model.weight = DecimalInput.canonical(weight)
        model.ownerPersonID = ownerID
        model.createdAt = Date()
        try await model.create(on: db)
        var change: [String: JSONValue] = [
            "title": .string(title), "organizationId": .id(organizationID), "periodName": .string(period.name),
            "periodStart": .string(period.start.description), "periodEnd": .string(period.end.description), "weight": .string(model.weight),
        ]
        if !description.isEmpty { change["description"] = .string(description) }
        if let ownerID { change["ownerId"] = .id(ownerID) }
        if let parentID {
            change["parentId"] = .id(parentID)
            let link = ObjectiveAlignmentModel()
            link.id = UUID()
            link.childID = id
            link.parentID = parentID
            link.kind = AlignmentKind.contributing.rawValue
            link.createdAt = model.createdAt
            try await link.create(on: db)
        }
        return [EventDraft(log: scope.log, action: .objectiveCreated, objectID: id, change: change)]
    }

    static func insertKeyResult(
        id: UUID, objective: ObjectiveModel, title: String, definition d: KeyResultDefinition, ownerID: UUID?, on db: any Database
    ) async throws -> EventDraft {
        let model = KeyResultModel()
        model.id = id
        model.objectiveID = try objective.requireID()
        model.initiativeID = objective.initiativeID
        model.organizationID = objective.organizationID
        model.title = title
        model.kind = d.kind.rawValue
        model.unit = d.unit
        model.baseline = d.baseline.map(DecimalInput.canonical)
        model.target = d.target.map(DecimalInput.canonical)
        model.steps = String(decoding: try JSONEncoder().encode(d.steps), as: UTF8.self)
        model.weight = DecimalInput.canonical(d.weight)
        model.ownerPersonID = ownerID
        model.createdAt = Date()
        try await model.create(on: db)
        return EventDraft(
            log: Scope(objective).log, action: .keyResultCreated, objectID: id,
            change: keyResultChange(objectiveID: model.objectiveID, title: title, definition: d, ownerID: ownerID))
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
        let links = try await AlignmentRecord.load(db, where: "child_id IN (\(objectives)) OR parent_id IN (\(objectives))")
        return links.map { ($0.childID, $0.parentID) }
    }

}

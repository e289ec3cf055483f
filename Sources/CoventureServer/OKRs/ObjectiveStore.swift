import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Changes to objectives: create, update, align and unalign. Every change goes through the recorder, into the
/// initiative's log (or the organization's, for an organization's own objectives).
package struct ObjectiveStore: RecordingStore {
    let db: any Database
    let recorder: Recorder

    func objective(_ id: UUID) async throws -> ObjectiveDTO { try await OKRReader(db: db).objective(id) }

    // MARK: Changes: objectives

    /// Creates an initiative's objective (`initiativeID` set) or an organization's own (`organizationID` set).
    package func createObjective(
        initiativeID: UUID?, organizationID: UUID? = nil, _ request: CreateObjectiveRequest, by actor: Actor
    ) async throws -> ObjectiveDTO {
        let scope: OKRWrites.Scope
        let permission: Permission
        if let initiativeID {
            scope = .initiative(initiativeID)
            permission = .initiative(initiativeID, .contribute)
        } else if let organizationID {
            scope = .organization(organizationID)
            permission = .organizationOKRs(organizationID, .manage)
        } else { throw AppError.notFound }
        let parties = try await scope.partyOrganizations(on: db)
        let id = try await recorder.record(
            permission, by: actor,
            validate: {
                var checks = FieldChecks()
                let owningOrganization = checks.run { () throws -> UUID in
                    guard let owning = request.organizationId ?? actor.organizationID ?? parties.first, parties.contains(owning) else {
                        throw ValidationError(field: "organizationId", "must be a party of this initiative")
                    }
                    return owning
                }
                let title = checks.run { try Validate.text(request.title, field: "title", maxLength: 200) }
                let description = checks.run { try Validate.longText(request.description, field: "description", maxLength: 2000) }
                let period = checks.run { try OKRPeriod.parse(name: request.periodName, start: request.periodStart, end: request.periodEnd) }
                let weight = checks.run { try OKRWrites.weight(request.weight) }
                try checks.finish()
                return (title: title!, description: description!, period: period!, weight: weight!, organizationID: owningOrganization!)
            },
            apply: { db, input in
                let id = UUID()
                try await OKRWrites.checkOwner(request.ownerId, scope: scope, on: db)
                if let parentID = request.parentId {
                    guard case .initiative(let initiativeID) = scope,
                        try await ObjectiveRow.count(db, where: "id = \(bind: parentID) AND initiative_id = \(bind: initiativeID)") == 1
                    else { throw AppError.invalid(field: "parentId", message: "must be an objective of this initiative") }
                }
                let events = try await OKRWrites.insertObjective(
                    id: id, scope: scope, organizationID: input.organizationID, title: input.title, description: input.description,
                    period: input.period, weight: input.weight, ownerID: request.ownerId, parentID: request.parentId, alignsTo: [], on: db)
                return Recorded(id, events)
            })
        return try await objective(id)
    }

    func updateObjective(_ id: UUID, _ request: UpdateObjectiveRequest, by actor: Actor) async throws -> ObjectiveDTO {
        guard let existing = try await ObjectiveRow.find(id, db) else { throw AppError.notFound }
        let scope = OKRWrites.Scope(existing)
        _ = try await recorder.record(
            .objective(id, .change), by: actor,
            validate: {
                (
                    title: try request.title.map { try Validate.text($0, field: "title", maxLength: 200) },
                    description: try request.description.map { try Validate.longText($0, field: "description", maxLength: 2000) },
                    weight: try request.weight.map { _ in try OKRWrites.weight(request.weight) }
                )
            },
            apply: { db, input in
                guard let original = try await ObjectiveRow.find(id, db) else { throw AppError.notFound }
                var objective = original
                var changes = FieldChanges()
                changes.update("title", &objective.title, to: input.title, as: JSONValue.string)
                changes.update("description", &objective.details, to: input.description, as: JSONValue.string)
                changes.update("weight", &objective.weight, to: input.weight.map(DecimalInput.canonical), as: JSONValue.string)
                try await OKRWrites.changeOwner(&objective.ownerPersonID, to: request.ownerId, scope: scope, in: &changes, on: db)
                guard !changes.isEmpty else { return Recorded(id, []) }
                try await objective.update(db, changedFrom: original)
                return Recorded(id, EventDraft(log: scope.log, action: .objectiveUpdated, objectID: id, change: changes.change))
            })
        return try await objective(id)
    }

    /// Aligns an initiative's objective to a parent: another objective of the initiative, or an organization objective
    /// of one of its parties that the caller can see (their own organization's). Cycles are refused.
    package func align(_ childID: UUID, _ request: AlignmentRequest, by actor: Actor) async throws -> ObjectiveDTO {
        guard let child = try await ObjectiveRow.find(childID, db) else { throw AppError.notFound }
        _ = try await recorder.record(
            .objective(childID, .change), by: actor,
            validate: { () -> (parentID: UUID, kind: AlignmentKind) in
                guard child.initiativeID != nil else {
                    throw ValidationError(field: "parentId", "only an initiative's objectives align to the parties' objectives")
                }
                guard let parentID = request.parentId else { throw ValidationError(field: "parentId", "is required") }
                let kindText = request.kind ?? AlignmentKind.contributing.rawValue
                guard let kind = AlignmentKind(rawValue: kindText) else {
                    throw ValidationError(field: "kind", "must be contributing or supporting")
                }
                return (parentID, kind)
            },
            apply: { db, input in
                let initiativeID = child.initiativeID!
                guard let parent = try await ObjectiveRow.find(input.parentID, db) else {
                    throw AppError.invalid(field: "parentId", message: "is not an objective you can align to")
                }
                if let parentInitiative = parent.initiativeID {
                    guard parentInitiative == initiativeID else {
                        throw AppError.invalid(field: "parentId", message: "is not an objective you can align to")
                    }
                } else {
                    let parties = try await PartyRow.all(db, where: "initiative_id = \(bind: initiativeID)").map(\.organizationID)
                    guard parties.contains(parent.organizationID) else {
                        throw AppError.invalid(field: "parentId", message: "belongs to an organization that is not a party of this initiative")
                    }
                    // Seeing another organization's own objectives is for its people only.
                    var visible = actor.organizationID == nil || actor.organizationID == parent.organizationID
                    if !visible, let personID = actor.personID {
                        visible = try await Policy.isAlignedFromInitiatives(objectiveID: input.parentID, of: personID, on: db)
                    }
                    guard visible else { throw AppError.invalid(field: "parentId", message: "is not an objective you can align to") }
                }
                if try await ObjectiveAlignmentRow.count(db, where: "child_id = \(bind: childID) AND parent_id = \(bind: input.parentID)") > 0 {
                    throw AppError.conflict(field: "parentId", message: "is already linked to this objective")
                }
                let links = try await OKRWrites.initiativeLinks(initiativeID, on: db)
                do {
                    try AlignmentGraph.validateLink(child: childID, parent: input.parentID, links: links)
                } catch let error as ValidationError { throw AppError.from(error) }
                let link = ObjectiveAlignmentRow(
                    id: UUID(), childID: childID, parentID: input.parentID, kind: input.kind.rawValue, createdAt: Date())
                try await link.insert(db)
                return Recorded(childID, EventDraft(
                    log: initiativeID, action: .objectiveAligned, objectID: link.id,
                    change: ["childId": .id(childID), "parentId": .id(input.parentID), "kind": .string(input.kind.rawValue)]))
            })
        return try await objective(childID)
    }

    func unalign(_ childID: UUID, alignmentID: UUID, by actor: Actor) async throws {
        guard let child = try await ObjectiveRow.find(childID, db) else { throw AppError.notFound }
        try await recorder.record(
            .objective(childID, .change), by: actor, validate: {},
            apply: { db, _ in
                guard let link = try await ObjectiveAlignmentRow.first(db, where: "id = \(bind: alignmentID) AND child_id = \(bind: childID)")
                else { throw AppError.notFound }
                try await link.delete(db)
                return Recorded((), EventDraft(
                    log: OKRWrites.Scope(child).log, action: .objectiveUnaligned, objectID: alignmentID,
                    change: ["childId": .id(childID), "parentId": .id(link.parentID)]))
            })
    }


    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
}

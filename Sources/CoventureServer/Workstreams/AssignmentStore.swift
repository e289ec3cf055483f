import CoventureCore
import Fluent
import SQLKit
import Foundation
import Vapor

/// The people and work of a stream: assignments (made, declined, ended) and work items. Each change goes through the
/// recorder into the initiative's log.
package struct AssignmentStore: RecordingStore {
    let db: any Database
    let recorder: Recorder
    /// The stream itself: loading it, and who may manage or work in it.
    var streams: WorkstreamStore { WorkstreamStore(db: db, recorder: recorder) }

    // MARK: Assignments

    package func assign(_ id: UUID, _ request: CreateAssignmentRequest, by actor: Actor) async throws -> AssignmentDTO {
        let current = try await streams.model(id)
        let start = try CalendarDate(parsing: current.startDate)
        let assignmentID = try await recorder.record(
            streams.managePermission(current), by: actor,
            validate: { () -> AssignmentDetails in
                guard let personID = request.personId else { throw ValidationError(field: "personId", "is required") }
                guard let commitment = request.commitment else {
                    throw ValidationError(field: "commitment", "is required: the percent of their time, 1 to 100")
                }
                return try AssignmentDetails(personID: personID, role: request.role, commitment: commitment, termEnd: request.termEnd, streamStart: start)
            },
            apply: { db, details in
                guard let stream = try await WorkstreamModel.find(id, on: db) else { throw AppError.notFound }
                try WorkstreamStore.requireOpen(stream)
                try await WorkstreamStore.requireMember(details.personID, of: stream.initiativeID, field: "personId", on: db)
                if try await AssignmentModel.query(on: db).filter(\.$workstream.$id == id).filter(\.$person.$id == details.personID)
                    .filter(\.$endedAt == nil).first() != nil {
                    throw AppError.conflict(field: "personId", message: "is already assigned to this workstream")
                }
                let assignment = AssignmentModel()
                assignment.$workstream.id = id
                assignment.$person.id = details.personID
                assignment.role = details.role
                assignment.commitment = details.commitment
                assignment.termEnd = details.termEnd?.description
                assignment.createdAt = Date()
                try await assignment.create(on: db)
                let assignmentID = try assignment.requireID()
                return Recorded(assignmentID, EventDraft(
                    log: stream.initiativeID, action: .assignmentCreated, objectID: assignmentID,
                    change: [
                        "workstreamId": .id(id), "personId": .id(details.personID), "role": .string(details.role),
                        "commitment": .int(details.commitment), "termEnd": .optional(assignment.termEnd),
                    ]))
            })
        return try await assignment(assignmentID, in: id)
    }

    func assignment(_ assignmentID: UUID, in streamID: UUID) async throws -> AssignmentDTO {
        guard let assignment = try await AssignmentModel.query(on: db).filter(\.$id == assignmentID)
            .filter(\.$workstream.$id == streamID).first()
        else { throw AppError.notFound }
        let person = try await streams.reader.people([assignment.$person.id])[assignment.$person.id]
        return AssignmentDTO(
            id: assignmentID, workstreamId: streamID, personId: assignment.$person.id, name: person?.name ?? "Unknown",
            organizationId: person?.organizationID ?? assignment.$person.id, organizationName: person?.organizationName ?? "",
            role: assignment.role, commitment: assignment.commitment, termEnd: CalendarDate.stored(assignment.termEnd))
    }

    /// The person assigned declines (`byAssignee`), or a manager of the stream ends the assignment: either way it
    /// stops counting, and the event says which.
    func endAssignment(_ id: UUID, assignmentID: UUID, reason: String?, byAssignee: Bool, by actor: Actor) async throws {
        let stream = try await streams.model(id)
        guard let assignment = try await AssignmentModel.query(on: db).filter(\.$id == assignmentID)
            .filter(\.$workstream.$id == id).filter(\.$endedAt == nil).first()
        else {
            try await Policy.authorize(.initiative(stream.initiativeID, .read), actor: actor, on: db)
            throw AppError.notFound
        }
        let personID = assignment.$person.id
        try await recorder.record(
            byAssignee ? .initiative(stream.initiativeID, .declineAssignment(personID: personID)) : streams.managePermission(stream), by: actor,
            validate: { try Validate.longText(reason, field: "reason", maxLength: 500) },
            apply: { db, reason in
                guard let assignment = try await AssignmentModel.find(assignmentID, on: db), assignment.endedAt == nil,
                    let stream = try await WorkstreamModel.find(id, on: db)
                else { throw AppError.notFound }
                assignment.endedAt = Date()
                try await assignment.save(on: db)
                return Recorded((), EventDraft(
                    log: stream.initiativeID, action: byAssignee ? .assignmentDeclined : .assignmentEnded, objectID: assignmentID,
                    change: ["workstreamId": .id(id), "personId": .id(personID), "reason": .string(reason)]))
            })
    }

    // MARK: Work items

    package func createWorkItem(_ id: UUID, _ request: CreateWorkItemRequest, by actor: Actor) async throws -> WorkItemDTO {
        let stream = try await streams.model(id)
        let itemID = try await recorder.record(
            try await streams.workPermission(stream), by: actor,
            validate: { () -> WorkItemDetails in
                guard let assignee = request.assigneeId else { throw ValidationError(field: "assigneeId", "is required") }
                return try WorkItemDetails(title: request.title, assigneeID: assignee, status: request.status ?? .todo, keyResultID: request.keyResultId)
            },
            apply: { db, details in
                guard let stream = try await WorkstreamModel.find(id, on: db) else { throw AppError.notFound }
                try WorkstreamStore.requireOpen(stream)
                try await WorkstreamStore.requireInStream(details.assigneeID, stream: stream, on: db)
                if let keyResultID = details.keyResultID {
                    try await WorkstreamStore.requireKeyResult(keyResultID, of: stream.initiativeID, on: db)
                }
                let item = WorkItemModel()
                item.$workstream.id = id
                item.title = details.title
                item.$assignee.id = details.assigneeID
                item.status = details.status.rawValue
                item.keyResultID = details.keyResultID
                item.createdAt = Date()
                try await item.create(on: db)
                let itemID = try item.requireID()
                return Recorded(itemID, EventDraft(
                    log: stream.initiativeID, action: .workItemCreated, objectID: itemID,
                    change: [
                        "workstreamId": .id(id), "title": .string(details.title), "assigneeId": .id(details.assigneeID),
                        "status": .string(details.status.rawValue), "keyResultId": .optional(details.keyResultID),
                    ]))
            })
        return try await streams.reader.workItem(itemID, in: id)
    }

    package func updateWorkItem(_ id: UUID, itemID: UUID, _ request: UpdateWorkItemRequest, by actor: Actor) async throws -> WorkItemDTO {
        let stream = try await streams.model(id)
        let existing = try await streams.reader.workItem(itemID, in: id)
        _ = try await recorder.record(
            try await streams.workPermission(stream), by: actor,
            validate: {
                try WorkItemDetails(
                    title: request.title ?? existing.title, assigneeID: request.assigneeId ?? existing.assigneeId,
                    status: request.status ?? existing.status, keyResultID: request.keyResultId ?? existing.keyResultId)
            },
            apply: { db, details in
                guard let stream = try await WorkstreamModel.find(id, on: db), let item = try await WorkItemModel.find(itemID, on: db)
                else { throw AppError.notFound }
                try WorkstreamStore.requireOpen(stream)
                var change: [String: JSONValue] = [:]
                if details.title != item.title { item.title = details.title; change["title"] = .string(details.title) }
                if details.assigneeID != item.$assignee.id {
                    try await WorkstreamStore.requireInStream(details.assigneeID, stream: stream, on: db)
                    item.$assignee.id = details.assigneeID
                    change["assigneeId"] = .id(details.assigneeID)
                }
                if details.status.rawValue != item.status { item.status = details.status.rawValue; change["status"] = .string(item.status) }
                if details.keyResultID != existing.keyResultId, let keyResultID = details.keyResultID {
                    try await WorkstreamStore.requireKeyResult(keyResultID, of: stream.initiativeID, on: db)
                    item.keyResultID = keyResultID
                    change["keyResultId"] = .id(keyResultID)
                }
                guard !change.isEmpty else { return Recorded(itemID, []) }
                try await item.save(on: db)
                change["workstreamId"] = .id(id)
                return Recorded(itemID, EventDraft(
                    log: stream.initiativeID, action: .workItemUpdated, objectID: itemID, change: change))
            })
        return try await streams.reader.workItem(itemID, in: id)
    }

    /// Work items go to the people in the stream: its leader and its assignees.

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
}

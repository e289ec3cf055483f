import CoventureCore
import Foundation
import Vapor

/// `/api/v1/…workstreams…`: the same reader and stores as the pages, as JSON DTOs. Every handler first checks that the caller
/// may see the stream (or initiative), so that a non-member gets 404 even for a malformed body.
enum WorkstreamsAPIController {
    /// The stream of the path, readable by the caller.
    static func readable(_ req: Request) async throws -> (WorkstreamStore, UUID) {
        let store = WorkstreamStore(request: req)
        let id = try req.uuid("workstreamID")
        _ = try await store.readable(id, by: try req.person().actor)
        return (store, id)
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await req.cachedRead("api-workstreams", initiative: id) { _ in
            try Pagination.from(req).page(try await WorkstreamReader(request: req).list(initiativeID: id))
        }
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let id = try await InitiativesAPIController.readable(req)
        let body = try req.content.decode(CreateWorkstreamRequest.self)
        let created = try await WorkstreamStore(request: req).create(initiativeID: id, body, by: try req.person().actor)
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable static func show(req: Request) async throws -> WorkstreamDTO {
        let (_, id) = try await readable(req)
        return try await WorkstreamReader(request: req).detail(id)
    }

    @Sendable static func update(req: Request) async throws -> WorkstreamDTO {
        let (store, id) = try await readable(req)
        return try await store.update(id, try req.content.decode(UpdateWorkstreamRequest.self), by: try req.person().actor)
    }

    @Sendable static func close(req: Request) async throws -> WorkstreamDTO {
        let (store, id) = try await readable(req)
        return try await store.close(id, try req.content.decode(CloseWorkstreamRequest.self), by: try req.person().actor)
    }

    @Sendable static func extend(req: Request) async throws -> WorkstreamDTO {
        let (store, id) = try await readable(req)
        return try await store.extend(id, try req.content.decode(ExtendWorkstreamRequest.self), by: try req.person().actor)
    }

    @Sendable static func assign(req: Request) async throws -> Response {
        let (_, id) = try await readable(req)
        let created = try await AssignmentStore(request: req).assign(id, try req.content.decode(CreateAssignmentRequest.self), by: try req.person().actor)
        return try await created.encodeResponse(status: .created, for: req)
    }

    /// A manager of the stream ends someone's assignment.
    @Sendable static func endAssignment(req: Request) async throws -> HTTPStatus {
        let (_, id) = try await readable(req)
        try await AssignmentStore(request: req).endAssignment(id, assignmentID: try req.uuid("assignmentID"), reason: nil, byAssignee: false, by: try req.person().actor)
        return .noContent
    }

    /// The person assigned declines.
    @Sendable static func decline(req: Request) async throws -> HTTPStatus {
        let (_, id) = try await readable(req)
        let body = req.body.data == nil ? DeclineAssignmentRequest() : try req.content.decode(DeclineAssignmentRequest.self)
        try await AssignmentStore(request: req).endAssignment(id, assignmentID: try req.uuid("assignmentID"), reason: body.reason, byAssignee: true, by: try req.person().actor)
        return .noContent
    }

    @Sendable static func workItems(req: Request) async throws -> ListPage<WorkItemDTO> {
        let (_, id) = try await readable(req)
        return try Pagination.from(req).page(try await WorkstreamReader(request: req).workItems(of: id))
    }

    @Sendable static func createWorkItem(req: Request) async throws -> Response {
        let (_, id) = try await readable(req)
        let created = try await AssignmentStore(request: req).createWorkItem(id, try req.content.decode(CreateWorkItemRequest.self), by: try req.person().actor)
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable static func updateWorkItem(req: Request) async throws -> WorkItemDTO {
        let (_, id) = try await readable(req)
        return try await AssignmentStore(request: req).updateWorkItem(
            id, itemID: try req.uuid("workItemID"), try req.content.decode(UpdateWorkItemRequest.self), by: try req.person().actor)
    }

    @Sendable static func charter(req: Request) async throws -> CharterDTO {
        let (_, id) = try await readable(req)
        guard let current = try await WorkstreamReader(request: req).charterVersions(of: id).first else { throw AppError.notFound }
        return current
    }

    @Sendable static func saveCharter(req: Request) async throws -> CharterDTO {
        let (_, id) = try await readable(req)
        return try await CharterStore(request: req).saveCharter(id, try req.content.decode(SaveCharterRequest.self), by: try req.person().actor)
    }

    @Sendable static func agreeToCharter(req: Request) async throws -> CharterDTO {
        let (_, id) = try await readable(req)
        return try await CharterStore(request: req).agreeToCharter(id, try req.content.decode(AgreeCharterRequest.self), by: try req.person())
    }

    @Sendable static func charterVersions(req: Request) async throws -> ListPage<CharterDTO> {
        let (_, id) = try await readable(req)
        return try Pagination.from(req).page(try await WorkstreamReader(request: req).charterVersions(of: id))
    }

    @Sendable static func linkKeyResult(req: Request) async throws -> WorkstreamDTO {
        let (store, id) = try await readable(req)
        return try await store.linkKeyResult(id, try req.content.decode(LinkKeyResultRequest.self), by: try req.person().actor)
    }

    @Sendable static func unlinkKeyResult(req: Request) async throws -> HTTPStatus {
        let (store, id) = try await readable(req)
        try await store.unlinkKeyResult(id, keyResultID: try req.uuid("keyResultID"), by: try req.person().actor)
        return .noContent
    }

    /// A person's streams in the initiatives the caller shares with them.
    @Sendable static func personStreams(req: Request) async throws -> PersonWorkstreamsDTO {
        let personID = try req.uuid("personID")
        try await req.authorize(.readPerson(personID))
        return try await WorkstreamReader(request: req).personStreams(personID, visibleTo: try req.person().id)
    }
}

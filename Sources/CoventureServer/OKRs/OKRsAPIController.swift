import CoventureCore
import Foundation
import Fluent
import Vapor

/// `/api/v1/…` for OKRs: the same store as the pages, rendered as JSON.
enum OKRsAPIController {
    @Sendable static func tree(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await req.cachedRead("api-okr-tree", initiative: id) { _ in
            OKRTreeDTO(initiativeId: id, objectives: try await OKRReader(request: req).tree(id))
        }
    }

    @Sendable static func listObjectives(req: Request) async throws -> ListPage<ObjectiveDTO> {
        let id = try await InitiativesAPIController.readable(req)
        return try Pagination.from(req).page(try await OKRReader(request: req).tree(id))
    }

    @Sendable static func createObjective(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        try await req.authorize(.initiative(id, .read))
        let body = try req.content.decode(CreateObjectiveRequest.self)
        let created = try await ObjectiveStore(request: req).createObjective(initiativeID: id, body, by: try req.person().actor)
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable static func objective(req: Request) async throws -> ObjectiveDTO {
        let id = try req.uuid("objectiveID")
        try await req.authorize(.objective(id, .read))
        return try await OKRReader(request: req).objective(id)
    }

    @Sendable static func updateObjective(req: Request) async throws -> ObjectiveDTO {
        let id = try req.uuid("objectiveID")
        try await req.authorize(.objective(id, .read))
        let body = try req.content.decode(UpdateObjectiveRequest.self)
        return try await ObjectiveStore(request: req).updateObjective(id, body, by: try req.person().actor)
    }

    @Sendable static func createKeyResult(req: Request) async throws -> Response {
        let id = try req.uuid("objectiveID")
        try await req.authorize(.objective(id, .read))
        let body = try req.content.decode(CreateKeyResultRequest.self)
        let created = try await KeyResultStore(request: req).createKeyResult(id, body, by: try req.person().actor)
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable static func align(req: Request) async throws -> Response {
        let id = try req.uuid("objectiveID")
        try await req.authorize(.objective(id, .read))
        let body = try req.content.decode(AlignmentRequest.self)
        let objective = try await ObjectiveStore(request: req).align(id, body, by: try req.person().actor)
        return try await objective.encodeResponse(status: .created, for: req)
    }

    @Sendable static func unalign(req: Request) async throws -> HTTPStatus {
        let id = try req.uuid("objectiveID")
        try await req.authorize(.objective(id, .read))
        try await ObjectiveStore(request: req).unalign(id, alignmentID: try req.uuid("alignmentID"), by: try req.person().actor)
        return .noContent
    }

    @Sendable static func keyResult(req: Request) async throws -> KeyResultDTO {
        let id = try req.uuid("keyResultID")
        try await req.authorize(.keyResult(id, .read))
        return try await OKRReader(request: req).keyResult(id)
    }

    @Sendable static func updateKeyResult(req: Request) async throws -> KeyResultDTO {
        let id = try req.uuid("keyResultID")
        try await req.authorize(.keyResult(id, .read))
        let body = try req.content.decode(UpdateKeyResultRequest.self)
        return try await KeyResultStore(request: req).updateKeyResult(id, body, by: try req.person().actor)
    }

    @Sendable static func checkIns(req: Request) async throws -> ListPage<CheckInDTO> {
        let id = try req.uuid("keyResultID")
        try await req.authorize(.keyResult(id, .read))
        let paging = try Pagination.from(req)
        let page = try await OKRReader(request: req).keyResult(id, historyOffset: paging.offset, historyLimit: paging.limit)
        return paging.page(page.keyResult.checkIns ?? [], hasMore: page.hasOlder)
    }

    @Sendable static func checkIn(req: Request) async throws -> Response {
        let id = try req.uuid("keyResultID")
        // The store checks access (404 for non-members, 403 for observers) before it reads the body's values.
        let body = try req.content.decode(CheckInRequest.self)
        let person = try req.person()
        let created = try await KeyResultStore(request: req).checkIn(id, body, by: person.actor, personName: person.name)
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable static func lineOfSight(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await req.cachedRead("api-line-of-sight", initiative: id) { _ in
            let subject = try await LineOfSight.subject(req, initiativeID: id, query: "personId")
            return try await OKRReader(request: req).lineOfSight(
                id, person: subject, work: try await LineOfSight.work(req, initiativeID: id, personID: subject.id))
        }
    }

    @Sendable static func alignmentReport(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await req.cachedRead("api-alignment-report", initiative: id) { _ in
            try await OKRReader(request: req).alignmentReport(id)
        }
    }

    @Sendable static func settings(req: Request) async throws -> OKRSettingsRequest {
        let id = try req.uuid("initiativeID")
        try await req.authorize(.initiative(id, .manageSettings))
        let body = try req.content.decode(OKRSettingsRequest.self)
        return OKRSettingsRequest(checkInStaleDays: try await KeyResultStore(request: req).setStaleDays(id, body, by: try req.person().actor))
    }

    @Sendable static func exportCSV(req: Request) async throws -> Response {
        let id = try await InitiativesAPIController.readable(req)
        return OKRCSVFile.response(try await OKRImport(request: req).exportCSV(id), initiativeID: id)
    }

    /// The body is the CSV file itself. A file with problems imports nothing: 400 with every problem listed.
    @Sendable static func importCSV(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        try await req.authorize(.initiative(id, .contribute))
        guard let buffer = req.body.data, let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes) else {
            throw AppError.invalid(field: "file", message: "is empty; send the CSV file as the request body")
        }
        do {
            let result = try await OKRImport(request: req).importCSV(id, csv: text, by: try req.person().actor)
            return try await result.encodeResponse(status: .created, for: req)
        } catch let rejected as OKRImportRejected {
            let body = ImportProblemsDTO(
                error: .init(
                    code: .invalid, message: "file has \(rejected.problems.count) problem(s); nothing was imported",
                    field: "file"),
                problems: rejected.problems.map { .init(line: $0.line, column: $0.column, reason: $0.reason) })
            return try await body.encodeResponse(status: .badRequest, for: req)
        }
    }

    @Sendable static func organizationObjectives(req: Request) async throws -> ListPage<ObjectiveDTO> {
        let id = try req.uuid("organizationID")
        try await req.authorize(.readOrganization(id))
        return try Pagination.from(req).page(try await OKRReader(request: req).organizationObjectives(id, viewer: try req.person()))
    }

    @Sendable static func createOrganizationObjective(req: Request) async throws -> Response {
        let id = try req.uuid("organizationID")
        try await req.authorize(.readOrganization(id))
        let body = try req.content.decode(CreateObjectiveRequest.self)
        let created = try await ObjectiveStore(request: req).createObjective(initiativeID: nil, organizationID: id, body, by: try req.person().actor)
        return try await created.encodeResponse(status: .created, for: req)
    }
}

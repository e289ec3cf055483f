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

extension Routes {
    static func registerOKRAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        typealias O = OKRsAPIController
        let page = APISchemas.page(of:)
        let paging: [(name: String, schema: Schema, description: String)] = [
            ("limit", .integer, "At most this many items (1–200)."), ("cursor", .string(), "The `next` of the previous page."),
        ]
        api.on(.init(method: .GET, url: .initiativeOKRs(.key), id: "getOKRTree",
                     summary: "Every objective of the initiative with its key results, alignments and rolled-up progress, roots first",
                     response: .ref("OKRTree")), registry: registry, use: O.tree)
        api.on(.init(method: .GET, url: .initiativeObjectives(.key), id: "listObjectives", summary: "The initiative's objectives",
                     response: page("Objective"), query: paging), registry: registry, use: O.listObjectives)
        api.on(.init(method: .POST, url: .initiativeObjectives(.key), id: "createObjective",
                     summary: "Create an objective of the initiative (contributors); `parentId` makes it a contributing child",
                     request: CreateObjectiveRequest.self, response: .ref("Objective"), status: 201),
               registry: registry, use: O.createObjective)
        api.on(.init(method: .GET, url: .objective(.key), id: "getObjective",
                     summary: "An objective with its key results, alignments and `rolledUpProgress` (null when nothing counts yet)",
                     response: .ref("Objective")), registry: registry, use: O.objective)
        api.on(.init(method: .PATCH, url: .objective(.key), id: "updateObjective", summary: "Change an objective's title, description, weight or owner",
                     request: UpdateObjectiveRequest.self, response: .ref("Objective")),
               registry: registry, use: O.updateObjective)
        api.on(.init(method: .POST, url: .objectiveKeyResults(.key), id: "createKeyResult",
                     summary: "Add a key result. increase/decrease need a baseline and a target on the right side of it; stayAbove/stayBelow a target (the threshold); milestone its steps",
                     request: CreateKeyResultRequest.self, response: .ref("KeyResult"), status: 201),
               registry: registry, use: O.createKeyResult)
        api.on(.init(method: .POST, url: .objectiveAlignments(.key), id: "alignObjective",
                     summary: "Align the objective to a party's organization objective (or a parent in the initiative); cycles are refused",
                     request: AlignmentRequest.self, response: .ref("Objective"), status: 201,
                     extraErrors: [.conflict]),
               registry: registry, use: O.align)
        api.on(.init(method: .DELETE, url: .objectiveAlignment(.key, alignment: .key), id: "removeAlignment",
                     summary: "Remove an alignment link", response: nil, status: 204), registry: registry, use: O.unalign)
        api.on(.init(method: .GET, url: .keyResult(.key), id: "getKeyResult",
                     summary: "A key result with `progress` (1.0 = 100 %, unclamped) and its check-in history, newest first",
                     response: .ref("KeyResult")), registry: registry, use: O.keyResult)
        api.on(.init(method: .PATCH, url: .keyResult(.key), id: "updateKeyResult", summary: "Change a key result's title, weight or owner",
                     request: UpdateKeyResultRequest.self, response: .ref("KeyResult")),
               registry: registry, use: O.updateKeyResult)
        api.on(.init(method: .GET, url: .keyResultCheckIns(.key), id: "listCheckIns", summary: "A key result's check-ins, newest first",
                     response: page("CheckIn"), query: paging), registry: registry, use: O.checkIns)
        api.on(.init(method: .POST, url: .keyResultCheckIns(.key), id: "checkIn",
                     summary: "Check in (contributors): a value (steps reached for a milestone, 0 or 1 for binary), a confidence, and a narrative — required when the confidence changes; `correctsId` marks a correction",
                     request: CheckInRequest.self, response: .ref("CheckIn"), status: 201),
               registry: registry, use: O.checkIn)
        api.on(.init(method: .GET, url: .lineOfSight(.key), id: "getLineOfSight",
                     summary: "A member's line of sight: their work → key results → objectives → each party's own objectives (default: the caller)",
                     response: .ref("LineOfSight"), query: [("personId", .uuid, "Another member of the initiative.")]),
               registry: registry, use: O.lineOfSight)
        api.on(.init(method: .GET, url: .alignmentReport(.key), id: "getAlignmentReport",
                     summary: "Objectives aligned to no party objective or without key results; key results without an owner or without a recent check-in",
                     response: .ref("AlignmentReport")), registry: registry, use: O.alignmentReport)
        api.on(.init(method: .PUT, url: .initiativeOKRSettings(.key), id: "setOKRSettings",
                     summary: "Days without a check-in after which a key result is reported stale (1–365; the owner's admins)",
                     request: OKRSettingsRequest.self, response: .ref("OKRSettings")),
               registry: registry, use: O.settings)
        api.on(.init(method: .GET, url: .initiativeOKRsCSV(.key), id: "exportOKRs",
                     summary: "The initiative's OKRs as CSV (see the README for the columns)", response: .string(), contentType: "text/csv"),
               registry: registry, use: O.exportCSV)
        api.on(.init(method: .POST, url: .initiativeOKRsCSV(.key), id: "importOKRs",
                     summary: "Import OKRs from a CSV body: all rows or nothing; a bad file gets 400 with `problems` (line, column, reason) for every bad row",
                     request: OKRCSVFile.self, response: .ref("ImportResult"), status: 201, maxBodySize: "20mb",
                     errorBodies: [.invalid: .ref("ImportProblems")]),
               registry: registry, use: O.importCSV)
        api.on(.init(method: .GET, url: .organizationObjectives(.key), id: "listOrganizationObjectives",
                     summary: "An organization's own objectives: all of them for its people; for others, those their initiatives align to",
                     response: page("Objective"), query: paging), registry: registry, use: O.organizationObjectives)
        api.on(.init(method: .POST, url: .organizationObjectives(.key), id: "createOrganizationObjective",
                     summary: "Create an objective of your organization's own (organization admins)",
                     request: CreateObjectiveRequest.self, response: .ref("Objective"), status: 201), registry: registry,
               use: O.createOrganizationObjective)
    }
}

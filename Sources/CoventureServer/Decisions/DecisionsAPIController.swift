import CoventureCore
import Foundation
import Vapor

/// `/api/v1/…decisions…` (issue #13): the same store as the pages, as JSON DTOs. Every handler first checks that the
/// caller may see the initiative or decision (a non-member gets 404), then that they may make the change (403),
/// before it reads the body: a malformed body tells nobody without the right anything.
enum DecisionsAPIController {
    static func readable(_ req: Request) async throws -> (DecisionStore, DecisionReader.DecisionRecord) {
        let store = DecisionStore(request: req)
        return (store, try await store.readable(try req.uuid("decisionID"), by: try req.person().actor))
    }

    // MARK: Types

    @Sendable static func types(req: Request) async throws -> ListPage<DecisionTypeDTO> {
        let id = try await InitiativesAPIController.readable(req)
        return try Pagination.from(req).page(try await DecisionReader(db: req.db).types(id))
    }

    @Sendable static func createType(req: Request) async throws -> Response {
        let id = try await InitiativesAPIController.readable(req)
        try await req.authorize(.initiative(id, .manageDecisionTypes))
        let body = try req.content.decode(DecisionTypeRequest.self)
        return try await respond(try await DecisionStore(request: req).createType(id, body, by: try req.person().actor), created: true, req)
    }

    @Sendable static func updateType(req: Request) async throws -> Response {
        let store = DecisionStore(request: req)
        let typeID = try req.uuid("decisionTypeID")
        guard let type = try await store.reader.type(typeID) else { throw AppError.notFound }
        try await req.authorize(.initiative(type.initiativeId, .manageDecisionTypes))
        let body = try req.content.decode(DecisionTypeRequest.self)
        return try await respond(try await store.updateType(typeID, body, by: try req.person().actor), created: false, req)
    }

    static func respond(_ outcome: DecisionStore.Outcome<DecisionTypeDTO>, created: Bool, _ req: Request) async throws -> Response {
        switch outcome {
        case .applied(let type): return try await type.encodeResponse(status: created ? .created : .ok, for: req)
        case .proposed(let decision): return try await decision.encodeResponse(status: .accepted, for: req)
        }
    }

    // MARK: Decisions

    /// The register, from the read cache for the initiative's revision.
    @Sendable static func list(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await req.cachedRead("api-decisions", initiative: id) { _ in
            let filter = try Self.filter(req)
            return try Pagination.from(req).page(try await DecisionStore(request: req).list(id, filter: filter))
        }
    }

    /// `status`, `typeId`, `workstreamId`, `partyId` (an organization) and `q`; a malformed one is 400 naming it.
    static func filter(_ req: Request) throws -> DecisionReader.Filter {
        func uuid(_ name: String) throws -> UUID? {
            guard let raw = req.query[String.self, at: name], !raw.isEmpty else { return nil }
            guard let id = UUID(uuidString: raw) else { throw AppError.invalid(field: name, message: "must be an id") }
            return id
        }
        var filter = DecisionReader.Filter()
        if let raw = req.query[String.self, at: "status"], !raw.isEmpty {
            guard let status = DecisionStatus(rawValue: raw) else {
                throw AppError.invalid(field: "status", message: "must be one of \(DecisionStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.status = status
        }
        filter.typeID = try uuid("typeId")
        filter.workstreamID = try uuid("workstreamId")
        filter.partyOrganizationID = try uuid("partyId")
        if let text = req.query[String.self, at: "q"] {
            guard text.count <= 200 else { throw AppError.invalid(field: "q", message: "must be at most 200 characters") }
            filter.text = text
        }
        return filter
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let id = try await InitiativesAPIController.readable(req)
        try await req.authorize(.initiative(id, .contribute))
        let body = try req.content.decode(CreateDecisionRequest.self)
        return try await DecisionStore(request: req).create(id, body, by: try req.person().actor).encodeResponse(status: .created, for: req)
    }

    @Sendable static func show(req: Request) async throws -> DecisionDTO {
        let (store, record) = try await readable(req)
        return try await store.detail(record.id)
    }

    @Sendable static func update(req: Request) async throws -> DecisionDTO {
        let (store, record) = try await readable(req)
        try await req.authorize(.initiative(record.initiativeID, .manageDecision(authorID: record.authorID)))
        return try await store.update(record.id, try req.content.decode(UpdateDecisionRequest.self), by: try req.person().actor)
    }

    @Sendable static func open(req: Request) async throws -> DecisionDTO {
        let (store, record) = try await readable(req)
        try await req.authorize(.initiative(record.initiativeID, .manageDecision(authorID: record.authorID)))
        let body = req.body.data == nil ? OpenDecisionRequest() : try req.content.decode(OpenDecisionRequest.self)
        return try await store.open(record.id, closesAt: body.closesAt, by: try req.person().actor)
    }

    @Sendable static func close(req: Request) async throws -> DecisionDTO {
        let (store, record) = try await readable(req)
        return try await store.close(record.id, by: try req.person().actor)
    }

    @Sendable static func withdraw(req: Request) async throws -> DecisionDTO {
        let (store, record) = try await readable(req)
        return try await store.withdraw(record.id, by: try req.person().actor)
    }

    @Sendable static func votes(req: Request) async throws -> ListPage<VoteDTO> {
        let (store, record) = try await readable(req)
        return try Pagination.from(req).page(try await store.votes(record, viewer: try req.person().id))
    }

    @Sendable static func vote(req: Request) async throws -> Response {
        let (store, record) = try await readable(req)
        // The right to vote first: an observer learns nothing from a malformed body.
        try await req.authorize(.initiative(record.initiativeID, .voteOnDecision(voters: record.rules.voters)))
        let body = try req.content.decode(VoteRequest.self)
        return try await store.vote(record.id, body, by: try req.person()).encodeResponse(status: .created, for: req)
    }

    @Sendable static func outcome(req: Request) async throws -> DecisionDTO {
        let (store, record) = try await readable(req)
        try await req.authorize(.initiative(record.initiativeID, .decideAfterAdvice))
        return try await store.recordOutcome(record.id, try req.content.decode(OutcomeRequest.self), by: try req.person().actor)
    }

    // MARK: Escalation ladder

    @Sendable static func ladder(req: Request) async throws -> EscalationLadderDTO {
        let id = try await InitiativesAPIController.readable(req)
        return Self.dto(try await DecisionReader(db: req.db).ladder(id))
    }

    @Sendable static func setLadder(req: Request) async throws -> EscalationLadderDTO {
        let id = try await InitiativesAPIController.readable(req)
        try await req.authorize(.initiative(id, .manageSettings))
        let body = try req.content.decode(EscalationLadderDTO.self)
        return Self.dto(try await DecisionStore(request: req).setLadder(id, body, by: try req.person().actor))
    }

    static func dto(_ ladder: EscalationLadder) -> EscalationLadderDTO {
        EscalationLadderDTO(steps: ladder.steps.map { EscalationStepDTO(name: $0.name, people: $0.people, days: $0.days) })
    }
}

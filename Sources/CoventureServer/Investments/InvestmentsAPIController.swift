import CoventureCore
import Foundation
import Vapor

/// `/api/v1/…` for investments (issue #14): the same stores as the pages, as JSON. Every handler first checks that
/// the caller may see the initiative or proposal (a non-member gets 404), then that they may make the change (403),
/// before it reads the body.
enum InvestmentsAPIController {
    static func readable(_ req: Request) async throws -> (ProposalStore, InvestmentReader.ProposalRecord) {
        let store = ProposalStore(request: req)
        return (store, try await store.readable(try req.uuid("proposalID"), by: try req.person().actor))
    }

    // MARK: Scoring framework

    @Sendable static func framework(req: Request) async throws -> ScoringFrameworksDTO {
        let id = try await InitiativesAPIController.readable(req)
        return try await InvestmentReader(db: req.db).overview(id)
    }

    /// 202: the version is proposed, in force once its decision passes.
    @Sendable static func proposeFramework(req: Request) async throws -> Response {
        let id = try await InitiativesAPIController.readable(req)
        try await req.authorize(.initiative(id, .proposeScoringFramework))
        let body = try req.content.decode(ScoringFrameworkRequest.self)
        let proposed = try await ScoringFrameworkStore(request: req).propose(id, body, by: try req.person().actor)
        return try await proposed.encodeResponse(status: .accepted, for: req)
    }

    // MARK: Proposals

    @Sendable static func list(req: Request) async throws -> ListPage<ProposalDTO> {
        let id = try await InitiativesAPIController.readable(req)
        let reader = InvestmentReader(db: req.db)
        let proposals = try await reader.dtos(try await reader.records(id), parties: try await reader.parties(id))
        return try Pagination.from(req).page(proposals)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let id = try await InitiativesAPIController.readable(req)
        try await req.authorize(.initiative(id, .contribute))
        let body = try req.content.decode(CreateProposalRequest.self)
        return try await ProposalStore(request: req).create(id, body, by: try req.person().actor).encodeResponse(status: .created, for: req)
    }

    @Sendable static func show(req: Request) async throws -> ProposalDTO {
        let (store, record) = try await readable(req)
        return try await store.reader.dto(record.id)
    }

    /// A change by its author or the owner's admins; `outcome` + `reason` by the owner's admins only. The right is
    /// checked before the body is read: whoever may do neither learns nothing from a malformed body.
    @Sendable static func update(req: Request) async throws -> ProposalDTO {
        let (store, record) = try await readable(req)
        let actor = try req.person().actor
        let canChange = try await req.may(.initiative(record.initiativeID, .manageProposal(authorID: record.authorID)))
        let canDecide = try await req.may(.initiative(record.initiativeID, .decideGate))
        if !canChange && !canDecide { try await req.authorize(.initiative(record.initiativeID, .manageProposal(authorID: record.authorID))) }
        let body = try req.content.decode(UpdateProposalRequest.self)
        return try await store.update(record.id, body, by: actor)
    }

    @Sendable static func rate(req: Request) async throws -> Response {
        let (store, record) = try await readable(req)
        try await req.authorize(.initiative(record.initiativeID, .contribute))
        let body = try req.content.decode(RatingRequest.self)
        return try await store.rate(record.id, body, by: try req.person().actor).encodeResponse(status: .created, for: req)
    }

    @Sendable static func openGate(req: Request) async throws -> Response {
        let (store, record) = try await readable(req)
        try await req.authorize(.initiative(record.initiativeID, .manageProposal(authorID: record.authorID)))
        let body = req.body.data == nil ? OpenGateRequest() : try req.content.decode(OpenGateRequest.self)
        return try await store.openGate(record.id, body, by: try req.person().actor).encodeResponse(status: .created, for: req)
    }

    // MARK: Portfolio

    @Sendable static func portfolio(req: Request) async throws -> Response {
        let id = try await InitiativesAPIController.readable(req)
        let sort = try Self.sort(req)
        return try await req.cachedRead("api-portfolio-\(sort.rawValue)", initiative: id) { _ in
            try await InvestmentReader(db: req.db).portfolio(id, sort: sort)
        }
    }

    /// `sort`: created (default), score, title, stage or ask; anything else is 400 naming it.
    static func sort(_ req: Request) throws -> InvestmentReader.PortfolioSort {
        guard let raw = req.query[String.self, at: "sort"], !raw.isEmpty else { return .created }
        guard let sort = InvestmentReader.PortfolioSort(rawValue: raw) else {
            throw AppError.invalid(field: "sort", message: "must be one of \(InvestmentReader.PortfolioSort.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return sort
    }
}

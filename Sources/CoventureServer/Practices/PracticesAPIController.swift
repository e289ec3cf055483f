import CoventureCore
import Foundation
import Vapor

/// `/api/v1/practices…`, `/api/v1/initiatives/{id}/practices`, `/api/v1/workstreams/{id}/adoptions|retrospectives` and
/// `/api/v1/adoptions/{id}` (issue #15). Every handler first checks that the caller may see what it names (a non-member
/// gets 404), then that they may make the change (403), before it reads the body.
enum PracticesAPIController {
    static func actor(_ req: Request) throws -> Actor { try req.person().actor }

    /// The catalogue, open to anyone signed in: it is shared knowledge, not any initiative's data.
    @Sendable static func catalogue(req: Request) async throws -> ListPage<PracticeDTO> {
        let practices = try await PracticeStore(request: req).catalogue(
            framework: req.query[String.self, at: "framework"], area: req.query[String.self, at: "area"], query: req.query[String.self, at: "q"])
        return try Pagination.from(req).page(practices)
    }

    @Sendable static func library(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await req.cachedRead("api-practices", initiative: id) { _ in
            try Pagination.from(req).page(try await PracticeStore(request: req).library(id))
        }
    }

    @Sendable static func contribute(req: Request) async throws -> Response {
        let id = try await InitiativesAPIController.readable(req)
        try await req.authorize(.initiative(id, .contributePractice))
        let body = try req.content.decode(PracticeRequest.self)
        return try await PracticeStore(request: req).contribute(id, body, by: try actor(req)).encodeResponse(status: .created, for: req)
    }

    @Sendable static func show(req: Request) async throws -> PracticeDTO {
        let store = PracticeStore(request: req)
        let practice = try await store.readable(try req.uuid("practiceID"), by: try actor(req))
        return try await store.detail(practice.id)
    }

    @Sendable static func revise(req: Request) async throws -> PracticeDTO {
        let store = PracticeStore(request: req)
        let practice = try await store.readable(try req.uuid("practiceID"), by: try actor(req))
        if let initiativeID = practice.initiativeID {
            try await req.authorize(.initiative(initiativeID, .revisePractice(proposerOrganizationID: practice.latestProposer)))
        }
        let body = try req.content.decode(PracticeRequest.self)
        return try await store.revise(practice.id, body, by: try actor(req))
    }

    @Sendable static func versions(req: Request) async throws -> ListPage<PracticeVersionDTO> {
        let store = PracticeStore(request: req)
        let practice = try await store.readable(try req.uuid("practiceID"), by: try actor(req))
        return try Pagination.from(req).page(try await store.versions(practice))
    }

    @Sendable static func review(req: Request) async throws -> Response {
        let store = PracticeStore(request: req)
        let practice = try await store.readable(try req.uuid("practiceID"), by: try actor(req))
        if let initiativeID = practice.initiativeID {
            try await req.authorize(.initiative(initiativeID, .reviewPractice(proposerOrganizationID: practice.latestProposer)))
        }
        let body = try req.content.decode(PracticeReviewRequest.self)
        return try await store.review(practice.id, body, by: try actor(req)).encodeResponse(status: .created, for: req)
    }

    @Sendable static func adoptions(req: Request) async throws -> ListPage<AdoptionDTO> {
        let stream = try await WorkstreamStore(request: req).readable(try req.uuid("workstreamID"), by: try actor(req))
        return try Pagination.from(req).page(try await AdoptionStore(request: req).list(stream.id))
    }

    @Sendable static func adopt(req: Request) async throws -> Response {
        let streams = WorkstreamStore(request: req)
        let stream = try await streams.readable(try req.uuid("workstreamID"), by: try actor(req))
        try await req.authorize(streams.managePermission(stream))
        let body = try req.content.decode(AdoptionRequest.self)
        return try await AdoptionStore(request: req).adopt(stream.id, body, by: try actor(req)).encodeResponse(status: .created, for: req)
    }

    @Sendable static func showAdoption(req: Request) async throws -> AdoptionDTO {
        let store = AdoptionStore(request: req)
        let adoption = try await store.readable(try req.uuid("adoptionID"), by: try actor(req))
        return try await store.dtos([adoption])[0]
    }

    @Sendable static func changeAdoption(req: Request) async throws -> AdoptionDTO {
        let store = AdoptionStore(request: req)
        let adoption = try await store.readable(try req.uuid("adoptionID"), by: try actor(req))
        let streams = WorkstreamStore(request: req)
        try await req.authorize(streams.managePermission(try await streams.stream(adoption.workstreamID)))
        let body = try req.content.decode(AdoptionChangeRequest.self)
        return try await store.change(adoption.id, body, by: try actor(req))
    }

    @Sendable static func retrospectives(req: Request) async throws -> ListPage<RetrospectiveDTO> {
        let stream = try await WorkstreamStore(request: req).readable(try req.uuid("workstreamID"), by: try actor(req))
        return try Pagination.from(req).page(try await RetrospectiveStore(request: req).list(stream.id))
    }

    @Sendable static func recordRetrospective(req: Request) async throws -> Response {
        let streams = WorkstreamStore(request: req)
        let stream = try await streams.readable(try req.uuid("workstreamID"), by: try actor(req))
        try await req.authorize(try await streams.workPermission(stream))
        let body = try req.content.decode(RetrospectiveRequest.self)
        return try await RetrospectiveStore(request: req).record(stream.id, body, by: try actor(req))
            .encodeResponse(status: .created, for: req)
    }
}

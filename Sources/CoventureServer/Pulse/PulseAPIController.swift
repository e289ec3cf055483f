import CoventureCore
import Foundation
import Vapor

/// `/api/v1/initiatives/{id}/pulse…` and `/api/v1/pulse-rounds/{id}/answers` (issue #15). Every handler first checks
/// that the caller may see the initiative (a non-member gets 404), then that they may make the change (403), before it
/// reads the body.
enum PulseAPIController {
    @Sendable static func settings(req: Request) async throws -> PulseSettingsDTO {
        let id = try await InitiativesAPIController.readable(req)
        return try await PulseStore(request: req).settings(id, personID: try req.person().id)
    }

    @Sendable static func changeSettings(req: Request) async throws -> PulseSettingsDTO {
        let id = try await InitiativesAPIController.readable(req)
        try await req.authorize(.initiative(id, .managePulse))
        let body = try req.content.decode(PulseSettingsRequest.self)
        return try await PulseStore(request: req).changeSettings(id, body, by: try req.person().actor)
    }

    @Sendable static func rounds(req: Request) async throws -> ListPage<PulseRoundDTO> {
        let id = try await InitiativesAPIController.readable(req)
        return try Pagination.from(req).page(try await PulseStore(request: req).rounds(id, personID: try req.person().id))
    }

    @Sendable static func open(req: Request) async throws -> Response {
        let id = try await InitiativesAPIController.readable(req)
        try await req.authorize(.initiative(id, .managePulse))
        let store = PulseStore(request: req)
        let round = try await store.open(id, by: try req.person().actor)
        return try await store.round(round.id, personID: try req.person().id).encodeResponse(status: .created, for: req)
    }

    @Sendable static func answer(req: Request) async throws -> Response {
        let store = PulseStore(request: req)
        let actor = try req.person().actor
        let round = try await store.readable(try req.uuid("pulseRoundID"), by: actor)
        try await req.authorize(.initiative(round.initiativeID, .answerPulse))
        let body = try req.content.decode(PulseAnswerRequest.self)
        return try await store.answer(round.id, body, by: actor).encodeResponse(status: .created, for: req)
    }

    /// Rounds × parties, from the read cache for the initiative's revision (an answer is a new one).
    @Sendable static func pulse(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await req.cachedRead("api-pulse", initiative: id) { _ in
            try await PulseStore(request: req).pulse(id, personID: try req.person().id)
        }
    }
}

import CoventureCore
import Foundation
import Vapor

/// `/api/v1/initiatives/{id}/webhooks` and `/api/v1/webhooks/{id}…` (issue #16). Every handler authorizes first —
/// the caller must be an admin of the party whose endpoints these are; another party's members and outsiders find
/// nothing — and only then reads the body.
enum WebhooksAPIController {
    /// The initiative's id, once the caller is known to be an admin of a party of it.
    private static func manageable(_ req: Request) async throws -> (UUID, Actor) {
        let id = try req.uuid("initiativeID")
        let person = try req.person()
        try await req.authorize(.initiative(id, .manageWebhooks(ofOrganization: person.organizationID)))
        return (id, person.actor)
    }

    /// The endpoint, once the caller is known to be an admin of its party.
    private static func managed(_ req: Request) async throws -> (WebhookReader.EndpointRecord, Actor) {
        let actor = try req.person().actor
        return (try await WebhookStore(request: req).managed(try req.uuid("webhookID"), by: actor), actor)
    }

    @Sendable static func list(req: Request) async throws -> ListPage<WebhookEndpointDTO> {
        let (id, actor) = try await manageable(req)
        return try Pagination.from(req).page(try await WebhookStore(request: req).list(id, by: actor))
    }

    @Sendable static func register(req: Request) async throws -> Response {
        let (id, actor) = try await manageable(req)
        let body = try req.content.decode(CreateWebhookEndpointRequest.self)
        return try await WebhookStore(request: req).register(id, body, by: actor).encodeResponse(status: .created, for: req)
    }

    @Sendable static func endpoint(req: Request) async throws -> WebhookEndpointDTO {
        try await managed(req).0.dto
    }

    @Sendable static func change(req: Request) async throws -> WebhookEndpointDTO {
        let (endpoint, actor) = try await managed(req)
        let body = try req.content.decode(ChangeWebhookEndpointRequest.self)
        return try await WebhookStore(request: req).change(endpoint.id, body, by: actor)
    }

    @Sendable static func delete(req: Request) async throws -> HTTPStatus {
        let (endpoint, actor) = try await managed(req)
        try await WebhookStore(request: req).delete(endpoint.id, by: actor)
        return .noContent
    }

    @Sendable static func test(req: Request) async throws -> Response {
        let (endpoint, actor) = try await managed(req)
        return try await WebhookStore(request: req).sendTest(endpoint.id, by: actor).encodeResponse(status: .created, for: req)
    }

    @Sendable static func rotate(req: Request) async throws -> RotatedWebhookSecretDTO {
        let (endpoint, actor) = try await managed(req)
        return try await WebhookStore(request: req).rotate(endpoint.id, by: actor)
    }

    @Sendable static func deliveries(req: Request) async throws -> ListPage<WebhookDeliveryDTO> {
        let (endpoint, _) = try await managed(req)
        let pagination = try Pagination.from(req)
        let (items, hasMore) = try await WebhookReader(db: req.db).deliveries(endpoint.id, limit: pagination.limit, offset: pagination.offset)
        return pagination.page(items, hasMore: hasMore)
    }
}

import CoventureCore
import Foundation
import Vapor

/// `/api/v1/initiatives/{id}/webhooks`, `/api/v1/organizations/{id}/webhooks` and `/api/v1/webhooks/{id}…`
/// (issue #16). Every handler authorizes first — the caller must manage the endpoints' scope: be an admin of the
/// party in the initiative, or of the organization; another party's or organization's people and outsiders find
/// nothing — and only then reads the body.
enum WebhooksAPIController {
    /// The scope the path names, once the caller is known to manage it: the caller's party's in the initiative, or
    /// the organization's own.
    private static func manageable(_ req: Request) async throws -> (WebhookScope, Actor) {
        let person = try req.person()
        let scope: WebhookScope = req.parameters.get("organizationID") != nil
            ? .organization(try req.uuid("organizationID"))
            : .initiative(try req.uuid("initiativeID"), organizationID: person.organizationID)
        try await req.authorize(scope.permission)
        return (scope, person.actor)
    }

    /// The endpoint, once the caller is known to be an admin of its party.
    private static func managed(_ req: Request) async throws -> (WebhookReader.EndpointRecord, Actor) {
        let actor = try req.person().actor
        return (try await WebhookStore(request: req).managed(try req.uuid("webhookID"), by: actor), actor)
    }

    @Sendable static func list(req: Request) async throws -> ListPage<WebhookEndpointDTO> {
        let (scope, _) = try await manageable(req)
        return try Pagination.from(req).page(try await WebhookStore(request: req).list(scope))
    }

    @Sendable static func register(req: Request) async throws -> Response {
        let (scope, actor) = try await manageable(req)
        let body = try req.content.decode(CreateWebhookEndpointRequest.self)
        return try await WebhookStore(request: req).register(scope, body, by: actor).encodeResponse(status: .created, for: req)
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

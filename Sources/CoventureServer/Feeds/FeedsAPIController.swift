import CoventureCore
import Foundation
import Vapor

/// `/api/v1/key-results/{id}/feeds`, `/api/v1/feeds/{feedID}` and the feed itself, `/api/v1/feeds/{secret}` (issue #16).
enum FeedsAPIController {
    /// Authorized before the body is read: who may not check in on the key result learns nothing from a bad body.
    @Sendable static func create(req: Request) async throws -> Response {
        let id = try req.uuid("keyResultID")
        try await req.authorize(.keyResult(id, .checkIn))
        // The body is optional: without one the feed is labelled "Feed".
        let body = (req.body.data?.readableBytes ?? 0) == 0 ? CreateFeedRequest(source: nil) : try req.content.decode(CreateFeedRequest.self)
        let created = try await FeedStore(request: req).create(id, source: body.source, by: try req.person().actor, origin: PublicOrigin.of(req))
        return try await created.encodeResponse(status: .created, for: req)
    }

    @Sendable static func revoke(req: Request) async throws -> HTTPStatus {
        try await FeedStore(request: req).revoke(try req.uuid("feedID"), by: try req.person().actor)
        return .noContent
    }

    /// The feed itself: no bearer token, the secret in the path is the credential. The route collected at most
    /// `maxBody` before this runs.
    @Sendable static func call(req: Request) async throws -> Response {
        let secret = req.parameters.get("secret") ?? ""
        let body = req.body.data.map { Array($0.readableBytesView) } ?? []
        let headers = WebhookSignature.Headers(
            id: req.headers.first(name: "webhook-id"), timestamp: req.headers.first(name: "webhook-timestamp"),
            signature: req.headers.first(name: "webhook-signature"))
        let throttle = req.application.feedThrottle
        let checkIn = try await FeedStore(request: req).receive(
            secret: secret, signature: headers, body: body, throttle: throttle, now: throttle.clock())
        return try await checkIn.encodeResponse(status: .created, for: req)
    }

    /// A feed's `Idempotency-Key`s are the feed's own (issue #17): the live feed its secret finds; an unknown or revoked
    /// secret has none, and the call answers 404 as it would without a key, storing nothing.
    static let idempotencyCaller = IdempotencyCaller { req in
        try await FeedReader(db: req.db).live(secret: req.parameters.get("secret") ?? "").map { "feed:\($0.id.uuidString.lowercased())" }
    }

    /// A check-in is a few numbers and a narrative: 16 KB is plenty, and nothing larger is read.
    static let maxBody: ByteCount = "16kb"
}

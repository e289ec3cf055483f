import CoventureCore
import Foundation
import Vapor

/// The feed forms on a key result's page (issue #16): create (the URL, with its secret, shown once) and revoke.
enum FeedPagesController {
    @Sendable static func create(req: Request) async throws -> Response {
        let id = try req.uuid("keyResultID")
        return try await FormAction.run(req, authorize: .keyResult(id, .checkIn)) { form in
            let created = try await FeedStore(request: req).create(
                id, source: form["source"], by: try req.person().actor, origin: PublicOrigin.of(req))
            return .redirect(.keyResult(.value(id)), flash: Flash(
                message: "Feed created.",
                secret: .init(
                    label: "The feed's URL", value: created.url,
                    note: "Copy it now: it is shown only on this page, and only a hash of its secret (the last part) is kept. "
                        + "Lost it? Revoke the feed and create another.")))
        } page: { form, errors in
            var model = try await OKRPagesController.keyResultModel(req)
            model.feeds?.form = form
            model.feeds?.errors = errors
            return KeyResultPage.render(model, context: req.pageContext)
        }
    }

    @Sendable static func revoke(req: Request) async throws -> Response {
        let keyResultID = try req.uuid("keyResultID"), feedID = try req.uuid("feedID")
        return try await FormAction.run(req, authorize: .keyResult(keyResultID, .checkIn)) { _ in
            // A feed of another key result is as missing as one that never was.
            guard try await FeedReader(db: req.db).keyResultID(ofFeed: feedID) == keyResultID else { throw AppError.notFound }
            let revoked = try await FeedStore(request: req).revoke(feedID, by: try req.person().actor)
            return .redirect(.keyResult(.value(keyResultID)), saying: "Feed “\(revoked.source)” revoked: its URL no longer works.")
        } page: { _, _ in
            KeyResultPage.render(try await OKRPagesController.keyResultModel(req), context: req.pageContext)
        }
    }
}

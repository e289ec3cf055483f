import CoventureCore
import Vapor

extension Routes {
    /// The feed forms of a key result's page, behind sign-in; access is checked in the handlers through `Policy`.
    static func registerFeedPages(_ signedIn: any RoutesBuilder) {
        typealias P = FeedPagesController
        signedIn.post(SiteURL.keyResultFeeds(.key).pathComponents, use: P.create)
        signedIn.post(SiteURL.keyResultFeedRevoke(.key, feed: .key).pathComponents, use: P.revoke)
    }

    /// Creating and revoking feeds need a bearer token (`api`); calling one needs only its secret (`open`).
    static func registerFeedAPI(_ api: any RoutesBuilder, open: any RoutesBuilder, registry: OpenAPIRegistry) {
        typealias C = FeedsAPIController
        api.on(.init(method: .POST, url: .keyResultFeeds(.key), id: "createKeyResultFeed",
                     summary: "Create an inbound feed for the key result (who may check in on it: its owner, the leaders of streams contributing to it, its party's admins). The answer holds the feed's URL and secret, shown this once; `source` labels its check-ins",
                     request: CreateFeedRequest.self, response: .ref("CreatedFeed"), status: 201),
               registry: registry, use: C.create)
        api.on(.init(method: .DELETE, url: .feed(.key), id: "revokeKeyResultFeed",
                     summary: "Revoke a feed (who may check in on its key result): its URL answers 404 from now on",
                     response: nil, status: 204),
               registry: registry, use: C.revoke)
        open.on(.init(method: .POST, url: .feedCall(.key), id: "callKeyResultFeed",
                      summary: "Record a check-in through a feed, in the key result owner's name and marked with its source. No bearer token: the secret in the path is the credential. A body signed the Standard Webhooks way (webhook-id, webhook-timestamp within 5 minutes, webhook-signature v1,<base64 HMAC-SHA256 of id.timestamp.body keyed with the secret) is checked (401 when wrong; 409 for an id seen in the last 10 minutes). 404 for an unknown or revoked secret, 410 once the owner may no longer check in (left the initiative), 429 over 60 calls a minute (10 at once)",
                      request: FeedCheckInRequest.self, response: .ref("CheckIn"), status: 201, isPublic: true,
                      maxBodySize: C.maxBody, extraErrors: [.unauthorized, .conflict, .gone, .tooManyRequests, .unavailable],
                      idempotencyCaller: C.idempotencyCaller),
                registry: registry, use: C.call)
    }
}

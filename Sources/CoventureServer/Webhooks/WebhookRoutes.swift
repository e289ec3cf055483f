import CoventureCore
import Vapor

extension Routes {
    /// The webhooks page and its forms, behind sign-in; access is checked in the handlers through `Policy`.
    static func registerWebhookPages(_ signedIn: any RoutesBuilder) {
        typealias P = WebhookPagesController
        signedIn.get(SiteURL.webhooks(.key).pathComponents, use: P.page)
        signedIn.post(SiteURL.webhooks(.key).pathComponents, use: P.register)
        signedIn.get(SiteURL.webhook(.key, webhook: .key).pathComponents, use: P.endpoint)
        signedIn.post(SiteURL.webhook(.key, webhook: .key).pathComponents, use: P.change)
        signedIn.post(SiteURL.webhookDelete(.key, webhook: .key).pathComponents, use: P.delete)
        signedIn.post(SiteURL.webhookTest(.key, webhook: .key).pathComponents, use: P.test)
        signedIn.post(SiteURL.webhookRotate(.key, webhook: .key).pathComponents, use: P.rotate)
        signedIn.get(SiteURL.organizationWebhooks(.key).pathComponents, use: P.page)
        signedIn.post(SiteURL.organizationWebhooks(.key).pathComponents, use: P.register)
        signedIn.get(SiteURL.organizationWebhook(.key, webhook: .key).pathComponents, use: P.endpoint)
        signedIn.post(SiteURL.organizationWebhook(.key, webhook: .key).pathComponents, use: P.change)
        signedIn.post(SiteURL.organizationWebhookDelete(.key, webhook: .key).pathComponents, use: P.delete)
        signedIn.post(SiteURL.organizationWebhookTest(.key, webhook: .key).pathComponents, use: P.test)
        signedIn.post(SiteURL.organizationWebhookRotate(.key, webhook: .key).pathComponents, use: P.rotate)
    }

    static func registerWebhookAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        typealias C = WebhooksAPIController
        // A member of the endpoint's party who is not an admin is refused (403) even where nothing changes.
        let refused: Set<APIErrorCode> = [.forbidden]
        let types = "the ledger's action names (e.g. \"checkIn.recorded\") or [\"*\"] for all"
        api.on(.init(method: .GET, url: .webhooks(.key), id: "listWebhooks",
                     summary: "Your party's webhook endpoints for the initiative, without their secrets (a party's admins)",
                     response: APISchemas.page(of: "WebhookEndpoint"), query: APISchemas.paging, extraErrors: refused),
               registry: registry, use: C.list)
        api.on(.init(method: .POST, url: .webhooks(.key), id: "registerWebhook",
                     summary: "Register a webhook endpoint for your party (its admins): an https URL that resolves to public addresses only, and the event types, \(types). Answers the signing secret (whsec_…), shown this once",
                     request: CreateWebhookEndpointRequest.self, response: .ref("CreatedWebhookEndpoint"), status: 201),
               registry: registry, use: C.register)
        api.on(.init(method: .GET, url: .organizationWebhooks(.key), id: "listOrganizationWebhooks",
                     summary: "Your organization's own webhook endpoints, without their secrets (its admins): each receives the organization's own log and every initiative it is a party to",
                     response: APISchemas.page(of: "WebhookEndpoint"), query: APISchemas.paging, extraErrors: refused),
               registry: registry, use: C.list)
        api.on(.init(method: .POST, url: .organizationWebhooks(.key), id: "registerOrganizationWebhook",
                     summary: "Register a webhook endpoint for your organization (its admins): it receives the events of the organization's own log and of every initiative it is a party to, those it joins later included; the URL and event types as for an initiative's (\(types)). Answers the signing secret (whsec_…), shown this once",
                     request: CreateWebhookEndpointRequest.self, response: .ref("CreatedWebhookEndpoint"), status: 201),
               registry: registry, use: C.register)
        api.on(.init(method: .GET, url: .webhook(.key), id: "getWebhook",
                     summary: "A webhook endpoint of your party, without its secret", response: .ref("WebhookEndpoint"), extraErrors: refused, version: .webhook),
               registry: registry, use: C.endpoint)
        api.on(.init(method: .PATCH, url: .webhook(.key), id: "changeWebhook",
                     summary: "Change a webhook endpoint's URL or event types (\(types)), or disable and enable it; enabling clears a failing streak",
                     request: ChangeWebhookEndpointRequest.self, response: .ref("WebhookEndpoint"), version: .webhook),
               registry: registry, use: C.change)
        api.on(.init(method: .DELETE, url: .webhook(.key), id: "deleteWebhook",
                     summary: "Delete a webhook endpoint and its delivery log; what was pending is not sent", response: nil, status: 204),
               registry: registry, use: C.delete)
        api.on(.init(method: .POST, url: .webhookTest(.key), id: "testWebhook",
                     summary: "Send a webhook.test event now, once, and answer how it went (it joins the delivery log)",
                     response: .ref("WebhookDelivery"), status: 201),
               registry: registry, use: C.test)
        api.on(.init(method: .POST, url: .webhookRotateSecret(.key), id: "rotateWebhookSecret",
                     summary: "A new signing secret, shown this once; the previous one keeps signing beside it for 24 hours (both signatures are sent)",
                     response: .ref("RotatedWebhookSecret")),
               registry: registry, use: C.rotate)
        api.on(.init(method: .GET, url: .webhookDeliveries(.key), id: "listWebhookDeliveries",
                     summary: "The endpoint's delivery log, newest first: each message's webhook-id, event, status, attempts, last response code and latency",
                     response: APISchemas.page(of: "WebhookDelivery"), query: APISchemas.paging, extraErrors: refused),
               registry: registry, use: C.deliveries)
    }
}

extension VersionedResource {
    static let webhook = VersionedResource(table: "webhook_endpoints", parameter: "webhookID") { req, db in
        try await WebhookReader(db: db).endpoint(try req.uuid("webhookID")).dto
    }
}

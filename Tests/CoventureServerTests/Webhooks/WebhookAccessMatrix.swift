import CoventureCore
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// The webhooks fixture of the access matrix's `World` (issue #16): an endpoint of the owner's party in the initiative,
/// and one of the owner's organization, registered through the store with loopback allowed (the matrix's app refuses
/// it, so a test event fails at once, sending nothing).
struct MatrixWebhooks: Sendable {
    var endpointID: UUID
    var organizationEndpointID: UUID

    static func make(_ t: TestApp, initiative: UUID, owner: SignedInPerson) async throws -> MatrixWebhooks {
        var context = t.app.webhooks
        context.allowPrivate = true
        let store = WebhookStore(db: t.db, recorder: t.app.recorder, context: context)
        let request = CreateWebhookEndpointRequest(url: "http://127.0.0.1:9/hook", eventTypes: ["*"])
        return MatrixWebhooks(
            endpointID: try await store.register(.initiative(initiative, organizationID: owner.organizationID), request, by: owner.actor).id,
            organizationEndpointID: try await store.register(.organization(owner.organizationID), request, by: owner.actor).id)
    }
}

extension AccessMatrixTests {
    /// One endpoint of the owner's party: its admins only; another party's people and outsiders find nothing, the
    /// owner party's other members are refused.
    static func endpointAdmins(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .notFound, .contributor: .forbidden, .partnerAdmin: .notFound, .ownerAdmin: .ok]
    }

    static let webhookEntries: [Entry] = {
        let i: @Sendable (World) -> Param<UUID> = { .value($0.initiative.id) }
        let w: @Sendable (World) -> Param<UUID> = { .value($0.webhooks.endpointID) }
        let o: @Sendable (World) -> Param<UUID> = { .value($0.ownerAdmin.organizationID) }
        let ow: @Sendable (World) -> Param<UUID> = { .value($0.webhooks.organizationEndpointID) }
        // The owner organization's endpoint: its admins; its other people are refused; everyone else finds nothing.
        let orgEndpoint = ownerOrganizationAdmins
        // A public address literal: registering resolves nothing, and nothing is delivered in tests.
        let register: @Sendable (World) -> [String: String] = { _ in ["url": "https://8.8.8.8/hook", "eventTypes": "*"] }
        return [
            // Pages
            Entry(method: .GET, url: .webhooks(.key), path: { w in SiteURL.webhooks(i(w)).path }, expect: partyAdmins(anonymous: .signIn)),
            Entry(method: .POST, url: .webhooks(.key), path: { w in SiteURL.webhooks(i(w)).path }, form: register,
                  expect: partyAdmins(anonymous: .signIn)),
            Entry(method: .GET, url: .webhook(.key, webhook: .key), path: { x in SiteURL.webhook(i(x), webhook: w(x)).path },
                  expect: endpointAdmins(anonymous: .signIn)),
            Entry(method: .POST, url: .webhook(.key, webhook: .key), path: { x in SiteURL.webhook(i(x), webhook: w(x)).path },
                  form: { _ in ["eventTypes": "checkIn.recorded, decision.sealed"] }, expect: endpointAdmins(anonymous: .signIn)),
            Entry(method: .POST, url: .webhookDelete(.key, webhook: .key), path: { x in SiteURL.webhookDelete(i(x), webhook: w(x)).path },
                  form: { _ in [:] }, expect: endpointAdmins(anonymous: .signIn)),
            Entry(method: .POST, url: .webhookTest(.key, webhook: .key), path: { x in SiteURL.webhookTest(i(x), webhook: w(x)).path },
                  form: { _ in [:] }, expect: endpointAdmins(anonymous: .signIn)),
            Entry(method: .POST, url: .webhookRotate(.key, webhook: .key), path: { x in SiteURL.webhookRotate(i(x), webhook: w(x)).path },
                  form: { _ in [:] }, expect: endpointAdmins(anonymous: .signIn)),
            // An organization's pages
            Entry(method: .GET, url: .organizationWebhooks(.key), path: { w in SiteURL.organizationWebhooks(o(w)).path },
                  expect: orgEndpoint(.signIn)),
            Entry(method: .POST, url: .organizationWebhooks(.key), path: { w in SiteURL.organizationWebhooks(o(w)).path }, form: register,
                  expect: orgEndpoint(.signIn)),
            Entry(method: .GET, url: .organizationWebhook(.key, webhook: .key), path: { x in SiteURL.organizationWebhook(o(x), webhook: ow(x)).path },
                  expect: orgEndpoint(.signIn)),
            Entry(method: .POST, url: .organizationWebhook(.key, webhook: .key), path: { x in SiteURL.organizationWebhook(o(x), webhook: ow(x)).path },
                  form: { _ in ["eventTypes": "checkIn.recorded, decision.sealed"] }, expect: orgEndpoint(.signIn)),
            Entry(method: .POST, url: .organizationWebhookDelete(.key, webhook: .key),
                  path: { x in SiteURL.organizationWebhookDelete(o(x), webhook: ow(x)).path }, form: { _ in [:] }, expect: orgEndpoint(.signIn)),
            Entry(method: .POST, url: .organizationWebhookTest(.key, webhook: .key),
                  path: { x in SiteURL.organizationWebhookTest(o(x), webhook: ow(x)).path }, form: { _ in [:] }, expect: orgEndpoint(.signIn)),
            Entry(method: .POST, url: .organizationWebhookRotate(.key, webhook: .key),
                  path: { x in SiteURL.organizationWebhookRotate(o(x), webhook: ow(x)).path }, form: { _ in [:] }, expect: orgEndpoint(.signIn)),
            // API
            Entry(method: .GET, url: .api(.organizationWebhooks(.key)), path: { w in APIURL.organizationWebhooks(o(w)).path },
                  expect: orgEndpoint(.unauthorized)),
            Entry(method: .POST, url: .api(.organizationWebhooks(.key)), path: { w in APIURL.organizationWebhooks(o(w)).path },
                  json: { _ in CreateWebhookEndpointRequest(url: "https://8.8.8.8/hook", eventTypes: ["*"]) }, expect: orgEndpoint(.unauthorized)),
            Entry(method: .GET, url: .api(.webhooks(.key)), path: { w in APIURL.webhooks(i(w)).path }, expect: partyAdmins(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.webhooks(.key)), path: { w in APIURL.webhooks(i(w)).path },
                  json: { _ in CreateWebhookEndpointRequest(url: "https://8.8.8.8/hook", eventTypes: ["*"]) }, expect: partyAdmins(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.webhook(.key)), path: { x in APIURL.webhook(w(x)).path }, expect: endpointAdmins(anonymous: .unauthorized)),
            Entry(method: .PATCH, url: .api(.webhook(.key)), path: { x in APIURL.webhook(w(x)).path },
                  json: { _ in ChangeWebhookEndpointRequest(eventTypes: ["decision.sealed"]) }, expect: endpointAdmins(anonymous: .unauthorized)),
            Entry(method: .DELETE, url: .api(.webhook(.key)), path: { x in APIURL.webhook(w(x)).path }, expect: endpointAdmins(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.webhookTest(.key)), path: { x in APIURL.webhookTest(w(x)).path }, expect: endpointAdmins(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.webhookRotateSecret(.key)), path: { x in APIURL.webhookRotateSecret(w(x)).path },
                  expect: endpointAdmins(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.webhookDeliveries(.key)), path: { x in APIURL.webhookDeliveries(w(x)).path },
                  expect: endpointAdmins(anonymous: .unauthorized)),
        ]
    }()
}

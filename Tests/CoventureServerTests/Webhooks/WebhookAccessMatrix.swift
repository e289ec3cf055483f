import CoventureCore
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// The webhooks fixture of the access matrix's `World`: an endpoint of the owner's party (issue #16), registered
/// through the store with loopback allowed (the matrix's app refuses it, so a test event fails at once, sending nothing).
struct MatrixWebhooks: Sendable {
    var endpointID: UUID

    static func make(_ t: TestApp, initiative: UUID, owner: SignedInPerson) async throws -> MatrixWebhooks {
        var context = t.app.webhooks
        context.allowPrivate = true
        let created = try await WebhookStore(db: t.db, recorder: t.app.recorder, context: context)
            .register(initiative, CreateWebhookEndpointRequest(url: "http://127.0.0.1:9/hook", eventTypes: ["*"]), by: owner.actor)
        return MatrixWebhooks(endpointID: created.id)
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
            // API
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

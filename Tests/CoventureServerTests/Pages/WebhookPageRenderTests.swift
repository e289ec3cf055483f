import CoventureCore
import Foundation
import Testing

@testable import CoventureServer

/// The webhooks pages rendered from hand-built models (issue #16): no database, no server.
@Suite("Webhook page renders")
struct WebhookPageRenderTests {
    typealias F = Fixture

    static func endpoint(url: String = "https://hooks.bank.example/coventure", types: [String] = ["*"], enabled: Bool = true,
                         reason: String? = nil, failingSince: Date? = nil, ofOrganization: Bool = false) -> WebhookEndpointDTO {
        WebhookEndpointDTO(
            id: F.id(700), initiativeId: ofOrganization ? nil : F.initiativeID, organizationId: F.ownerOrg, url: url, eventTypes: types, enabled: enabled,
            disabledReason: reason, failingSince: failingSince, previousSecretExpiresAt: nil, createdAt: F.now)
    }

    static func delivery(_ n: Int, status: WebhookDeliveryStatus, response: Int? = 200, error: String? = nil) -> WebhookDeliveryDTO {
        WebhookDeliveryDTO(
            id: "msg_\(n)", eventType: "checkIn.recorded", ledgerIndex: n, status: status, attempts: 1, responseStatus: response, latencyMs: 42,
            error: error, createdAt: F.now, lastAttemptAt: F.now, nextAttemptAt: status == .pending ? F.date(days: 0.01) : nil)
    }

    static let initiativeFrame = WebhookPageFrame.initiative(F.initiative(), showSettings: false)
    static let organizationFrame = WebhookPageFrame.organization(id: F.ownerOrg, name: "Northwind Bank")

    static func list(_ endpoints: [WebhookEndpointDTO], values: [String: String] = [:], errors: [String: String] = [:],
                     ofOrganization: Bool = false) -> Rendered {
        let scope: WebhookScope = ofOrganization ? .organization(F.ownerOrg) : .initiative(F.initiativeID, organizationID: F.ownerOrg)
        return Rendered(WebhooksPage.render(
            .init(scope: scope, frame: ofOrganization ? organizationFrame : initiativeFrame, endpoints: endpoints, values: values, errors: errors),
            context: F.context()))
    }

    static func one(_ endpoint: WebhookEndpointDTO, deliveries: [WebhookDeliveryDTO] = [], errors: [String: String] = [:]) -> Rendered {
        Rendered(WebhookPage.render(
            .init(frame: endpoint.initiativeId == nil ? organizationFrame : initiativeFrame, endpoint: endpoint, deliveries: deliveries, errors: errors),
            context: F.context()))
    }

    @Test("The list links each endpoint, says its events and state, and offers the register form with its CSRF token")
    func list() throws {
        let page = Self.list([Self.endpoint(), Self.endpoint(types: ["decision.sealed"], enabled: false, reason: "every delivery failed for 24 hours")])
        #expect(page.links(to: .webhook(.value(F.initiativeID), webhook: .value(F.id(700)))))
        #expect(page.contains("All events") && page.contains("decision.sealed"))
        #expect(page.contains("Disabled: every delivery failed for 24 hours"))
        let form = try #require(page.form(posting: .webhooks(.value(F.initiativeID))))
        #expect(form.contains(F.csrf) && form.contains("name=\"url\"") && form.contains("name=\"eventTypes\" value=\"*\""))
        #expect(!page.contains("whsec_"), "no secret on the list")
        #expect(Self.list([]).contains("No endpoint yet."))
    }

    @Test("A refused registration shows its error beside the field, the input kept, hostile text escaped")
    func refusedRegistration() {
        let page = Self.list([], values: ["url": F.hostile, "eventTypes": "*"], errors: ["url": "must not resolve to a private address (10.0.0.1): webhooks are never sent there"])
        #expect(page.contains("URL must not resolve to a private address (10.0.0.1)"))
        #expect(page.contains("href=\"#field-url\""), "the summary links the field")
        #expect(page.contains("value=\"\(F.hostileEscaped)\""))
        #expect(!page.contains(F.hostile))
    }

    @Test("An endpoint's page offers test, rotate, disable and delete, each a CSRF form, and its delivery log")
    func endpointPage() throws {
        let page = Self.one(Self.endpoint(url: "https://hooks.bank.example/?q=" + F.hostile), deliveries: [
            Self.delivery(3, status: .pending, response: 503, error: "the receiver answered 503"),
            Self.delivery(2, status: .delivered), Self.delivery(1, status: .failed, response: nil, error: "no answer within the time limit"),
        ])
        let i = Param<UUID>.value(F.initiativeID), w = Param<UUID>.value(F.id(700))
        for url in [SiteURL.webhookTest(i, webhook: w), .webhookRotate(i, webhook: w), .webhookDelete(i, webhook: w), .webhook(i, webhook: w)] {
            let form = try #require(page.form(posting: url), "\(url.path)")
            #expect(form.contains(F.csrf))
        }
        #expect(page.contains("name=\"enabled\" value=\"false\"") && page.contains("Disable"))
        #expect(page.contains("Pending, next attempt") && page.contains("Delivered") && page.contains("Given up"))
        #expect(page.contains("no answer within the time limit") && page.contains("42 ms") && page.contains("msg_3"))
        #expect(!page.contains(F.hostile), "the URL is escaped in text and attributes")
        #expect(Self.one(Self.endpoint(enabled: false)).contains("name=\"enabled\" value=\"true\""))
        #expect(Self.one(Self.endpoint()).contains("Nothing sent yet."))
    }

    @Test("An organization's pages link and post to the organization's addresses, say what its endpoints receive, and lead back to it")
    func organizationPages() throws {
        let list = Self.list([Self.endpoint(ofOrganization: true)], ofOrganization: true)
        let o = Param<UUID>.value(F.ownerOrg), w = Param<UUID>.value(F.id(700))
        #expect(list.links(to: .organizationWebhook(o, webhook: w)))
        #expect(list.links(to: .organization(o)), "the way back is the organization's page")
        #expect(try #require(list.form(posting: .organizationWebhooks(o))).contains(F.csrf))
        #expect(list.contains("every initiative it is a party to") && list.contains("Northwind Bank"))
        #expect(!list.links(to: .webhooks(.value(F.initiativeID))), "no initiative's address on an organization's page")
        let page = Self.one(Self.endpoint(ofOrganization: true))
        for url in [SiteURL.organizationWebhookTest(o, webhook: w), .organizationWebhookRotate(o, webhook: w), .organizationWebhookDelete(o, webhook: w),
                    .organizationWebhook(o, webhook: w)] {
            #expect(try #require(page.form(posting: url), "\(url.path)").contains(F.csrf))
        }
        #expect(page.links(to: .organizationWebhooks(o)))
    }
}

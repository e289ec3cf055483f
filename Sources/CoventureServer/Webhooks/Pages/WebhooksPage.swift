import CoventureCore
import Foundation
import Plot

/// A party's webhook endpoints for an initiative (issue #16), for that party's admins: the list, and the form that
/// registers one (its secret is shown once, on the page the form leads to, through the flash).
enum WebhooksPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var endpoints: [WebhookEndpointDTO]
        var showSettings: Bool
        var values: [String: String] = [:]
        var errors: [String: String] = [:]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative
        return Layout.page(
            "Webhooks · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(initiative.id))), .plain("← " + initiative.name))),
            InitiativeNav.render(initiative, current: nil, showSettings: model.showSettings),
            .section(
                .class("panel"),
                .h1(.plain("Webhooks")),
                .p(.class("lead"), .plain(
                    "Your party's systems can receive every change to this initiative as it is recorded: a signed JSON POST per event (Standard Webhooks), retried for 24 hours. Only your party's admins see and manage your endpoints."))
            ),
            .section(
                .class("panel"),
                .h2(.plain("Your party's endpoints")),
                model.endpoints.isEmpty
                    ? .p(.class("muted empty"), .plain("No endpoint yet."))
                    : .table(
                        .thead(.tr(.th(.plain("URL")), .th(.plain("Events")), .th(.plain("State")))),
                        .tbody(.forEach(model.endpoints) { endpoint in
                            .tr(
                                .td(.safe("data-label", "URL"), .a(.link(.webhook(.value(initiative.id), webhook: .value(endpoint.id))), .plain(endpoint.url))),
                                .td(.safe("data-label", "Events"), .plain(WebhookComponents.types(endpoint.eventTypes))),
                                .td(.safe("data-label", "State"), .plain(WebhookComponents.state(endpoint))))
                        }))
            ),
            .section(
                .class("panel"),
                .h2(.plain("Register an endpoint")),
                Forms.errorSummary(model.errors),
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.webhooks(.value(initiative.id)).path),
                    Forms.csrf(context.csrfToken),
                    Forms.field("URL", name: "url", value: model.values["url"] ?? "", type: "url",
                                hint: "https, on a public address; the server refuses private, loopback and cloud-metadata addresses.",
                                error: model.errors["url"]),
                    WebhookComponents.typesField(value: model.values["eventTypes"] ?? WebhookRules.everything, error: model.errors["eventTypes"]),
                    Forms.submit("Register")
                )
            )
        )
    }
}

/// One endpoint and its delivery log: change its URL and event types, disable or enable it, send a test event,
/// rotate its secret, delete it.
enum WebhookPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var endpoint: WebhookEndpointDTO
        var deliveries: [WebhookDeliveryDTO]
        var showSettings: Bool
        var values: [String: String] = [:]
        var errors: [String: String] = [:]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative
        let endpoint = model.endpoint
        let url: (SiteURL) -> String = { $0.path }
        let id = Param<UUID>.value(initiative.id), webhook = Param<UUID>.value(endpoint.id)
        return Layout.page(
            "Webhook · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.webhooks(id)), .plain("← Webhooks"))),
            InitiativeNav.render(initiative, current: nil, showSettings: model.showSettings),
            .section(
                .class("panel"),
                .h1(.plain(endpoint.url)),
                .p(.plain(WebhookComponents.state(endpoint))),
                .unwrap(endpoint.previousSecretExpiresAt.flatMap { $0 > Date() ? $0 : nil }) { until in
                    .p(.class("muted"), .plain("The previous secret signs too until \(Display.dateTime(until)) (both signatures are sent)."))
                },
                .div(
                    .class("actions"),
                    Forms.action(.webhookTest(id, webhook: webhook), "Send a test event", token: context.csrfToken),
                    Forms.action(.webhookRotate(id, webhook: webhook), "Rotate the secret", token: context.csrfToken),
                    .form(
                        .class("inline"), .safe("method", "post"), .safe("action", url(.webhook(id, webhook: webhook))),
                        Forms.csrf(context.csrfToken),
                        .input(.safe("type", "hidden"), .safe("name", "enabled"), .safe("value", endpoint.enabled ? "false" : "true")),
                        .button(.safe("type", "submit"), .class("secondary"), .plain(endpoint.enabled ? "Disable" : "Enable"))),
                    Forms.action(.webhookDelete(id, webhook: webhook), "Delete", token: context.csrfToken, danger: true))
            ),
            .section(
                .class("panel"),
                .h2(.plain("Change")),
                Forms.errorSummary(model.errors),
                .form(
                    .safe("method", "post"), .safe("action", url(.webhook(id, webhook: webhook))),
                    Forms.csrf(context.csrfToken),
                    Forms.field("URL", name: "url", value: model.values["url"] ?? endpoint.url, type: "url", error: model.errors["url"]),
                    WebhookComponents.typesField(
                        value: model.values["eventTypes"] ?? endpoint.eventTypes.joined(separator: ", "), error: model.errors["eventTypes"]),
                    Forms.submit("Save")
                )
            ),
            .section(
                .class("panel"),
                .h2(.plain("Delivery log")),
                model.deliveries.isEmpty
                    ? .p(.class("muted empty"), .plain("Nothing sent yet."))
                    : .table(
                        .thead(.tr(
                            .th(.plain("Event")), .th(.plain("Status")), .th(.plain("Attempts")), .th(.plain("Response")),
                            .th(.plain("Latency")), .th(.plain("Last attempt")), .th(.plain("webhook-id")))),
                        .tbody(.forEach(model.deliveries) { delivery in
                            .tr(
                                .td(.safe("data-label", "Event"), .plain(delivery.eventType + (delivery.ledgerIndex.map { " (#\($0))" } ?? ""))),
                                .td(.safe("data-label", "Status"), .plain(WebhookComponents.status(delivery))),
                                .td(.safe("data-label", "Attempts"), .plain(String(delivery.attempts))),
                                .td(.safe("data-label", "Response"), .plain(delivery.responseStatus.map(String.init) ?? (delivery.error ?? "—"))),
                                .td(.safe("data-label", "Latency"), .plain(delivery.latencyMs.map { "\($0) ms" } ?? "—")),
                                .td(.safe("data-label", "Last attempt"), .plain(delivery.lastAttemptAt.map(Display.dateTime) ?? "—")),
                                .td(.safe("data-label", "webhook-id"), .code(.plain(delivery.id))))
                        }))
            )
        )
    }
}

/// What the two webhook pages share.
enum WebhookComponents {
    /// Where a party's admins find their webhooks: the members page (every party's admins) and the settings page.
    static func link(initiativeID: UUID) -> Node<HTML.BodyContext> {
        .section(
            .class("panel"),
            .h2(.plain("Webhooks")),
            .p(.plain("Send your party's systems every change to this initiative as it is recorded, signed. "),
               .a(.link(.webhooks(.value(initiativeID))), .plain("Manage your party's webhooks"))))
    }

    static func types(_ types: [String]) -> String { types == [WebhookRules.everything] ? "All events" : types.joined(separator: ", ") }

    static func state(_ endpoint: WebhookEndpointDTO) -> String {
        if !endpoint.enabled { return "Disabled" + (endpoint.disabledReason.map { ": \($0)" } ?? "") }
        if let since = endpoint.failingSince { return "Enabled, failing since \(Display.dateTime(since))" }
        return "Enabled"
    }

    static func status(_ delivery: WebhookDeliveryDTO) -> String {
        switch delivery.status {
        case .delivered: "Delivered"
        case .failed: "Given up"
        case .pending: delivery.nextAttemptAt.map { "Pending, next attempt \(Display.dateTime($0))" } ?? "Pending"
        }
    }

    static func typesField(value: String, error: String?) -> Node<HTML.FormContext> {
        Forms.field("Event types", name: "eventTypes", value: value,
                    hint: "* for every event, or the ledger's action names separated by commas (e.g. checkIn.recorded, decision.sealed).",
                    error: error)
    }

    /// The form's "a, b" or "*" as the API's list.
    static func parseTypes(_ text: String?) -> [String]? {
        guard let text else { return nil }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

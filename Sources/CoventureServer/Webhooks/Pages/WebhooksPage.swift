import CoventureCore
import Foundation
import Plot

/// Where the webhook pages sit: in an initiative, under its navigation (a party's endpoints), or under an
/// organization (its own endpoints).
enum WebhookPageFrame: Sendable {
    case initiative(InitiativeDTO, showSettings: Bool)
    case organization(id: UUID, name: String)

    var name: String {
        switch self {
        case .initiative(let initiative, _): initiative.name
        case .organization(_, let name): name
        }
    }

    /// The way back and, in an initiative, its navigation.
    func header(back: Node<HTML.BodyContext>) -> Node<HTML.BodyContext> {
        switch self {
        case .initiative(let initiative, let showSettings):
            .group(.p(.class("crumbs"), back), InitiativeNav.render(initiative, current: nil, showSettings: showSettings))
        case .organization:
            .p(.class("crumbs"), back)
        }
    }
}

/// A scope's webhook endpoints (issue #16) for those who manage them — a party's admins in an initiative, or an
/// organization's admins: the list, and the form that registers one (its secret is shown once, on the page the form
/// leads to, through the flash).
enum WebhooksPage {
    struct Model: Sendable {
        var scope: WebhookScope
        var frame: WebhookPageFrame
        var endpoints: [WebhookEndpointDTO]
        var values: [String: String] = [:]
        var errors: [String: String] = [:]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let scope = model.scope
        let back: Node<HTML.BodyContext> = switch model.frame {
        case .initiative(let initiative, _): .a(.link(.initiative(.value(initiative.id))), .plain("← " + initiative.name))
        case .organization(let id, let name): .a(.link(.organization(.value(id))), .plain("← " + name))
        }
        let (lead, heading) = switch scope {
        case .initiative:
            ("Your party's systems can receive every change to this initiative as it is recorded: a signed JSON POST per event (Standard Webhooks), retried for 24 hours. Only your party's admins see and manage your endpoints.",
             "Your party's endpoints")
        case .organization:
            ("Your organization's systems can receive every change to its own objectives and to every initiative it is a party to, those it joins later included: a signed JSON POST per event (Standard Webhooks), retried for 24 hours. Only your organization's admins see and manage these endpoints; an initiative's own page lists the endpoints its party's admins set for that initiative alone.",
             "Your organization's endpoints")
        }
        return Layout.page(
            "Webhooks · \(model.frame.name)", context,
            model.frame.header(back: back),
            .section(
                .class("panel"),
                .h1(.plain("Webhooks")),
                .p(.class("lead"), .plain(lead))
            ),
            .section(
                .class("panel"),
                .h2(.plain(heading)),
                model.endpoints.isEmpty
                    ? .p(.class("muted empty"), .plain("No endpoint yet."))
                    : .table(
                        .thead(.tr(.th(.plain("URL")), .th(.plain("Events")), .th(.plain("State")))),
                        .tbody(.forEach(model.endpoints) { endpoint in
                            .tr(
                                .td(.safe("data-label", "URL"), .a(.link(scope.endpointPage(endpoint.id)), .plain(endpoint.url))),
                                .td(.safe("data-label", "Events"), .plain(WebhookComponents.types(endpoint.eventTypes))),
                                .td(.safe("data-label", "State"), .plain(WebhookComponents.state(endpoint))))
                        }))
            ),
            .section(
                .class("panel"),
                .h2(.plain("Register an endpoint")),
                Forms.errorSummary(model.errors),
                .form(
                    .safe("method", "post"), .safe("action", scope.listPage.path),
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
        var frame: WebhookPageFrame
        var endpoint: WebhookEndpointDTO
        var deliveries: [WebhookDeliveryDTO]
        var values: [String: String] = [:]
        var errors: [String: String] = [:]
    }

    /// The values "Change" edits, as it shows them: what its version is a digest of (issue #17). The enable/disable
    /// button posts to the same path without a version: turning deliveries on or off never clashes with an edit.
    static func editedFields(_ endpoint: WebhookEndpointDTO) -> [String: String] {
        ["url": endpoint.url, "eventTypes": endpoint.eventTypes.joined(separator: ", ")]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let endpoint = model.endpoint
        let scope = endpoint.scope
        // The toggle's refusal (no version posted) keeps the change form's values as they are stored.
        let edit = EditedValues(stored: editedFields(endpoint), typed: model.values, errors: model.errors)
        let page = { (kind: WebhookScope.EndpointPage) in scope.endpointPage(endpoint.id, kind) }
        return Layout.page(
            "Webhook · \(model.frame.name)", context,
            model.frame.header(back: .a(.link(scope.listPage), .plain("← Webhooks"))),
            .section(
                .class("panel"),
                .h1(.plain(endpoint.url)),
                .p(.plain(WebhookComponents.state(endpoint))),
                .unwrap(endpoint.previousSecretExpiresAt.flatMap { $0 > Date() ? $0 : nil }) { until in
                    .p(.class("muted"), .plain("The previous secret signs too until \(Display.dateTime(until)) (both signatures are sent)."))
                },
                .div(
                    .class("actions"),
                    Forms.action(page(.test), "Send a test event", token: context.csrfToken),
                    Forms.action(page(.rotate), "Rotate the secret", token: context.csrfToken),
                    .form(
                        .class("inline"), .safe("method", "post"), .safe("action", page(.view).path),
                        Forms.csrf(context.csrfToken),
                        .input(.safe("type", "hidden"), .safe("name", "enabled"), .safe("value", endpoint.enabled ? "false" : "true")),
                        .button(.safe("type", "submit"), .class("secondary"), .plain(endpoint.enabled ? "Disable" : "Enable"))),
                    Forms.action(page(.delete), "Delete", token: context.csrfToken, danger: true))
            ),
            .section(
                .class("panel"),
                .h2(.plain("Change")),
                Forms.errorSummary(model.errors),
                .form(
                    .safe("method", "post"), .safe("action", page(.view).path),
                    Forms.csrf(context.csrfToken),
                    edit.version,
                    Forms.field("URL", name: "url", value: edit.value("url"), type: "url", error: model.errors["url"]),
                    edit.typedNote("url"),
                    WebhookComponents.typesField(value: edit.value("eventTypes"), error: model.errors["eventTypes"]),
                    edit.typedNote("eventTypes"),
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

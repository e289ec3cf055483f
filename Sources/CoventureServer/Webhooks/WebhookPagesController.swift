import CoventureCore
import Foundation
import Vapor

/// The webhooks pages and their forms (issue #16): authorize (a party's admins, for their own party's endpoints) →
/// parse → change → Post/Redirect/Get with a flash; a refused form re-renders with its errors and input kept.
enum WebhookPagesController {
    private static func showSettings(_ req: Request, _ initiativeID: UUID) async throws -> Bool {
        try await req.may(.initiative(initiativeID, .manageSettings))
    }

    private static func permission(_ req: Request, _ initiativeID: UUID) throws -> Permission {
        .initiative(initiativeID, .manageWebhooks(ofOrganization: try req.person().organizationID))
    }

    static func listModel(_ req: Request, _ id: UUID, values: [String: String] = [:], errors: [String: String] = [:]) async throws -> WebhooksPage.Model {
        WebhooksPage.Model(
            initiative: try await InitiativeStore(request: req).detail(id),
            endpoints: try await WebhookStore(request: req).list(id, by: try req.person().actor),
            showSettings: try await showSettings(req, id), values: values, errors: errors)
    }

    @Sendable static func page(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID")
        try await req.authorize(try permission(req, id))
        return HTMLPage(document: WebhooksPage.render(try await listModel(req, id), context: req.pageContext))
    }

    @Sendable static func register(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await FormAction.run(req, authorize: try permission(req, id)) { form in
            let created = try await WebhookStore(request: req).register(
                id, CreateWebhookEndpointRequest(url: form["url"], eventTypes: WebhookComponents.parseTypes(form["eventTypes"])),
                by: try req.person().actor)
            return .redirect(.webhook(.value(id), webhook: .value(created.id)), flash: Flash(
                message: "Registered. Copy the signing secret now: it is not shown again.",
                secret: .init(label: "Signing secret", value: created.secret,
                              note: "Your receiver verifies each webhook's signature with it (the standardwebhooks libraries take it as it is).")))
        } page: { form, errors in
            WebhooksPage.render(try await listModel(req, id, values: form, errors: errors), context: req.pageContext)
        }
    }

    /// The endpoint named in the path, once the caller is known to be an admin of its party (404 for anyone else,
    /// and for an endpoint of another initiative).
    private static func managed(_ req: Request) async throws -> (UUID, WebhookReader.EndpointRecord) {
        let id = try req.uuid("initiativeID")
        let endpoint = try await WebhookStore(request: req).managed(try req.uuid("webhookID"), by: try req.person().actor)
        guard endpoint.initiativeID == id else { throw AppError.notFound }
        return (id, endpoint)
    }

    static func endpointModel(
        _ req: Request, _ id: UUID, _ endpointID: UUID, values: [String: String] = [:], errors: [String: String] = [:]
    ) async throws -> WebhookPage.Model {
        WebhookPage.Model(
            initiative: try await InitiativeStore(request: req).detail(id), endpoint: try await WebhookReader(db: req.db).endpoint(endpointID).dto,
            deliveries: try await WebhookReader(db: req.db).deliveries(endpointID, limit: 50, offset: 0).items,
            showSettings: try await showSettings(req, id), values: values, errors: errors)
    }

    @Sendable static func endpoint(req: Request) async throws -> HTMLPage {
        let (id, endpoint) = try await managed(req)
        return HTMLPage(document: WebhookPage.render(try await endpointModel(req, id, endpoint.id), context: req.pageContext))
    }

    /// A form on an endpoint's page: authorized for the endpoint's party's admins, re-rendering that page when refused.
    private static func endpointForm(
        _ req: Request,
        change: @escaping (_ id: UUID, _ endpoint: WebhookReader.EndpointRecord, _ form: [String: String]) async throws -> FormOutcome
    ) async throws -> Response {
        let (id, endpoint) = try await managed(req)
        return try await FormAction.run(req, authorize: WebhookStore.permission(endpoint)) { form in
            try await change(id, endpoint, form)
        } page: { form, errors in
            WebhookPage.render(try await endpointModel(req, id, endpoint.id, values: form, errors: errors), context: req.pageContext)
        }
    }

    @Sendable static func change(req: Request) async throws -> Response {
        try await endpointForm(req) { id, endpoint, form in
            let enabled = form["enabled"].map { $0 == "true" }
            // The enable/disable button posts `enabled` alone; the change form posts the URL and the event types.
            let request = ChangeWebhookEndpointRequest(
                url: enabled == nil ? form["url"] : nil, eventTypes: enabled == nil ? WebhookComponents.parseTypes(form["eventTypes"]) : nil,
                enabled: enabled)
            let changed = try await WebhookStore(request: req).change(endpoint.id, request, by: try req.person().actor)
            let message = enabled == nil ? "Saved." : (changed.enabled ? "Enabled: deliveries resume." : "Disabled: nothing is sent until you enable it.")
            return .redirect(.webhook(.value(id), webhook: .value(endpoint.id)), saying: message)
        }
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        try await endpointForm(req) { id, endpoint, _ in
            try await WebhookStore(request: req).delete(endpoint.id, by: try req.person().actor)
            return .redirect(.webhooks(.value(id)), saying: "Deleted the endpoint sending to \(endpoint.url).")
        }
    }

    @Sendable static func test(req: Request) async throws -> Response {
        try await endpointForm(req) { id, endpoint, _ in
            let delivery = try await WebhookStore(request: req).sendTest(endpoint.id, by: try req.person().actor)
            let outcome = delivery.status == .delivered
                ? "The test event was delivered (\(delivery.responseStatus.map(String.init) ?? "2xx"))."
                : "The test event was not delivered: \(delivery.error ?? "no answer")."
            return .redirect(.webhook(.value(id), webhook: .value(endpoint.id)), saying: outcome)
        }
    }

    @Sendable static func rotate(req: Request) async throws -> Response {
        try await endpointForm(req) { id, endpoint, _ in
            let rotated = try await WebhookStore(request: req).rotate(endpoint.id, by: try req.person().actor)
            return .redirect(.webhook(.value(id), webhook: .value(endpoint.id)), flash: Flash(
                message: "A new secret signs from now on; the previous one signs too until \(Display.dateTime(rotated.previousSecretExpiresAt)).",
                secret: .init(label: "New signing secret", value: rotated.secret, note: "Copy it now: it is not shown again.")))
        }
    }
}

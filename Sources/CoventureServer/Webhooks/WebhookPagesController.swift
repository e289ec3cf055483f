import CoventureCore
import Fluent
import Foundation
import Vapor

/// The webhooks pages and their forms (issue #16), for an initiative (`/initiatives/{id}/webhooks…`: the caller's
/// party's endpoints, its admins) and for an organization (`/organizations/{id}/webhooks…`: its own endpoints, its
/// admins): authorize → parse → change → Post/Redirect/Get with a flash; a refused form re-renders with its errors
/// and input kept.
enum WebhookPagesController {
    /// The scope the path names: the caller's party's in the initiative, or the organization's own.
    private static func scope(_ req: Request) throws -> WebhookScope {
        if req.parameters.get("organizationID") != nil { return .organization(try req.uuid("organizationID")) }
        return .initiative(try req.uuid("initiativeID"), organizationID: try req.person().organizationID)
    }

    /// Read once the caller is known to manage the scope.
    private static func frame(_ req: Request, _ scope: WebhookScope) async throws -> WebhookPageFrame {
        switch scope {
        case .initiative(let id, _):
            return .initiative(try await InitiativeStore(request: req).detail(id), showSettings: try await req.may(.initiative(id, .manageSettings)))
        case .organization(let id):
            guard let organization = try await OrganizationRow.find(id, req.db) else { throw AppError.notFound }
            return .organization(id: id, name: organization.name)
        }
    }

    static func listModel(_ req: Request, _ scope: WebhookScope, values: [String: String] = [:], errors: [String: String] = [:]) async throws -> WebhooksPage.Model {
        WebhooksPage.Model(
            scope: scope, frame: try await frame(req, scope), endpoints: try await WebhookStore(request: req).list(scope),
            values: values, errors: errors)
    }

    @Sendable static func page(req: Request) async throws -> HTMLPage {
        let scope = try scope(req)
        try await req.authorize(scope.permission)
        return HTMLPage(document: WebhooksPage.render(try await listModel(req, scope), context: req.pageContext))
    }

    @Sendable static func register(req: Request) async throws -> Response {
        let scope = try scope(req)
        return try await FormAction.run(req, authorize: scope.permission) { form in
            let created = try await WebhookStore(request: req).register(
                scope, CreateWebhookEndpointRequest(url: form["url"], eventTypes: WebhookComponents.parseTypes(form["eventTypes"])),
                by: try req.person().actor)
            return .redirect(scope.endpointPage(created.id), flash: Flash(
                message: "Registered. Copy the signing secret now: it is not shown again.",
                secret: .init(label: "Signing secret", value: created.secret,
                              note: "Your receiver verifies each webhook's signature with it (the standardwebhooks libraries take it as it is).")))
        } page: { form, errors in
            WebhooksPage.render(try await listModel(req, scope, values: form, errors: errors), context: req.pageContext)
        }
    }

    /// The endpoint named in the path, once the caller is known to manage it (404 for anyone else, and for an
    /// endpoint of another scope than the path's).
    private static func managed(_ req: Request) async throws -> WebhookReader.EndpointRecord {
        let scope = try scope(req)
        let endpoint = try await WebhookStore(request: req).managed(try req.uuid("webhookID"), by: try req.person().actor)
        guard endpoint.scope == scope else { throw AppError.notFound }
        return endpoint
    }

    static func endpointModel(
        _ req: Request, _ endpoint: WebhookReader.EndpointRecord, values: [String: String] = [:], errors: [String: String] = [:]
    ) async throws -> WebhookPage.Model {
        let reader = WebhookReader(db: req.db)
        return WebhookPage.Model(
            frame: try await frame(req, endpoint.scope), endpoint: try await reader.endpoint(endpoint.id).dto,
            deliveries: try await reader.deliveries(endpoint.id, limit: 50, offset: 0).items, values: values, errors: errors)
    }

    @Sendable static func endpoint(req: Request) async throws -> HTMLPage {
        let endpoint = try await managed(req)
        return HTMLPage(document: WebhookPage.render(try await endpointModel(req, endpoint), context: req.pageContext))
    }

    /// A form on an endpoint's page: authorized for those who manage it, re-rendering that page when refused.
    /// `versioned`: the form edits the endpoint's URL and event types and carries their version (issue #17).
    private static func endpointForm(
        _ req: Request, versioned: Bool = false,
        change: @escaping (_ endpoint: WebhookReader.EndpointRecord, _ form: [String: String]) async throws -> FormOutcome
    ) async throws -> Response {
        let endpoint = try await managed(req)
        let endpointID = endpoint.id
        let edited: @Sendable (any Database) async throws -> [String: String] = { db in
            WebhookPage.editedFields(try await WebhookReader(db: db).endpoint(endpointID).dto)
        }
        let stored = versioned ? edited : nil
        return try await FormAction.run(req, authorize: endpoint.scope.permission, version: stored) { form in
            try await change(endpoint, form)
        } page: { form, errors in
            WebhookPage.render(try await endpointModel(req, endpoint, values: form, errors: errors), context: req.pageContext)
        }
    }

    @Sendable static func change(req: Request) async throws -> Response {
        try await endpointForm(req, versioned: true) { endpoint, form in
            let enabled = form["enabled"].map { $0 == "true" }
            // The enable/disable button posts `enabled` alone; the change form posts the URL and the event types.
            let request = ChangeWebhookEndpointRequest(
                url: enabled == nil ? form["url"] : nil, eventTypes: enabled == nil ? WebhookComponents.parseTypes(form["eventTypes"]) : nil,
                enabled: enabled)
            let changed = try await WebhookStore(request: req).change(endpoint.id, request, by: try req.person().actor)
            let message = enabled == nil ? "Saved." : (changed.enabled ? "Enabled: deliveries resume." : "Disabled: nothing is sent until you enable it.")
            return .redirect(endpoint.scope.endpointPage(endpoint.id), saying: message)
        }
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        try await endpointForm(req) { endpoint, _ in
            try await WebhookStore(request: req).delete(endpoint.id, by: try req.person().actor)
            return .redirect(endpoint.scope.listPage, saying: "Deleted the endpoint sending to \(endpoint.url).")
        }
    }

    @Sendable static func test(req: Request) async throws -> Response {
        try await endpointForm(req) { endpoint, _ in
            let delivery = try await WebhookStore(request: req).sendTest(endpoint.id, by: try req.person().actor)
            let outcome = delivery.status == .delivered
                ? "The test event was delivered (\(delivery.responseStatus.map(String.init) ?? "2xx"))."
                : "The test event was not delivered: \(delivery.error ?? "no answer")."
            return .redirect(endpoint.scope.endpointPage(endpoint.id), saying: outcome)
        }
    }

    @Sendable static func rotate(req: Request) async throws -> Response {
        try await endpointForm(req) { endpoint, _ in
            let rotated = try await WebhookStore(request: req).rotate(endpoint.id, by: try req.person().actor)
            return .redirect(endpoint.scope.endpointPage(endpoint.id), flash: Flash(
                message: "A new secret signs from now on; the previous one signs too until \(Display.dateTime(rotated.previousSecretExpiresAt)).",
                secret: .init(label: "New signing secret", value: rotated.secret, note: "Copy it now: it is not shown again.")))
        }
    }
}

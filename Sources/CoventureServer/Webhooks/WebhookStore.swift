import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// A party's webhook endpoints (issue #16): registering, changing, enabling and disabling, rotating the secret and
/// deleting, each through the recorder with an event on the initiative's log that names the party and the event types,
/// never the URL or a secret. Every change forgets the log's cached subscriptions (`WebhookSubscriptions`).
struct WebhookStore: Sendable {
    let db: any Database
    let recorder: Recorder
    let context: WebhookContext
    var reader: WebhookReader { WebhookReader(db: db) }

    init(db: any Database, recorder: Recorder, context: WebhookContext) {
        self.db = db
        self.recorder = recorder
        self.context = context
    }

    init(request: Request) {
        self.init(db: request.db, recorder: request.recorder, context: request.application.webhooks)
    }

    static let previousSecretLifetime: TimeInterval = 24 * 3600

    // MARK: Reads

    /// The endpoints of a scope (the caller is known to manage it).
    func list(_ scope: WebhookScope) async throws -> [WebhookEndpointDTO] {
        try await reader.endpoints(scope).map(\.dto)
    }

    /// The endpoint, once the caller is known to manage it: another party's or organization's people and outsiders
    /// find nothing (404), the party's or organization's other people are refused (403).
    func managed(_ endpointID: UUID, by actor: Actor) async throws -> WebhookReader.EndpointRecord {
        let endpoint = try await reader.endpoint(endpointID)
        try await Policy.authorize(endpoint.scope.permission, actor: actor, on: db)
        return endpoint
    }

    // MARK: Changes

    func register(_ scope: WebhookScope, _ request: CreateWebhookEndpointRequest, by actor: Actor) async throws -> CreatedWebhookEndpointDTO {
        let url = request.url?.trimmingCharacters(in: .whitespaces) ?? ""
        let types = try await checked(url: url, eventTypes: request.eventTypes)
        let id = UUID()
        let secret = WebhookSecret.random()
        let sealed = try context.box.seal(secret, endpointID: id)
        let now = recorder.now()
        try await forgetting(scope) {
            try await recorder.record(
                scope.permission, by: actor, validate: {},
                apply: { db, _ in
                    try await WebhookSubscriptions.shared.forget(scope, announcingOn: db)
                    try await WebhookEndpointRow(
                        id: id, initiativeID: scope.initiativeID, organizationID: scope.organizationID, url: url,
                        eventTypes: WebhookEventTypes.encode(types), secretSealed: sealed, enabled: true, createdAt: now
                    ).insert(db)
                    return Recorded((), EventDraft(
                        log: scope.log, action: .webhookEndpointRegistered, objectID: id,
                        change: ["organizationId": .id(scope.organizationID), "eventTypes": .string(types.joined(separator: ", "))]))
                })
        }
        return CreatedWebhookEndpointDTO(id: id, url: url, eventTypes: types, secret: secret.serialized)
    }

    /// Changes the URL, the event types or whether it is enabled; enabling clears a failing streak.
    func change(_ endpointID: UUID, _ request: ChangeWebhookEndpointRequest, by actor: Actor) async throws -> WebhookEndpointDTO {
        let endpoint = try await managed(endpointID, by: actor)
        let url = request.url?.trimmingCharacters(in: .whitespaces)
        let types = try request.eventTypes.map { given in try Self.field { try WebhookRules.eventTypes(given) } }
        if let url { try await checkAddresses(url) }
        try await forgetting(endpoint.scope) {
            try await recorder.record(
                endpoint.scope.permission, by: actor, validate: {},
                apply: { db, _ in
                    try await WebhookSubscriptions.shared.forget(endpoint.scope, announcingOn: db)
                    guard let stored = try await WebhookEndpointRow.find(endpointID, db) else { throw AppError.notFound }
                    var model = stored
                    var change: [String: JSONValue] = ["organizationId": .id(endpoint.organizationID)]
                    if let url, url != model.url {
                        model.url = url
                        change["url"] = .string("changed")
                    }
                    if let types {
                        model.eventTypes = WebhookEventTypes.encode(types)
                        change["eventTypes"] = .string(types.joined(separator: ", "))
                    }
                    if let enabled = request.enabled, enabled != model.enabled {
                        model.enabled = enabled
                        model.disabledReason = nil
                        model.failingSince = nil
                        change["enabled"] = .bool(enabled)
                    }
                    try await model.update(db, changedFrom: stored)
                    return Recorded((), EventDraft(log: endpoint.scope.log, action: .webhookEndpointChanged, objectID: endpointID, change: change))
                })
        }
        return try await reader.endpoint(endpointID).dto
    }

    /// Deletes the endpoint and its delivery log; what was pending is not sent.
    func delete(_ endpointID: UUID, by actor: Actor) async throws {
        let endpoint = try await managed(endpointID, by: actor)
        try await forgetting(endpoint.scope) {
            try await recorder.record(
                endpoint.scope.permission, by: actor, validate: {},
                apply: { db, _ in
                    try await WebhookSubscriptions.shared.forget(endpoint.scope, announcingOn: db)
                    try await (db as! any SQLDatabase).raw("DELETE FROM webhook_messages WHERE endpoint_id = \(bind: endpointID)").run()
                    try await WebhookEndpointRow.delete(db, where: "id = \(bind: endpointID)")
                    return Recorded((), EventDraft(
                        log: endpoint.scope.log, action: .webhookEndpointDeleted, objectID: endpointID,
                        change: ["organizationId": .id(endpoint.organizationID)]))
                })
        }
    }

    /// A new secret, shown once; the current one keeps signing beside it for 24 hours (both signatures are sent), so
    /// the receiver can switch without losing a message.
    func rotate(_ endpointID: UUID, by actor: Actor) async throws -> RotatedWebhookSecretDTO {
        let endpoint = try await managed(endpointID, by: actor)
        let secret = WebhookSecret.random()
        let sealed = try context.box.seal(secret, endpointID: endpointID)
        let until = recorder.now().addingTimeInterval(Self.previousSecretLifetime)
        try await recorder.record(
            endpoint.scope.permission, by: actor, validate: {},
            apply: { db, _ in
                guard let stored = try await WebhookEndpointRow.find(endpointID, db) else { throw AppError.notFound }
                var model = stored
                model.previousSecretSealed = stored.secretSealed
                model.previousSecretExpiresAt = until
                model.secretSealed = sealed
                try await model.update(db, changedFrom: stored)
                return Recorded((), EventDraft(
                    log: endpoint.scope.log, action: .webhookSecretRotated, objectID: endpointID,
                    change: ["organizationId": .id(endpoint.organizationID)]))
            })
        return RotatedWebhookSecretDTO(id: endpointID, secret: secret.serialized, previousSecretExpiresAt: until)
    }

    /// Sends a `webhook.test` message now, once, and answers how it went (it is in the delivery log too).
    func sendTest(_ endpointID: UUID, by actor: Actor) async throws -> WebhookDeliveryDTO {
        let endpoint = try await managed(endpointID, by: actor)
        let id = UUID()
        let now = context.now()
        let payload = WebhookDelivery.envelope(type: WebhookRules.testEventType, at: now, data: .object([
            "initiativeId": .optional(endpoint.initiativeID), "organizationId": .id(endpoint.organizationID), "endpointId": .id(endpointID),
            "sentence": .string("A test event from Coventure: this endpoint receives and verifies webhooks."),
        ]))
        try await recorder.bookkeeping { db in
            try await (db as! any SQLDatabase).raw("""
                INSERT INTO webhook_messages (id, endpoint_id, log_id, seq, event_type, state, attempts, created_at, next_attempt_at, payload)
                VALUES (\(bind: id), \(bind: endpointID), \(bind: endpoint.scope.log), NULL, \(bind: WebhookRules.testEventType), \
                \(bind: WebhookOutbox.pending), 0, \(bind: now), \(bind: now), \(bind: payload))
                """).run()
        }
        let message = WebhookDelivery.Message(
            id: id, endpointID: endpointID, logID: endpoint.scope.log, seq: nil, eventType: WebhookRules.testEventType, attempts: 0,
            createdAt: now, nextAttemptAt: now, firstAttemptAt: nil, payload: payload)
        try await WebhookDelivery(db: db, recorder: recorder, context: context).deliver(message, to: endpoint)
        return try await reader.delivery(id)
    }

    /// The server disables an endpoint that has failed for 24 hours and tells those who manage it (its party's admins,
    /// or its organization's); its own change,
    /// by the operator. Nothing when it was disabled or deleted meanwhile.
    func disableFailing(_ endpointID: UUID, since: Date) async throws {
        let now = recorder.now()
        let reason = "every delivery failed for 24 hours"
        guard let endpoint = try? await reader.endpoint(endpointID), endpoint.enabled else { return }
        try await forgetting(endpoint.scope) {
            try await recorder.record(
                .operatorOnly, by: .operator, validate: {},
                apply: { db, _ in
                    try await WebhookSubscriptions.shared.forget(endpoint.scope, announcingOn: db)
                    let sql = db as! any SQLDatabase
                    try await sql.raw("""
                        UPDATE webhook_endpoints SET enabled = \(bind: false), disabled_reason = \(bind: reason) WHERE id = \(bind: endpointID)
                        """).run()
                    let admins = try await Self.managers(of: endpoint.scope, on: sql)
                    let host = URLComponents(string: endpoint.url)?.host ?? "its receiver"
                    try await Notifications.send(admins.map { person in
                        NotificationDraft(
                            personID: person, initiativeID: endpoint.initiativeID, kind: .webhookDisabled, subjectID: endpointID,
                            message: "The webhook endpoint sending to \(host) was disabled: \(reason). Fix the receiver, then enable it again.",
                            link: endpoint.scope.listPage.path,
                            dedupeKey: "webhook-disabled:\(endpointID.uuidString.lowercased()):\(Int(since.timeIntervalSince1970))")
                    }, on: db, at: now)
                    return Recorded((), EventDraft(
                        log: endpoint.scope.log, action: .webhookEndpointChanged, objectID: endpointID,
                        change: ["organizationId": .id(endpoint.organizationID), "enabled": .bool(false), "reason": .string(reason)]))
                })
        }
    }

    /// The people `scope.permission` allows: the party's admins in the initiative, or the organization's admins.
    private static func managers(of scope: WebhookScope, on sql: any SQLDatabase) async throws -> [UUID] {
        switch scope {
        case .initiative(let initiativeID, let organizationID):
            try await sql.raw("""
                SELECT m.person_id FROM members m JOIN parties p ON p.id = m.party_id
                WHERE m.initiative_id = \(bind: initiativeID) AND p.organization_id = \(bind: organizationID)
                AND m.role = \(bind: MemberRole.admin.rawValue)
                """).all().map { try $0.decode(column: "person_id", as: UUID.self) }
        case .organization(let organizationID):
            try await sql.raw("""
                SELECT id FROM people WHERE organization_id = \(bind: organizationID) AND is_org_admin = \(bind: true)
                """).all().map { try $0.decode(column: "id", as: UUID.self) }
        }
    }

    // MARK: Checks

    /// The URL's form and event types (pure), then the addresses its host resolves to: 400s naming `url` or
    /// `eventTypes`.
    private func checked(url: String, eventTypes: [String]?) async throws -> [String] {
        let types = try Self.field { try WebhookRules.eventTypes(eventTypes) }
        try await checkAddresses(url)
        return types
    }

    private func checkAddresses(_ url: String) async throws {
        let target = try Self.field { try WebhookRules.target(url, allowPrivate: context.allowPrivate) }
        do {
            _ = try await WebhookResolver.checkedAddresses(of: target, allowPrivate: context.allowPrivate)
        } catch let error as ValidationError {
            throw AppError.from(error)
        }
    }

    static func field<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ValidationError { throw AppError.from(error) }
    }

    /// Runs a change to a scope's endpoints and forgets the cached subscriptions it touches once it committed or failed (the
    /// change forgets them inside its transaction too): a rolled-back registration must not linger in the cache.
    private func forgetting<T>(_ scope: WebhookScope, _ body: () async throws -> T) async throws -> T {
        do {
            let value = try await body()
            WebhookSubscriptions.shared.forget(scope)
            return value
        } catch {
            WebhookSubscriptions.shared.forget(scope)
            throw error
        }
    }
}

extension WebhookDelivery {
    init(db: any Database, recorder: Recorder, context: WebhookContext) {
        self.db = db
        self.recorder = recorder
        self.context = context
        self.logger = Logger(label: "coventure.webhooks")
    }
}

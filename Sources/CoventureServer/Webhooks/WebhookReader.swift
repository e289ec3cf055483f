import CoventureCore
import Fluent
import Foundation
import SQLKit

/// Reads of endpoints and their delivery log, in plain rows (the API and the page share them).
struct WebhookReader: Sendable {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// An endpoint as stored, secrets still sealed.
    struct EndpointRecord: Sendable, Equatable {
        var id: UUID
        /// Nil for an organization's endpoint.
        var initiativeID: UUID?
        var organizationID: UUID
        var url: String
        var eventTypes: [String]
        var secretSealed: String
        var previousSecretSealed: String?
        var previousSecretExpiresAt: Date?
        var enabled: Bool
        var disabledReason: String?
        var failingSince: Date?
        var createdAt: Date

        var scope: WebhookScope { WebhookScope(initiativeID: initiativeID, organizationID: organizationID) }

        var dto: WebhookEndpointDTO {
            WebhookEndpointDTO(
                id: id, initiativeId: initiativeID, organizationId: organizationID, url: url, eventTypes: eventTypes, enabled: enabled,
                disabledReason: disabledReason, failingSince: failingSince, previousSecretExpiresAt: previousSecretExpiresAt, createdAt: createdAt)
        }
    }

    private static let endpointColumns: SQLQueryString = """
        id, initiative_id, organization_id, url, event_types, secret_sealed, previous_secret_sealed, previous_secret_expires_at, \
        enabled, disabled_reason, failing_since, created_at
        """

    private static func endpoint(_ row: any SQLRow) throws -> EndpointRecord {
        EndpointRecord(
            id: try row.decode(column: "id", as: UUID.self), initiativeID: try row.decode(column: "initiative_id", as: UUID?.self),
            organizationID: try row.decode(column: "organization_id", as: UUID.self), url: try row.decode(column: "url", as: String.self),
            eventTypes: try WebhookEventTypes.decode(try row.decode(column: "event_types", as: String.self)),
            secretSealed: try row.decode(column: "secret_sealed", as: String.self),
            previousSecretSealed: try row.decode(column: "previous_secret_sealed", as: String?.self),
            previousSecretExpiresAt: try row.decode(column: "previous_secret_expires_at", as: Date?.self),
            enabled: try row.decode(column: "enabled", as: Bool.self), disabledReason: try row.decode(column: "disabled_reason", as: String?.self),
            failingSince: try row.decode(column: "failing_since", as: Date?.self), createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    /// The endpoint, or 404.
    func endpoint(_ id: UUID) async throws -> EndpointRecord {
        guard let row = try await sql.raw("SELECT \(Self.endpointColumns) FROM webhook_endpoints WHERE id = \(bind: id)").first() else {
            throw AppError.notFound
        }
        return try Self.endpoint(row)
    }

    /// The endpoints of one scope (a party's in an initiative, or an organization's own), oldest first.
    func endpoints(_ scope: WebhookScope) async throws -> [EndpointRecord] {
        let initiative: SQLQueryString = scope.initiativeID.map { "initiative_id = \(bind: $0)" } ?? "initiative_id IS NULL"
        return try await sql.raw("""
            SELECT \(Self.endpointColumns) FROM webhook_endpoints
            WHERE \(initiative) AND organization_id = \(bind: scope.organizationID) ORDER BY created_at, id
            """).all().map(Self.endpoint)
    }

    private static let deliveryColumns: SQLQueryString = """
        id, event_type, seq, state, attempts, response_status, latency_ms, error, created_at, last_attempt_at, next_attempt_at
        """

    /// An endpoint's messages, newest first: a page and whether more follow.
    func deliveries(_ endpointID: UUID, limit: Int, offset: Int) async throws -> (items: [WebhookDeliveryDTO], hasMore: Bool) {
        let rows = try await sql.raw("""
            SELECT \(Self.deliveryColumns) FROM webhook_messages WHERE endpoint_id = \(bind: endpointID)
            ORDER BY created_at DESC, id LIMIT \(bind: limit + 1) OFFSET \(bind: offset)
            """).all()
        return (try rows.prefix(limit).map(Self.delivery), rows.count > limit)
    }

    /// One message, or 404.
    func delivery(_ messageID: UUID) async throws -> WebhookDeliveryDTO {
        guard let row = try await sql.raw("SELECT \(Self.deliveryColumns) FROM webhook_messages WHERE id = \(bind: messageID)").first() else {
            throw AppError.notFound
        }
        return try Self.delivery(row)
    }

    private static func delivery(_ row: any SQLRow) throws -> WebhookDeliveryDTO {
        let status = try WebhookDeliveryStatus(stored: try row.decode(column: "state", as: String.self), column: "webhook_messages.state")
        return WebhookDeliveryDTO(
            id: WebhookMessageID.header(try row.decode(column: "id", as: UUID.self)),
            eventType: try row.decode(column: "event_type", as: String.self),
            ledgerIndex: try row.decode(column: "seq", as: Int?.self).map { $0 - 1 }, status: status,
            attempts: try row.decode(column: "attempts", as: Int.self), responseStatus: try row.decode(column: "response_status", as: Int?.self),
            latencyMs: try row.decode(column: "latency_ms", as: Int?.self), error: try row.decode(column: "error", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: Date.self), lastAttemptAt: try row.decode(column: "last_attempt_at", as: Date?.self),
            nextAttemptAt: status == .pending ? try row.decode(column: "next_attempt_at", as: Date.self) : nil)
    }
}

/// The `webhook-id` of a message: `msg_` and its row's id in hex, the same for every attempt, so receivers dedupe.
enum WebhookMessageID {
    static func header(_ id: UUID) -> String {
        "msg_" + id.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}

import CoventureCore
import Fluent
import Foundation
import SQLKit

/// Reads of endpoints and their delivery log, in plain rows (the API and the page share them).
struct WebhookReader: Sendable {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// An endpoint as stored (secrets still sealed), with its event types decoded: a stored list this version cannot
    /// read fails loudly when the endpoint is read. Its other columns are its row's (`endpoint.url`).
    @dynamicMemberLookup
    struct EndpointRecord: Sendable, Equatable {
        var row: WebhookEndpointRow
        var eventTypes: [String]

        init(_ row: WebhookEndpointRow) throws {
            self.row = row
            eventTypes = try WebhookEventTypes.decode(row.eventTypes)
        }

        subscript<T>(dynamicMember column: KeyPath<WebhookEndpointRow, T>) -> T { row[keyPath: column] }

        var scope: WebhookScope { WebhookScope(initiativeID: row.initiativeID, organizationID: row.organizationID) }

        var dto: WebhookEndpointDTO {
            WebhookEndpointDTO(
                id: row.id, initiativeId: row.initiativeID, organizationId: row.organizationID, url: row.url, eventTypes: eventTypes,
                enabled: row.enabled, disabledReason: row.disabledReason, failingSince: row.failingSince,
                previousSecretExpiresAt: row.previousSecretExpiresAt, createdAt: row.createdAt)
        }
    }

    /// The endpoint, or 404.
    func endpoint(_ id: UUID) async throws -> EndpointRecord {
        guard let row = try await WebhookEndpointRow.find(id, db) else { throw AppError.notFound }
        return try EndpointRecord(row)
    }

    /// The endpoints of one scope (a party's in an initiative, or an organization's own), oldest first.
    func endpoints(_ scope: WebhookScope) async throws -> [EndpointRecord] {
        let initiative: SQLQueryString = scope.initiativeID.map { "initiative_id = \(bind: $0)" } ?? "initiative_id IS NULL"
        return try await WebhookEndpointRow.all(
            db, where: "\(initiative) AND organization_id = \(bind: scope.organizationID)", orderBy: "created_at, id"
        ).map(EndpointRecord.init)
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

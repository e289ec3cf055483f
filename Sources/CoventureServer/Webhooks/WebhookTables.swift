import Foundation

/// A webhook endpoint, its secrets sealed (`TableRow`): written by `WebhookStore`, read by `WebhookReader`. The outbox
/// rows (`webhook_messages`) are bookkeeping written in plain SQL by `WebhookOutbox` and the deliverer.
struct WebhookEndpointRow: TableRow, Identifiable, Equatable {
    static let table = "webhook_endpoints"
    var id: UUID
    /// Nil for an organization's endpoint (its own log and every initiative it is a party to).
    var initiativeID: UUID?
    var organizationID: UUID
    var url: String
    /// The event types, as `WebhookEventTypes` stores them.
    var eventTypes: String
    var secretSealed: String
    var previousSecretSealed: String?
    var previousSecretExpiresAt: Date?
    var enabled: Bool
    var disabledReason: String?
    var failingSince: Date?
    var createdAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, initiativeID = "initiative_id", organizationID = "organization_id", url, eventTypes = "event_types"
        case secretSealed = "secret_sealed", previousSecretSealed = "previous_secret_sealed"
        case previousSecretExpiresAt = "previous_secret_expires_at", enabled, disabledReason = "disabled_reason"
        case failingSince = "failing_since", createdAt = "created_at"
    }
}

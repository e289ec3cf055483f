import Fluent
import Foundation

// Fluent models are `@unchecked Sendable`: their property wrappers defeat Sendable checking.
// Written by `WebhookStore` only; the outbox rows are written in plain SQL by `WebhookOutbox` and the deliverer.

final class WebhookEndpointModel: Model, @unchecked Sendable {
    static let schema = "webhook_endpoints"
    @ID(key: .id) var id: UUID?
    /// Nil for an organization's endpoint (its own log and every initiative it is a party to).
    @OptionalField(key: "initiative_id") var initiativeID: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "url") var url: String
    @Field(key: "event_types") var eventTypes: String
    @Field(key: "secret_sealed") var secretSealed: String
    @OptionalField(key: "previous_secret_sealed") var previousSecretSealed: String?
    @OptionalField(key: "previous_secret_expires_at") var previousSecretExpiresAt: Date?
    @Field(key: "enabled") var enabled: Bool
    @OptionalField(key: "disabled_reason") var disabledReason: String?
    @OptionalField(key: "failing_since") var failingSince: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

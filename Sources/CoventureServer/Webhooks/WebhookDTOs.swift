import CoventureCore
import Foundation
import Vapor

// MARK: Requests

/// `{"url", "eventTypes": ["*"] or ledger action names}`.
struct CreateWebhookEndpointRequest: Content, APIRequestBody {
    var url: String?
    var eventTypes: [String]?

    static let schema: Schema = .object(["url" <- .string(), "eventTypes" <- .array(.string())])
}

/// Any of the URL, the event types, and whether it is enabled.
struct ChangeWebhookEndpointRequest: Content, APIRequestBody {
    var url: String?
    var eventTypes: [String]?
    var enabled: Bool?

    static let schema: Schema = .object(["url" <-? .string(), "eventTypes" <-? .array(.string()), "enabled" <-? .boolean])
}

// MARK: Responses

struct WebhookEndpointDTO: Content, Equatable {
    var id: UUID
    /// Nil for an organization's endpoint, which receives its own log and every initiative it is a party to.
    var initiativeId: UUID?
    /// The party's organization the endpoint belongs to.
    var organizationId: UUID
    var url: String
    var eventTypes: [String]
    var enabled: Bool
    /// Why the server disabled it (24 hours of failures), or nil.
    var disabledReason: String?
    var failingSince: Date?
    /// Until when the previous secret still signs, after a rotation.
    var previousSecretExpiresAt: Date?
    var createdAt: Date
}

extension WebhookEndpointDTO {
    var scope: WebhookScope { WebhookScope(initiativeID: initiativeId, organizationID: organizationId) }
}

/// What registering answers, the only time the secret is shown.
struct CreatedWebhookEndpointDTO: Content, Equatable {
    var id: UUID
    var url: String
    var eventTypes: [String]
    var secret: String
}

/// What rotating answers: the new secret, once; the previous one signs too until `previousSecretExpiresAt`.
struct RotatedWebhookSecretDTO: Content, Equatable {
    var id: UUID
    var secret: String
    var previousSecretExpiresAt: Date
}

enum WebhookDeliveryStatus: String, Codable, Sendable, CaseIterable {
    case pending, delivered, failed
}

/// One message to one endpoint, with its latest attempt.
struct WebhookDeliveryDTO: Content, Equatable {
    /// The `webhook-id` every attempt of this message carries.
    var id: String
    var eventType: String
    /// The event's index in the initiative's ledger (nil for a test event).
    var ledgerIndex: Int?
    var status: WebhookDeliveryStatus
    var attempts: Int
    var responseStatus: Int?
    var latencyMs: Int?
    var error: String?
    var createdAt: Date
    var lastAttemptAt: Date?
    /// When the next attempt is due, while pending.
    var nextAttemptAt: Date?
}

/// The named schemas of the webhook DTOs (merged into `APISchemas.components`).
enum WebhookSchemas {
    static let components: [String: Schema] = [
        "WebhookEndpoint": .object([
            "id" <- .uuid, "initiativeId" <-? .nullable(.uuid), "organizationId" <- .uuid, "url" <- .string(), "eventTypes" <- .array(.string()),
            "enabled" <- .boolean, "disabledReason" <-? .nullable(.string()), "failingSince" <-? .nullable(.dateTime),
            "previousSecretExpiresAt" <-? .nullable(.dateTime), "createdAt" <- .dateTime,
        ]),
        "CreatedWebhookEndpoint": .object([
            "id" <- .uuid, "url" <- .string(), "eventTypes" <- .array(.string()), "secret" <- .string(),
        ]),
        "RotatedWebhookSecret": .object(["id" <- .uuid, "secret" <- .string(), "previousSecretExpiresAt" <- .dateTime]),
        "WebhookDelivery": .object([
            "id" <- .string(), "eventType" <- .string(), "ledgerIndex" <-? .nullable(.integer),
            "status" <- .enumeration(WebhookDeliveryStatus.allCases.map(\.rawValue)), "attempts" <- .integer,
            "responseStatus" <-? .nullable(.integer), "latencyMs" <-? .nullable(.integer), "error" <-? .nullable(.string()),
            "createdAt" <- .dateTime, "lastAttemptAt" <-? .nullable(.dateTime), "nextAttemptAt" <-? .nullable(.dateTime),
        ]),
    ]
}

import CoventureCore
import Foundation

/// Whose events an endpoint receives, and with it who manages the endpoint and on which log its changes are recorded
/// (issue #16: endpoints "for an initiative (or their organization)").
enum WebhookScope: Sendable, Hashable {
    /// One party's endpoint for one initiative: the party's admins manage it; it receives that initiative's events.
    case initiative(UUID, organizationID: UUID)
    /// An organization's endpoint: the organization's admins manage it; it receives the organization's own log and
    /// every initiative the organization is a party to, those it joins later included. It is the party as a whole
    /// that receives them, as each of its members may read them: the partnership's logs are open to every party.
    case organization(UUID)

    /// As stored: an endpoint without an initiative is its organization's.
    init(initiativeID: UUID?, organizationID: UUID) {
        self = initiativeID.map { .initiative($0, organizationID: organizationID) } ?? .organization(organizationID)
    }

    var organizationID: UUID {
        switch self {
        case .initiative(_, let organizationID), .organization(let organizationID): organizationID
        }
    }

    /// The initiative, for an initiative's endpoint.
    var initiativeID: UUID? {
        if case .initiative(let id, _) = self { id } else { nil }
    }

    /// The log its changes are recorded on: the initiative's, or the organization's own.
    var log: UUID { initiativeID ?? organizationID }

    /// Who may manage its endpoints: the party's admins in the initiative, or the organization's admins.
    var permission: Permission {
        switch self {
        case .initiative(let id, let organizationID): .initiative(id, .manageWebhooks(ofOrganization: organizationID))
        case .organization(let id): .manageOrganization(id)
        }
    }

    /// Where its admins manage the endpoints.
    var listPage: SiteURL {
        switch self {
        case .initiative(let id, _): .webhooks(.value(id))
        case .organization(let id): .organizationWebhooks(.value(id))
        }
    }

    /// An endpoint's page, and the forms it posts to.
    enum EndpointPage { case view, delete, test, rotate }

    func endpointPage(_ endpointID: UUID, _ page: EndpointPage = .view) -> SiteURL {
        let webhook = Param<UUID>.value(endpointID)
        switch (self, page) {
        case (.initiative(let id, _), .view): return .webhook(.value(id), webhook: webhook)
        case (.initiative(let id, _), .delete): return .webhookDelete(.value(id), webhook: webhook)
        case (.initiative(let id, _), .test): return .webhookTest(.value(id), webhook: webhook)
        case (.initiative(let id, _), .rotate): return .webhookRotate(.value(id), webhook: webhook)
        case (.organization(let id), .view): return .organizationWebhook(.value(id), webhook: webhook)
        case (.organization(let id), .delete): return .organizationWebhookDelete(.value(id), webhook: webhook)
        case (.organization(let id), .test): return .organizationWebhookTest(.value(id), webhook: webhook)
        case (.organization(let id), .rotate): return .organizationWebhookRotate(.value(id), webhook: webhook)
        }
    }
}

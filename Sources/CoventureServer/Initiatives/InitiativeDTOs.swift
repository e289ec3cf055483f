import CoventureCore
import Foundation
import Vapor

/// A list page of the API: `{"items": [...], "next": cursor-or-null}`.
struct ListPage<Item: Content>: Content {
    var items: [Item]
    var next: String?

    /// `next` is always present: `null` on the last page (the API's list contract).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(next, forKey: .next)
    }
}

struct InitiativeSummary: Content, Equatable {
    var id: UUID
    var name: String
    var purpose: String
    var status: InitiativeStatus
    var governance: GovernanceModel
    var ownerOrganizationId: UUID
    var ownerOrganizationName: String
    /// The caller's role in it.
    var role: MemberRole
}

struct PartyDTO: Content, Equatable {
    var id: UUID
    var organizationId: UUID
    var organizationName: String
    var kind: PartyKind
    var status: PartyStatus
    /// Percent as text with two decimals ("33.33"), present in a joint venture.
    var stake: String?
}

package struct MemberDTO: Content, Equatable {
    var id: UUID
    var personId: UUID
    var name: String
    var email: String
    var organizationId: UUID
    var organizationName: String
    var partyId: UUID
    var role: MemberRole
}

package struct InitiativeDTO: Content, Equatable {
    package var id: UUID
    var name: String
    var purpose: String
    var status: InitiativeStatus
    var governance: GovernanceModel
    var ownerOrganizationId: UUID
    var parties: [PartyDTO]
    var createdAt: Date
}

enum InvitationKind: String, Codable, Sendable {
    /// Join an initiative as a member of the inviting admin's organization.
    case member
    /// Bring an organization into an initiative as a partner party.
    case partner
}

struct InvitationDTO: Content, Equatable {
    var id: UUID
    var kind: InvitationKind
    var email: String
    var role: MemberRole
    var organizationId: UUID?
    var organizationName: String
    var createdAt: Date
    var expiresAt: Date
    var acceptedAt: Date?
    var revokedAt: Date?
}

/// Returned once, at creation: the link carries the single-use code, which is stored only as a hash.
package struct CreatedInvitationDTO: Content {
    var invitation: InvitationDTO
    package var link: String
}

struct EventDTO: Content, Equatable {
    var sequence: Int
    var actorId: UUID?
    var actorOrganizationId: UUID?
    var action: String
    var objectType: String
    var objectId: UUID
    var change: JSONValue
    var recordedAt: Date
    var sha256: String
}

// MARK: Requests
// Each request's OpenAPI schema is declared beside its fields (`APIRequestBody`); the routes name the type.

package struct CreateInitiativeRequest: Content, APIRequestBody {
    var name: String?
    var purpose: String?
    var governance: GovernanceModel?

    static let schema: Schema = .object([
        "name" <- .string(), "purpose" <-? .string(),
        "governance" <-? .enumeration(GovernanceModel.allCases.map(\.rawValue)),
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(name: String? = nil, purpose: String? = nil, governance: GovernanceModel? = nil) {
        self.name = name
        self.purpose = purpose
        self.governance = governance
    }
}

package struct UpdateInitiativeRequest: Content, APIRequestBody {
    var name: String?
    var purpose: String?
    var status: InitiativeStatus?

    static let schema: Schema = .object([
        "name" <-? .string(), "purpose" <-? .string(),
        "status" <-? .enumeration(InitiativeStatus.allCases.map(\.rawValue)),
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(name: String? = nil, purpose: String? = nil, status: InitiativeStatus? = nil) {
        self.name = name
        self.purpose = purpose
        self.status = status
    }
}

package struct GovernanceRequest: Content, APIRequestBody {
    var model: GovernanceModel
    /// Organization id → percent ("40", "33.33"); required for a joint venture.
    var stakes: [String: String]?

    static let schema: Schema = .object([
        "model" <- .enumeration(GovernanceModel.allCases.map(\.rawValue)), "stakes" <-? .map(.string()),
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(model: GovernanceModel, stakes: [String: String]? = nil) {
        self.model = model
        self.stakes = stakes
    }
}

package struct InvitePartnerRequest: Content, APIRequestBody {
    var organizationName: String?
    var email: String?

    static let schema: Schema = .object(["organizationName" <- .string(), "email" <- .string(format: "email")])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(organizationName: String? = nil, email: String? = nil) {
        self.organizationName = organizationName
        self.email = email
    }
}

struct InviteMemberRequest: Content, APIRequestBody {
    var email: String?
    var role: MemberRole?

    static let schema: Schema = .object(["email" <- .string(format: "email"), "role" <- .enumeration(APISchemas.roles)])
}

struct AddMemberRequest: Content, APIRequestBody {
    var personId: UUID
    var role: MemberRole?

    static let schema: Schema = .object(["personId" <- .uuid, "role" <-? .enumeration(APISchemas.roles)])
}

struct ChangeRoleRequest: Content, APIRequestBody {
    var role: MemberRole

    static let schema: Schema = .object(["role" <- .enumeration(APISchemas.roles)])
}

import Foundation
import Vapor

package struct PersonDTO: Content, Equatable {
    package var id: UUID
    package var name: String
    package var email: String
    package var organizationId: UUID
    package var organizationName: String
}

struct OrganizationDTO: Content, Equatable {
    var id: UUID
    var name: String
    /// The people of the organization the caller may see: all of them for its own people; for others, those who
    /// are members of an initiative the caller shares.
    var people: [PersonDTO]
}

struct TokenDTO: Content, Equatable {
    var id: UUID
    var name: String
    var createdAt: Date
    /// Written at most once a minute, so up to a minute behind.
    var lastUsedAt: Date?
    var revokedAt: Date?
    /// When the token stops working; absent: when revoked.
    var expiresAt: Date?
}

/// Returned once, at creation: the only time the secret is ever shown.
package struct CreatedTokenDTO: Content {
    var token: TokenDTO
    package var secret: String
}

struct CreateTokenRequest: Content, APIRequestBody {
    var name: String?
    /// Optional: an RFC 3339 date-time in the future, after which the token is refused.
    var expiresAt: String?

    static let schema: Schema = .object(["name" <-? .string(), "expiresAt" <-? .dateTime])
}

extension PersonRow {
    func dto(organizationName: String) -> PersonDTO {
        PersonDTO(id: id, name: name, email: email, organizationId: organizationID, organizationName: organizationName)
    }
}

extension APITokenRow {
    func dto() -> TokenDTO {
        TokenDTO(id: id, name: name, createdAt: createdAt, lastUsedAt: lastUsedAt, revokedAt: revokedAt, expiresAt: expiresAt)
    }
}

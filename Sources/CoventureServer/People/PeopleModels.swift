import Fluent
import Foundation

// Fluent models are `@unchecked Sendable`: their property wrappers defeat Sendable checking.
// They never leave their feature's store; handlers see value types.

package final class OrganizationModel: Model, @unchecked Sendable {
    package static let schema = "organizations"
    @ID(key: .id) package var id: UUID?
    @Field(key: "name") package var name: String
    @Field(key: "created_at") var createdAt: Date

    package init() {}
    init(id: UUID? = nil, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// A person's account. One home organization; deliberately no manager or reporting line.
package final class PersonModel: Model, @unchecked Sendable {
    package static let schema = "people"
    @ID(key: .id) package var id: UUID?
    @Parent(key: "organization_id") var organization: OrganizationModel
    @Field(key: "email") package var email: String
    @Field(key: "name") var name: String
    @OptionalField(key: "password_hash") var passwordHash: String?
    /// May create initiatives for the organization and accept partner invitations on its behalf.
    @Field(key: "is_org_admin") var isOrgAdmin: Bool
    @Field(key: "created_at") var createdAt: Date

    package init() {}
    init(id: UUID? = nil, organizationID: UUID, email: String, name: String, passwordHash: String?, isOrgAdmin: Bool, createdAt: Date) {
        self.id = id
        self.$organization.id = organizationID
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.isOrgAdmin = isOrgAdmin
        self.createdAt = createdAt
    }
}

/// A signed-in browser. Only the SHA-256 of the cookie's secret is stored.
final class SessionModel: Model, @unchecked Sendable {
    static let schema = "sessions"
    @ID(key: .id) var id: UUID?
    @Field(key: "secret_hash") var secretHash: String
    @Parent(key: "person_id") var person: PersonModel
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date

    init() {}
    init(secretHash: String, personID: UUID, at date: Date) {
        self.secretHash = secretHash
        self.$person.id = personID
        self.createdAt = date
        self.lastSeenAt = date
    }
}

/// A personal API token. Shown once at creation; only its SHA-256 is stored.
final class APITokenModel: Model, @unchecked Sendable {
    static let schema = "api_tokens"
    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: PersonModel
    @Field(key: "name") var name: String
    @Field(key: "secret_hash") var secretHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    /// When the token stops working; nil: when revoked (schema version 4).
    @OptionalField(key: "expires_at") var expiresAt: Date?

    init() {}
    init(id: UUID? = nil, personID: UUID, name: String, secretHash: String, createdAt: Date) {
        self.id = id
        self.$person.id = personID
        self.name = name
        self.secretHash = secretHash
        self.createdAt = createdAt
    }
}

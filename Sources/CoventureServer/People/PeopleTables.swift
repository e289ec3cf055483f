import Fluent
import Foundation

/// An organization: the home of its people, and a party to initiatives.
package struct OrganizationRow: TableRow, Identifiable {
    package static let table = "organizations"
    package var id: UUID
    package var name: String
    package var createdAt: Date

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name
        case createdAt = "created_at"
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(id: UUID = UUID(), name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// A person's account. One home organization; deliberately no manager or reporting line.
package struct PersonRow: TableRow, Identifiable {
    package static let table = "people"
    package var id: UUID
    package var organizationID: UUID
    package var email: String
    package var name: String
    package var passwordHash: String?
    /// May create initiatives for the organization and accept partner invitations on its behalf.
    package var isOrgAdmin: Bool
    package var createdAt: Date

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case organizationID = "organization_id"
        case email, name
        case passwordHash = "password_hash"
        case isOrgAdmin = "is_org_admin"
        case createdAt = "created_at"
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        id: UUID = UUID(), organizationID: UUID, email: String, name: String, passwordHash: String?, isOrgAdmin: Bool,
        createdAt: Date
    ) {
        self.id = id
        self.organizationID = organizationID
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.isOrgAdmin = isOrgAdmin
        self.createdAt = createdAt
    }

    /// The name of the person's organization: one statement, as Fluent's eager loading of the parent was. A missing
    /// organization (which the foreign key rules out) fails as that eager loading failed.
    func organizationName(on db: any Database) async throws -> String {
        guard let organization = try await OrganizationRow.find(organizationID, db) else {
            throw FluentError.missingParent(
                from: Self.table, to: OrganizationRow.table, key: CodingKeys.organizationID.stringValue,
                id: organizationID.uuidString)
        }
        return organization.name
    }
}

/// A signed-in browser. Only the SHA-256 of the cookie's secret is stored.
struct SessionRow: TableRow, Identifiable {
    static let table = "sessions"
    var id: UUID
    var secretHash: String
    var personID: UUID
    var createdAt: Date
    var lastSeenAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case secretHash = "secret_hash"
        case personID = "person_id"
        case createdAt = "created_at"
        case lastSeenAt = "last_seen_at"
    }
}

/// A personal API token. Shown once at creation; only its SHA-256 is stored.
struct APITokenRow: TableRow, Identifiable {
    static let table = "api_tokens"
    var id: UUID
    var personID: UUID
    var name: String
    var secretHash: String
    var createdAt: Date
    var lastUsedAt: Date?
    var revokedAt: Date?
    /// When the token stops working; nil: when revoked (schema version 4).
    var expiresAt: Date?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case personID = "person_id"
        case name
        case secretHash = "secret_hash"
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case revokedAt = "revoked_at"
        case expiresAt = "expires_at"
    }
}

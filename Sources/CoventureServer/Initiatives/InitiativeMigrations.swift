import Fluent
import SQLKit

// Schema version 1. Frozen history: never edit a shipped migration, add a new one.

struct CreateInitiativesV1: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("initiatives")
            .id()
            .field("name", .string, .required)
            .field("purpose", .string, .required)
            .field("status", .string, .required)
            .field("governance", .string, .required)
            .field("owner_organization_id", .uuid, .required, .references("organizations", "id"))
            .field("created_at", .datetime, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("initiatives").delete() }
}

struct CreatePartiesV1: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("parties")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("stake_bp", .int)
            .field("joined_at", .datetime, .required)
            .unique(on: "initiative_id", "organization_id")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("parties").delete() }
}

struct CreateMembersV1: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("members")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("party_id", .uuid, .required, .references("parties", "id"))
            .field("role", .string, .required)
            .field("added_at", .datetime, .required)
            .unique(on: "initiative_id", "person_id")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("members").delete() }
}

struct CreateInvitationsV1: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("invitations")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id"))
            .field("kind", .string, .required)
            .field("organization_id", .uuid, .references("organizations", "id"))
            .field("organization_name", .string)
            .field("email", .string, .required)
            .field("role", .string, .required)
            .field("code_hash", .string, .required)
            .field("invited_by", .uuid, .required, .references("people", "id"))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("accepted_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "code_hash")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("invitations").delete() }
}

/// Lookups that every page makes: a person's memberships, an initiative's members and parties.
struct IndexMembershipV1: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX members_person_idx ON members (person_id)").run()
        try await sql.raw("CREATE INDEX members_party_idx ON members (party_id)").run()
        try await sql.raw("CREATE INDEX parties_organization_idx ON parties (organization_id)").run()
        try await sql.raw("CREATE INDEX people_organization_idx ON people (organization_id)").run()
        try await sql.raw("CREATE INDEX invitations_initiative_idx ON invitations (initiative_id)").run()
    }
    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in ["members_person_idx", "members_party_idx", "parties_organization_idx", "people_organization_idx",
                      "invitations_initiative_idx"] {
            try await sql.raw("DROP INDEX \(unsafeRaw: index)").run()
        }
    }
}

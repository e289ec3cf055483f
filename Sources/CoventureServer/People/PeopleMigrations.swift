import Fluent

// Schema version 1. Frozen history: never edit a shipped migration, add a new one.

struct CreateOrganizationsV1: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organizations")
            .id()
            .field("name", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "name")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("organizations").delete() }
}

struct CreatePeopleV1: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("people")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string)
            .field("is_org_admin", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "email")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("people").delete() }
}

struct CreateSessionsV1: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .id()
            .field("secret_hash", .string, .required)
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .unique(on: "secret_hash")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("sessions").delete() }
}

struct CreateAPITokensV1: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("secret_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "secret_hash")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("api_tokens").delete() }
}

import CoventureCore
import Fluent
import Foundation
import SQLKit

struct CreateLedgerV1: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ledger_events")
            .id()
            .field("log_id", .uuid, .required)
            .field("seq", .int64, .required)
            .field("actor_id", .uuid)
            .field("actor_organization_id", .uuid)
            .field("action", .string, .required)
            .field("object_type", .string, .required)
            .field("object_id", .uuid, .required)
            .field("canonical", .string, .required)
            .field("sha256", .string, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "log_id", "seq")
            .create()
        // The head of each log: its size. Incremented with an upsert in the writing transaction, which both
        // numbers the event and (on PostgreSQL) orders concurrent writers to the same log by its row lock.
        try await database.schema("ledger_heads")
            .field("log_id", .uuid, .identifier(auto: false))
            .field("size", .int64, .required)
            .create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("ledger_heads").delete()
        try await database.schema("ledger_events").delete()
    }
}

// Schema version 2: the verifiable ledger.

struct CreateLedgerTreeV2: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // The hashes of each log's complete subtrees (level 0: leaves). Written with their event, never updated.
        try await database.schema("ledger_nodes")
            .field("log_id", .uuid, .required)
            .field("level", .int, .required)
            .field("idx", .int64, .required)
            .field("hash", .data, .required)
            .compositeIdentifier(over: "log_id", "level", "idx")
            .create()
        try await database.schema("ledger_checkpoints")
            .id()
            .field("log_id", .uuid, .required)
            .field("size", .int64, .required)
            .field("root_hash", .data, .required)
            .field("note", .string, .required)
            .field("signed_at", .datetime, .required)
            .unique(on: "log_id", "size")
            .create()
        try await database.schema("cosigner_keys")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("verifier_key", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "organization_id")
            .create()
        try await database.schema("ledger_cosignatures")
            .id()
            .field("log_id", .uuid, .required)
            .field("size", .int64, .required)
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("signature_line", .string, .required)
            .field("cosigned_at", .int64, .required)
            .field("received_at", .datetime, .required)
            .unique(on: "log_id", "size", "organization_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["ledger_cosignatures", "cosigner_keys", "ledger_checkpoints", "ledger_nodes"] {
            try await database.schema(table).delete()
        }
    }
}

/// Builds the tree nodes for events recorded before the tree existed (schema version 1 databases).
struct BackfillLedgerNodesV2: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let logs = try await sql.raw("SELECT DISTINCT log_id FROM ledger_events").all().map { try $0.decode(column: "log_id", as: UUID.self) }
        let tree = LedgerTree(db: database)
        for log in logs {
            let size = try await tree.size(log: log)
            var start: UInt64 = 0
            while start < size {
                let batch = try await tree.leaves(log: log, start: start, end: min(size, start + 1000))
                for leaf in batch {
                    try await tree.append(log: log, index: leaf.index, leafHash: Merkle.leafHash(leaf.bytes))
                }
                start += 1000
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DELETE FROM ledger_nodes").run()
    }
}

import Fluent
import Foundation

// Fluent models are `@unchecked Sendable`: their property wrappers defeat Sendable checking.
// Written by `FeedStore` only; reads go through `FeedReader` (plain rows).

/// A key result's inbound feed: its source label and the hash of its secret.
final class KeyResultFeedModel: Model, @unchecked Sendable {
    static let schema = "key_result_feeds"
    @ID(key: .id) var id: UUID?
    @Field(key: "key_result_id") var keyResultID: UUID
    @Field(key: "source") var source: String
    @Field(key: "secret_hash") var secretHash: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}
}

import Foundation

/// A key result's inbound feed: its source label and the hash of its secret (`TableRow`: written by `FeedStore`, read
/// by `FeedReader`).
struct KeyResultFeedRow: TableRow, Identifiable {
    static let table = "key_result_feeds"
    var id: UUID
    var keyResultID: UUID
    var source: String
    var secretHash: String
    var createdBy: UUID
    var createdAt: Date
    var lastUsedAt: Date?
    var revokedAt: Date?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, keyResultID = "key_result_id", source, secretHash = "secret_hash", createdBy = "created_by", createdAt = "created_at"
        case lastUsedAt = "last_used_at", revokedAt = "revoked_at"
    }

    var dto: FeedDTO {
        FeedDTO(id: id, keyResultId: keyResultID, source: source, createdAt: createdAt, lastUsedAt: lastUsedAt, revokedAt: revokedAt)
    }
}

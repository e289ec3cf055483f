import CoventureCore
import Foundation
import SQLKit

/// The `webhook-id`s of signed feed calls seen within the replay window (twice the signature's timestamp tolerance:
/// a timestamp may be up to 5 minutes either side of now). A second call with the same id is a replay, or a retry of
/// one already recorded, and records nothing (Standard Webhooks: "use the webhook-id header as an idempotency key").
///
/// Kept in `feed_messages`, not in memory (issue #17): on several nodes a replay sent to another node than the
/// original must be refused too. The unique (feed, id) pair decides between two nodes receiving the same id at once.
struct FeedReplays {
    static let window = 2 * WebhookSignature.tolerance

    let recorder: Recorder

    /// True the first time the feed sends this id within the window; the id is then remembered. Ids past the window
    /// are dropped on the way, so the table holds no more than the calls of the last ten minutes.
    func firstSight(_ feedID: UUID, messageID: String, now: Date) async throws -> Bool {
        try await recorder.bookkeeping { db in
            let sql = db as! any SQLDatabase
            try await sql.raw("DELETE FROM feed_messages WHERE received_at <= \(bind: now.addingTimeInterval(-Self.window))").run()
            return try await sql.raw("""
                INSERT INTO feed_messages (feed_id, message_id, received_at) VALUES (\(bind: feedID), \(bind: messageID), \(bind: now))
                ON CONFLICT (feed_id, message_id) DO NOTHING RETURNING message_id
                """).first() != nil
        }
    }

    /// Forgets an id whose call recorded nothing (refused input), so that the sender's corrected retry, which keeps
    /// its id, is not taken for a replay.
    func forget(_ feedID: UUID, messageID: String) async throws {
        try await recorder.bookkeeping { db in
            try await (db as! any SQLDatabase).raw(
                "DELETE FROM feed_messages WHERE feed_id = \(bind: feedID) AND message_id = \(bind: messageID)").run()
        }
    }
}

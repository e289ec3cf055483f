import Fluent
import Foundation
import SQLKit

/// One recorded change: a row per event, appended in the same transaction as the change itself (`LedgerAppender`).
/// `canonical` holds the exact leaf bytes (UTF-8 canonical JSON); nothing may ever rewrite them.
struct LedgerEventRow: TableRow, Identifiable {
    static let table = "ledger_events"
    var id: UUID
    var logID: UUID
    /// The event's 1-based position in its log.
    var sequence: Int
    var actorID: UUID?
    var actorOrganizationID: UUID?
    var action: String
    var objectType: String
    var objectID: UUID
    var canonical: String
    var sha256: String
    var recordedAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, logID = "log_id", sequence = "seq", actorID = "actor_id", actorOrganizationID = "actor_organization_id", action
        case objectType = "object_type", objectID = "object_id", canonical, sha256, recordedAt = "recorded_at"
    }
}

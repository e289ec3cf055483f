import CoventureCore
import Fluent
import Foundation
import Vapor

/// Appends many synthetic events to one log quickly, for benchmarks: the same rows the recording path writes,
/// through the same `LedgerAppender`, 5,000 events per transaction. Never used for real changes.
struct LedgerBulkWriter {
    let app: Application
    let log: UUID
    let actor: Actor

    func append(count: Int, progress: (Int) -> Void) async throws {
        var written = 0
        let size = try await LedgerTree(db: app.db).size(log: log)
        while written < count {
            let batch = min(5000, count - written)
            let first = Int(size) + written
            let drafts = (0..<batch).map { offset in
                EventDraft(
                    log: log, action: .benchmarkEntry, objectID: UUID(),
                    change: ["n": .int(first + offset), "note": .string("A synthetic entry, as large as a typical change.")])
            }
            let actor = self.actor
            try await app.writeGate.run {
                try await app.db.transaction { tx in
                    try await LedgerAppender.append(drafts, actor: actor, at: Date(), on: tx)
                }
            }
            written += batch
            progress(written)
        }
    }
}

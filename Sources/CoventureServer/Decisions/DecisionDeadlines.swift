import Fluent
import Foundation
import Vapor

/// The server closes decisions at their deadline (issue #13): at start-up every open decision past its deadline is
/// closed before the server takes requests, so a restart never skips one; then, every `interval`, the due ones
/// close and those who have not voted on a decision closing within a day are told once. Closing is safe to race: a
/// decision closed meanwhile answers 409 and is skipped.
enum DecisionDeadlines {
    static func sweep(every interval: TimeInterval?) -> PeriodicSweep {
        PeriodicSweep("decision deadlines", every: interval, atStartUp: { context in
            let closed = try await DecisionStore(db: context.db, recorder: context.recorder).closeDue()
            if closed > 0 { context.logger.notice("closed \(closed) decisions whose deadline passed while the server was down") }
        }, sweep: { context in
            _ = try await DecisionStore(db: context.db, recorder: context.recorder).closeDue()
            try await warnClosingSoon(db: context.db, recorder: context.recorder)
        })
    }

    /// "Closing within 24 h and you have not voted", once per person and decision (the notification's dedupe key).
    static func warnClosingSoon(db: any Database, recorder: Recorder) async throws {
        let now = recorder.now()
        let drafts = try await DecisionNotices.closingSoon(on: db, at: now)
        guard !drafts.isEmpty else { return }
        try await recorder.bookkeeping { db in try await Notifications.send(drafts, on: db, at: now) }
    }
}

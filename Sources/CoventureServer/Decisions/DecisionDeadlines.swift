import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The server closes decisions at their deadline (issue #13): at start-up every open decision past its deadline is
/// closed before the server takes requests, so a restart never skips one; then, every `interval`, the due ones
/// close and those who have not voted on a decision closing within a day are told once.
///
/// One node runs this today; with several (issue #17) the sweep must be claimed through PostgreSQL so that it runs
/// once. Closing is already safe to race: a decision closed meanwhile answers 409 and is skipped.
struct DecisionDeadlines: LifecycleHandler {
    let interval: TimeInterval?
    let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    func didBootAsync(_ application: Application) async throws {
        do {
            let closed = try await DecisionStore(application: application).closeDue()
            if closed > 0 { application.logger.notice("closed \(closed) decisions whose deadline passed while the server was down") }
        } catch {
            // A command that boots an unmigrated database, say: the sweep below (or the next start) catches up.
            application.logger.warning("decision deadlines at start-up: \(String(reflecting: error))")
        }
        guard let interval else { return }
        let logger = application.logger
        let db = application.db
        let recorder = application.recorder
        let newTask = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                if Task.isCancelled { break }
                do {
                    _ = try await DecisionStore(db: db, recorder: recorder).closeDue()
                    try await Self.warnClosingSoon(db: db, recorder: recorder)
                } catch {
                    logger.warning("decision deadlines: \(String(reflecting: error))")
                }
            }
        }
        task.withLockedValue { $0 = newTask }
    }

    /// "Closing within 24 h and you have not voted", once per person and decision (the notification's dedupe key).
    static func warnClosingSoon(db: any Database, recorder: Recorder) async throws {
        let now = recorder.now()
        let drafts = try await DecisionNotices.closingSoon(on: db, at: now)
        guard !drafts.isEmpty else { return }
        try await recorder.bookkeeping { db in try await Notifications.send(drafts, on: db, at: now) }
    }

    func shutdownAsync(_ application: Application) async {
        let running = task.withLockedValue { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        running?.cancel()
        await running?.value
    }
}

import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The server opens pulse rounds on their cadence and closes them after seven days (issue #15), as
/// `DecisionDeadlines` closes decisions: a sweep at start-up, before the server takes requests, so a restart catches
/// up (what closed or came due while it was down), then one every `interval` (the decision sweep's interval). Each
/// open and close is its own change by the operator; one done meanwhile answers 409 and is skipped.
struct PulseRounds: LifecycleHandler {
    let interval: TimeInterval?
    let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    func didBootAsync(_ application: Application) async throws {
        do {
            let (closed, opened) = try await PulseStore(application: application).sweep()
            if closed + opened > 0 { application.logger.notice("pulse at start-up: closed \(closed) rounds, opened \(opened)") }
        } catch {
            application.logger.warning("pulse rounds at start-up: \(String(reflecting: error))")
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
                    _ = try await PulseStore(db: db, recorder: recorder).sweep()
                } catch {
                    logger.warning("pulse rounds: \(String(reflecting: error))")
                }
            }
        }
        task.withLockedValue { $0 = newTask }
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

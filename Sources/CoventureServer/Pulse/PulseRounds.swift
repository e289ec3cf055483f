import Fluent
import Foundation
import Vapor

/// The server opens pulse rounds on their cadence and closes them after seven days (issue #15), as
/// `DecisionDeadlines` closes decisions: a sweep at start-up, before the server takes requests, so a restart catches
/// up (what closed or came due while it was down), then one every `interval` (the decision sweep's interval). Each
/// open and close is its own change by the operator; one done meanwhile answers 409 and is skipped.
enum PulseRounds {
    static func sweep(every interval: TimeInterval?) -> PeriodicSweep {
        PeriodicSweep("pulse rounds", every: interval, atStartUp: { context in
            let (closed, opened) = try await PulseStore(db: context.db, recorder: context.recorder).sweep()
            if closed + opened > 0 { context.logger.notice("pulse at start-up: closed \(closed) rounds, opened \(opened)") }
        }, sweep: { context in
            _ = try await PulseStore(db: context.db, recorder: context.recorder).sweep()
        })
    }
}

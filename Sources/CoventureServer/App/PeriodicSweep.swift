import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A recurring job of the server's own (closing decisions at their deadline, pulse rounds, check-in reminders and
/// digests): `atStartUp` once as the server boots, before it takes requests, so a restart catches up on what fell due
/// while it was down; then `sweep` every `interval` (nil: never; tests run the sweeps themselves). A failing sweep is
/// logged and tried again next time; shutting down cancels the loop and waits for the sweep in flight.
///
/// With several nodes (issue #17) each run is claimed through `JobLeases` under the job's name, so that one node at a
/// time runs it and another takes over within seconds when that node dies. Each sweep is also safe to run again:
/// its changes answer 409 when done meanwhile, its notifications carry dedupe keys.
struct PeriodicSweep: LifecycleHandler {
    /// The handles a sweep works with (taken from the application as it boots).
    struct Context: Sendable {
        var db: any Database
        var recorder: Recorder
        var logger: Logger
    }

    let name: String
    let interval: TimeInterval?
    let atStartUp: (@Sendable (Context) async throws -> Void)?
    let sweep: @Sendable (Context) async throws -> Void
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(
        _ name: String, every interval: TimeInterval?, atStartUp: (@Sendable (Context) async throws -> Void)? = nil,
        sweep: @escaping @Sendable (Context) async throws -> Void
    ) {
        self.name = name
        self.interval = interval
        self.atStartUp = atStartUp
        self.sweep = sweep
    }

    func didBootAsync(_ application: Application) async throws {
        let context = Context(db: application.db, recorder: application.recorder, logger: application.logger)
        let leases = JobLeases(application: application)
        if let atStartUp {
            do {
                _ = try await leases.run(name) { try await atStartUp(context) }
            } catch {
                // A command that boots an unmigrated database, say: the sweep below (or the next start) catches up.
                application.logger.warning("\(name) at start-up: \(String(reflecting: error))")
            }
        }
        guard let interval else { return }
        let name = self.name, sweep = self.sweep
        let newTask = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                if Task.isCancelled { break }
                do {
                    _ = try await leases.run(name) { try await sweep(context) }
                } catch {
                    context.logger.warning("\(name): \(String(reflecting: error))")
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

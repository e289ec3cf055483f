import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Bookkeeping writes no response waits for (a token's last use): each runs in a task of its own through
/// `Recorder.bookkeeping` (behind the write gate), at most one per key at a time, and the application awaits them all
/// before it shuts its databases down.
///
/// Why not in the request: the write is once a minute per token, but on SQLite it queues behind the write gate's
/// current batch, and the request that happened to be the first after a minute would wait for it. A failure is
/// logged and dropped: a late `last_used_at` is not worth an error.
final class BackgroundWrites: Sendable {
    private let running = NIOLockedValueBox([String: Task<Void, Never>]())
    private let logger: Logger

    init(logger: Logger) { self.logger = logger }

    /// Starts `body` unless a write with the same key is still running (that one does the same work).
    func submit(key: String, _ body: @escaping @Sendable () async throws -> Void) {
        let logger = self.logger
        running.withLockedValue { running in
            guard running[key] == nil else { return }
            // The task removes itself under the same lock, so it cannot finish before it was registered.
            running[key] = Task {
                do {
                    try await body()
                } catch {
                    logger.warning("background bookkeeping \(key) failed: \(String(reflecting: error))")
                }
                self.running.withLockedValue { _ = $0.removeValue(forKey: key) }
            }
        }
    }

    /// Returns once every write submitted so far has finished (at shutdown, and in tests).
    func idle() async {
        while true {
            let tasks = running.withLockedValue { Array($0.values) }
            guard !tasks.isEmpty else { return }
            for task in tasks { await task.value }
        }
    }
}

extension Application {
    private struct BackgroundWritesKey: StorageKey { typealias Value = BackgroundWrites }

    /// The process's background bookkeeping writes (set by `configure`).
    var backgroundWrites: BackgroundWrites {
        get {
            guard let writes = storage[BackgroundWritesKey.self] else { fatalError("configure(_:) sets the background writes") }
            return writes
        }
        set { storage[BackgroundWritesKey.self] = newValue }
    }
}

/// Waits for the background writes before the databases close.
struct BackgroundWritesLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.backgroundWrites.idle()
    }
}

import Foundation
import NIOCore
import NIOPosix
import Vapor

/// Where CPU-heavy work runs: password hashing (bcrypt at cost 12 is about a quarter of a second), parsing uploads,
/// and other work that would otherwise hold a network event loop — which also runs Swift Concurrency here — and stall
/// every connection on it, `/healthz` included (issue #11, finding 5).
///
/// A thread pool of its own rather than Vapor's `threadPool` or NIO's singleton pool: SQLite's blocking calls run on
/// the latter, and a queue of sign-ins must not delay database work. It has as many threads as cores, so at
/// most that much heavy work runs at once and the rest waits in its queue; the event loops stay free to answer, though
/// they still share the cores with it.
///
/// One pool for the process, like NIO's own singletons: it lives as long as the process, whatever number of
/// applications (tests make many) come and go.
final class CPUWork: Sendable {
    static let shared = CPUWork()

    private let pool: NIOThreadPool

    init(threads: Int = System.coreCount) {
        pool = NIOThreadPool(numberOfThreads: max(1, threads))
        pool.start()
    }

    /// Runs `body` on the pool and resumes the caller with its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(body)
    }

}

import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Counts the requests being handled, so that shutting down waits for them before the databases close.
///
/// Vapor's server stops once every connection is closed; a handler whose client went away keeps running (a sign-in
/// waiting for bcrypt, say) and, once the application has shut its storage down, traps on `req.db`. CI crashed
/// exactly so: a browser test timed out, its browser disconnected, and the sign-in resumed after the app was gone.
final class InFlightRequests: AsyncMiddleware, Sendable {
    private let count = NIOLockedValueBox(0)

    var current: Int { count.withLockedValue { $0 } }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        count.withLockedValue { $0 += 1 }
        defer { count.withLockedValue { $0 -= 1 } }
        return try await next.respond(to: request)
    }

    /// Returns once no request is being handled, or after `limit` (logged): a stuck handler must not hold a
    /// shutdown forever.
    func drained(limit: TimeInterval, logger: Logger) async {
        let deadline = Date().addingTimeInterval(limit)
        while current > 0 {
            guard Date() < deadline else {
                logger.warning("shutting down with \(current) requests still being handled after \(Int(limit)) s")
                return
            }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
    }
}

/// Waits for the requests in flight when the application shuts down, before its databases close.
struct InFlightRequestsLifecycle: LifecycleHandler {
    let requests: InFlightRequests

    func shutdownAsync(_ application: Application) async {
        await requests.drained(limit: 60, logger: application.logger)
    }
}

import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor
@testable import CoventureServer

/// Shutting down waits for the requests being handled, so none of them finds its database closed under it.
@Suite("Requests in flight at shutdown")
struct InFlightRequestsTests {
    /// A responder that takes its time, like a sign-in waiting for bcrypt, and says when it is done.
    struct SlowResponder: AsyncResponder {
        let finished: NIOLockedValueBox<Bool>
        func respond(to request: Request) async throws -> Response {
            try await Task.sleep(nanoseconds: 300_000_000)
            finished.withLockedValue { $0 = true }
            return Response(status: .ok)
        }
    }

    @Test("Draining returns only once the request being handled has finished")
    func drainWaitsForTheHandler() async throws {
        try await withTestApp(.sqlite) { t in
            let requests = InFlightRequests()
            let finished = NIOLockedValueBox(false)
            let request = Request(application: t.app, on: t.app.eventLoopGroup.any())
            let handling = Task { try await requests.respond(to: request, chainingTo: SlowResponder(finished: finished)) }
            while requests.current == 0 { try await Task.sleep(nanoseconds: 1_000_000) }
            await requests.drained(limit: 30, logger: t.app.logger)
            #expect(finished.withLockedValue { $0 }, "the handler ran to its end before draining returned")
            #expect(requests.current == 0)
            _ = try await handling.value
        }
    }

    @Test("A handler that never ends does not hold the shutdown beyond the limit")
    func drainGivesUp() async throws {
        try await withTestApp(.sqlite) { t in
            let requests = InFlightRequests()
            let request = Request(application: t.app, on: t.app.eventLoopGroup.any())
            struct Stuck: AsyncResponder {
                func respond(to request: Request) async throws -> Response {
                    try await Task.sleep(nanoseconds: 5_000_000_000)
                    return Response(status: .ok)
                }
            }
            let handling = Task { try await requests.respond(to: request, chainingTo: Stuck()) }
            while requests.current == 0 { try await Task.sleep(nanoseconds: 1_000_000) }
            await requests.drained(limit: 0.2, logger: t.app.logger)
            #expect(requests.current == 1, "it gave up waiting while the handler still ran")
            handling.cancel()
            _ = try? await handling.value
        }
    }
}

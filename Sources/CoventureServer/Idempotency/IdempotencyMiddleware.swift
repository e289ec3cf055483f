import CoventureCore
import Foundation
import Vapor

/// Whose `Idempotency-Key`s a POST's are: keys are per caller, so one person's key never meets another's.
struct IdempotencyCaller: Sendable {
    /// The caller's name in `idempotency_keys.caller`, or nil for a request nobody authenticated (it goes on as if
    /// it had no key, and is refused as it always was).
    let identify: @Sendable (Request) async throws -> String?

    /// The person the bearer token (or session) signed in: the API's callers.
    static let signedInPerson = IdempotencyCaller { request in
        request.auth.get(SignedInPerson.self).map { "person:\($0.id.uuidString.lowercased())" }
    }
}

/// `Idempotency-Key` on an API POST (issue #17, draft-ietf-httpapi-idempotency-key-header). The registry puts it on
/// every POST operation it registers (`RoutesBuilder.on(_:registry:use:)`), inside the group's authentication, so the
/// document that lists the header and the routes that honour it come from one place.
///
/// Without the header, nothing changes. With it: the caller is identified (nobody: on as without a key); the header
/// is checked (400); the body is collected up to the route's limit (413) and the request's fingerprint taken (method,
/// target, body); then the key is claimed in the database (`IdempotencyStore.claim`): a finished first request is
/// replayed (its status, kept headers and body, with `Idempotent-Replayed: true`), one still running answers 409, a
/// key first used for another request 422. A request that holds the key runs with its claim in `IdempotencyClaim.current`,
/// so a change it records marks the claim in its own transaction. Its answer is then stored when final
/// (`IdempotencyRules.isReplayable`: 2xx and most 4xx), and the key released otherwise so a retry runs again.
struct IdempotencyMiddleware: AsyncMiddleware {
    let caller: IdempotencyCaller

    /// Said on a replayed answer, so a client can tell it from the first.
    static let replayedHeader = "Idempotent-Replayed"
    /// A body larger than this is fingerprinted on `CPUWork`, not on the event loop.
    static let inlineHashLimit = 64 * 1024

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let values = request.headers[IdempotencyKey.header]
        guard !values.isEmpty, let caller = try await caller.identify(request) else { return try await next.respond(to: request) }
        let key: IdempotencyKey
        do {
            guard values.count == 1 else { throw ValidationError(field: IdempotencyKey.header, "must be sent once") }
            guard let parsed = try IdempotencyKey.parse(values[0]) else { return try await next.respond(to: request) }
            key = parsed
        } catch let error as ValidationError {
            throw AppError.from(error)
        }
        try await request.collectBodyWithinRouteLimit()
        let fingerprint = try await Self.fingerprint(of: request)
        let store = IdempotencyStore(request: request)
        let now = request.application.idempotencyClock()
        switch try await store.claim(caller: caller, key: key, fingerprint: fingerprint, now: now) {
        case .replay(let answer):
            return answer.response()
        case .inFlight(let recorded):
            throw AppError.conflict(
                field: IdempotencyKey.header,
                message: recorded
                    ? "was used by a request whose change is recorded but whose answer was not stored; nothing was recorded again (the key is free 24 hours after its first use)"
                    : "is in use by a request that has not finished; nothing was recorded by this one: retry once it has")
        case .reusedForAnotherRequest:
            throw AppError.keyReused(
                field: IdempotencyKey.header,
                message: "was first used with another request (method, path or body) in the last 24 hours; use a new key for a new request")
        case .claimed(let token):
            let claim = IdempotencyClaim(caller: caller, key: key, token: token)
            let response: Response
            do {
                response = try await IdempotencyClaim.$current.withValue(claim) { try await next.respond(to: request) }
            } catch {
                response = await ErrorRenderingMiddleware.response(for: error, request: request)
            }
            await Self.finish(claim, response: response, store: store, logger: request.logger)
            return response
        }
    }

    /// Stores a final answer, or frees the key. A failure here is logged and the answer still sent: the change (if
    /// any) is made, and a retry meets the claim (409 once recorded; taken over after the lease otherwise).
    static func finish(_ claim: IdempotencyClaim, response: Response, store: IdempotencyStore, logger: Logger) async {
        do {
            if IdempotencyRules.isReplayable(status: Int(response.status.code)), let answer = IdempotentAnswer(response) {
                try await store.answer(claim, with: answer)
            } else {
                try await store.release(claim)
            }
        } catch {
            logger.warning("idempotency key not finished: \(String(reflecting: error))")
        }
    }

    static func fingerprint(of request: Request) async throws -> String {
        let method = request.method.rawValue, target = request.url.string
        let body = request.body.data ?? ByteBuffer()
        guard body.readableBytes > inlineHashLimit else {
            return RequestFingerprint.of(method: method, target: target, body: body.readableBytesView)
        }
        return try await CPUWork.shared.run { RequestFingerprint.of(method: method, target: target, body: body.readableBytesView) }
    }
}

/// The clock keys' leases and lifetimes are measured by: the system's, or one a test moves.
struct IdempotencyClock: Sendable {
    var now: @Sendable () -> Date
}

extension Application {
    private struct IdempotencyClockKey: StorageKey { typealias Value = IdempotencyClock }

    var idempotencyClock: @Sendable () -> Date {
        get {
            guard let clock = storage[IdempotencyClockKey.self] else { return { Date() } }
            return clock.now
        }
        set { storage[IdempotencyClockKey.self] = IdempotencyClock(now: newValue) }
    }
}

/// The daily limit made good: rows past 24 hours are removed every `interval` (claims already ignore them, so the
/// sweep only bounds the table's size; one DELETE by the `created_at` index).
enum IdempotencyKeySweep {
    static func sweep(every interval: TimeInterval?, clock: @escaping @Sendable () -> Date = { Date() }) -> PeriodicSweep {
        PeriodicSweep("idempotency keys", every: interval) { context in
            try await IdempotencyStore(db: context.db, recorder: context.recorder).sweep(now: clock())
        }
    }
}

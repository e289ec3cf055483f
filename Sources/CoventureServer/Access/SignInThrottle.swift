import CoventureCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Limits password guessing and the cost of signing in (issue #11, findings 5 and 8). Three windows of a minute:
/// - failures per **account and address pair** (5): a guesser at one address gets five tries at an account; the
///   account's owner, signing in from anywhere else, is never kept out by them;
/// - failures per **address**, whatever the accounts (20): spraying many accounts from one place;
/// - attempts per **address**, successful ones included (30): each costs a quarter of a second of bcrypt, so a
///   client signing in again and again is slowed down too.
/// An attempt over any of them gets 429 with `Retry-After`, without the password being checked.
final class SignInThrottle: Sendable {
    private let pairFailures = NIOLockedValueBox(FailureWindow(limit: 5, window: 60))
    private let addressFailures = NIOLockedValueBox(FailureWindow(limit: 20, window: 60))
    private let addressAttempts = NIOLockedValueBox(FailureWindow(limit: 30, window: 60))
    private let trustedProxies: Set<String>
    /// The clock the windows are measured by. A test stops it, so that "within a minute" holds however long a loaded
    /// machine takes for twenty sign-ins (each a quarter second of bcrypt, queued behind the rest of the suite's).
    private let clock: @Sendable () -> Date

    init(trustedProxies: Set<String>, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.trustedProxies = trustedProxies
        self.clock = clock
    }

    /// The client's address: the socket peer, or — only when that peer is a trusted proxy — the nearest
    /// untrusted address in `X-Forwarded-For`.
    func clientAddress(of request: Request) -> String {
        let peer = request.remoteAddress?.ipAddress ?? "unknown"
        guard trustedProxies.contains(peer) else { return peer }
        let forwarded = request.headers[.xForwardedFor].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return forwarded.reversed().first { !trustedProxies.contains($0) } ?? peer
    }

    private func pair(_ email: String, _ address: String) -> String { email + " " + address }

    /// Seconds to wait, or nil when the attempt may go ahead; an attempt that may go ahead is counted.
    func admit(email: String, address: String, now: Date? = nil) -> Int? {
        let now = now ?? clock()
        let waits = [
            pairFailures.withLockedValue { $0.retryAfter(pair(email, address), now: now) },
            addressFailures.withLockedValue { $0.retryAfter(address, now: now) },
            addressAttempts.withLockedValue { $0.retryAfter(address, now: now) },
        ]
        if let wait = waits.compactMap({ $0 }).max() { return Int(wait) }
        addressAttempts.withLockedValue { window in
            Self.bound(&window, now: now)
            window.recordFailure(address, now: now)
        }
        return nil
    }

    func recordFailure(email: String, address: String, now: Date? = nil) {
        let now = now ?? clock()
        pairFailures.withLockedValue { window in
            Self.bound(&window, now: now)
            window.recordFailure(pair(email, address), now: now)
        }
        addressFailures.withLockedValue { window in
            Self.bound(&window, now: now)
            window.recordFailure(address, now: now)
        }
    }

    func recordSuccess(email: String, address: String) {
        pairFailures.withLockedValue { $0.reset(pair(email, address)) }
    }

    /// Keeps memory bounded under a spray of addresses and accounts.
    private static func bound(_ window: inout FailureWindow, now: Date) {
        if window.trackedKeys > 10_000 { window.pruneAll(now: now) }
    }
}

extension Application {
    private struct ThrottleKey: StorageKey { typealias Value = SignInThrottle }
    var signInThrottle: SignInThrottle {
        get { storage[ThrottleKey.self]! }
        set { storage[ThrottleKey.self] = newValue }
    }
}

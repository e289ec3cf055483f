import CoventureCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Limits password guessing: after five failed sign-ins within a minute for one account, or from one client
/// address, the next attempt gets 429 with `Retry-After` (without even checking the password).
final class SignInThrottle: Sendable {
    private let state = NIOLockedValueBox(FailureWindow(limit: 5, window: 60))
    private let trustedProxies: Set<String>

    init(trustedProxies: Set<String>) { self.trustedProxies = trustedProxies }

    /// The client's address: the socket peer, or — only when that peer is a trusted proxy — the nearest
    /// untrusted address in `X-Forwarded-For`.
    func clientAddress(of request: Request) -> String {
        let peer = request.remoteAddress?.ipAddress ?? "unknown"
        guard trustedProxies.contains(peer) else { return peer }
        let forwarded = request.headers[.xForwardedFor].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return forwarded.reversed().first { !trustedProxies.contains($0) } ?? peer
    }

    private func keys(email: String, address: String) -> [String] { ["account:" + email, "address:" + address] }

    /// Seconds to wait, or nil when the attempt may go ahead.
    func retryAfter(email: String, address: String, now: Date = Date()) -> Int? {
        state.withLockedValue { window in
            keys(email: email, address: address).compactMap { window.retryAfter($0, now: now) }.max().map { Int($0) }
        }
    }

    func recordFailure(email: String, address: String, now: Date = Date()) {
        state.withLockedValue { window in
            if window.trackedKeys > 10_000 { window.pruneAll(now: now) }
            for key in keys(email: email, address: address) { window.recordFailure(key, now: now) }
        }
    }

    func recordSuccess(email: String) {
        state.withLockedValue { $0.reset("account:" + email) }
    }
}

extension Application {
    private struct ThrottleKey: StorageKey { typealias Value = SignInThrottle }
    var signInThrottle: SignInThrottle {
        get { storage[ThrottleKey.self]! }
        set { storage[ThrottleKey.self] = newValue }
    }
}

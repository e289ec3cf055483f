import Foundation

/// Counts failed sign-ins per key (an account or a client address) over a sliding window.
///
/// Pure value: the caller supplies the clock, so the rule is testable without waiting.
/// The rule: once `limit` failures happened within `window`, further attempts are refused
/// until the oldest of them leaves the window.
public struct FailureWindow: Sendable {
    public let limit: Int
    public let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    public init(limit: Int = 5, window: TimeInterval = 60) {
        self.limit = limit
        self.window = window
    }

    /// Seconds until `key` may try again, or nil when it may try now.
    public mutating func retryAfter(_ key: String, now: Date) -> TimeInterval? {
        prune(key, now: now)
        guard let recent = failures[key], recent.count >= limit, let oldest = recent.first else { return nil }
        return max(1, (oldest.addingTimeInterval(window).timeIntervalSince(now)).rounded(.up))
    }

    public mutating func recordFailure(_ key: String, now: Date) {
        prune(key, now: now)
        failures[key, default: []].append(now)
    }

    public mutating func reset(_ key: String) {
        failures[key] = nil
    }

    /// Drops every key with no failure inside the window; keeps memory bounded under a spray of addresses.
    public mutating func pruneAll(now: Date) {
        for key in Array(failures.keys) { prune(key, now: now) }
    }

    public var trackedKeys: Int { failures.count }

    private mutating func prune(_ key: String, now: Date) {
        guard var list = failures[key] else { return }
        list.removeAll { now.timeIntervalSince($0) >= window }
        failures[key] = list.isEmpty ? nil : list
    }
}

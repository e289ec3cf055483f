import Foundation

/// When a key result has gone quiet: no check-in for `days` days. One rule for every place that says so (the key
/// result's page, the "Needs you" home page), so they never disagree.
public enum KeyResultStaleness {
    public static let days = 14

    /// Whole days since the last check-in (rounded down, never negative); nil without one, or when either date is
    /// not a real instant (a stored NaN must not trap).
    public static func daysSinceCheckIn(last: Date?, now: Date) -> Int? {
        guard let last else { return nil }
        let seconds = now.timeIntervalSince(last)
        guard seconds.isFinite else { return nil }
        let days = (seconds / 86_400).rounded(.down)
        guard days < Double(Int32.max) else { return Int(Int32.max) }
        return max(0, Int(days))
    }

    /// Stale: never checked in, or not for `days` days or more.
    public static func isStale(last: Date?, now: Date) -> Bool {
        guard last != nil else { return true }
        guard let since = daysSinceCheckIn(last: last, now: now) else { return false }
        return since >= days
    }
}

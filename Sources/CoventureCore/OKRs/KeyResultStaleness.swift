import Foundation

/// When a key result's last confidence has gone stale: nobody has checked in for `days` days, so "On track" says
/// more about the last check-in than about today. One rule for every place that says so (the key result's page, the
/// "Needs you" home page, which measures a key result never checked in from its creation), so they never disagree.
public enum KeyResultStaleness {
    /// Days without a check-in after which a key result is stale (two weeks: most teams check in weekly).
    public static let days = 14

    /// Whole days since the last check-in (rounded down, never negative: a check-in "in the future", from clock skew
    /// between writers, counts as today); nil without one, or when either date is not a real instant (a stored NaN
    /// must not trap).
    public static func daysSinceCheckIn(last: Date?, now: Date) -> Int? {
        guard let last else { return nil }
        let seconds = now.timeIntervalSince(last)
        guard seconds.isFinite else { return nil }
        let days = (seconds / 86_400).rounded(.down)
        guard days < Double(Int32.max) else { return Int(Int32.max) }
        return max(0, Int(days))
    }

    /// Whether the last check-in is `days` or more days old (never checked in: nothing to be stale yet).
    public static func isStale(last: Date?, now: Date) -> Bool {
        guard let elapsed = daysSinceCheckIn(last: last, now: now) else { return false }
        return elapsed >= days
    }
}

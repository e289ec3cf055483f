import Foundation

/// When a key result's last confidence has gone stale: nobody has checked in for `days` days, so "On track" says
/// more about the last check-in than about today. A fixed span, the same everywhere the product shows a key result.
public enum KeyResultStaleness {
    /// Days without a check-in after which a key result is stale (two weeks: most teams check in weekly).
    public static let days = 14

    /// Whole days since the last check-in, or `nil` when there has been none (nothing can be stale yet).
    /// A check-in "in the future" (clock skew between writers) counts as today.
    public static func daysSinceCheckIn(last: Date?, now: Date) -> Int? {
        guard let last else { return nil }
        let seconds = now.timeIntervalSince(last)
        guard seconds.isFinite else { return nil }
        return max(0, Int((seconds / 86_400).rounded(.down)))
    }

    /// Whether the last check-in is `days` or more days old.
    public static func isStale(last: Date?, now: Date) -> Bool {
        guard let elapsed = daysSinceCheckIn(last: last, now: now) else { return false }
        return elapsed >= days
    }
}

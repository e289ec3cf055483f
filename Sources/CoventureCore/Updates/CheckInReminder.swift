import Foundation

/// When a person is reminded to check in on a key result they own (issue #16): once a key result has gone without a
/// check-in for the initiative's staleness window, one reminder; then not again until it is checked in, or until a
/// further whole window passes. Someone up to date is never reminded.
///
/// A reminder is identified by the key result, the check-in (or creation) it counts from, and the window it is for:
/// that identity is the notification's dedupe key, so a sweep that runs every hour, or again after a restart, sends
/// each reminder exactly once.
public enum CheckInReminder {
    /// Which window a key result's silence has reached: 1 after `staleDays` days without a check-in, 2 after twice as
    /// long, …; nil while it is up to date (or the dates are not real instants).
    public static func window(since anchor: Date, staleDays: Int, now: Date) -> Int? {
        guard staleDays > 0, let days = KeyResultStaleness.daysSinceCheckIn(last: anchor, now: now) else { return nil }
        let window = days / staleDays
        return window >= 1 ? window : nil
    }

    /// The reminder's identity: one per key result, counted-from instant and window.
    public static func dedupeKey(keyResultID: UUID, anchor: Date, window: Int) -> String {
        let seconds = anchor.timeIntervalSince1970.isFinite ? Int64(anchor.timeIntervalSince1970.rounded(.down)) : 0
        return "check-in-reminder:\(keyResultID.uuidString.lowercased()):\(seconds):\(window)"
    }
}

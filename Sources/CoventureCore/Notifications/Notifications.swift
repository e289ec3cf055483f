import Foundation

/// What a notification tells a person. The raw value is stored (`notifications.kind`) and is the API's `kind`: a
/// contract, so a case is never renamed. A later feature adds its own cases.
public enum NotificationKind: String, CaseIterable, Codable, Sendable {
    /// A decision opened in which the person may take part.
    case decisionOpened
    /// A decision the person voted on changed (a new version): their vote may need another look.
    case decisionChanged
    /// A decision closes within 24 hours and the person has not voted.
    case decisionClosingSoon
    /// A decision was sealed with its outcome.
    case decisionSealed
    /// A practice (or a version of one) the person proposed was accepted, or changes were asked for (#15).
    case practiceReviewed
    /// A new version of a practice a stream the person leads uses was accepted: the stream chooses when to move (#15).
    case practiceVersionAccepted
    /// A key result the person owns went without a check-in for its initiative's staleness window (#16).
    case checkInReminder
    /// The person's weekly digest: what changed in their initiatives, what awaits them (#16).
    case weeklyDigest
    /// A webhook endpoint of the person's party failed for 24 hours and was disabled (#16).
    case webhookDisabled

    /// A short label for lists: "Decision opened".
    public var label: String {
        switch self {
        case .decisionOpened: "Decision opened"
        case .decisionChanged: "Decision changed"
        case .decisionClosingSoon: "Decision closing soon"
        case .decisionSealed: "Outcome sealed"
        case .practiceReviewed: "Practice reviewed"
        case .practiceVersionAccepted: "New practice version"
        case .checkInReminder: "Check-in reminder"
        case .weeklyDigest: "Your week"
        case .webhookDisabled: "Webhook disabled"
        }
    }
}

/// How many unread notifications the header's bell shows.
///
/// The bell is counted on every signed-in page view, inside the session lookup, so the count is bounded: the query
/// counts at most `cap` rows however many are unread, and the bell says "9+" beyond 9.
public enum UnreadCount {
    /// The most rows the header's count reads: one more than the largest number the bell writes out.
    public static let cap = 10

    /// The badge's text: nil when nothing is unread (no badge), "1"…"9", then "9+".
    public static func badge(_ count: Int) -> String? {
        guard count > 0 else { return nil }
        return count >= cap ? "9+" : String(count)
    }

    /// What a screen reader says for the bell: "Notifications" when nothing is unread, else "3 unread notifications",
    /// "more than 9 unread notifications".
    public static func spoken(_ count: Int) -> String {
        switch count {
        case ..<1: "Notifications"
        case 1: "1 unread notification"
        case cap...: "more than 9 unread notifications"
        default: "\(count) unread notifications"
        }
    }
}

/// Where a notification may lead: a path of this site, and nothing else.
///
/// A notification's `link` is written by the feature that sends it, from `SiteURL`. Pages still check it before
/// they make it a link, so a row written wrongly (or by hand) can never send a person elsewhere: "//evil.example"
/// and "/\evil.example" are other hosts to a browser, "javascript:…" runs code, and browsers drop tabs and line
/// breaks inside a URL ("/\t/evil.example" is "//evil.example").
public enum SitePath {
    /// True for "/", "/initiatives/…", "/notifications?page=2": one "/" first, then no "/" or "\" right after it, and
    /// no backslash, blank or control character anywhere.
    public static func isSitePath(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.first == "/" else { return false }
        if scalars.count > 1, scalars[1] == "/" || scalars[1] == "\\" { return false }
        return !scalars.contains { scalar in
            scalar == "\\" || scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .format
        }
    }
}

/// Notifications grouped by the day they arrived, for the list page: "Today", "Yesterday", then dates.
public enum NotificationDays {
    /// Which day a group is, relative to the viewer's today.
    public enum Day: Sendable, Equatable {
        case today
        case yesterday
        case earlier(CalendarDate)
        /// A stored time no calendar can show (NaN, or beyond year 9999).
        case undated
    }

    public struct Group<Item: Sendable>: Sendable {
        public var day: Day
        public var items: [Item]
    }

    /// Consecutive items of the same (UTC) day in one group, in the order given (the page gives newest first).
    /// Days are UTC days, as every date on the pages is shown in UTC.
    public static func group<Item: Sendable>(_ items: [Item], at date: (Item) -> Date, now: Date) -> [Group<Item>] {
        let utc = TimeZone(identifier: "UTC")!
        let today = calendarDay(now, in: utc)
        let yesterday = calendarDay(now.addingTimeInterval(-86_400), in: utc)
        var groups: [Group<Item>] = []
        for item in items {
            let relative: Day
            if let day = calendarDay(date(item), in: utc) {
                relative = day == today ? .today : day == yesterday ? .yesterday : .earlier(day)
            } else {
                relative = .undated
            }
            if let last = groups.last, last.day == relative {
                groups[groups.count - 1].items.append(item)
            } else {
                groups.append(Group(day: relative, items: [item]))
            }
        }
        return groups
    }

    /// Years 1 to 9999, as `CalendarDate` holds; nil outside (and for NaN), so no stored value can trap here.
    private static func calendarDay(_ date: Date, in zone: TimeZone) -> CalendarDate? {
        let interval = date.timeIntervalSince1970
        guard interval.isFinite, (-62_135_596_800 ... 253_402_300_799).contains(interval) else { return nil }
        return CalendarDate(date, in: zone)
    }
}

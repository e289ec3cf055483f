import Foundation

/// A day in the (proleptic Gregorian) calendar, with no time and no time zone: a stream starts on 2 March, it does
/// not start at an instant that moves when a partner in another time zone looks at it (DESIGN §3, "dates of periods
/// are calendar dates").
///
/// Rules that depend on "today" take a `CalendarDate` as a parameter and never read the clock, so they are
/// deterministic; the server turns the current instant into the viewer's day with ``init(_:in:)``.
///
/// Encoded as the ISO 8601 text `YYYY-MM-DD` (what an HTML date input sends), which also sorts like the date.
public struct CalendarDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// 1…9999: four digits, so the text form always has the same shape and sorts correctly.
    public let year: Int
    /// 1…12
    public let month: Int
    /// 1…the number of days in that month.
    public let day: Int

    /// A date from its parts; a day that is not in the calendar (30 February, 31 April, month 13) is refused,
    /// naming `field`.
    public init(year: Int, month: Int, day: Int, field: String = "date") throws {
        guard (1...9999).contains(year) else {
            throw ValidationError(field: field, "must have a year from 0001 to 9999")
        }
        guard (1...12).contains(month) else {
            throw ValidationError(field: field, "must have a month from 01 to 12")
        }
        let days = Self.daysIn(month: month, year: year)
        guard (1...days).contains(day) else {
            throw ValidationError(field: field, "is not a date in the calendar (\(Self.monthNames[month - 1]) \(year) has \(days) days)")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (blanks around it are ignored). Other spellings (`2026-3-1`, `01/03/2026`) are
    /// refused rather than guessed: day-month order differs between the parties' countries.
    public init(parsing text: String, field: String = "date") throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ValidationError(field: field, "is required") }
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { throw ValidationError(field: field, "must be a date like 2026-03-31") }
        try self.init(year: year, month: month, day: day, field: field)
    }

    /// An optional date from a form or a request: nil or blank means "no date"; anything else must parse.
    public static func parseOptional(_ text: String?, field: String) throws -> CalendarDate? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return try CalendarDate(parsing: text, field: field)
    }

    /// The day it is at `instant` in `timeZone`: how the server finds "today" for a viewer before calling the rules.
    public init(_ instant: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        // The calendar only hands out real days, so the parts need no check.
        self.year = parts.year!
        self.month = parts.month!
        self.day = parts.day!
    }

    public var description: String {
        Self.pad(year, to: 4) + "-" + Self.pad(month, to: 2) + "-" + Self.pad(day, to: 2)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// A bad date inside a request body is refused as a `ValidationError` naming the key it came under, so the API
    /// can answer 400 with `error.field` rather than a generic decoding failure.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let field = decoder.codingPath.last(where: { $0.intValue == nil })?.stringValue ?? "date"
        try self.init(parsing: text, field: field)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    private static func pad(_ value: Int, to width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

import Foundation

/// A calendar quarter, the period of the partnership report (issue #14): "2026-Q4", 1 October to 31 December.
public struct Quarter: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    /// 1…4
    public let number: Int

    public init(year: Int, number: Int) throws {
        guard (1...4).contains(number), (1970...9999).contains(year) else {
            throw ValidationError(field: "period", "must be a quarter like 2026-Q4")
        }
        self.year = year
        self.number = number
    }

    /// The quarter a day falls in.
    public init(containing date: CalendarDate) {
        year = date.year
        number = (date.month - 1) / 3 + 1
    }

    /// "2026-Q4" (case-insensitive), or nil for an empty text.
    public static func parse(_ text: String?, field: String = "period") throws -> Quarter? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let parts = text.uppercased().split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), parts[1].count == 2, parts[1].hasPrefix("Q"),
              let number = Int(parts[1].dropFirst()) else {
            throw ValidationError(field: field, "must be a quarter like 2026-Q4")
        }
        return try Quarter(year: year, number: number)
    }

    public var description: String { "\(year)-Q\(number)" }
    /// "Q4 2026"
    public var label: String { "Q\(number) \(year)" }

    public var firstDay: CalendarDate { try! CalendarDate(year: year, month: (number - 1) * 3 + 1, day: 1) }
    public var lastDay: CalendarDate {
        let month = number * 3
        let days = [31, Self.isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return try! CalendarDate(year: year, month: month, day: days)
    }

    public var previous: Quarter { number == 1 ? try! Quarter(year: year - 1, number: 4) : try! Quarter(year: year, number: number - 1) }
    public var next: Quarter { number == 4 ? try! Quarter(year: year + 1, number: 1) : try! Quarter(year: year, number: number + 1) }

    /// The instants of the quarter in UTC: [start, end).
    public var interval: (start: Date, end: Date) {
        func instant(_ date: CalendarDate) -> Date {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
        }
        return (instant(firstDay), instant(next.firstDay))
    }

    /// Whether a period of days (an objective's) overlaps the quarter.
    public func overlaps(from start: CalendarDate, to end: CalendarDate) -> Bool { start <= lastDay && end >= firstDay }

    public static func < (a: Quarter, b: Quarter) -> Bool { (a.year, a.number) < (b.year, b.number) }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }
}

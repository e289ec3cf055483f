import CoventureCore
import Foundation

// More of `Display` (Web/Layout.swift): how counts and calendar days read on every page.

extension Display {
    /// A count with its noun in the right number: "1 check-in", "2 check-ins", "0 objectives". `plural` for nouns
    /// that do not just take an "s" ("1 person", "3 people").
    static func count(_ count: Int, _ singular: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
    }

    /// A calendar day (a period's start, a stream's end date) in the same form as `date(_:)`: "5 Mar 2026". Calendar
    /// days have no time and no zone. (Form inputs of type date keep the ISO form the browser expects.)
    static func day(_ day: CalendarDate) -> String {
        guard (1...12).contains(day.month) else { return day.description }
        return "\(day.day) \(calendarMonthNames[day.month - 1]) \(day.year)"
    }

    /// A calendar day kept as ISO text (a period's start in its DTO); text that is not a day is shown as it is.
    static func day(_ text: String) -> String {
        (try? CalendarDate(parsing: text)).map(day) ?? text
    }

    private static let calendarMonthNames: [String] = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        return formatter.shortMonthSymbols
    }()
}

import Foundation
import Testing
@testable import CoventureCore

@Suite("Calendar date")
struct WorkstreamCalendarDateTests {
    @Test("YYYY-MM-DD parses to its parts, blanks around it ignored", arguments: [
        ("2026-03-01", 2026, 3, 1), ("2024-02-29", 2024, 2, 29), ("2000-02-29", 2000, 2, 29), ("0001-01-01", 1, 1, 1),
        ("9999-12-31", 9999, 12, 31), (" 2026-04-30\n", 2026, 4, 30),
    ])
    func parses(text: String, year: Int, month: Int, day: Int) throws {
        let date = try CalendarDate(parsing: text)
        #expect((date.year, date.month, date.day) == (year, month, day))
    }

    @Test("Days that are not in the calendar are refused, naming the field", arguments: [
        ("2026-02-30", "is not a date in the calendar (February 2026 has 28 days)"),
        ("2026-02-29", "is not a date in the calendar (February 2026 has 28 days)"),
        ("2100-02-29", "is not a date in the calendar (February 2100 has 28 days)"),
        ("2024-02-30", "is not a date in the calendar (February 2024 has 29 days)"),
        ("2026-04-31", "is not a date in the calendar (April 2026 has 30 days)"),
        ("2026-01-00", "is not a date in the calendar (January 2026 has 31 days)"),
        ("2026-13-01", "must have a month from 01 to 12"),
        ("2026-00-10", "must have a month from 01 to 12"),
        ("0000-01-01", "must have a year from 0001 to 9999"),
    ])
    func refusesImpossibleDays(text: String, message: String) {
        #expect(throws: ValidationError(field: "endDate", message)) {
            try CalendarDate(parsing: text, field: "endDate")
        }
    }

    @Test("Other spellings are refused rather than guessed", arguments: [
        "2026-3-1", "01/03/2026", "01-03-2026", "20260301", "2026-03-01T00:00:00Z", "2026-03", "2026-03-01-",
        "-2026-03-01", "+2026-03-01", "2026 03 01", "２０２６-03-01", "2026-0a-01", "12026-03-01", "2026--3-01",
    ])
    func refusesOtherShapes(text: String) {
        #expect(throws: ValidationError(field: "startDate", "must be a date like 2026-03-31")) {
            try CalendarDate(parsing: text, field: "startDate")
        }
    }

    @Test("An empty date is required; an optional one may be nil or blank")
    func emptyAndOptional() throws {
        #expect(throws: ValidationError(field: "startDate", "is required")) { try CalendarDate(parsing: " ", field: "startDate") }
        #expect(try CalendarDate.parseOptional(nil, field: "endDate") == nil)
        #expect(try CalendarDate.parseOptional("  ", field: "endDate") == nil)
        #expect(try CalendarDate.parseOptional("2026-05-01", field: "endDate") == WorkstreamFixture.date("2026-05-01"))
        #expect(throws: ValidationError(field: "endDate", "must be a date like 2026-03-31")) {
            try CalendarDate.parseOptional("May 1st", field: "endDate")
        }
    }

    @Test("The text form is zero-padded YYYY-MM-DD")
    func description() throws {
        #expect(try CalendarDate(year: 42, month: 1, day: 5).description == "0042-01-05")
        #expect(try CalendarDate(year: 2026, month: 12, day: 31).description == "2026-12-31")
    }

    @Test("Dates order by year, then month, then day")
    func ordering() {
        let d = WorkstreamFixture.date
        #expect(d("2025-12-31") < d("2026-01-01"))
        #expect(d("2026-01-31") < d("2026-02-01"))
        #expect(d("2026-02-01") < d("2026-02-02"))
        #expect(!(d("2026-02-02") < d("2026-02-02")))
    }

    @Test("Dates encode as a JSON string and decode back")
    func codable() throws {
        struct Body: Codable, Equatable { var endDate: CalendarDate }
        let body = Body(endDate: WorkstreamFixture.date("2026-03-01"))
        let json = try JSONEncoder().encode(body)
        #expect(String(decoding: json, as: UTF8.self) == #"{"endDate":"2026-03-01"}"#)
        #expect(try JSONDecoder().decode(Body.self, from: json) == body)
    }

    @Test("A bad date in a request body is refused as a validation error naming its key")
    func decodingNamesField() {
        struct Body: Decodable { var endDate: CalendarDate }
        #expect(throws: ValidationError(field: "endDate", "is not a date in the calendar (February 2026 has 28 days)")) {
            try JSONDecoder().decode(Body.self, from: Data(#"{"endDate":"2026-02-30"}"#.utf8))
        }
        struct Dates: Decodable { var reviewDates: [CalendarDate] }
        #expect(throws: ValidationError(field: "reviewDates", "must be a date like 2026-03-31")) {
            try JSONDecoder().decode(Dates.self, from: Data(#"{"reviewDates":["2026-01-01","soon"]}"#.utf8))
        }
    }

    @Test("Today is the day of an instant in the viewer's time zone")
    func todayInTimeZone() throws {
        // 2026-03-01T23:30:00Z
        let instant = Date(timeIntervalSince1970: 1_772_407_800)
        #expect(CalendarDate(instant, in: TimeZone(secondsFromGMT: 0)!) == WorkstreamFixture.date("2026-03-01"))
        #expect(CalendarDate(instant, in: TimeZone(secondsFromGMT: 3600)!) == WorkstreamFixture.date("2026-03-02"))
        #expect(CalendarDate(instant, in: TimeZone(secondsFromGMT: -5 * 3600)!) == WorkstreamFixture.date("2026-03-01"))
    }
}

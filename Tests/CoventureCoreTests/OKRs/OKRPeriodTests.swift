import Foundation
import PropertyBased
import Testing

@testable import CoventureCore

@Suite("OKRs: periods")
struct OKRPeriodTests {
    static func date(_ text: String) -> CalendarDate {
        // swiftlint:disable:next force_try
        try! CalendarDate(parsing: text)
    }

    @Test("A period from its name and dates keeps them, the name trimmed")
    func validated() throws {
        let period = try OKRPeriod.validated(
            name: "  Q1 2026 ", start: Self.date("2026-01-01"), end: Self.date("2026-03-31"))
        #expect(period == OKRPeriod(name: "Q1 2026", start: Self.date("2026-01-01"), end: Self.date("2026-03-31")))
    }

    @Test("A period of a single day is allowed: both dates are included")
    func singleDay() throws {
        let day = Self.date("2028-02-29")
        #expect(try OKRPeriod.validated(name: "Launch day", start: day, end: day).end == day)
    }

    @Test("An end before the start is refused on the end field, quoting the start")
    func endBeforeStart() {
        #expect(throws: ValidationError(field: "periodEnd", "must be on or after the start date 2026-03-31")) {
            try OKRPeriod.validated(name: "Q1", start: Self.date("2026-03-31"), end: Self.date("2026-03-30"))
        }
        #expect(throws: ValidationError(field: "period_end", "must be on or after the start date 2026-03-31")) {
            try OKRPeriod.validated(
                name: nil, start: Self.date("2026-03-31"), end: Self.date("2025-12-31"),
                fields: ("period_start", "period_end"))
        }
    }

    @Test("A missing or blank name becomes the dates themselves, \"start – end\"", arguments: [nil, "", "   ", "\t\n"])
    func blankName(name: String?) throws {
        let period = try OKRPeriod.validated(name: name, start: Self.date("2026-01-01"), end: Self.date("2026-06-30"))
        #expect(period.name == "2026-01-01 – 2026-06-30")
    }

    @Test("A name is one line of at most 80 characters")
    func nameRules() throws {
        let start = Self.date("2026-01-01")
        let end = Self.date("2026-12-31")
        #expect(
            try OKRPeriod.validated(name: String(repeating: "x", count: 80), start: start, end: end).name.count == 80)
        #expect(throws: ValidationError(field: "periodName", "must be at most 80 characters")) {
            try OKRPeriod.validated(name: String(repeating: "x", count: 81), start: start, end: end)
        }
        #expect(throws: ValidationError(field: "periodName", "must be a single line without control characters")) {
            try OKRPeriod.validated(name: "Q1\nQ2", start: start, end: end)
        }
    }

    // MARK: Parsing text

    @Test("Parsing reads both dates from text, blanks around them ignored")
    func parses() throws {
        let period = try OKRPeriod.parse(name: "H1", start: " 2026-01-01 ", end: "2026-06-30")
        #expect(period == OKRPeriod(name: "H1", start: Self.date("2026-01-01"), end: Self.date("2026-06-30")))
        #expect(try OKRPeriod.parse(start: "2026-01-01", end: "2026-06-30").name == "2026-01-01 – 2026-06-30")
    }

    @Test("A missing date is required on its own field", arguments: [nil, "", "  "])
    func missingDates(text: String?) {
        #expect(throws: ValidationError(field: "periodStart", "is required")) {
            try OKRPeriod.parse(start: text, end: "2026-06-30")
        }
        #expect(throws: ValidationError(field: "periodEnd", "is required")) {
            try OKRPeriod.parse(start: "2026-01-01", end: text)
        }
        // Both missing: both reported at once.
        #expect(throws: ValidationErrors([
            ValidationError(field: "period_start", "is required"), ValidationError(field: "period_end", "is required"),
        ])) {
            try OKRPeriod.parse(start: text, end: text, fields: ("period_start", "period_end"))
        }
    }

    @Test("A date that does not parse is refused on its own field")
    func badDates() {
        #expect(throws: ValidationError(field: "period_start", "must be a date like 2026-03-31")) {
            try OKRPeriod.parse(start: "01/03/2026", end: "2026-06-30", fields: ("period_start", "period_end"))
        }
        #expect(throws: ValidationError(field: "period_end", "must have a month from 01 to 12")) {
            try OKRPeriod.parse(start: "2026-01-01", end: "2026-13-01", fields: ("period_start", "period_end"))
        }
        #expect(
            throws: ValidationError(field: "periodEnd", "is not a date in the calendar (February 2026 has 28 days)")
        ) {
            try OKRPeriod.parse(start: "2026-01-01", end: "2026-02-29")
        }
    }

    @Test("Parsed dates in the wrong order are refused on the end field")
    func parsedEndBeforeStart() {
        #expect(throws: ValidationError(field: "period_end", "must be on or after the start date 2026-06-30")) {
            try OKRPeriod.parse(start: "2026-06-30", end: "2026-01-01", fields: ("period_start", "period_end"))
        }
    }

    static let anyDate = zip(Gen.int(in: 1...9999), Gen.int(in: 1...12), Gen.int(in: 1...31)).map {
        // swiftlint:disable:next force_try
        try! CalendarDate(year: $0.0, month: $0.1, day: min($0.2, CalendarDate.daysIn(month: $0.1, year: $0.0)))
    }

    @Test(
        "For any two dates a period exists exactly when the end is not before the start, named by its dates when unnamed"
    )
    func anyTwoDates() async {
        await propertyCheck(count: 300, input: Self.anyDate, Self.anyDate) { start, end in
            if end >= start {
                let period = try OKRPeriod.parse(start: start.description, end: end.description)
                #expect(period == OKRPeriod(name: "\(start) – \(end)", start: start, end: end))
            } else {
                #expect(throws: ValidationError(field: "periodEnd", "must be on or after the start date \(start)")) {
                    try OKRPeriod.validated(name: "P", start: start, end: end)
                }
            }
        }
    }
}

import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("Report: quarters")
struct QuarterTests {
    @Test("2026-Q4 runs from 1 October to 31 December; Q1 of a leap year ends on 31 March, its February has 29 days")
    func bounds() throws {
        let q4 = try #require(try Quarter.parse("2026-q4"))
        #expect(q4.firstDay.description == "2026-10-01" && q4.lastDay.description == "2026-12-31")
        #expect(q4.label == "Q4 2026" && q4.description == "2026-Q4")
        let q1 = try Quarter(year: 2028, number: 1)
        #expect(q1.lastDay.description == "2028-03-31")
        #expect(try Quarter(year: 2026, number: 2).lastDay.description == "2026-06-30")
    }

    @Test("A malformed period is refused naming the field; an empty one is no period")
    func parsing() throws {
        for text in ["2026-Q5", "2026Q4", "26-Q1", "2026-Q", "Q4-2026"] {
            #expect(throws: ValidationError(field: "period", "must be a quarter like 2026-Q4")) { try Quarter.parse(text) }
        }
        #expect(try Quarter.parse(" ") == nil)
    }

    @Test("The quarter before Q1 is Q4 of the year before; after Q4, Q1 of the next")
    func neighbours() throws {
        #expect(try Quarter(year: 2027, number: 1).previous == Quarter(year: 2026, number: 4))
        #expect(try Quarter(year: 2026, number: 4).next == Quarter(year: 2027, number: 1))
    }

    @Test("Law: every day lies in exactly the quarter containing it, and quarters tile the year")
    func containing() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...3_650)) { offset in
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let instant = calendar.date(byAdding: .day, value: offset, to: calendar.date(from: DateComponents(year: 2024, month: 1, day: 1))!)!
            let day = CalendarDate(instant, in: TimeZone(identifier: "UTC")!)
            let quarter = Quarter(containing: day)
            #expect(quarter.firstDay <= day && day <= quarter.lastDay)
            #expect(quarter.interval.start <= instant && instant < quarter.interval.end)
            #expect(quarter.previous.next == quarter)
        }
    }

    @Test("An objective's period overlaps the quarter when it starts before the quarter ends and ends after it starts")
    func overlap() throws {
        let q = try Quarter(year: 2027, number: 1)
        #expect(q.overlaps(from: try CalendarDate(parsing: "2026-07-01"), to: try CalendarDate(parsing: "2027-01-01")))
        #expect(!q.overlaps(from: try CalendarDate(parsing: "2027-04-01"), to: try CalendarDate(parsing: "2027-06-30")))
    }
}

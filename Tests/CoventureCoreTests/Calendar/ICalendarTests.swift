import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

/// The iCalendar writer of the personal calendar feed (issue #16, RFC 5545).
@Suite("Calendar: the iCalendar writer")
struct ICalendarTests {
    static let subject = UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!

    static func event(_ summary: String = "Decision due: Pilot city", day: String = "2027-06-30") throws -> CalendarEvent {
        CalendarEvent(kind: .decisionDeadline, subjectID: subject, day: try CalendarDate(parsing: day), summary: summary,
                      url: "https://coventure.example/initiatives/x/decisions/y")
    }

    @Test("A document is CRLF lines: one VEVENT per event with a stable UID, DTSTAMP in UTC, an all-day DTSTART and DTEND, SUMMARY and URL")
    func document() throws {
        let stamp = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z
        let text = ICalendar.document(name: "Coventure", events: [try Self.event()], stamp: stamp)
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.first == "BEGIN:VCALENDAR")
        #expect(lines.contains("VERSION:2.0"))
        #expect(lines.contains("UID:decisionDeadline-6f9619ff-8b86-d011-b42d-00c04fc964ff@coventure"))
        #expect(lines.contains("DTSTAMP:20270115T080000Z"))
        #expect(lines.contains("DTSTART;VALUE=DATE:20270630"))
        #expect(lines.contains("DTEND;VALUE=DATE:20270701"))
        #expect(lines.contains("SUMMARY:Decision due: Pilot city"))
        #expect(lines.contains("URL:https://coventure.example/initiatives/x/decisions/y"))
    }

    @Test("The UID depends on the subject and the kind only")
    func stableUID() throws {
        let a = try Self.event("One", day: "2027-01-01"), b = try Self.event("Two", day: "2028-02-02")
        #expect(a.uid == b.uid)
        var other = a
        other.kind = .investmentGate
        #expect(other.uid != a.uid)
    }

    @Test("TEXT escapes backslash, semicolon, comma and line breaks; a URL cannot break its line")
    func escaping() throws {
        #expect(ICalendar.escape(#"a\b;c,d"#) == #"a\\b\;c\,d"#)
        #expect(ICalendar.escape("one\ntwo\r\nthree") == #"one\ntwo\nthree"#)
        #expect(ICalendar.escape("bell\u{7}tab\t") == "belltab\t")
        let event = CalendarEvent(kind: .workstreamEnd, subjectID: Self.subject, day: try CalendarDate(parsing: "2027-12-31"),
                                  summary: "x", url: "https://a.example/\r\nATTENDEE:mailto:x@y")
        let text = ICalendar.document(name: "n", events: [event], stamp: Date())
        #expect(!text.contains("\r\nATTENDEE"))
        #expect(text.contains("DTEND;VALUE=DATE:20280101"))
    }

    @Test("Long lines are folded at 75 octets, continuation lines starting with a space, never inside a UTF-8 sequence")
    func folding() {
        let line = "SUMMARY:" + String(repeating: "é", count: 60) + String(repeating: "🙂", count: 10)
        let folded = ICalendar.fold(line)
        for (index, part) in folded.components(separatedBy: "\r\n").enumerated() {
            #expect(part.utf8.count <= 75)
            if index > 0 { #expect(part.hasPrefix(" ")) }
        }
        #expect(ICalendar.unfold(folded) == line)
        #expect(ICalendar.fold("SHORT:x") == "SHORT:x")
    }

    @Test("Folding then unfolding gives any line back; every folded line is valid UTF-8 of at most 75 octets")
    func foldRoundTrip() async {
        await propertyCheck(count: 300, input: TestGen.jsonString.array(of: 0...8)) { parts in
            let line = "X-TEST:" + parts.joined().filter { $0 != "\r" && $0 != "\n" && $0 != "\r\n" }
            let folded = ICalendar.fold(line)
            #expect(ICalendar.unfold(folded) == line)
            for part in folded.components(separatedBy: "\r\n") {
                #expect(part.utf8.count <= ICalendar.lineLimit)
                #expect(String(validating: Array(part.utf8), as: UTF8.self) != nil)
            }
        }
    }

    @Test("Escaping then unescaping gives the text back (line breaks as \\n), and escaped text holds no bare separator")
    func escapeRoundTrip() async {
        await propertyCheck(count: 300, input: TestGen.jsonString) { text in
            let expected = String(String.UnicodeScalarView(
                text.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
                    switch scalar {
                    case "\n", "\r", "\u{2028}", "\u{2029}", "\u{85}", "\u{0B}", "\u{0C}": return "\n"
                    case "\t": return scalar
                    default: return scalar.value < 0x20 || scalar.value == 0x7F ? nil : scalar
                    }
                }))
            let escaped = ICalendar.escape(text)
            #expect(ICalendar.unescape(escaped) == expected)
            #expect(!escaped.contains("\n") && !escaped.contains("\r"))
            // Every ; and , is escaped: an odd run of backslashes stands before it.
            let scalars = Array(escaped.unicodeScalars)
            for (index, scalar) in scalars.enumerated() where scalar == ";" || scalar == "," {
                var backslashes = 0, at = index - 1
                while at >= 0, scalars[at] == "\\" { backslashes += 1; at -= 1 }
                #expect(backslashes % 2 == 1)
            }
        }
    }

    @Test("A whole document unfolds to the lines it was made of")
    func documentRoundTrip() async {
        await propertyCheck(count: 100, input: TestGen.jsonString) { summary in
            let event = CalendarEvent(kind: .keyResultPeriodEnd, subjectID: Self.subject, day: try! CalendarDate(parsing: "2024-02-29"),
                                      summary: summary + String(repeating: "ü", count: 50), url: "https://x.example/k")
            let text = ICalendar.document(name: "Coventure", events: [event], stamp: Date(timeIntervalSince1970: 0))
            let lines = ICalendar.unfold(text).components(separatedBy: "\r\n")
            // By scalars: a summary may start with a combining mark, which joins the colon into one character.
            let line = lines.first { $0.unicodeScalars.starts(with: "SUMMARY:".unicodeScalars) }
            let value = line.map { String(String.UnicodeScalarView($0.unicodeScalars.dropFirst(8))) }
            #expect(value.map(ICalendar.unescape) == ICalendar.unescape(ICalendar.escape(summary + String(repeating: "ü", count: 50))))
            #expect(lines.contains("DTEND;VALUE=DATE:20240301"))
            #expect(lines.contains("DTSTAMP:19700101T000000Z"))
        }
    }
}

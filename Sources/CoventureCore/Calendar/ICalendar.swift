import Foundation

/// One all-day event of a personal calendar feed (issue #16): a date that matters in an initiative.
public struct CalendarEvent: Sendable, Equatable {
    /// What kind of date it is; with the subject's id it makes the event's stable `UID`.
    public enum Kind: String, Sendable, CaseIterable {
        case decisionDeadline, keyResultPeriodEnd, workstreamEnd, charterReview, practiceReview, measurementDue, investmentGate
    }

    public var kind: Kind
    public var subjectID: UUID
    public var day: CalendarDate
    /// Plain words: "Decision due: Choose the pilot city (Green Homes)".
    public var summary: String
    /// The page to open, absolute.
    public var url: String
    public var description: String

    public init(kind: Kind, subjectID: UUID, day: CalendarDate, summary: String, url: String, description: String = "") {
        self.kind = kind
        self.subjectID = subjectID
        self.day = day
        self.summary = summary
        self.url = url
        self.description = description
    }

    /// Stable across feeds and fetches: the same subject and kind is the same event, so a calendar updates it in
    /// place when its date moves.
    public var uid: String { "\(kind.rawValue)-\(subjectID.uuidString.lowercased())@coventure" }
}

/// Writes an iCalendar (RFC 5545) document: CRLF line ends, lines folded at 75 octets without splitting a UTF-8
/// sequence, TEXT values escaped, all-day events as `VALUE=DATE`.
public enum ICalendar {
    /// The RFC's limit on a content line, in octets, line break excluded.
    public static let lineLimit = 75

    public static func document(name: String, events: [CalendarEvent], stamp: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Coventure//Calendar feed//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name),
        ]
        let dtstamp = timestamp(stamp)
        for event in events {
            lines += [
                "BEGIN:VEVENT",
                "UID:" + escape(event.uid),
                "DTSTAMP:" + dtstamp,
                "DTSTART;VALUE=DATE:" + date(event.day),
                "DTEND;VALUE=DATE:" + date(nextDay(event.day)),
                "SUMMARY:" + escape(event.summary),
            ]
            if !event.description.isEmpty { lines.append("DESCRIPTION:" + escape(event.description)) }
            // A URI value is not TEXT: it is not escaped, but a line break in it could start a property of its own.
            lines.append("URL:" + event.url.filter { !$0.isNewline && !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) })
            lines.append("TRANSP:TRANSPARENT")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks; other control characters, which
    /// TEXT may not hold, are dropped (a tab is kept).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r", "\u{2028}", "\u{2029}", "\u{85}", "\u{0B}", "\u{0C}": out += "\\n"
            case "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Reads escaped TEXT back (what a parser does): the inverse of `escape` on text without control characters.
    public static func unescape(_ text: String) -> String {
        // Scalar by scalar, as a parser reads bytes: "\\n" followed by a combining mark is still a line break.
        var out = String.UnicodeScalarView(), pending = false
        for scalar in text.unicodeScalars {
            if pending {
                switch scalar {
                case "n", "N": out.append("\n")
                default: out.append(scalar)
                }
                pending = false
            } else if scalar == "\\" {
                pending = true
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Folds one content line (no line break in it) into lines of at most 75 octets: continuation lines start with
    /// one space, which counts toward their 75. Lines break between Unicode scalars, so a UTF-8 sequence is never
    /// split (a grapheme of several scalars may be: the unfolded text is the same).
    public static func fold(_ line: String) -> String {
        guard line.utf8.count > lineLimit else { return line }
        var lines: [String] = [], current = "", currentOctets = 0
        var limit = lineLimit
        for scalar in line.unicodeScalars {
            let octets = String(scalar).utf8.count
            if currentOctets + octets > limit {
                lines.append(current)
                current = ""
                currentOctets = 0
                limit = lineLimit - 1
            }
            current.unicodeScalars.append(scalar)
            currentOctets += octets
        }
        lines.append(current)
        return lines.joined(separator: "\r\n ")
    }

    /// Unfolds a document's lines (RFC 5545 §3.1): a line break followed by one space or tab is removed.
    public static func unfold(_ text: String) -> String {
        var out = "", index = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            if scalar == "\r", next < scalars.endIndex, scalars[next] == "\n" {
                let after = scalars.index(after: next)
                if after < scalars.endIndex, scalars[after] == " " || scalars[after] == "\t" {
                    index = scalars.index(after: after)
                    continue
                }
            }
            out.unicodeScalars.append(scalar)
            index = next
        }
        return out
    }

    /// `20270630`
    public static func date(_ day: CalendarDate) -> String {
        String(format: "%04d%02d%02d", day.year, day.month, day.day)
    }

    /// `20270630T120000Z`
    public static func timestamp(_ instant: Date) -> String {
        let day = CalendarDate(instant, in: TimeZone(identifier: "UTC")!)
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let secondsOfDay = ((seconds % 86_400) + 86_400) % 86_400
        return date(day) + String(format: "T%02d%02d%02dZ", secondsOfDay / 3600, secondsOfDay / 60 % 60, secondsOfDay % 60)
    }

    static func nextDay(_ day: CalendarDate) -> CalendarDate {
        if day.day < CalendarDate.daysIn(month: day.month, year: day.year) {
            return (try? CalendarDate(year: day.year, month: day.month, day: day.day + 1)) ?? day
        }
        if day.month < 12 { return (try? CalendarDate(year: day.year, month: day.month + 1, day: 1)) ?? day }
        return (try? CalendarDate(year: day.year + 1, month: 1, day: 1)) ?? day
    }
}

import Foundation

/// What the activity feed says after the actor's name, in parts: words, the names of things, and values.
///
/// Pages show things in italics and values in bold ("checked in **2 400 homes** on *Homes financed*"); where only
/// text fits (a digest, a title) `text` puts things in curly quotes. Written with string interpolation:
/// `"checked in \(value: "2 400 homes") on \(thing: "Homes financed")"`.
public struct ActivitySentence: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringInterpolation {
    public enum Part: Sendable, Equatable {
        case text(String)
        /// The name of a thing people know by it: a key result, a workstream, an objective.
        case thing(String)
        /// A value the change set: a check-in's figure, a commitment, a date, a role.
        case value(String)
    }

    public private(set) var parts: [Part]

    public init(parts: [Part]) {
        self.parts = []
        for part in parts { append(part) }
    }

    public init(stringLiteral value: String) { self.init(parts: [.text(value)]) }

    /// The sentences one after the other, `separator` between them: "Bank 60 %, Helio 40 %".
    public init(joining sentences: [ActivitySentence], separator: String) {
        var parts: [Part] = []
        for (index, sentence) in sentences.enumerated() {
            if index > 0 { parts.append(.text(separator)) }
            parts.append(contentsOf: sentence.parts)
        }
        self.init(parts: parts)
    }

    public init(stringInterpolation: StringInterpolation) { self.init(parts: stringInterpolation.parts) }

    /// The sentence as plain text: things in curly quotes, values as they are.
    public var text: String {
        parts.map { part in
            switch part {
            case .text(let text), .value(let text): text
            case .thing(let name): "“\(name)”"
            }
        }.joined()
    }

    public var description: String { text }

    /// Adjacent words merge, and empty parts vanish, so equal sentences have equal parts.
    private mutating func append(_ part: Part) {
        switch part {
        case .text(let text), .value(let text), .thing(let text):
            if text.isEmpty { return }
        }
        if case .text(let text) = part, case .text(let previous)? = parts.last {
            parts[parts.count - 1] = .text(previous + text)
        } else {
            parts.append(part)
        }
    }

    public static func + (lhs: ActivitySentence, rhs: ActivitySentence) -> ActivitySentence {
        ActivitySentence(parts: lhs.parts + rhs.parts)
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) { parts.append(.text(literal)) }
        public mutating func appendInterpolation(_ text: String) { parts.append(.text(text)) }
        public mutating func appendInterpolation(thing name: String) { parts.append(.thing(name)) }
        public mutating func appendInterpolation(value: String) { parts.append(.value(value)) }
        public mutating func appendInterpolation(_ sentence: ActivitySentence) { parts.append(contentsOf: sentence.parts) }
    }
}

/// How the feed writes numbers and dates: as the pages show them, the same on every server whatever its locale.
public enum ActivityFormat {
    /// The space between groups of three digits and between a number and its unit: a narrow no-break space, so
    /// "2 400 homes" never breaks across lines.
    public static let groupSeparator = "\u{202F}"
    public static let unitSeparator = "\u{00A0}"

    /// A recorded decimal ("2400", "-1234567.25") with its whole part grouped by threes ("2 400", "-1 234 567.25").
    /// Text that is not a plain decimal is returned as it is: a feed never hides what was recorded.
    public static func number(_ canonical: String) -> String {
        var body = Substring(canonical)
        var sign = ""
        if body.first == "-" {
            sign = "-"
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard let whole = parts.first, isDigits(whole), parts.count == 1 || isDigits(parts[1]) else { return canonical }
        var groups: [Substring] = []
        var end = whole.endIndex
        while end > whole.startIndex {
            let start = whole.index(end, offsetBy: -3, limitedBy: whole.startIndex) ?? whole.startIndex
            groups.insert(whole[start..<end], at: 0)
            end = start
        }
        return sign + groups.joined(separator: groupSeparator) + (parts.count == 2 ? "." + parts[1] : "")
    }

    /// A number with its unit, as a key result's page shows it: "2 400 homes", "98 %", "12" when it has none.
    public static func quantity(_ canonical: String, unit: String?) -> String {
        let unit = (unit ?? "").trimmingCharacters(in: .whitespaces)
        return number(canonical) + (unit.isEmpty ? "" : unitSeparator + unit)
    }

    /// A check-in's value as its key result's kind reads it: a binary's 1 is "done" and 0 "not done", a milestone's
    /// count is "2 steps reached", any other a quantity with its unit.
    public static func checkInValue(_ canonical: String, kind: KeyResultKind?, unit: String?) -> String {
        switch kind {
        case .binary? where canonical == "1": "done"
        case .binary? where canonical == "0": "not done"
        case .milestone?: canonical == "1" ? "1 step reached" : "\(number(canonical)) steps reached"
        default: quantity(canonical, unit: unit)
        }
    }

    /// A percentage of someone's time: "40 %".
    public static func percent(_ whole: String) -> String { whole + unitSeparator + "%" }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A calendar date "2027-03-31" as "31 Mar 2027" (how the pages write dates); other text as it is.
    public static func date(_ text: String) -> String {
        guard let date = try? CalendarDate(parsing: text) else { return text }
        return "\(date.day) \(months[date.month - 1]) \(date.year)"
    }
}

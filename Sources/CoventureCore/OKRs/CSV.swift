import Foundation

/// RFC 4180 comma-separated values: fields may be quoted, a quote inside a quoted field is doubled, quoted fields may
/// span lines; lines end with CRLF or LF. Every record keeps the line it starts on, so errors can name it.
public enum CSV {
    public struct Record: Sendable, Equatable {
        /// 1-based line number of the record's first character in the file.
        public var line: Int
        public var fields: [String]
    }

    public struct SyntaxError: Error, Equatable, Sendable {
        public var line: Int
        public var reason: String
    }

    /// Caps on what one parse may build, checked as it goes: a parse stops at the first record, field or cell past a
    /// cap, so that memory follows the cap and not the upload (20 MB of `a\n` once became a million records before
    /// a row count was checked; issue #11, finding 6).
    public struct Limits: Sendable, Equatable {
        public var records: Int
        public var fieldsPerRecord: Int
        public var scalarsPerField: Int

        public init(records: Int, fieldsPerRecord: Int, scalarsPerField: Int) {
            self.records = records
            self.fieldsPerRecord = fieldsPerRecord
            self.scalarsPerField = scalarsPerField
        }

        public static let unlimited = Limits(records: .max, fieldsPerRecord: .max, scalarsPerField: .max)
    }

    /// The records of `text`, skipping blank lines. A byte-order mark at the start is ignored (spreadsheets write one).
    /// Reads the text once, scalar by scalar, without copying it.
    public static func parse(_ text: String, limits: Limits = .unlimited) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var fieldScalars = 0
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedFieldEnded = false
        var fieldStarted = false
        var scalars = text.unicodeScalars.makeIterator()
        var lookahead: Unicode.Scalar? = scalars.next()
        if lookahead == "\u{FEFF}" { lookahead = scalars.next() }

        func endField() throws {
            guard fields.count < limits.fieldsPerRecord else {
                throw SyntaxError(line: recordLine, reason: "has more than \(limits.fieldsPerRecord) columns")
            }
            fields.append(String(field))
            field = String.UnicodeScalarView()
            fieldScalars = 0
            quotedFieldEnded = false
            fieldStarted = false
        }
        func endRecord() throws {
            try endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                guard records.count < limits.records else {
                    throw SyntaxError(line: recordLine, reason: "has more than \(limits.records) lines; split it into smaller files")
                }
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }
        func append(_ scalar: Unicode.Scalar) throws {
            fieldScalars += 1
            guard fieldScalars <= limits.scalarsPerField else {
                throw SyntaxError(line: line, reason: "has a cell longer than \(limits.scalarsPerField) characters")
            }
            field.append(scalar)
        }

        while let c = lookahead {
            lookahead = scalars.next()
            if inQuotes {
                if c == "\"" {
                    if lookahead == "\"" {
                        try append("\"")
                        lookahead = scalars.next()
                    } else {
                        inQuotes = false
                        quotedFieldEnded = true
                    }
                } else {
                    if c == "\n" { line += 1 }
                    try append(c)
                }
            } else {
                switch c {
                case ",":
                    try endField()
                case "\r" where lookahead == "\n":
                    break  // the LF that follows ends the record
                case "\n", "\r":
                    try endRecord()
                    line += 1
                    recordLine = line
                case "\"" where !fieldStarted:
                    inQuotes = true
                    fieldStarted = true
                default:
                    if quotedFieldEnded {
                        throw SyntaxError(line: line, reason: "text after a closing quote; a quote inside a quoted field is written twice (\"\")")
                    }
                    if c == "\"" {
                        throw SyntaxError(line: line, reason: "a quote inside an unquoted field; quote the whole field and write the quote twice")
                    }
                    fieldStarted = true
                    try append(c)
                }
            }
        }
        if inQuotes { throw SyntaxError(line: recordLine, reason: "a quoted field is never closed") }
        if fieldStarted || !fields.isEmpty || !field.isEmpty { try endRecord() }
        return records
    }

    /// One record per row, quoted where needed, CRLF line ends (RFC 4180).
    public static func format(_ rows: [[String]]) -> String {
        rows.map { row in row.map(quote).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func quote(_ field: String) -> String {
        // A leading byte-order mark is quoted too, or `parse` would drop it as the file's own mark.
        guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || field.hasPrefix(" ")
            || field.hasSuffix(" ") || field.unicodeScalars.first == "\u{FEFF}"
        else { return field }
        // Doubled scalar by scalar: `replacingOccurrences` compares characters and misses a quote followed by a combining mark.
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in field.unicodeScalars {
            quoted.append(scalar)
            if scalar == "\"" { quoted.append("\"") }
        }
        quoted.append("\"")
        return String(quoted)
    }

    /// Spreadsheets run a cell that starts with = + - @ (or a tab/CR) as a formula: text written out for them gets a
    /// leading apostrophe, which `unprotect` removes again on the way back in, so export → import is lossless.
    public static func protect(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r'".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    public static func unprotect(_ text: String) -> String {
        guard text.hasPrefix("'"), let second = text.unicodeScalars.dropFirst().first, "=+-@\t\r'".unicodeScalars.contains(second)
        else { return text }
        return String(text.dropFirst())
    }
}

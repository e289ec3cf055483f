import Foundation
import PropertyBased
import Testing

@testable import CoventureCore

@Suite("OKRs: CSV (RFC 4180)")
struct OKRCSVTests {
    typealias Record = CSV.Record

    // MARK: Parsing

    @Test("Records are split at commas and line ends, each keeping the line it starts on")
    func parsesPlainRecords() throws {
        #expect(
            try CSV.parse("a,b,c\n1,2,3\n") == [
                Record(line: 1, fields: ["a", "b", "c"]), Record(line: 2, fields: ["1", "2", "3"]),
            ])
    }

    @Test(
        "CRLF, LF and a lone CR all end a line, and the last line needs no line end",
        arguments: ["a,b\r\nc,d", "a,b\nc,d\n", "a,b\rc,d\r", "a,b\r\nc,d\n"])
    func lineEnds(text: String) throws {
        #expect(try CSV.parse(text) == [Record(line: 1, fields: ["a", "b"]), Record(line: 2, fields: ["c", "d"])])
    }

    @Test("A byte-order mark at the start is ignored, as spreadsheets write one")
    func byteOrderMark() throws {
        #expect(
            try CSV.parse("\u{FEFF}row_id,title\r\nO1,Grow\r\n") == [
                Record(line: 1, fields: ["row_id", "title"]), Record(line: 2, fields: ["O1", "Grow"]),
            ])
    }

    @Test("Blank lines are skipped but still counted, so later records keep their real line numbers")
    func blankLines() throws {
        #expect(
            try CSV.parse("\n\na\r\n\r\nb\n\n") == [Record(line: 3, fields: ["a"]), Record(line: 5, fields: ["b"])])
    }

    @Test("Empty fields are kept: between commas, at the end of a line, and as a quoted empty string")
    func emptyFields() throws {
        #expect(
            try CSV.parse("a,,b\nc,\n,\n\"\",x\n") == [
                Record(line: 1, fields: ["a", "", "b"]), Record(line: 2, fields: ["c", ""]),
                Record(line: 3, fields: ["", ""]),
                Record(line: 4, fields: ["", "x"]),
            ])
    }

    @Test("A quoted field may hold commas, doubled quotes and line breaks, all kept verbatim")
    func quotedFields() throws {
        let text = "\"Grow, then keep\",\"say \"\"hi\"\"\",\"two\r\nlines\",\"\"\"\"\n"
        #expect(
            try CSV.parse(text) == [Record(line: 1, fields: ["Grow, then keep", "say \"hi\"", "two\r\nlines", "\""])])
    }

    @Test("A record after a quoted multi-line field starts on the line it really is on")
    func lineNumbersAfterMultiLineField() throws {
        let text = "row_id,title\nO1,\"first\nsecond\nthird\"\nO2,next\r\n\r\nO3,\"x\r\ny\"\nO4,last"
        #expect(
            try CSV.parse(text) == [
                Record(line: 1, fields: ["row_id", "title"]), Record(line: 2, fields: ["O1", "first\nsecond\nthird"]),
                Record(line: 5, fields: ["O2", "next"]), Record(line: 7, fields: ["O3", "x\r\ny"]),
                Record(line: 9, fields: ["O4", "last"]),
            ])
    }

    @Test("Blanks around fields are data, not padding")
    func blanksAreKept() throws {
        #expect(try CSV.parse(" a , b \n") == [Record(line: 1, fields: [" a ", " b "])])
    }

    @Test(
        "Empty text, or only blank lines, has no records",
        arguments: ["", "\n", "\r\n\r\n", "\u{FEFF}", "\u{FEFF}\r\n"])
    func noRecords(text: String) throws {
        #expect(try CSV.parse(text) == [])
    }

    // MARK: Syntax errors

    @Test("A quoted field that is never closed is refused on the line its record starts")
    func unclosedQuote() {
        #expect(throws: CSV.SyntaxError(line: 2, reason: "a quoted field is never closed")) {
            try CSV.parse("a,b\nc,\"never\nclosed\n")
        }
    }

    @Test("Text after a closing quote is refused on its line, with the doubling rule as the hint")
    func textAfterClosingQuote() {
        #expect(
            throws: CSV.SyntaxError(
                line: 3, reason: "text after a closing quote; a quote inside a quoted field is written twice (\"\")")
        ) {
            try CSV.parse("a,b\n\"x\ny\"z,c\n")
        }
    }

    @Test("A quote inside an unquoted field is refused on its line, which counts the lines of earlier quoted fields")
    func quoteInUnquotedField() {
        #expect(
            throws: CSV.SyntaxError(
                line: 5, reason: "a quote inside an unquoted field; quote the whole field and write the quote twice")
        ) {
            try CSV.parse("a,b\n\"1\n2\",c\n\nab\"c,d\n")
        }
    }

    @Test("A blank before an opening quote makes the quote part of an unquoted field, which is refused")
    func blankBeforeQuote() {
        #expect(throws: CSV.SyntaxError.self) { try CSV.parse("a, \"b\"\n") }
    }

    // MARK: Formatting

    @Test("Each row becomes one CRLF-terminated line; only fields that need it are quoted, with quotes doubled")
    func formats() {
        let rows = [
            ["row_id", "title", "unit"], ["O1", "Grow, then keep", "say \"hi\""], ["K1", "two\nlines", " padded "],
            ["", "", ""],
        ]
        #expect(
            CSV.format(rows)
                == "row_id,title,unit\r\nO1,\"Grow, then keep\",\"say \"\"hi\"\"\"\r\nK1,\"two\nlines\",\" padded \"\r\n,,\r\n"
        )
    }

    @Test("A field containing a lone CR is quoted, so it cannot end the record")
    func formatsCarriageReturn() throws {
        #expect(CSV.format([["a\rb", "c"]]) == "\"a\rb\",c\r\n")
        #expect(try CSV.parse(CSV.format([["a\rb", "c"]])).map(\.fields) == [["a\rb", "c"]])
    }

    @Test("A quote followed by a combining mark is still doubled, so the file stays well-formed")
    func formatsQuoteBeforeCombiningMark() throws {
        let rows = [["\"\u{301}x", "y"]]
        #expect(try CSV.parse(CSV.format(rows)).map(\.fields) == rows)
    }

    @Test("A first field that starts with a byte-order mark survives the round trip instead of being taken for one")
    func formatsLeadingByteOrderMark() throws {
        let rows = [["\u{FEFF}title", "x"]]
        #expect(try CSV.parse(CSV.format(rows)).map(\.fields) == rows)
    }

    // MARK: Formula protection

    @Test(
        "Text a spreadsheet would run as a formula gets a leading apostrophe, and unprotect removes it again",
        arguments: [
            ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+31 20 123", "'+31 20 123"), ("-5 %", "'-5 %"), ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"), ("'=x", "''=x"), ("'quoted'", "''quoted'"),
        ])
    func protects(text: String, protected: String) {
        #expect(CSV.protect(text) == protected)
        #expect(CSV.unprotect(protected) == text)
    }

    @Test("Ordinary text is left alone both ways", arguments: ["Grow revenue", "", "5 = five", "a-b", "é", "’=x"])
    func leavesOrdinaryText(text: String) {
        #expect(CSV.protect(text) == text)
        #expect(CSV.unprotect(text) == text)
    }

    @Test("An apostrophe a person typed before ordinary text is kept on the way in")
    func keepsTypedApostrophe() {
        #expect(CSV.unprotect("'til the end") == "'til the end")
        #expect(CSV.unprotect("'") == "'")
    }

    // MARK: Properties

    /// Scalars that make CSV hard: separators, quotes, both line ends, formula triggers, blanks, a byte-order mark,
    /// combining marks, non-ASCII and emoji; mixed with the shared tricky strings.
    static let csvScalars: [Unicode.Scalar] = [
        ",", "\"", "\n", "\r", "=", "-", "+", "@", "'", " ", "\t", ";", "a", "Z", "0", "\u{FEFF}", "\u{301}", "é",
        "\u{1F600}",
    ]

    static func field<R: RandomNumberGenerator>(using rng: inout R) -> String {
        if Int.random(in: 0..<4, using: &rng) == 0 { return TestGen.string(using: &rng, length: 0...8) }
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...8, using: &rng) { scalars.append(csvScalars.randomElement(using: &rng)!) }
        return String(scalars)
    }

    /// Rows of 1…5 arbitrary fields. A row that is a single empty field is formatted as an empty line, which `parse`
    /// skips as blank by design, so such a row is given a second (empty) field; every other row is fair game.
    static let rows = Generator { rng in
        (0..<Int.random(in: 0...6, using: &rng)).map { _ -> [String] in
            let row = (0..<Int.random(in: 1...5, using: &rng)).map { _ in field(using: &rng) }
            return row == [""] ? ["", ""] : row
        }
    }

    @Test("Any rows of any text read back exactly as they were formatted (a lone empty field being a blank line)")
    func roundTrip() async {
        await propertyCheck(count: 500, input: Self.rows) { rows in
            let records = try CSV.parse(CSV.format(rows))
            #expect(records.map(\.fields) == rows, "\(rows)")
        }
    }

    @Test("A byte-order mark in front of formatted rows changes nothing")
    func roundTripWithByteOrderMark() async {
        await propertyCheck(count: 200, input: Self.rows) { rows in
            let withMark = try CSV.parse("\u{FEFF}" + CSV.format(rows))
            #expect(withMark == (try CSV.parse(CSV.format(rows))))
        }
    }

    @Test("Every formatted record reports the line it starts on: one more than the line feeds written before it")
    func roundTripLineNumbers() async {
        await propertyCheck(count: 300, input: Self.rows) { rows in
            let records = try CSV.parse(CSV.format(rows))
            let expected = rows.indices.map { index in
                1 + CSV.format(Array(rows[..<index])).unicodeScalars.filter { $0 == "\n" }.count - (index == 0 ? 1 : 0)
            }
            #expect(records.map(\.line) == expected, "\(rows)")
        }
    }

    @Test("Protecting any text and unprotecting it gives it back, and protected text never starts a formula")
    func protectRoundTrip() async {
        await propertyCheck(count: 500, input: Generator { rng in Self.field(using: &rng) }) { text in
            let protected = CSV.protect(text)
            #expect(CSV.unprotect(protected) == text)
            if let first = protected.unicodeScalars.first {
                #expect(!"=+-@\t\r".unicodeScalars.contains(first), "\(protected)")
            }
        }
    }
}

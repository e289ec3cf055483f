import Foundation
import Testing
@testable import CoventureCore

/// The caps a parse enforces as it reads (issue #11, finding 6): it stops at the first thing past a cap.
@Suite("CSV limits")
struct CSVLimitsTests {
    let limits = CSV.Limits(records: 3, fieldsPerRecord: 4, scalarsPerField: 10)

    @Test("A file with more records than the cap stops at the first one past it, naming its line")
    func records() throws {
        #expect(throws: CSV.SyntaxError(line: 4, reason: "has more than 3 lines; split it into smaller files")) {
            try CSV.parse("a\nb\nc\nd\ne\n", limits: limits)
        }
        #expect(try CSV.parse("a\nb\nc\n", limits: limits).count == 3)
        // Blank lines are not records and do not count.
        #expect(try CSV.parse("a\n\n\nb\n\nc\n", limits: limits).count == 3)
    }

    @Test("A record with more fields than the cap is refused")
    func fields() throws {
        #expect(throws: CSV.SyntaxError(line: 2, reason: "has more than 4 columns")) {
            try CSV.parse("a,b\n1,2,3,4,5\n", limits: limits)
        }
        #expect(try CSV.parse("1,2,3,4\n", limits: limits).first?.fields.count == 4)
    }

    @Test("A cell longer than the cap is refused, quoted or not, counting a doubled quote once")
    func cells() throws {
        #expect(throws: CSV.SyntaxError.self) { try CSV.parse("abcdefghijk\n", limits: limits) }
        #expect(throws: CSV.SyntaxError.self) { try CSV.parse("\"abc\ndefghijk\"\n", limits: limits) }
        #expect(try CSV.parse("\"abcd\"\"efghi\"\n", limits: limits).first?.fields == ["abcd\"efghi"])
    }

    @Test("Twenty megabytes of one-letter lines are refused after the import's cap, with one problem on the line past it")
    func hugeUpload() throws {
        let text = String(repeating: "a\n", count: 10_000_000)
        do {
            _ = try OKRTransfer.plan(csv: text, context: OKRTransfer.Context(memberEmails: [], organizationObjectives: []))
            Issue.record("the file was accepted")
        } catch {
            #expect(error.problems == [
                OKRTransfer.Problem(line: OKRTransfer.maxRows + 2, column: "file", reason: "has more than \(OKRTransfer.maxRows + 1) lines; split it into smaller files"),
            ])
        }
    }

    @Test("Without limits, parsing is unchanged: quotes, CRLF, a byte-order mark and a final line without its end")
    func unlimited() throws {
        let records = try CSV.parse("\u{FEFF}a,\"b,c\"\r\n\"x\"\"y\",z")
        #expect(records == [CSV.Record(line: 1, fields: ["a", "b,c"]), CSV.Record(line: 2, fields: ["x\"y", "z"])])
    }
}

import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("OKRs: decimal input")
struct OKRDecimalInputTests {
    typealias F = OKRFixture

    @Test(
        "Plain numbers with a point or a comma, a minus sign and blanks around them parse exactly",
        arguments: [
            ("12.5", "12.5"), ("12,5", "12.5"), ("-12.5", "-12.5"), ("\u{2212}12,5", "-12.5"), (" 7 ", "7"), ("0", "0"),
            ("-0", "0"), ("0.125", "0.125"), ("0,125", "0.125"), ("1500", "1500"), ("12.5000", "12.5"), ("1.25", "1.25"),
            ("1234.567", "1234.567"), ("0.1", "0.1"), ("007", "7"), ("999999999999999.999999", "999999999999999.999999"),
        ])
    func parses(text: String, expected: String) throws {
        #expect(try DecimalInput.parse(text, field: "value") == F.dec(expected))
    }

    @Test("Empty or blank text is no value at all", arguments: [nil, "", "  ", "\t\n"])
    func empty(text: String?) throws {
        #expect(try DecimalInput.parse(text, field: "baseline") == nil)
    }

    @Test(
        "Anything but a plain number is refused, where Decimal(string:) would quietly read a prefix",
        arguments: ["12abc", "1e5", "abc", "+5", "--5", "5-", ".5", "5.", "1.2.3", "1,2.3", "1 000", "12 .5", "٤٢", "0x10", "½", "-", "NaN", "inf"])
    func refusesNonNumbers(text: String) {
        #expect(throws: ValidationError(field: "target", "must be a number like 12.5")) {
            try DecimalInput.parse(text, field: "target")
        }
    }

    @Test("A separator followed by exactly three digits after a short whole part is refused as thousands-or-decimals",
          arguments: ["1,500", "1.500", "12,345", "-999.000", "100.250"])
    func refusesAmbiguous(text: String) {
        #expect(throws: ValidationError.self) { try DecimalInput.parse(text, field: "value") }
        do {
            _ = try DecimalInput.parse(text, field: "value")
        } catch let error as ValidationError {
            #expect(error.field == "value" && error.message.hasPrefix("could be read as thousands or as decimals"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("The ambiguity hint spells out both unambiguous ways of writing the number")
    func ambiguityHint() {
        #expect(throws: ValidationError(
            field: "value", "could be read as thousands or as decimals: write 1500 without a separator, or 1.5000 for a decimal")) {
            try DecimalInput.parse("1,500", field: "value")
        }
    }

    @Test("More than 15 digits before or 6 after the separator are refused")
    func refusesTooLong() {
        let refusal = ValidationError(field: "value", "must have at most 15 digits before and 6 after the decimal separator")
        #expect(throws: refusal) { try DecimalInput.parse("1234567890123456", field: "value") }
        #expect(throws: refusal) { try DecimalInput.parse("0.1234567", field: "value") }
    }

    @Test("Any number written with up to 6 decimals parses back to the same decimal, unless its form is ambiguous")
    func roundTrip() async {
        await propertyCheck(input: Gen.int(in: 0...999_999_999_999), Gen.int(in: 0...999_999), Gen.int(in: 0...6), Gen.bool, Gen.bool) {
            whole, fractionSeed, digits, negative, comma in
            let fraction = digits == 0 ? "" : String(String(format: "%06d", fractionSeed).prefix(digits))
            let text = (negative ? "-" : "") + "\(whole)" + (digits == 0 ? "" : (comma ? "," : ".") + fraction)
            let expected = F.dec((negative ? "-" : "") + "\(whole)" + (digits == 0 ? "" : "." + fraction))
            let ambiguous = digits == 3 && (1...999).contains(whole)
            if ambiguous {
                #expect(throws: ValidationError.self, "\(text)") { try DecimalInput.parse(text, field: "value") }
            } else {
                let parsed = try DecimalInput.parse(text, field: "value")
                #expect(parsed == expected, "\(text)")
            }
        }
    }
}

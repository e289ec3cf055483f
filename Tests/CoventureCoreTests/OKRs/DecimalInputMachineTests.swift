import Foundation
import PropertyBased
import Testing

@testable import CoventureCore

@Suite("OKRs: decimal input from machines, and canonical text")
struct OKRDecimalInputMachineTests {
    typealias F = OKRFixture

    // MARK: Machine-written numbers

    @Test(
        "A number a program wrote parses with \".\" as the point, three decimals included",
        arguments: [
            ("2.125", "2.125"), ("1.500", "1.5"), ("100.250", "100.25"), ("-999.000", "-999"), ("1500", "1500"),
            ("0.125", "0.125"),
            ("12.5000", "12.5"), ("-12.5", "-12.5"), ("\u{2212}3.25", "-3.25"), (" 7 ", "7"), ("-0", "0"),
            ("-0.000", "0"),
            ("999999999999999.999999", "999999999999999.999999"),
        ])
    func machineParses(text: String, expected: String) throws {
        #expect(try DecimalInput.parse(text, field: "target", from: .machine) == F.dec(expected))
    }

    @Test(
        "The same three-decimal text that a person might mean as thousands is refused from a person but accepted from a program"
    )
    func sourceDecidesAmbiguity() throws {
        #expect(throws: ValidationError.self) { try DecimalInput.parse("2.125", field: "value", from: .person) }
        #expect(try DecimalInput.parse("2.125", field: "value", from: .machine) == F.dec("2.125"))
    }

    @Test("Reading from a person stays the default")
    func personIsTheDefault() throws {
        #expect(try DecimalInput.parse("1,5", field: "value") == F.dec("1.5"))
        #expect(throws: ValidationError.self) { try DecimalInput.parse("1.500", field: "value") }
    }

    @Test(
        "A comma is never a decimal point from a program: \"1,5\" is refused, naming the field",
        arguments: ["1,5", "1,500", "1.234,5", "1,234.5", "0,125", ",5"])
    func machineRefusesComma(text: String) {
        #expect(throws: ValidationError(field: "baseline", "must be a number like 12.5")) {
            try DecimalInput.parse(text, field: "baseline", from: .machine)
        }
    }

    @Test(
        "Anything but a plain number is refused from a program too",
        arguments: ["12abc", "1e5", "+5", "--5", ".5", "5.", "1.2.3", "1 000", "NaN", "0x10", "-"])
    func machineRefusesNonNumbers(text: String) {
        #expect(throws: ValidationError(field: "weight", "must be a number like 12.5")) {
            try DecimalInput.parse(text, field: "weight", from: .machine)
        }
    }

    @Test("Empty or blank text from a program is no value at all", arguments: [nil, "", "   "])
    func machineEmpty(text: String?) throws {
        #expect(try DecimalInput.parse(text, field: "current", from: .machine) == nil)
    }

    @Test("A program's number is held to the same 15 + 6 digit bounds")
    func machineRefusesTooLong() {
        let refusal = ValidationError(
            field: "value", "must have at most 15 digits before and 6 after the decimal separator")
        #expect(throws: refusal) { try DecimalInput.parse("1234567890123456", field: "value", from: .machine) }
        #expect(throws: refusal) { try DecimalInput.parse("2.1234567", field: "value", from: .machine) }
    }

    // MARK: Canonical text

    @Test(
        "The canonical text has \".\" as the point, no trailing zeros and no exponent",
        arguments: [
            ("12.50", "12.5"), ("3", "3"), ("3.000", "3"), ("-3", "-3"), ("0.125", "0.125"), ("1500", "1500"),
            ("100", "100"),
            ("0", "0"), ("-0", "0"), ("-0.000", "0"), ("0.000001", "0.000001"), ("-0.5", "-0.5"),
            ("1000000", "1000000"),
            ("999999999999999.999999", "999999999999999.999999"),
        ])
    func canonicalText(text: String, expected: String) {
        #expect(DecimalInput.canonical(F.dec(text)) == expected)
    }

    @Test("Whole numbers keep their zeros however the decimal stores them")
    func canonicalKeepsWholeZeros() {
        #expect(DecimalInput.canonical(Decimal(sign: .plus, exponent: 3, significand: 5)) == "5000")
        #expect(DecimalInput.canonical(Decimal(sign: .plus, exponent: -3, significand: 12_500)) == "12.5")
        #expect(DecimalInput.canonical(Decimal(sign: .minus, exponent: -2, significand: 0)) == "0")
    }

    /// Decimals with 1…15 whole digits and 0…6 fraction digits, as text and as the decimal the text denotes, built both ways
    /// a program may hold them: parsed from text, and as a significand with a (possibly trailing-zero-padded) exponent.
    static let boundedDecimal = Generator { rng in
        let wholeDigits = Int.random(in: 1...15, using: &rng)
        let fractionDigits = Int.random(in: 0...6, using: &rng)
        // Short numbers often, so that leading zeros, zero and small values are well represented.
        let digit = { (rng: inout any SeededRandomNumberGenerator) in String(Int.random(in: 0...9, using: &rng)) }
        let whole = String(Int((0..<wholeDigits).map { _ in digit(&rng) }.joined())!)
        let fraction = (0..<fractionDigits).map { _ in digit(&rng) }.joined()
        let negative = Bool.random(using: &rng)
        let significand = Decimal(string: whole + fraction, locale: Locale(identifier: "en_US_POSIX"))!
        let value = Decimal(sign: negative ? .minus : .plus, exponent: -fractionDigits, significand: significand)
        return value
    }

    @Test(
        "For any decimal with at most 15 whole and 6 fraction digits, machine parsing reads its canonical text back exactly"
    )
    func canonicalRoundTrip() async {
        await propertyCheck(count: 500, input: Self.boundedDecimal) { value in
            let text = DecimalInput.canonical(value)
            let parsed = try DecimalInput.parse(text, field: "value", from: .machine)
            #expect(parsed == value, "\(value) → \(text)")
        }
    }

    @Test(
        "The canonical text of any such decimal is a plain number: optional minus, digits, and no trailing fraction zeros"
    )
    func canonicalShape() async {
        await propertyCheck(count: 300, input: Self.boundedDecimal) { value in
            let text = DecimalInput.canonical(value)
            let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
            #expect(body.allSatisfy { $0 == "." || ("0"..."9").contains($0) }, "\(text)")
            #expect(!text.contains(".") || !(text.hasSuffix("0") || text.hasSuffix(".")), "\(text)")
            #expect(text != "-0")
        }
    }

    @Test("Equal decimals have one canonical text, whatever trailing zeros they were written with")
    func canonicalIgnoresTrailingZeros() async {
        await propertyCheck(count: 300, input: Self.boundedDecimal, Gen.int(in: 1...6)) { value, zeros in
            let padded =
                DecimalInput.canonical(value) + (DecimalInput.canonical(value).contains(".") ? "" : ".")
                + String(repeating: "0", count: zeros)
            let reread = F.dec(padded)
            #expect(DecimalInput.canonical(reread) == DecimalInput.canonical(value), "\(padded)")
        }
    }
}

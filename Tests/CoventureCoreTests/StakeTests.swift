import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("Stake")
struct StakeTests {
    // MARK: Parsing

    @Test(
        "Percentages with up to two decimals, a comma or a point, and an optional % parse to exact basis points",
        arguments: [
            ("40", 4000), ("33.33", 3333), ("33,33", 3333), ("33,3", 3330), ("33.3", 3330), ("0.01", 1), ("0,5", 50),
            ("100", 10_000), ("100.0", 10_000), ("100.00", 10_000), ("12.5%", 1250), ("40%", 4000), (" 40 ", 4000),
            ("\t25\t", 2500), ("007", 700), ("99.99", 9999), ("50.05", 5005),
        ])
    func accepts(text: String, basisPoints: Int) throws {
        #expect(try Stake(percent: text).basisPoints == basisPoints)
    }

    @Test(
        "Text that is not a percentage is refused with the shape hint",
        arguments: ["", " ", "%", "abc", "4O", "-5", "-0.5", "+5", "1e2", "0x10", "50 50", "4 0", ".5", "1.2.3", "1,2,3", "٤٠", "½", "١٢.٥"])
    func refusesNonNumbers(text: String) {
        #expect(throws: ValidationError(field: "stake", "must be a percentage like 40 or 33.33")) {
            try Stake(percent: text)
        }
    }

    @Test("More than two decimals, or a dangling decimal separator, is refused", arguments: ["33.333", "0.001", "12,345", "5.", "5,", "1.5a", "1.٥"])
    func refusesDecimals(text: String) {
        #expect(throws: ValidationError(field: "stake", "must be a percentage with at most two decimals")) {
            try Stake(percent: text)
        }
    }

    @Test("Zero and anything above 100 percent are refused", arguments: ["0", "0.00", "0,0", "000", "100.01", "101", "1000", "250.5"])
    func refusesOutOfRange(text: String) {
        #expect(throws: ValidationError(field: "stake", "must be more than 0 and at most 100 percent")) {
            try Stake(percent: text)
        }
    }

    @Test("The field named in a refusal is the one the caller passes")
    func fieldName() {
        #expect(throws: ValidationError(field: "stakes.abc", "must be more than 0 and at most 100 percent")) {
            try Stake(percent: "0", field: "stakes.abc")
        }
    }

    @Test("Any value from 0.01 to 100 percent, written with a point or a comma, a % sign and blanks around it, parses exactly")
    func parsesWrittenVariants() async throws {
        await propertyCheck(count: 300, input: Gen.int(in: 1...10_000), Gen.bool, Gen.bool, Gen.bool) { points, comma, percentSign, blanks in
            var text = "\(points / 100)\(comma ? "," : ".")\(Self.twoDigits(points % 100))"
            if percentSign { text += "%" }
            if blanks { text = "  \(text) " }
            let stake = try Stake(percent: text)
            #expect(stake.basisPoints == points, "\(text)")
        }
    }

    @Test("A whole percent written without decimals, or with one, parses exactly")
    func parsesShortForms() throws {
        for whole in 1...100 {
            #expect(try Stake(percent: "\(whole)").basisPoints == whole * 100)
            #expect(try Stake(percent: "\(whole - 1).\(whole % 10)").basisPoints == (whole - 1) * 100 + (whole % 10) * 10)
        }
    }

    @Test("Three or more decimals are always refused")
    func refusesThreeDecimals() async {
        await propertyCheck(input: Gen.int(in: 0...100), Gen.int(in: 0...999_999)) { whole, fraction in
            let text = "\(whole).\(String(format: "%03d", fraction))"
            #expect(throws: ValidationError.self, "\(text)") { try Stake(percent: text) }
        }
    }

    @Test("Anything above 100 percent is always refused")
    func refusesAboveWhole() async {
        await propertyCheck(input: Gen.int(in: 10_001...100_000_000)) { points in
            let text = "\(points / 100).\(Self.twoDigits(points % 100))"
            #expect(throws: ValidationError(field: "stake", "must be more than 0 and at most 100 percent"), "\(text)") {
                try Stake(percent: text)
            }
        }
    }

    @Test("An absurdly long number is refused rather than crashing the process on overflow")
    func hugeNumberDoesNotCrash() {
        for text in ["99999999999999999", "99999999999999999999999", "1000", "100.01"] {
            #expect(throws: ValidationError.self, "\(text)") { try Stake(percent: text) }
        }
    }

    // MARK: Description

    @Test("Stakes are described in percent, with two decimals only when needed")
    func description() {
        #expect(Stake(basisPoints: 4000).description == "40 %")
        #expect(Stake(basisPoints: 3333).description == "33.33 %")
        #expect(Stake(basisPoints: 3330).description == "33.30 %")
        #expect(Stake(basisPoints: 1250).description == "12.50 %")
        #expect(Stake(basisPoints: 5).description == "0.05 %")
        #expect(Stake(basisPoints: 1).description == "0.01 %")
        #expect(Stake(basisPoints: 10_000).description == "100 %")
        #expect(Stake.whole.description == "100 %")
    }

    @Test("For every value from 0.01 to 100 percent, the number in the description parses back to the same stake")
    func descriptionNumberRoundTrips() {
        var failures: [Int] = []
        for points in 1...10_000 {
            let number = Stake(basisPoints: points).description.replacingOccurrences(of: " %", with: "")
            if (try? Stake(percent: number))?.basisPoints != points { failures.append(points) }
        }
        #expect(failures.count == 0, "first failures: \(failures.prefix(5))")
    }

    @Test("For every value from 0.01 to 100 percent, the description itself, percent sign included, parses back")
    func descriptionRoundTrips() {
        var failures: [String] = []
        for points in 1...10_000 {
            let description = Stake(basisPoints: points).description
            if (try? Stake(percent: description))?.basisPoints != points { failures.append(description) }
        }
        #expect(failures.count == 0, "refused, e.g. \(failures.prefix(3))")
    }

    @Test("A percentage typed with a blank before the % sign, as the app itself shows stakes, is accepted")
    func blankBeforePercentSign() {
        #expect((try? Stake(percent: "12.5 %"))?.basisPoints == 1250)
        #expect((try? Stake(percent: "40 %"))?.basisPoints == 4000)
    }

    // MARK: Value behaviour

    @Test("Stakes order by size, expose their percent and encode as basis points")
    func valueBehaviour() throws {
        #expect(Stake(basisPoints: 1) < Stake(basisPoints: 2))
        #expect([Stake(basisPoints: 5000), Stake(basisPoints: 1), Stake.whole].sorted().map(\.basisPoints) == [1, 5000, 10_000])
        #expect(Stake(basisPoints: 3333).percent == 33.33)
        #expect(Stake.whole.basisPoints == 10_000)
        #expect(try Stake(percent: "33.33") == Stake(basisPoints: 3333))

        let data = try JSONEncoder().encode(Stake(basisPoints: 3333))
        #expect(String(decoding: data, as: UTF8.self) == #"{"basisPoints":3333}"#)
        #expect(try JSONDecoder().decode(Stake.self, from: data) == Stake(basisPoints: 3333))
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

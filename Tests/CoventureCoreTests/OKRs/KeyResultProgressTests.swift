import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("OKRs: key result progress")
struct OKRKeyResultProgressTests {
    typealias F = OKRFixture

    // MARK: Worked examples

    @Test("An increase from 100 to 200 is 50 % at 150, 150 % at 250 (clamped to 100 % for roll-up) and −25 % at 75")
    func increaseExamples() throws {
        let kr = try F.increase("100", to: "200")
        #expect(OKRProgress.keyResult(kr, current: 150) == 0.5)
        #expect(OKRProgress.keyResult(kr, current: 250) == 1.5)
        #expect(OKRProgress.clamped(OKRProgress.keyResult(kr, current: 250)) == 1)
        #expect(OKRProgress.keyResult(kr, current: 75) == -0.25)
        #expect(OKRProgress.clamped(OKRProgress.keyResult(kr, current: 75)) == 0)
        #expect(OKRProgress.keyResult(kr, current: 100) == 0)
        #expect(OKRProgress.keyResult(kr, current: 200) == 1)
        #expect(OKRProgress.percent(OKRProgress.keyResult(kr, current: 250)) == "150 %")
        #expect(OKRProgress.percent(OKRProgress.keyResult(kr, current: 75)) == "\u{2212}25 %")
    }

    @Test("A decrease from 40 to 20 is 50 % at 30, −50 % at 50 and 150 % at 10")
    func decreaseExamples() throws {
        let kr = try F.decrease("40", to: "20")
        #expect(OKRProgress.keyResult(kr, current: 30) == 0.5)
        #expect(OKRProgress.keyResult(kr, current: 50) == -0.5)
        #expect(OKRProgress.keyResult(kr, current: 10) == 1.5)
        #expect(OKRProgress.keyResult(kr, current: 20) == 1)
        #expect(OKRProgress.clamped(OKRProgress.keyResult(kr, current: 50)) == 0)
        #expect(OKRProgress.percent(OKRProgress.keyResult(kr, current: 50)) == "\u{2212}50 %")
    }

    @Test("Decimal figures are exact: from 0.1 to 0.3, the value 0.2 is exactly halfway")
    func decimalsAreExact() throws {
        // In binary floating point (0.2 − 0.1) / (0.3 − 0.1) is 0.4999999999999999.
        let kr = try F.increase("0.1", to: "0.3")
        #expect(OKRProgress.keyResult(kr, current: F.dec("0.2")) == 0.5)
        #expect(OKRProgress.keyResult(kr, current: F.dec("0.4")) == 1.5)
        let thirds = try F.increase("0", to: "3")
        #expect(OKRProgress.keyResult(thirds, current: 1) == 1.0 / 3)
    }

    @Test("A key result with no check-in yet has no progress, not 0 %", arguments: KeyResultKind.allCases)
    func noCheckInNoProgress(kind: KeyResultKind) throws {
        let definition = KeyResultDefinition(kind: kind, baseline: kind.movesFromBaseline ? 0 : nil,
                                             target: kind == .decrease ? -10 : 10, steps: kind == .milestone ? ["Pilot"] : [])
        #expect(OKRProgress.keyResult(definition, current: nil) == nil)
        #expect(OKRProgress.clamped(nil) == nil)
        #expect(OKRProgress.percent(OKRProgress.keyResult(definition, current: nil)) == "no data")
        #expect(OKRProgress.keyResult(definition, current: .nan) == nil)
    }

    @Test("Stay above 95 holds at 95 and above and breaks below; stay below 95 holds at 95 and below and breaks above")
    func thresholdBoundaryHolds() throws {
        let above = try KeyResultDefinition.validated(kind: .stayAbove, unit: "%", target: 95)
        #expect(OKRProgress.keyResult(above, current: 95) == 1)
        #expect(OKRProgress.keyResult(above, current: F.dec("95.01")) == 1)
        #expect(OKRProgress.keyResult(above, current: F.dec("94.99")) == 0)
        let below = try KeyResultDefinition.validated(kind: .stayBelow, unit: "ms", target: 95)
        #expect(OKRProgress.keyResult(below, current: 95) == 1)
        #expect(OKRProgress.keyResult(below, current: F.dec("94.99")) == 1)
        #expect(OKRProgress.keyResult(below, current: F.dec("95.01")) == 0)
    }

    @Test("A threshold is 1 exactly when it holds (≥ for stay above, ≤ for stay below) and 0 otherwise")
    func thresholdIsAllOrNothing() async {
        await propertyCheck(input: F.decimal, F.decimal) { threshold, value in
            let above = OKRProgress.keyResult(KeyResultDefinition(kind: .stayAbove, target: threshold), current: value)
            let below = OKRProgress.keyResult(KeyResultDefinition(kind: .stayBelow, target: threshold), current: value)
            #expect(above == (value >= threshold ? 1 : 0))
            #expect(below == (value <= threshold ? 1 : 0))
            // Both hold only on the boundary itself.
            #expect((above == 1 && below == 1) == (value == threshold))
            // Random values rarely hit the boundary, so check it for every threshold drawn.
            #expect(OKRProgress.keyResult(KeyResultDefinition(kind: .stayAbove, target: threshold), current: threshold) == 1)
            #expect(OKRProgress.keyResult(KeyResultDefinition(kind: .stayBelow, target: threshold), current: threshold) == 1)
        }
    }

    @Test("A milestone's progress is the share of steps reached: 2 of 5 steps is 40 %")
    func milestone() throws {
        let kr = try F.milestone(steps: 5)
        #expect(OKRProgress.keyResult(kr, current: 0) == 0)
        #expect(OKRProgress.keyResult(kr, current: 2) == 0.4)
        #expect(OKRProgress.keyResult(kr, current: 5) == 1)
        for count in 1...12 {
            let definition = try F.milestone(steps: count)
            for reached in 0...count {
                #expect(OKRProgress.keyResult(definition, current: Decimal(reached)) == Double(reached) / Double(count))
            }
        }
    }

    @Test("A binary key result is 0 until done and 1 once done")
    func binary() {
        let kr = KeyResultDefinition(kind: .binary)
        #expect(OKRProgress.keyResult(kr, current: 0) == 0)
        #expect(OKRProgress.keyResult(kr, current: 1) == 1)
    }

    @Test("A stored definition that validation would refuse has no progress instead of dividing by zero")
    func malformedDefinitions() {
        #expect(OKRProgress.keyResult(KeyResultDefinition(kind: .increase, baseline: 5, target: 5), current: 7) == nil)
        #expect(OKRProgress.keyResult(KeyResultDefinition(kind: .increase, baseline: nil, target: 5), current: 7) == nil)
        #expect(OKRProgress.keyResult(KeyResultDefinition(kind: .stayAbove, target: nil), current: 7) == nil)
        #expect(OKRProgress.keyResult(KeyResultDefinition(kind: .milestone, steps: []), current: 0) == nil)
    }

    // MARK: Properties

    @Test("Clamped progress of any increase or decrease at any value lies within 0…1")
    func clampedWithinRange() async {
        await propertyCheck(input: F.decimal, F.decimal, F.decimal) { baseline, target, value in
            guard baseline != target else { return }
            let kind: KeyResultKind = target > baseline ? .increase : .decrease
            let definition = try KeyResultDefinition.validated(kind: kind, baseline: baseline, target: target)
            let clamped = try #require(OKRProgress.clamped(OKRProgress.keyResult(definition, current: value)))
            #expect((0...1).contains(clamped))
        }
    }

    @Test("Clamping keeps figures within 0…1 unchanged and moves the others to the nearest bound")
    func clampingIsTheNearestBound() async {
        await propertyCheck(input: Gen.double(in: -1e6...1e6)) { progress in
            let clamped = OKRProgress.clamped(progress)!
            if (0...1).contains(progress) { #expect(clamped == progress) }
            else { #expect(clamped == (progress < 0 ? 0 : 1)) }
        }
        #expect(OKRProgress.clamped(.nan) == nil)
        #expect(OKRProgress.clamped(.infinity) == 1)
        #expect(OKRProgress.clamped(-.infinity) == 0)
    }

    @Test("The true figure is 0 at the baseline, 1 at the target and moves in proportion in between and beyond")
    func trueFigureIsLinear() async {
        await propertyCheck(input: F.decimal, F.decimal, Gen.int(in: -400...400)) { baseline, target, percent in
            guard baseline != target else { return }
            let kind: KeyResultKind = target > baseline ? .increase : .decrease
            let definition = KeyResultDefinition(kind: kind, baseline: baseline, target: target)
            #expect(OKRProgress.keyResult(definition, current: baseline) == 0)
            #expect(OKRProgress.keyResult(definition, current: target) == 1)
            // A value `percent` % of the way along (exact in Decimal) has exactly that progress.
            let value = baseline + (target - baseline) * Decimal(percent) / 100
            #expect(OKRProgress.keyResult(definition, current: value) == Double(percent) / 100, "\(baseline) → \(target) at \(value)")
        }
    }

    @Test("For an increase, a higher value never shows less progress; for a decrease, never more")
    func monotonic() async {
        await propertyCheck(input: F.decimal, F.decimal, F.decimal, F.decimal) { a, b, v1, v2 in
            guard a != b else { return }
            let (low, high) = (min(v1, v2), max(v1, v2))
            let increase = KeyResultDefinition(kind: .increase, baseline: min(a, b), target: max(a, b))
            let decrease = KeyResultDefinition(kind: .decrease, baseline: max(a, b), target: min(a, b))
            #expect(OKRProgress.keyResult(increase, current: low)! <= OKRProgress.keyResult(increase, current: high)!)
            #expect(OKRProgress.keyResult(decrease, current: low)! >= OKRProgress.keyResult(decrease, current: high)!)
            for kind in [KeyResultKind.stayAbove, .stayBelow] {
                let threshold = KeyResultDefinition(kind: kind, target: a)
                let (p1, p2) = (OKRProgress.keyResult(threshold, current: low)!, OKRProgress.keyResult(threshold, current: high)!)
                #expect(kind == .stayAbove ? p1 <= p2 : p1 >= p2)
            }
        }
    }

    @Test("A decrease from a to b at v has exactly the progress of an increase from −a to −b at −v")
    func symmetric() async {
        await propertyCheck(input: F.decimal, F.decimal, F.decimal) { a, b, v in
            guard a != b else { return }
            let (high, low) = (max(a, b), min(a, b))
            let decrease = try KeyResultDefinition.validated(kind: .decrease, baseline: high, target: low)
            let mirrored = try KeyResultDefinition.validated(kind: .increase, baseline: -high, target: -low)
            #expect(OKRProgress.keyResult(decrease, current: v) == OKRProgress.keyResult(mirrored, current: -v))
            let stayBelow = KeyResultDefinition(kind: .stayBelow, target: a)
            let stayAbove = KeyResultDefinition(kind: .stayAbove, target: -a)
            #expect(OKRProgress.keyResult(stayBelow, current: v) == OKRProgress.keyResult(stayAbove, current: -v))
        }
    }

    // MARK: Percent text

    @Test("Progress reads as a whole percent with a true minus sign, or as no data")
    func percentText() {
        #expect(OKRProgress.percent(nil) == "no data")
        #expect(OKRProgress.percent(.nan) == "no data")
        #expect(OKRProgress.percent(0) == "0 %")
        #expect(OKRProgress.percent(0.5) == "50 %")
        #expect(OKRProgress.percent(1) == "100 %")
        #expect(OKRProgress.percent(1.5) == "150 %")
        #expect(OKRProgress.percent(-0.25) == "\u{2212}25 %")
        #expect(OKRProgress.percent(1.0 / 3) == "33 %")
        #expect(OKRProgress.percent(2.0 / 3) == "67 %")
        #expect(OKRProgress.percent(0.125) == "13 %")
        #expect(OKRProgress.percent(123.456) == "12346 %")
        #expect(OKRProgress.percent(.infinity) == "∞ %")
    }

    @Test("Short of done never reads 100 %, and a figure rounding to zero never reads −0 %")
    func percentEdges() {
        #expect(OKRProgress.percent(0.996) == "99 %")
        #expect(OKRProgress.percent(0.99999) == "99 %")
        #expect(OKRProgress.percent(1.004) == "100 %")
        #expect(OKRProgress.percent(-0.004) == "0 %")
        #expect(OKRProgress.percent(0.004) == "0 %")
        #expect(OKRProgress.percent(-0.005) == "\u{2212}1 %")
    }

    @Test("Every whole percent from −1000 % to 1000 % reads back as itself")
    func percentWholeNumbers() {
        for n in -1000...1000 {
            let expected = n < 0 ? "\u{2212}\(-n) %" : "\(n) %"
            #expect(OKRProgress.percent(Double(n) / 100) == expected)
        }
    }

    @Test("Even absurd figures format without crashing")
    func percentHuge() {
        let huge = OKRProgress.percent(1e30)
        #expect(huge.hasPrefix("1000000000000000") && huge.hasSuffix(" %") && huge.count == 35)
        #expect(OKRProgress.percent(-1e20).hasPrefix("\u{2212}100000000000000000000"))
        #expect(OKRProgress.percent(-.infinity) == "\u{2212}∞ %")
    }
}

import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("OKRs: key result definitions")
struct OKRKeyResultDefinitionTests {
    typealias F = OKRFixture

    // MARK: Increase and decrease

    @Test("An increase from a baseline up to a higher target, and a decrease down to a lower one, are accepted as given")
    func acceptsWellFormed() throws {
        let up = try KeyResultDefinition.validated(kind: .increase, unit: " customers ", baseline: F.dec("12.5"), target: F.dec("40"),
                                                   weight: F.dec("2.5"))
        #expect(up == KeyResultDefinition(kind: .increase, unit: "customers", baseline: F.dec("12.5"), target: F.dec("40"),
                                          weight: F.dec("2.5")))
        let down = try F.decrease("40", to: "-20")
        #expect(down.baseline == 40 && down.target == -20 && down.weight == 1 && down.unit == "" && down.steps.isEmpty)
    }

    @Test("An increase or decrease whose target equals its baseline is refused on the target", arguments: [KeyResultKind.increase, .decrease])
    func refusesEqualBaselineAndTarget(kind: KeyResultKind) {
        #expect(throws: ValidationError(field: "target", "must differ from the baseline; progress is measured from one to the other")) {
            try KeyResultDefinition.validated(kind: kind, baseline: F.dec("12.5"), target: F.dec("12.50"))
        }
    }

    @Test("An increase whose target lies below its baseline is refused on the target, pointing to decrease")
    func refusesIncreaseGoingDown() {
        #expect(throws: ValidationError(field: "target", "must be above the baseline for an increase; choose decrease to go down")) {
            try F.increase("100", to: "99.99")
        }
    }

    @Test("A decrease whose target lies above its baseline is refused on the target, pointing to increase")
    func refusesDecreaseGoingUp() {
        #expect(throws: ValidationError(field: "target", "must be below the baseline for a decrease; choose increase to go up")) {
            try F.decrease("-5", to: "0")
        }
    }

    @Test("For any two different values, exactly one of increase and decrease accepts them as baseline and target")
    func directionDecidesTheKind() async {
        await propertyCheck(input: F.decimal, F.decimal) { baseline, target in
            let up = try? KeyResultDefinition.validated(kind: .increase, baseline: baseline, target: target)
            let down = try? KeyResultDefinition.validated(kind: .decrease, baseline: baseline, target: target)
            if baseline == target {
                #expect(up == nil && down == nil)
            } else {
                #expect((up != nil) != (down != nil), "\(baseline) → \(target)")
                #expect((up != nil) == (target > baseline))
            }
        }
    }

    @Test("An increase or decrease needs both a baseline and a target", arguments: [KeyResultKind.increase, .decrease])
    func requiresBaselineAndTarget(kind: KeyResultKind) {
        #expect(throws: ValidationError(field: "baseline", "is required")) {
            try KeyResultDefinition.validated(kind: kind, baseline: nil, target: 5)
        }
        #expect(throws: ValidationError(field: "target", "is required")) {
            try KeyResultDefinition.validated(kind: kind, baseline: 5, target: nil)
        }
        #expect(throws: ValidationError(field: "baseline", "must be a number")) {
            try KeyResultDefinition.validated(kind: kind, baseline: .nan, target: 5)
        }
        #expect(throws: ValidationError(field: "target", "must be a number")) {
            try KeyResultDefinition.validated(kind: kind, baseline: 5, target: .nan)
        }
    }

    // MARK: Thresholds

    @Test("A threshold needs its target (the threshold) while its baseline is optional context", arguments: [KeyResultKind.stayAbove, .stayBelow])
    func thresholds(kind: KeyResultKind) throws {
        #expect(throws: ValidationError(field: "target", "is required")) { try KeyResultDefinition.validated(kind: kind) }
        #expect(try KeyResultDefinition.validated(kind: kind, unit: "%", target: 95).target == 95)
        #expect(try KeyResultDefinition.validated(kind: kind, baseline: 95, target: 95).baseline == 95)
        #expect(throws: ValidationError(field: "baseline", "must be a number")) {
            try KeyResultDefinition.validated(kind: kind, baseline: .nan, target: 95)
        }
    }

    // MARK: Milestones and binaries

    @Test("A milestone needs at least one step, at most fifty, each a non-empty line; steps are trimmed and kept in order")
    func milestoneSteps() throws {
        #expect(throws: ValidationError(field: "steps", "a milestone needs at least one step")) {
            try KeyResultDefinition.validated(kind: .milestone, steps: [])
        }
        #expect(throws: ValidationError(field: "steps", "must be at most 50 steps")) {
            try KeyResultDefinition.validated(kind: .milestone, steps: (1...51).map { "Step \($0)" })
        }
        #expect(throws: ValidationError(field: "steps", "is required")) {
            try KeyResultDefinition.validated(kind: .milestone, steps: ["Pilot", "  "])
        }
        #expect(throws: ValidationError.self) { try KeyResultDefinition.validated(kind: .milestone, steps: ["Pilot\nlaunch"]) }
        let definition = try KeyResultDefinition.validated(kind: .milestone, steps: [" Pilot ", "Launch", "Scale"])
        #expect(definition.steps == ["Pilot", "Launch", "Scale"])
        #expect(try F.milestone(steps: 50).steps.count == 50)
    }

    @Test("Milestones and binaries refuse a baseline or a target rather than silently dropping it", arguments: [KeyResultKind.milestone, .binary])
    func noBaselineOrTarget(kind: KeyResultKind) {
        let steps = kind == .milestone ? ["Pilot"] : []
        let name = kind == .milestone ? "milestone" : "done or not"
        #expect(throws: ValidationError(field: "baseline", "is not used by a \(name) key result")) {
            try KeyResultDefinition.validated(kind: kind, baseline: 0, steps: steps)
        }
        #expect(throws: ValidationError(field: "target", "is not used by a \(name) key result")) {
            try KeyResultDefinition.validated(kind: kind, target: 1, steps: steps)
        }
    }

    @Test("Only milestones have steps", arguments: [KeyResultKind.increase, .decrease, .stayAbove, .stayBelow, .binary])
    func stepsOnlyForMilestones(kind: KeyResultKind) {
        #expect(throws: ValidationError(field: "steps", "are only for milestone key results, not \(kind.label.lowercased())")) {
            try KeyResultDefinition.validated(kind: kind, baseline: kind.movesFromBaseline ? 0 : nil, target: Self.target(for: kind),
                                              steps: ["Pilot"])
        }
    }

    @Test("A binary key result needs nothing but its kind")
    func binary() throws {
        #expect(try KeyResultDefinition.validated(kind: .binary) == KeyResultDefinition(kind: .binary))
    }

    // MARK: Weight and unit

    @Test("A weight of zero, below zero or not a number is refused on the weight, for every kind",
          arguments: KeyResultKind.allCases)
    func refusesNonPositiveWeight(kind: KeyResultKind) {
        for weight in [Decimal(0), -1, F.dec("-0.01"), .nan] {
            #expect(throws: ValidationError(field: "weight", "must be more than 0"), "\(kind) \(weight)") {
                try KeyResultDefinition.validated(kind: kind, baseline: kind.movesFromBaseline ? 0 : nil,
                                                  target: Self.target(for: kind), steps: kind == .milestone ? ["Pilot"] : [],
                                                  weight: weight)
            }
        }
    }

    @Test("Any positive weight is accepted and kept exactly")
    func acceptsPositiveWeights() async {
        await propertyCheck(input: F.weight) { weight in
            let definition = try F.increase("0", to: "1", weight: weight.description)
            #expect(definition.weight == weight)
        }
    }

    @Test("A unit is optional, trimmed, one line and at most 40 characters")
    func unit() throws {
        #expect(try KeyResultDefinition.validated(kind: .binary, unit: nil).unit == "")
        #expect(try KeyResultDefinition.validated(kind: .binary, unit: "   ").unit == "")
        #expect(try KeyResultDefinition.validated(kind: .binary, unit: String(repeating: "x", count: 40)).unit.count == 40)
        #expect(throws: ValidationError(field: "unit", "must be at most 40 characters")) {
            try KeyResultDefinition.validated(kind: .binary, unit: String(repeating: "x", count: 41))
        }
        #expect(throws: ValidationError(field: "unit", "must be a single line without control characters")) {
            try KeyResultDefinition.validated(kind: .binary, unit: "per\nday")
        }
    }

    // MARK: Kinds and confidences

    @Test("Kinds and confidences encode as their raw names and parse back strictly, naming the field on refusal")
    func enums() throws {
        #expect(KeyResultKind.allCases.map(\.rawValue) == ["increase", "decrease", "stayAbove", "stayBelow", "milestone", "binary"])
        #expect(Confidence.allCases.map(\.rawValue) == ["onTrack", "atRisk", "offTrack"])
        for kind in KeyResultKind.allCases { #expect(try KeyResultKind(validating: " \(kind.rawValue) ") == kind) }
        for confidence in Confidence.allCases { #expect(try Confidence(validating: confidence.rawValue) == confidence) }
        #expect(throws: ValidationError(field: "kind", "is required")) { try KeyResultKind(validating: nil) }
        #expect(throws: ValidationError(field: "kind", "must be one of increase, decrease, stayAbove, stayBelow, milestone, binary")) {
            try KeyResultKind(validating: "Increase")
        }
        #expect(throws: ValidationError(field: "confidence", "is required")) { try Confidence(validating: " ") }
        #expect(throws: ValidationError(field: "confidence", "must be one of onTrack, atRisk, offTrack")) {
            try Confidence(validating: "on track")
        }
        let data = try JSONEncoder().encode(KeyResultKind.stayAbove)
        #expect(String(decoding: data, as: UTF8.self) == #""stayAbove""#)
        #expect(Set(KeyResultKind.allCases.map(\.label)).count == KeyResultKind.allCases.count)
        #expect(Set(Confidence.allCases.map(\.label)).count == Confidence.allCases.count)
    }

    @Test("A validated definition survives a JSON round trip with its decimals exact")
    func codableRoundTrip() throws {
        let definition = try F.increase("0.1", to: "12.345", weight: "0.3")
        let decoded = try JSONDecoder().decode(KeyResultDefinition.self, from: JSONEncoder().encode(definition))
        #expect(decoded == definition)
        #expect(decoded.target == F.dec("12.345"))
    }

    static func target(for kind: KeyResultKind) -> Decimal? {
        switch kind {
        case .increase: 1
        case .decrease: -1
        case .stayAbove, .stayBelow: 0
        case .milestone, .binary: nil
        }
    }
}

import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("OKRs: check-ins")
struct OKRCheckInTests {
    typealias F = OKRFixture

    static func checkIn(_ value: Decimal?, _ confidence: Confidence = .onTrack, narrative: String? = nil,
                        previous: Confidence? = nil, for definition: KeyResultDefinition) throws -> CheckIn {
        try CheckInRules.validate(value: value, confidence: confidence, narrative: narrative, previousConfidence: previous,
                                  for: definition)
    }

    @Test("A check-in on a measured key result keeps its value exactly, its confidence and its trimmed narrative")
    func accepted() throws {
        let kr = try F.increase("100", to: "200")
        let checkIn = try Self.checkIn(F.dec("150.25"), .atRisk, narrative: "  Slower than hoped.\nNew channel next month. ",
                                       previous: .onTrack, for: kr)
        #expect(checkIn == CheckIn(value: F.dec("150.25"), confidence: .atRisk, narrative: "Slower than hoped.\nNew channel next month."))
    }

    @Test("Measured key results take any value, below the baseline and beyond the target included")
    func measuredAnyValue() async throws {
        let kr = try F.decrease("40", to: "20")
        let threshold = try KeyResultDefinition.validated(kind: .stayAbove, target: 95)
        await propertyCheck(input: F.decimal) { value in
            let (measured, held) = (try Self.checkIn(value, for: kr), try Self.checkIn(value, for: threshold))
            #expect(measured.value == value && held.value == value)
        }
    }

    @Test("A value is required, and must be a number", arguments: KeyResultKind.allCases)
    func valueRequired(kind: KeyResultKind) {
        let definition = KeyResultDefinition(kind: kind, baseline: 0, target: 10, steps: ["Pilot"])
        #expect(throws: ValidationError(field: "value", "is required")) { try Self.checkIn(nil, for: definition) }
        #expect(throws: ValidationError(field: "value", "must be a number")) { try Self.checkIn(.nan, for: definition) }
    }

    @Test("A binary key result checks in only 0 (not done) or 1 (done)")
    func binaryValues() throws {
        let kr = try KeyResultDefinition.validated(kind: .binary)
        #expect(try Self.checkIn(0, for: kr).value == 0)
        #expect(try Self.checkIn(F.dec("1.0"), for: kr).value == 1)
        for value in [Decimal(2), -1, F.dec("0.5"), F.dec("0.999")] {
            #expect(throws: ValidationError(field: "value", "must be 0 (not done) or 1 (done)"), "\(value)") {
                try Self.checkIn(value, for: kr)
            }
        }
    }

    @Test("A milestone checks in a whole number of steps reached, from 0 to its step count")
    func milestoneValues() async throws {
        await propertyCheck(input: Gen.int(in: 1...20), Gen.int(in: -5...25)) { count, reached in
            let kr = try F.milestone(steps: count)
            if (0...count).contains(reached) {
                #expect(try Self.checkIn(Decimal(reached), for: kr).value == Decimal(reached))
            } else {
                #expect(throws: ValidationError(field: "value", "must be the number of steps reached, a whole number from 0 to \(count)")) {
                    try Self.checkIn(Decimal(reached), for: kr)
                }
            }
        }
        let kr = try F.milestone(steps: 3)
        #expect(throws: ValidationError.self) { try Self.checkIn(F.dec("1.5"), for: kr) }
    }

    @Test("A narrative is required exactly when the confidence differs from the previous check-in's",
          arguments: [Confidence?.none] + Confidence.allCases.map(Optional.some), Confidence.allCases)
    func narrativeWhenConfidenceChanges(previous: Confidence?, confidence: Confidence) throws {
        let kr = try F.increase("0", to: "10")
        let changed = previous != nil && previous != confidence
        for narrative in [nil, "", "  \n "] {
            if changed {
                #expect(throws: ValidationError(
                    field: "narrative",
                    "is required when the confidence changes (from \(previous!.label.lowercased()) to \(confidence.label.lowercased()))")) {
                    try Self.checkIn(5, confidence, narrative: narrative, previous: previous, for: kr)
                }
            } else {
                #expect(try Self.checkIn(5, confidence, narrative: narrative, previous: previous, for: kr).narrative == "")
            }
        }
        #expect(try Self.checkIn(5, confidence, narrative: "Why it changed", previous: previous, for: kr).narrative == "Why it changed")
    }

    @Test("The first check-in needs no narrative, whatever its confidence")
    func firstCheckIn() throws {
        let kr = try F.increase("0", to: "10")
        for confidence in Confidence.allCases {
            #expect(try Self.checkIn(1, confidence, previous: nil, for: kr).confidence == confidence)
        }
    }

    @Test("A narrative is at most 5000 characters and free of control characters other than line breaks and tabs")
    func narrativeShape() throws {
        let kr = try F.increase("0", to: "10")
        #expect(try Self.checkIn(1, narrative: String(repeating: "x", count: 5000), for: kr).narrative.count == 5000)
        #expect(throws: ValidationError(field: "narrative", "must be at most 5000 characters")) {
            try Self.checkIn(1, narrative: String(repeating: "x", count: 5001), for: kr)
        }
        #expect(throws: ValidationError(field: "narrative", "must not contain control characters")) {
            try Self.checkIn(1, narrative: "bad\u{7}bell", for: kr)
        }
    }

    @Test("A refused value and a missing narrative are reported together, the value first (the first field to fix)")
    func valueAndNarrativeTogether() throws {
        let kr = try KeyResultDefinition.validated(kind: .binary)
        #expect(throws: ValidationErrors([
            ValidationError(field: "value", "must be 0 (not done) or 1 (done)"),
            ValidationError(field: "narrative", "is required when the confidence changes (from on track to off track)"),
        ])) {
            try Self.checkIn(3, .offTrack, previous: .onTrack, for: kr)
        }
    }
}

import PropertyBased
import Testing
@testable import CoventureCore

@Suite("Governance rules: stakes")
struct GovernanceRulesTests {
    /// Random partitions of 100 % (10 000 basis points) into 1…12 positive parts.
    static let partitions = Gen.int(in: 1...9_999).set(ofAtMost: 0...11).map { cuts in
        let bounds = [0] + cuts.sorted() + [10_000]
        return zip(bounds.dropFirst(), bounds).map { $0 - $1 }
    }

    static func stakes(_ points: [Int]) -> [Stake?] { points.map { Stake(basisPoints: $0) } }

    // MARK: Owner-led

    @Test("An owner-led initiative accepts parties without stakes")
    func ownerLedWithoutStakes() throws {
        try GovernanceRules.validateStakes(model: .ownerLed, stakes: [])
        try GovernanceRules.validateStakes(model: .ownerLed, stakes: [nil])
        try GovernanceRules.validateStakes(model: .ownerLed, stakes: [nil, nil, nil])
    }

    @Test("An owner-led initiative refuses any stake, even one that would sum to 100 %")
    func ownerLedRefusesStakes() {
        let refusal = ValidationError(field: "stakes", "an owner-led initiative has no stakes; choose joint venture to set them")
        #expect(throws: refusal) { try GovernanceRules.validateStakes(model: .ownerLed, stakes: [.whole]) }
        #expect(throws: refusal) { try GovernanceRules.validateStakes(model: .ownerLed, stakes: [nil, Stake(basisPoints: 1)]) }
        #expect(throws: refusal) { try GovernanceRules.validateStakes(model: .ownerLed, stakes: Self.stakes([6000, 4000])) }
    }

    @Test("An owner-led initiative refuses a stake on any party, wherever it sits")
    func ownerLedRefusesAnyStake() async {
        await propertyCheck(input: Gen.int(in: 1...12), Gen.int(in: 0...11), Gen.int(in: 1...10_000)) { parties, index, points in
            var stakes = [Stake?](repeating: nil, count: parties)
            stakes[index % parties] = Stake(basisPoints: points)
            #expect(throws: ValidationError.self) { try GovernanceRules.validateStakes(model: .ownerLed, stakes: stakes) }
        }
    }

    // MARK: Joint venture

    @Test("A joint venture accepts stakes that are all set and sum to exactly 100 %")
    func jointVentureAccepts() throws {
        try GovernanceRules.validateStakes(model: .jointVenture, stakes: [.whole])
        try GovernanceRules.validateStakes(model: .jointVenture, stakes: Self.stakes([6000, 4000]))
        try GovernanceRules.validateStakes(model: .jointVenture, stakes: Self.stakes([3333, 3333, 3334]))
        try GovernanceRules.validateStakes(model: .jointVenture, stakes: Self.stakes([1, 9999]))
    }

    @Test("A joint venture refuses a party without a stake")
    func jointVentureNeedsEveryStake() {
        #expect(throws: ValidationError(field: "stakes", "every party of a joint venture needs a stake")) {
            try GovernanceRules.validateStakes(model: .jointVenture, stakes: [nil, .whole])
        }
        #expect(throws: ValidationError(field: "stakes", "every party of a joint venture needs a stake")) {
            try GovernanceRules.validateStakes(model: .jointVenture, stakes: [nil])
        }
    }

    @Test("A joint venture refuses stakes that do not sum to 100 %, saying what they sum to")
    func jointVentureNeedsWhole() {
        #expect(throws: ValidationError(field: "stakes", "stakes must sum to 100 % (they sum to 99.99 %)")) {
            try GovernanceRules.validateStakes(model: .jointVenture, stakes: Self.stakes([5000, 4999]))
        }
        #expect(throws: ValidationError(field: "stakes", "stakes must sum to 100 % (they sum to 110 %)")) {
            try GovernanceRules.validateStakes(model: .jointVenture, stakes: Self.stakes([6000, 5000]))
        }
        #expect(throws: ValidationError(field: "stakes", "stakes must sum to 100 % (they sum to 0 %)")) {
            try GovernanceRules.validateStakes(model: .jointVenture, stakes: [])
        }
    }

    @Test("The field named in a refusal is the one the caller passes")
    func fieldName() {
        #expect(throws: ValidationError(field: "governance", "every party of a joint venture needs a stake")) {
            try GovernanceRules.validateStakes(model: .jointVenture, stakes: [nil], field: "governance")
        }
    }

    @Test("Any split of 100 % into positive stakes is accepted for a joint venture, in any order")
    func partitionsAccepted() async throws {
        await propertyCheck(count: 300, input: Self.partitions) { parts in
            #expect(parts.reduce(0, +) == 10_000)
            try GovernanceRules.validateStakes(model: .jointVenture, stakes: Self.stakes(parts))
            try GovernanceRules.validateStakes(model: .jointVenture, stakes: Self.stakes(parts.reversed()))
        }
    }

    @Test("Moving one stake of a valid split up or down by 0.01 % is refused with field \"stakes\"")
    func perturbedPartitionsRefused() async {
        await propertyCheck(count: 300, input: Self.partitions, Gen.int(in: 0...11), Gen.bool) { parts, index, up in
            var points = parts
            points[index % points.count] += up ? 1 : -1
            do {
                try GovernanceRules.validateStakes(model: .jointVenture, stakes: Self.stakes(points))
                Issue.record("accepted \(points), which sum to \(points.reduce(0, +))")
            } catch let error as ValidationError {
                #expect(error.field == "stakes")
                // A stake of 0.01 % moved down to nothing is refused for being empty, before the sum is looked at.
                let expected = points.contains { $0 <= 0 } ? "every stake must be more than 0 %" : "stakes must sum to 100 %"
                #expect(error.message.hasPrefix(expected), "\(points): \(error.message)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test("Leaving any one party of a valid split without a stake is refused")
    func missingStakeRefused() async {
        await propertyCheck(input: Self.partitions, Gen.int(in: 0...11)) { parts, index in
            var stakes = Self.stakes(parts)
            stakes[index % stakes.count] = nil
            #expect(throws: ValidationError(field: "stakes", "every party of a joint venture needs a stake")) {
                try GovernanceRules.validateStakes(model: .jointVenture, stakes: stakes)
            }
        }
    }

    @Test("A joint venture refuses a zero or negative stake even when the stakes sum to 100 %")
    func nonPositiveStakesRefused() {
        // The rule's own documentation: "A joint venture needs a positive stake for every active party".
        #expect(throws: ValidationError.self) {
            try GovernanceRules.validateStakes(model: .jointVenture, stakes: Self.stakes([0, 10_000]))
        }
        #expect(throws: ValidationError.self) {
            try GovernanceRules.validateStakes(model: .jointVenture, stakes: Self.stakes([-500, 10_500]))
        }
    }
}

import Foundation
import PropertyBased
import Testing

@testable import CoventureCore

/// A released tranche split between the funding parties (issue #14): no lost cent, nobody pays beyond its pledge, and
/// the pledges are met exactly by the last tranche.
@Suite("Investments: splitting a tranche between the parties")
struct TrancheSplitTests {
    static let a = UUID(uuidString: "00000000-0000-4000-8000-00000000000a")!
    static let b = UUID(uuidString: "00000000-0000-4000-8000-00000000000b")!
    static let c = UUID(uuidString: "00000000-0000-4000-8000-00000000000c")!

    @Test("An odd amount over three equal pledges: 100 001 cents split 33 334 / 33 334 / 33 333 — the first two get the leftover cents")
    func oddThreeWay() throws {
        let shares = try TrancheSplit.split(100_001, among: [
            .init(id: Self.a, remaining: 50_000), .init(id: Self.b, remaining: 50_000), .init(id: Self.c, remaining: 50_000),
        ])
        #expect(shares.map(\.amount) == [33_334, 33_334, 33_333])
        #expect(shares.map(\.amount).reduce(0, +) == 100_001)
    }

    @Test("The leftover cent goes to the largest fraction first, not to the first party")
    func largestFraction() throws {
        // 10 cents over pledges 1 : 2 : 4 (of 7): exact 1.43, 2.86, 5.71 → floors 1, 2, 5 (8); fractions .43, .86, .71 → b, then c.
        let shares = try TrancheSplit.split(10, among: [
            .init(id: Self.a, remaining: 100), .init(id: Self.b, remaining: 200), .init(id: Self.c, remaining: 400),
        ])
        #expect(shares.map(\.amount) == [1, 3, 6])
    }

    @Test("Each tranche is split over what each party still owes, so the last tranche meets every pledge exactly")
    func pledgesMetExactly() throws {
        // Ask 1 000.01 EUR pledged 333.34 / 333.34 / 333.33, released in three tranches of 333.33, 333.34, 333.34.
        var remaining: [UUID: Int64] = [Self.a: 33_334, Self.b: 33_334, Self.c: 33_333]
        var paid: [UUID: Int64] = [:]
        for tranche: Int64 in [33_333, 33_334, 33_334] {
            let shares = try TrancheSplit.split(tranche, among: [Self.a, Self.b, Self.c].map { .init(id: $0, remaining: remaining[$0]!) })
            #expect(shares.map(\.amount).reduce(0, +) == tranche)
            for share in shares {
                remaining[share.id]! -= share.amount
                paid[share.id, default: 0] += share.amount
            }
        }
        #expect(paid == [Self.a: 33_334, Self.b: 33_334, Self.c: 33_333])
    }

    @Test("Equal one-cent tranches over three one-cent pledges go to three different parties, never twice to one")
    func neverBeyondThePledge() throws {
        var remaining: [UUID: Int64] = [Self.a: 1, Self.b: 1, Self.c: 1]
        for _ in 0..<3 {
            let shares = try TrancheSplit.split(1, among: [Self.a, Self.b, Self.c].map { .init(id: $0, remaining: remaining[$0]!) })
            for share in shares { remaining[share.id]! -= share.amount }
        }
        #expect(remaining.values.allSatisfy { $0 == 0 })
    }

    @Test("A tranche larger than what is still owed, or not positive, is refused")
    func outOfRange() {
        #expect(throws: TrancheSplit.Failure.amountOutOfRange) { try TrancheSplit.split(3, among: [.init(id: Self.a, remaining: 2)]) }
        #expect(throws: TrancheSplit.Failure.amountOutOfRange) { try TrancheSplit.split(0, among: [.init(id: Self.a, remaining: 2)]) }
    }

    @Test("Amounts near the cap do not overflow: 10¹⁵ split 1 : 2")
    func noOverflow() throws {
        let shares = try TrancheSplit.split(Money.maximumAmount, among: [
            .init(id: Self.a, remaining: Money.maximumAmount / 3), .init(id: Self.b, remaining: Money.maximumAmount - Money.maximumAmount / 3),
        ])
        #expect(shares.map(\.amount).reduce(0, +) == Money.maximumAmount)
    }

    @Test("Laws: any tranche sequence sums exactly per tranche, never exceeds a pledge, and meets every pledge at the end")
    func laws() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix(seed: UInt64(seed))
            let parties = (0..<Int.random(in: 1...5, using: &rng)).map { _ in UUID() }
            var remaining = Dictionary(uniqueKeysWithValues: parties.map { ($0, Int64.random(in: 0...1_000_001, using: &rng)) })
            let pledges = remaining
            var left = remaining.values.reduce(0, +)
            guard left > 0 else { return }
            while left > 0 {
                let tranche = Int.random(in: 0..<3, using: &rng) == 0 ? left : Int64.random(in: 1...left, using: &rng)
                let shares = try TrancheSplit.split(tranche, among: parties.map { .init(id: $0, remaining: remaining[$0]!) })
                #expect(shares.map(\.amount).reduce(0, +) == tranche)
                for share in shares {
                    #expect(share.amount >= 0 && share.amount <= remaining[share.id]!)
                    remaining[share.id]! -= share.amount
                }
                left -= tranche
            }
            #expect(remaining.values.allSatisfy { $0 == 0 }, "pledges \(pledges)")
        }
    }
}

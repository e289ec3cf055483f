import Foundation
import PropertyBased
@testable import CoventureCore

/// Small factories and random inputs for the OKR tests.
enum OKRFixture {
    /// A decimal written as text, so that "12.5" is exactly 12.5 (a `Double` literal would go through binary floating point).
    static func dec(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

    static func increase(_ baseline: String, to target: String, weight: String = "1") throws -> KeyResultDefinition {
        try .validated(kind: .increase, baseline: dec(baseline), target: dec(target), weight: dec(weight))
    }

    static func decrease(_ baseline: String, to target: String, weight: String = "1") throws -> KeyResultDefinition {
        try .validated(kind: .decrease, baseline: dec(baseline), target: dec(target), weight: dec(weight))
    }

    static func milestone(steps count: Int) throws -> KeyResultDefinition {
        try .validated(kind: .milestone, steps: (1...count).map { "Step \($0)" })
    }

    /// Whether two roll-ups agree to within rounding of the weighted mean (both `nil`, or both numbers within 1e-12).
    static func close(_ a: Double?, _ b: Double?, tolerance: Double = 1e-12) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (a?, b?): abs(a - b) <= tolerance
        default: false
        }
    }

    /// A stable id for node `index` of a test graph.
    static func node(_ index: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", index))!
    }

    // MARK: Random inputs

    /// Decimals with two decimals, from −10 000 to 10 000: the figures people type.
    static let decimal = Gen.int(in: -1_000_000...1_000_000).map { Decimal($0) / 100 }

    /// Positive weights with up to two decimals, from 0.01 to 100.
    static let weight = Gen.int(in: 1...10_000).map { Decimal($0) / 100 }

    /// True progress figures: anything from −300 % to 300 %, or no data.
    static let trueProgress = Gen.int(in: -300...300).map { Double($0) / 100 }.optional(valueRate: 0.8)

    /// Roll-up items: a true figure (or none) and a positive weight.
    static let weightedItems = zip(trueProgress, weight).map { WeightedProgress(progress: $0, weight: $1) }.array(of: 0...8)

    static let childItems = zip(trueProgress, weight, Gen<AlignmentKind>.case).map {
        ChildProgress(progress: $0, weight: $1, kind: $2)
    }.array(of: 0...6)

    /// A random DAG on `count` nodes as (child, parent) index pairs with child < parent: nodes are numbered in an order
    /// where every link points "up", so no cycle is possible. Pairs are drawn as codes `0..<144` and folded into range.
    static func dag(count: Int, codes: [Int]) -> [(child: Int, parent: Int)] {
        var seen: Set<[Int]> = []
        var links: [(child: Int, parent: Int)] = []
        for code in codes {
            let a = (code / 12) % count, b = (code % 12) % count
            guard a != b, seen.insert([min(a, b), max(a, b)]).inserted else { continue }
            links.append((min(a, b), max(a, b)))
        }
        return links
    }

    /// `reach[a][b]`: `a` aligns to `b` directly or through others (Warshall's transitive closure, the naive way).
    static func reachability(count: Int, links: [(child: Int, parent: Int)]) -> [[Bool]] {
        var reach = Array(repeating: Array(repeating: false, count: count), count: count)
        for link in links { reach[link.child][link.parent] = true }
        for k in 0..<count {
            for i in 0..<count where reach[i][k] {
                for j in 0..<count where reach[k][j] { reach[i][j] = true }
            }
        }
        return reach
    }

    static func edges(_ links: [(child: Int, parent: Int)]) -> [(child: UUID, parent: UUID)] {
        links.map { (node($0.child), node($0.parent)) }
    }
}

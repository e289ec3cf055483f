import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("OKRs: objective roll-up")
struct OKRRollUpTests {
    typealias F = OKRFixture

    // MARK: Worked examples

    @Test("Mixed increase and decrease key results with weights roll up to the hand-computed weighted mean")
    func mixedKeyResults() throws {
        let revenue = try F.increase("100", to: "200", weight: "2")   // at 150: 50 %
        let churn = try F.decrease("40", to: "20", weight: "1")       // at 25: 75 %
        let pilots = try F.increase("0", to: "10", weight: "1")       // at 15: 150 %, counts as 100 %
        let latency = try KeyResultDefinition.validated(kind: .stayBelow, unit: "ms", target: 5, weight: F.dec("0.5")) // at 6: 0
        let nps = try F.increase("10", to: "30", weight: "3")         // no check-in: left out, weight included
        let keyResults = [
            (revenue, Decimal(150)), (churn, 25), (pilots, 15), (latency, 6),
        ].map { WeightedProgress(progress: OKRProgress.keyResult($0.0, current: $0.1), weight: $0.0.weight) }
            + [WeightedProgress(progress: OKRProgress.keyResult(nps, current: nil), weight: nps.weight)]

        // (2 × 0.5 + 1 × 0.75 + 1 × 1 + 0.5 × 0) / (2 + 1 + 1 + 0.5) = 2.75 / 4.5 = 11/18
        let progress = try #require(OKRProgress.objective(keyResults: keyResults))
        #expect(abs(progress - 11.0 / 18) < 1e-12)
        #expect(OKRProgress.percent(progress) == "61 %")
    }

    @Test("A negative true figure counts as 0 in the roll-up, not as negative work")
    func setbackCountsAsZero() {
        let items = [WeightedProgress(progress: -0.5, weight: 1), WeightedProgress(progress: 0.5, weight: 1)]
        #expect(OKRProgress.objective(keyResults: items) == 0.25)
    }

    @Test("Contributing children count with their link's weight beside the key results")
    func contributingChildren() {
        let progress = OKRProgress.objective(
            keyResults: [WeightedProgress(progress: 0.5, weight: 1)],
            children: [ChildProgress(progress: 1, weight: 3, kind: .contributing)])
        #expect(progress == 0.875) // (1 × 0.5 + 3 × 1) / 4
    }

    @Test("Supporting children are never counted, whatever their progress and weight")
    func supportingIgnored() async {
        let keyResults = [WeightedProgress(progress: 0.5, weight: 1)]
        let contributing = ChildProgress(progress: 1, weight: 3, kind: .contributing)
        #expect(OKRProgress.objective(keyResults: keyResults, children: [contributing, ChildProgress(progress: 0, weight: 10, kind: .supporting)])
            == 0.875)
        await propertyCheck(input: F.weightedItems, F.childItems, F.childItems) { krs, children, extra in
            let supporting = extra.map { ChildProgress(progress: $0.progress, weight: $0.weight, kind: .supporting) }
            #expect(OKRProgress.objective(keyResults: krs, children: children + supporting)
                == OKRProgress.objective(keyResults: krs, children: children))
        }
    }

    @Test("Key results and children without progress are left out of the mean, weights included")
    func nilLeftOut() {
        let progress = OKRProgress.objective(
            keyResults: [WeightedProgress(progress: 0.8, weight: 1), WeightedProgress(progress: nil, weight: 100)],
            children: [ChildProgress(progress: nil, weight: 50)])
        #expect(progress == 0.8)
    }

    @Test("An objective with nothing to count has no data, not 0 %")
    func nothingToCount() {
        #expect(OKRProgress.objective(keyResults: []) == nil)
        #expect(OKRProgress.objective(keyResults: [WeightedProgress(progress: nil)]) == nil)
        #expect(OKRProgress.objective(keyResults: [], children: [ChildProgress(progress: 1, kind: .supporting)]) == nil)
        #expect(OKRProgress.objective(keyResults: [], children: [ChildProgress(progress: nil, kind: .contributing)]) == nil)
        #expect(OKRProgress.percent(OKRProgress.objective(keyResults: [])) == "no data")
        // Whereas a key result checked in at its baseline is real data: 0 %.
        #expect(OKRProgress.objective(keyResults: [WeightedProgress(progress: 0)]) == 0)
    }

    @Test("Items with a weight that is not positive carry no share")
    func nonPositiveWeights() {
        #expect(OKRProgress.objective(keyResults: [WeightedProgress(progress: 1, weight: 0)]) == nil)
        #expect(OKRProgress.objective(keyResults: [WeightedProgress(progress: 1, weight: -1), WeightedProgress(progress: 0.5)]) == 0.5)
        #expect(OKRProgress.objective(keyResults: [WeightedProgress(progress: 1, weight: .nan), WeightedProgress(progress: 0.25)]) == 0.25)
    }

    // MARK: Properties

    @Test("An objective's progress lies within 0…1 whenever anything counts, and is no data exactly when nothing does")
    func withinRange() async {
        await propertyCheck(input: F.weightedItems, F.childItems) { krs, children in
            let counts = krs.contains { $0.progress != nil }
                || children.contains { $0.kind == .contributing && $0.progress != nil }
            let progress = OKRProgress.objective(keyResults: krs, children: children)
            #expect((progress != nil) == counts)
            if let progress { #expect((0...1).contains(progress)) }
        }
    }

    @Test("The roll-up lies between the smallest and the largest clamped figure it counts")
    func betweenExtremes() async {
        await propertyCheck(input: F.weightedItems) { krs in
            let counted = krs.compactMap { OKRProgress.clamped($0.progress) }
            guard let low = counted.min(), let high = counted.max() else { return }
            let progress = OKRProgress.objective(keyResults: krs)!
            #expect(progress >= low - 1e-12 && progress <= high + 1e-12)
        }
    }

    @Test("Multiplying every weight by the same positive factor leaves the roll-up unchanged")
    func scaleInvariant() async {
        await propertyCheck(input: F.weightedItems, F.childItems, Gen.int(in: 1...100_000)) { krs, children, hundredths in
            let k = Decimal(hundredths) / 100
            let scaledKRs = krs.map { WeightedProgress(progress: $0.progress, weight: $0.weight * k) }
            let scaledChildren = children.map { ChildProgress(progress: $0.progress, weight: $0.weight * k, kind: $0.kind) }
            let before = OKRProgress.objective(keyResults: krs, children: children)
            let after = OKRProgress.objective(keyResults: scaledKRs, children: scaledChildren)
            #expect(F.close(before, after), "k = \(k): \(String(describing: before)) vs \(String(describing: after))")
        }
    }

    @Test("Equal weights give the plain mean of the clamped figures, whatever their order")
    func equalWeightsPlainMean() async {
        await propertyCheck(input: F.trueProgress.array(of: 1...8), Gen.int(in: 1...1000)) { figures, weight in
            let items = figures.map { WeightedProgress(progress: $0, weight: Decimal(weight)) }
            let counted = figures.compactMap { OKRProgress.clamped($0) }
            let expected = counted.isEmpty ? nil : counted.reduce(0, +) / Double(counted.count)
            #expect(F.close(OKRProgress.objective(keyResults: items), expected))
            #expect(F.close(OKRProgress.objective(keyResults: items.reversed()), expected))
        }
    }

    @Test("A contributing child counts exactly like a key result with the same figure and weight")
    func childLikeKeyResult() async {
        await propertyCheck(input: F.weightedItems, F.trueProgress, F.weight) { krs, figure, weight in
            let asChild = OKRProgress.objective(keyResults: krs, children: [ChildProgress(progress: figure, weight: weight)])
            let asKR = OKRProgress.objective(keyResults: krs + [WeightedProgress(progress: figure, weight: weight)])
            #expect(asChild == asKR)
        }
    }

    // MARK: Whole graphs

    @Test("Rolling up a chain: a team objective contributes to the initiative's, which contributes to a party's organization objective")
    func chain() {
        let (team, initiative, organization, side) = (F.node(1), F.node(2), F.node(3), F.node(4))
        let result = OKRProgress.rollUp(
            keyResults: [
                team: [WeightedProgress(progress: 1)],
                initiative: [WeightedProgress(progress: 0.2)],
                organization: [],
                side: [WeightedProgress(progress: 0.9)],
            ],
            links: [
                AlignmentLink(child: team, parent: initiative, weight: 3),      // (0.2 + 3 × 1) / 4 = 0.8
                AlignmentLink(child: initiative, parent: organization),         // 0.8
                AlignmentLink(child: side, parent: organization, kind: .supporting, weight: 100),
            ])
        #expect(result[team] == 1)
        #expect(result[initiative] == 0.8)
        #expect(result[organization] == 0.8)
        #expect(result[side] == 0.9)
        #expect(result[F.node(99)] == nil)
    }

    @Test("An objective whose children and key results have no data is missing from the roll-up (no data)")
    func graphNoData() {
        let result = OKRProgress.rollUp(
            keyResults: [F.node(1): [WeightedProgress(progress: nil)]],
            links: [AlignmentLink(child: F.node(1), parent: F.node(2)), AlignmentLink(child: F.node(3), parent: F.node(2), kind: .supporting)])
        #expect(result.isEmpty)
    }

    @Test("On any random alignment DAG, each objective's roll-up is its own key results plus its children's roll-ups")
    func graphMatchesLocalRule() async {
        let kinds = Gen<AlignmentKind>.case.array(of: 40)
        await propertyCheck(count: 60, input: Gen.int(in: 1...12), Gen.int(in: 0...143).array(of: 0...30),
                            F.weightedItems.array(of: 12), kinds) { count, codes, krs, linkKinds in
            let links = F.dag(count: count, codes: codes).enumerated().map { index, pair in
                AlignmentLink(child: F.node(pair.child), parent: F.node(pair.parent), kind: linkKinds[index],
                              weight: Decimal(index % 5 + 1))
            }
            var keyResults: [UUID: [WeightedProgress]] = [:]
            for index in 0..<count { keyResults[F.node(index)] = krs[index] }
            let result = OKRProgress.rollUp(keyResults: keyResults, links: links)
            for index in 0..<count {
                let id = F.node(index)
                let children = links.filter { $0.parent == id }.map { ChildProgress(progress: result[$0.child], weight: $0.weight, kind: $0.kind) }
                #expect(result[id] == OKRProgress.objective(keyResults: krs[index], children: children), "node \(index)")
            }
        }
    }

    @Test("A cycle in stored links, which validation should have refused, ends the walk instead of looping")
    func storedCycleTerminates() {
        let (a, b) = (F.node(1), F.node(2))
        let result = OKRProgress.rollUp(
            keyResults: [a: [WeightedProgress(progress: 1)], b: [WeightedProgress(progress: 0)]],
            links: [AlignmentLink(child: a, parent: b), AlignmentLink(child: b, parent: a)])
        #expect(result.count == 2)
        #expect(result.values.allSatisfy { (0...1).contains($0) })
    }
}

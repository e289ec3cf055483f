import Foundation

/// One key result's progress and weight, as it enters an objective's roll-up.
public struct WeightedProgress: Sendable, Equatable {
    /// The true figure (may be below 0 or above 1), or `nil` when there is no check-in yet.
    public var progress: Double?
    public var weight: Decimal

    public init(progress: Double?, weight: Decimal = 1) {
        self.progress = progress
        self.weight = weight
    }
}

/// One child objective's progress, as it enters its parent's roll-up through an alignment link.
public struct ChildProgress: Sendable, Equatable {
    /// The child's own roll-up, or `nil` when it has no data.
    public var progress: Double?
    public var weight: Decimal
    public var kind: AlignmentKind

    public init(progress: Double?, weight: Decimal = 1, kind: AlignmentKind = .contributing) {
        self.progress = progress
        self.weight = weight
        self.kind = kind
    }
}

/// Progress of key results and objectives (DESIGN §1).
///
/// Named `OKRProgress`, not `Progress`, so as not to collide with Foundation's `Progress` in files importing both.
///
/// Progress is a fraction: 1 means done. A key result's *true* figure is kept and shown, including −25 % (it went the
/// wrong way) and 150 % (it overshot), because hiding either would hide news. For the roll-up each key result is clamped
/// to 0…1, so that an overshoot cannot mask another key result's shortfall and a setback cannot count as negative work.
/// "No data" is `nil`, never 0: a key result nobody has checked in on has not failed.
public enum OKRProgress {
    /// A key result's true progress at `current`, or `nil` when there is no value yet.
    ///
    /// - `increase` / `decrease`: (current − baseline) / (target − baseline). The same formula serves both directions:
    ///   for a decrease the denominator is negative, so going down is progress and going up is a setback. Computed in
    ///   `Decimal`, converted once at the end.
    /// - `stayAbove`: 1 while current ≥ target, else 0. `stayBelow`: 1 while current ≤ target, else 0. The boundary
    ///   holds: "stay above 95" is kept at exactly 95, as people read "at least 95".
    /// - `milestone`: steps reached / steps. `binary`: 0 or 1.
    ///
    /// A definition that validation would refuse (e.g. baseline equal to target) has no progress (`nil`), so stored data
    /// that slipped past validation shows "no data" instead of crashing or dividing by zero.
    public static func keyResult(_ definition: KeyResultDefinition, current: Decimal?) -> Double? {
        guard let current, !current.isNaN else { return nil }
        switch definition.kind {
        case .increase, .decrease:
            guard let baseline = definition.baseline, let target = definition.target, !baseline.isNaN, !target.isNaN,
                target != baseline
            else { return nil }
            return double((current - baseline) / (target - baseline))
        case .stayAbove:
            guard let threshold = definition.target, !threshold.isNaN else { return nil }
            return current >= threshold ? 1 : 0
        case .stayBelow:
            guard let threshold = definition.target, !threshold.isNaN else { return nil }
            return current <= threshold ? 1 : 0
        case .milestone:
            guard !definition.steps.isEmpty else { return nil }
            return double(current / Decimal(definition.steps.count))
        case .binary:
            return current >= 1 ? 1 : 0
        }
    }

    /// The figure that enters a roll-up: clamped to 0…1. `nil` (and NaN) stay "no data".
    public static func clamped(_ progress: Double?) -> Double? {
        guard let progress, !progress.isNaN else { return nil }
        return min(max(progress, 0), 1)
    }

    /// An objective's progress: the weighted mean of its key results and of its **contributing** child objectives, each
    /// clamped to 0…1, with the weights normalized over what is counted.
    ///
    /// - Supporting children are shown, never counted.
    /// - Key results and children without progress (`nil`: no check-in yet, or a child with no data) are left out of the
    ///   mean, weights included: they have nothing to count, and counting them as 0 would report a failure that has
    ///   not happened.
    /// - Items whose weight is not positive are left out too (validation refuses such weights; they carry no share).
    /// - With nothing left to count the objective has no data (`nil`), not 0 %.
    ///
    /// The result is always within 0…1.
    public static func objective(keyResults: [WeightedProgress], children: [ChildProgress] = []) -> Double? {
        let counted = keyResults.map { ($0.progress, $0.weight) }
            + children.filter { $0.kind == .contributing }.map { ($0.progress, $0.weight) }
        var weighted = 0.0
        var total = 0.0
        for (progress, weight) in counted {
            guard let share = clamped(progress), weight > 0, let w = double(weight) else { continue }
            weighted += w * share
            total += w
        }
        guard total > 0 else { return nil }
        return min(max(weighted / total, 0), 1)
    }

    /// The progress of every objective in a graph, rolling up from the leaves.
    ///
    /// `keyResults` holds each objective's key results; `links` the alignments between objectives. The answer holds
    /// every objective that has data; an objective missing from it has no data. Links are expected to be acyclic
    /// (`AlignmentGraph.validateLink` refuses cycles); should stored data contain one anyway, the walk cuts it where it
    /// meets it (the child closing the cycle counts as having no data) instead of looping forever.
    public static func rollUp(keyResults: [UUID: [WeightedProgress]], links: [AlignmentLink]) -> [UUID: Double] {
        var childrenOf: [UUID: [AlignmentLink]] = [:]
        for link in links { childrenOf[link.parent, default: []].append(link) }
        let objectives = Set(keyResults.keys).union(links.map(\.child)).union(links.map(\.parent))

        var done: [UUID: Double?] = [:]
        var inProgress: Set<UUID> = []
        func progress(of id: UUID) -> Double? {
            if let known = done[id] { return known }
            guard inProgress.insert(id).inserted else { return nil }
            let children = (childrenOf[id] ?? []).map { link in
                ChildProgress(progress: link.kind == .contributing ? progress(of: link.child) : nil, weight: link.weight,
                              kind: link.kind)
            }
            let result = objective(keyResults: keyResults[id] ?? [], children: children)
            inProgress.remove(id)
            done[id] = .some(result)
            return result
        }
        var answer: [UUID: Double] = [:]
        for id in objectives { answer[id] = progress(of: id) }
        return answer
    }

    /// Progress as people read it: a whole percent with a blank before the sign ("50 %", "150 %", "−25 %" with a true
    /// minus sign), or "no data".
    ///
    /// Rounded to the nearest whole percent, except that anything short of done never shows as "100 %" (99.6 % shows
    /// "99 %"): "100 %" must mean done. A figure that rounds to zero shows "0 %", never "−0 %".
    public static func percent(_ progress: Double?) -> String {
        guard let progress, !progress.isNaN else { return "no data" }
        guard progress.isFinite else { return progress > 0 ? "∞ %" : "\u{2212}∞ %" }
        var whole = (progress * 100).rounded()
        if progress < 1, whole >= 100 { whole = 99 }
        if whole == 0 { return "0 %" }
        return (whole < 0 ? "\u{2212}" : "") + String(format: "%.0f", abs(whole)) + " %"
    }

    /// `Decimal` to `Double`, correctly rounded. Goes through the decimal text because `NSDecimalNumber.doubleValue` is
    /// off by an ulp on some platforms (1/3 gave 0.33333333333333337), which would make equal figures compare unequal.
    static func double(_ value: Decimal) -> Double? {
        guard !value.isNaN, let result = Double(value.description), result.isFinite else { return nil }
        return result
    }
}

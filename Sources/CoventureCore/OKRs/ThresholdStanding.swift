import Foundation

/// Where a threshold key result (`stayAbove` / `stayBelow`) stands against its threshold.
///
/// Its progress is all or nothing (0 % at 97.9 when it must stay above 98), which alone hides how close it is; the
/// distance says it: "0.1 below the threshold".
public struct ThresholdStanding: Sendable, Equatable {
    /// Whether the value keeps the threshold (the boundary keeps it, as `OKRProgress.keyResult` counts it).
    public var holds: Bool
    /// How far the value is from the threshold, never negative.
    public var distance: Double
    /// Whether the value is above the threshold (false: at or below it).
    public var isAbove: Bool

    public init(holds: Bool, distance: Double, isAbove: Bool) {
        self.holds = holds
        self.distance = distance
        self.isAbove = isAbove
    }

    /// `nil` for kinds without a threshold, and for values that are not finite numbers.
    public static func of(kind: KeyResultKind, threshold: Double?, current: Double?) -> ThresholdStanding? {
        guard kind.isThreshold, let threshold, let current, threshold.isFinite, current.isFinite else { return nil }
        let holds = kind == .stayAbove ? current >= threshold : current <= threshold
        return ThresholdStanding(holds: holds, distance: abs(current - threshold), isAbove: current > threshold)
    }
}

import Foundation

/// What an initiative's OKRs are missing, so that gaps in the line of sight are visible before they matter:
/// objectives that align to no party's own objective, key results nobody has checked in on for a while, key results
/// without an owner, and objectives with no key result.
public struct AlignmentReport: Sendable, Equatable {
    public struct Objective: Sendable, Equatable {
        public var id: UUID
        public var title: String
        /// Aligned (contributing or supporting) to at least one organization objective of a party.
        public var alignsToAPartyObjective: Bool
        public var keyResultCount: Int

        public init(id: UUID, title: String, alignsToAPartyObjective: Bool, keyResultCount: Int) {
            self.id = id
            self.title = title
            self.alignsToAPartyObjective = alignsToAPartyObjective
            self.keyResultCount = keyResultCount
        }
    }

    public struct KeyResult: Sendable, Equatable {
        public var id: UUID
        public var title: String
        public var ownerID: UUID?
        public var createdAt: Date
        public var lastCheckInAt: Date?

        public init(id: UUID, title: String, ownerID: UUID?, createdAt: Date, lastCheckInAt: Date?) {
            self.id = id
            self.title = title
            self.ownerID = ownerID
            self.createdAt = createdAt
            self.lastCheckInAt = lastCheckInAt
        }
    }

    public var unaligned: [Objective]
    public var withoutKeyResults: [Objective]
    /// No check-in for `staleAfterDays`: counted from the last check-in, or from creation when there has been none
    /// (a key result created yesterday is not stale yet).
    public var stale: [KeyResult]
    public var withoutOwner: [KeyResult]
    public var staleAfterDays: Int

    public var isClean: Bool { unaligned.isEmpty && withoutKeyResults.isEmpty && stale.isEmpty && withoutOwner.isEmpty }
    public var problemCount: Int { unaligned.count + withoutKeyResults.count + stale.count + withoutOwner.count }

    /// What the report can say about an initiative as a whole.
    public enum Verdict: Sendable, Equatable {
        /// No objective yet: nothing to check, which is not the same as everything being aligned.
        case nothingToCheck
        /// Objectives exist and none of them, nor their key results, falls short.
        case clean
        /// How many shortfalls the report lists.
        case gaps(Int)
    }

    /// The report's verdict for an initiative with `objectiveCount` objectives (key results live under objectives, so
    /// without an objective there is nothing to check).
    public static func verdict(objectiveCount: Int, problemCount: Int) -> Verdict {
        if problemCount > 0 { return .gaps(problemCount) }
        return objectiveCount > 0 ? .clean : .nothingToCheck
    }

    public var verdict: Verdict { Self.verdict(objectiveCount: objectiveCount, problemCount: problemCount) }

    /// How many objectives the report checked.
    public var objectiveCount = 0

    public static let defaultStaleAfterDays = 14
    public static let allowedStaleDays = 1...365

    public static func build(objectives: [Objective], keyResults: [KeyResult], now: Date, staleAfterDays: Int) -> AlignmentReport {
        let cutoff = now.addingTimeInterval(-Double(staleAfterDays) * 86_400)
        return AlignmentReport(
            unaligned: objectives.filter { !$0.alignsToAPartyObjective },
            withoutKeyResults: objectives.filter { $0.keyResultCount == 0 },
            stale: keyResults.filter { ($0.lastCheckInAt ?? $0.createdAt) <= cutoff },
            withoutOwner: keyResults.filter { $0.ownerID == nil },
            staleAfterDays: staleAfterDays, objectiveCount: objectives.count)
    }

    /// The per-initiative setting, checked where it is entered.
    public static func validateStaleDays(_ days: Int, field: String = "checkInStaleDays") throws -> Int {
        guard allowedStaleDays.contains(days) else {
            throw ValidationError(field: field, "must be a whole number of days from 1 to 365")
        }
        return days
    }
}

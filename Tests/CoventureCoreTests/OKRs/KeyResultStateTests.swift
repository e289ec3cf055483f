import Foundation
import Testing

@testable import CoventureCore

@Suite("OKRs: states a key result shows (stale, threshold distance, report verdict)")
struct KeyResultStateTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    static func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    // MARK: Staleness

    @Test("No check-in yet is neither a number of days nor stale")
    func neverCheckedIn() {
        #expect(KeyResultStaleness.daysSinceCheckIn(last: nil, now: Self.now) == nil)
        #expect(!KeyResultStaleness.isStale(last: nil, now: Self.now))
    }

    @Test("Days since the last check-in are whole days, rounded down")
    func wholeDays() {
        #expect(KeyResultStaleness.daysSinceCheckIn(last: Self.daysAgo(0.5), now: Self.now) == 0)
        #expect(KeyResultStaleness.daysSinceCheckIn(last: Self.daysAgo(13.9), now: Self.now) == 13)
        #expect(KeyResultStaleness.daysSinceCheckIn(last: Self.daysAgo(20), now: Self.now) == 20)
    }

    @Test("A check-in stamped after now (clock skew) counts as today")
    func future() {
        #expect(KeyResultStaleness.daysSinceCheckIn(last: Self.now.addingTimeInterval(3_600), now: Self.now) == 0)
    }

    @Test("A key result is stale from 14 days without a check-in, not before")
    func staleBoundary() {
        #expect(KeyResultStaleness.days == 14)
        #expect(!KeyResultStaleness.isStale(last: Self.daysAgo(13.99), now: Self.now))
        #expect(KeyResultStaleness.isStale(last: Self.daysAgo(14), now: Self.now))
        #expect(KeyResultStaleness.isStale(last: Self.daysAgo(400), now: Self.now))
    }

    // MARK: Threshold standing

    @Test("Stay above 98 at 97.9 is broken by 0.1, below the threshold")
    func stayAboveJustShort() throws {
        let standing = try #require(ThresholdStanding.of(kind: .stayAbove, threshold: 98, current: 97.9))
        #expect(!standing.holds)
        #expect(!standing.isAbove)
        #expect(abs(standing.distance - 0.1) < 1e-9)
    }

    @Test("The threshold itself keeps a stay-above and a stay-below, at distance 0")
    func boundaryHolds() throws {
        let above = try #require(ThresholdStanding.of(kind: .stayAbove, threshold: 98, current: 98))
        let below = try #require(ThresholdStanding.of(kind: .stayBelow, threshold: 2.5, current: 2.5))
        #expect(above.holds && below.holds)
        #expect(above.distance == 0 && below.distance == 0)
    }

    @Test("Stay below 2.5 at 3 is broken by 0.5, above the threshold; at 1.5 it holds by 1")
    func stayBelow() throws {
        let broken = try #require(ThresholdStanding.of(kind: .stayBelow, threshold: 2.5, current: 3))
        #expect(!broken.holds && broken.isAbove && broken.distance == 0.5)
        let kept = try #require(ThresholdStanding.of(kind: .stayBelow, threshold: 2.5, current: 1.5))
        #expect(kept.holds && !kept.isAbove && kept.distance == 1)
    }

    @Test("Kinds without a threshold, and missing or non-finite values, have no standing",
          arguments: [KeyResultKind.increase, .decrease, .milestone, .binary])
    func noStanding(kind: KeyResultKind) {
        #expect(ThresholdStanding.of(kind: kind, threshold: 10, current: 5) == nil)
        #expect(ThresholdStanding.of(kind: .stayAbove, threshold: nil, current: 5) == nil)
        #expect(ThresholdStanding.of(kind: .stayAbove, threshold: 10, current: nil) == nil)
        #expect(ThresholdStanding.of(kind: .stayAbove, threshold: 10, current: .nan) == nil)
    }

    // MARK: The alignment report's verdict

    @Test("With no objective the report has nothing to check; it does not call that aligned")
    func nothingToCheck() {
        #expect(AlignmentReport.verdict(objectiveCount: 0, problemCount: 0) == .nothingToCheck)
        let built = AlignmentReport.build(objectives: [], keyResults: [], now: Self.now, staleAfterDays: 14)
        #expect(built.verdict == .nothingToCheck)
    }

    @Test("Objectives without a shortfall are clean; any shortfall is counted")
    func cleanAndGaps() {
        #expect(AlignmentReport.verdict(objectiveCount: 3, problemCount: 0) == .clean)
        #expect(AlignmentReport.verdict(objectiveCount: 3, problemCount: 2) == .gaps(2))
        let objective = AlignmentReport.Objective(id: UUID(), title: "O", alignsToAPartyObjective: false, keyResultCount: 0)
        let built = AlignmentReport.build(objectives: [objective], keyResults: [], now: Self.now, staleAfterDays: 14)
        #expect(built.objectiveCount == 1)
        #expect(built.verdict == .gaps(2))
    }

    // MARK: Health flag wording

    @Test("A stream without a charter reads \"No charter yet\", one with an unagreed charter \"Charter not agreed by every party\"")
    func charterLabel() {
        #expect(HealthFlag.charterNotAgreed.label(hasCharter: false) == "No charter yet")
        #expect(HealthFlag.charterNotAgreed.label(hasCharter: true) == "Charter not agreed by every party")
        for flag in HealthFlag.allCases where flag != .charterNotAgreed {
            #expect(flag.label(hasCharter: false) == flag.label)
        }
    }

    @Test("The member role leader reads \"Lead\", never \"Leader\"; its stored value stays leader")
    func leadLabel() {
        #expect(MemberRole.leader.label == "Lead")
        #expect(MemberRole.leader.rawValue == "leader")
    }
}

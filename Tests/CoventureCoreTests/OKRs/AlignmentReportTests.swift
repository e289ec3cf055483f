import Foundation
import PropertyBased
import Testing

@testable import CoventureCore

@Suite("OKRs: alignment report")
struct OKRAlignmentReportTests {
    typealias F = OKRFixture
    typealias Objective = AlignmentReport.Objective
    typealias KeyResult = AlignmentReport.KeyResult

    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    static let day: TimeInterval = 86_400
    static func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * day) }
    static let owner = F.node(900)

    static func objective(_ n: Int, aligned: Bool = true, keyResults: Int = 1) -> Objective {
        Objective(id: F.node(n), title: "Objective \(n)", alignsToAPartyObjective: aligned, keyResultCount: keyResults)
    }

    static func keyResult(_ n: Int, owner: UUID? = owner, created: Double = 30, checkedIn: Double? = 1) -> KeyResult {
        KeyResult(
            id: F.node(100 + n), title: "Key result \(n)", ownerID: owner, createdAt: daysAgo(created),
            lastCheckInAt: checkedIn.map(daysAgo))
    }

    static func report(_ objectives: [Objective] = [], _ keyResults: [KeyResult] = [], staleAfterDays: Int = 14)
        -> AlignmentReport
    {
        AlignmentReport.build(objectives: objectives, keyResults: keyResults, now: now, staleAfterDays: staleAfterDays)
    }

    @Test("Aligned objectives with key results that are owned and recently checked in make a clean report")
    func clean() {
        let report = Self.report(
            [Self.objective(1), Self.objective(2, keyResults: 3)],
            [Self.keyResult(1), Self.keyResult(2, checkedIn: 13)])
        #expect(report.isClean)
        #expect(report.problemCount == 0)
        #expect(report.staleAfterDays == 14)
    }

    @Test("Every kind of gap is listed in its own section, in the order given, and counted once per section")
    func listsEveryGap() {
        let unaligned = Self.objective(1, aligned: false)
        let empty = Self.objective(2, keyResults: 0)
        let both = Self.objective(3, aligned: false, keyResults: 0)
        let stale = Self.keyResult(1, checkedIn: 20)
        let orphan = Self.keyResult(2, owner: nil)
        let staleOrphan = Self.keyResult(3, owner: nil, created: 40, checkedIn: nil)
        let report = Self.report(
            [unaligned, Self.objective(4), empty, both], [stale, Self.keyResult(4), orphan, staleOrphan])
        #expect(report.unaligned == [unaligned, both])
        #expect(report.withoutKeyResults == [empty, both])
        #expect(report.stale == [stale, staleOrphan])
        #expect(report.withoutOwner == [orphan, staleOrphan])
        #expect(report.problemCount == 8)
        #expect(!report.isClean)
    }

    @Test(
        "A key result last checked in exactly 14 days ago is stale; 13 days ago is not",
        arguments: [(14.0, true), (13.0, false), (13.999, false), (14.001, true), (400, true), (0, false)])
    func staleBoundary(age: Double, isStale: Bool) {
        let keyResult = Self.keyResult(1, created: 500, checkedIn: age)
        #expect(Self.report([], [keyResult]).stale == (isStale ? [keyResult] : []))
    }

    @Test(
        "Without a check-in, age counts from creation: a key result created yesterday is not stale yet, one created 14 days ago is",
        arguments: [(1.0, false), (13.0, false), (14.0, true), (90.0, true)])
    func staleFromCreation(created: Double, isStale: Bool) {
        let keyResult = Self.keyResult(1, created: created, checkedIn: nil)
        #expect(Self.report([], [keyResult]).stale == (isStale ? [keyResult] : []))
    }

    @Test("A recent check-in makes an old key result fresh again")
    func checkInRefreshes() {
        #expect(Self.report([], [Self.keyResult(1, created: 365, checkedIn: 2)]).stale.isEmpty)
    }

    @Test("The stale threshold is the initiative's own setting")
    func customThreshold() {
        let keyResult = Self.keyResult(1, checkedIn: 7)
        #expect(Self.report([], [keyResult], staleAfterDays: 7).stale == [keyResult])
        #expect(Self.report([], [keyResult], staleAfterDays: 8).stale.isEmpty)
        #expect(Self.report([], [keyResult], staleAfterDays: 8).staleAfterDays == 8)
    }

    @Test("Nothing to report on is clean")
    func empty() {
        #expect(
            Self.report()
                == AlignmentReport(
                    unaligned: [], withoutKeyResults: [], stale: [], withoutOwner: [], staleAfterDays: 14))
        #expect(AlignmentReport.defaultStaleAfterDays == 14)
    }

    // MARK: The stale setting

    @Test("A stale setting from 1 to 365 days is accepted as is", arguments: [1, 14, 30, 365])
    func acceptsStaleDays(days: Int) throws {
        #expect(try AlignmentReport.validateStaleDays(days) == days)
    }

    @Test(
        "A stale setting outside 1…365 days is refused, naming the field",
        arguments: [0, -1, 366, 10_000, Int.min, Int.max])
    func refusesStaleDays(days: Int) {
        #expect(throws: ValidationError(field: "checkInStaleDays", "must be a whole number of days from 1 to 365")) {
            try AlignmentReport.validateStaleDays(days)
        }
        #expect(throws: ValidationError(field: "staleDays", "must be a whole number of days from 1 to 365")) {
            try AlignmentReport.validateStaleDays(days, field: "staleDays")
        }
    }

    // MARK: Properties

    @Test("A key result is stale exactly when its last check-in, or else its creation, is at least the threshold ago")
    func staleMatchesDefinition() async {
        let ages = Gen.int(in: 0...(400 * 86_400)).map { TimeInterval($0) }
        await propertyCheck(count: 300, input: ages, ages.optional(valueRate: 0.7), Gen.int(in: 1...365)) {
            created, checkedIn, days in
            let keyResult = KeyResult(
                id: F.node(1), title: "KR", ownerID: nil, createdAt: Self.now.addingTimeInterval(-created),
                lastCheckInAt: checkedIn.map { Self.now.addingTimeInterval(-$0) })
            let report = AlignmentReport.build(
                objectives: [], keyResults: [keyResult], now: Self.now, staleAfterDays: days)
            let age = checkedIn ?? created
            #expect(
                report.stale.isEmpty == (age < TimeInterval(days) * Self.day),
                "age \(age / Self.day) days, threshold \(days)")
            #expect(report.withoutOwner == [keyResult])
        }
    }

    @Test("Each section is exactly the items failing its own test, and problemCount is the sum of the sections")
    func sectionsMatchDefinitions() async {
        let objectives = zip(Gen.bool, Gen.int(in: 0...3)).array(of: 0...8).map { items in
            items.enumerated().map {
                Objective(
                    id: F.node($0.offset), title: "O\($0.offset)", alignsToAPartyObjective: $0.element.0,
                    keyResultCount: $0.element.1)
            }
        }
        let keyResults = zip(Gen.bool, Gen.int(in: 0...60)).array(of: 0...8).map { items in
            items.enumerated().map {
                KeyResult(
                    id: F.node(100 + $0.offset), title: "K\($0.offset)", ownerID: $0.element.0 ? Self.owner : nil,
                    createdAt: Self.daysAgo(100), lastCheckInAt: Self.daysAgo(Double($0.element.1)))
            }
        }
        await propertyCheck(count: 200, input: objectives, keyResults) { objectives, keyResults in
            let report = Self.report(objectives, keyResults)
            #expect(report.unaligned == objectives.filter { !$0.alignsToAPartyObjective })
            #expect(report.withoutKeyResults == objectives.filter { $0.keyResultCount == 0 })
            #expect(report.withoutOwner == keyResults.filter { $0.ownerID == nil })
            #expect(report.stale == keyResults.filter { $0.lastCheckInAt! <= Self.daysAgo(14) })
            #expect(
                report.problemCount == report.unaligned.count + report.withoutKeyResults.count + report.stale.count
                    + report.withoutOwner.count)
            #expect(report.isClean == (report.problemCount == 0))
        }
    }
}

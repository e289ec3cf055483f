import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

/// Value metrics (issue #14): the rules that make a metric joint and its measurements trustworthy, with worked numbers.
@Suite("Value metrics: rules")
struct ValueMetricTests {
    static func day(_ text: String) -> CalendarDate { try! CalendarDate(parsing: text) }
    static func d(_ text: String) -> Decimal { Decimal(string: text)! }
    static let owner = UUID(uuidString: "00000000-0000-4000-8000-00000000000a")!
    static let partner = UUID(uuidString: "00000000-0000-4000-8000-00000000000b")!
    static let third = UUID(uuidString: "00000000-0000-4000-8000-00000000000c")!

    static func definition(direction: MetricDirection = .higherIsBetter, baseline: String = "100", target: String = "200") -> ValueMetricDefinition {
        ValueMetricDefinition(
            name: "Homes retrofitted", unit: "homes", direction: direction, baselineValue: d(baseline), baselineOn: day("2026-01-01"),
            targetValue: d(target), targetBy: day("2026-12-31"), method: "Count of completed retrofit certificates", cadence: .monthly,
            responsibleOrganizationID: owner)
    }

    // MARK: Status

    @Test("A metric is proposed until a version is ratified, rejected when its only proposals were rejected, and stays ratified while a change waits or after a change is rejected")
    func statusDerivation() {
        #expect(ValueMetricStatus.of(versions: [.proposed]) == .proposed)
        #expect(ValueMetricStatus.of(versions: [.rejected]) == .rejected)
        #expect(ValueMetricStatus.of(versions: [.rejected, .proposed]) == .proposed, "proposed again after a rejection")
        #expect(ValueMetricStatus.of(versions: [.ratified]) == .ratified)
        #expect(ValueMetricStatus.of(versions: [.ratified, .proposed]) == .ratified, "the old definition stays in force")
        #expect(ValueMetricStatus.of(versions: [.ratified, .rejected]) == .ratified)
        #expect(ValueMetricStatus.of(versions: []) == .proposed)
    }

    // MARK: Definition

    @Test("A target must lie after the baseline date and in the direction the metric improves")
    func definitionChecks() throws {
        _ = try Self.definition().validated()
        _ = try Self.definition(direction: .lowerIsBetter, baseline: "30", target: "12").validated()
        #expect(throws: ValidationError(field: "target.value", "must be above the baseline 100 when higher is better")) {
            try Self.definition(baseline: "100", target: "100").validated()
        }
        #expect(throws: ValidationError(field: "target.value", "must be below the baseline 30 when lower is better")) {
            try Self.definition(direction: .lowerIsBetter, baseline: "30", target: "45").validated()
        }
        var early = Self.definition()
        early.targetBy = Self.day("2026-01-01")
        #expect(throws: ValidationError(field: "target.by", "must be after the baseline date 2026-01-01")) { try early.validated() }
    }

    // MARK: Progress

    @Test("% of the way: 100 → 200 measured at 150 is half way; at 250 it is 150 %; at 80 it is −20 %")
    func fractionOfWay() {
        #expect(ValueProgress.fractionOfWay(baseline: 100, target: 200, value: 150) == 0.5)
        #expect(ValueProgress.fractionOfWay(baseline: 100, target: 200, value: 250) == 1.5)
        #expect(ValueProgress.fractionOfWay(baseline: 100, target: 200, value: 80) == -0.2)
    }

    @Test("% of the way down: 30 days → 12 days measured at 21 is half way, at 12 all the way")
    func fractionOfWayDown() {
        #expect(ValueProgress.fractionOfWay(baseline: 30, target: 12, value: 21) == 0.5)
        #expect(ValueProgress.fractionOfWay(baseline: 30, target: 12, value: 12) == 1)
        #expect(ValueProgress.fractionOfWay(baseline: 5, target: 5, value: 7) == nil, "no way to go has no fraction")
    }

    @Test("Variance to target is the value minus the target: 150 against 200 is −50; 10 days against 12 is −2 (ahead, lower is better)")
    func variance() {
        #expect(ValueProgress.variance(target: 200, value: 150) == -50)
        #expect(ValueProgress.variance(target: 12, value: 10) == -2)
        #expect(ValueProgress.reached(direction: .lowerIsBetter, target: 12, value: 10))
        #expect(!ValueProgress.reached(direction: .higherIsBetter, target: 200, value: 150))
        #expect(ValueProgress.variance(target: Self.d("2.5"), value: Self.d("2.75")) == Self.d("0.25"))
    }

    // MARK: Cadence

    @Test("Next due by cadence: a week, a month (clamped to a short month's end), a quarter after the last measurement")
    func nextDue() {
        let baseline = Self.day("2026-01-01")
        #expect(MeasurementSchedule.nextDue(lastMeasuredOn: Self.day("2026-03-02"), baselineOn: baseline, cadence: .weekly) == Self.day("2026-03-09"))
        #expect(MeasurementSchedule.nextDue(lastMeasuredOn: Self.day("2026-01-31"), baselineOn: baseline, cadence: .monthly) == Self.day("2026-02-28"))
        #expect(MeasurementSchedule.nextDue(lastMeasuredOn: Self.day("2028-01-31"), baselineOn: baseline, cadence: .monthly) == Self.day("2028-02-29"))
        #expect(MeasurementSchedule.nextDue(lastMeasuredOn: Self.day("2026-11-15"), baselineOn: baseline, cadence: .quarterly) == Self.day("2027-02-15"))
        #expect(MeasurementSchedule.nextDue(lastMeasuredOn: Self.day("2026-12-29"), baselineOn: baseline, cadence: .weekly) == Self.day("2027-01-05"))
        #expect(MeasurementSchedule.nextDue(lastMeasuredOn: nil, baselineOn: baseline, cadence: .monthly) == Self.day("2026-02-01"),
                "with no measurement yet, one period after the baseline")
    }

    @Test("Overdue once the due day has passed: due 2026-02-01 is not overdue on 2026-02-01, overdue on 2026-02-02")
    func overdue() {
        let due = Self.day("2026-02-01")
        #expect(!MeasurementSchedule.isOverdue(nextDue: due, today: Self.day("2026-01-31")))
        #expect(!MeasurementSchedule.isOverdue(nextDue: due, today: due))
        #expect(MeasurementSchedule.isOverdue(nextDue: due, today: Self.day("2026-02-02")))
    }

    // MARK: Spread

    @Test("The ±3× spread: recent 10, 12, 14 (mean 12, spread √(8/3) ≈ 1.633) accept 16.8 and refuse 16.95 and 7")
    func spreadWorked() throws {
        let recent: [Decimal] = [10, 12, 14]
        let band = try #require(MeasurementSpread.band(recent: recent))
        // 12 ± 3 × 1.63299… = 7.10102… … 16.89897…
        #expect(abs(ValueProgress.double(band.lowerBound)! - 7.101) < 0.001)
        #expect(abs(ValueProgress.double(band.upperBound)! - 16.899) < 0.001)
        #expect(!MeasurementSpread.isOutlier(Self.d("16.8"), recent: recent))
        #expect(MeasurementSpread.isOutlier(Self.d("16.95"), recent: recent))
        #expect(MeasurementSpread.isOutlier(7, recent: recent))
        #expect(!MeasurementSpread.isOutlier(Self.d("7.2"), recent: recent))
    }

    @Test("Fewer than three recent values say nothing about the spread: anything goes")
    func spreadNeedsThreeValues() {
        #expect(MeasurementSpread.band(recent: [10, 12]) == nil)
        #expect(!MeasurementSpread.isOutlier(1_000_000, recent: [10, 12]))
    }

    @Test("Only the latest eight count: an old outlier no longer widens the band")
    func spreadWindow() {
        let recent: [Decimal] = [5000] + Array(repeating: 100, count: 4) + Array(repeating: 102, count: 4)
        // The last eight: 100 ×4, 102 ×4 → mean 101, spread 1 → 98…104.
        #expect(MeasurementSpread.isOutlier(110, recent: recent))
        #expect(!MeasurementSpread.isOutlier(103, recent: recent))
    }

    @Test("A flat series accepts a move of up to 3 % and refuses a factor-1000 typo")
    func spreadFlat() {
        let recent: [Decimal] = [200, 200, 200, 200]
        #expect(!MeasurementSpread.isOutlier(206, recent: recent))
        #expect(MeasurementSpread.isOutlier(207, recent: recent))
        #expect(MeasurementSpread.isOutlier(200_000, recent: recent))
        #expect(!MeasurementSpread.isOutlier(0, recent: [0, 0, 0]))
    }

    // MARK: Attestation

    static func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + seconds) }

    @Test("Attestation: none is pending; an attest attests; any party's standing dispute wins; the disputing party's later attest clears it")
    func attestationState() {
        typealias V = MeasurementState.Verdict
        #expect(MeasurementState.of([]) == .pending)
        #expect(MeasurementState.of([V(organizationID: Self.partner, verdict: .attest, at: Self.at(1))]) == .attested)
        let disputed = [
            V(organizationID: Self.partner, verdict: .attest, at: Self.at(1)),
            V(organizationID: Self.third, verdict: .dispute, at: Self.at(2)),
        ]
        #expect(MeasurementState.of(disputed) == .disputed, "another party's attestation does not outvote a dispute")
        #expect(MeasurementState.of(disputed + [V(organizationID: Self.partner, verdict: .attest, at: Self.at(3))]) == .disputed)
        #expect(MeasurementState.of(disputed + [V(organizationID: Self.third, verdict: .attest, at: Self.at(3))]) == .attested)
        #expect(MeasurementState.of([
            V(organizationID: Self.partner, verdict: .attest, at: Self.at(1)), V(organizationID: Self.partner, verdict: .dispute, at: Self.at(5)),
        ]) == .disputed, "a party's latest verdict counts")
    }

    // MARK: Properties

    static let verdict = zip(Gen.int(in: 0...2), Gen.bool, Gen.int(in: 0...1000)).map { party, attest, second in
        MeasurementState.Verdict(
            organizationID: [owner, partner, third][party], verdict: attest ? .attest : .dispute, at: at(Double(second)))
    }

    @Test("The state depends only on each party's latest verdict, not on the order verdicts are listed in")
    func stateIsOrderFree() async {
        await propertyCheck(count: 200, input: Self.verdict.array(of: 0...12)) { verdicts in
            let distinctTimes = Dictionary(grouping: verdicts, by: { $0.organizationID }).values.allSatisfy { Set($0.map(\.at)).count == $0.count }
            guard distinctTimes else { return }
            #expect(MeasurementState.of(verdicts.shuffled()) == MeasurementState.of(verdicts))
            #expect(MeasurementState.of(verdicts.reversed()) == MeasurementState.of(verdicts))
        }
    }

    @Test("Disputed exactly when some party's latest verdict is a dispute")
    func disputedDefinition() async {
        await propertyCheck(count: 200, input: Self.verdict.array(of: 1...12)) { verdicts in
            let latest = Dictionary(grouping: verdicts, by: { $0.organizationID }).values.compactMap { group in
                group.max { $0.at < $1.at }
            }
            let distinctTimes = Dictionary(grouping: verdicts, by: { $0.organizationID }).values.allSatisfy { Set($0.map(\.at)).count == $0.count }
            guard distinctTimes else { return }
            #expect((MeasurementState.of(verdicts) == .disputed) == latest.contains { $0.verdict == .dispute })
        }
    }

    static let values = Gen.int(in: -100_000...100_000).map { Decimal($0) / 100 }.array(of: 3...8)

    @Test("Every value within the recent values' range passes the ±3× rule, whatever the recent values")
    func rangeAlwaysPasses() async {
        await propertyCheck(count: 200, input: Self.values, Gen.int(in: 0...100)) { recent, share in
            let low = recent.min()!, high = recent.max()!
            let value = low + (high - low) * Decimal(share) / 100
            #expect(!MeasurementSpread.isOutlier(value, recent: recent))
        }
    }

    @Test("The rule does not depend on the unit: scaling every value by 1000 keeps the verdict")
    func scaleInvariant() async {
        await propertyCheck(count: 200, input: Self.values, Gen.int(in: -200_000...200_000)) { recent, raw in
            let value = Decimal(raw) / 100
            #expect(MeasurementSpread.isOutlier(value, recent: recent) == MeasurementSpread.isOutlier(value * 1000, recent: recent.map { $0 * 1000 }))
        }
    }

    static let date = zip(Gen.int(in: 1900...2100), Gen.int(in: 1...12), Gen.int(in: 1...31)).map {
        try! CalendarDate(year: $0.0, month: $0.1, day: min($0.2, CalendarDate.daysIn(month: $0.1, year: $0.0)))
    }

    @Test("The next measurement is always due after the last one: 7 days for weekly, 28–31 for monthly, 89–92 for quarterly")
    func cadenceMovesForward() async {
        await propertyCheck(count: 300, input: Self.date) { date in
            #expect(CalendarArithmetic.days(from: date, to: MeasurementCadence.weekly.next(after: date)) == 7)
            #expect((28...31).contains(CalendarArithmetic.days(from: date, to: MeasurementCadence.monthly.next(after: date))))
            #expect((89...92).contains(CalendarArithmetic.days(from: date, to: MeasurementCadence.quarterly.next(after: date))))
        }
    }
}

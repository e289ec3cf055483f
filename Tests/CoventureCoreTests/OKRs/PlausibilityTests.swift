import Foundation
import Testing

@testable import CoventureCore

@Suite("OKRs: plausibility of typed values")
struct PlausibilityTests {
    static func measured(_ kind: KeyResultKind = .stayAbove, unit: String, baseline: Decimal? = nil, target: Decimal? = 98)
        -> KeyResultDefinition
    {
        KeyResultDefinition(kind: kind, unit: unit, baseline: baseline, target: target)
    }

    @Test("Percent units are recognized however they are written", arguments: ["%", " % ", "percent", "Percent", "pct", "per cent"])
    func percentUnits(unit: String) {
        #expect(Plausibility.isPercent(unit: unit))
        #expect(Plausibility.cannotBeNegative(unit: unit))
    }

    @Test("Counts and spans of time cannot be negative, singular or plural", arguments: ["days", "day", "customers", "applications", "ms", "Active users"])
    func countingUnits(unit: String) {
        #expect(Plausibility.cannotBeNegative(unit: unit))
        #expect(!Plausibility.isPercent(unit: unit))
    }

    @Test("Money, temperatures, scores and no unit may be negative", arguments: ["EUR", "EUR k", "°C", "NPS", ""])
    func signedUnits(unit: String) {
        #expect(!Plausibility.cannotBeNegative(unit: unit))
        #expect(Plausibility.checkIn(value: -5, for: Self.measured(unit: unit)).isEmpty)
    }

    @Test("A check-in of 250 % availability is a concern on the value; 100 % and 0 % are not")
    func percentAbove100() {
        let definition = Self.measured(unit: "%")
        let concerns = Plausibility.checkIn(value: 250, for: definition)
        #expect(concerns.map(\.field) == ["value"])
        #expect(concerns.first?.message == "is above 100 % (250 %): more than the whole. Is that meant?")
        #expect(concerns.first?.message.contains("above 100 %") == true)
        #expect(Plausibility.checkIn(value: 100, for: definition).isEmpty)
        #expect(Plausibility.checkIn(value: 0, for: definition).isEmpty)
        #expect(Plausibility.checkIn(value: Decimal(string: "97.9")!, for: definition).isEmpty)
    }

    @Test("A negative count of days is a concern naming the value and the unit")
    func negativeCount() {
        let concerns = Plausibility.checkIn(value: -3, for: Self.measured(.decrease, unit: "days", baseline: 42, target: 5))
        #expect(concerns.map(\.field) == ["value"])
        #expect(concerns.first?.message == "is below zero (-3 days), which a number of days cannot be. Is that meant?")
    }

    @Test("Milestones and binaries are never asked about: their range is a rule, not a concern")
    func unmeasuredKinds() {
        #expect(Plausibility.checkIn(value: 5, for: KeyResultDefinition(kind: .milestone, unit: "%", steps: ["a"])).isEmpty)
        #expect(Plausibility.keyResult(KeyResultDefinition(kind: .binary, unit: "%")).isEmpty)
        #expect(Plausibility.cannotBeNegative(KeyResultDefinition(kind: .milestone, steps: ["a"])))
        #expect(Plausibility.cannotBeNegative(KeyResultDefinition(kind: .binary)))
    }

    @Test("A key result's baseline and target are each checked, named by field")
    func keyResultFields() {
        let definition = Self.measured(.increase, unit: "%", baseline: -10, target: 250)
        #expect(Plausibility.keyResult(definition).map(\.field) == ["baseline", "target"])
        #expect(Plausibility.keyResult(Self.measured(.increase, unit: "%", baseline: 10, target: 90)).isEmpty)
        #expect(Plausibility.keyResult(Self.measured(.stayAbove, unit: "%", baseline: nil, target: 98)).isEmpty)
    }

    @Test("An objective whose period ended before today is a concern on its end; one ending today is not")
    func pastPeriod() throws {
        let today = try CalendarDate(parsing: "2026-11-30")
        let past = OKRPeriod(name: "2025", start: try CalendarDate(parsing: "2025-01-01"), end: try CalendarDate(parsing: "2025-12-31"))
        let concerns = Plausibility.objective(period: past, today: today)
        #expect(concerns.map(\.field) == ["periodEnd"])
        #expect(concerns.first?.message.contains("2025-12-31") == true)
        let endsToday = OKRPeriod(name: "x", start: try CalendarDate(parsing: "2026-01-01"), end: today)
        #expect(Plausibility.objective(period: endsToday, today: today).isEmpty)
        let ahead = OKRPeriod(name: "y", start: try CalendarDate(parsing: "2027-01-01"), end: try CalendarDate(parsing: "2027-06-30"))
        #expect(Plausibility.objective(period: ahead, today: today).isEmpty)
    }
}

import Foundation

/// A value that is allowed but unlikely to be meant: a percent above 100, a count below zero, an objective whose
/// whole period lies in the past. Forms ask the person to confirm it instead of refusing it (an availability target
/// "can" be 250 % of last year's; a typo usually is one). The JSON API takes such values without asking.
public struct PlausibilityConcern: Sendable, Equatable {
    /// The form field the value was typed in.
    public var field: String
    /// Why it looks wrong, to follow the field's name as every field message does ("value is above 100 % (250 %) …").
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// The plausibility rules behind the forms' "Yes, record it anyway" step.
public enum Plausibility {
    /// The form field that confirms an implausible value (`confirm=1`).
    public static let confirmField = "confirm"

    /// Units read as a share of a whole: their values normally lie between 0 and 100.
    public static func isPercent(unit: String) -> Bool {
        let word = normalized(unit)
        return word == "%" || word == "percent" || word == "per cent" || word == "pct" || word == "percentage"
    }

    /// Words of units that count things or measure time: such a quantity cannot be negative.
    static let countingWords: Set<String> = [
        "day", "hour", "minute", "second", "ms", "millisecond", "week", "month", "year", "h", "min", "s",
        "application", "customer", "client", "user", "active user", "person", "people", "member", "loan", "item",
        "home", "retrofit", "partner", "employee", "visit", "order", "ticket", "incident", "release", "deployment",
        "transaction", "project", "team", "account", "unit", "piece", "file", "request", "download", "signup", "sign-up",
    ]

    /// Whether values in this unit cannot be below zero: percents, counts of things, spans of time. Units not
    /// recognized (money, temperatures, scores) may be negative, so they are not checked.
    public static func cannotBeNegative(unit: String) -> Bool {
        if isPercent(unit: unit) { return true }
        let word = normalized(unit)
        if countingWords.contains(word) { return true }
        // Plurals: "days", "customers", "active users".
        if word.hasSuffix("s"), countingWords.contains(String(word.dropLast())) { return true }
        return false
    }

    /// Whether a key result's values cannot be negative: steps reached and done/not done never are; measured kinds
    /// follow their unit.
    public static func cannotBeNegative(_ definition: KeyResultDefinition) -> Bool {
        definition.kind.isMeasured ? cannotBeNegative(unit: definition.unit) : true
    }

    /// A check-in's value. Milestones and binaries are already held to their range by `CheckInRules`.
    public static func checkIn(value: Decimal, for definition: KeyResultDefinition) -> [PlausibilityConcern] {
        guard definition.kind.isMeasured else { return [] }
        return concerns(value, field: "value", unit: definition.unit)
    }

    /// A key result's baseline and target, in its own unit.
    public static func keyResult(_ definition: KeyResultDefinition) -> [PlausibilityConcern] {
        guard definition.kind.isMeasured else { return [] }
        return [("baseline", definition.baseline), ("target", definition.target)].flatMap { field, value in
            value.map { concerns($0, field: field, unit: definition.unit) } ?? []
        }
    }

    /// An objective whose period ended before `today` (the UTC day): OKRs are set for what is still ahead.
    public static func objective(period: OKRPeriod, today: CalendarDate) -> [PlausibilityConcern] {
        guard period.end < today else { return [] }
        return [PlausibilityConcern(
            field: "periodEnd", message: "is in the past (\(period.end)): the whole period is over already. Is that meant?")]
    }

    private static func concerns(_ value: Decimal, field: String, unit: String) -> [PlausibilityConcern] {
        guard !value.isNaN else { return [] }
        let shown = "\(value)" + (normalized(unit).isEmpty ? "" : (isPercent(unit: unit) ? " %" : " \(unit.trimmingCharacters(in: .whitespaces))"))
        if isPercent(unit: unit), value > 100 {
            return [PlausibilityConcern(field: field, message: "is above 100 % (\(shown)): more than the whole. Is that meant?")]
        }
        if cannotBeNegative(unit: unit), value < 0 {
            return [PlausibilityConcern(field: field, message: "is below zero (\(shown)), which \(unitName(unit)) cannot be. Is that meant?")]
        }
        return []
    }

    private static func unitName(_ unit: String) -> String {
        isPercent(unit: unit) ? "a percentage" : "a number of \(normalized(unit))"
    }

    private static func normalized(_ unit: String) -> String {
        unit.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

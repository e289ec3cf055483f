import Foundation

// Value metrics (issue #14): what value the partnership is after, jointly defined, and how far it has come.
// Pure rules: the server gathers the facts, these functions decide.

/// Which way a metric should move. Planguage's "scale" is the unit; the direction says whether more is better.
public enum MetricDirection: String, CaseIterable, Codable, Sendable {
    case higherIsBetter
    case lowerIsBetter

    public var label: String {
        switch self {
        case .higherIsBetter: "Higher is better"
        case .lowerIsBetter: "Lower is better"
        }
    }
}

/// How often a metric is measured: the next measurement is due one period after the last one (or the baseline).
public enum MeasurementCadence: String, CaseIterable, Codable, Sendable {
    case weekly
    case monthly
    case quarterly

    public var label: String {
        switch self {
        case .weekly: "Weekly"
        case .monthly: "Monthly"
        case .quarterly: "Quarterly"
        }
    }

    /// The day one period after `date`. A month later than 31 January is the last day of February (not 3 March):
    /// a monthly metric measured at each month's end stays at month ends.
    public func next(after date: CalendarDate) -> CalendarDate {
        switch self {
        case .weekly: return CalendarArithmetic.adding(days: 7, to: date)
        case .monthly: return CalendarArithmetic.adding(months: 1, to: date)
        case .quarterly: return CalendarArithmetic.adding(months: 3, to: date)
        }
    }
}

/// Day and month arithmetic on calendar days, in UTC's (proleptic Gregorian) calendar.
public enum CalendarArithmetic {
    public static func adding(days: Int, to date: CalendarDate) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
        return CalendarDate(calendar.date(byAdding: .day, value: days, to: start)!, in: calendar.timeZone)
    }

    /// The same day `months` later, clamped to the end of a shorter month.
    public static func adding(months: Int, to date: CalendarDate) -> CalendarDate {
        let index = date.year * 12 + (date.month - 1) + months
        let year = index / 12, month = index % 12 + 1
        let day = min(date.day, CalendarDate.daysIn(month: month, year: year))
        return (try? CalendarDate(year: year, month: month, day: day)) ?? date
    }

    /// Whole days from one calendar day to another (negative when `to` is earlier).
    public static func days(from: CalendarDate, to: CalendarDate) -> Int { KeyResultAttention.days(from: from, to: to) }
}

/// The status of a metric, and of each version of its definition. A metric is in force once any version of its
/// definition has been ratified; a later proposal does not take that away until it passes.
public enum ValueMetricStatus: String, CaseIterable, Codable, Sendable {
    case proposed
    case ratified
    case rejected

    public var label: String {
        switch self {
        case .proposed: "Proposed"
        case .ratified: "Ratified"
        case .rejected: "Rejected"
        }
    }

    /// A metric's status from its definitions' statuses, oldest first: ratified once one version was ratified
    /// (that one stays in force while a later proposal waits or after it is rejected); otherwise the latest
    /// version's status (a rejected metric proposed again is proposed again).
    public static func of(versions: [ValueMetricStatus]) -> ValueMetricStatus {
        if versions.contains(.ratified) { return .ratified }
        return versions.last ?? .proposed
    }
}

/// A metric's definition: what is measured, in which unit, how (the meter), how often, from where to where, and
/// which party answers for it.
public struct ValueMetricDefinition: Sendable, Equatable, Codable {
    public var name: String
    /// The scale: "homes", "%", "days", "EUR".
    public var unit: String
    public var direction: MetricDirection
    public var baselineValue: Decimal
    public var baselineOn: CalendarDate
    public var targetValue: Decimal
    public var targetBy: CalendarDate
    /// The meter: how a measurement is taken (a query, a survey, an audit), distinct from the unit.
    public var method: String
    public var cadence: MeasurementCadence
    /// The organization of the party responsible for measuring.
    public var responsibleOrganizationID: UUID
    public var objectiveIDs: [UUID]

    public init(
        name: String, unit: String, direction: MetricDirection, baselineValue: Decimal, baselineOn: CalendarDate, targetValue: Decimal,
        targetBy: CalendarDate, method: String, cadence: MeasurementCadence, responsibleOrganizationID: UUID, objectiveIDs: [UUID] = []
    ) {
        self.name = name
        self.unit = unit
        self.direction = direction
        self.baselineValue = baselineValue
        self.baselineOn = baselineOn
        self.targetValue = targetValue
        self.targetBy = targetBy
        self.method = method
        self.cadence = cadence
        self.responsibleOrganizationID = responsibleOrganizationID
        self.objectiveIDs = objectiveIDs
    }

    /// The checks that compare fields: a target after the baseline, in the direction the metric improves.
    public func validated() throws -> ValueMetricDefinition {
        var checks = FieldChecks()
        checks.run {
            guard targetBy > baselineOn else {
                throw ValidationError(field: "target.by", "must be after the baseline date \(baselineOn)")
            }
        }
        checks.run {
            switch direction {
            case .higherIsBetter where targetValue <= baselineValue:
                throw ValidationError(field: "target.value", "must be above the baseline \(DecimalInput.canonical(baselineValue)) when higher is better")
            case .lowerIsBetter where targetValue >= baselineValue:
                throw ValidationError(field: "target.value", "must be below the baseline \(DecimalInput.canonical(baselineValue)) when lower is better")
            default: return
            }
        }
        try checks.finish()
        return self
    }
}

/// Where a metric stands against its baseline and target.
public enum ValueProgress {
    /// How far of the way from the baseline to the target `value` is: 0 at the baseline, 1 at the target, below 0
    /// when it went the wrong way, above 1 beyond the target. Unclamped: the true figure stays visible.
    public static func fractionOfWay(baseline: Decimal, target: Decimal, value: Decimal) -> Double? {
        let span = target - baseline
        guard span != 0 else { return nil }
        return double((value - baseline) / span)
    }

    /// The value minus the target, in the metric's unit: negative while below the target.
    public static func variance(target: Decimal, value: Decimal) -> Decimal { value - target }

    /// Whether `value` has reached the target, in the metric's direction.
    public static func reached(direction: MetricDirection, target: Decimal, value: Decimal) -> Bool {
        switch direction {
        case .higherIsBetter: value >= target
        case .lowerIsBetter: value <= target
        }
    }

    public static func double(_ value: Decimal) -> Double? {
        guard !value.isNaN, let result = Double(value.description), result.isFinite else { return nil }
        return result
    }
}

/// When the next measurement is due, by cadence.
public enum MeasurementSchedule {
    /// One period after the last measurement, or after the baseline when there is none yet.
    public static func nextDue(lastMeasuredOn: CalendarDate?, baselineOn: CalendarDate, cadence: MeasurementCadence) -> CalendarDate {
        cadence.next(after: max(lastMeasuredOn ?? baselineOn, baselineOn))
    }

    /// Overdue once the due day has passed (due today is not yet overdue).
    public static func isOverdue(nextDue: CalendarDate, today: CalendarDate) -> Bool { today > nextDue }
}

/// The ±3× spread rule: a value far outside the metric's recent values is more likely a typo (a factor of 1000, a
/// wrong unit) than news, so it is recorded only when the person confirms it.
public enum MeasurementSpread {
    /// How many of the latest values count as "recent".
    public static let window = 8
    /// Fewer recent values than this say too little about the spread: no check.
    public static let minimumValues = 3
    /// The multiple of the spread a value may lie from the recent mean.
    public static let multiple: Decimal = 3
    /// When the recent values are (nearly) all the same, their spread is taken as this share of their mean's size, so
    /// a flat series still accepts a small move (1 % × 3 = 3 % either way) and not only the exact same value.
    public static let flatShare: Decimal = Decimal(string: "0.01")!

    /// The band a new value must fall in, from the latest values (oldest first; the last `window` count), or nil
    /// when there are too few to judge. The spread is the standard deviation of the recent values.
    public static func band(recent values: [Decimal]) -> ClosedRange<Decimal>? {
        let recent = Array(values.suffix(window))
        guard recent.count >= minimumValues else { return nil }
        let count = Decimal(recent.count)
        let mean = recent.reduce(0, +) / count
        let variance = recent.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / count
        var spread = squareRoot(variance)
        let floor = abs(mean) * flatShare
        if spread < floor { spread = floor }
        if spread == 0 { spread = Decimal(string: "0.000001")! }
        return (mean - multiple * spread)...(mean + multiple * spread)
    }

    /// Whether `value` needs the person's confirmation.
    public static func isOutlier(_ value: Decimal, recent values: [Decimal]) -> Bool {
        guard let band = band(recent: values) else { return false }
        return !band.contains(value)
    }

    /// Newton's method on Decimal: exact enough for a spread (and no binary floating point on the way).
    static func squareRoot(_ value: Decimal) -> Decimal {
        guard value > 0 else { return 0 }
        var guess = Decimal(ValueProgress.double(value).map { $0.squareRoot() } ?? 1)
        if guess <= 0 { guess = 1 }
        for _ in 0..<8 { guess = (guess + value / guess) / 2 }
        return guess
    }
}

/// What a party says about a measurement recorded by another party.
public enum MeasurementVerdict: String, CaseIterable, Codable, Sendable {
    case attest
    case dispute

    public var label: String {
        switch self {
        case .attest: "Attested"
        case .dispute: "Disputed"
        }
    }
}

/// Whether a measurement can be trusted: attested by another party, disputed by one, or waiting.
public enum MeasurementState: String, CaseIterable, Codable, Sendable {
    case pending
    case attested
    case disputed

    public var label: String {
        switch self {
        case .pending: "Pending"
        case .attested: "Attested"
        case .disputed: "Disputed"
        }
    }

    public struct Verdict: Sendable, Equatable {
        public var organizationID: UUID
        public var verdict: MeasurementVerdict
        public var at: Date

        public init(organizationID: UUID, verdict: MeasurementVerdict, at: Date) {
            self.organizationID = organizationID
            self.verdict = verdict
            self.at = at
        }
    }

    /// Each party's latest verdict counts. A dispute wins until the disputing party itself attests: one party's
    /// attestation does not outvote another's doubt.
    public static func of(_ verdicts: [Verdict]) -> MeasurementState {
        var latest: [UUID: Verdict] = [:]
        for verdict in verdicts {
            if let seen = latest[verdict.organizationID], seen.at > verdict.at { continue }
            latest[verdict.organizationID] = verdict
        }
        if latest.values.contains(where: { $0.verdict == .dispute }) { return .disputed }
        if latest.values.contains(where: { $0.verdict == .attest }) { return .attested }
        return .pending
    }
}

import Foundation

/// How a key result measures success (DESIGN §1). The kind fixes which of baseline, target and steps a key result
/// uses, and how its progress is derived (see `OKRProgress.keyResult`).
public enum KeyResultKind: String, Codable, CaseIterable, Sendable {
    /// A metric that should go up, from its baseline to its target.
    case increase
    /// A metric that should go down, from its baseline to its target.
    case decrease
    /// A metric that must stay at or above a threshold (the target).
    case stayAbove
    /// A metric that must stay at or below a threshold (the target).
    case stayBelow
    /// Ordered steps; progress is the share of steps reached.
    case milestone
    /// Done or not.
    case binary

    public var label: String {
        switch self {
        case .increase: "Increase"
        case .decrease: "Decrease"
        case .stayAbove: "Stay above"
        case .stayBelow: "Stay below"
        case .milestone: "Milestone"
        case .binary: "Done or not"
        }
    }

    /// Kinds measured as a distance travelled from a baseline to a target.
    public var movesFromBaseline: Bool { self == .increase || self == .decrease }

    /// Kinds that hold or break a threshold, kept in `target`.
    public var isThreshold: Bool { self == .stayAbove || self == .stayBelow }

    /// Kinds whose check-ins carry a measured number (as opposed to a step count or done / not done).
    public var isMeasured: Bool { movesFromBaseline || isThreshold }

    /// Parses a kind sent by a form or the API, refusing anything else with the field named.
    public init(validating text: String?, field: String = "kind") throws {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ValidationError(field: field, "is required") }
        guard let kind = KeyResultKind(rawValue: trimmed) else {
            let names = KeyResultKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError(field: field, "must be one of \(names)")
        }
        self = kind
    }
}

/// How the people doing the work feel about reaching a key result, stated at each check-in.
public enum Confidence: String, Codable, CaseIterable, Sendable {
    case onTrack, atRisk, offTrack

    public var label: String {
        switch self {
        case .onTrack: "On track"
        case .atRisk: "At risk"
        case .offTrack: "Off track"
        }
    }

    /// Parses a confidence sent by a form or the API, refusing anything else with the field named.
    public init(validating text: String?, field: String = "confidence") throws {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ValidationError(field: field, "is required") }
        guard let confidence = Confidence(rawValue: trimmed) else {
            throw ValidationError(field: field, "must be one of onTrack, atRisk, offTrack")
        }
        self = confidence
    }
}

/// What a key result measures and how: its kind, unit, baseline, target, steps and weight in the objective.
///
/// Values are `Decimal` so that the figures people type (12.5 %, 0.1 s) are stored exactly; only derived progress is a
/// `Double`. The memberwise initializer trusts its input (it is for loading stored key results); anything a person
/// creates or edits goes through `validated(...)`, which refuses definitions whose progress would be undefined.
public struct KeyResultDefinition: Sendable, Equatable, Codable {
    public var kind: KeyResultKind
    /// Free text shown after values ("%", "customers", "ms"); may be empty.
    public var unit: String
    /// Where an `increase` / `decrease` starts. Optional context for thresholds; unused by milestones and binaries.
    public var baseline: Decimal?
    /// Where an `increase` / `decrease` should end, or the threshold of `stayAbove` / `stayBelow`.
    public var target: Decimal?
    /// The ordered steps of a milestone key result; empty for every other kind.
    public var steps: [String]
    /// Relative weight in the objective's roll-up; only ratios between weights matter.
    public var weight: Decimal

    public init(kind: KeyResultKind, unit: String = "", baseline: Decimal? = nil, target: Decimal? = nil, steps: [String] = [],
                weight: Decimal = 1) {
        self.kind = kind
        self.unit = unit
        self.baseline = baseline
        self.target = target
        self.steps = steps
        self.weight = weight
    }

    /// The longest unit accepted; units are labels like "%" or "active users", not sentences.
    public static let maxUnitLength = 40
    /// The most steps a milestone key result may have; more is a project plan, not a key result.
    public static let maxSteps = 50
    /// The longest text of one milestone step.
    public static let maxStepLength = 200

    /// Checks and normalizes a key result a person creates or edits.
    ///
    /// Refusals name the field a form should mark:
    /// - `weight`: must be more than 0 (a zero weight would silently drop the key result from the roll-up).
    /// - `baseline` / `target`: required for `increase` / `decrease`; the target must differ from the baseline (else
    ///   progress divides by zero) and lie on the side the kind promises, so that "increase" really means up.
    ///   Thresholds need a target (the threshold); their baseline is optional context. Milestones and binaries use
    ///   neither, so a value there is refused rather than silently dropped.
    /// - `steps`: a milestone needs 1…`maxSteps` non-empty steps; other kinds have none.
    /// - `unit`: optional, one line, at most `maxUnitLength` characters.
    public static func validated(kind: KeyResultKind, unit: String? = nil, baseline: Decimal? = nil, target: Decimal? = nil,
                                 steps: [String] = [], weight: Decimal = 1) throws -> KeyResultDefinition {
        // Each field is checked on its own and every refusal is reported at once (issue #12); a check that compares
        // two fields runs only when both passed.
        var checks = FieldChecks()
        let unitText = (unit ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let cleanUnit = unitText.isEmpty ? "" : checks.run { try Validate.text(unitText, field: "unit", maxLength: maxUnitLength) } ?? ""

        switch kind {
        case .increase, .decrease:
            let start = checks.run { try required(baseline, field: "baseline") }
            let end = checks.run { try required(target, field: "target") }
            if let start, let end {
                checks.run {
                    guard end != start else {
                        throw ValidationError(field: "target", "must differ from the baseline; progress is measured from one to the other")
                    }
                    if kind == .increase, end < start {
                        throw ValidationError(field: "target", "must be above the baseline for an increase; choose decrease to go down")
                    }
                    if kind == .decrease, end > start {
                        throw ValidationError(field: "target", "must be below the baseline for a decrease; choose increase to go up")
                    }
                }
            }
            checks.run { try noSteps(steps, kind: kind) }
        case .stayAbove, .stayBelow:
            checks.run { _ = try required(target, field: "target") }
            checks.run { if let baseline, baseline.isNaN { throw ValidationError(field: "baseline", "must be a number") } }
            checks.run { try noSteps(steps, kind: kind) }
        case .milestone, .binary:
            checks.run { if baseline != nil { throw ValidationError(field: "baseline", "is not used by a \(kind.label.lowercased()) key result") } }
            checks.run { if target != nil { throw ValidationError(field: "target", "is not used by a \(kind.label.lowercased()) key result") } }
            if kind == .binary { checks.run { try noSteps(steps, kind: kind) } }
        }

        var cleanSteps: [String] = []
        if kind == .milestone {
            cleanSteps = checks.run { () throws -> [String] in
                guard !steps.isEmpty else { throw ValidationError(field: "steps", "a milestone needs at least one step") }
                guard steps.count <= maxSteps else { throw ValidationError(field: "steps", "must be at most \(maxSteps) steps") }
                return try steps.map { try Validate.text($0, field: "steps", maxLength: maxStepLength) }
            } ?? []
        }

        checks.run { guard !weight.isNaN, weight > 0 else { throw ValidationError(field: "weight", "must be more than 0") } }
        try checks.finish()

        return KeyResultDefinition(kind: kind, unit: cleanUnit, baseline: baseline, target: target, steps: cleanSteps,
                                   weight: weight)
    }

    private static func required(_ value: Decimal?, field: String) throws -> Decimal {
        guard let value else { throw ValidationError(field: field, "is required") }
        guard !value.isNaN else { throw ValidationError(field: field, "must be a number") }
        return value
    }

    private static func noSteps(_ steps: [String], kind: KeyResultKind) throws {
        guard steps.isEmpty else {
            throw ValidationError(field: "steps", "are only for milestone key results, not \(kind.label.lowercased())")
        }
    }
}

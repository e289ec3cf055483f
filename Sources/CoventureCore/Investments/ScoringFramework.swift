import Foundation

/// Whether a larger rating is better (impact) or worse (cost, risk).
public enum ScoreDirection: String, Codable, CaseIterable, Sendable {
    case higherIsBetter
    case lowerIsBetter

    public var label: String {
        switch self {
        case .higherIsBetter: "Higher is better"
        case .lowerIsBetter: "Lower is better"
        }
    }
}

/// Where a version of the scoring framework stands: awaiting its decision, in force, not ratified, or replaced by a
/// later version. Stored in `scoring_frameworks.status`: the raw values are a contract.
public enum ScoringFrameworkStatus: String, Codable, CaseIterable, Sendable {
    case proposed, ratified, rejected, superseded

    public var label: String {
        switch self {
        case .proposed: "Awaiting its decision"
        case .ratified: "In force"
        case .rejected: "Not ratified"
        case .superseded: "Superseded"
        }
    }
}

/// One investment criterion of a scoring framework (issue #14): what raters score, on which scale, how much it weighs.
public struct ScoringCriterion: Codable, Equatable, Sendable {
    public var id: UUID
    public var name: String
    public var description: String
    /// Its relative weight, 1–100; the weights need not sum to 100 (they are normalized).
    public var weight: Int
    public var min: Double
    public var max: Double
    /// Ratings may have decimals; otherwise only whole numbers are accepted.
    public var decimals: Bool
    public var direction: ScoreDirection

    public init(
        id: UUID, name: String, description: String = "", weight: Int, min: Double, max: Double, decimals: Bool = false,
        direction: ScoreDirection = .higherIsBetter
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.weight = weight
        self.min = min
        self.max = max
        self.decimals = decimals
        self.direction = direction
    }

    /// A rating on this criterion's scale, 0–100, inverted when lower is better: the one comparable unit.
    public func normalized(_ value: Double) -> Double {
        let share = (value - min) / (max - min) * 100
        return direction == .higherIsBetter ? share : 100 - share
    }

    /// A rating checked against the scale.
    public func validatedRating(_ value: Double?, field: String) throws -> Double {
        guard let value else { throw ValidationError(field: field, "is required") }
        guard value.isFinite else { throw ValidationError(field: field, "must be a number") }
        guard value >= min && value <= max else {
            throw ValidationError(field: field, "must be between \(Self.format(min)) and \(Self.format(max)) for “\(name)”")
        }
        guard decimals || value == value.rounded() else {
            throw ValidationError(field: field, "must be a whole number for “\(name)”")
        }
        return value
    }

    public static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// A scoring framework's criteria, checked as a whole (issue #14).
public enum ScoringFramework {
    public static let maximumCriteria = 20

    /// Every broken rule at once, each naming its field (`criteria[2].max`).
    public static func validated(_ criteria: [ScoringCriterion]) throws -> [ScoringCriterion] {
        var checks = FieldChecks()
        checks.run {
            guard !criteria.isEmpty else { throw ValidationError(field: "criteria", "needs at least one criterion") }
            guard criteria.count <= maximumCriteria else {
                throw ValidationError(field: "criteria", "may hold at most \(maximumCriteria) criteria")
            }
        }
        var result: [ScoringCriterion] = []
        var names = Set<String>()
        for (index, criterion) in criteria.enumerated() {
            let field = "criteria[\(index)]"
            var checked = criterion
            if let name = checks.run({ try Validate.text(criterion.name, field: "\(field).name", maxLength: 100) }) {
                checked.name = name
                checks.run {
                    guard names.insert(name.lowercased()).inserted else {
                        throw ValidationError(field: "\(field).name", "is the name of another criterion")
                    }
                }
            }
            checks.run {
                checked.description = try Validate.longText(criterion.description, field: "\(field).description", maxLength: 2000)
            }
            checks.run {
                guard (1...100).contains(criterion.weight) else { throw ValidationError(field: "\(field).weight", "must be between 1 and 100") }
            }
            checks.run {
                guard criterion.min.isFinite, criterion.max.isFinite, abs(criterion.min) <= 1e9, abs(criterion.max) <= 1e9 else {
                    throw ValidationError(field: "\(field).max", "must be a number between −10⁹ and 10⁹")
                }
                guard criterion.max > criterion.min else { throw ValidationError(field: "\(field).max", "must be more than the minimum") }
                if !criterion.decimals && (criterion.min != criterion.min.rounded() || criterion.max != criterion.max.rounded()) {
                    throw ValidationError(field: "\(field).min", "must be whole numbers on an integer scale")
                }
            }
            result.append(checked)
        }
        try checks.finish()
        return result
    }
}

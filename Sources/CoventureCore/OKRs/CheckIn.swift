import Foundation

/// The checked content of one check-in on a key result. Who recorded it and when are the recording path's business.
public struct CheckIn: Sendable, Equatable, Codable {
    /// The measured value; for a milestone the number of steps reached, for a binary 0 (not done) or 1 (done).
    public var value: Decimal
    public var confidence: Confidence
    /// Trimmed; empty when none was given (allowed only when the confidence did not change).
    public var narrative: String

    public init(value: Decimal, confidence: Confidence, narrative: String = "") {
        self.value = value
        self.confidence = confidence
        self.narrative = narrative
    }
}

/// The rules a check-in must follow.
///
/// Every kind records its figure in the one field `value`, so a form and the API carry the same field whatever the kind:
/// a measured number for increase / decrease / thresholds, the number of steps reached for a milestone, 0 or 1 for a
/// binary key result.
public enum CheckInRules {
    /// The longest narrative accepted.
    public static let maxNarrativeLength = 5000

    /// Checks a check-in against its key result and the confidence of the previous check-in.
    ///
    /// - A value is required (field `value`); a milestone takes a whole number of steps from 0 to its step count, a
    ///   binary key result only 0 or 1.
    /// - A narrative is required whenever the confidence differs from the previous check-in's (field `narrative`): a
    ///   change of confidence is news the partners need explained. The first check-in (`previousConfidence == nil`)
    ///   changes nothing, so its narrative is optional. A blank narrative counts as none.
    public static func validate(value: Decimal?, confidence: Confidence, narrative: String?, previousConfidence: Confidence?,
                                for definition: KeyResultDefinition) throws -> CheckIn {
        // The value and the narrative are checked independently, and both refusals reported at once (issue #12).
        var checks = FieldChecks()
        let checkedValue = checks.run { () throws -> Decimal in
            guard let value else { throw ValidationError(field: "value", "is required") }
            guard !value.isNaN else { throw ValidationError(field: "value", "must be a number") }
            switch definition.kind {
            case .increase, .decrease, .stayAbove, .stayBelow:
                break
            case .milestone:
                let count = definition.steps.count
                guard (0...count).contains(where: { Decimal($0) == value }) else {
                    throw ValidationError(field: "value", "must be the number of steps reached, a whole number from 0 to \(count)")
                }
            case .binary:
                guard value == 0 || value == 1 else { throw ValidationError(field: "value", "must be 0 (not done) or 1 (done)") }
            }
            return value
        }
        let checkedText = checks.run { () throws -> String in
            let text = try Validate.longText(narrative, field: "narrative", maxLength: maxNarrativeLength)
            if let previousConfidence, previousConfidence != confidence, text.isEmpty {
                throw ValidationError(
                    field: "narrative",
                    "is required when the confidence changes (from \(previousConfidence.label.lowercased()) to \(confidence.label.lowercased()))")
            }
            return text
        }
        try checks.finish()
        let (value, text) = (checkedValue!, checkedText!)
        return CheckIn(value: value, confidence: confidence, narrative: text)
    }
}

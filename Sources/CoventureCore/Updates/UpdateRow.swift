import Foundation

/// One key result's row on "My updates" (issue #16) as it was posted: the figures the row showed when the page was
/// rendered, and what the person left in its fields.
///
/// The page shows every key result a person owns with its current value and confidence already filled in, so that
/// updating five of them is five small edits and one submit. A row the person did not touch must record nothing:
/// comparing what came back with what the row showed (not with the key result's value now) keeps a row untouched even
/// when someone else checked in meanwhile, and never turns "I left it alone" into "I confirm the old figure".
public struct UpdateRow: Sendable, Equatable {
    /// The value the row showed, as the server wrote it (canonical, "" when the key result has none yet).
    public var shownValue: String
    /// The confidence the row showed (its raw value, "" when none yet).
    public var shownConfidence: String
    public var value: String
    public var confidence: String
    public var narrative: String

    public init(shownValue: String, shownConfidence: String, value: String, confidence: String, narrative: String) {
        self.shownValue = shownValue
        self.shownConfidence = shownConfidence
        self.value = value
        self.confidence = confidence
        self.narrative = narrative
    }

    /// Whether the person changed the row: another value, another confidence, or a narrative written. A narrative
    /// alone is how a person confirms a figure unchanged ("no change this week"), which is a check-in too.
    public var isTouched: Bool {
        trimmed(value) != trimmed(shownValue) || trimmed(confidence) != trimmed(shownConfidence) || !trimmed(narrative).isEmpty
    }

    /// The value to check in: as typed by a person, except when the field still holds exactly what the row showed —
    /// the server's own canonical number, which a person's parser may find ambiguous ("12.125": thousands or
    /// decimals?) although nobody typed it.
    public func parsedValue(field: String = "value") throws -> Decimal? {
        if trimmed(value) == trimmed(shownValue) {
            return try DecimalInput.parse(value, field: field, from: .machine)
        }
        return try DecimalInput.parse(value, field: field, from: .person)
    }

    private func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
}

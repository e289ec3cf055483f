import Foundation

/// Strict parsing of the numbers people type for baselines, targets, weights and check-in values.
///
/// `Decimal(string:)` is not fit for input: it reads "12abc" as 12 and "1e5" as 100000, silently. This parser accepts
/// exactly an optional minus sign ("-" or the typographic "−"), ASCII digits, and at most one decimal separator,
/// "." or "," (partners write both). Blanks around the number are ignored.
///
/// Thousands separators are not accepted, and a number that reads differently depending on the writer's habits is
/// refused rather than guessed: "1,500" is 1.5 to a Dutch reader and 1500 to an English one, "1.500" the other way
/// round. A factor-1000 error in a KR figure would pass unnoticed, so any number whose separator is followed by exactly
/// three digits after a one-to-three-digit whole part that does not start with 0 is refused with a hint.
/// "0.125", "1.25", "1500" and "12.5000" are all unambiguous and accepted.
public enum DecimalInput {
    /// At most this many digits before the separator: room for revenue in cents, not for typos.
    public static let maxWholeDigits = 15
    /// At most this many digits after the separator.
    public static let maxFractionDigits = 6

    /// Who wrote the number: a person typing into a form (either separator, ambiguity refused), or a program
    /// (JSON, CSV) that writes "." as the decimal point and never groups thousands, so "2.125" is plainly 2.125.
    public enum Source: Sendable {
        case person
        case machine
    }

    /// The number in `text`, or `nil` when the text is empty or blank (an optional field left empty).
    public static func parse(_ text: String?, field: String, from source: Source = .person) throws -> Decimal? {
        var body = Substring((text ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        if body.isEmpty { return nil }
        var negative = false
        if let first = body.first, first == "-" || first == "\u{2212}" {
            negative = true
            body = body.dropFirst()
        }
        let parts = body.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "." || (source == .person && $0 == ",") })
        let isDigits: (Substring) -> Bool = { !$0.isEmpty && $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }
        guard (1...2).contains(parts.count), isDigits(parts[0]), parts.count == 1 || isDigits(parts[1]) else {
            throw ValidationError(field: field, "must be a number like 12.5")
        }
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard whole.count <= maxWholeDigits, fraction.count <= maxFractionDigits else {
            throw ValidationError(
                field: field, "must have at most \(maxWholeDigits) digits before and \(maxFractionDigits) after the decimal separator")
        }
        if source == .person, fraction.count == 3, (1...3).contains(whole.count), whole.first != "0" {
            throw ValidationError(
                field: field,
                "could be read as thousands or as decimals: write \(whole)\(fraction) without a separator, or \(whole).\(fraction)0 for a decimal")
        }
        // Built from the digits themselves (all ASCII, bounded): no locale, no binary floating point on the way.
        guard let magnitude = Decimal(string: fraction.isEmpty ? String(whole) : "\(whole).\(fraction)", locale: Locale(identifier: "en_US_POSIX"))
        else { throw ValidationError(field: field, "must be a number like 12.5") }
        return negative && magnitude != 0 ? -magnitude : magnitude
    }

    /// The canonical text of a stored number: "." as the point, no exponent, no trailing zeros ("12.5", "-3", "0.125").
    /// Decimals are stored and recorded as this text, never as binary floating point.
    public static func canonical(_ value: Decimal) -> String {
        var text = value.description
        if text.contains("."), !text.contains("e"), !text.contains("E") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}

/// A rule a piece of input broke, naming the field so a form can show the message beside it
/// and the API can put it in `error.field`.
public struct ValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// Every rule a form's input broke, one per field at most, so a person corrects them all in one go (issue #12:
/// "all field errors at once, not one per submit"). Thrown by `FieldChecks.finish()` when more than one field failed.
public struct ValidationErrors: Error, Equatable, Sendable {
    public var errors: [ValidationError]

    public init(_ errors: [ValidationError]) { self.errors = errors }
}

/// Runs a form's independent field checks and gathers their failures instead of stopping at the first.
///
/// ```
/// var checks = FieldChecks()
/// let name = checks.run { try Validate.text(input.name, field: "name") }
/// let end = checks.run { try CalendarDate(parsing: input.end, field: "endDate") }
/// try checks.finish()   // one ValidationError, or ValidationErrors for several
/// ```
/// A check that depends on others (an end after a start) runs only when they passed. An error that is not a
/// `ValidationError` is kept too, and `finish()` throws it first: it is a failure, not a field to correct.
public struct FieldChecks: Sendable {
    public private(set) var errors: [ValidationError] = []
    private var failure: (any Error)?

    public init() {}

    /// The check's value, or nil when it failed (its error kept; a field keeps only its first error).
    public mutating func run<Value>(_ check: () throws -> Value) -> Value? {
        do {
            return try check()
        } catch let error as ValidationError {
            add(error)
        } catch let several as ValidationErrors {
            several.errors.forEach { add($0) }
        } catch {
            if failure == nil { failure = error }
        }
        return nil
    }

    private mutating func add(_ error: ValidationError) {
        if !errors.contains(where: { $0.field == error.field }) { errors.append(error) }
    }

    /// Throws what was gathered: the single error as itself, several as `ValidationErrors`.
    public func finish() throws {
        if let failure { throw failure }
        switch errors.count {
        case 0: return
        case 1: throw errors[0]
        default: throw ValidationErrors(errors)
        }
    }
}

/// Small, composable checks shared by every feature's validation.
public enum Validate {
    /// Trims and checks a required single-line text: not empty, at most `maxLength` characters, no control characters.
    public static func text(_ value: String?, field: String, maxLength: Int = 200) throws -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ValidationError(field: field, "is required") }
        guard trimmed.count <= maxLength else {
            throw ValidationError(field: field, "must be at most \(maxLength) characters")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || isLineBreakOrBidiControl($0) })
        else {
            throw ValidationError(field: field, "must be a single line without control characters")
        }
        return trimmed
    }

    /// Line and paragraph separators break a "single line"; bidirectional overrides can make a name display
    /// as something else (a classic spoofing trick), so neither belongs in names and titles.
    static func isLineBreakOrBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F: true
        default: false
        }
    }

    /// Trims a free multi-line text; empty is allowed. Tabs and newlines are kept.
    public static func longText(_ value: String?, field: String, maxLength: Int = 5000) throws -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= maxLength else {
            throw ValidationError(field: field, "must be at most \(maxLength) characters")
        }
        let allowed: Set<Unicode.Scalar> = ["\n", "\r", "\t"]
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) })
        else { throw ValidationError(field: field, "must not contain control characters") }
        return trimmed
    }

    /// Normalizes an email address (trimmed, lower-cased) and checks its basic shape.
    public static func email(_ value: String?, field: String = "email") throws -> String {
        let email = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !email.isEmpty else { throw ValidationError(field: field, "is required") }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), email.count <= 254,
            !email.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control })
        else { throw ValidationError(field: field, "must be an email address like name@example.org") }
        return email
    }
}

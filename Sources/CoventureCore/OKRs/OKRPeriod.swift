import Foundation

/// A named cycle of OKRs (a quarter, a half, a programme phase), from one calendar date to another, both included.
public struct OKRPeriod: Sendable, Equatable, Hashable {
    public var name: String
    public var start: CalendarDate
    public var end: CalendarDate

    public static let maxNameLength = 80

    public init(name: String, start: CalendarDate, end: CalendarDate) {
        self.name = name
        self.start = start
        self.end = end
    }

    /// A period from its dates; the end may not come before the start. A blank name becomes the dates themselves.
    public static func validated(name: String?, start: CalendarDate, end: CalendarDate,
                                 fields: (start: String, end: String) = ("periodStart", "periodEnd")) throws -> OKRPeriod {
        var checks = FieldChecks()
        checks.run {
            guard end >= start else { throw ValidationError(field: fields.end, "must be on or after the start date \(start)") }
        }
        let trimmed = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let cleanName = trimmed.isEmpty
            ? "\(start) – \(end)" : checks.run { try Validate.text(trimmed, field: "periodName", maxLength: maxNameLength) }
        try checks.finish()
        return OKRPeriod(name: cleanName!, start: start, end: end)
    }

    /// Parses both dates from text (forms, JSON, CSV) naming each field on error.
    public static func parse(name: String? = nil, start: String?, end: String?,
                             fields: (start: String, end: String) = ("periodStart", "periodEnd")) throws -> OKRPeriod {
        var checks = FieldChecks()
        func date(_ text: String?, field: String) throws -> CalendarDate {
            guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError(field: field, "is required") }
            return try CalendarDate(parsing: text, field: field)
        }
        let startDate = checks.run { try date(start, field: fields.start) }
        let endDate = checks.run { try date(end, field: fields.end) }
        try checks.finish()
        return try validated(name: name, start: startDate!, end: endDate!, fields: fields)
    }
}

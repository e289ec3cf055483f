import Foundation

/// How long a personal API token works, and how often its use is written down (issue #11, finding 12).
///
/// A token works until revoked, or until the expiry its owner chose when creating it; an expired token is refused
/// exactly like an unknown one. Its last use is written at most once a minute: enough to answer "is this token
/// still used?", without a write on every request.
public enum TokenLifetime {
    /// The furthest expiry a token may be given: ten years.
    public static let maximumDays = 3650
    /// A token's last use is written again only once it is at least this old.
    public static let lastUseInterval: TimeInterval = 60

    /// An expiry given as an RFC 3339 date-time (`2026-12-31T23:59:59Z`, fractional seconds and offsets allowed),
    /// later than `now` and at most ``maximumDays`` ahead.
    public static func expiry(rfc3339 text: String, now: Date, field: String = "expiresAt") throws -> Date {
        guard let date = parse(text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError(field: field, "must be an RFC 3339 date-time with a time zone, like 2026-12-31T23:59:59Z")
        }
        return try checked(date, now: now, field: field)
    }

    /// An expiry given as a number of days from `now` (the tokens page): empty means none; otherwise a whole number
    /// from 1 to ``maximumDays``.
    public static func expiry(days text: String?, now: Date, field: String = "expiresInDays") throws -> Date? {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard let days = Int(trimmed), (1...maximumDays).contains(days) else {
            throw ValidationError(field: field, "must be a whole number of days from 1 to \(maximumDays), or empty for no expiry")
        }
        return now.addingTimeInterval(TimeInterval(days) * 86_400)
    }

    /// Whether a token with this expiry still works at `now`: the moment of expiry itself is already too late.
    public static func isLive(expiresAt: Date?, now: Date) -> Bool {
        guard let expiresAt else { return true }
        return now < expiresAt
    }

    /// Whether a use at `now` should be written: the token was never used, or last used ``lastUseInterval`` ago or
    /// more (a clock that went back also counts as due, so a wrong future value does not stick).
    public static func isUseDue(lastUsedAt: Date?, now: Date) -> Bool {
        guard let lastUsedAt else { return true }
        let age = now.timeIntervalSince(lastUsedAt)
        return age >= lastUseInterval || age < 0
    }

    static func checked(_ date: Date, now: Date, field: String) throws -> Date {
        guard date > now else { throw ValidationError(field: field, "must be in the future") }
        guard date.timeIntervalSince(now) <= TimeInterval(maximumDays) * 86_400 else {
            throw ValidationError(field: field, "must be at most \(maximumDays) days ahead")
        }
        return date
    }

    /// RFC 3339's `date-time`: a full date, a time and an offset; `T`/`Z` in either case; fractional seconds optional.
    static func parse(_ text: String) -> Date? {
        let upper = text.uppercased()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: upper) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: upper)
    }
}

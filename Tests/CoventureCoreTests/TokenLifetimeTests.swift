import Foundation
import Testing
@testable import CoventureCore

@Suite("Token lifetime")
struct TokenLifetimeTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z

    @Test("An RFC 3339 date-time in the future is an expiry, with or without fractional seconds or an offset",
          arguments: ["2027-02-01T00:00:00Z", "2027-02-01t00:00:00z", "2027-02-01T00:00:00.250Z", "2027-02-01T01:00:00+01:00"])
    func rfc3339(text: String) throws {
        let expiry = try TokenLifetime.expiry(rfc3339: text, now: Self.now)
        #expect(abs(expiry.timeIntervalSince1970 - 1_801_440_000) < 1)
    }

    @Test("A date without a time, a time without a zone, or words are refused naming the field",
          arguments: ["2027-02-01", "2027-02-01T00:00:00", "next week", ""])
    func notRFC3339(text: String) {
        #expect(throws: ValidationError(field: "expiresAt", "must be an RFC 3339 date-time with a time zone, like 2026-12-31T23:59:59Z")) {
            try TokenLifetime.expiry(rfc3339: text, now: Self.now)
        }
    }

    @Test("An expiry now or in the past, or more than ten years ahead, is refused")
    func outOfRange() {
        #expect(throws: ValidationError(field: "expiresAt", "must be in the future")) {
            try TokenLifetime.expiry(rfc3339: "2027-01-15T08:00:00Z", now: Self.now)
        }
        #expect(throws: ValidationError(field: "expiresAt", "must be at most 3650 days ahead")) {
            try TokenLifetime.expiry(rfc3339: "2037-02-01T00:00:00Z", now: Self.now)
        }
    }

    @Test("Days from now: empty is no expiry; 1 to 3650 whole days are; anything else is refused")
    func days() throws {
        #expect(try TokenLifetime.expiry(days: nil, now: Self.now) == nil)
        #expect(try TokenLifetime.expiry(days: "  ", now: Self.now) == nil)
        #expect(try TokenLifetime.expiry(days: "30", now: Self.now) == Self.now.addingTimeInterval(30 * 86_400))
        #expect(try TokenLifetime.expiry(days: "3650", now: Self.now) != nil)
        for bad in ["0", "-1", "1.5", "soon", "3651"] {
            #expect(throws: ValidationError.self, "\(bad)") { try TokenLifetime.expiry(days: bad, now: Self.now) }
        }
    }

    @Test("A token works until its expiry, not at it; without one it works")
    func live() {
        #expect(TokenLifetime.isLive(expiresAt: nil, now: Self.now))
        #expect(TokenLifetime.isLive(expiresAt: Self.now.addingTimeInterval(1), now: Self.now))
        #expect(!TokenLifetime.isLive(expiresAt: Self.now, now: Self.now))
        #expect(!TokenLifetime.isLive(expiresAt: Self.now.addingTimeInterval(-1), now: Self.now))
    }

    @Test("A use is written when the token was never used or last used a minute ago or more; not within the minute")
    func useDue() {
        #expect(TokenLifetime.isUseDue(lastUsedAt: nil, now: Self.now))
        #expect(!TokenLifetime.isUseDue(lastUsedAt: Self.now, now: Self.now))
        #expect(!TokenLifetime.isUseDue(lastUsedAt: Self.now.addingTimeInterval(-59), now: Self.now))
        #expect(TokenLifetime.isUseDue(lastUsedAt: Self.now.addingTimeInterval(-60), now: Self.now))
        #expect(TokenLifetime.isUseDue(lastUsedAt: Self.now.addingTimeInterval(3600), now: Self.now), "a value from the future is fixed")
    }
}

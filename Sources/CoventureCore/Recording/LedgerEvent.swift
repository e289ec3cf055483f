import Foundation

/// The facts of one recorded change, before it is stored. Its canonical JSON is the event's leaf bytes:
/// the exact bytes a later Merkle log commits to, so every field that matters is inside them.
public struct LedgerEventBody: Sendable, Equatable {
    /// The log the event belongs to: an initiative, or an organization for changes outside any initiative.
    public var logID: UUID
    /// 1-based position in that log.
    public var sequence: Int
    /// nil for the operator (CLI, demo loader).
    public var actorID: UUID?
    /// The actor's organization (their party), nil for the operator.
    public var actorOrganizationID: UUID?
    public var action: String
    public var objectType: String
    public var objectID: UUID
    /// Ids and changed values; never a secret.
    public var change: [String: JSONValue]
    public var recordedAt: Date

    public init(
        logID: UUID, sequence: Int, actorID: UUID?, actorOrganizationID: UUID?, action: String,
        objectType: String, objectID: UUID, change: [String: JSONValue], recordedAt: Date
    ) {
        self.logID = logID
        self.sequence = sequence
        self.actorID = actorID
        self.actorOrganizationID = actorOrganizationID
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.change = change
        self.recordedAt = recordedAt
    }

    /// Times are written with millisecond precision in UTC, e.g. `2026-11-29T10:45:01.123Z`.
    public static func timestamp(_ date: Date) -> String {
        // Round to microseconds first, so a date made from an exact millisecond (stored as a double a hair below
        // it) keeps that millisecond; then floor to milliseconds, flooring also before 1970.
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let millis = micros >= 0 ? micros / 1000 : -((-micros + 999) / 1000)
        var seconds = millis / 1000
        var ms = Int(millis % 1000)
        if ms < 0 {
            ms += 1000
            seconds -= 1
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                        from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        return "\(pad(c.year!, 4))-\(pad(c.month!, 2))-\(pad(c.day!, 2))T\(pad(c.hour!, 2)):\(pad(c.minute!, 2)):\(pad(c.second!, 2)).\(pad(ms, 3))Z"
    }

    public var canonical: JSONValue {
        .object([
            "v": .int(1),
            "log": .id(logID),
            "seq": .int(sequence),
            "actor": .optional(actorID),
            "party": .optional(actorOrganizationID),
            "action": .string(action),
            "object": .object(["type": .string(objectType), "id": .id(objectID)]),
            "change": .object(change),
            "at": .string(Self.timestamp(recordedAt)),
        ])
    }

    public var canonicalBytes: [UInt8] { canonical.canonicalBytes }
}

/// Keys that must never reach an event (secrets). The recording path refuses a change that carries one.
public enum SecretFields {
    public static let names: Set<String> = [
        "password", "passwordHash", "password_hash", "token", "tokenHash", "token_hash", "code", "codeHash",
        "code_hash", "secret",
    ]

    /// A key names a secret when it is one of `names` (any case), or mentions a password or secret, or ends in "token".
    public static func isSecret(_ key: String) -> Bool {
        let lower = key.lowercased()
        return names.contains(where: { $0.lowercased() == lower }) || lower.contains("password") || lower.contains("secret")
            || lower.hasSuffix("token")
    }

    /// The path of the first secret field, searching nested objects and arrays; keys are visited in sorted order
    /// so the answer is the same every time.
    public static func firstSecret(in change: [String: JSONValue]) -> String? {
        for key in change.keys.sorted() {
            if isSecret(key) { return key }
            if let found = firstSecret(in: change[key]!) { return "\(key).\(found)" }
        }
        return nil
    }

    private static func firstSecret(in value: JSONValue) -> String? {
        switch value {
        case .object(let inner): return firstSecret(in: inner)
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = firstSecret(in: item) { return "\(index).\(found)" }
            }
            return nil
        default: return nil
        }
    }
}

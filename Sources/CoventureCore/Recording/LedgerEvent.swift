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
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = millis / 1000
        let ms = Int(millis % 1000)
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

    public static func firstSecret(in change: [String: JSONValue]) -> String? {
        for (key, value) in change {
            if names.contains(key) { return key }
            if case .object(let inner) = value, let found = firstSecret(in: inner) { return "\(key).\(found)" }
        }
        return nil
    }
}

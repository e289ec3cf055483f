import Foundation

/// What an endpoint may be registered with (issue #16): a URL the server may send to, and the event types it wants.
public enum WebhookRules {
    public static let maxURLLength = 2_000
    public static let maxEventTypes = 200
    /// Every event type: `["*"]`.
    public static let everything = "*"
    /// The type of the message "send a test event" sends; it is not a ledger action and cannot be subscribed to.
    public static let testEventType = "webhook.test"

    /// A URL's parts the guard needs: the scheme, the host (an IP literal without brackets, or a name) and the port.
    public struct Target: Sendable, Equatable {
        public var scheme: String
        public var host: String
        public var port: Int
        /// Set when the host is an IP literal: the guard classifies it without resolving anything.
        public var address: WebhookAddress?
    }

    /// Checks a URL's form: `https`, or `http` only when private addresses are allowed (development and tests; plain
    /// http would show every payload to anyone on the path); a host; no user name or password (they would end up in
    /// logs). The addresses the host resolves to are checked separately (`WebhookAddress.Kind.allowed`).
    public static func target(_ text: String?, allowPrivate: Bool) throws -> Target {
        let text = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw ValidationError(field: "url", "is required") }
        guard text.count <= maxURLLength else { throw ValidationError(field: "url", "must be at most \(maxURLLength) characters") }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw ValidationError(field: "url", "must be an absolute https URL")
        }
        guard scheme == "https" || (scheme == "http" && allowPrivate) else {
            throw ValidationError(field: "url", "must use https")
        }
        guard components.user == nil, components.password == nil else {
            throw ValidationError(field: "url", "must not hold a user name or password")
        }
        guard components.fragment == nil else { throw ValidationError(field: "url", "must not have a fragment") }
        guard var host = components.host, !host.isEmpty else { throw ValidationError(field: "url", "must name a host") }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard host.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 }) else {
            throw ValidationError(field: "url", "must name its host in ASCII (punycode for international names)")
        }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        guard (1...65_535).contains(port) else { throw ValidationError(field: "url", "must have a port from 1 to 65535") }
        let target = Target(scheme: scheme, host: host.lowercased(), port: port, address: WebhookAddress(host))
        if let address = target.address { try check([address], allowPrivate: allowPrivate) }
        return target
    }

    /// Refuses the URL when any address its host resolves to is not allowed: a name with one public and one private
    /// address must not reach the private one on some attempt.
    public static func check(_ addresses: [WebhookAddress], allowPrivate: Bool) throws {
        guard !addresses.isEmpty else { throw ValidationError(field: "url", "does not resolve: its host has no address") }
        if let refused = addresses.first(where: { !$0.kind.allowed(allowPrivate: allowPrivate) }) {
            throw ValidationError(field: "url", "must not resolve to \(refused.kind.label) (\(refused)): webhooks are never sent there")
        }
    }

    /// The event types: `["*"]` for every one, or ledger action names (`LedgerAction` raw values), without repeats.
    public static func eventTypes(_ types: [String]?) throws -> [String] {
        guard let types, !types.isEmpty else { throw ValidationError(field: "eventTypes", "must list at least one event type, or \"*\"") }
        guard types.count <= maxEventTypes else { throw ValidationError(field: "eventTypes", "must list at most \(maxEventTypes) types") }
        if types.contains(everything) {
            guard types == [everything] else { throw ValidationError(field: "eventTypes", "must be [\"*\"] alone, or action names") }
            return types
        }
        var seen = Set<String>()
        for type in types {
            guard LedgerAction(rawValue: type) != nil else {
                throw ValidationError(field: "eventTypes", "must be the ledger's action names (e.g. \"checkIn.recorded\"): \"\(type.prefix(80))\" is not one")
            }
            guard seen.insert(type).inserted else { throw ValidationError(field: "eventTypes", "must not list \"\(type)\" twice") }
        }
        return types.sorted()
    }

    /// Whether an endpoint subscribed to `types` receives an event of `action`.
    public static func subscribes(_ types: [String], to action: String) -> Bool {
        types.contains(everything) || types.contains(action)
    }
}

/// When a message is tried again (Standard Webhooks, "Retry schedule"): exponential backoff with jitter, for up to
/// 24 hours from the message's first attempt; an endpoint whose deliveries have failed for 24 hours is disabled.
public enum WebhookRetry {
    /// How long a message is retried, and how long an endpoint may fail before it is disabled.
    public static let giveUpAfter: TimeInterval = 24 * 3600
    /// The first retry after 5 seconds, then doubling up to an hour between attempts (about 36 attempts in 24 hours).
    public static let firstDelay: TimeInterval = 5
    public static let maxDelay: TimeInterval = 3600

    /// The delay before attempt `attempts + 1`, after `attempts` failed ones: `firstDelay · 2^(attempts−1)`, capped,
    /// then spread by `jitter` (0…1) over ±20 % so receivers that failed together are not retried together.
    public static func delay(afterFailedAttempts attempts: Int, jitter: Double) -> TimeInterval {
        let exponent = Double(max(0, min(attempts - 1, 30)))
        let base = min(maxDelay, firstDelay * pow(2, exponent))
        let spread = min(max(jitter, 0), 1) * 0.4 - 0.2
        return base * (1 + spread)
    }

    /// When to try again, or nil when the message is given up: 24 hours after its first attempt. The last retry is
    /// moved to that moment rather than dropped, so a message is tried across the whole window and an endpoint that
    /// failed all along has failed for 24 hours when it is given up (and is then disabled).
    public static func nextAttempt(firstAttemptAt first: Date, failedAttempts: Int, now: Date, jitter: Double) -> Date? {
        let deadline = first.addingTimeInterval(giveUpAfter)
        guard now < deadline else { return nil }
        return min(now.addingTimeInterval(delay(afterFailedAttempts: failedAttempts, jitter: jitter)), deadline)
    }

    /// Whether an endpoint failing since `since` is to be disabled now.
    public static func disables(failingSince since: Date?, now: Date) -> Bool {
        guard let since else { return false }
        return now.timeIntervalSince(since) >= giveUpAfter
    }
}

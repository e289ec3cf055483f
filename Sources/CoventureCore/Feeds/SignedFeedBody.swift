import Crypto
import Foundation

/// Standard Webhooks signatures (standard-webhooks.com, `spec/standard-webhooks.md`): the headers `webhook-id`,
/// `webhook-timestamp` (Unix seconds) and `webhook-signature` (a space-delimited list of `v1,<base64 HMAC-SHA256>`
/// of `id.timestamp.body`). A key result's inbound feed accepts such a body signed with the feed's secret.
///
/// The key is the secret's UTF-8 bytes as the feed's owner was shown it (a Standard Webhooks library, which
/// base64-decodes what follows `whsec_`, is given `whsec_` + base64 of those bytes; the README says so).
public enum WebhookSignature {
    /// How far the timestamp may be from now, either way: the spec's replay window.
    public static let tolerance: TimeInterval = 5 * 60

    /// Why a signed body was refused. Each says what to fix without telling what the right signature would be.
    public enum Refusal: Error, Equatable, Sendable {
        /// One or two of the three headers are present, not all three.
        case missingHeader(String)
        case malformedTimestamp
        /// Older or newer than `tolerance` from now.
        case timestampOutOfTolerance
        /// No `v1` signature in the header matches.
        case noMatchingSignature

        public var message: String {
            switch self {
            case .missingHeader(let name): "is required when a body is signed (webhook-id, webhook-timestamp and webhook-signature go together); \(name) is missing"
            case .malformedTimestamp: "must be whole seconds since 1970 (Unix time)"
            case .timestampOutOfTolerance: "is more than 5 minutes away from the server's clock (a replay, or a clock to set right)"
            case .noMatchingSignature: "matches no v1 signature of id.timestamp.body made with the feed's secret"
            }
        }

        /// The header the refusal is about, reported as the error's field.
        public var header: String {
            switch self {
            case .missingHeader(let name): name
            case .malformedTimestamp, .timestampOutOfTolerance: "webhook-timestamp"
            case .noMatchingSignature: "webhook-signature"
            }
        }
    }

    /// The three headers as received (nil when absent).
    public struct Headers: Sendable, Equatable {
        public var id: String?
        public var timestamp: String?
        public var signature: String?

        public init(id: String?, timestamp: String?, signature: String?) {
            self.id = id
            self.timestamp = timestamp
            self.signature = signature
        }

        /// True when none is present: the body is not signed, and the secret in the path alone authenticates it.
        public var areAbsent: Bool { id == nil && timestamp == nil && signature == nil }
    }

    /// The HMAC key of a feed's secret: its UTF-8 bytes.
    public static func key(secret: String) -> [UInt8] { Array(secret.utf8) }

    /// `v1,<base64>` for this message.
    public static func sign(id: String, timestamp: Int64, body: [UInt8], key: [UInt8]) -> String {
        "v1," + Data(mac(id: id, timestamp: String(timestamp), body: body, key: key)).base64EncodedString()
    }

    /// Checks a signed body; returns the message id (the idempotency key) when it is authentic and fresh.
    public static func verify(_ headers: Headers, body: [UInt8], key: [UInt8], now: Date) throws(Refusal) -> String {
        guard let id = headers.id, !id.isEmpty else { throw .missingHeader("webhook-id") }
        guard let timestampText = headers.timestamp else { throw .missingHeader("webhook-timestamp") }
        guard let signatures = headers.signature else { throw .missingHeader("webhook-signature") }
        guard timestampText.allSatisfy(\.isASCII), let timestamp = Int64(timestampText), timestamp >= 0 else {
            throw .malformedTimestamp
        }
        guard abs(Double(timestamp) - now.timeIntervalSince1970) <= tolerance else { throw .timestampOutOfTolerance }
        let expected = mac(id: id, timestamp: timestampText, body: body, key: key)
        // Every listed signature is compared (rotation sends several); each comparison takes the same time.
        var matched = false
        for entry in signatures.split(separator: " ") {
            let parts = entry.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1", let given = Data(base64Encoded: String(parts[1])) else { continue }
            if constantTimeEquals(Array(given), expected) { matched = true }
        }
        guard matched else { throw .noMatchingSignature }
        return id
    }

    private static func mac(id: String, timestamp: String, body: [UInt8], key: [UInt8]) -> [UInt8] {
        var message = Array("\(id).\(timestamp).".utf8)
        message.append(contentsOf: body)
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// No early exit: the time taken does not tell how much of a guess was right.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

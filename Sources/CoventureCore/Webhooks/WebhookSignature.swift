import Crypto
import Foundation

/// A Standard Webhooks signing secret (`whsec_` + base64 of random bytes) and the signatures made with it
/// (https://www.standardwebhooks.com, "Signature scheme": symmetric, `v1`, HMAC-SHA256).
public struct WebhookSecret: Sendable, Equatable {
    /// The key: the base64-decoded part after `whsec_`.
    public let key: [UInt8]

    public static let prefix = "whsec_"
    /// The spec asks for 24 to 64 random bytes; 32 is SHA-256's block-size-independent sweet spot.
    public static let keyBytes = 32

    public init(key: [UInt8]) { self.key = key }

    /// Reads `whsec_<base64>`; nil for anything else (so a stored value that is not a secret cannot sign).
    public init?(_ text: String) {
        guard text.hasPrefix(Self.prefix), let data = Data(base64Encoded: String(text.dropFirst(Self.prefix.count))),
            (24...64).contains(data.count)
        else { return nil }
        key = Array(data)
    }

    /// A fresh random secret.
    public static func random() -> WebhookSecret {
        var generator = SystemRandomNumberGenerator()  // getrandom(2) on Linux: cryptographically secure
        return WebhookSecret(key: (0..<keyBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// `whsec_` + standard base64, as receivers' libraries expect it.
    public var serialized: String { Self.prefix + Data(key).base64EncodedString() }

    /// `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`: the one signing function, which inbound feeds verify with too
    /// (`WebhookSignature`).
    public func signature(id: String, timestamp: Int64, body: [UInt8]) -> String {
        WebhookSignature.sign(id: id, timestamp: timestamp, body: body, key: key)
    }
}

/// The headers of one attempt to deliver one message.
public struct WebhookHeaders: Sendable, Equatable {
    public var id: String
    public var timestamp: Int64
    public var signature: String

    /// Signs with every secret in force, the current one first: during a rotation the previous secret signs too, and
    /// the signatures are sent space-separated so a receiver still holding the old secret keeps verifying.
    public init(id: String, timestamp: Int64, body: [UInt8], secrets: [WebhookSecret]) {
        self.id = id
        self.timestamp = timestamp
        self.signature = secrets.map { $0.signature(id: id, timestamp: timestamp, body: body) }.joined(separator: " ")
    }

    /// Header names and values, in the spec's names.
    public var fields: [(String, String)] {
        [("webhook-id", id), ("webhook-timestamp", String(timestamp)), ("webhook-signature", signature)]
    }
}

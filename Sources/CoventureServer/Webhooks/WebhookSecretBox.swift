import CoventureCore
import Crypto
import Foundation

/// Seals webhook secrets for storage (AES-256-GCM) with a key kept in a file beside the ledger key, never in the
/// database (issue #16). API tokens are stored as hashes because the server only compares them; a webhook secret
/// signs every delivery, so the server needs the key itself: a leaked database alone still leaks no usable secret.
struct WebhookSecretBox: Sendable {
    /// The AES-256 key's bytes (`SymmetricKey` itself is not `Sendable`).
    let keyBytes: Data
    var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// Loads the key from `path`, or creates it there (mode 0600) on first start.
    static func loadOrCreate(at path: String) throws -> WebhookSecretBox {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard let raw = Data(base64Encoded: text), raw.count == 32 else {
                throw ConfigError("the webhook key file \(path) does not hold a base64 key of 32 bytes")
            }
            return WebhookSecretBox(keyBytes: raw)
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try manager.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let raw = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let contents = Data((raw.base64EncodedString() + "\n").utf8)
        // Created with 0600 from the start, as the ledger key is.
        guard manager.createFile(atPath: path, contents: contents, attributes: [.posixPermissions: 0o600]) else {
            throw ConfigError("could not write the webhook key file \(path)")
        }
        return WebhookSecretBox(keyBytes: raw)
    }

    /// Base64 of nonce ‖ ciphertext ‖ tag; the endpoint's id is authenticated with it, so a sealed secret copied
    /// onto another endpoint's row does not open.
    func seal(_ secret: WebhookSecret, endpointID: UUID) throws -> String {
        let box = try AES.GCM.seal(Data(secret.key), using: key, authenticating: Data(endpointID.uuidString.utf8))
        guard let combined = box.combined else { throw ConfigError("AES-GCM gave no combined box") }
        return combined.base64EncodedString()
    }

    func open(_ sealed: String, endpointID: UUID) throws -> WebhookSecret {
        guard let data = Data(base64Encoded: sealed) else { throw StoredValueError(column: "webhook_endpoints.secret_sealed", value: "not base64") }
        let box = try AES.GCM.SealedBox(combined: data)
        let opened = try AES.GCM.open(box, using: key, authenticating: Data(endpointID.uuidString.utf8))
        return WebhookSecret(key: Array(opened))
    }
}

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
        WebhookSecretBox(keyBytes: try KeyFile.loadOrCreate(at: path, describing: "the webhook key file"))
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

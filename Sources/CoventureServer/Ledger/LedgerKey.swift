import Crypto
import Foundation

/// The server's Ed25519 checkpoint-signing key. It lives in a file, never in the database: whoever can rewrite
/// the database must still not be able to sign a rewritten history.
enum LedgerKey {
    /// Loads the key from `path`, or creates it there (mode 0600) on first start.
    static func loadOrCreate(at path: String) throws -> Curve25519.Signing.PrivateKey {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let raw = Data(base64Encoded: text), raw.count == 32 else {
                throw ConfigError("the ledger key file \(path) does not hold a base64 Ed25519 seed of 32 bytes")
            }
            return try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try manager.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let key = Curve25519.Signing.PrivateKey()
        let contents = Data((key.rawRepresentation.base64EncodedString() + "\n").utf8)
        // Created with 0600 from the start, so the seed is never readable by others, not even for a moment.
        guard manager.createFile(atPath: path, contents: contents, attributes: [.posixPermissions: 0o600]) else {
            throw ConfigError("could not write the ledger key file \(path)")
        }
        return key
    }
}

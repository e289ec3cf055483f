import Crypto
import Foundation

/// The server's Ed25519 checkpoint-signing key. It lives in a file, never in the database: whoever can rewrite
/// the database must still not be able to sign a rewritten history.
enum LedgerKey {
    /// Loads the key from `path`, or creates it there (mode 0600) on first start.
    static func loadOrCreate(at path: String) throws -> Curve25519.Signing.PrivateKey {
        try Curve25519.Signing.PrivateKey(rawRepresentation: KeyFile.loadOrCreate(at: path, describing: "the ledger key file"))
    }
}

import Crypto
import Foundation

// Ed25519 checkpoint cosignatures, version 1 (c2sp.org/tlog-cosignature): a witness's statement that, as of
// a time, the checkpoint is the largest consistent tree head it has seen for the log. A cosignature is a
// note signature line of key type 0x04:
//
//     key ID    = SHA-256(<name> || "\n" || 0x04 || 32-byte Ed25519 public key)[:4]
//     line      = — <name> base64(key ID || uint64 big-endian timestamp || 64-byte Ed25519 signature)
//     signed    = "cosignature/v1\n" || "time <decimal timestamp>\n" || <checkpoint note text>
//
// The timestamp is POSIX seconds and must not exceed 2^63 - 1. The signed message does not include the
// cosigner's name, so one key must never serve two cosigner names.

/// What the cosignature format fixes: the message a cosigner signs and where the timestamp sits.
public enum CosignatureV1 {
    /// The largest timestamp allowed, 2^63 - 1.
    public static let maximumTimestamp = UInt64(Int64.max)

    /// The signed message: `cosignature/v1\ntime <time>\n` followed by the checkpoint's note text.
    public static func message(for checkpoint: Checkpoint, time: UInt64) -> [UInt8] {
        Array("cosignature/v1\ntime \(time)\n\(checkpoint.text)".utf8)
    }

    /// The timestamp a cosignature line carries, without verifying anything; nil unless the signature bytes
    /// are exactly a timestamp and an Ed25519 signature (8 + 64 bytes).
    public static func timestamp(of signature: NoteSignature) -> UInt64? {
        guard signature.bytes.count == 8 + 64 else { return nil }
        return signature.bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}

/// A witness key that cosigns checkpoints (Ed25519 cosignature/v1, key type 0x04).
///
/// Its `description` shows only the public verifier key, so logging a cosigner does not leak the private key.
public struct Cosigner: Sendable, CustomStringConvertible {
    /// The cosigner's name, conventionally a schema-less URL.
    public let name: String
    /// The 4-byte key ID: SHA-256(name || 0x0A || 0x04 || public key)[:4].
    public let keyID: [UInt8]
    /// The 32-byte Ed25519 public key.
    public let publicKeyBytes: [UInt8]
    /// The 32-byte private key seed, kept as bytes so the cosigner is `Sendable`.
    private let seed: [UInt8]

    /// A cosigner for `privateKey` under `name`; throws ``NoteError/invalidKeyName(_:)`` for an invalid name.
    ///
    /// Use a key for one cosigner name only: the signed message does not commit to the name.
    public init(name: String, privateKey: Curve25519.Signing.PrivateKey) throws {
        guard NoteKey.isValidName(name) else { throw NoteError.invalidKeyName(name) }
        self.name = name
        self.seed = Array(privateKey.rawRepresentation)
        self.publicKeyBytes = Array(privateKey.publicKey.rawRepresentation)
        self.keyID = NoteKey.keyID(name: name, type: NoteKey.cosignatureV1Type, publicKey: publicKeyBytes)
    }

    /// The verifier key string, `<name>+<hex key ID>+<base64(0x04 || public key)>`.
    public var verifierKey: String {
        NoteKey.verifierKey(name: name, type: NoteKey.cosignatureV1Type, publicKey: publicKeyBytes)
    }

    /// The matching verifier.
    public var verifier: CosignatureVerifier {
        try! CosignatureVerifier(verifierKey: verifierKey)
    }

    /// The cosignature line for `checkpoint` at `time` (POSIX seconds); throws
    /// ``NoteError/timestampOutOfRange(_:)`` above 2^63 - 1.
    public func cosign(_ checkpoint: Checkpoint, at time: UInt64) throws -> NoteSignature {
        guard time <= CosignatureV1.maximumTimestamp else { throw NoteError.timestampOutOfRange(time) }
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        let signature = try key.signature(for: CosignatureV1.message(for: checkpoint, time: time))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + 64)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: time >> UInt64(shift))) }
        bytes.append(contentsOf: signature)
        return try NoteSignature(name: name, keyID: keyID, bytes: bytes)
    }

    /// `note` (whose text must be a checkpoint) with this cosigner's cosignature at `time` added, replacing an
    /// earlier cosignature by this key.
    public func cosign(_ note: SignedNote, at time: UInt64) throws -> SignedNote {
        let checkpoint = try Checkpoint(note)
        var cosigned = note
        cosigned.append(try cosign(checkpoint, at: time))
        return cosigned
    }

    public var description: String { "Cosigner(\(verifierKey))" }
}

/// The public side of a cosigner key (Ed25519 cosignature/v1, key type 0x04), from a verifier key string
/// `<name>+<8 lower-case hex key ID>+<base64(0x04 || 32-byte Ed25519 public key)>`.
///
/// As a ``NoteSignatureVerifier`` it checks cosignatures in ``SignedNote/verifiedSignatures(by:)`` next to
/// the log's own ``NoteVerifier``.
public struct CosignatureVerifier: NoteSignatureVerifier, Hashable, CustomStringConvertible {
    private let key: NoteEd25519Key

    /// The cosigner's name.
    public var name: String { key.name }
    /// The 4-byte key ID: SHA-256(name || 0x0A || 0x04 || public key)[:4].
    public var keyID: [UInt8] { key.keyID }
    /// The 32-byte Ed25519 public key.
    public var publicKeyBytes: [UInt8] { key.publicKeyBytes }

    /// Parses a type-0x04 verifier key, checking its key ID. A key of another type, such as a log's plain
    /// Ed25519 key (0x01), throws ``NoteError/unsupportedKeyType(_:)``.
    public init(verifierKey: String) throws {
        key = try NoteEd25519Key(verifierKey: verifierKey, type: NoteKey.cosignatureV1Type)
    }

    /// The verifier of cosignatures by the Ed25519 `publicKey` under `name`.
    public init(name: String, publicKey: Curve25519.Signing.PublicKey) throws {
        key = try NoteEd25519Key(name: name, publicKey: publicKey, type: NoteKey.cosignatureV1Type)
    }

    /// The verifier key string, `<name>+<hex key ID>+<base64(0x04 || public key)>`.
    public var verifierKey: String { key.verifierKey }

    /// Checks `signature` as this cosigner's cosignature of `checkpoint`.
    ///
    /// Valid when the name and key ID are this key's, the bytes are a timestamp of at most 2^63 - 1 and a
    /// 64-byte signature, and the signature verifies over the `cosignature/v1` message. `time` is the
    /// cosignature's timestamp when valid, nil otherwise.
    public func verify(_ signature: NoteSignature, for checkpoint: Checkpoint) -> (valid: Bool, time: UInt64?) {
        guard signature.name == name, signature.keyID == keyID,
            let time = CosignatureV1.timestamp(of: signature), time <= CosignatureV1.maximumTimestamp,
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKeyBytes)
        else { return (false, nil) }
        let message = CosignatureV1.message(for: checkpoint, time: time)
        guard key.isValidSignature(signature.bytes.dropFirst(8), for: message) else { return (false, nil) }
        return (true, time)
    }

    /// Whether `signature` is a valid cosignature of the note `text`, which must be a checkpoint.
    public func isValid(_ signature: NoteSignature, text: String) -> Bool {
        guard let checkpoint = try? Checkpoint(parsing: text), checkpoint.text == text else { return false }
        return verify(signature, for: checkpoint).valid
    }

    /// The time of this cosigner's valid cosignature on `note`, or nil when the note's text is not a checkpoint,
    /// it carries no cosignature by this key, or one by this key does not verify.
    public func verifiedTime(in note: SignedNote) -> UInt64? {
        guard let checkpoint = try? Checkpoint(note) else { return nil }
        var time: UInt64?
        for signature in note.signatures where signature.name == name && signature.keyID == keyID {
            let result = verify(signature, for: checkpoint)
            guard result.valid else { return nil }
            time = max(time ?? 0, result.time ?? 0)
        }
        return time
    }

    public var description: String { verifierKey }
}

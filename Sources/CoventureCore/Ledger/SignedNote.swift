import Crypto
import Foundation

// Signed notes, as specified by C2SP signed-note (https://c2sp.org/signed-note), the format of
// golang.org/x/mod/sumdb/note:
//
//     <text: one or more lines, each ending in "\n">
//     <blank line>
//     — <key name> <base64(4-byte key ID || signature)>
//     — <key name> <base64(4-byte key ID || signature)>
//
// The note text includes its final newline but not the separating blank line; it may contain blank
// lines itself, so the signatures start after the *last* blank line. A whole note is UTF-8 with no
// ASCII control character other than the newline. The dash is U+2014 EM DASH, followed by a space.

// MARK: - Errors

/// Why a signed note, a signature line, a key or a cosignature was refused.
public enum NoteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not valid UTF-8.
    case invalidUTF8
    /// The note (or a text to sign) contains an ASCII control character other than newline (U+000A).
    case controlCharacter(UInt8)
    /// A text to sign (or a note's text) is empty or does not end in a newline.
    case textMustEndInNewline
    /// There is no blank line separating the text from the signatures.
    case missingSignatureSeparator
    /// The blank line is not followed by any signature line.
    case noSignatureLines
    /// The last signature line does not end in a newline.
    case missingFinalNewline
    /// A line of the signature block is not `— <name> <base64 key ID and signature>`.
    case malformedSignatureLine(String)
    /// A key name is empty or contains a Unicode space or a plus sign.
    case invalidKeyName(String)
    /// A key ID is not exactly 4 bytes.
    case invalidKeyIDLength(Int)
    /// The note has more signature lines than ``SignedNote/maximumSignatureCount``.
    case tooManySignatures(limit: Int)
    /// A verifier key is not `<name>+<8 lower-case hex digits>+<base64 key>`.
    case malformedVerifierKey(String)
    /// A signer key is not `PRIVATE+KEY+<name>+<8 lower-case hex digits>+<base64 key>`.
    case malformedSignerKey(String)
    /// The key ID written in a verifier or signer key is not the one its name and public key give.
    case keyIDMismatch(written: String, computed: String)
    /// The key is of a signature type this code does not handle here (e.g. a cosigner key given as a log key).
    case unsupportedKeyType(UInt8)
    /// A signature from a known key (name and key ID match) does not verify.
    case invalidSignature(name: String, keyID: [UInt8])
    /// No signature of the note is from a known key and verifies.
    case noVerifiedSignature
    /// A cosignature timestamp above 2^63 - 1, which tlog-cosignature forbids.
    case timestampOutOfRange(UInt64)

    public var description: String {
        switch self {
        case .invalidUTF8: "note is not valid UTF-8"
        case .controlCharacter(let byte): "note contains the control character 0x\(NoteHex.string([byte]))"
        case .textMustEndInNewline: "note text must be non-empty and end in a newline"
        case .missingSignatureSeparator: "note has no blank line before its signatures"
        case .noSignatureLines: "note has no signature lines"
        case .missingFinalNewline: "note does not end in a newline"
        case .malformedSignatureLine(let line): "malformed signature line: \(line)"
        case .invalidKeyName(let name): "invalid key name \"\(name)\": it must be non-empty, without spaces or '+'"
        case .invalidKeyIDLength(let count): "a key ID is 4 bytes, not \(count)"
        case .tooManySignatures(let limit): "note has more than \(limit) signatures"
        case .malformedVerifierKey(let reason): "malformed verifier key: \(reason)"
        case .malformedSignerKey(let reason): "malformed signer key: \(reason)"
        case .keyIDMismatch(let written, let computed): "key ID \(written) does not match the key (\(computed))"
        case .unsupportedKeyType(let type): "unsupported key type 0x\(NoteHex.string([type]))"
        case .invalidSignature(let name, let keyID): "invalid signature for key \(name)+\(NoteHex.string(keyID))"
        case .noVerifiedSignature: "note has no verified signature from a known key"
        case .timestampOutOfRange(let time): "cosignature timestamp \(time) exceeds 2^63 - 1"
        }
    }
}

// MARK: - Key names and IDs

/// Key names, key IDs and the signature type bytes of signed-note.
public enum NoteKey {
    /// Signature type 0x01: an Ed25519 signature over the note text.
    public static let ed25519Type: UInt8 = 0x01
    /// Signature type 0x04: a timestamped Ed25519 cosignature (c2sp.org/tlog-cosignature, `cosignature/v1`).
    public static let cosignatureV1Type: UInt8 = 0x04

    /// Whether `name` may name a key: non-empty, no Unicode space (White_Space property) and no '+'.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace }
    }

    /// The recommended key ID: the first 4 bytes of SHA-256(name || 0x0A || type || public key).
    public static func keyID(name: String, type: UInt8, publicKey: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8))
        hasher.update(data: [0x0A, type])
        hasher.update(data: publicKey)
        return Array(hasher.finalize().prefix(4))
    }

    /// The verifier key string `<name>+<8 lower-case hex key ID>+<base64(type || public key)>`.
    static func verifierKey(name: String, type: UInt8, publicKey: [UInt8]) -> String {
        let id = keyID(name: name, type: type, publicKey: publicKey)
        return "\(name)+\(NoteHex.string(id))+\(NoteBase64.encode([type] + publicKey))"
    }

    /// Parses a verifier key string, checking the name and that the written key ID is the computed one.
    /// Returns the name, the key ID, the type byte and the public key bytes (without the type byte).
    static func parseVerifierKey(_ key: String) throws -> (name: String, keyID: [UInt8], type: UInt8, publicKey: [UInt8]) {
        // The name and the hex ID contain no '+', so the first two '+' delimit them; base64 may contain '+'.
        let parts = key.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw NoteError.malformedVerifierKey("expected <name>+<key ID>+<key>") }
        let name = String(parts[0])
        guard isValidName(name) else { throw NoteError.invalidKeyName(name) }
        guard let writtenID = NoteHex.parseKeyID(parts[1]) else {
            throw NoteError.malformedVerifierKey("the key ID must be 8 lower-case hex digits")
        }
        guard let material = NoteBase64.decode(parts[2]), let type = material.first else {
            throw NoteError.malformedVerifierKey("the key must be non-empty standard base64")
        }
        let publicKey = Array(material.dropFirst())
        let computed = keyID(name: name, type: type, publicKey: publicKey)
        guard computed == writtenID else {
            throw NoteError.keyIDMismatch(written: NoteHex.string(writtenID), computed: NoteHex.string(computed))
        }
        return (name, writtenID, type, publicKey)
    }
}

// MARK: - Signature lines

/// One signature line of a note: `— <name> <base64(key ID || signature bytes)>`.
///
/// The line names the key (name and 4-byte key ID) but is not checked against any key here; a verifier
/// decides whether it is from a key it knows and whether it verifies.
public struct NoteSignature: Hashable, Sendable, CustomStringConvertible {
    /// The key name.
    public let name: String
    /// The 4-byte key ID (a big-endian uint32 in the spec).
    public let keyID: [UInt8]
    /// The signature proper: what follows the key ID (64 bytes for Ed25519; 8 + 64 for a cosignature).
    public let bytes: [UInt8]

    /// A signature by the key `name` with `keyID`; throws for an invalid name or a key ID that is not 4 bytes.
    public init(name: String, keyID: [UInt8], bytes: [UInt8]) throws {
        guard NoteKey.isValidName(name) else { throw NoteError.invalidKeyName(name) }
        guard keyID.count == 4 else { throw NoteError.invalidKeyIDLength(keyID.count) }
        self.name = name
        self.keyID = keyID
        self.bytes = bytes
    }

    /// Parses one signature line, including its final newline: `— <name> <base64>\n`.
    ///
    /// The base64 must be canonical standard base64 of at least 5 bytes (key ID plus a signature).
    public init(parsingLine line: String) throws {
        let utf8 = Array(line.utf8)
        guard utf8.last == 0x0A else { throw NoteError.missingFinalNewline }
        try self.init(lineBytes: utf8.dropLast())
    }

    /// Parses a signature line without its newline.
    init(lineBytes: ArraySlice<UInt8>) throws {
        let text = String(decoding: lineBytes, as: UTF8.self)
        let prefix = Array("— ".utf8)
        guard lineBytes.starts(with: prefix) else { throw NoteError.malformedSignatureLine(text) }
        let rest = lineBytes.dropFirst(prefix.count)
        guard let space = rest.firstIndex(of: 0x20) else { throw NoteError.malformedSignatureLine(text) }
        let name = String(decoding: rest[..<space], as: UTF8.self)
        guard NoteKey.isValidName(name) else { throw NoteError.invalidKeyName(name) }
        let encoded = String(decoding: rest[(space + 1)...], as: UTF8.self)
        guard let raw = NoteBase64.decode(encoded), raw.count >= 5 else {
            throw NoteError.malformedSignatureLine(text)
        }
        self.name = name
        self.keyID = Array(raw.prefix(4))
        self.bytes = Array(raw.dropFirst(4))
    }

    /// The base64 field of the line: key ID followed by the signature bytes.
    public var base64: String { NoteBase64.encode(keyID + bytes) }

    /// The full line as it appears in a note, ending in a newline: `— <name> <base64>\n`.
    public var line: String { "— \(name) \(base64)\n" }

    /// The key ID as 8 lower-case hex digits, as in a verifier key.
    public var keyIDHex: String { NoteHex.string(keyID) }

    public var description: String { "— \(name) \(base64)" }
}

// MARK: - Signed notes

/// A note text with its signature lines, unverified: parsing only checks the format.
///
/// Check signatures with ``verifiedSignatures(by:)`` (or a verifier's `verify`) before trusting the text.
/// Signatures are kept in order, including those from unknown keys, so ``serialized`` gives back the parsed
/// note byte for byte.
public struct SignedNote: Hashable, Sendable {
    /// The most signature lines accepted when parsing. The spec requires accepting at least 16; this is
    /// golang.org/x/mod/sumdb/note's limit.
    public static let maximumSignatureCount = 100

    /// The signed text, including its final newline (not the blank separator line).
    public let text: String
    /// The signature lines, in order.
    public private(set) var signatures: [NoteSignature]

    /// A note of `text` (non-empty, ending in a newline, no control characters but newline) and signatures.
    public init(text: String, signatures: [NoteSignature] = []) throws {
        try Self.checkText(text)
        self.text = text
        self.signatures = signatures
    }

    /// Parses a signed note from its text form; see the byte-based `init(parsing:)` for the rules.
    public init(parsing note: String) throws {
        try self.init(parsing: Array(note.utf8))
    }

    /// Parses a signed note from its bytes.
    ///
    /// Throws a ``NoteError`` unless: the bytes are UTF-8 without control characters other than newline; a blank
    /// line separates a text ending in newline from one or more signature lines; each signature line is
    /// `— <valid key name> <canonical base64 of at least 5 bytes>` ending in a newline; and there are at most
    /// ``maximumSignatureCount`` of them.
    public init(parsing bytes: some Collection<UInt8>) throws {
        let message = Array(bytes)
        guard Self.isValidUTF8(message) else { throw NoteError.invalidUTF8 }
        if let control = message.first(where: { $0 < 0x20 && $0 != 0x0A }) {
            throw NoteError.controlCharacter(control)
        }
        // The text ends at the last "\n\n": its first newline ends the text, the second is the blank line.
        guard let split = Self.lastBlankLine(in: message) else { throw NoteError.missingSignatureSeparator }
        let textBytes = message[...split]
        let block = message[(split + 2)...]
        guard !block.isEmpty else { throw NoteError.noSignatureLines }
        guard block.last == 0x0A else { throw NoteError.missingFinalNewline }

        var signatures: [NoteSignature] = []
        var rest = block[...]
        while let newline = rest.firstIndex(of: 0x0A) {
            guard signatures.count < Self.maximumSignatureCount else {
                throw NoteError.tooManySignatures(limit: Self.maximumSignatureCount)
            }
            signatures.append(try NoteSignature(lineBytes: rest[..<newline]))
            rest = rest[(newline + 1)...]
        }
        self.text = String(decoding: textBytes, as: UTF8.self)
        self.signatures = signatures
    }

    /// The note in its text form: the text, a blank line, then one line per signature.
    ///
    /// A note without signatures gives the text and the blank line, which does not parse back.
    public var serialized: String {
        text + "\n" + signatures.map(\.line).joined()
    }

    /// Adds `signature`, replacing any existing signature with the same key name and key ID (a key signs once).
    public mutating func append(_ signature: NoteSignature) {
        if let index = signatures.firstIndex(where: { $0.name == signature.name && $0.keyID == signature.keyID }) {
            signatures[index] = signature
        } else {
            signatures.append(signature)
        }
    }

    /// The signatures made by the given keys, after checking them.
    ///
    /// Signatures whose key name and key ID match no verifier are ignored (the spec requires it; that is how
    /// other logs' keys, rotated keys and witnesses coexist). Every signature that does match a verifier must
    /// verify, else this throws ``NoteError/invalidSignature(name:keyID:)``; and at least one must, else it
    /// throws ``NoteError/noVerifiedSignature``. Each key's first signature is listed once, in note order.
    public func verifiedSignatures(by verifiers: [any NoteSignatureVerifier]) throws -> [NoteSignature] {
        var verified: [NoteSignature] = []
        for signature in signatures {
            let known = verifiers.filter { $0.name == signature.name && $0.keyID == signature.keyID }
            guard !known.isEmpty else { continue }
            guard known.allSatisfy({ $0.isValid(signature, text: text) }) else {
                throw NoteError.invalidSignature(name: signature.name, keyID: signature.keyID)
            }
            // Each key is listed once, with its first signature.
            if !verified.contains(where: { $0.name == signature.name && $0.keyID == signature.keyID }) {
                verified.append(signature)
            }
        }
        guard !verified.isEmpty else { throw NoteError.noVerifiedSignature }
        return verified
    }

    /// Checks a note text: non-empty, ending in a newline, no control characters other than newline.
    static func checkText(_ text: String) throws {
        let utf8 = text.utf8
        guard utf8.last == 0x0A else { throw NoteError.textMustEndInNewline }
        if let control = utf8.first(where: { $0 < 0x20 && $0 != 0x0A }) {
            throw NoteError.controlCharacter(control)
        }
    }

    /// Whether `bytes` are well-formed UTF-8 (no overlong forms, surrogates or truncated sequences).
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// The index of the first newline of the last "\n\n" in `bytes`.
    private static func lastBlankLine(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        var index = bytes.count - 2
        while index >= 0 {
            if bytes[index] == 0x0A && bytes[index + 1] == 0x0A { return index }
            index -= 1
        }
        return nil
    }
}

// MARK: - Verifiers and signers

/// A named Ed25519 public key of one signed-note key type (0x01 for notes, 0x04 for cosignatures): the parsing and
/// checking that ``NoteVerifier`` and ``CosignatureVerifier`` share.
struct NoteEd25519Key: Hashable, Sendable {
    let name: String
    let keyID: [UInt8]
    let publicKeyBytes: [UInt8]
    let type: UInt8

    /// Parses a verifier key of the given type, checking its key ID and key length.
    init(verifierKey: String, type: UInt8) throws {
        let parsed = try NoteKey.parseVerifierKey(verifierKey)
        guard parsed.type == type else { throw NoteError.unsupportedKeyType(parsed.type) }
        guard parsed.publicKey.count == 32 else {
            throw NoteError.malformedVerifierKey("an Ed25519 public key is 32 bytes, not \(parsed.publicKey.count)")
        }
        self.name = parsed.name
        self.keyID = parsed.keyID
        self.publicKeyBytes = parsed.publicKey
        self.type = type
    }

    init(name: String, publicKey: Curve25519.Signing.PublicKey, type: UInt8) throws {
        guard NoteKey.isValidName(name) else { throw NoteError.invalidKeyName(name) }
        self.name = name
        self.publicKeyBytes = Array(publicKey.rawRepresentation)
        self.keyID = NoteKey.keyID(name: name, type: type, publicKey: publicKeyBytes)
        self.type = type
    }

    var verifierKey: String { NoteKey.verifierKey(name: name, type: type, publicKey: publicKeyBytes) }
}

/// A key that can check the signature lines carrying its key name and key ID.
public protocol NoteSignatureVerifier: Sendable {
    /// The key name.
    var name: String { get }
    /// The 4-byte key ID.
    var keyID: [UInt8] { get }
    /// Whether `signature` (whose name and key ID are this key's) is a valid signature of the note `text`.
    func isValid(_ signature: NoteSignature, text: String) -> Bool
}

/// The public side of a signed-note Ed25519 key (type 0x01), made from a verifier key string such as
/// `PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW`.
public struct NoteVerifier: NoteSignatureVerifier, Hashable, CustomStringConvertible {
    private let key: NoteEd25519Key

    /// The key name.
    public var name: String { key.name }
    /// The 4-byte key ID: SHA-256(name || 0x0A || 0x01 || public key)[:4].
    public var keyID: [UInt8] { key.keyID }
    /// The 32-byte Ed25519 public key.
    public var publicKeyBytes: [UInt8] { key.publicKeyBytes }

    /// Parses `<name>+<8 lower-case hex key ID>+<base64(0x01 || 32-byte Ed25519 public key)>`, checking the key ID.
    public init(verifierKey: String) throws {
        key = try NoteEd25519Key(verifierKey: verifierKey, type: NoteKey.ed25519Type)
    }

    /// The verifier of the Ed25519 `publicKey` under `name`.
    public init(name: String, publicKey: Curve25519.Signing.PublicKey) throws {
        key = try NoteEd25519Key(name: name, publicKey: publicKey, type: NoteKey.ed25519Type)
    }

    /// The Ed25519 public key.
    public var publicKey: Curve25519.Signing.PublicKey {
        // 32 bytes, checked when this value was made.
        try! Curve25519.Signing.PublicKey(rawRepresentation: publicKeyBytes)
    }

    /// The verifier key string, `<name>+<hex key ID>+<base64(0x01 || public key)>`.
    public var verifierKey: String { key.verifierKey }

    /// Whether `signature` is this key's (name and key ID) and a valid Ed25519 signature of `text`.
    public func isValid(_ signature: NoteSignature, text: String) -> Bool {
        guard signature.name == name, signature.keyID == keyID, signature.bytes.count == 64 else { return false }
        return publicKey.isValidSignature(signature.bytes, for: Array(text.utf8))
    }

    /// Whether `note` carries at least one signature by this key and every signature by this key verifies.
    /// Signatures by other keys are ignored.
    public func verify(_ note: SignedNote) -> Bool {
        (try? note.verifiedSignatures(by: [self])) != nil
    }

    public var description: String { verifierKey }
}

/// The private side of a signed-note Ed25519 key (type 0x01): signs note texts under a key name.
///
/// Its `description` shows only the public verifier key, so logging a signer does not leak the private key.
public struct NoteSigner: Sendable, CustomStringConvertible {
    /// The key name.
    public let name: String
    /// The 4-byte key ID: SHA-256(name || 0x0A || 0x01 || public key)[:4].
    public let keyID: [UInt8]
    /// The 32-byte Ed25519 public key.
    public let publicKeyBytes: [UInt8]
    /// The 32-byte Ed25519 private key seed (RFC 8032), kept as bytes so the signer is `Sendable`.
    private let seed: [UInt8]

    /// A signer for `privateKey` under `name`; throws ``NoteError/invalidKeyName(_:)`` for an invalid name.
    public init(name: String, privateKey: Curve25519.Signing.PrivateKey) throws {
        guard NoteKey.isValidName(name) else { throw NoteError.invalidKeyName(name) }
        self.name = name
        self.seed = Array(privateKey.rawRepresentation)
        self.publicKeyBytes = Array(privateKey.publicKey.rawRepresentation)
        self.keyID = NoteKey.keyID(name: name, type: NoteKey.ed25519Type, publicKey: publicKeyBytes)
    }

    /// Parses a golang.org/x/mod/sumdb/note signer key, `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || seed)>`,
    /// checking that the key ID is that of the derived public key.
    public init(signerKey: String) throws {
        let parts = signerKey.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw NoteError.malformedSignerKey("expected PRIVATE+KEY+<name>+<key ID>+<key>")
        }
        let name = String(parts[2])
        guard NoteKey.isValidName(name) else { throw NoteError.invalidKeyName(name) }
        guard let writtenID = NoteHex.parseKeyID(parts[3]) else {
            throw NoteError.malformedSignerKey("the key ID must be 8 lower-case hex digits")
        }
        guard let material = NoteBase64.decode(parts[4]), let type = material.first else {
            throw NoteError.malformedSignerKey("the key must be non-empty standard base64")
        }
        guard type == NoteKey.ed25519Type else { throw NoteError.unsupportedKeyType(type) }
        guard material.count == 33, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: material.dropFirst())
        else { throw NoteError.malformedSignerKey("an Ed25519 private key seed is 32 bytes") }
        try self.init(name: name, privateKey: key)
        guard keyID == writtenID else {
            throw NoteError.keyIDMismatch(written: NoteHex.string(writtenID), computed: NoteHex.string(keyID))
        }
    }

    /// The private key.
    public var privateKey: Curve25519.Signing.PrivateKey {
        try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    /// The golang.org/x/mod/sumdb/note signer key string. Secret: anyone holding it can sign as this key.
    public var signerKey: String {
        "PRIVATE+KEY+\(name)+\(NoteHex.string(keyID))+\(NoteBase64.encode([NoteKey.ed25519Type] + seed))"
    }

    /// The verifier key string, `<name>+<hex key ID>+<base64(0x01 || public key)>`.
    public var verifierKey: String {
        NoteKey.verifierKey(name: name, type: NoteKey.ed25519Type, publicKey: publicKeyBytes)
    }

    /// The matching verifier.
    public var verifier: NoteVerifier {
        try! NoteVerifier(verifierKey: verifierKey)
    }

    /// The signature line of this key over `text` (non-empty, ending in a newline, no control characters).
    public func signature(for text: String) throws -> NoteSignature {
        try SignedNote.checkText(text)
        let signature = try privateKey.signature(for: Array(text.utf8))
        return try NoteSignature(name: name, keyID: keyID, bytes: Array(signature))
    }

    /// A note of `text` signed by this key.
    public func sign(_ text: String) throws -> SignedNote {
        try SignedNote(text: text, signatures: [signature(for: text)])
    }

    /// `note` with this key's signature added (replacing an earlier signature by this key).
    public func sign(_ note: SignedNote) throws -> SignedNote {
        var signed = note
        signed.append(try signature(for: note.text))
        return signed
    }

    public var description: String { "NoteSigner(\(verifierKey))" }
}

// MARK: - Encodings

/// Lower-case hex for key IDs.
enum NoteHex {
    static func string(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Exactly 8 lower-case hex digits, as 4 bytes.
    static func parseKeyID(_ text: Substring) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 8 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        for i in stride(from: 0, to: 8, by: 2) {
            guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}

/// Standard base64 (RFC 4648 section 4, with padding), decoded strictly so every byte string has exactly one
/// accepted text: no whitespace, no missing or extra padding, and zero unused bits in the last character.
enum NoteBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, char) in alphabet.enumerated() { table[Int(char)] = UInt8(index) }
        return table
    }()

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(index + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        var padding = 0
        if chars.last == UInt8(ascii: "=") { padding += 1 }
        if chars.count >= 2 && chars[chars.count - 2] == UInt8(ascii: "=") { padding += 1 }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        var index = 0
        while index < chars.count {
            let isLast = index + 4 == chars.count
            let count = isLast ? 4 - padding : 4
            var quad: [UInt8] = [0, 0, 0, 0]
            for j in 0..<count {
                let value = values[Int(chars[index + j])]
                guard value != 0xFF else { return nil }
                quad[j] = value
            }
            out.append(quad[0] << 2 | quad[1] >> 4)
            if count >= 3 { out.append(quad[1] << 4 | quad[2] >> 2) }
            if count == 4 { out.append(quad[2] << 6 | quad[3]) }
            // Unused low bits of the last character must be zero (canonical encoding).
            if count == 2 && quad[1] & 0x0F != 0 { return nil }
            if count == 3 && quad[2] & 0x03 != 0 { return nil }
            index += 4
        }
        return out
    }
}

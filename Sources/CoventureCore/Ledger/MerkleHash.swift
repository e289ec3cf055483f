import Crypto
import Foundation

/// A SHA-256 hash (32 bytes): a leaf hash, an interior node hash or a tree root of the event log's Merkle tree.
///
/// The bytes are held inline (no heap allocation), so the proof and root computations, which create and
/// compare many hashes, stay cheap. Text forms: lower-case hex (``hex``, also the ``description``) and
/// standard padded base64 (``base64``, also the `Codable` form, as in RFC 9162 JSON and C2SP checkpoints).
public struct MerkleHash: Hashable, Sendable {
    /// The number of bytes in a hash.
    public static let byteCount = 32

    // The 32 bytes as four words loaded in memory order (no byte swapping): equality and `Hashable` work on whole
    // words, and `withUnsafeBytes` hands the original bytes back by viewing the words as raw memory. The words'
    // numeric values depend on the machine's endianness and are never used as numbers.
    private var w0: UInt64
    private var w1: UInt64
    private var w2: UInt64
    private var w3: UInt64

    /// Reads exactly 32 bytes from `raw`.
    private init(raw: UnsafeRawBufferPointer) {
        precondition(raw.count == Self.byteCount, "a MerkleHash is exactly 32 bytes")
        w0 = raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
        w1 = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        w2 = raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
        w3 = raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
    }

    /// The hash made of `bytes`; nil unless there are exactly 32 of them.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        let array = Array(bytes)
        self = array.withUnsafeBytes { MerkleHash(raw: $0) }
    }

    /// The hash holding a SHA-256 digest's bytes.
    init(_ digest: SHA256.Digest) {
        self = digest.withUnsafeBytes { MerkleHash(raw: $0) }
    }

    /// The 32 bytes.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Calls `body` with the 32 bytes, without copying them to the heap.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        // A homogeneous tuple is laid out contiguously in declaration order, so its memory is exactly the 32 bytes
        // (a struct's field layout carries no such promise, hence the tuple).
        let words = (w0, w1, w2, w3)
        return try Swift.withUnsafeBytes(of: words, body)
    }

    // MARK: Hex

    /// The 64 lower-case hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(2 * Self.byteCount)
        withUnsafeBytes { raw in
            for byte in raw {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The hash written as exactly 64 hex digits (either case); nil for any other text.
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 2 * Self.byteCount else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(Self.byteCount)
        var i = 0
        while i < utf8.count {
            guard let high = value(utf8[i]), let low = value(utf8[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
            i += 2
        }
        self.init(bytes: bytes)
    }

    // MARK: Base64

    /// Standard base64 with padding: 44 characters.
    public var base64: String { Data(bytes).base64EncodedString() }

    /// The hash written in standard padded base64; nil unless it decodes to exactly 32 bytes.
    ///
    /// Only the canonical spelling is accepted (the one ``base64`` produces): a decoder would also take a final
    /// character whose unused low bits are set, and letting two strings name one hash invites mismatches when
    /// hashes are compared or indexed as text.
    public init?(base64: String) {
        guard let data = Data(base64Encoded: base64), let hash = MerkleHash(bytes: data), hash.base64 == base64 else {
            return nil
        }
        self = hash
    }
}

extension MerkleHash: CustomStringConvertible {
    /// The lower-case hex form.
    public var description: String { hex }
}

extension MerkleHash: Codable {
    /// Decodes the base64 string form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let hash = MerkleHash(base64: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a 32-byte hash in standard base64, got \(text.debugDescription)")
        }
        self = hash
    }

    /// Encodes the base64 string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(base64)
    }
}

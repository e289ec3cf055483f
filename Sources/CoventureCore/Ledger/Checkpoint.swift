import Foundation

/// Why a checkpoint text was refused.
public enum CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is empty or does not end in a newline.
    case missingFinalNewline
    /// Fewer than the three lines origin, size and root hash.
    case tooFewLines(Int)
    /// The origin line is empty.
    case emptyOrigin
    /// An extension line is empty (extension lines are optional, but each one present must be non-empty).
    case emptyExtensionLine
    /// A line contains a newline or an ASCII control character (only possible when building a checkpoint).
    case invalidLine(String)
    /// The size line is not a canonical decimal uint64: digits only, no sign, no leading zero, at most 2^64 - 1.
    case invalidSize(String)
    /// The root hash line is not canonical standard base64.
    case invalidRootHashEncoding(String)
    /// The root hash is not 32 bytes (a SHA-256 RFC 6962 root).
    case invalidRootHashLength(Int)

    public var description: String {
        switch self {
        case .missingFinalNewline: "checkpoint text must end in a newline"
        case .tooFewLines(let count): "checkpoint has \(count) lines, needs origin, size and root hash"
        case .emptyOrigin: "checkpoint origin is empty"
        case .emptyExtensionLine: "checkpoint extension lines must be non-empty"
        case .invalidLine(let line): "checkpoint line contains a newline or control character: \(line.debugDescription)"
        case .invalidSize(let line): "checkpoint size is not a canonical decimal number: \(line)"
        case .invalidRootHashEncoding(let line): "checkpoint root hash is not standard base64: \(line)"
        case .invalidRootHashLength(let count): "checkpoint root hash is \(count) bytes, not 32"
        }
    }
}

/// A transparency-log checkpoint (c2sp.org/tlog-checkpoint): the note text that a log signs for its tree head.
///
///     example.com/behind-the-sofa                     ← origin: the log's identity
///     20852163                                        ← tree size, decimal
///     CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=    ← RFC 6962 root hash, base64
///     [extension lines…]                              ← optional, opaque, non-empty
///
/// Every line ends in a newline. A checkpoint has exactly one text: ``init(parsing:)`` accepts only that
/// text, so `Checkpoint(parsing: c.text) == c` and `Checkpoint(parsing: t).text == t`.
public struct Checkpoint: Hashable, Sendable {
    /// The log's identity, conventionally a schema-less URL such as `example.com/log42`. Not checked beyond
    /// being a non-empty line: the spec tells clients not to assume the URL form.
    public let origin: String
    /// The number of leaves in the tree.
    public let size: UInt64
    /// The 32-byte RFC 6962 Merkle tree root at ``size``.
    public let rootHash: [UInt8]
    /// Optional extension lines after the root hash (without their newlines). Their use is not recommended.
    public let extensions: [String]

    /// A checkpoint from its parts; throws a ``CheckpointError`` for an empty origin, a root hash that is not
    /// 32 bytes, an empty extension line, or a line containing a newline or control character.
    public init(origin: String, size: UInt64, rootHash: [UInt8], extensions: [String] = []) throws {
        guard !origin.isEmpty else { throw CheckpointError.emptyOrigin }
        guard rootHash.count == 32 else { throw CheckpointError.invalidRootHashLength(rootHash.count) }
        for line in [origin] + extensions {
            guard !line.utf8.contains(where: { $0 < 0x20 }) else { throw CheckpointError.invalidLine(line) }
        }
        guard !extensions.contains(where: \.isEmpty) else { throw CheckpointError.emptyExtensionLine }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// Parses a checkpoint note text (the signed text of a note, without the signatures).
    public init(parsing text: String) throws {
        let utf8 = text.utf8
        guard utf8.last == 0x0A else { throw CheckpointError.missingFinalNewline }
        // Split on the newline byte (not on Characters, where "\r\n" is a single one).
        var lines = utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        lines.removeLast()  // the empty string after the final newline
        if let bad = lines.first(where: { $0.utf8.contains { $0 < 0x20 } }) { throw CheckpointError.invalidLine(bad) }
        guard lines.count >= 3 else { throw CheckpointError.tooFewLines(lines.count) }
        guard !lines[0].isEmpty else { throw CheckpointError.emptyOrigin }
        let size = try Self.parseSize(lines[1])
        guard let hash = NoteBase64.decode(lines[2]) else { throw CheckpointError.invalidRootHashEncoding(lines[2]) }
        try self.init(origin: lines[0], size: size, rootHash: hash, extensions: Array(lines.dropFirst(3)))
    }

    /// The checkpoint of a signed note's text. The note's signatures are not checked here.
    public init(_ note: SignedNote) throws {
        try self.init(parsing: note.text)
    }

    /// The note text: origin, size, base64 root hash and extension lines, each followed by a newline.
    public var text: String {
        ([origin, String(size), NoteBase64.encode(rootHash)] + extensions).map { $0 + "\n" }.joined()
    }

    /// The root hash in standard base64, as on the checkpoint's third line.
    public var rootHashBase64: String { NoteBase64.encode(rootHash) }

    /// A canonical decimal uint64: ASCII digits only, "0" or no leading zero, at most 2^64 - 1.
    static func parseSize(_ line: String) throws -> UInt64 {
        let digits = Array(line.utf8)
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            digits.count == 1 || digits[0] != UInt8(ascii: "0"),
            let value = UInt64(line)
        else { throw CheckpointError.invalidSize(line) }
        return value
    }
}

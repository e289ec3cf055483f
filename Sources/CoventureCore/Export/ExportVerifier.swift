import Foundation

/// Verifies an export (`ExportFormat`) offline, line by line, holding only the log's right edge in memory, so a file
/// of any size is checked in O(log n) memory: the sections come in order; every entity line parses; the ledger entries
/// are numbered 0, 1, 2… without a gap or repeat and each one's bytes give its leaf hash; the checkpoint's signature
/// verifies (with a pinned key when one is given, else with the file's own); it is of this initiative; and the
/// entries replay to exactly its size and root.
public struct ExportVerifier {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        /// The 1-based line of the file at fault; nil when the file as a whole is (it ends too early).
        public var line: Int?
        public var message: String

        public var description: String { line.map { "line \($0): \(message)" } ?? message }

        public init(line: Int?, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// What a verified file held.
    public struct Summary: Sendable {
        public var header: ExportFormat.Header
        /// Entity lines per type, in the order the types first appeared.
        public var entities: [(type: String, count: Int)]
        public var entries: UInt64
        public var root: MerkleHash
        public var origin: String
        public var signerName: String
        public var verifierKey: String
        /// Whether the key was pinned by the caller; otherwise it is only the file's own, which proves the file is
        /// unaltered since it was signed by *that* key, not that the key is the server's.
        public var keyPinned: Bool
    }

    private enum Section: Int, Comparable {
        case start, entities, entries, done
        static func < (a: Section, b: Section) -> Bool { a.rawValue < b.rawValue }
    }

    private let pinned: NoteVerifier?
    private let decoder = ExportFormat.decoder()
    private var section = Section.start
    private var lineNumber = 0
    private var header: ExportFormat.Header?
    private var entityCounts: [(type: String, count: Int)] = []
    private var entityIndex: [String: Int] = [:]
    private var range = CompactRange()
    private var checked: (origin: String, signer: String, key: String)?

    /// `pinnedKey`: the server's verifier key as the caller knows it; the file's own key must then match it.
    public init(pinnedKey: String?) throws {
        pinned = try pinnedKey.map { key in
            do {
                return try NoteVerifier(verifierKey: key.trimmingCharacters(in: .whitespacesAndNewlines))
            } catch {
                throw Failure(line: nil, message: "the pinned verifier key is not a key '<name>+<8 hex>+<base64>' (\(error))")
            }
        }
    }

    /// Checks the next line (without its newline). An empty line is refused: the format has none.
    public mutating func consume(_ bytes: some Collection<UInt8>) throws {
        lineNumber += 1
        let number = lineNumber
        func fail(_ message: String) -> Failure { Failure(line: number, message: message) }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { throw fail("is empty") }
        guard section != .done else { throw fail("follows the checkpoint, which must be the last line") }
        let line: ExportLine
        do {
            line = try ExportLine.parse(bytes, decoder: decoder)
        } catch let invalid as ExportLine.Invalid {
            throw fail(invalid.message)
        }
        switch line {
        case .header(let parsed):
            guard section == .start else { throw fail("is a second header") }
            guard parsed.format == ExportFormat.version else {
                throw fail("is an export of format \(parsed.format); this verifier reads format \(ExportFormat.version)")
            }
            header = parsed
            section = .entities
        case .entity(let type):
            guard section != .start else { throw fail("comes before the header") }
            guard section == .entities else { throw fail("is an entity ('\(type)') among the ledger entries") }
            if let at = entityIndex[type] {
                entityCounts[at].count += 1
            } else {
                entityIndex[type] = entityCounts.count
                entityCounts.append((type, 1))
            }
        case .ledgerEntry(let index, let leaf, let leafHash):
            guard section != .start else { throw fail("comes before the header") }
            section = .entries
            guard index == range.size else {
                throw fail(index < range.size
                    ? "repeats ledger entry \(index) (the next one must be \(range.size))"
                    : "is ledger entry \(index), but entry \(range.size) is missing")
            }
            let hash = Merkle.leafHash(leaf)
            guard hash.hex == leafHash else {
                throw fail("ledger entry \(index)'s bytes do not hash to its leafHash: the entry was altered")
            }
            range.append(hash)
        case .checkpoint(let line):
            guard let header else { throw fail("comes before the header") }
            section = .done
            try checkCheckpoint(line, initiative: header.initiativeId, fail: fail)
        }
    }

    private mutating func checkCheckpoint(
        _ line: ExportFormat.CheckpointLine, initiative: UUID, fail: (String) -> Failure
    ) throws {
        let own: NoteVerifier
        do {
            own = try NoteVerifier(verifierKey: line.verifierKey)
        } catch {
            throw fail("holds a verifier key that is not a key '<name>+<8 hex>+<base64>' (\(error))")
        }
        if let pinned, pinned.verifierKey != own.verifierKey {
            throw fail("was signed by the file's key \(own.verifierKey), not the pinned key \(pinned.verifierKey)")
        }
        let verifier = pinned ?? own
        let note: SignedNote
        let checkpoint: Checkpoint
        do {
            note = try SignedNote(parsing: line.note)
            checkpoint = try Checkpoint(note)
        } catch {
            throw fail("holds a note that is not a signed checkpoint (\(error))")
        }
        guard verifier.verify(note) else {
            throw fail("the checkpoint's signature does not verify with \(verifier.name): it was forged or altered")
        }
        let suffix = "/initiatives/\(initiative.uuidString.lowercased())"
        guard checkpoint.origin.hasSuffix(suffix) else {
            throw fail("the checkpoint's origin '\(checkpoint.origin)' is not the initiative the header names")
        }
        guard checkpoint.size == range.size else {
            throw fail("the file holds \(range.size) ledger entries but the checkpoint covers \(checkpoint.size)")
        }
        guard range.root.bytes == checkpoint.rootHash else {
            throw fail("the \(range.size) entries replay to root \(range.root.hex), not the signed one: an entry was altered")
        }
        checked = (checkpoint.origin, verifier.name, verifier.verifierKey)
    }

    /// Ends the file: it must have ended with a verified checkpoint.
    public func finish() throws -> Summary {
        guard let header else { throw Failure(line: nil, message: "the file holds no export header") }
        guard section == .done, let checked else {
            throw Failure(line: nil, message: "the file ends without a checkpoint: the export is incomplete")
        }
        return Summary(
            header: header, entities: entityCounts, entries: range.size, root: range.root, origin: checked.origin,
            signerName: checked.signer, verifierKey: checked.key, keyPinned: pinned != nil)
    }
}

/// Cuts a stream of bytes into lines at `\n` (a `\r` before it is dropped), whatever the chunks' boundaries, so a
/// file is read in pieces of any size. A line longer than `maxLineLength` is refused rather than held.
public struct LineSplitter {
    public struct LineTooLong: Error, Equatable, CustomStringConvertible {
        public var limit: Int
        public var description: String { "a line is longer than \(limit) bytes" }
    }

    public let maxLineLength: Int
    private var pending: [UInt8] = []

    public init(maxLineLength: Int = 64 << 20) { self.maxLineLength = maxLineLength }

    /// The lines `chunk` completes, in order.
    public mutating func feed(_ chunk: some Collection<UInt8>) throws -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = chunk.startIndex
        while let newline = chunk[start...].firstIndex(of: 0x0A) {
            pending.append(contentsOf: chunk[start..<newline])
            try checkLength()
            lines.append(Self.trimmed(pending))
            pending.removeAll(keepingCapacity: true)
            start = chunk.index(after: newline)
        }
        pending.append(contentsOf: chunk[start...])
        try checkLength()
        return lines
    }

    /// The last line when the stream did not end with a newline.
    public mutating func finish() -> [UInt8]? {
        defer { pending = [] }
        return pending.isEmpty ? nil : Self.trimmed(pending)
    }

    private func checkLength() throws {
        if pending.count > maxLineLength { throw LineTooLong(limit: maxLineLength) }
    }

    private static func trimmed(_ line: [UInt8]) -> [UInt8] {
        line.last == 0x0D ? Array(line.dropLast()) : line
    }
}

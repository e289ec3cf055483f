import Foundation

/// A partner's full export of an initiative (issue #17): JSON Lines, one JSON object a line, in four sections —
///
/// 1. one header: `{"type":"export","format":1,"initiativeId":…,"party":{…},"exportedBy":…,"exportedAt":…}`;
/// 2. one line per entity the party may see: `{"type":"objective","data":{…the API's DTO…}}`;
/// 3. every entry of the initiative's log, in order: `{"type":"ledgerEntry","index":0,"leaf":…,"leafHash":…}`, `leaf`
///    being base64 of the exact bytes hashed (the event's canonical JSON), `index` counting from 0 as the API's
///    ledger entries and proofs do;
/// 4. the signed checkpoint covering exactly those entries, with the key that signed it:
///    `{"type":"checkpoint","note":…,"verifierKey":…}`.
///
/// The checkpoint comes last on purpose: an export cut short (a dropped connection) has none, so it never verifies.
public enum ExportFormat {
    /// The format's version, in the header; a reader refuses another.
    public static let version = 1
    /// The media type the server answers with (JSON Lines).
    public static let mediaType = "application/jsonl"

    public static let headerType = "export"
    public static let ledgerEntryType = "ledgerEntry"
    public static let checkpointType = "checkpoint"
    /// Types an entity line may not take: they name the other sections.
    public static let reservedTypes: Set<String> = [headerType, ledgerEntryType, checkpointType]

    /// The party exporting: the organization whose admin asked for it.
    public struct Party: Codable, Sendable, Equatable {
        public var organizationId: UUID
        public var name: String

        public init(organizationId: UUID, name: String) {
            self.organizationId = organizationId
            self.name = name
        }
    }

    public struct Header: Codable, Sendable, Equatable {
        public var type = ExportFormat.headerType
        public var format = ExportFormat.version
        public var initiativeId: UUID
        public var party: Party
        public var exportedBy: UUID
        public var exportedAt: Date

        public init(initiativeId: UUID, party: Party, exportedBy: UUID, exportedAt: Date) {
            self.initiativeId = initiativeId
            self.party = party
            self.exportedBy = exportedBy
            self.exportedAt = exportedAt
        }
    }

    public struct LedgerEntry: Codable, Sendable, Equatable {
        public var type = ExportFormat.ledgerEntryType
        public var index: UInt64
        /// Base64 of the exact leaf bytes.
        public var leaf: String
        /// Lower-case hex of the RFC 6962 leaf hash of those bytes (a reader recomputes it).
        public var leafHash: String

        public init(index: UInt64, leafBytes: [UInt8]) {
            self.index = index
            self.leaf = Data(leafBytes).base64EncodedString()
            self.leafHash = Merkle.leafHash(leafBytes).hex
        }
    }

    public struct CheckpointLine: Codable, Sendable, Equatable {
        public var type = ExportFormat.checkpointType
        /// The signed note (C2SP tlog-checkpoint), with any cosignatures the parties added.
        public var note: String
        /// The server's verifier key, `<name>+<key id>+<base64 key>`.
        public var verifierKey: String

        public init(note: String, verifierKey: String) {
            self.note = note
            self.verifierKey = verifierKey
        }
    }

    /// The encoder of every line, the API's own JSON form: sorted keys, ISO 8601 dates, slashes unescaped.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// One line, newline included, of a header, ledger entry or checkpoint.
    public static func line(_ value: some Encodable, encoder: JSONEncoder) throws -> Data {
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }

    /// One entity line, newline included: `{"type":<type>,"data":<value>}`, the type first so that a person reading
    /// the file sees what each line is.
    public static func entityLine(type: String, _ value: some Encodable, encoder: JSONEncoder) throws -> Data {
        precondition(!reservedTypes.contains(type), "'\(type)' names a section, not an entity")
        var data = Data("{\"type\":".utf8)
        data.append(try encoder.encode(type))
        data.append(contentsOf: Array(",\"data\":".utf8))
        data.append(try encoder.encode(value))
        data.append(contentsOf: Array("}\n".utf8))
        return data
    }
}

/// One line of an export, read back.
public enum ExportLine: Equatable, Sendable {
    case header(ExportFormat.Header)
    /// An entity: its type; its data was checked to be a JSON object and is not kept.
    case entity(type: String)
    case ledgerEntry(index: UInt64, leaf: [UInt8], leafHash: String)
    case checkpoint(ExportFormat.CheckpointLine)

    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    private struct Kind: Decodable { var type: String }

    /// An object with any members: decoding one checks the value is a JSON object (the whole line was parsed).
    private struct AnyObject: Decodable {
        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws { _ = try decoder.container(keyedBy: Key.self) }
    }

    private struct Entity: Decodable {
        var type: String
        var data: AnyObject
    }

    /// Parses one line (without its newline).
    public static func parse(_ bytes: some Collection<UInt8>, decoder: JSONDecoder) throws -> ExportLine {
        let data = Data(bytes)
        let kind: String
        do {
            kind = try decoder.decode(Kind.self, from: data).type
        } catch {
            throw Invalid(message: "is not a JSON object with a string \"type\"")
        }
        switch kind {
        case ExportFormat.headerType:
            guard let header = try? decoder.decode(ExportFormat.Header.self, from: data) else {
                throw Invalid(message: "is not a valid export header (initiativeId, party, exportedBy, exportedAt, format)")
            }
            return .header(header)
        case ExportFormat.ledgerEntryType:
            guard let entry = try? decoder.decode(ExportFormat.LedgerEntry.self, from: data) else {
                throw Invalid(message: "is not a valid ledger entry (index, leaf, leafHash)")
            }
            guard let leaf = Data(base64Encoded: entry.leaf) else {
                throw Invalid(message: "holds a leaf that is not base64")
            }
            return .ledgerEntry(index: entry.index, leaf: Array(leaf), leafHash: entry.leafHash)
        case ExportFormat.checkpointType:
            guard let checkpoint = try? decoder.decode(ExportFormat.CheckpointLine.self, from: data) else {
                throw Invalid(message: "is not a valid checkpoint line (note, verifierKey)")
            }
            return .checkpoint(checkpoint)
        default:
            guard (try? decoder.decode(Entity.self, from: data)) != nil else {
                throw Invalid(message: "is an entity line ('\(kind)') without a JSON object as its \"data\"")
            }
            return .entity(type: kind)
        }
    }
}

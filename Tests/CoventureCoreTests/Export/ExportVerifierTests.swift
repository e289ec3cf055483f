import Crypto
import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

/// The offline verification of a partner's export (issue #17), on files built here from a log of made-up events.
@Suite("Export verifier")
struct ExportVerifierTests {
    static let initiative = UUID(uuidString: "00000000-0000-4000-8000-0000000000e1")!
    static let party = ExportFormat.Party(organizationId: UUID(uuidString: "00000000-0000-4000-8000-0000000000e2")!, name: "Partner Bank")
    static let signer = try! NoteSigner(name: "coventure.test", privateKey: Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32)))
    static let impostor = try! NoteSigner(name: "coventure.test", privateKey: Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 9, count: 32)))

    struct Objective: Encodable { var id: Int; var title: String }

    /// The lines of an export whose log holds `events`, signed by `signer`.
    static func export(_ events: [String], signer: NoteSigner = signer, origin: UUID = initiative) throws -> [String] {
        let encoder = ExportFormat.encoder()
        func text(_ data: Data) -> String { String(decoding: data.dropLast(), as: UTF8.self) }
        var lines = [text(try ExportFormat.line(
            ExportFormat.Header(initiativeId: initiative, party: party, exportedBy: UUID(), exportedAt: Date(timeIntervalSince1970: 1_800_000_000)),
            encoder: encoder))]
        lines.append(text(try ExportFormat.entityLine(type: "objective", Objective(id: 1, title: "Lend to 2 400 SMEs"), encoder: encoder)))
        lines.append(text(try ExportFormat.entityLine(type: "objective", Objective(id: 2, title: "\"Quoted\" / slashed"), encoder: encoder)))
        lines.append(text(try ExportFormat.entityLine(type: "member", ["role": "admin"], encoder: encoder)))
        var range = CompactRange()
        for (index, event) in events.enumerated() {
            let bytes = Array(event.utf8)
            range.append(Merkle.leafHash(bytes))
            lines.append(text(try ExportFormat.line(ExportFormat.LedgerEntry(index: UInt64(index), leafBytes: bytes), encoder: encoder)))
        }
        let checkpoint = try Checkpoint(origin: "coventure.test/initiatives/\(origin.uuidString.lowercased())", size: range.size, rootHash: range.root.bytes)
        lines.append(text(try ExportFormat.line(
            ExportFormat.CheckpointLine(note: try signer.sign(checkpoint.text).serialized, verifierKey: signer.verifierKey), encoder: encoder)))
        return lines
    }

    static let events = (0..<11).map { #"{"action":"objective.created","seq":\#($0 + 1)}"# }

    static func verify(_ lines: [String], pinnedKey: String? = nil) throws -> ExportVerifier.Summary {
        var verifier = try ExportVerifier(pinnedKey: pinnedKey)
        for line in lines { try verifier.consume(Array(line.utf8)) }
        return try verifier.finish()
    }

    static func failure(_ lines: [String], pinnedKey: String? = nil) -> ExportVerifier.Failure? {
        do {
            _ = try verify(lines, pinnedKey: pinnedKey)
            return nil
        } catch let failure as ExportVerifier.Failure {
            return failure
        } catch {
            Issue.record("an error that is not a verification failure: \(error)")
            return nil
        }
    }

    @Test("An intact export verifies: entities counted by type in order, every entry replayed to the signed root")
    func intact() throws {
        let summary = try Self.verify(try Self.export(Self.events))
        #expect(summary.entries == 11)
        #expect(summary.entities.map(\.type) == ["objective", "member"])
        #expect(summary.entities.map(\.count) == [2, 1])
        #expect(summary.header.initiativeId == Self.initiative)
        #expect(summary.header.party == Self.party)
        #expect(summary.signerName == "coventure.test")
        #expect(!summary.keyPinned)
        #expect(try Self.verify(try Self.export(Self.events), pinnedKey: Self.signer.verifierKey).keyPinned)
    }

    @Test("For logs of any size, the file verifies, and changing any one byte of any entry's leaf makes it fail")
    func anyAlteredLeafFails() async {
        await propertyCheck(count: 30, input: Gen.int(in: 1...40), Gen.int(in: 0...Int.max)) { size, pick in
            let events = (0..<size).map { #"{"seq":\#($0 + 1),"note":"n\#($0)"}"# }
            let lines = try! Self.export(events)
            #expect((try? Self.verify(lines)) != nil)
            let index = pick % size
            var bytes = Array(events[index].utf8)
            bytes[(pick / size) % bytes.count] ^= 0x01
            var altered = lines
            // The entry's leaf carries the altered bytes; its leafHash is recomputed too, as a forger would.
            let entry = ExportFormat.LedgerEntry(index: UInt64(index), leafBytes: bytes)
            altered[4 + index] = String(decoding: try! ExportFormat.line(entry, encoder: ExportFormat.encoder()).dropLast(), as: UTF8.self)
            let failure = Self.failure(altered)
            #expect(failure?.message.contains("an entry was altered") == true, "\(String(describing: failure))")
        }
    }

    @Test("An entry whose bytes no longer give its own leafHash is named at its line")
    func leafHashMismatch() throws {
        var lines = try Self.export(Self.events)
        lines[6] = lines[6].replacingOccurrences(of: "\"leafHash\":\"", with: "\"leafHash\":\"0")
        let failure = try #require(Self.failure(lines))
        #expect(failure.line == 7)
        #expect(failure.message.contains("ledger entry 2's bytes do not hash to its leafHash"))
    }

    @Test("A removed entry, a repeated one, or the last one dropped fails: entries are numbered 0…n-1 without gaps")
    func numbering() throws {
        let lines = try Self.export(Self.events)
        var removed = lines
        removed.remove(at: 7)
        #expect(Self.failure(removed)?.message.contains("entry 3 is missing") == true)
        var repeated = lines
        repeated.insert(lines[7], at: 8)
        #expect(Self.failure(repeated)?.message.contains("repeats ledger entry 3") == true)
        var lastDropped = lines
        lastDropped.remove(at: lines.count - 2)
        #expect(Self.failure(lastDropped)?.message.contains("holds 10 ledger entries but the checkpoint covers 11") == true)
    }

    @Test("A forged checkpoint fails: a changed root without the key, another key unless only the file's own is trusted, another log")
    func forgedCheckpoint() throws {
        let lines = try Self.export(Self.events)
        var rootChanged = lines
        let checkpoint = try ExportFormat.decoder().decode(ExportFormat.CheckpointLine.self, from: Data(lines.last!.utf8))
        var noteLines = checkpoint.note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        noteLines[2] = Data(repeating: 1, count: 32).base64EncodedString()
        let forgedNote = noteLines.joined(separator: "\n")
        rootChanged[rootChanged.count - 1] = String(decoding: try ExportFormat.line(
            ExportFormat.CheckpointLine(note: forgedNote, verifierKey: checkpoint.verifierKey), encoder: ExportFormat.encoder()).dropLast(), as: UTF8.self)
        #expect(Self.failure(rootChanged)?.message.contains("signature does not verify") == true)

        // Re-signed by someone else with their own key in the file: it holds together, but not for the pinned key.
        let resigned = try Self.export(Self.events, signer: Self.impostor)
        #expect(try Self.verify(resigned).keyPinned == false)
        let pinnedFailure = Self.failure(resigned, pinnedKey: Self.signer.verifierKey)
        #expect(pinnedFailure?.message.contains("not the pinned key") == true)

        let otherLog = try Self.export(Self.events, origin: UUID())
        #expect(Self.failure(otherLog)?.message.contains("is not the initiative the header names") == true)
    }

    @Test("Sections must come in order, entity lines must parse, and a file cut short or with no header fails")
    func structure() throws {
        let lines = try Self.export(Self.events)
        #expect(Self.failure(Array(lines.dropLast()))?.message.contains("ends without a checkpoint") == true)
        #expect(Self.failure(Array(lines.dropFirst()))?.message.contains("before the header") == true)
        #expect(Self.failure([])?.message.contains("no export header") == true)
        var entityAmongEntries = lines
        entityAmongEntries.insert(lines[1], at: 6)
        #expect(Self.failure(entityAmongEntries)?.line == 7)
        var badEntity = lines
        badEntity[2] = #"{"type":"objective","data":[1,2]}"#
        #expect(Self.failure(badEntity)?.message.contains("without a JSON object") == true)
        var notJSON = lines
        notJSON[3] = #"{"type":"member","data":{"role":"admin"}"#
        #expect(Self.failure(notJSON)?.line == 4)
        var trailing = lines
        trailing.append(lines[1])
        #expect(Self.failure(trailing)?.message.contains("follows the checkpoint") == true)
        var newerFormat = lines
        newerFormat[0] = newerFormat[0].replacingOccurrences(of: "\"format\":1", with: "\"format\":2")
        #expect(Self.failure(newerFormat)?.message.contains("format 2") == true)
        #expect(throws: ExportVerifier.Failure.self) { try ExportVerifier(pinnedKey: "not a key") }
    }

    @Test("The line splitter gives the same lines whatever the chunk boundaries, dropping a CR before each newline")
    func lineSplitter() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 1...64), Gen.uint8(in: 0x20...0x7E).array(of: 0...30).array(of: 0...12)) { chunk, lines in
            let text = lines.map { $0 + [0x0D, 0x0A] }.joined()
            var splitter = LineSplitter()
            var out: [[UInt8]] = []
            var start = 0
            let bytes = Array(text)
            while start < bytes.count {
                out += try! splitter.feed(bytes[start..<min(bytes.count, start + chunk)])
                start += chunk
            }
            #expect(splitter.finish() == nil)
            #expect(out == lines)
        }
        var splitter = LineSplitter(maxLineLength: 12)
        #expect(try splitter.feed(Array("short\nno newline".utf8)) == [Array("short".utf8)])
        #expect(splitter.finish() == Array("no newline".utf8))
        #expect(throws: LineSplitter.LineTooLong.self) { _ = try splitter.feed(Array("0123456789abcdef".utf8)) }
    }

    @Test("Only the admins of a party, any party, export the initiative; outsiders find nothing")
    func exportPermission() {
        for role in MemberRole.allCases {
            for ownerParty in [true, false] {
                let decision = AccessPolicy.decide(.exportInitiative, for: AccessPolicyTests.member(role, ownerParty: ownerParty))
                #expect((decision == .allow) == (role == .admin), "\(role) of \(ownerParty ? "the owner" : "a partner")")
                if role != .admin { #expect(decision != .notFound) }
            }
        }
        #expect(AccessPolicy.decide(.exportInitiative, for: AccessPolicyTests.outsider) == .notFound)
    }
}

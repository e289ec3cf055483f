import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureDemo
@testable import CoventureServer

extension AccessMatrixTests {
    /// The export takes the whole initiative at once: the admins of every party (issue #17).
    static let exportEntries: [Entry] = [
        Entry(method: .GET, url: .api(.initiativeExport(.key)), path: { w in APIURL.initiativeExport(.value(w.initiative.id)).path },
              expect: partyAdmins(anonymous: .unauthorized)),
    ]
}

/// A partner's full export (issue #17): `GET /api/v1/initiatives/{id}/export`, fetched over real HTTP from a running
/// server, checked offline by `coventure verify --offline FILE` — intact it verifies; altered, it does not.
@Suite("Initiative export")
struct InitiativeExportTests {
    struct Exported {
        var file: String
        var lines: [String]
        var initiativeID: UUID
    }

    /// Downloads the export of the demo's joint venture (every kind of entity is in it) as the admin with `email`, over
    /// a socket.
    static func export(_ t: TestApp, as email: String) async throws -> Exported {
        let person = try #require(try await PersonRow.first(t.db, where: "email = \(bind: email)"))
        let secret = "cvt_export-test-\(UUID().uuidString.lowercased())"
        _ = try await TokenStore(application: t.app).create(
            name: "export", personID: person.id, organizationID: person.organizationID, actor: .operator, secret: secret)
        let id = try await InitiativeRow.named("GreenGrid Climate Finance", on: t.db).id
        let body = try await t.withLiveServer { base in
            let response = try await t.app.client.get(URI(string: base + APIURL.initiativeExport(.value(id)).path)) { request in
                request.headers.bearerAuthorization = BearerAuthorization(token: secret)
            }
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType) == "application/jsonl")
            #expect(response.headers.first(name: .contentDisposition)?.contains(".jsonl") == true)
            return response.body.map { String(buffer: $0) } ?? ""
        }
        let file = t.app.appConfig.dataDirectory + "/export-\(UUID().uuidString).jsonl"
        try Data(body.utf8).write(to: URL(fileURLWithPath: file))
        return Exported(file: file, lines: body.split(separator: "\n").map(String.init), initiativeID: id)
    }

    static func write(_ lines: [String], _ t: TestApp) throws -> String {
        let file = t.app.appConfig.dataDirectory + "/altered-\(UUID().uuidString).jsonl"
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    static func types(_ lines: [String]) throws -> [String] {
        try lines.map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require(object["type"] as? String)
        }
    }

    @Test("An admin's export over HTTP holds every entity kind, every ledger entry and a checkpoint, and verifies offline",
          arguments: TestDatabase.all)
    func verifies(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            try await DemoData.load(into: t.app)
            let exported = try await Self.export(t, as: DemoData.partnerAdminEmail)
            let types = try Self.types(exported.lines)
            #expect(types.first == "export")
            #expect(types.last == "checkpoint")
            for kind in ["initiative", "party", "member", "objective", "checkIn", "workstream", "workItem", "decisionType", "decision",
                         "vote", "escalationLadder", "valueMetric", "measurement", "scoringFramework", "proposal", "practice",
                         "practiceVersion", "pulseSettings", "pulse"] {  // (the venture has held no pulse round yet)
                #expect(types.contains(kind), "no \(kind) line in the export")
            }
            // Every entry of the log, as recorded when the export started, in order.
            let events = try await t.events(log: exported.initiativeID)
            let entries = exported.lines.filter { $0.contains("\"type\":\"ledgerEntry\"") }
            #expect(entries.count == events.count)
            let decoder = ExportFormat.decoder()
            let third = try decoder.decode(ExportFormat.LedgerEntry.self, from: Data(entries[2].utf8))
            #expect(third.index == 2 && Data(base64Encoded: third.leaf) == Data(events[2].canonical.utf8))
            // The header names the exporting party: the partner's organization.
            let header = try decoder.decode(ExportFormat.Header.self, from: Data(exported.lines[0].utf8))
            let partner = try #require(try await PersonRow.first(t.db, where: "email = \(bind: DemoData.partnerAdminEmail)"))
            #expect(header.party.organizationId == partner.organizationID && header.initiativeId == exported.initiativeID)

            let report = ExportVerification.verify(file: exported.file, verifierKey: t.app.ledger.verifierKey)
            #expect(!report.failed, "\(report.lines)")
            #expect(report.lines.contains { $0.hasPrefix("✓ replayed all \(events.count) entries to the signed root") })
            #expect(report.lines.contains { $0.contains("(pinned)") })
            let unpinned = ExportVerification.verify(file: exported.file, verifierKey: nil)
            #expect(!unpinned.failed && unpinned.lines.contains { $0.contains("only the file's own") })
        }
    }

    @Test("A copy with an entry's byte changed, an entry removed, or a forged checkpoint fails offline verification",
          arguments: TestDatabase.all)
    func tampered(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            try await DemoData.load(into: t.app)
            let exported = try await Self.export(t, as: DemoData.ownerAdminEmail)
            let key = t.app.ledger.verifierKey
            let encoder = ExportFormat.encoder(), decoder = ExportFormat.decoder()
            func line(_ value: some Encodable) throws -> String { String(decoding: try ExportFormat.line(value, encoder: encoder).dropLast(), as: UTF8.self) }
            func failure(_ lines: [String], pinned: String? = key) throws -> String {
                let report = ExportVerification.verify(file: try Self.write(lines, t), verifierKey: pinned)
                #expect(report.failed, "an altered export verified")
                return report.lines.last ?? ""
            }
            let first = try #require(exported.lines.firstIndex { $0.contains("\"type\":\"ledgerEntry\"") })
            let target = first + 5
            let entry = try decoder.decode(ExportFormat.LedgerEntry.self, from: Data(exported.lines[target].utf8))
            var bytes = Array(try #require(Data(base64Encoded: entry.leaf)))
            bytes[bytes.count / 2] ^= 0x01

            // One byte of one entry changed, its leaf hash left as it was.
            var changed = exported.lines
            var altered = ExportFormat.LedgerEntry(index: entry.index, leafBytes: bytes)
            altered.leafHash = entry.leafHash
            changed[target] = try line(altered)
            #expect(try failure(changed).contains("line \(target + 1): ledger entry 5's bytes do not hash to its leafHash"))
            // The same byte changed by a forger who also recomputed the leaf hash: the root gives it away.
            changed[target] = try line(ExportFormat.LedgerEntry(index: entry.index, leafBytes: bytes))
            #expect(try failure(changed).contains("an entry was altered"))

            var removed = exported.lines
            removed.remove(at: target)
            #expect(try failure(removed).contains("entry 5 is missing"))

            // A forged checkpoint: the altered log's root signed with another key, that key put in the file. It holds
            // together on its own terms, so only the server's pinned key tells.
            let checkpointLine = try decoder.decode(ExportFormat.CheckpointLine.self, from: Data(exported.lines.last!.utf8))
            let original = try Checkpoint(SignedNote(parsing: checkpointLine.note))
            var range = CompactRange()
            for text in changed where text.contains("\"type\":\"ledgerEntry\"") {
                let leaf = try decoder.decode(ExportFormat.LedgerEntry.self, from: Data(text.utf8)).leaf
                range.append(Merkle.leafHash(Array(try #require(Data(base64Encoded: leaf)))))
            }
            let forger = try NoteSigner(name: t.app.ledger.name, privateKey: .init())
            let forged = try Checkpoint(origin: original.origin, size: range.size, rootHash: range.root.bytes)
            var forgedFile = changed
            forgedFile[forgedFile.count - 1] = try line(ExportFormat.CheckpointLine(note: try forger.sign(forged.text).serialized, verifierKey: forger.verifierKey))
            #expect(try failure(forgedFile).contains("not the pinned key"))
            #expect(!ExportVerification.verify(file: try Self.write(forgedFile, t), verifierKey: nil).failed,
                    "with no pinned key a re-signed file holds together, which the output says")
            // The server's note with its root replaced, the signature kept.
            var noteLines = checkpointLine.note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            noteLines[2] = range.root.base64
            var rootSwapped = changed
            rootSwapped[rootSwapped.count - 1] = try line(ExportFormat.CheckpointLine(note: noteLines.joined(separator: "\n"), verifierKey: key))
            #expect(try failure(rootSwapped, pinned: nil).contains("signature does not verify"))

            // Cut short: no checkpoint at the end.
            #expect(try failure(Array(exported.lines.dropLast())).contains("ends without a checkpoint"))

            // The command itself, as a partner runs it.
            let passed = try await CommandLineTests.run(["verify", "--offline", exported.file, "--verifier-key", key], environment: [:])
            #expect(passed.status == 0, "\(passed.output)\(passed.error)")
            #expect(passed.output.hasSuffix("Verified.\n") && passed.output.contains("✓ replayed all"))
            let failed = try await CommandLineTests.run(["verify", "--offline", try Self.write(removed, t)], environment: [:])
            #expect(failed.status == 1)
            #expect(failed.output.contains("✗ line \(target + 1): is ledger entry 6, but entry 5 is missing"))
            #expect(failed.output.hasSuffix("Verification FAILED.\n"))
        }
    }

    @Test("The export is refused before anything is read: 403 to a member who is not an admin, 404 to an outsider or a missing initiative",
          arguments: TestDatabase.all)
    func refusals(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Owner Org")
            let leader = try await Factory.person(t, organization: "Owner Org")
            let outsider = try await Factory.person(t, organization: "Elsewhere")
            let initiative = try await Factory.initiative(t, by: owner)
            try await Factory.member(t, initiative, leader, role: .leader, by: owner)
            let path = APIURL.initiativeExport(.value(initiative.id)).path
            let (leaderToken, outsiderToken, ownerToken) = (try await Factory.token(t, leader), try await Factory.token(t, outsider), try await Factory.token(t, owner))
            #expect(try await t.send(.GET, path, as: leaderToken).status == .forbidden)
            #expect(try await t.send(.GET, path, as: outsiderToken).status == .notFound)
            #expect(try await t.send(.GET, APIURL.initiativeExport(.value(UUID())).path, as: ownerToken).status == .notFound)
            #expect(try await t.send(.GET, path).status == .unauthorized)
            let allowed = try await t.send(.GET, path, as: ownerToken)
            #expect(allowed.status == .ok)
            #expect(allowed.text.hasSuffix("\n") && allowed.text.contains("\"type\":\"checkpoint\""))
        }
    }
}

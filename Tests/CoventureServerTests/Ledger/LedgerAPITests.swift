import CoventureCore
import Crypto
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import CoventureDemo
@testable import CoventureServer

@Suite("Verifiable ledger")
struct LedgerAPITests {
    struct Fixture {
        var owner: SignedInPerson
        var token: Caller
        var initiative: InitiativeDTO
    }

    func fixture(_ t: TestApp, changes: Int = 5) async throws -> Fixture {
        let owner = try await Factory.person(t, name: "Olivia", organization: "Bank", orgAdmin: true)
        let initiative = try await Factory.initiative(t, by: owner)
        for index in 0..<changes {
            _ = try await InitiativeStore(application: t.app).update(initiative.id, UpdateInitiativeRequest(name: "Name \(index)"), by: owner.actor)
        }
        return Fixture(owner: owner, token: try await Factory.token(t, owner), initiative: initiative)
    }

    func checkpoint(_ t: TestApp, _ f: Fixture) async throws -> (SignedNote, Checkpoint) {
        let response = try await t.send(.GET, APIURL.ledgerCheckpoint(.value(f.initiative.id)).path, as: f.token)
        #expect(response.status == .ok)
        #expect(response.headers.contentType?.subType == "plain")
        let note = try SignedNote(parsing: response.text)
        return (note, try Checkpoint(note))
    }

    @Test("The checkpoint is signed by the served verifier key and commits to exactly the served entries", arguments: TestDatabase.all)
    func checkpointMatchesEntries(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let f = try await fixture(t)
            let key = try await t.send(.GET, APIURL.ledgerVerifierKey.path, as: f.token)
            let verifier = try NoteVerifier(verifierKey: key.text.trimmingCharacters(in: .newlines))
            #expect(verifier.name == "coventure.local")
            let (note, checkpoint) = try await checkpoint(t, f)
            #expect(verifier.verify(note))
            #expect(checkpoint.origin == "coventure.local/initiatives/\(f.initiative.id.uuidString.lowercased())")
            #expect(checkpoint.size == 8)

            let page = try t.decode(ListPage<LedgerEntryDTO>.self, from: try await t.send(.GET, APIURL.ledgerEntries(.value(f.initiative.id)).path, as: f.token))
            #expect(page.items.map(\.index) == Array(0..<8))
            var tree = InMemoryMerkleTree()
            for entry in page.items { tree.append(leaf: Array(Data(base64Encoded: entry.leaf)!)) }
            #expect(tree.root.bytes == checkpoint.rootHash)
            let events = try await t.events(log: f.initiative.id)
            #expect(page.items.map { Data(base64Encoded: $0.leaf)! } == events.map { Data($0.canonical.utf8) }, "leaves are the events' exact bytes")
        }
    }

    @Test("Every entry's inclusion proof, and the consistency proof between two checkpoints, verify", arguments: TestDatabase.all)
    func proofsVerify(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let f = try await fixture(t, changes: 3)
            let (_, first) = try await checkpoint(t, f)
            let events = try await t.events(log: f.initiative.id)
            let root = try #require(MerkleHash(bytes: first.rootHash))
            for (index, event) in events.enumerated() {
                let proof = try t.decode(ProofDTO.self, from: try await t.send(
                    .GET, APIURL.ledgerInclusionProof(.value(f.initiative.id)).path + "?index=\(index)&size=\(first.size)", as: f.token))
                let hashes = proof.hashes.compactMap(MerkleHash.init(base64:))
                #expect(Merkle.verifyInclusion(leafHash: Merkle.leafHash(Array(event.canonical.utf8)), index: UInt64(index), size: first.size, proof: hashes, root: root))
            }
            for index in 0..<4 {
                _ = try await InitiativeStore(application: t.app).update(f.initiative.id, UpdateInitiativeRequest(name: "Later \(index)"), by: f.owner.actor)
            }
            _ = try await t.app.ledger.signIfDue(log: f.initiative.id, on: t.db, logger: t.app.logger, force: true)
            let (_, second) = try await checkpoint(t, f)
            #expect(second.size == first.size + 4)
            let proof = try t.decode(ProofDTO.self, from: try await t.send(
                .GET, APIURL.ledgerConsistencyProof(.value(f.initiative.id)).path + "?from=\(first.size)&to=\(second.size)", as: f.token))
            #expect(Merkle.verifyConsistency(
                from: first.size, to: second.size, oldRoot: root, newRoot: try #require(MerkleHash(bytes: second.rootHash)),
                proof: proof.hashes.compactMap(MerkleHash.init(base64:))))
        }
    }

    @Test("Bad proof and entry parameters get a 400 naming the parameter", arguments: TestDatabase.all)
    func badParameters(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let f = try await fixture(t, changes: 0)
            let id = f.initiative.id
            let cases: [(String, String)] = [
                (APIURL.ledgerInclusionProof(.value(id)).path + "?index=3&size=3", "index"),
                (APIURL.ledgerInclusionProof(.value(id)).path + "?index=0&size=4", "size"),
                (APIURL.ledgerInclusionProof(.value(id)).path + "?index=x&size=2", "index"),
                (APIURL.ledgerInclusionProof(.value(id)).path + "?index=-1&size=2", "index"),
                (APIURL.ledgerInclusionProof(.value(id)).path + "?size=2", "index"),
                (APIURL.ledgerConsistencyProof(.value(id)).path + "?from=3&to=2", "from"),
                (APIURL.ledgerConsistencyProof(.value(id)).path + "?from=1&to=99", "to"),
                (APIURL.ledgerConsistencyProof(.value(id)).path + "?from=1.5&to=2", "from"),
                (APIURL.ledgerEntries(.value(id)).path + "?start=2&end=1", "start"),
                (APIURL.ledgerEntries(.value(id)).path + "?end=99", "end"),
            ]
            for (path, field) in cases {
                let response = try await t.send(.GET, path, as: f.token)
                #expect(response.status == .badRequest, "\(path)")
                #expect(try t.decode(APIErrorBody.self, from: response).error.field == field, "\(path)")
            }
        }
    }

    @Test("A party registers a cosigner key and posts a cosignature, which the served checkpoint then carries", arguments: TestDatabase.all)
    func cosigning(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let f = try await fixture(t)
            let partner = try await Factory.person(t, organization: "Helio", orgAdmin: true)
            try await Factory.partner(t, f.initiative, owner: f.owner, partner: partner)
            let partnerToken = try await Factory.token(t, partner)
            let witness = try Cosigner(name: "helio-witness", privateKey: Curve25519.Signing.PrivateKey())
            let registered = try await t.send(.PUT, APIURL.cosignerKey(.value(partner.organizationID)).path, as: partnerToken,
                                              json: CosignerKeyRequest(verifierKey: witness.verifierKey))
            #expect(registered.status == .ok)
            let bad = try await t.send(.PUT, APIURL.cosignerKey(.value(partner.organizationID)).path, as: partnerToken,
                                       json: CosignerKeyRequest(verifierKey: "not a key"))
            #expect(try t.decode(APIErrorBody.self, from: bad).error.field == "verifierKey")

            let (_, checkpoint) = try await checkpoint(t, f)
            let now = UInt64(Date().timeIntervalSince1970)
            let signature = try witness.cosign(checkpoint, at: now)
            let wrong = try witness.cosign(try Checkpoint(origin: checkpoint.origin, size: checkpoint.size, rootHash: Array(repeating: 7, count: 32)), at: now)
            let rejected = try await t.send(.POST, APIURL.ledgerCosignatures(.value(f.initiative.id)).path, as: partnerToken,
                                            json: CosignatureRequest(size: checkpoint.size, signature: wrong.line))
            #expect(rejected.status == .badRequest)
            #expect(try t.decode(APIErrorBody.self, from: rejected).error.field == "signature")

            let huge = try await t.send(.POST, APIURL.ledgerCosignatures(.value(f.initiative.id)).path, as: partnerToken,
                                        json: CosignatureRequest(size: UInt64.max, signature: signature.line))
            #expect(huge.status == .badRequest)
            #expect(try t.decode(APIErrorBody.self, from: huge).error.field == "size")

            let posted = try await t.send(.POST, APIURL.ledgerCosignatures(.value(f.initiative.id)).path, as: partnerToken,
                                          json: CosignatureRequest(size: checkpoint.size, signature: signature.line))
            #expect(posted.status == .created)
            let served = try await t.send(.GET, APIURL.ledgerCheckpoint(.value(f.initiative.id)).path, as: f.token)
            let note = try SignedNote(parsing: served.text)
            #expect(witness.verifier.verifiedTime(in: note) == now)
            #expect(try await t.events(log: f.initiative.id).count == Int(checkpoint.size), "cosigning does not grow the initiative's log")
        }
    }

    @Test("An altered leaf fails the self-check: no checkpoint is signed, writes are refused, /healthz says so", arguments: TestDatabase.all)
    func tamperingIsCaught(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let f = try await fixture(t)
            let first = try #require(try await t.app.ledger.signIfDue(log: f.initiative.id, on: t.db, logger: t.app.logger, force: true))
            let sql = t.db as! any SQLDatabase
            try await sql.raw("""
                UPDATE ledger_events SET canonical = REPLACE(canonical, 'Name 1', 'Name X') WHERE log_id = \(bind: f.initiative.id)
                """).run()
            // A fresh service, as after a restart: it re-derives the root from every stored leaf.
            let restarted = LedgerService(signer: t.app.ledger.signer, interval: 2)
            t.app.ledger = restarted
            _ = try await InitiativeStore(application: t.app).update(f.initiative.id, UpdateInitiativeRequest(name: "Still writable"), by: f.owner.actor)
            await #expect(throws: LedgerIntegrityError.self) {
                try await restarted.signIfDue(log: f.initiative.id, on: t.db, logger: t.app.logger, force: true)
            }
            let latest = try await restarted.latestCheckpoint(log: f.initiative.id, on: t.db)
            #expect(latest?.size == first.size, "nothing new was signed")
            #expect(latest?.rootHash == first.rootHash)
            let write = try await t.send(.PATCH, APIURL.initiative(.value(f.initiative.id)).path, as: f.token, json: ["name": "Refused"])
            #expect(write.status == .serviceUnavailable)
            #expect(write.text.contains("self-check"))
            let health = try await t.send(.GET, SiteURL.healthz.path)
            #expect(health.status == .serviceUnavailable)
            #expect(health.text.contains("integrity failure"))
            #expect(health.text.contains("\"failingLogs\":1"))
            // /healthz answers anyone: which log failed is for operators only (`coventure ledger check`).
            #expect(!health.text.contains(f.initiative.id.uuidString.lowercased()))
            let checked = try await Operations.checkLedgers(t.app)
            #expect(checked.map(\.log) == [f.initiative.id])
            #expect(checked.first?.reason.contains("root") == true)
        }
    }

    @Test("The signing key lives in a file readable only by its owner, never in the database")
    func keyFile() async throws {
        try await withTestApp(.sqlite) { t in
            let path = t.app.appConfig.ledgerKeyFile
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let seed = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(Data(base64Encoded: seed)?.count == 32)
            let sql = t.db as! any SQLDatabase
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            _ = try await t.app.ledger.signIfDue(log: initiative.id, on: t.db, logger: t.app.logger, force: true)
            let file = try String(contentsOfFile: t.app.appConfig.dataDirectory + "/coventure.sqlite", encoding: .isoLatin1)
            #expect(!file.contains(seed))
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM ledger_checkpoints").first()?.decode(column: "n", as: Int.self) == 1)
        }
    }

    @Test("SQLite runs in WAL mode with synchronous FULL")
    func sqliteDurability() async throws {
        try await withTestApp(.sqlite) { t in
            let sql = t.db as! any SQLDatabase
            let journal = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            let synchronous = try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
            let foreignKeys = try await sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
            #expect(journal == "wal")
            #expect(synchronous == 2)
            #expect(foreignKeys == 1)
        }
    }
}

@Suite("Bulk ledger writer")
struct LedgerBulkWriterTests {
    @Test("Bulk-written entries form the same verifiable log as recorded ones", arguments: TestDatabase.all)
    func bulkLogVerifies(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let filled = try await BenchmarkLedger.fill(t.app, entries: 5_300) { _ in }
            let tree = LedgerTree(db: t.db)
            #expect(try await tree.size(log: filled.initiative) == 5_300)
            // A fresh service re-derives the root from every stored leaf and compares it with the stored tree.
            let fresh = LedgerService(signer: t.app.ledger.signer, interval: 2)
            let range = try await fresh.selfCheck(log: filled.initiative, on: t.db, logger: t.app.logger)
            #expect(range.size == 5_300)
            let root = try await tree.root(log: filled.initiative, size: 5_300)
            #expect(root == range.root)
            for index in [UInt64(0), 2, 3, 4_999, 5_000, 5_299] {
                let leaf = try #require(try await tree.leaves(log: filled.initiative, start: index, end: index + 1).first)
                let proof = try await tree.inclusionProof(log: filled.initiative, index: index, size: 5_300)
                #expect(Merkle.verifyInclusion(leafHash: Merkle.leafHash(leaf.bytes), index: index, size: 5_300, proof: proof, root: root))
            }
        }
    }
}

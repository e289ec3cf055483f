import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import CoventureServer

/// The backup and restore drill (issue #17), on SQLite (`coventure backup`, `coventure restore`) and on PostgreSQL
/// (`pg_dump -Fc`, `pg_restore`, the README's procedure): write under load, back up, keep writing, save a checkpoint,
/// restore the backup elsewhere — the restored log passes its self-check and is a prefix of the saved checkpoint.
@Suite("Backup and restore drill")
struct BackupRestoreDrillTests {
    static func config(_ choice: AppConfig.DatabaseChoice, directory: String) -> AppConfig {
        var config = AppConfig(database: choice, dataDirectory: directory, poolSizePerEventLoop: 2, poolTimeoutSeconds: 60)
        config.backgroundCheckpoints = false
        config.decisionSweepInterval = nil
        config.reminderSweepInterval = nil
        config.webhookSweepInterval = nil
        return config
    }

    /// A server process on `config` for `body`, shut down afterwards.
    static func node<T: Sendable>(_ config: AppConfig, migrate: Bool, _ body: (TestApp) async throws -> T) async throws -> T {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        do {
            try configure(app, config)
            if migrate { try await Coventure.migrate(app) }
            let value = try await body(TestApp(app: app, database: .sqlite, contract: ContractValidator(document: app.openAPI.document())))
            try await app.asyncShutdown()
            return value
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// What the drill saved on the source: the checkpoint signed after the backup, and the proofs to it.
    struct Saved: Sendable {
        var log: UUID
        var checkpoint: StoredCheckpoint
        var sizeAtBackupStart: UInt64
    }

    /// Writes from two clients while `backup` runs after the first few changes, keeps writing, then signs a checkpoint.
    static func writeBackUpAndKeepWriting(_ t: TestApp, backup: @escaping @Sendable () async throws -> Void) async throws -> Saved {
        let p = try await DecisionAPITests.partnership(t)
        let log = p.initiative.id
        let sizeAtStart = try await LedgerTree(db: t.db).size(log: log)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in [p.ownerToken, p.contributorToken] {
                group.addTask {
                    for n in 1...15 { try await WebhookAPITests.objective(t, log, "Under load \(n)", as: client) }
                }
            }
            group.addTask {
                while try await LedgerTree(db: t.db).size(log: log) < sizeAtStart + 6 { try await Task.sleep(nanoseconds: 5_000_000) }
                try await backup()
            }
            try await group.waitForAll()
        }
        // Writing goes on after the backup, whatever the machine's speed let the two clients do during it.
        for n in 1...3 { try await WebhookAPITests.objective(t, log, "After the backup \(n)", as: p.ownerToken) }
        let checkpoint = try #require(try await t.app.ledger.signIfDue(log: log, on: t.db, logger: t.app.logger, force: true))
        return Saved(log: log, checkpoint: checkpoint, sizeAtBackupStart: sizeAtStart + 6)
    }

    /// The restored log passes its self-check, holds what was written before the backup, and is a prefix of the
    /// checkpoint saved on the source: the source proves consistency from the restored root to the saved one.
    static func checkRestored(_ restored: TestApp, source: TestApp, saved: Saved) async throws {
        let failures = try await Operations.checkLedgers(restored.app)
        #expect(failures.isEmpty, "\(failures)")
        let range = try await LedgerService(signer: restored.app.ledger.signer, interval: 60)
            .selfCheck(log: saved.log, on: restored.db, logger: restored.app.logger)
        #expect(range.size >= saved.sizeAtBackupStart, "what was written before the backup is in it")
        #expect(range.size < saved.checkpoint.size, "writing went on after the backup")
        let proof = try await LedgerTree(db: source.db).consistencyProof(log: saved.log, from: range.size, to: saved.checkpoint.size)
        #expect(Merkle.verifyConsistency(
            from: range.size, to: saved.checkpoint.size, oldRoot: range.root, newRoot: saved.checkpoint.rootHash, proof: proof),
            "the restored log is a prefix of the saved checkpoint")
    }

    @Test("SQLite: coventure backup under load, then coventure restore elsewhere; a database holding data is replaced only with --force, and kept")
    func sqliteDrill() async throws {
        let source = try await FreshDatabase.make(.sqlite)
        let elsewhere = try await FreshDatabase.make(.sqlite)
        defer { Task { await source.cleanup(); await elsewhere.cleanup() } }
        let backupFile = source.directory + "/backup.sqlite"
        let target = Self.config(elsewhere.choice, directory: elsewhere.directory)
        try await Self.node(Self.config(source.choice, directory: source.directory), migrate: true) { t in
            let saved = try await Self.writeBackUpAndKeepWriting(t) { try await Operations.backup(t.app, to: backupFile) }

            let restored = try await Operations.restore(target, from: backupFile, force: false)
            #expect(restored.failures.isEmpty && restored.logs >= 1 && restored.previousKeptAt == nil)
            try await Self.node(target, migrate: false) { r in try await Self.checkRestored(r, source: t, saved: saved) }

            await #expect(throws: OperationError.self, "a database holding data is not replaced without --force") {
                try await Operations.restore(target, from: backupFile, force: false)
            }
            let forced = try await Operations.restore(target, from: backupFile, force: true, now: Date(timeIntervalSince1970: 1_800_000_000))
            let kept = try #require(forced.previousKeptAt)
            #expect(kept.hasSuffix(".before-restore-1800000000") && FileManager.default.fileExists(atPath: kept), "the replaced database is kept")
        }
    }

    @Test("restore refuses what is not a sound Coventure backup, touching nothing")
    func refusesABadBackup() async throws {
        let elsewhere = try await FreshDatabase.make(.sqlite)
        defer { Task { await elsewhere.cleanup() } }
        let target = Self.config(elsewhere.choice, directory: elsewhere.directory)
        let notSQLite = elsewhere.directory + "/notes.txt"
        try Data("just some notes".utf8).write(to: URL(fileURLWithPath: notSQLite))
        await #expect(throws: OperationError.self) { try await Operations.restore(target, from: notSQLite, force: true) }
        await #expect(throws: OperationError.self) { try await Operations.restore(target, from: elsewhere.directory + "/missing.sqlite", force: true) }
        #expect(!FileManager.default.fileExists(atPath: elsewhere.directory + "/coventure.sqlite"), "nothing was written")
        var postgres = target
        postgres.database = .postgres(url: "postgres://nobody@127.0.0.1:1/none")
        await #expect(throws: OperationError.self, "PostgreSQL is restored with pg_restore") {
            try await Operations.restore(postgres, from: notSQLite, force: true)
        }
    }

    /// `pg_dump` and `pg_restore` of the server's major version: on the PATH, or where Debian installs them.
    static func postgresTool(_ name: String) throws -> String {
        let candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
            + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin/\(name)" }
        guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestSetupError("\(name) is not installed (PostgreSQL's client tools)")
        }
        return tool
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else { throw TestSetupError("\(tool) failed: \(message)") }
    }

    @Test("PostgreSQL: pg_dump -Fc under load, then pg_restore into another database, as the README says", arguments: TestDatabase.all.filter { $0 == .postgres })
    func postgresDrill(database: TestDatabase) async throws {
        let source = try await FreshDatabase.make(.postgres)
        let elsewhere = try await FreshDatabase.make(.postgres)
        defer { Task { await source.cleanup(); await elsewhere.cleanup() } }
        guard case .postgres(let sourceURL) = source.choice, case .postgres(let targetURL) = elsewhere.choice else { return }
        let dump = source.directory + "/coventure.dump"
        let pgDump = try Self.postgresTool("pg_dump"), pgRestore = try Self.postgresTool("pg_restore")
        try await Self.node(Self.config(source.choice, directory: source.directory), migrate: true) { t in
            let saved = try await Self.writeBackUpAndKeepWriting(t) {
                try Self.run(pgDump, ["--format=custom", "--no-owner", "--file=\(dump)", "--dbname=\(sourceURL)"])
            }
            // The target is a fresh database of the same schema: --clean replaces its (empty) tables with the dump's.
            try Self.run(pgRestore, ["--clean", "--if-exists", "--no-owner", "--exit-on-error", "--dbname=\(targetURL)", dump])
            try await Self.node(Self.config(elsewhere.choice, directory: elsewhere.directory), migrate: false) { r in
                try await Self.checkRestored(r, source: t, saved: saved)
            }
        }
    }
}

import Fluent
import NIOCore
import NIOPosix
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Foundation
import SQLKit
import Testing
import Vapor
@testable import CoventureDemo
@testable import CoventureServer

/// Runs the real `coventure` executable (built by `swift test` beside the tests) against a fresh database.
@Suite("Command line")
struct CommandLineTests {
    static let executable: URL = {
        // The test bundle lives in .build/<config>/; the executable is built into the same folder.
        let bundle = Bundle(for: Marker.self).bundleURL
        var folder = bundle.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("coventure").path) {
            folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug")
        }
        return folder.appendingPathComponent("coventure")
    }()

    final class Marker {}

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs the executable off the concurrency pool (waiting for a process would otherwise block one of its threads).
    static func run(_ arguments: [String], environment: [String: String], input: String = "") async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try runBlocking(arguments, environment: environment, input: input) })
            }
        }
    }

    /// Runs any program the same way (the crash harness uses it for python3).
    static func runProgram(_ path: String, _ arguments: [String], environment: [String: String]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result {
                    try runBlocking(arguments, environment: environment, executableURL: URL(fileURLWithPath: path))
                })
            }
        }
    }

    static func runBlocking(_ arguments: [String], environment: [String: String], input: String = "", executableURL: URL = executable) throws -> Result {
        let process = Process()
        process.executableURL = executableURL
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["DATABASE_URL"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), error: String(decoding: err, as: UTF8.self))
    }

    /// The environment that points the executable at a fresh database of the given kind.
    static func environment(_ database: TestDatabase) async throws -> ([String: String], FreshDatabase) {
        let fresh = try await FreshDatabase.make(database)
        var env = ["COVENTURE_DATA_DIR": fresh.directory]
        if case .postgres(let url) = fresh.choice { env["DATABASE_URL"] = url }
        return (env, fresh)
    }

    @Test("In production, serve --no-demo starts and answers /healthz (the arguments are ours, not Vapor's to refuse)")
    func servesInProduction() async throws {
        let (env, fresh) = try await Self.environment(.sqlite)
        let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = probe.localAddress!.port!
        try await probe.close()
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["serve", "--no-demo", "--hostname", "127.0.0.1", "--port", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["COVENTURE_ENV"] = "production"
        for (key, value) in env { environment[key] = value }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var healthy = false
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, !healthy, Date() < deadline {
            if let (_, response) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/healthz")!) {
                healthy = (response as? HTTPURLResponse)?.statusCode == 200
            }
            if !healthy { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        if !process.isRunning {
            Issue.record("serve exited: \(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
        }
        #expect(healthy)
        process.terminate()
        process.waitUntilExit()
        await fresh.cleanup()
    }

    @Test("user create reads the password from stdin; token create prints a working token as its last line", arguments: TestDatabase.all)
    func userAndToken(database: TestDatabase) async throws {
        let (env, fresh) = try await Self.environment(database)
        defer { Task { await fresh.cleanup() } }
        let created = try await Self.run(
            ["user", "create", "--email", "Ops@Example.org", "--name", "Ops Person", "--organization", "Operators"],
            environment: env, input: "a long enough password\n")
        #expect(created.status == 0, "\(created.error)")
        #expect(created.output.contains("Created ops@example.org"))

        let token = try await Self.run(["token", "create", "--email", "ops@example.org"], environment: env)
        #expect(token.status == 0, "\(token.error)")
        let secret = try #require(token.output.split(separator: "\n").last.map(String.init))
        #expect(secret.hasPrefix("cvt_"))

        var config = AppConfig(database: fresh.choice, dataDirectory: fresh.directory)
        config.poolSizePerEventLoop = 1
        let app = try await Application.make(.testing)
        do {
            try configure(app, config)
            let resolved = try await TokenStore(application: app).resolve(secret: secret)
            #expect(resolved?.email == "ops@example.org")
            #expect(resolved?.isOrgAdmin == true, "the first person of a new organization administers it")
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    @Test("Bad arguments and bad input give a clear message and a non-zero exit, never a stack trace", arguments: TestDatabase.all)
    func badArguments(database: TestDatabase) async throws {
        let (env, fresh) = try await Self.environment(database)
        defer { Task { await fresh.cleanup() } }
        let unknown = try await Self.run(["frobnicate"], environment: env)
        #expect(unknown.status != 0)
        #expect(unknown.error.contains("frobnicate") || unknown.error.contains("Unexpected argument"))

        let missing = try await Self.run(["user", "create", "--email", "a@example.org"], environment: env)
        #expect(missing.status != 0)
        #expect(missing.error.contains("--name"))

        let short = try await Self.run(["user", "create", "--email", "a@example.org", "--name", "A", "--organization", "O"], environment: env, input: "short\n")
        #expect(short.status == 1)
        #expect(short.error.contains("password must be at least 12 bytes"))

        let noAccount = try await Self.run(["token", "create", "--email", "nobody@example.org"], environment: env)
        #expect(noAccount.status == 1)
        #expect(noAccount.error.contains("no account with the email nobody@example.org"))

        let badPort = try await Self.run(["serve", "--port", "99999"], environment: env)
        #expect(badPort.status != 0)
        #expect(badPort.error.contains("--port"))

        for result in [unknown, missing, short, noAccount, badPort] {
            #expect(!result.error.contains("Fatal error"))
            #expect(!result.error.contains("Stack dump"))
        }
    }

    @Test("demo loads the story once; migrate is idempotent; backup writes a consistent copy of the SQLite file")
    func demoMigrateBackup() async throws {
        let (env, fresh) = try await Self.environment(.sqlite)
        defer { Task { await fresh.cleanup() } }
        let demo = try await Self.run(["demo"], environment: env)
        #expect(demo.status == 0, "\(demo.error)")
        #expect(demo.output.contains("demo@coventure.example"))
        #expect(demo.output.contains("coventure-demo"))
        let again = try await Self.run(["demo"], environment: env)
        #expect(again.status == 1)
        #expect(again.error.contains("already loaded"))
        #expect(try await Self.run(["migrate"], environment: env).status == 0)

        let copy = fresh.directory + "/backup.sqlite"
        let backup = try await Self.run(["backup", "--to", copy], environment: env)
        #expect(backup.status == 0, "\(backup.error)")
        #expect(FileManager.default.fileExists(atPath: copy))
        let twice = try await Self.run(["backup", "--to", copy], environment: env)
        #expect(twice.status == 1)
        #expect(twice.error.contains("already exists"))

        // The copy is a complete database: open it and find the demo's people and events.
        let app = try await Application.make(.testing)
        do {
            try configure(app, AppConfig(database: .sqlite(path: copy), dataDirectory: fresh.directory, poolSizePerEventLoop: 1))
            #expect(try await PersonRow.count(app.db) == DemoData.people.count)
            #expect(try await LedgerEventRow.count(app.db) > 50)
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    @Test("restore puts a backup in place of an empty database, refuses one holding data without --force, and keeps what --force replaces")
    func restore() async throws {
        let (env, fresh) = try await Self.environment(.sqlite)
        let (elsewhere, other) = try await Self.environment(.sqlite)
        defer { Task { await fresh.cleanup(); await other.cleanup() } }
        #expect(try await Self.run(["demo"], environment: env).status == 0)
        let copy = fresh.directory + "/backup.sqlite"
        #expect(try await Self.run(["backup", "--to", copy], environment: env).status == 0)

        let restored = try await Self.run(["restore", "--from", copy], environment: elsewhere)
        #expect(restored.status == 0, "\(restored.error)")
        #expect(restored.output.contains("Restored") && restored.output.contains("each passing its self-check"))
        let refused = try await Self.run(["restore", "--from", copy], environment: elsewhere)
        #expect(refused.status == 1 && refused.error.contains("--force"), "\(refused.error)")
        let forced = try await Self.run(["restore", "--from", copy, "--force"], environment: elsewhere)
        #expect(forced.status == 0 && forced.output.contains("before-restore-"), "\(forced.error)")
        let notABackup = try await Self.run(["restore", "--from", fresh.directory + "/nothing-here"], environment: elsewhere)
        #expect(notABackup.status == 1 && notABackup.error.contains("cannot read"))
    }

    @Test("verify passes against a running server, checks consistency with a saved checkpoint, and fails once a leaf is altered",
          arguments: TestDatabase.all)
    func verify(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            try await DemoData.load(into: t.app)
            let dana = try #require(try await PersonRow.first(t.db, where: "email = \(bind: DemoData.ownerAdminEmail)"))
            let person = try #require(try await TokenStore(application: t.app).create(
                name: "verify", personID: dana.id, organizationID: dana.organizationID, actor: .operator, secret: "cvt_verify-test-token"))
            _ = person
            let initiative = try await InitiativeRow.named("SME Digital Lending", on: t.db)
            let id = initiative.id.uuidString.lowercased()
            let saved = t.app.appConfig.dataDirectory + "/trusted-checkpoint.txt"
            try await t.withLiveServer { base in
                let first = try await Self.run(
                    ["verify", "--url", base, "--initiative", id, "--token", "cvt_verify-test-token", "--save-checkpoint", saved], environment: [:])
                #expect(first.status == 0, "\(first.output)\(first.error)")
                #expect(first.output.contains("✓ checkpoint signed by coventure.local"))
                #expect(first.output.contains("✓ replayed all"))

                let owner = SignedInPerson(id: dana.id, name: dana.name, email: dana.email, organizationID: dana.organizationID,
                                           organizationName: "", isOrgAdmin: true, sessionID: nil)
                _ = try await InitiativeStore(application: t.app).update(initiative.id, UpdateInitiativeRequest(purpose: "Grown since."), by: owner.actor)
                _ = try await t.app.ledger.signIfDue(log: initiative.id, on: t.db, logger: t.app.logger, force: true)
                let second = try await Self.run(
                    ["verify", "--url", base, "--initiative", id, "--token", "cvt_verify-test-token", "--trusted-checkpoint", saved], environment: [:])
                #expect(second.status == 0, "\(second.output)\(second.error)")
                #expect(second.output.contains("✓ consistent with the trusted checkpoint"))

                let sql = t.db as! any SQLDatabase
                try await sql.raw("UPDATE ledger_events SET canonical = REPLACE(canonical, 'Grown since.', 'Rewritten.') WHERE log_id = \(bind: initiative.id)").run()
                let third = try await Self.run(
                    ["verify", "--url", base, "--initiative", id, "--token", "cvt_verify-test-token", "--trusted-checkpoint", saved], environment: [:])
                #expect(third.status == 1)
                #expect(third.output.contains("✗"))
                #expect(third.output.contains("an entry was altered"))
                #expect(third.output.contains("Verification FAILED."))
            }
        }
    }

    @Test("outbox: the sweep writes the demo's digests once a week; list, show and export them, mark them sent", arguments: TestDatabase.all)
    func outbox(database: TestDatabase) async throws {
        let (env, fresh) = try await Self.environment(database)
        defer { Task { await fresh.cleanup() } }
        #expect(try await Self.run(["demo"], environment: env).status == 0)
        let swept = try await Self.run(["outbox", "sweep"], environment: env)
        #expect(swept.status == 0, "\(swept.error)")
        let counts = swept.output.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(counts.count == 2 && counts[0] >= 2 && counts[1] > 0, "Dana's two stale key results are due reminders; digests went out: \(swept.output)")

        let list = try await Self.run(["outbox", "list"], environment: env)
        let lines = list.output.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.count == counts[1] && lines.allSatisfy { $0.count == 4 && UUID(uuidString: $0[0]) != nil })
        let dana = try #require(lines.first { $0[2] == DemoData.ownerAdminEmail })
        #expect(dana[3].hasPrefix("Your week in Coventure"))

        let shown = try await Self.run(["outbox", "show", dana[0]], environment: env)
        #expect(shown.output.hasPrefix("From: Coventure <coventure@localhost>\r\nTo: Dana Whitfield <demo@coventure.example>\r\n"))
        let folder = fresh.directory + "/outbox"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let exported = try await Self.run(["outbox", "export", "--to", folder], environment: env)
        #expect(exported.output.split(separator: "\n").count == counts[1])
        #expect(try String(contentsOfFile: folder + "/\(dana[0]).eml", encoding: .utf8) == shown.output)

        let marked = try await Self.run(["outbox", "mark-sent", dana[0]], environment: env)
        #expect(marked.status == 0 && marked.output.contains("Marked 1 message sent."), "\(marked.error)")
        #expect(try await Self.run(["outbox", "list"], environment: env).output.split(separator: "\n").count == counts[1] - 1)
        #expect(try await Self.run(["outbox", "list", "--all"], environment: env).output.contains("\tsent "))
        let unknown = try await Self.run(["outbox", "mark-sent", UUID().uuidString], environment: env)
        #expect(unknown.status == 1 && unknown.error.contains("not in the outbox"))
        let notAnID = try await Self.run(["outbox", "show", "nope"], environment: env)
        #expect(notAnID.status != 0 && notAnID.error.contains("is not a message id"))

        // The week's digests went out: a second sweep sends none.
        let again = try await Self.run(["outbox", "sweep"], environment: env)
        #expect(again.output.hasSuffix("0 digests sent.\n"), "\(again.output)")
    }

    @Test("ledger export writes one JSON line per entry, in order")
    func ledgerExport() async throws {
        let (env, fresh) = try await Self.environment(.sqlite)
        defer { Task { await fresh.cleanup() } }
        #expect(try await Self.run(["demo"], environment: env).status == 0)
        let app = try await Application.make(.testing)
        var id = ""
        var count = 0
        do {
            try configure(app, AppConfig(database: fresh.choice, dataDirectory: fresh.directory, poolSizePerEventLoop: 1))
            let initiative = try await InitiativeRow.named("GreenGrid Climate Finance", on: app.db)
            id = initiative.id.uuidString
            count = try await LedgerEventRow.count(app.db, where: "log_id = \(bind: initiative.id)")
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        let export = try await Self.run(["ledger", "export", "--initiative", id], environment: env)
        #expect(export.status == 0, "\(export.error)")
        let lines = export.output.split(separator: "\n")
        #expect(lines.count == count)
        #expect(lines.first?.hasPrefix("{\"index\":0,\"leaf\":\"") == true)
        #expect(lines.first?.hasSuffix(",\"type\":\"ledgerEntry\"}") == true, "the ledger section of a party's export, line for line")
        let bad = try await Self.run(["ledger", "export", "--initiative", "nope"], environment: env)
        #expect(bad.status != 0)
        #expect(bad.error.contains("--initiative"))
    }

    @Test("backup on PostgreSQL says to use pg_dump", .enabled(if: TestDatabase.all.contains(.postgres)))
    func backupOnPostgres() async throws {
        let (env, fresh) = try await Self.environment(.postgres)
        defer { Task { await fresh.cleanup() } }
        let result = try await Self.run(["backup", "--to", fresh.directory + "/x"], environment: env)
        #expect(result.status == 1)
        #expect(result.error.contains("pg_dump"))
    }
}

import ArgumentParser
import CoventureDemo
import CoventureServer
@preconcurrency import Foundation
import NIOCore
import NIOPosix
import Vapor
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The command line: parses arguments and calls the server library; nothing else lives here.
@main
struct CoventureCommand: AsyncParsableCommand {
    static func main() async {
        // Swift Concurrency runs on NIO's event loops rather than on a pool of its own: every request and database
        // statement then resumes where its result arrives, without two more thread switches (issue #6: /healthz and
        // every read served about 40 % more requests a second). First, before anything else uses concurrency.
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        // Line-buffered output, so sign-in help appears at once even when stdout is a file or a pipe.
        setvbuf(stdout, nil, _IOLBF, 0)
        await Self.main(nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "coventure",
        abstract: "Coventure: joint initiatives between an owning organization and its partners, in plain sight.",
        subcommands: [Serve.self, Migrate.self, Demo.self, User.self, Token.self, Backup.self, Restore.self, Verify.self, Ledger.self, Outbox.self],
        defaultSubcommand: Serve.self)
}

/// Builds a configured application, runs `body`, and always shuts the application down.
func withApplication<T>(_ body: (Application) async throws -> T) async throws -> T {
    let config: AppConfig
    do {
        config = try AppConfig.fromEnvironment()
    } catch {
        throw fail(error)
    }
    var environment = try Environment.detect(arguments: ["coventure"])
    // Vapor parses the environment's arguments when serving: they must stay ours-free (`.production` carries the
    // process's own, and `serve --no-demo` would then be refused as unknown input).
    if ProcessInfo.processInfo.environment["COVENTURE_ENV"] == "production" { environment = Environment(name: "production", arguments: ["coventure"]) }
    let app = try await Application.make(environment)
    do {
        try configure(app, config)
        let result = try await body(app)
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw fail(error)
    }
}

/// Prints a one-line reason (never a stack trace) and exits non-zero.
func fail(_ error: any Error) -> any Error {
    if error is ExitCode || error is CleanExit { return error }
    FileHandle.standardError.write(Data("error: \(Operations.describe(error))\n".utf8))
    return ExitCode(1)
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the web app and the API (the default).")

    @ArgumentParser.Option(help: "The address to listen on.") var hostname = "127.0.0.1"
    @ArgumentParser.Option(help: "The port to listen on.") var port = 8080
    @ArgumentParser.Flag(help: "Do not load the demo into an empty database (never loaded when COVENTURE_ENV=production).")
    var noDemo = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ArgumentParser.ValidationError("--port must be from 1 to 65535") }
    }

    func run() async throws {
        try await withApplication { app in
            try await Coventure.migrate(app)
            let empty = try await Coventure.isEmpty(app)
            if Coventure.loadsDemoOnStart(databaseIsEmpty: empty, noDemo: noDemo, environment: ProcessInfo.processInfo.environment) {
                print("Empty database: loading the demo…")
                try await DemoData.load(into: app)
                print(DemoData.signInHelp)
            } else if empty {
                print("Empty database: no demo loaded. Create the first account with `coventure user create`.")
            }
            app.http.server.configuration.hostname = hostname
            app.http.server.configuration.port = port
            print("Coventure is serving at http://\(hostname):\(port)/ — sign in at http://\(hostname):\(port)/sign-in")
            try await app.execute()
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run pending database migrations.")
    func run() async throws {
        try await withApplication { app in
            try await Coventure.migrate(app)
            print("Migrations are up to date.")
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load the demo into the configured database; --scale large generates a large dataset for benchmarks.")

    enum Scale: String, ExpressibleByArgument, CaseIterable {
        case small, large
    }

    @ArgumentParser.Option(help: "small: the story demo; large: 20 initiatives × 200 members with OKRs, workstreams, 250 decisions, 30 value metrics, 50 investment proposals and 12 pulse rounds each and their history (benchmarks).")
    var scale: Scale = .small
    @ArgumentParser.Option(help: "With --scale large: generate this many initiatives of the same shape (default 20); run again to add more.")
    var initiatives: Int?
    @ArgumentParser.Option(help: "With --scale large: the random seed (the same seed builds the same data).")
    var seed: UInt64 = 2026

    func validate() throws {
        if let initiatives, !(1...10_000).contains(initiatives) {
            throw ArgumentParser.ValidationError("--initiatives must be from 1 to 10000")
        }
        if initiatives != nil, scale == .small { throw ArgumentParser.ValidationError("--initiatives goes with --scale large") }
    }

    func run() async throws {
        try await withApplication { app in
            try await Coventure.migrate(app)
            switch scale {
            case .small:
                let count = try await DemoData.load(into: app)
                print("Loaded the demo: \(count) people, 3 organizations, 2 initiatives.")
                print(DemoData.signInHelp)
            case .large:
                var shape = LargeDataset.Shape()
                shape.seed = seed
                if let initiatives { shape.initiatives = initiatives }
                let started = Date()
                let summary = try await LargeDataset.generate(app, shape: shape) { line in
                    FileHandle.standardError.write(Data(("demo: " + line + "\n").utf8))
                }
                print("Generated \(summary.initiatives) initiatives, \(summary.people) people, \(summary.events) events in \(Int(Date().timeIntervalSince(started))) s.")
                if let id = summary.benchmarkInitiative {
                    print("Sign in as \(LargeDataset.benchmarkEmail) / \(LargeDataset.benchmarkPassword); its initiative: \(id.uuidString.lowercased())")
                }
            }
        }
    }
}

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage accounts.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account; the password is read from standard input (12 to 72 bytes).")
        @ArgumentParser.Option(help: "The person's email.") var email: String
        @ArgumentParser.Option(help: "The person's full name.") var name: String
        @ArgumentParser.Option(help: "Their organization (created if new; its first person becomes its admin).") var organization: String

        func run() async throws {
            var password = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            while password.hasSuffix("\n") || password.hasSuffix("\r") { password.removeLast() }
            try await withApplication { app in
                try await Coventure.migrate(app)
                let created = try await Operations.createUser(app, email: email, name: name, organization: organization, password: password)
                print("Created \(created.email) (\(created.id.uuidString.lowercased())).")
            }
        }
    }
}

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token; prints it as the last line.")
        @ArgumentParser.Option(help: "Whose token.") var email: String
        @ArgumentParser.Option(help: "What it is for.") var name = "command line"

        func run() async throws {
            try await withApplication { app in
                try await Coventure.migrate(app)
                let secret = try await Operations.createToken(app, email: email, name: name)
                print("API token for \(email) (shown once; use it as 'Authorization: Bearer <token>'):")
                print(secret)
            }
        }
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a consistent online copy of the SQLite database.")
    @ArgumentParser.Option(help: "The file to write (must not exist).") var to: String

    func run() async throws {
        try await withApplication { app in
            try await Operations.backup(app, to: to)
            print("Backed up to \(to).")
        }
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the SQLite database with a backup (stop the server first); the logs are self-checked afterwards.")
    @ArgumentParser.Option(help: "The backup to restore (written by `coventure backup`).") var from: String
    @ArgumentParser.Flag(help: "Replace a database that holds data (it is moved aside, not deleted).") var force = false

    func run() async throws {
        let restored: Operations.Restored
        do {
            restored = try await Operations.restore(try AppConfig.fromEnvironment(), from: from, force: force)
        } catch {
            throw fail(error)
        }
        if let kept = restored.previousKeptAt { print("The database it replaced is kept at \(kept).") }
        for failure in restored.failures { print("FAILED \(failure.log.uuidString.lowercased()): \(failure.reason)") }
        guard restored.failures.isEmpty else { throw ExitCode(1) }
        print("Restored \(from): \(restored.logs) initiative logs, each passing its self-check.")
    }
}

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify an initiative's ledger over HTTP (checkpoint signature, consistency, every entry), or a party's export file with --offline.")
    @ArgumentParser.Option(help: "The Coventure server, e.g. https://coventure.example.org") var url: String?
    @ArgumentParser.Option(help: "The initiative's id.") var initiative: String?
    @ArgumentParser.Option(help: "An export file (GET /api/v1/initiatives/{id}/export) to verify with no server.") var offline: String?
    @ArgumentParser.Option(help: "An API token of a member (or set COVENTURE_TOKEN).") var token: String?
    @ArgumentParser.Option(help: "A checkpoint note trusted earlier: the log must have grown from it.") var trustedCheckpoint: String?
    @ArgumentParser.Option(help: "The server's verifier key, pinned (otherwise fetched from the server, or taken from the export file).") var verifierKey: String?
    @ArgumentParser.Option(help: "Write the verified checkpoint here, to trust it next time.") var saveCheckpoint: String?

    func validate() throws {
        if offline != nil {
            guard url == nil, initiative == nil, trustedCheckpoint == nil, saveCheckpoint == nil, token == nil else {
                throw ArgumentParser.ValidationError("--offline FILE takes only --verifier-key")
            }
            return
        }
        guard url != nil else { throw ArgumentParser.ValidationError("give --url and --initiative, or --offline FILE") }
        guard let initiative, UUID(uuidString: initiative) != nil else {
            throw ArgumentParser.ValidationError("--initiative must be an initiative id (a UUID)")
        }
    }

    func run() async throws {
        if let offline {
            try Self.conclude(ExportVerification.verify(file: offline, verifierKey: verifierKey))
            return
        }
        var trusted: String?
        if let trustedCheckpoint {
            guard let text = try? String(contentsOfFile: trustedCheckpoint, encoding: .utf8) else {
                throw fail(OperationError("cannot read the trusted checkpoint \(trustedCheckpoint)"))
            }
            trusted = text
        }
        let report: LedgerVerification.Report
        do {
            report = try await LedgerVerification.verify(
                url: url!, initiative: UUID(uuidString: initiative!)!, token: token ?? ProcessInfo.processInfo.environment["COVENTURE_TOKEN"],
                trustedCheckpoint: trusted, verifierKey: verifierKey)
        } catch {
            throw fail(error)
        }
        try Self.conclude(report, saveCheckpoint: saveCheckpoint)
    }

    /// Prints what was checked, then "Verified." or "Verification FAILED." (exit 1).
    static func conclude(_ report: LedgerVerification.Report, saveCheckpoint: String? = nil) throws {
        for line in report.lines { print(line) }
        if report.failed {
            print("Verification FAILED.")
            throw ExitCode(1)
        }
        if let saveCheckpoint, let note = report.checkpointNote {
            try note.write(toFile: saveCheckpoint, atomically: true, encoding: .utf8)
            print("Saved the verified checkpoint to \(saveCheckpoint).")
        }
        print("Verified.")
    }
}

struct Ledger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The ledger of the configured database.", subcommands: [Export.self, Check.self, Fill.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-derive every initiative log's root from its stored leaves; print each failing log; exit 1 if any fails.")

        func run() async throws {
            let failures = try await withApplication { app in try await Operations.checkLedgers(app) }
            for failure in failures {
                print("FAILED \(failure.log.uuidString.lowercased()): \(failure.reason)")
            }
            guard failures.isEmpty else { throw ExitCode(1) }
            print("Every initiative log passes its self-check.")
        }
    }

    struct Fill: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Benchmarking: create an initiative whose log holds N synthetic entries; prints its id and an owner's API token.")
        @ArgumentParser.Option(help: "How many entries.") var entries = 1_000_000

        func validate() throws {
            guard (1...50_000_000).contains(entries) else { throw ArgumentParser.ValidationError("--entries must be from 1 to 50000000") }
        }

        func run() async throws {
            try await withApplication { app in
                try await Coventure.migrate(app)
                let started = Date()
                let filled = try await BenchmarkLedger.fill(app, entries: entries) { written in
                    if written % 100_000 == 0 || written == entries {
                        FileHandle.standardError.write(Data("\(written)/\(entries) entries (\(Int(Date().timeIntervalSince(started))) s)\n".utf8))
                    }
                }
                print(filled.initiative.uuidString.lowercased())
                print(filled.token)
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write every entry of an initiative's log as JSON Lines.")
        @ArgumentParser.Option(help: "The initiative's id.") var initiative: String

        func validate() throws {
            guard UUID(uuidString: initiative) != nil else { throw ArgumentParser.ValidationError("--initiative must be an initiative id (a UUID)") }
        }

        func run() async throws {
            try await withApplication { app in
                try await Operations.exportLedger(app, initiative: UUID(uuidString: initiative)!) { print($0) }
            }
        }
    }
}

/// The mail outbox (issue #16): e-mails the server wrote (weekly digests) for an operator's mail relay to send.
struct Outbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The e-mails waiting for your mail relay: list, show or export them, and mark them sent.",
        subcommands: [List.self, Show.self, Export.self, MarkSent.self, Sweep.self])

    static func id(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw ArgumentParser.ValidationError("'\(text)' is not a message id (a UUID)") }
        return id
    }

    /// A one-line reason on standard error, and exit status 1.
    static func refuse(_ message: String) -> any Error {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(1)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per unsent message: id, written at, recipient, subject.")
        @ArgumentParser.Flag(help: "Include the messages already sent (with when).") var all = false

        func run() async throws {
            let messages = try await withApplication { app in
                try await Coventure.migrate(app)
                return try await Operations.outbox(app, includeSent: all)
            }
            for message in messages {
                let sent = message.sentAt.map { "\tsent \(Outbox.timestamp($0))" } ?? ""
                print("\(message.id.uuidString.lowercased())\t\(Outbox.timestamp(message.createdAt))\t\(message.recipient)\t\(message.subject)\(sent)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one message as RFC 5322 text, ready for `sendmail -t`.")
        @ArgumentParser.Argument(help: "The message's id.") var id: String

        func validate() throws { _ = try Outbox.id(id) }

        func run() async throws {
            let id = try Outbox.id(id)
            guard let message = try await withApplication({ app in try await Operations.outboxMessage(app, id: id) }) else {
                throw Outbox.refuse("no message \(id.uuidString.lowercased()) in the outbox")
            }
            FileHandle.standardOutput.write(Data(message.message.utf8))
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every unsent message to DIR as <id>.eml (RFC 5322), printing each path; marks nothing sent.")
        @ArgumentParser.Option(help: "The directory to write to (it must exist).") var to: String

        func run() async throws {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: to, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw Outbox.refuse("--to \(to) is not a directory")
            }
            let messages = try await withApplication { app in try await Operations.outbox(app, includeSent: false) }
            for message in messages {
                let path = (to as NSString).appendingPathComponent("\(message.id.uuidString.lowercased()).eml")
                try Data(message.message.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                print(path)
            }
        }
    }

    struct MarkSent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "mark-sent", abstract: "Mark messages sent, once your relay took them.")
        @ArgumentParser.Argument(help: "The messages' ids.") var ids: [String]

        func validate() throws {
            guard !ids.isEmpty else { throw ArgumentParser.ValidationError("name at least one message id") }
            for id in ids { _ = try Outbox.id(id) }
        }

        func run() async throws {
            let ids = try ids.map(Outbox.id)
            let missing = try await withApplication { app in try await Operations.markOutboxSent(app, ids: ids) }
            guard missing.isEmpty else {
                throw Outbox.refuse("not in the outbox: \(missing.map { $0.uuidString.lowercased() }.joined(separator: ", "))")
            }
            print(ids.count == 1 ? "Marked 1 message sent." : "Marked \(ids.count) messages sent.")
        }
    }

    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the due check-in reminders and this week's digests now, as the server does every hour.")

        func run() async throws {
            let (reminders, digests) = try await withApplication { app in
                try await Coventure.migrate(app)
                return try await Operations.sweepRemindersAndDigests(app)
            }
            print("\(reminders) reminders due, \(digests) digests sent.")
        }
    }
}

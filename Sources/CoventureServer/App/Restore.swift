import Fluent
import Foundation
import SQLKit
import Vapor

extension Operations {
    /// What a restore did.
    public struct Restored: Sendable {
        /// Where the database it replaced was moved (nil: there was none, or it was empty).
        public var previousKeptAt: String?
        /// Initiative logs in the restored database, and those failing their self-check (none, for a sound backup).
        public var logs: Int
        public var failures: [(log: UUID, reason: String)]
    }

    /// `coventure restore --from FILE` (issue #17): replaces the SQLite database with a backup made by `coventure
    /// backup`, **with the server stopped**. Nothing is touched until the backup is known to be sound: a SQLite file
    /// that passes `PRAGMA integrity_check` and holds Coventure's schema. A database that holds data is replaced only
    /// with `force`, and even then it is moved aside (`<file>.before-restore-<time>`, with its WAL), never deleted.
    /// The restored logs are then self-checked, as `coventure ledger check` does.
    ///
    /// PostgreSQL is restored with its own tools (`pg_dump -Fc` / `pg_restore`, see the README); this refuses it.
    public static func restore(_ config: AppConfig, from source: String, force: Bool, now: Date = Date()) async throws -> Restored {
        guard case .sqlite(let target) = config.database else {
            throw OperationError("restore replaces the SQLite file; on PostgreSQL restore a pg_dump with pg_restore (README, Operations: backup and restore)")
        }
        try checkSQLiteHeader(source)
        // The backup is checked as a copy beside the target, which then takes the target's place in one rename.
        let incoming = target + ".restoring"
        try? FileManager.default.removeItem(atPath: incoming)
        try FileManager.default.copyItem(atPath: source, toPath: incoming)
        do {
            try await withDatabase(config, at: incoming) { app in
                let sql = app.db as! any SQLDatabase
                let integrity = try await sql.raw("PRAGMA integrity_check").all().map { try $0.decode(column: "integrity_check", as: String.self) }
                guard integrity == ["ok"] else {
                    throw OperationError("\(source) is damaged: \(integrity.prefix(3).joined(separator: "; "))")
                }
                let migrations = try await sql.raw("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '_fluent_migrations'")
                    .first()?.decode(column: "n", as: Int.self) ?? 0
                guard migrations == 1 else { throw OperationError("\(source) is a SQLite file but not a Coventure database") }
            }
        } catch {
            removeSQLite(incoming)
            throw error
        }
        var previousKeptAt: String?
        if FileManager.default.fileExists(atPath: target) {
            let empty = try await withDatabase(config, at: target) { app in try await Coventure.isEmpty(app) }
            guard empty || force else {
                removeSQLite(incoming)
                throw OperationError("\(target) holds data; stop the server and pass --force to replace it (it is kept beside, not deleted)")
            }
            let stamp = Int(now.timeIntervalSince1970)
            let aside = "\(target).before-restore-\(stamp)"
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: target + suffix) {
                try FileManager.default.moveItem(atPath: target + suffix, toPath: aside + suffix)
            }
            previousKeptAt = empty ? nil : aside
            if empty { removeSQLite(aside) }
        }
        try FileManager.default.moveItem(atPath: incoming, toPath: target)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: incoming + suffix) }
        let (logs, failures) = try await withDatabase(config, at: target) { app in
            (try await LedgerService(signer: app.ledger.signer, interval: app.ledger.interval).initiativeLogs(on: app.db).count,
             try await checkLedgers(app))
        }
        return Restored(previousKeptAt: previousKeptAt, logs: logs, failures: failures)
    }

    private static func checkSQLiteHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw OperationError("cannot read \(path)") }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        guard header == Data("SQLite format 3\0".utf8) else { throw OperationError("\(path) is not a SQLite database (a backup from `coventure backup`)") }
    }

    private static func removeSQLite(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// An application on another SQLite file of the same configuration, shut down after `body`.
    private static func withDatabase<T: Sendable>(_ config: AppConfig, at path: String, _ body: (Application) async throws -> T) async throws -> T {
        var config = config
        config.database = .sqlite(path: path)
        config.backgroundCheckpoints = false
        let app = try await Application.make(Environment(name: "restore", arguments: ["coventure"]))
        app.logger.logLevel = .error
        do {
            try configure(app, config)
            let value = try await body(app)
            try await app.asyncShutdown()
            return value
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

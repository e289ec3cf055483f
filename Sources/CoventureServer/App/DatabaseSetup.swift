import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

enum DatabaseSetup {
    /// An arbitrary, fixed key: every Coventure node takes this advisory lock before migrating, so two nodes
    /// starting at once on one PostgreSQL database migrate one after the other, never both at once.
    static let migrationLockKey: Int64 = 0x436F_7665_6E74  // "Covent"

    static func configure(_ app: Application, _ config: AppConfig) throws {
        let timeout = TimeAmount.seconds(Int64(config.poolTimeoutSeconds))
        switch config.database {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            app.databases.use(
                // The SQLite driver always uses one connection per event loop (it ignores a larger pool size).
                .sqlite(.file(path), connectionPoolTimeout: timeout, dataEncoder: .init(), dataDecoder: .init(), sqlLogLevel: config.sqlLogLevel),
                as: .sqlite)
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.searchPath = nil
            app.databases.use(
                .postgres(
                    configuration: configuration, maxConnectionsPerEventLoop: config.poolSizePerEventLoop,
                    connectionPoolTimeout: timeout, encodingContext: .default, decodingContext: .default, sqlLogLevel: config.sqlLogLevel),
                as: .psql)
        }
        Migrations.register(on: app)
    }

    /// Prepares the file (WAL, synchronous FULL) and runs pending migrations, under the advisory lock on PostgreSQL.
    static func migrate(_ app: Application, _ config: AppConfig) async throws {
        switch config.database {
        case .sqlite:
            let sql = app.db as! any SQLDatabase
            // WAL is a property of the file, so setting it once makes every connection use it.
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            try await app.autoMigrate()
            try await enlargePageCaches(app)
        case .postgres(let url):
            // The lock is held on a connection of its own, outside the pool, so the migrator can use every pooled
            // connection meanwhile (holding a pooled one could starve a small pool into a timeout).
            let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
            let connection = try await PostgresConnection.connect(
                configuration: configuration, id: 0, logger: app.logger)
            do {
                _ = try await connection.query("SELECT pg_advisory_lock(\(migrationLockKey))", logger: app.logger)
                do {
                    try await app.autoMigrate()
                } catch {
                    _ = try? await connection.query("SELECT pg_advisory_unlock(\(migrationLockKey))", logger: app.logger)
                    throw error
                }
                _ = try await connection.query("SELECT pg_advisory_unlock(\(migrationLockKey))", logger: app.logger)
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        }
    }

    /// Gives each SQLite connection a 16 MB page cache instead of SQLite's 2 MB.
    ///
    /// The page cache is a per-connection setting, and the driver keeps exactly one connection per event loop (it
    /// ignores a larger pool), so setting it once through each loop's database reaches every connection. Issue #6:
    /// with 2 MB, every check-in's index inserts (random UUID keys in large tables) and every cold read of a large
    /// initiative went to the operating system for pages. A connection the pool ever reopens falls back to the
    /// default size: slower, never wrong.
    static func enlargePageCaches(_ app: Application) async throws {
        for loop in app.eventLoopGroup.makeIterator() {
            let db = app.databases.database(logger: app.logger, on: loop)
            try await db?.withConnection { connection in
                try await (connection as! any SQLDatabase).raw("PRAGMA cache_size = -16384").run()
            }
        }
    }

    /// True when the database answers a trivial query.
    static func ping(_ db: any Database) async -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        do {
            _ = try await sql.raw("SELECT 1 AS ok").first()
            return true
        } catch {
            return false
        }
    }
}

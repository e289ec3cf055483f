import Fluent
import FluentPostgresDriver
import Foundation
import Logging
import Testing
import Vapor
@testable import CoventureServer

/// The databases every data test runs on: SQLite always, PostgreSQL when `COVENTURE_TEST_POSTGRES_URL` is set
/// (CI sets it and `COVENTURE_REQUIRE_POSTGRES=1`, so a missing server fails the run instead of skipping it).
enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static var all: [TestDatabase] {
        let env = ProcessInfo.processInfo.environment
        if let url = env["COVENTURE_TEST_POSTGRES_URL"], !url.isEmpty { return [.sqlite, .postgres] }
        return env["COVENTURE_REQUIRE_POSTGRES"] == "1" ? [.sqlite, .postgres] : [.sqlite]
    }

    var testDescription: String { rawValue }
}

/// A fresh, migrated database for one test: a new SQLite file, or a PostgreSQL database cloned from a migrated
/// template (`CREATE DATABASE … TEMPLATE …`, much faster than migrating each one).
struct FreshDatabase: Sendable {
    var choice: AppConfig.DatabaseChoice
    var directory: String
    var cleanup: @Sendable () async -> Void

    static func make(_ kind: TestDatabase) async throws -> FreshDatabase {
        let directory = NSTemporaryDirectory() + "coventure-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let removeDirectory: @Sendable () -> Void = { try? FileManager.default.removeItem(atPath: directory) }
        switch kind {
        case .sqlite:
            return FreshDatabase(choice: .sqlite(path: directory + "/coventure.sqlite"), directory: directory, cleanup: removeDirectory)
        case .postgres:
            let url = try await PostgresTemplate.shared.freshDatabase()
            return FreshDatabase(
                choice: .postgres(url: url.url), directory: directory,
                cleanup: {
                    removeDirectory()
                    await PostgresTemplate.shared.drop(url.name)
                })
        }
    }
}

/// Creates the migrated template database once per test process and clones it per test.
actor PostgresTemplate {
    static let shared = PostgresTemplate()

    private var templateName: String?
    private let baseURL: String? = ProcessInfo.processInfo.environment["COVENTURE_TEST_POSTGRES_URL"]

    private func admin<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        guard let baseURL, !baseURL.isEmpty else {
            throw TestSetupError("COVENTURE_REQUIRE_POSTGRES=1 but COVENTURE_TEST_POSTGRES_URL is not set")
        }
        let configuration = try SQLPostgresConfiguration(url: baseURL).coreConfiguration
        let connection = try await PostgresConnection.connect(
            configuration: configuration, id: 1, logger: Logger(label: "coventure.tests.postgres"))
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private func url(for database: String) throws -> String {
        guard let baseURL, var components = URLComponents(string: baseURL) else { throw TestSetupError("bad postgres URL") }
        components.path = "/" + database
        return components.string!
    }

    /// The migrated template, made by the first caller; everyone else awaits the same task.
    private var template: Task<String, any Error>?
    /// Clones are made one at a time: PostgreSQL refuses to copy a template while another copy holds it open.
    private var previousClone: Task<Void, Never>?

    func freshDatabase() async throws -> (name: String, url: String) {
        let template = try await ensureTemplate()
        let name = "coventure_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        let previous = previousClone
        let clone = Task<Result<Void, any Error>, Never> {
            await previous?.value
            do {
                try await self.admin { connection in
                    _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(template)"), logger: connection.logger)
                }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        previousClone = Task { _ = await clone.value }
        switch await clone.value {
        case .success: return (String(name), try url(for: String(name)))
        case .failure(let error): throw TestSetupError("could not clone the template: \(String(reflecting: error))")
        }
    }

    func drop(_ name: String) async {
        _ = try? await admin { connection in
            _ = try await connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: connection.logger)
        }
    }

    private func ensureTemplate() async throws -> String {
        if let template { return try await template.value }
        let task = Task { try await self.makeTemplate() }
        template = task
        return try await task.value
    }

    private func makeTemplate() async throws -> String {
        let name = "coventure_template_\(getpid())"
        do {
            try await admin { connection in
                _ = try await connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: connection.logger)
                _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: connection.logger)
            }
        } catch {
            throw TestSetupError("could not create the template database: \(String(reflecting: error))")
        }
        let app = try await Application.make(.testing)
        do {
            try configure(app, AppConfig(database: .postgres(url: try url(for: name)), poolSizePerEventLoop: 1))
            try await Coventure.migrate(app)
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw TestSetupError("could not migrate the template: \(String(reflecting: error))")
        }
        return name
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

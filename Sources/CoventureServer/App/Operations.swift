import CoventureCore
import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// What the command line does, as library functions (the executable only parses arguments).
public enum Operations {
    /// `coventure user create`: returns the new person's id and normalized email.
    public static func createUser(_ app: Application, email: String, name: String, organization: String, password: String) async throws -> (id: UUID, email: String) {
        let hash = try await PasswordHashing.hash(password)
        let person = try await PeopleStore(application: app).createPerson(
            .init(name: name, email: email, organizationName: organization, passwordHash: hash, isOrgAdmin: false))
        return (person.id, person.email)
    }

    /// `coventure token create`: returns the token's secret.
    public static func createToken(_ app: Application, email: String, name: String = "command line") async throws -> String {
        let normalized = try Validate.email(email)
        guard let person = try await PersonRow.first(app.db, where: "email = \(bind: normalized)") else {
            throw OperationError("no account with the email \(normalized)")
        }
        let created = try await TokenStore(application: app).create(
            name: name, personID: person.id, organizationID: person.organizationID, actor: .operator,
            secret: Secrets.make(prefix: "cvt_"))
        return created.secret
    }

    /// `coventure backup --to FILE`: a consistent online copy of the SQLite database (`VACUUM INTO`).
    public static func backup(_ app: Application, to path: String) async throws {
        guard case .sqlite = app.appConfig.database else {
            throw OperationError("backup copies the SQLite file; on PostgreSQL use pg_dump (e.g. pg_dump \"$DATABASE_URL\" > coventure.sql)")
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw OperationError("\(path) already exists; choose a new file name")
        }
        let sql = app.db as! any SQLDatabase
        let quoted = path.replacingOccurrences(of: "'", with: "''")
        try await sql.raw("VACUUM INTO '\(unsafeRaw: quoted)'").run()
    }

    /// `coventure ledger check`: the full self-check of every initiative's log, re-deriving each root from the stored
    /// leaves (as at a server's start, but signing nothing). Returns the failing logs and why: this is where an operator
    /// learns which log failed, since `/healthz` tells only that one did (issue #11, finding 9).
    public static func checkLedgers(_ app: Application) async throws -> [(log: UUID, reason: String)] {
        let checker = LedgerService(signer: app.ledger.signer, interval: app.ledger.interval)
        var failures: [(log: UUID, reason: String)] = []
        for log in try await checker.initiativeLogs(on: app.db) {
            do {
                try await checker.selfCheck(log: log, on: app.db, logger: app.logger)
            } catch let failure as LedgerIntegrityError {
                failures.append((log, failure.reason))
            }
        }
        return failures
    }

    /// `coventure ledger export`: JSON Lines of every entry of an initiative's log, in order.
    public static func exportLedger(_ app: Application, initiative: UUID, write: (String) -> Void) async throws {
        let tree = LedgerTree(db: app.db)
        let size = try await tree.size(log: initiative)
        guard size > 0, try await InitiativeRow.find(initiative, app.db) != nil else {
            throw OperationError("no initiative \(initiative.uuidString.lowercased()) in this database")
        }
        // The same lines as the ledger section of a party's export (`ExportFormat.LedgerEntry`).
        let encoder = ExportFormat.encoder()
        var start: UInt64 = 0
        while start < size {
            for leaf in try await tree.leaves(log: initiative, start: start, end: min(size, start + 5000)) {
                write(String(decoding: try encoder.encode(ExportFormat.LedgerEntry(index: leaf.index, leafBytes: leaf.bytes)), as: UTF8.self))
            }
            start += 5000
        }
    }

    /// Turns an error into one line for the terminal: validation messages name the field.
    public static func describe(_ error: any Error) -> String {
        switch error {
        case let error as AppError: return error.message
        case let error as ValidationError: return "\(error.field) \(error.message)"
        case let error as OperationError: return error.description
        case let error as ConfigError: return error.description
        default: return String(describing: error)
        }
    }
}

public struct OperationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import CoventureServer

@Suite("Schema version 4")
struct PeopleMigrationV4Tests {
    @Test("The token-expiry and session-index migrations revert for real and apply again, keeping the tokens", arguments: TestDatabase.all)
    func revertAndReapply(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, name: "Ana")
            let created = try await TokenStore(application: t.app).create(name: "kept", for: person)
            // One connection throughout: a SQLite connection that last read the schema before another one changed
            // it checks "duplicate column" against its stale copy.
            try await t.db.withConnection { db in
                let sql = db as! any SQLDatabase
                try await IndexSessionsByPersonV4().revert(on: db)
                try await AddAPITokenExpiryV4().revert(on: db)
                await #expect(throws: (any Error).self, "the column is gone") {
                    try await sql.raw("SELECT expires_at FROM api_tokens").run()
                }
                try await AddAPITokenExpiryV4().prepare(on: db)
                try await IndexSessionsByPersonV4().prepare(on: db)
            }
            let sql = t.db as! any SQLDatabase
            let row = try #require(try await sql.raw("SELECT id, expires_at FROM api_tokens").first())
            #expect(try row.decode(column: "id", as: UUID.self) == created.token.id)
            #expect(try row.decode(column: "expires_at", as: Date?.self) == nil)
            #expect(try await t.send(.GET, APIURL.me.path, as: .bearer(created.secret)).status == .ok)
        }
    }
}

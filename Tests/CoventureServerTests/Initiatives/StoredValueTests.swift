import CoventureCore
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

@Suite("Stored values")
struct StoredValueTests {
    @Test("A stored role this version does not know fails the read loudly instead of being read as an observer",
          arguments: TestDatabase.all)
    func unknownStoredRoleFails(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let sql = t.db as! any SQLDatabase
            try await sql.raw("UPDATE members SET role = 'overlord' WHERE id = \(bind: world.target.id)").run()
            await #expect(throws: StoredValueError.self) {
                try await InitiativeStore(application: t.app).members(world.initiative.id)
            }
            // Sent around `t.send`: a 500 is a bug, which the OpenAPI document deliberately does not list.
            guard case .bearer(let token) = try await Factory.token(t, world.ownerAdmin) else { return }
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            let response = try await t.app.testing().sendRequest(.GET, APIURL.members(.value(world.initiative.id)).path, headers: headers)
            #expect(response.status == .internalServerError)
            #expect(!response.text.contains("overlord"), "the detail goes to the log, not to the caller")
        }
    }

    @Test("Decoding a stored string gives its value, or an error naming the column and the value")
    func decoding() throws {
        #expect(try MemberRole(stored: "leader", column: "members.role") == .leader)
        #expect(throws: StoredValueError(column: "members.role", value: "Leader")) { try MemberRole(stored: "Leader", column: "members.role") }
    }
}

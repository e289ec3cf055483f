import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// Issue #11 (finding 12): a unique constraint that a race breaks (two changes checking "not there yet" at once, both
/// inserting) is a 409 conflict, never a 500 — mapped in one place, the recorder, on both databases.
@Suite("Unique-constraint races")
struct UniqueConflictTests {
    @Test("A change that breaks a unique constraint, as the loser of a race does, is a 409 conflict naming the column", arguments: TestDatabase.all)
    func uniqueViolationIsConflict(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let ana = try await Factory.person(t, email: "ana@example.org", organization: "Bank")
            let before = try await t.eventCount()
            // What a racing writer does: it checked before the other committed, and inserts the same email.
            let error = await #expect(throws: AppError.self) {
                try await t.app.recorder.record(
                    .operatorOnly, by: .operator, validate: {},
                    apply: { db, _ in
                        let twin = PersonRow(
                            organizationID: ana.organizationID, email: "ana@example.org", name: "Ana Twin", passwordHash: nil, isOrgAdmin: false,
                            createdAt: Date())
                        try await twin.insert(db)
                        return Recorded((), [])
                    })
            }
            #expect(error?.status == .conflict)
            #expect(error?.field == "email")
            #expect(error?.message.contains("already exists") == true)
            #expect(try await PersonRow.count(t.db, where: "email = \(bind: "ana@example.org")") == 1)
            #expect(try await t.eventCount() == before)
        }
    }

    @Test("A duplicate of a two-column unique key (one party per organization and initiative) names its last column", arguments: TestDatabase.all)
    func compositeKey(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let owner = try await Factory.person(t, organization: "Bank", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let error = await #expect(throws: AppError.self) {
                try await t.app.recorder.record(
                    .operatorOnly, by: .operator, validate: {},
                    apply: { db, _ in
                        try await PartyRow(
                            id: UUID(), initiativeID: initiative.id, organizationID: owner.organizationID, kind: PartyKind.partner.rawValue,
                            status: PartyStatus.active.rawValue, stakeBasisPoints: nil, joinedAt: Date()
                        ).insert(db)
                        return Recorded((), [])
                    })
            }
            #expect(error?.status == .conflict)
            #expect(error?.field == "organizationId")
        }
    }
}

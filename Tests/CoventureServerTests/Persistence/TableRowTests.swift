import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import CoventureServer

/// Issue #11: each table is described once, by its `TableRow`, and that one description reads, writes and inserts in
/// bulk. These are the laws every feature's tables rely on.
@Suite("Table rows")
struct TableRowTests {
    /// A proposal row holds every kind of column a row may hold: ids, an optional id, text, a 64-bit amount, dates.
    static func proposal(_ world: World, title: String = "Shared data platform", ask: Int64 = 9_007_199_254_740_993) -> ProposalRow {
        // Whole seconds: SQLite keeps a date as a double, PostgreSQL to the microsecond.
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        return ProposalRow(
            id: UUID(), initiativeID: world.initiative.id, title: title, problem: "Data is copied by hand", hypothesis: "One platform",
            askAmount: ask, currency: "EUR", workstreamID: nil, authorID: world.contributor.id, frameworkID: nil, stage: "proposed",
            createdAt: at, updatedAt: at.addingTimeInterval(60))
    }

    static func same(_ a: ProposalRow, _ b: ProposalRow) throws -> Bool {
        try a.columnValues() == b.columnValues()
    }

    @Test("A row written and read back is the same row, NULLs and a 64-bit amount included", arguments: TestDatabase.all)
    func roundTrip(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let row = Self.proposal(world)
            try await row.insert(t.db)
            let read = try #require(try await ProposalRow.find(row.id, t.db))
            #expect(try Self.same(read, row))
            #expect(read.askAmount == 9_007_199_254_740_993 && read.workstreamID == nil && read.frameworkID == nil)
        }
    }

    @Test("Many rows go in as one multi-row insert and come back in the order asked for", arguments: TestDatabase.all)
    func batchInsert(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let rows = (1...5).map { Self.proposal(world, title: "Proposal \($0)", ask: Int64($0) * 100) }
            let ofInitiative: SQLQueryString = "initiative_id = \(bind: world.initiative.id)"
            let before = try await ProposalRow.count(t.db, where: ofInitiative)
            try await ProposalRow.insert(rows, t.db)
            let read = try await ProposalRow.all(t.db, "id", in: rows.map(\.id), orderBy: "ask_amount DESC")
            #expect(read.map(\.title) == ["Proposal 5", "Proposal 4", "Proposal 3", "Proposal 2", "Proposal 1"])
            #expect(try await ProposalRow.count(t.db, where: ofInitiative) == before + 5)
            try await ProposalRow.insert([], t.db)
            #expect(try await ProposalRow.count(t.db, where: ofInitiative) == before + 5)
        }
    }

    @Test("An update writes only the columns it changed: a column another change wrote meanwhile keeps that change", arguments: TestDatabase.all)
    func updateWritesOnlyWhatChanged(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let original = Self.proposal(world)
            try await original.insert(t.db)
            // Another change renames it after this one read the row.
            try await ProposalRow.update(t.db, set: "title = \(bind: "Renamed meanwhile")", where: "id = \(bind: original.id)")
            var changed = original
            changed.stage = "atGate"
            changed.workstreamID = nil
            try await changed.update(t.db, changedFrom: original)
            let read = try #require(try await ProposalRow.find(original.id, t.db))
            #expect(read.stage == "atGate")
            #expect(read.title == "Renamed meanwhile")

            // Nothing changed: no statement at all, so not even a row lock.
            try await read.update(t.db, changedFrom: read)
            // A column set back to NULL is written as NULL.
            var cleared = read
            cleared.frameworkID = nil
            cleared.updatedAt = read.updatedAt.addingTimeInterval(60)
            try await cleared.update(t.db, changedFrom: read)
            #expect(try await ProposalRow.find(original.id, t.db)?.updatedAt == cleared.updatedAt)
        }
    }

    /// The same table as `OKRPeriodRow`, its properties declared in another order than its columns.
    struct ShuffledPeriod: TableRow, Identifiable {
        static let table = "okr_periods"
        var endDate: String
        var name: String
        var id: UUID
        var organizationID: UUID
        var startDate: String
        var initiativeID: UUID?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, initiativeID = "initiative_id", organizationID = "organization_id", name, startDate = "start_date"
            case endDate = "end_date"
        }
    }

    @Test("Values follow the columns' order, not the properties': a row declared in another order lands in the right columns", arguments: TestDatabase.all)
    func columnOrder(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let row = ShuffledPeriod(
                endDate: "2027-12-31", name: "2027", id: UUID(), organizationID: world.ownerAdmin.organizationID, startDate: "2027-01-01",
                initiativeID: nil)
            try await ShuffledPeriod.insert([row, ShuffledPeriod(
                endDate: "2028-12-31", name: "2028", id: UUID(), organizationID: world.ownerAdmin.organizationID, startDate: "2028-01-01",
                initiativeID: nil)], t.db)
            let period = try #require(try await OKRPeriodRow.find(row.id, t.db))
            #expect(period.name == "2027" && period.startDate == "2027-01-01" && period.endDate == "2027-12-31")
            #expect(period.organizationID == world.ownerAdmin.organizationID && period.initiativeID == nil)
        }
    }

    struct Unstorable: TableRow {
        static let table = "okr_periods"
        var id: UUID
        var name: [String]
        enum CodingKeys: String, CodingKey, CaseIterable { case id, name }
    }

    @Test("A property no column can hold is refused when the row is written, not stored as a guess")
    func refusesNonColumnTypes() throws {
        #expect(throws: EncodingError.self) { try Unstorable(id: UUID(), name: ["a"]).sqlValues() }
    }
}

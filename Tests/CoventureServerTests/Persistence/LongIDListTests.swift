import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// Issue #11: a read given more ids than one statement may bind (PostgreSQL refuses more than 65,535 parameters,
/// SQLite more than 32,766) must still answer: its `IN (…)` lists are split into statements that fit.
@Suite("Long id lists")
struct LongIDListTests {
    /// More than PostgreSQL's 65,535 bind parameters, and twice SQLite's 32,766.
    static let count = 70_000

    @Test("Reads over 70,000 ids, a few of them real, answer with exactly the real rows on both databases", arguments: TestDatabase.all)
    func readsOverSeventyThousandIDs(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let noise = (0..<Self.count).map { _ in UUID() }
            let okrs = OKRReader(application: t.app)
            let keyResult = world.okrs.keyResult.id

            let summaries = try await okrs.keyResultSummaries(ids: noise + [keyResult])
            #expect(summaries.map(\.id) == [keyResult])

            let names = try await okrs.personNames(noise + [world.contributor.id])
            #expect(names == [world.contributor.id: world.contributor.name])

            let progress = try await okrs.rolledUpProgress(of: noise + [world.okrs.objective.id], keyResults: [])
            #expect(progress.count == Self.count + 1)
            #expect(progress[world.okrs.objective.id] != nil)

            let streams = WorkstreamReader(application: t.app)
            let people = try await streams.people(Set(noise + [world.contributor.id]))
            #expect(Array(people.keys) == [world.contributor.id])

            let totals = try await streams.totalCommitments(of: Set(noise + [world.contributor.id]))
            #expect(totals == (try await streams.totalCommitments(of: [world.contributor.id])))

            let linked = try await streams.keyResults(of: noise + [world.streams.streamID])
            #expect(linked[world.streams.streamID]?.map(\.id) == [keyResult])
        }
    }

    @Test("Rows read in several statements keep the order one statement gives them (oldest first)", arguments: TestDatabase.all)
    func orderAcrossStatements(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let okrs = OKRReader(application: t.app)
            let later = try await KeyResultStore(application: t.app).createKeyResult(
                world.okrs.objective.id, CreateKeyResultRequest(title: "A later key result", kind: "binary"), by: world.ownerAdmin.actor)
            let noise = (0..<Self.count).map { _ in UUID() }
            // The newer key result first, the older one last: they land in different statements.
            let summaries = try await okrs.keyResultSummaries(ids: [later.id] + noise + [world.okrs.keyResult.id])
            #expect(summaries.map(\.id) == [world.okrs.keyResult.id, later.id])
        }
    }
}

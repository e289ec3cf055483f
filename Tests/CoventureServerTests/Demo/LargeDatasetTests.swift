import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
@testable import CoventureDemo
@testable import CoventureServer

/// `coventure demo --scale large`, at a small shape: what the benchmarks rely on.
@Suite("Demo: large dataset")
struct LargeDatasetTests {
    static var shape: LargeDataset.Shape {
        var shape = LargeDataset.Shape()
        shape.initiatives = 1
        shape.membersPerInitiative = 30
        shape.objectivesPerInitiative = 2
        shape.keyResultsPerObjective = 1
        shape.checkInsPerKeyResult = 2
        shape.workstreamsPerInitiative = 3
        shape.decisionsPerInitiative = 100
        shape.valueMetricsPerInitiative = 6
        // The portfolio's gates are decisions too: its own test below, so the register here stays the generator's.
        shape.proposalsPerInitiative = 0
        return shape
    }

    @Test("Each initiative gets a ratified framework and a portfolio rated by every party; one in five proposals passed a gate through the real stores, one waits at its second, one is on hold",
          arguments: TestDatabase.all)
    func investments(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            var shape = Self.shape
            shape.decisionsPerInitiative = 10
            shape.valueMetricsPerInitiative = 0
            shape.proposalsPerInitiative = 20
            let summary = try await LargeDataset.generate(t.app, shape: shape) { _ in }
            let id = try #require(summary.benchmarkInitiative)
            let reader = InvestmentReader(db: t.db)
            #expect(try await reader.overview(id).inForce?.criteria.count == 5)
            let portfolio = try await reader.portfolio(id, sort: .score)
            #expect(portfolio.proposals.count == 20)
            #expect(portfolio.proposals.allSatisfy { $0.score != nil })
            let stages = portfolio.proposals.map(\.stage)
            #expect(stages.filter { $0 == .funding }.count == 1 && stages.filter { $0 == .atGate }.count == 2 && stages.contains(.onHold))
            let total = try #require(portfolio.totals.first)
            #expect(total.released.amount == total.parties.map(\.released.amount).reduce(0, +), "releases split to the cent")
            let proposals = try await reader.dtos(try await reader.records(id), parties: try await reader.parties(id))
            #expect(proposals.allSatisfy { Set($0.ratings.map(\.organizationId)).count >= 2 }, "rated by more than one party")
            let register = try await DecisionStore(application: t.app).list(id, filter: .init())
            #expect(register.filter { $0.change?.kind == InvestmentGateChange.kind }.count == 6, "every gate is a decision in the register")
        }
    }

    @Test("Each initiative gets its default decision types and a register: most sealed and numbered 1…n without gaps (the counter at n), some open, withdrawn, awaiting or drafts, with votes from every party; the bench user can vote on an open one",
          arguments: TestDatabase.all)
    func decisions(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let summary = try await LargeDataset.generate(t.app, shape: Self.shape) { _ in }
            let id = try #require(summary.benchmarkInitiative)
            let store = DecisionStore(application: t.app)
            #expect(try await store.reader.types(id).map(\.name) == ["Advice", "Reserved matter"])

            let register = try await store.list(id, filter: .init())
            #expect(register.count == 100)
            let sealed = register.filter { $0.number != nil }
            #expect(sealed.count >= 80)
            #expect(sealed.compactMap(\.number).sorted() == (1...sealed.count).map(DecisionNumber.format))
            let row = try #require(try await (t.db as! any SQLDatabase).raw("SELECT last_number FROM decision_registers WHERE initiative_id = \(bind: id)").first())
            #expect(try row.decode(column: "last_number", as: Int.self) == sealed.count)
            #expect(Set(register.map(\.status)) == Set(DecisionStatus.allCases))
            #expect(Set(register.compactMap(\.outcome?.result)).isSuperset(of: [.decided, .passed, .withdrawn]))
            #expect(register.contains { $0.awaitingOutcome })
            #expect(register.filter { $0.status == .open }.allSatisfy { ($0.closesAt ?? .distantPast) > Date() })

            let parties = try await store.reader.facts(id).parties.map(\.organizationID)
            let votes = try await store.reader.votes(of: register.map(\.id), currentOnly: true)
            #expect(Set(votes.map(\.organizationID)) == Set(parties), "votes from every party")
            for decision in sealed where decision.method == .ownerAfterAdvice {
                #expect(Set(votes.filter { $0.decisionID == decision.id }.map(\.organizationID)) == Set(parties), "\(decision.title)")
            }

            // The bench user (the owner party's admin) votes on an open decision; the latest vote counts.
            let bench = try #require(try await PersonRow.first(t.db, where: "email = \(bind: LargeDataset.benchmarkEmail)"))
            let person = SignedInPerson(id: bench.id, name: bench.name, email: bench.email, organizationID: bench.organizationID,
                                        organizationName: "", isOrgAdmin: false, sessionID: nil)
            let open = try #require(register.first { $0.status == .open })
            let positions = open.method.positions.filter { !$0.isAgainst }
            for position in positions + positions {
                _ = try await store.vote(open.id, VoteRequest(position: position.rawValue, reason: "Benchmark vote."), by: person)
            }
            let mine = try await store.reader.votes(of: [open.id], currentOnly: false).filter { $0.personID == person.id }
            #expect(mine.count >= 2 * positions.count && mine.filter(\.isCurrent).map(\.position) == [positions.last])
        }
    }

    @Test("Each initiative gets value metrics in force with two years of measurements at their cadence, attested or disputed by another party than the recorder's, the latest pending",
          arguments: TestDatabase.all)
    func value(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let summary = try await LargeDataset.generate(t.app, shape: Self.shape) { _ in }
            let id = try #require(summary.benchmarkInitiative)
            let store = ValueStore(application: t.app)
            let metrics = try await store.list(id)
            #expect(metrics.count == 6 && metrics.allSatisfy { $0.status == .ratified && !$0.overdue })
            #expect(Set(metrics.map(\.cadence)) == Set(MeasurementCadence.allCases))
            let weekly = try #require(metrics.first { $0.cadence == .weekly })
            #expect((100...106).contains(weekly.measurementCount), "two years of weeks: \(weekly.measurementCount)")
            var states = Set<MeasurementState>()
            for metric in metrics {
                let measurements = try await store.measurements(try await ValueReader(db: t.db).metric(metric.id))
                #expect(measurements.allSatisfy { m in m.verdicts.allSatisfy { $0.organizationId != m.recorderOrganizationId } })
                states.formUnion(measurements.map(\.state))
            }
            #expect(states == Set(MeasurementState.allCases))
            let events = try await t.events(log: id).map(\.action)
            #expect(events.filter { $0 == LedgerAction.measurementRecorded.rawValue }.count == metrics.map(\.measurementCount).reduce(0, +))
        }
    }

    @Test("Each initiative gets its practice mesh: catalogue copies and every party's practice (one at version 2), five adoptions per stream, a retrospective each",
          arguments: TestDatabase.all)
    func practices(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            var shape = Self.shape
            shape.decisionsPerInitiative = 10
            shape.valueMetricsPerInitiative = 0
            let summary = try await LargeDataset.generate(t.app, shape: shape) { _ in }
            let id = try #require(summary.benchmarkInitiative)
            let store = PracticeStore(application: t.app)
            let library = try await store.library(id)
            #expect(library.count == LargePractices.catalogueCopies + 3 && library.allSatisfy { $0.status == .accepted })
            #expect(library.filter { $0.contributedBy != nil }.map(\.version).sorted() == [1, 1, 2])
            let refined = try #require(library.first { $0.version == 2 })
            #expect(try await store.versions(try await PracticeReader(db: t.db).practice(refined.id)).map(\.version) == [1, 2])
            let adoptions = try await PracticeReader(db: t.db).adoptions(initiative: id)
            #expect(adoptions.count == shape.workstreamsPerInitiative * LargePractices.adoptionsPerStream)
            #expect(library.map(\.usedBy).reduce(0, +) == adoptions.count)
            let bench = try #require(try await PersonRow.first(t.db, where: "email = \(bind: LargeDataset.benchmarkEmail)"))
            let session = Caller.browser(session: try await SessionStore(db: t.db, recorder: t.app.recorder).create(personID: bench.id))
            let page = try await t.send(.GET, SiteURL.practices(.value(id)).path, as: session)
            #expect(page.status == .ok && page.text.contains("review due"))
            for stream in try await PracticeReader(db: t.db).streams(id) {
                #expect(try await RetrospectiveStore(application: t.app).list(stream.id).count == 1)
            }
        }
    }
}

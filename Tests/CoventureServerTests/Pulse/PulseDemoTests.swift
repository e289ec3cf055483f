import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
@testable import CoventureDemo
@testable import CoventureServer

/// The pulse in the demo and in the large benchmark dataset (issue #15).
@Suite("Demo: pulse")
struct PulseDemoTests {
    @Test("The demo's owner-led initiative has three closed rounds, a hidden party in the first, the bank and Helio a point apart in the latest (flagged on the overview), and an open round awaiting Dana",
          arguments: TestDatabase.all)
    func demo(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            try await DemoData.load(into: t.app)
            let lending = try await DemoDecisionsTests.initiative(t, "SME Digital Lending")
            let dana = try #require(try await PersonRow.first(t.db, where: "email = \(bind: DemoData.ownerAdminEmail)"))
            let pulse = try await PulseStore(application: t.app).pulse(lending, personID: dana.id)
            #expect(pulse.rounds.map(\.status) == [.closed, .closed, .closed, .open])
            let quarry = try #require(pulse.rounds[0].parties.first { $0.organizationName == DemoData.quarry })
            #expect(quarry.answers == 2 && quarry.trust == nil, "under three answers: hidden")
            #expect(!pulse.rounds[0].comments.contains { $0.partyId == quarry.partyId })
            let bank = try #require(pulse.rounds[2].parties.first { $0.organizationName == DemoData.bank })
            let helio = try #require(pulse.rounds[2].parties.first { $0.organizationName == DemoData.helio })
            #expect(pulse.divergences.contains { $0.dimension == "trust" && $0.higherPartyId == bank.partyId && $0.lowerPartyId == helio.partyId })
            #expect(try #require(bank.trust) - (try #require(helio.trust)) >= 1)

            let session = try await Factory.session(t, SignedInPerson(
                id: dana.id, name: dana.name, email: dana.email, organizationID: dana.organizationID,
                organizationName: DemoData.bank, isOrgAdmin: true, sessionID: nil))
            let overview = try await t.send(.GET, SiteURL.initiative(.value(lending)).path, as: session)
            #expect(overview.text.contains("pulse-divergence"))
            let page = try await t.send(.GET, SiteURL.pulse(.value(lending)).path, as: session)
            #expect(page.status == .ok && page.text.contains("Send my answer"))
            let home = try await t.send(.GET, SiteURL.home.path, as: session)
            #expect(home.text.contains("Pulse round 4 awaits your answer"))
            // The log of the demo verifies, answers included.
            let fresh = LedgerService(signer: t.app.ledger.signer, interval: 2)
            _ = try await fresh.selfCheck(log: lending, on: t.db, logger: t.app.logger)
        }
    }

    @Test("The large dataset gives each initiative twelve closed rounds with answers from every party, their events without an actor",
          arguments: TestDatabase.all)
    func large(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            var shape = LargeDatasetTests.shape
            shape.decisionsPerInitiative = 5
            shape.valueMetricsPerInitiative = 0
            let summary = try await LargeDataset.generate(t.app, shape: shape) { _ in }
            let id = try #require(summary.benchmarkInitiative)
            let rounds = try await PulseReader(db: t.db).rounds(id)
            #expect(rounds.count == 12 && rounds.allSatisfy { !$0.isOpen })
            let figures = try await PulseReader(db: t.db).figures(id)
            #expect(rounds.allSatisfy { (figures[$0.id]?.count ?? 0) == 3 }, "every party answered every round")
            let sql = t.db as! any SQLDatabase
            let actors = try await sql.raw("""
                SELECT COUNT(*) AS n FROM ledger_events WHERE log_id = \(bind: id) AND action = \(bind: LedgerAction.pulseAnswered.rawValue) AND actor_id IS NOT NULL
                """).first()?.decode(column: "n", as: Int.self)
            #expect(actors == 0)
            _ = try await LedgerService(signer: t.app.ledger.signer, interval: 2).selfCheck(log: id, on: t.db, logger: t.app.logger)
        }
    }
}

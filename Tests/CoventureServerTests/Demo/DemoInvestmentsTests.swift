import CoventureCore
import Fluent
import Foundation
import Testing
@testable import CoventureDemo
@testable import CoventureServer

/// The joint venture's demo portfolio (issue #14): what a newcomer sees on the portfolio page.
@Suite("Demo investments")
struct DemoInvestmentsTests {
    @Test("The joint venture has a ratified framework of 5 criteria and 6 proposals at every stage, rated by all three parties, one criterion dividing them",
          arguments: TestDatabase.all)
    func portfolio(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            try await DemoData.load(into: t.app)
            let venture = try await InitiativeRow.named("GreenGrid Climate Finance", on: t.db).id
            let reader = InvestmentReader(db: t.db)
            let framework = try #require(try await reader.overview(venture).inForce)
            #expect(framework.criteria.count == 5)
            #expect(framework.criteria.contains { $0.direction == .lowerIsBetter })
            let proposals = try await reader.dtos(try await reader.records(venture), parties: try await reader.parties(venture))
            #expect(proposals.count == 6)
            #expect(Set(proposals.map(\.stage)) == [.funded, .funding, .atGate, .onHold, .killed, .proposed])
            for proposal in proposals {
                let score = try #require(proposal.score, "\(proposal.title) is scored")
                #expect(score.parties.count == 3, "\(proposal.title): rated by all three parties")
                #expect(proposal.tranches.allSatisfy { tranche in
                    tranche.releasedAt == nil || tranche.releases.map(\.amount.amount).reduce(0, +) == tranche.amount.amount
                }, "\(proposal.title): every release sums to its tranche")
            }
            let divided = proposals.flatMap { $0.score?.criteria.filter(\.divergent).map(\.name) ?? [] }
            #expect(divided == ["Delivery risk"], "one criterion divides the parties, on one proposal")
            let funded = try #require(proposals.first { $0.stage == .funded })
            #expect(funded.funding.allSatisfy { $0.remaining.amount == 0 })
            #expect(proposals.contains { $0.gates.last?.outcome == .pending }, "a gate is open now")
            #expect(proposals.contains { $0.stage == .onHold && $0.gates.last?.reason != nil })
            #expect(proposals.filter { !$0.metricIds.isEmpty }.count == 3, "proposals name the value metrics they should move")
        }
    }
}

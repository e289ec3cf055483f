import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureDemo
@testable import CoventureServer

/// The partnership report (issue #14): one quarter of the joint venture as a sponsor prints it, and as JSON.
@Suite("Partnership report")
struct PartnershipReportTests {
    @Test("The joint venture's report: value with attestation, OKR progress, decisions sealed in the quarter, money released per party to the cent, streams flagged",
          arguments: TestDatabase.all)
    func demoReport(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            try await DemoData.load(into: t.app)
            let venture = try await InitiativeRow.named("GreenGrid Climate Finance", on: t.db).id
            let dana = try #require(try await PersonRow.first(t.db, where: "email = \(bind: DemoData.ownerAdminEmail)"))
            let session = try await Factory.session(t, SignedInPerson(
                id: dana.id, name: dana.name, email: dana.email, organizationID: dana.organizationID, organizationName: "",
                isOrgAdmin: true, sessionID: nil))
            let quarter = Quarter(containing: CalendarDate(Date(), in: TimeZone(identifier: "UTC")!))
            let path = SiteURL.partnershipReport(.value(venture)).path
            let json = try await t.send(.GET, path + "?format=json&period=\(quarter)", as: session)
            #expect(json.status == .ok)
            let report = try t.decode(PartnershipReportDTO.self, from: json)
            #expect(report.period == quarter.description && report.parties.count == 3)
            #expect(report.valueMetrics.count == 5, "the ratified metrics, not the proposed one")
            #expect(report.valueMetrics.contains { $0.disputedInPeriod > 0 || $0.latestState == .disputed } || report.valueMetrics.contains { $0.overdue })
            #expect(!report.objectives.isEmpty)
            #expect(report.decisions.allSatisfy { $0.sealedAt >= quarter.interval.start && $0.sealedAt < quarter.interval.end })
            #expect(!report.decisions.isEmpty, "decisions were sealed this quarter")
            let releasedToDate = report.investment.parties.map(\.releasedToDate.amount).reduce(0, +)
            let proposals = try await InvestmentReader(db: t.db).dtos(try await InvestmentReader(db: t.db).records(venture),
                                                                        parties: try await InvestmentReader(db: t.db).parties(venture))
            #expect(releasedToDate == proposals.map(\.released.amount).reduce(0, +), "per-party releases add up to every release")
            #expect(report.investment.proposals == 6 && report.investment.atGate == 1)

            let page = try await t.send(.GET, path + "?period=\(quarter)", as: session)
            #expect(page.status == .ok)
            for text in ["partnership report, \(quarter.label)", "Value against target", "OKR progress", "Decisions sealed this quarter",
                         "Investment released", "release-chart", "Workstreams that need attention"] {
                #expect(page.text.contains(text), "\(text)")
            }
            // An earlier quarter has no sealed decision from this one.
            let earlier = try t.decode(PartnershipReportDTO.self, from: try await t.send(.GET, path + "?format=json&period=2020-Q1", as: session))
            #expect(earlier.decisions.isEmpty && earlier.investment.releases.isEmpty)
        }
    }

    @Test("A malformed period or format is 400 naming it; an outsider finds nothing", arguments: TestDatabase.all)
    func refusals(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await InvestmentAPITests.partnership(t)
            let member = try await Factory.session(t, p.partner)
            let path = SiteURL.partnershipReport(.value(p.initiative.id)).path
            let period = try await t.send(.GET, path + "?period=2026-Q7", as: member)
            #expect(period.status == .badRequest && period.text.contains("a quarter like 2026-Q4"))
            #expect(try await t.send(.GET, path + "?format=pdf", as: member).status == .badRequest)
            let outsider = try await Factory.session(t, try await Factory.person(t, organization: "Elsewhere"))
            #expect(try await t.send(.GET, path, as: outsider).status == .notFound)
            let empty = try await t.send(.GET, path, as: member)
            #expect(empty.status == .ok && empty.text.contains("No value metric is in force yet."))
        }
    }
}

import CoventureCore
import Fluent
import Foundation
import Testing
@testable import CoventureDemo
@testable import CoventureServer

/// The demo's value metrics (issue #14): the joint venture's dashboard tells the feature's story on first start.
@Suite("Demo: value")
struct DemoValueTests {
    @Test("The joint venture has five ratified metrics with a year of measurements (some disputed, one overdue) and one proposed awaiting its decision",
          arguments: TestDatabase.all)
    func jointVenture(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            try await DemoData.load(into: t.app)
            let venture = try await DemoDecisionsTests.initiative(t, "GreenGrid Climate Finance")
            let store = ValueStore(application: t.app)
            let metrics = try await store.list(venture)
            let ratified = metrics.filter { $0.status == .ratified }
            #expect(ratified.count == 5)
            #expect(ratified.filter(\.overdue).map(\.name) == ["Installer jobs created"])
            let proposed = try #require(metrics.first { $0.status == .proposed })
            let decision = try await DecisionStore(application: t.app).detail(try #require(proposed.decisionId))
            #expect(decision.status == .open && decision.change?.kind == ValueMetricDefinitionChange.kind)

            let today = CalendarDate(Date(), in: TimeZone(identifier: "UTC")!)
            var states = Set<MeasurementState>()
            for metric in ratified {
                let measurements = try await store.measurements(try await ValueReader(db: t.db).metric(metric.id))
                #expect(measurements.count >= 4, "\(metric.name): a year of measurements")
                #expect(measurements.allSatisfy { (try? CalendarDate(parsing: $0.on)).map { $0 <= today } ?? false }, "\(metric.name): all in the past")
                let first = try #require(measurements.first.flatMap { try? CalendarDate(parsing: $0.on) })
                #expect(CalendarArithmetic.days(from: first, to: today) > 250, "\(metric.name): about a year back")
                #expect(measurements.allSatisfy { m in m.verdicts.allSatisfy { $0.organizationId != m.recorderOrganizationId } })
                states.formUnion(measurements.map(\.state))
            }
            #expect(states == Set(MeasurementState.allCases), "attested, pending and disputed measurements")
        }
    }
}

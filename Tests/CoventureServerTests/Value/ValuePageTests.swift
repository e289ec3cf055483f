import CoventureCore
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// The value pages over HTTP (issue #14): proposing from the form, recording with the "record it anyway" step, a
/// partner's dispute with its reason, and the owner's dashboard showing it on the chart and in the list.
@Suite("Value pages")
struct ValuePageTests {
    @Test("A form refused for its fields comes back with each message beside its field and the input kept; a valid one proposes the metric",
          arguments: TestDatabase.all)
    func proposeFromTheForm(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let session = try await Factory.session(t, p.contributor)
            let path = SiteURL.value(.value(p.initiative.id)).path
            var form = [
                "name": "Homes retrofitted", "unit": "homes", "direction": "higherIsBetter", "baselineValue": "100", "baselineOn": "2025-01-01",
                "targetValue": "50", "targetBy": "2027-12-31", "method": "Certificates", "cadence": "monthly",
                "responsibleOrganizationId": p.owner.organizationID.uuidString.lowercased(),
            ]
            let refused = try await t.send(.POST, path, as: session, form: form)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("field-targetValue-error") && refused.text.contains("value=\"Homes retrofitted\""))
            form["targetValue"] = "200"
            let proposed = try await t.send(.POST, path, as: session, form: form)
            #expect(proposed.status == .seeOther, "\(proposed.text.prefix(300))")
            let page = try await t.follow(proposed, as: session)
            #expect(page.text.contains("Proposed: in force once its decision passes"))
            #expect(try await t.send(.GET, SiteURL.newValueMetric(.value(p.initiative.id)).path, as: try await Factory.session(t, p.observer)).status == .forbidden)
        }
    }

    @Test("A partner member disputes a measurement with a reason; the owner's dashboard shows it disputed on the chart and in the list",
          arguments: TestDatabase.all)
    func disputeShowsOnTheDashboard(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let store = ValueStore(application: t.app)
            let reserved = try #require(try await DecisionReader(db: t.db).types(p.initiative.id).first(where: \.reserved))
            let metric = try await store.propose(
                p.initiative.id, MatrixValue.request("Homes retrofitted", responsible: p.owner.organizationID, type: reserved.id), by: p.contributor.actor)
            try await ValueTestSupport.pass(t, try #require(metric.decisionId), voters: [p.owner, p.partner])
            let owner = try await Factory.session(t, p.owner)
            let metricPath = SiteURL.valueMeasurements(.value(p.initiative.id), metric: .value(metric.id)).path
            for (value, day) in [("110", "2026-01-31"), ("112", "2026-02-28"), ("114", "2026-03-31")] {
                let recorded = try await t.send(.POST, metricPath, as: owner, form: ["value": value, "on": day, "source": "Registry", "evidence": "Certificates"])
                #expect(recorded.status == .seeOther)
            }
            // Far outside the recent values: the form asks, and records once ticked.
            let typo = ["value": "1140", "on": "2026-04-30", "source": "Registry", "evidence": "Certificates"]
            let asked = try await t.send(.POST, metricPath, as: owner, form: typo)
            #expect(asked.status == .badRequest && asked.text.contains("Yes, record it anyway") && asked.text.contains("value=\"1140\""))
            var confirmed = typo
            confirmed["confirmed"] = "1"
            #expect(try await t.send(.POST, metricPath, as: owner, form: confirmed).status == .seeOther)

            let measurements = try await store.measurements(try await ValueReader(db: t.db).metric(metric.id))
            let disputed = try #require(measurements.first { $0.on == "2026-02-28" })
            let verdictPath = SiteURL.valueVerdicts(.value(p.initiative.id), metric: .value(metric.id), measurement: .value(disputed.id)).path
            let partner = try await Factory.session(t, p.partner)
            let noReason = try await t.send(.POST, verdictPath, as: partner, form: ["verdict": "dispute", "reason": ""])
            #expect(noReason.status == .badRequest && noReason.text.contains("Reason is required"))
            let own = try await t.send(.POST, verdictPath, as: owner, form: ["verdict": "attest"])
            #expect(own.status == .forbidden)
            let done = try await t.send(.POST, verdictPath, as: partner, form: ["verdict": "dispute", "reason": "The registry shows 108."])
            #expect(done.status == .seeOther)

            let dashboard = try await t.send(.GET, SiteURL.value(.value(p.initiative.id)).path, as: owner)
            #expect(dashboard.status == .ok)
            #expect(dashboard.text.contains("class=\"point disputed\" data-state=\"disputed\""), "the chart marks it")
            #expect(dashboard.text.contains("<span class=\"badge measurement-state disputed\" data-state=\"disputed\">Disputed</span>"), "the list says so")
            let page = try await t.send(.GET, SiteURL.valueMetric(.value(p.initiative.id), metric: .value(metric.id)).path, as: owner)
            #expect(page.text.contains("The registry shows 108."))
            #expect(!page.text.contains("verdict-form"), "the recorder's own party is offered no verdict form")
        }
    }

    @Test("\"Needs you\" tells the responsible party's members when a metric's measurement is overdue, and stops once it is measured",
          arguments: TestDatabase.all)
    func overdueNeedsYou(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let store = ValueStore(application: t.app)
            let reserved = try #require(try await DecisionReader(db: t.db).types(p.initiative.id).first(where: \.reserved))
            let metric = try await store.propose(
                p.initiative.id, MatrixValue.request("Homes retrofitted", responsible: p.owner.organizationID, type: reserved.id), by: p.contributor.actor)
            let contributor = try await Factory.session(t, p.contributor)
            #expect(!(try await t.send(.GET, SiteURL.home.path, as: contributor)).text.contains("which your party measures"), "not before it is in force")
            try await ValueTestSupport.pass(t, try #require(metric.decisionId), voters: [p.owner, p.partner])
            let home = try await t.send(.GET, SiteURL.home.path, as: contributor)
            #expect(home.text.contains("which your party measures monthly, was due"), "\(home.text.prefix(2000))")
            #expect(home.text.contains(SiteURL.valueMetric(.value(p.initiative.id), metric: .value(metric.id)).path))
            #expect(!(try await t.send(.GET, SiteURL.home.path, as: try await Factory.session(t, p.partner))).text.contains("which your party measures"),
                    "another party's metric is not the partner's to measure")
            _ = try await store.record(
                metric.id, MeasurementRequest(value: NumberInput("120"), on: ValueTestSupport.today, source: "Registry", evidence: "Certificates"),
                by: p.contributor.actor)
            #expect(!(try await t.send(.GET, SiteURL.home.path, as: contributor)).text.contains("which your party measures"))
        }
    }
}

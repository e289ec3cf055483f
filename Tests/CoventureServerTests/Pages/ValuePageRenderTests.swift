import CoventureCore
import Foundation
import Testing

@testable import CoventureServer

/// The value pages rendered from hand-built models (issue #14): no database, no server.
@Suite("Value pages render")
struct ValuePageRenderTests {
    typealias F = Fixture

    static func definition(version: Int = 1, status: ValueMetricStatus = .ratified, inForce: Bool = true, target: Double = 200,
                           name: String = "Homes retrofitted") -> ValueMetricDefinitionDTO {
        ValueMetricDefinitionDTO(
            version: version, status: status, decisionId: F.id(700 + version), inForce: inForce, name: name, unit: "homes",
            direction: .higherIsBetter, baseline: ValueBaselineDTO(value: 100, on: "2026-01-01"), target: ValueTargetDTO(value: target, by: "2027-12-31"),
            method: "Count of certificates", cadence: .monthly, responsibleOrganizationId: F.ownerOrg, objectiveIds: [], proposedById: F.viewerID,
            proposedAt: F.now, decidedAt: F.now)
    }

    static func metric(
        name: String = "Homes retrofitted", status: ValueMetricStatus = .ratified, overdue: Bool = false,
        pending: ValueMetricDefinitionDTO? = nil, history: [ValueMetricDefinitionDTO]? = nil
    ) -> ValueMetricDTO {
        ValueMetricDTO(
            id: F.id(500), initiativeId: F.initiativeID, status: status, decisionId: F.id(701), version: 1, name: name, unit: "homes",
            direction: .higherIsBetter, baseline: ValueBaselineDTO(value: 100, on: "2026-01-01"), target: ValueTargetDTO(value: 200, by: "2027-12-31"),
            method: "Count of certificates", cadence: .monthly, responsibleOrganizationId: F.ownerOrg, responsibleOrganizationName: "Bank",
            objectiveIds: [], pending: pending, latestValue: status == .ratified ? 150 : nil, latestOn: status == .ratified ? "2026-03-31" : nil,
            latestState: status == .ratified ? .disputed : nil, fractionOfWay: status == .ratified ? 0.5 : nil,
            variance: status == .ratified ? -50 : nil, nextDueOn: status == .ratified ? "2026-04-30" : nil, overdue: overdue, measurementCount: 2,
            createdAt: F.now, history: history)
    }

    static func measurement(_ n: Int, value: Double, on: String, state: MeasurementState, reason: String? = nil,
                            recorder: UUID = F.ownerOrg, correctedBy: UUID? = nil) -> MeasurementDTO {
        MeasurementDTO(
            id: F.id(800 + n), metricId: F.id(500), value: value, on: on, source: "Registry", evidence: "https://example.org/pack",
            correctsId: nil, correctedById: correctedBy, recordedById: F.viewerID, recordedByName: "Olivia Owner", recorderOrganizationId: recorder,
            recorderOrganizationName: "Bank", recordedAt: F.now, state: state,
            verdicts: state == .pending ? [] : [VerdictDTO(
                id: F.id(900 + n), organizationId: F.partnerOrg, organizationName: "Helio", personId: F.id(1021), personName: "Pia Partner",
                verdict: state == .disputed ? .dispute : .attest, reason: reason, at: F.now)])
    }

    static let measurements = [
        measurement(1, value: 120, on: "2026-02-28", state: .attested),
        measurement(2, value: 150, on: "2026-03-31", state: .disputed, reason: "The registry shows 130."),
        measurement(3, value: 140, on: "2026-04-15", state: .pending),
    ]

    static func metricPage(
        _ metric: ValueMetricDTO = metric(history: [definition()]), canRecord: Bool = true, attestable: Set<UUID> = [],
        form: String? = nil, values: [String: String] = [:], errors: [String: String] = [:]
    ) -> Rendered {
        Rendered(ValueMetricPage.render(
            .init(initiative: F.initiative(), metric: metric, measurements: measurements, objectives: [], types: [], canRecord: canRecord,
                  canPropose: true, attestable: attestable, showSettings: false, form: form, values: values, errors: errors),
            context: F.context()))
    }

    @Test("The dashboard draws each metric in force with its points by state, the figures, and lists proposals apart; Value is the current tab")
    func dashboard() {
        let page = Rendered(ValueDashboardPage.render(
            .init(initiative: F.initiative(), metrics: [Self.metric(overdue: true), Self.metric(name: "Jobs", status: .proposed)],
                  measurements: [F.id(500): Self.measurements], canPropose: true, showSettings: false),
            context: F.context()))
        #expect(page.contains("aria-current=\"page\">Value<"))
        #expect(page.contains("class=\"point attested\"") && page.contains("class=\"point pending\"") && page.contains("class=\"point disputed\""))
        #expect(page.contains("<title id=\"chart-\(F.text(F.id(500)))-title\">Homes retrofitted (homes)</title>"))
        #expect(page.contains("class=\"target\"") && page.contains("class=\"target-date\""))
        #expect(page.contains("−50 homes") && page.contains("50 %") && page.contains("Overdue"))
        #expect(page.contains("Awaiting ratification or rejected") && page.contains(">Jobs<"))
        #expect(page.contains("Propose a value metric"))
        #expect(page.count("<tr data-measurement=") == 3, "the chart's figures as a table")
    }

    @Test("The metric page offers a verdict form only on the measurements the viewer may attest, each with the CSRF field")
    func verdictForms() {
        let page = Self.metricPage(attestable: [F.id(803)])
        #expect(page.count("class=\"verdict-form\"") == 1)
        #expect(page.contains("The registry shows 130."))
        #expect(page.postForms.allSatisfy { $0.contains(F.csrf) })
        #expect(!Self.metricPage(canRecord: false).contains("Record the measurement"))
    }

    @Test("A value outside the spread comes back with the input kept and a “Yes, record it anyway” box")
    func confirmStep() {
        let page = Self.metricPage(form: "measurement", values: ["value": "1500", "on": "2026-04-30"],
                                   errors: ["confirmed": "is needed: 1500 homes lies outside ±3× the spread of the recent values (107.1 to 116.9)"])
        #expect(page.contains("value=\"1500\"") && page.contains("Yes, record it anyway") && page.contains("name=\"confirmed\""))
    }

    @Test("A pending change keeps the definition in force named; the history lists every version with its decision")
    func pendingChange() {
        let pending = Self.definition(version: 2, status: .proposed, inForce: false, target: 300)
        let page = Self.metricPage(Self.metric(pending: pending, history: [Self.definition(), pending]))
        #expect(page.contains("Version 2 of this definition awaits its decision; version 1 stays in force until it passes."))
        #expect(page.count("The decision</a>") == 2)
        #expect(!page.contains("Propose the change"), "one proposal at a time")
    }

    @Test("Hostile names and reasons are escaped in text, attributes and the chart")
    func hostileStrings() {
        let hostile = Self.metric(name: F.hostile, history: [Self.definition(name: F.hostile)])
        let page = Self.metricPage(hostile)
        #expect(!page.contains("<script>alert(1)</script>"))
        let dashboard = Rendered(ValueDashboardPage.render(
            .init(initiative: F.initiative(), metrics: [hostile], measurements: [F.id(500): [Self.measurement(1, value: 1, on: "2026-02-01", state: .disputed, reason: F.hostileQuote)]],
                  canPropose: false, showSettings: false),
            context: F.context()))
        #expect(!dashboard.contains("<script>alert(1)</script>") && dashboard.contains(F.hostileEscaped))
        #expect(!dashboard.contains("Propose a value metric"))
    }
}

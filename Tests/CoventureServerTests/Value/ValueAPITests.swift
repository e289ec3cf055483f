import CoventureCore
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// Value metrics over HTTP (issue #14), on both databases: in force only once ratified, measurements only then,
/// attested or disputed by another party, a changed definition waiting for its own decision.
@Suite("Value API")
struct ValueAPITests {
    typealias Partnership = DecisionAPITests.Partnership

    static func reserved(_ t: TestApp, _ p: Partnership) async throws -> UUID {
        try #require(try await DecisionReader(db: t.db).types(p.initiative.id).first(where: \.reserved)).id
    }

    static func propose(_ t: TestApp, _ p: Partnership, name: String = "Homes retrofitted", as caller: Caller) async throws -> ValueMetricDTO {
        let response = try await t.send(
            .POST, APIURL.valueMetrics(.value(p.initiative.id)).path, as: caller,
            json: MatrixValue.request(name, responsible: p.owner.organizationID, type: try await reserved(t, p)))
        #expect(response.status == .created, "\(response.text)")
        return try t.decode(ValueMetricDTO.self, from: response)
    }

    static func metric(_ t: TestApp, _ id: UUID, as caller: Caller) async throws -> ValueMetricDTO {
        try t.decode(ValueMetricDTO.self, from: try await t.send(.GET, APIURL.valueMetric(.value(id)).path, as: caller))
    }

    static func measure(
        _ t: TestApp, _ metric: UUID, _ value: String, on: String = "2026-03-31", confirmed: Bool? = nil, corrects: UUID? = nil, as caller: Caller
    ) async throws -> TestingHTTPResponse {
        try await t.send(.POST, APIURL.valueMeasurements(.value(metric)).path, as: caller,
                         json: MeasurementRequest(value: NumberInput(value), on: on, source: "Land registry", evidence: "https://example.org/report",
                                                  confirmed: confirmed, correctsId: corrects))
    }

    @Test("A proposed metric opens its decision, takes no measurement (409) until the decision passes, then takes them", arguments: TestDatabase.all)
    func ratifiedBeforeMeasured(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let metric = try await Self.propose(t, p, as: p.contributorToken)
            #expect(metric.status == .proposed && metric.version == 1 && metric.baseline.value == 100 && metric.target.by == "2027-12-31")
            let decisionID = try #require(metric.decisionId)
            let decision = try await DecisionAPITests.detail(t, decisionID, as: p.observerToken)
            #expect(decision.status == .open && decision.change?.kind == "valueMetric" && decision.change?.state == "proposed")
            #expect(decision.proposal.contains("Method (how it is measured): Count of completion certificates"))

            let early = try await Self.measure(t, metric.id, "120", as: p.contributorToken)
            #expect(early.status == .conflict, "\(early.text)")
            #expect(early.text.contains("ratifies"))

            try await ValueTestSupport.pass(t, decisionID, voters: [p.owner, p.partner])
            let ratified = try await Self.metric(t, metric.id, as: p.observerToken)
            #expect(ratified.status == .ratified && ratified.history?.map(\.inForce) == [true])
            #expect(ratified.nextDueOn == "2025-02-01" && ratified.overdue, "no measurement since the baseline: a month after it, long past")

            let recorded = try await Self.measure(t, metric.id, "150", as: p.contributorToken)
            #expect(recorded.status == .created, "\(recorded.text)")
            let measurement = try t.decode(MeasurementDTO.self, from: recorded)
            #expect(measurement.state == .pending && measurement.value == 150 && measurement.recorderOrganizationId == p.owner.organizationID)
            let after = try await Self.metric(t, metric.id, as: p.partnerToken)
            #expect(after.latestValue == 150 && after.fractionOfWay == 0.5 && after.variance == -50 && after.nextDueOn == "2026-04-30")
            let events = try await t.events(log: p.initiative.id).map(\.action)
            #expect(events.contains(LedgerAction.valueMetricProposed.rawValue) && events.contains(LedgerAction.valueMetricRatified.rawValue))
            #expect(events.contains(LedgerAction.measurementRecorded.rawValue))
        }
    }

    @Test("A rejected proposal leaves the metric rejected, and it takes no measurement", arguments: TestDatabase.all)
    func rejectedMetric(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let metric = try await Self.propose(t, p, as: p.partnerToken)
            try await ValueTestSupport.reject(t, try #require(metric.decisionId), voters: [p.owner, p.partner])
            let rejected = try await Self.metric(t, metric.id, as: p.ownerToken)
            #expect(rejected.status == .rejected && rejected.history?.first?.status == .rejected)
            #expect(try await Self.measure(t, metric.id, "120", as: p.ownerToken).status == .conflict)
        }
    }

    @Test("Attestation: the recorder's own party is refused (403), a dispute needs a reason (400 naming it), the latest verdict per party counts",
          arguments: TestDatabase.all)
    func attestation(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let metric = try await Self.propose(t, p, as: p.contributorToken)
            try await ValueTestSupport.pass(t, try #require(metric.decisionId), voters: [p.owner, p.partner])
            let measurement = try t.decode(MeasurementDTO.self, from: try await Self.measure(t, metric.id, "130", as: p.contributorToken))
            let path = APIURL.measurementVerdicts(.value(measurement.id)).path

            let own = try await t.send(.POST, path, as: p.ownerToken, json: VerdictRequest(verdict: "attest"))
            #expect(own.status == .forbidden && own.text.contains("recorder's own"), "\(own.text)")
            #expect(try await t.send(.POST, path, as: p.observerToken, json: VerdictRequest(verdict: "attest")).status == .forbidden)
            let noReason = try await t.send(.POST, path, as: p.partnerToken, json: VerdictRequest(verdict: "dispute", reason: "  "))
            #expect(noReason.status == .badRequest && noReason.text.contains("\"field\":\"reason\""), "\(noReason.text)")
            let badVerdict = try await t.send(.POST, path, as: p.partnerToken, json: VerdictRequest(verdict: "maybe"))
            #expect(badVerdict.status == .badRequest && badVerdict.text.contains("\"field\":\"verdict\""))

            let disputed = try t.decode(MeasurementDTO.self, from: try await t.send(
                .POST, path, as: p.partnerToken, json: VerdictRequest(verdict: "dispute", reason: "The registry shows 118.")))
            #expect(disputed.state == .disputed && disputed.verdicts.first?.reason == "The registry shows 118.")
            let attested = try await t.send(.POST, path, as: p.partnerToken, json: VerdictRequest(verdict: "attest", reason: "Rechecked: right."))
            #expect(attested.status == .created)
            #expect(try t.decode(MeasurementDTO.self, from: attested).state == .attested, "the disputing party's own later attestation clears it")
            #expect(try await Self.metric(t, metric.id, as: p.ownerToken).latestState == .attested)
        }
    }

    @Test("A changed definition stays unratified until its decision passes; the old one stays in force, and both stay in the history",
          arguments: TestDatabase.all)
    func definitionChange(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let metric = try await Self.propose(t, p, as: p.contributorToken)
            try await ValueTestSupport.pass(t, try #require(metric.decisionId), voters: [p.owner, p.partner])
            let path = APIURL.valueMetric(.value(metric.id)).path
            let typeID = try await Self.reserved(t, p)

            let observer = try await t.send(.PATCH, path, as: p.observerToken, json: ValueMetricRequest(target: ValuePointInput(value: NumberInput("300"), by: "2028-12-31")))
            #expect(observer.status == .forbidden)
            let changed = try await t.send(.PATCH, path, as: p.partnerToken,
                                           json: ValueMetricRequest(target: ValuePointInput(value: NumberInput("300"), by: "2028-12-31"), typeId: typeID))
            #expect(changed.status == .ok, "\(changed.text)")
            let waiting = try t.decode(ValueMetricDTO.self, from: changed)
            #expect(waiting.status == .ratified && waiting.version == 1 && waiting.target.value == 200, "the old definition stays in force")
            #expect(waiting.pending?.version == 2 && waiting.pending?.target.value == 300 && waiting.pending?.status == .proposed)
            #expect(waiting.decisionId == waiting.pending?.decisionId && waiting.decisionId != metric.decisionId)
            let second = try await t.send(.PATCH, path, as: p.ownerToken, json: ValueMetricRequest(name: "Another"))
            #expect(second.status == .conflict, "one proposal at a time")
            // Measurements go on against the definition in force meanwhile.
            #expect(try await Self.measure(t, metric.id, "140", as: p.contributorToken).status == .created)

            try await ValueTestSupport.pass(t, try #require(waiting.decisionId), voters: [p.owner, p.partner])
            let passed = try await Self.metric(t, metric.id, as: p.observerToken)
            #expect(passed.version == 2 && passed.target.value == 300 && passed.target.by == "2028-12-31" && passed.pending == nil)
            #expect(passed.history?.map(\.version) == [1, 2] && passed.history?.map(\.inForce) == [false, true])
            #expect(passed.history?.first?.target.value == 200, "every earlier definition stays readable")

            // A rejected change leaves the one in force as it is.
            let third = try t.decode(ValueMetricDTO.self, from: try await t.send(
                .PATCH, path, as: p.ownerToken, json: ValueMetricRequest(unit: "dwellings", typeId: typeID)))
            try await ValueTestSupport.reject(t, try #require(third.decisionId), voters: [p.owner, p.partner])
            let kept = try await Self.metric(t, metric.id, as: p.ownerToken)
            #expect(kept.status == .ratified && kept.version == 2 && kept.unit == "homes" && kept.history?.last?.status == .rejected)
        }
    }

    @Test("Measurements: none before the baseline, none in the future, null is not zero, ±3× the spread needs confirmed, corrections replace",
          arguments: TestDatabase.all)
    func measurementRules(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let metric = try await Self.propose(t, p, as: p.contributorToken)
            try await ValueTestSupport.pass(t, try #require(metric.decisionId), voters: [p.owner, p.partner])

            let before = try await Self.measure(t, metric.id, "120", on: "2024-12-31", as: p.contributorToken)
            #expect(before.status == .badRequest && before.text.contains("\"field\":\"on\""), "\(before.text)")
            let future = try await Self.measure(t, metric.id, "120", on: "2099-01-01", as: p.contributorToken)
            #expect(future.status == .badRequest && future.text.contains("\"field\":\"on\""))
            let null = try await t.send(.POST, APIURL.valueMeasurements(.value(metric.id)).path, as: p.contributorToken,
                                        text: (#"{"value": null, "on": "2026-01-31", "source": "x", "evidence": "y"}"#, .json))
            #expect(null.status == .badRequest && null.text.contains("\"field\":\"value\""), "\(null.text)")
            let words = try await Self.measure(t, metric.id, "lots", as: p.contributorToken)
            #expect(words.status == .badRequest && words.text.contains("\"field\":\"value\""))

            for (value, day) in [("110", "2026-01-31"), ("112", "2026-02-28"), ("114", "2026-03-31")] {
                #expect(try await Self.measure(t, metric.id, value, on: day, as: p.contributorToken).status == .created)
            }
            // Recent 110, 112, 114: 112 ± 3 × 1.633 → 107.1 … 116.9.
            let typo = try await Self.measure(t, metric.id, "11600", on: "2026-04-30", as: p.contributorToken)
            #expect(typo.status == .badRequest && typo.text.contains("\"field\":\"confirmed\""), "\(typo.text)")
            let confirmed = try await Self.measure(t, metric.id, "11600", on: "2026-04-30", confirmed: true, as: p.contributorToken)
            #expect(confirmed.status == .created)
            let wrong = try t.decode(MeasurementDTO.self, from: confirmed)
            let correction = try await Self.measure(t, metric.id, "116", on: "2026-04-30", corrects: wrong.id, as: p.contributorToken)
            #expect(correction.status == .created, "\(correction.text)")
            let again = try await Self.measure(t, metric.id, "117", on: "2026-04-30", corrects: wrong.id, as: p.contributorToken)
            #expect(again.status == .badRequest && again.text.contains("\"field\":\"correctsId\""))

            let list = try t.decode(ListPage<MeasurementDTO>.self, from: try await t.send(.GET, APIURL.valueMeasurements(.value(metric.id)).path, as: p.observerToken)).items
            #expect(list.count == 5 && list.first { $0.id == wrong.id }?.correctedById != nil)
            let standing = try await Self.metric(t, metric.id, as: p.ownerToken)
            #expect(standing.latestValue == 116 && standing.measurementCount == 4, "the correction replaces what it corrects")
            let verdictOnCorrected = try await t.send(.POST, APIURL.measurementVerdicts(.value(wrong.id)).path, as: p.partnerToken,
                                                      json: VerdictRequest(verdict: "attest"))
            #expect(verdictOnCorrected.status == .conflict)
        }
    }

    @Test("Bad definitions are 400s naming the field; an unknown party, objective or type too", arguments: TestDatabase.all)
    func badDefinitions(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let p = try await DecisionAPITests.partnership(t)
            let path = APIURL.valueMetrics(.value(p.initiative.id)).path
            func field(_ request: ValueMetricRequest) async throws -> String {
                let response = try await t.send(.POST, path, as: p.contributorToken, json: request)
                #expect(response.status == .badRequest, "\(response.text)")
                return response.text
            }
            var request = MatrixValue.request("Homes", responsible: p.owner.organizationID)
            request.target = ValuePointInput(value: NumberInput("50"), by: "2027-12-31")
            #expect(try await field(request).contains("\"field\":\"target.value\""))
            request = MatrixValue.request("Homes", responsible: UUID())
            #expect(try await field(request).contains("\"field\":\"responsibleOrganizationId\""))
            request = MatrixValue.request("Homes", responsible: p.owner.organizationID, type: UUID())
            #expect(try await field(request).contains("\"field\":\"typeId\""))
            request = MatrixValue.request("Homes", responsible: p.owner.organizationID)
            request.cadence = "daily"
            #expect(try await field(request).contains("\"field\":\"cadence\""))
            request = MatrixValue.request("Homes", responsible: p.owner.organizationID)
            request.objectiveIds = [UUID()]
            #expect(try await field(request).contains("\"field\":\"objectiveIds\""))
            let metrics = try t.decode(ListPage<ValueMetricDTO>.self, from: try await t.send(.GET, path, as: p.ownerToken)).items
            #expect(metrics.isEmpty, "nothing half-written")
        }
    }
}

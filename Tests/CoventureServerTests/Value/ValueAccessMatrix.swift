import CoventureCore
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// The value fixtures of the access matrix's `World`: a metric ratified by the reserved matter (both parties' admins
/// voting yes) with one measurement the contributor (owner's party) recorded, and a metric still proposed.
struct MatrixValue: Sendable {
    var ratifiedID: UUID
    var proposedID: UUID
    var measurementID: UUID

    static func request(_ name: String, responsible: UUID, type: UUID? = nil) -> ValueMetricRequest {
        ValueMetricRequest(
            name: name, unit: "homes", direction: "higherIsBetter", baseline: ValuePointInput(value: NumberInput("100"), on: "2025-01-01"),
            target: ValuePointInput(value: NumberInput("200"), by: "2027-12-31"), method: "Count of completion certificates",
            cadence: "monthly", responsibleOrganizationId: responsible, typeId: type)
    }

    static func make(_ t: TestApp, initiative: UUID, owner: SignedInPerson, partner: SignedInPerson, contributor: SignedInPerson) async throws -> MatrixValue {
        let store = ValueStore(application: t.app)
        let reserved = try #require(try await DecisionReader(db: t.db).types(initiative).first(where: \.reserved))
        let ratified = try await store.propose(initiative, request("Homes retrofitted", responsible: owner.organizationID, type: reserved.id), by: contributor.actor)
        try await ValueTestSupport.pass(t, try #require(ratified.decisionId), voters: [owner, partner])
        let proposed = try await store.propose(initiative, request("Energy saved", responsible: owner.organizationID), by: contributor.actor)
        let measurement = try await store.record(
            ratified.id, MeasurementRequest(value: NumberInput("120"), on: ValueTestSupport.today, source: "Registry", evidence: "Certificates"),
            by: contributor.actor)
        return MatrixValue(ratifiedID: ratified.id, proposedID: proposed.id, measurementID: measurement.id)
    }
}

/// Small helpers the value tests share.
enum ValueTestSupport {
    static var today: String { CalendarDate(Date(), in: TimeZone(identifier: "UTC")!).description }

    /// Passes a decision of the reserved matter: each party's admin votes yes, and it is closed early.
    static func pass(_ t: TestApp, _ decisionID: UUID, voters: [SignedInPerson]) async throws {
        let store = DecisionStore(application: t.app)
        for voter in voters { _ = try await store.vote(decisionID, VoteRequest(position: "yes"), by: voter) }
        _ = try await store.close(decisionID, by: voters[0].actor)
    }

    /// Ends a decision of the reserved matter without passing: a party's admin votes no.
    static func reject(_ t: TestApp, _ decisionID: UUID, voters: [SignedInPerson]) async throws {
        let store = DecisionStore(application: t.app)
        _ = try await store.vote(decisionID, VoteRequest(position: "yes"), by: voters[0])
        for voter in voters.dropFirst() { _ = try await store.vote(decisionID, VoteRequest(position: "no", reason: "Not this way."), by: voter) }
        _ = try await store.close(decisionID, by: voters[0].actor)
    }
}

extension AccessMatrixTests {
    /// Members of another party than the recorder's (the contributor, owner's party): the partner's admin.
    static func attesters(anonymous: Expect) -> [Actor: Expect] {
        [.anonymous: anonymous, .outsider: .notFound, .observer: .forbidden, .contributor: .forbidden, .partnerAdmin: .ok, .ownerAdmin: .forbidden]
    }

    static let valueEntries: [Entry] = {
        let i: @Sendable (World) -> Param<UUID> = { .value($0.initiative.id) }
        let metric: @Sendable (World) -> Param<UUID> = { .value($0.value.ratifiedID) }
        let measurement: @Sendable (World) -> Param<UUID> = { .value($0.value.measurementID) }
        let form: @Sendable (World) -> [String: String] = { w in
            ["name": "Jobs created", "unit": "jobs", "direction": "higherIsBetter", "baselineValue": "10", "baselineOn": "2025-01-01",
             "targetValue": "50", "targetBy": "2027-12-31", "method": "Payroll count", "cadence": "quarterly",
             "responsibleOrganizationId": w.ownerAdmin.organizationID.uuidString.lowercased()]
        }
        let measured: [String: String] = ["value": "120", "on": ValueTestSupport.today, "source": "Registry", "evidence": "Certificates"]
        return [
            // Pages
            Entry(method: .GET, url: .value(.key), path: { w in SiteURL.value(i(w)).path }, expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .value(.key), path: { w in SiteURL.value(i(w)).path }, form: form, expect: contributors(anonymous: .signIn)),
            Entry(method: .GET, url: .newValueMetric(.key), path: { w in SiteURL.newValueMetric(i(w)).path }, expect: contributors(anonymous: .signIn)),
            Entry(method: .GET, url: .valueMetric(.key, metric: .key), path: { w in SiteURL.valueMetric(i(w), metric: metric(w)).path },
                  expect: members(anonymous: .signIn)),
            Entry(method: .POST, url: .valueMetric(.key, metric: .key), path: { w in SiteURL.valueMetric(i(w), metric: metric(w)).path },
                  form: { w in var f = form(w); f["name"] = "Homes retrofitted"; return f }, expect: contributorsOnce(anonymous: .signIn, then: .conflict)),
            Entry(method: .POST, url: .valueMeasurements(.key, metric: .key), path: { w in SiteURL.valueMeasurements(i(w), metric: metric(w)).path },
                  form: { _ in measured }, expect: contributors(anonymous: .signIn)),
            Entry(method: .POST, url: .valueVerdicts(.key, metric: .key, measurement: .key),
                  path: { w in SiteURL.valueVerdicts(i(w), metric: metric(w), measurement: measurement(w)).path },
                  form: { _ in ["verdict": "attest"] }, expect: attesters(anonymous: .signIn)),
            // API
            Entry(method: .GET, url: .api(.valueMetrics(.key)), path: { w in APIURL.valueMetrics(i(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.valueMetrics(.key)), path: { w in APIURL.valueMetrics(i(w)).path },
                  json: { w in MatrixValue.request("Jobs created", responsible: w.ownerAdmin.organizationID) }, expect: contributors(anonymous: .unauthorized)),
            Entry(method: .GET, url: .api(.valueMetric(.key)), path: { w in APIURL.valueMetric(metric(w)).path }, expect: members(anonymous: .unauthorized)),
            Entry(method: .PATCH, url: .api(.valueMetric(.key)), path: { w in APIURL.valueMetric(metric(w)).path },
                  json: { _ in ["method": "Count of certificates, audited quarterly"] }, expect: contributorsOnce(anonymous: .unauthorized, then: .conflict)),
            Entry(method: .GET, url: .api(.valueMeasurements(.key)), path: { w in APIURL.valueMeasurements(metric(w)).path },
                  expect: members(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.valueMeasurements(.key)), path: { w in APIURL.valueMeasurements(metric(w)).path },
                  json: { _ in MeasurementRequest(value: NumberInput("120"), on: ValueTestSupport.today, source: "Registry", evidence: "Certificates") },
                  expect: contributors(anonymous: .unauthorized)),
            Entry(method: .POST, url: .api(.measurementVerdicts(.key)), path: { w in APIURL.measurementVerdicts(measurement(w)).path },
                  json: { _ in VerdictRequest(verdict: "attest") }, expect: attesters(anonymous: .unauthorized)),
        ]
    }()
}

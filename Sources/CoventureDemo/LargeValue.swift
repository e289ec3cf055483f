import CoventureCore
import CoventureServer
import Fluent
import Foundation
import SQLKit
import Vapor

/// The value metrics of a large initiative (issue #14), written in bulk beside the recorder like the rest of the
/// generator: the rows and events `ValueStore` writes for metrics in force, each with two years of measurements at its
/// cadence (a third weekly, a third monthly, a third quarterly), recorded by the responsible party and mostly attested,
/// now and then disputed, by another. Benchmark data: their ratifying decisions are not generated (the register keeps
/// the shape `LargeDecisions` gives it), so a definition here names no decision.
enum LargeValue {
    static let names = [
        "Homes retrofitted", "Grid connection lead time", "CO₂ avoided", "Green loan default rate", "Installer jobs created",
        "Customer satisfaction", "Applications processed", "Time to first payout", "Energy saved", "Repeat customers",
    ]
    static let units = ["homes", "days", "tCO₂e", "%", "jobs", "points", "applications", "days", "MWh", "customers"]
    static let disputes = [
        "The source shows a lower figure for that period.", "This counts cases the method excludes.",
        "The period overlaps the previous measurement.", "The evidence link does not show this number.",
    ]

    /// Writes `count` metrics in one transaction; returns the number of events.
    static func write(
        _ app: Application, random: inout SplitMix64, initiativeID: UUID, count: Int,
        members: [(person: UUID, organization: UUID, role: MemberRole)], actor: Actor, now: Date, years: Int = 2
    ) async throws -> Int {
        guard count > 0 else { return 0 }
        let active = members.filter { $0.role != .observer }
        let organizations = Array(Set(active.map(\.organization))).sorted { $0.uuidString < $1.uuidString }
        guard organizations.count >= 2 else { return 0 }
        let utc = TimeZone(identifier: "UTC")!
        let today = CalendarDate(now, in: utc)
        let baselineOn = CalendarArithmetic.adding(months: -12 * years, to: today)
        let targetBy = CalendarArithmetic.adding(months: 12, to: today)
        let day = 86_400.0
        func instant(_ date: CalendarDate) -> Date {
            now.addingTimeInterval(Double(CalendarArithmetic.days(from: today, to: date)) * day + 3_600)
        }
        var batch = RowBatch()
        batch.actor = actor
        var timeline: [(Date, EventDraft)] = []
        func event(_ at: Date, _ action: LedgerAction, _ id: UUID, _ change: [String: JSONValue]) {
            timeline.append((at, EventDraft(log: initiativeID, action: action, objectID: id, change: change)))
        }
        for n in 0..<count {
            let metricID = random.uuid(), definitionID = random.uuid()
            let responsible = organizations[n % organizations.count]
            let recorders = active.filter { $0.organization == responsible }
            let attesters = active.filter { $0.organization != responsible }
            let proposer = recorders[Int(random.next() % UInt64(recorders.count))].person
            let cadence = MeasurementCadence.allCases[n % 3]
            let lower = n % 4 == 1
            let baseline = Double(50 + Int(random.next() % 200))
            let target = lower ? (baseline * 0.4).rounded() : (baseline * 2.5).rounded()
            let name = "\(names[n % names.count]) \(n / names.count + 1)"
            let unit = units[n % units.count]
            let proposedAt = instant(CalendarArithmetic.adding(days: -10, to: baselineOn))
            let ratifiedAt = proposedAt.addingTimeInterval(7 * day)
            try batch.row(ValueMetricRow(
                id: metricID, initiativeID: initiativeID, status: ValueMetricStatus.ratified.rawValue, definitionID: definitionID,
                latestVersion: 1, proposedBy: proposer, createdAt: proposedAt))
            let method = "Measured from the responsible party's systems and checked by another party, \(cadence.label.lowercased())."
            try batch.row(ValueMetricDefinitionRow(
                id: definitionID, metricID: metricID, version: 1, status: ValueMetricStatus.ratified.rawValue, decisionID: nil, name: name,
                unit: unit, direction: (lower ? MetricDirection.lowerIsBetter : .higherIsBetter).rawValue, baselineValue: Charts.number(baseline),
                baselineOn: baselineOn.description, targetValue: Charts.number(target), targetBy: targetBy.description, method: method,
                cadence: cadence.rawValue, responsibleOrganizationID: responsible, objectiveIDs: "[]", proposedBy: proposer,
                proposedAt: proposedAt, decidedAt: ratifiedAt))
            event(proposedAt, .valueMetricProposed, metricID, [
                "name": .string(name), "unit": .string(unit), "version": .int(1), "cadence": .string(cadence.rawValue),
                "baselineValue": .string(Charts.number(baseline)), "targetValue": .string(Charts.number(target)), "organizationId": .id(responsible),
            ])
            event(ratifiedAt, .valueMetricRatified, metricID, ["name": .string(name), "version": .int(1), "definitionId": .id(definitionID)])
            var on = cadence.next(after: baselineOn)
            var index = 0
            while on <= today {
                let id = random.uuid()
                let recorder = recorders[Int(random.next() % UInt64(recorders.count))]
                let share = 0.6 * Double(CalendarArithmetic.days(from: baselineOn, to: on)) / Double(CalendarArithmetic.days(from: baselineOn, to: today))
                let noise = Double(Int(random.next() % 21) - 10) / 1000
                let value = ((baseline + (target - baseline) * (share + noise)) * 10).rounded() / 10
                let at = instant(on)
                try batch.row(ValueMeasurementRow(
                    id: id, metricID: metricID, initiativeID: initiativeID, value: Charts.number(value), measuredOn: on.description,
                    source: "Programme systems", evidence: "Monthly data pack", correctsID: nil, recordedBy: recorder.person,
                    recorderOrganizationID: responsible, confirmed: false, recordedAt: at))
                event(at, .measurementRecorded, id, [
                    "metricId": .id(metricID), "name": .string(name), "unit": .string(unit), "value": .string(Charts.number(value)),
                    "on": .string(on.description), "source": .string("Programme systems"), "evidence": .string("Monthly data pack"),
                    "organizationId": .id(responsible),
                ])
                // Most are attested within days; one in twelve is disputed; the latest stay pending.
                if on < CalendarArithmetic.adding(days: -14, to: today) {
                    let attester = attesters[Int(random.next() % UInt64(attesters.count))]
                    let disputed = random.next() % 12 == 0
                    let verdictAt = at.addingTimeInterval(2 * day)
                    let reason = disputed ? disputes[index % disputes.count] : ""
                    try batch.row(ValueVerdictRow(
                        id: random.uuid(), measurementID: id, initiativeID: initiativeID, organizationID: attester.organization,
                        personID: attester.person, verdict: (disputed ? MeasurementVerdict.dispute : .attest).rawValue, reason: reason, at: verdictAt))
                    var change: [String: JSONValue] = [
                        "metricId": .id(metricID), "name": .string(name), "organizationId": .id(attester.organization),
                        "verdict": .string(disputed ? "dispute" : "attest"),
                    ]
                    if disputed { change["reason"] = .string(reason) }
                    event(verdictAt, disputed ? .measurementDisputed : .measurementAttested, id, change)
                }
                on = cadence.next(after: on)
                index += 1
            }
        }
        // The log tells the story in the order it happened.
        for draft in timeline.enumerated().sorted(by: { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }).map(\.element.1) {
            batch.event(draft.log, draft.action, draft.objectID, draft.change)
        }
        try await batch.write(app)
        return batch.eventCount
    }
}

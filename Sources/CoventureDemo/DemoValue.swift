import CoventureCore
import CoventureServer
import Foundation
import Vapor

/// The demo's value metrics (issue #14), in the joint venture (GreenGrid Climate Finance): five metrics ratified by the
/// reserved matter with a year of measurements recorded by the responsible party, most attested by another party and
/// some disputed with a reason; one weekly metric overdue; one metric proposed and awaiting its decision. Told through
/// `ValueStore` and `DecisionStore` as people would do it.
enum DemoValue {
    struct Metric {
        var name: String
        var unit: String
        var direction: MetricDirection
        var baseline: Double
        var target: Double
        var method: String
        var cadence: MeasurementCadence
        var recorder: String
        var attester: String
        /// Measurement indexes (oldest first) the attester's party disputes instead.
        var disputed: [Int: String]
        /// Days since the latest measurement (a weekly metric three weeks behind is overdue).
        var behindDays: Int = 0
    }

    static func load(into app: Application, people byEmail: [String: SignedInPerson], venture: UUID, now: Date = Date()) async throws {
        func person(_ email: String) -> SignedInPerson { byEmail[email]! }
        let dana = person(DemoData.ownerAdminEmail), marcus = person(DemoData.partnerAdminEmail), nadia = person("nadia.haddad@quarry.example")
        let store = ValueStore(db: app.db, recorder: app.recorder)
        let decisions = DecisionStore(db: app.db, recorder: app.recorder)
        guard let reserved = try await DecisionReader(db: app.db).types(venture).first(where: \.reserved) else { return }
        let utc = TimeZone(identifier: "UTC")!
        let today = CalendarDate(now, in: utc)
        let baselineOn = CalendarArithmetic.adding(months: -13, to: today)
        let targetBy = CalendarArithmetic.adding(months: 24, to: today)
        let metrics = [
            Metric(name: "Homes retrofitted", unit: "homes", direction: .higherIsBetter, baseline: 0, target: 1200,
                   method: "Count of retrofit completion certificates lodged with the regional energy agency", cadence: .monthly,
                   recorder: "priya.nair@northbridge.example", attester: "raj.patel@helio.example",
                   disputed: [7: "The agency's register shows 412 certificates for that month, not 468: 56 are still awaiting inspection."]),
            Metric(name: "Grid connection lead time", unit: "days", direction: .lowerIsBetter, baseline: 120, target: 45,
                   method: "Median days from a complete application to energization, from the grid operator's monthly export", cadence: .monthly,
                   recorder: "raj.patel@helio.example", attester: "priya.nair@northbridge.example",
                   disputed: [10: "The export leaves out the 31 rural connections still pending; with them the median is 78 days."]),
            Metric(name: "CO₂ avoided", unit: "tCO₂e", direction: .higherIsBetter, baseline: 0, target: 5000,
                   method: "Modelled from metered generation and the national grid's emission factor, audited each quarter", cadence: .quarterly,
                   recorder: "omar.farouk@quarry.example", attester: "priya.nair@northbridge.example", disputed: [:]),
            Metric(name: "Green loan default rate", unit: "%", direction: .lowerIsBetter, baseline: 4.5, target: 2.5,
                   method: "Loans 90+ days in arrears over green loans outstanding, from the bank's credit system at month end", cadence: .monthly,
                   recorder: "priya.nair@northbridge.example", attester: "omar.farouk@quarry.example",
                   disputed: [11: "This month excludes the restructured loans; counted as the method says, the rate is 3.4 %."]),
            Metric(name: "Installer jobs created", unit: "jobs", direction: .higherIsBetter, baseline: 0, target: 300,
                   method: "Full-time equivalents on the accredited installers' payrolls, from their weekly returns", cadence: .weekly,
                   recorder: "omar.farouk@quarry.example", attester: "raj.patel@helio.example", disputed: [:], behindDays: 21),
        ]
        for metric in metrics {
            let recorder = person(metric.recorder), attester = person(metric.attester)
            let proposed = try await store.propose(
                venture, request(metric, baselineOn: baselineOn, targetBy: targetBy, responsible: recorder.organizationID, type: reserved.id),
                by: recorder.actor)
            guard let decisionID = proposed.decisionId else { continue }
            for admin in [dana, marcus, nadia] { _ = try await decisions.vote(decisionID, VoteRequest(position: "yes"), by: admin) }
            _ = try await decisions.close(decisionID, by: dana.actor)
            // A year of measurements at the metric's cadence, the latest `behindDays` ago.
            let last = CalendarArithmetic.adding(days: -metric.behindDays, to: today)
            var days: [CalendarDate] = []
            var day = last
            while day > baselineOn {
                days.insert(day, at: 0)
                day = switch metric.cadence {
                case .weekly: CalendarArithmetic.adding(days: -7, to: day)
                case .monthly: CalendarArithmetic.adding(months: -1, to: day)
                case .quarterly: CalendarArithmetic.adding(months: -3, to: day)
                }
            }
            days = Array(days.suffix(metric.cadence == .weekly ? 52 : metric.cadence == .monthly ? 12 : 4))
            for (index, on) in days.enumerated() {
                // A steady climb toward about 40 % of the way, with a little noise.
                let share = 0.4 * Double(index + 1) / Double(days.count)
                let wobble = [0.0, 0.012, -0.008, 0.005][index % 4]
                let value = metric.baseline + (metric.target - metric.baseline) * (share + wobble)
                let rounded = (value * 10).rounded() / 10
                let recorded = try await store.record(
                    proposed.id,
                    MeasurementRequest(value: NumberInput(Charts.number(rounded)), on: on.description, source: source(metric),
                                       evidence: "Monthly pack \(on.description.prefix(7)), shared in the partners' data room", confirmed: true),
                    by: recorder.actor)
                if let reason = metric.disputed[index] {
                    _ = try await store.verdict(recorded.id, VerdictRequest(verdict: "dispute", reason: reason), by: attester.actor)
                } else if index < days.count - 2 {
                    // The latest two are still pending: the other party has not got to them yet.
                    _ = try await store.verdict(recorded.id, VerdictRequest(verdict: "attest"), by: attester.actor)
                }
            }
        }
        // Proposed and awaiting its decision.
        let raj = person("raj.patel@helio.example")
        _ = try await store.propose(
            venture,
            ValueMetricRequest(
                name: "Household energy bill savings", unit: "EUR per year", direction: "higherIsBetter",
                baseline: ValuePointInput(value: NumberInput("0"), on: today.description),
                target: ValuePointInput(value: NumberInput("350"), by: targetBy.description),
                method: "Median change in annual bills of retrofitted homes, from the suppliers' anonymised billing data", cadence: "quarterly",
                responsibleOrganizationId: raj.organizationID, typeId: reserved.id),
            by: raj.actor)
    }

    static func source(_ metric: Metric) -> String {
        switch metric.recorder {
        case "priya.nair@northbridge.example": "Northbridge credit and programme systems"
        case "raj.patel@helio.example": "Grid operator export"
        default: "Quarry Labs impact model"
        }
    }

    static func request(_ metric: Metric, baselineOn: CalendarDate, targetBy: CalendarDate, responsible: UUID, type: UUID) -> ValueMetricRequest {
        ValueMetricRequest(
            name: metric.name, unit: metric.unit, direction: metric.direction.rawValue,
            baseline: ValuePointInput(value: NumberInput(Charts.number(metric.baseline)), on: baselineOn.description),
            target: ValuePointInput(value: NumberInput(Charts.number(metric.target)), by: targetBy.description), method: metric.method,
            cadence: metric.cadence.rawValue, responsibleOrganizationId: responsible, typeId: type)
    }
}

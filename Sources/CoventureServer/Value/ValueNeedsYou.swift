import CoventureCore
import Fluent
import Foundation
import SQLKit

/// Value metrics on the "Needs you" page (issue #14): a metric in force that the person's party measures, whose next
/// measurement by its cadence is overdue. For the party's members who record (not its observers).
struct ValueNeedsYou: NeedsYouSource {
    func lines(for viewer: NeedsYouViewer, on db: any Database) async throws -> [NeedsYouLine] {
        let recording = viewer.initiatives.filter {
            AccessPolicy.decide(.recordMeasurement, for: InitiativeViewer(personID: viewer.personID, membership: $0.membership)) == .allow
        }.map(\.id)
        guard !recording.isEmpty else { return [] }
        // One statement whatever the number of initiatives and metrics: the definition in force and the latest day
        // measured (a corrected measurement's day counts too: the party did measure then).
        let rows = try await SQLLists.rows(db, "m.initiative_id", in: recording) { inList in """
            SELECT m.id, m.initiative_id, d.name, d.cadence, d.baseline_on,
                (SELECT MAX(v.measured_on) FROM value_measurements v WHERE v.metric_id = m.id) AS last_on
            FROM value_metrics m JOIN value_metric_definitions d ON d.id = m.definition_id
            WHERE \(inList) AND d.responsible_organization_id = \(bind: viewer.organizationID)
            ORDER BY m.created_at, m.id
            """ }
        let today = viewer.today
        return try rows.compactMap { row -> NeedsYouLine? in
            let cadence = try MeasurementCadence(stored: try row.decode(column: "cadence", as: String.self), column: "value_metric_definitions.cadence")
            let baselineText = try row.decode(column: "baseline_on", as: String.self)
            guard let baselineOn = try? CalendarDate(parsing: baselineText) else {
                throw StoredValueError(column: "value_metric_definitions.baseline_on", value: baselineText)
            }
            let last = try row.decode(column: "last_on", as: String?.self).flatMap { try? CalendarDate(parsing: $0) }
            let due = MeasurementSchedule.nextDue(lastMeasuredOn: last, baselineOn: baselineOn, cadence: cadence)
            guard MeasurementSchedule.isOverdue(nextDue: due, today: today) else { return nil }
            let initiativeID = try row.decode(column: "initiative_id", as: UUID.self)
            let metricID = try row.decode(column: "id", as: UUID.self)
            return NeedsYouLine(
                kind: .valueMeasurementOverdue, initiativeID: initiativeID,
                sentence: [.text("A measurement of "), .name(try row.decode(column: "name", as: String.self)),
                           .text(", which your party measures \(cadence.label.lowercased()), was due \(HomeFormat.date(due)).")],
                link: SiteURL.valueMetric(.value(initiativeID), metric: .value(metricID)).path, when: nil)
        }
    }
}

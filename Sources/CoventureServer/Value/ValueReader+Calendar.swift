import CoventureCore
import Fluent
import Foundation
import SQLKit

extension ValueReader {
    /// When each of the initiatives' metrics in force is next due to be measured, by its cadence from its latest
    /// measurement or baseline (`MeasurementSchedule`, as the metric's page says; the calendar feed, issue #16).
    /// One statement per chunk of initiatives.
    func calendarItems(in initiatives: [UUID]) async throws -> [CalendarItem] {
        let rows = try await SQLLists.rows(db, "m.initiative_id", in: initiatives) { inList in """
            SELECT m.id, m.initiative_id, d.name, d.cadence, d.baseline_on,
                (SELECT MAX(v.measured_on) FROM value_measurements v WHERE v.metric_id = m.id) AS last_on
            FROM value_metrics m JOIN value_metric_definitions d ON d.id = m.definition_id
            WHERE \(inList)
            """ }
        return try rows.compactMap { row in
            guard let baseline = CalendarItem.day(try row.decode(column: "baseline_on", as: String.self)) else { return nil }
            let cadence = try MeasurementCadence(stored: try row.decode(column: "cadence", as: String.self), column: "value_metric_definitions.cadence")
            let last = CalendarItem.day(try row.decode(column: "last_on", as: String?.self))
            let id = try row.decode(column: "id", as: UUID.self), initiative = try row.decode(column: "initiative_id", as: UUID.self)
            return CalendarItem(
                kind: .measurementDue, subjectID: id, initiativeID: initiative,
                day: MeasurementSchedule.nextDue(lastMeasuredOn: last, baselineOn: baseline, cadence: cadence),
                title: try row.decode(column: "name", as: String.self), link: .valueMetric(.value(initiative), metric: .value(id)))
        }
    }
}

import CoventureCore
import Fluent
import Foundation
import SQLKit

/// The pulse on the "Needs you" page (issue #15): an open round of one of the person's initiatives that they have not
/// answered. Every member may answer, observers included.
struct PulseNeedsYou: NeedsYouSource {
    func lines(for viewer: NeedsYouViewer, on db: any Database) async throws -> [NeedsYouLine] {
        let answering = viewer.initiatives.filter {
            AccessPolicy.decide(.answerPulse, for: InitiativeViewer(personID: viewer.personID, membership: $0.membership)) == .allow
        }.map(\.id)
        guard !answering.isEmpty else { return [] }
        // One statement whatever the number of initiatives.
        let rows = try await SQLLists.rows(db, "r.initiative_id", in: answering) { inList in """
            SELECT r.id, r.initiative_id, r.number, r.closes_at FROM pulse_rounds r
            WHERE \(inList) AND r.closed_at IS NULL AND r.closes_at > \(bind: viewer.now)
            AND NOT EXISTS (SELECT 1 FROM pulse_participations x WHERE x.round_id = r.id AND x.person_id = \(bind: viewer.personID))
            ORDER BY r.closes_at, r.id
            """ }
        return try rows.map { row in
            let initiativeID = try row.decode(column: "initiative_id", as: UUID.self)
            let closesAt = try row.decode(column: "closes_at", as: Date.self)
            let number = try row.decode(column: "number", as: Int.self)
            return NeedsYouLine(
                kind: .pulseAwaitingYou, initiativeID: initiativeID,
                sentence: [.text("Pulse round \(number) awaits your answer (three questions, anonymous to people) until "),
                           .name(HomeFormat.date(CalendarDate(closesAt, in: TimeZone(identifier: "UTC")!))), .text(".")],
                link: SiteURL.pulse(.value(initiativeID)).path, when: closesAt)
        }
    }
}

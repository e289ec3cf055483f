import CoventureCore
import Fluent
import Foundation
import SQLKit

/// Practices on the "Needs you" page (issue #15): a practice or a new version of one that another party proposed and
/// that waits for a review, for the admins and leaders who may give it. (A practice past its review date shows through
/// the stream's health, `practiceReviewDue`; a newer version for a stream comes as a notification.)
struct PracticeNeedsYou: NeedsYouSource {
    func lines(for viewer: NeedsYouViewer, on db: any Database) async throws -> [NeedsYouLine] {
        let reviewing = viewer.initiatives.filter { $0.membership.role == .admin || $0.membership.role == .leader }.map(\.id)
        guard !reviewing.isEmpty else { return [] }
        // One statement whatever the number of initiatives and practices: the latest version of each, if in review.
        let rows = try await SQLLists.rows(db, "p.initiative_id", in: reviewing) { inList in """
            SELECT p.id, p.initiative_id, v.name, v.version, v.proposer_organization_id, o.name AS proposer_name
            FROM practices p JOIN practice_versions v ON v.practice_id = p.id AND v.version = p.latest_version
            LEFT JOIN organizations o ON o.id = v.proposer_organization_id
            WHERE \(inList) AND v.status = \(bind: PracticeStatus.inReview.rawValue)
            ORDER BY v.proposed_at, p.id
            """ }
        return try rows.compactMap { row -> NeedsYouLine? in
            let initiativeID = try row.decode(column: "initiative_id", as: UUID.self)
            let proposer = try row.decode(column: "proposer_organization_id", as: UUID?.self)
            guard AccessPolicy.decide(.reviewPractice(proposerOrganizationID: proposer), for: viewer.viewer(in: initiativeID)) == .allow else {
                return nil
            }
            let version = try row.decode(column: "version", as: Int.self)
            let who = try row.decode(column: "proposer_name", as: String?.self) ?? "Another party"
            return NeedsYouLine(
                kind: .practiceAwaitingReview, initiativeID: initiativeID,
                sentence: version == 1
                    ? [.text("\(who) contributed the practice "), .name(try row.decode(column: "name", as: String.self)),
                       .text(": another party's review lets streams adopt it.")]
                    : [.text("\(who) proposed version \(version) of "), .name(try row.decode(column: "name", as: String.self)),
                       .text(": another party's review puts it in force.")],
                link: SiteURL.practice(.value(initiativeID), practice: .value(try row.decode(column: "id", as: UUID.self))).path + "#review",
                when: nil)
        }
    }
}

import CoventureCore
import Fluent
import Foundation
import SQLKit

/// Decisions on the "Needs you" page and the register: the open decisions a person may vote on and has not yet,
/// soonest closing first, and closed advice waiting for their outcome when they are an owner admin.
struct DecisionNeedsYou: NeedsYouSource {
    struct Awaiting: Sendable {
        var decisionID: UUID
        var initiativeID: UUID
        var title: String
        var closesAt: Date?
        /// Advice closed, waiting for the owner's outcome (not a vote).
        var outcome: Bool
    }

    func lines(for viewer: NeedsYouViewer, on db: any Database) async throws -> [NeedsYouLine] {
        try await Self.awaiting(person: viewer.personID, initiativeIDs: viewer.initiativeIDs, memberships: viewer.initiatives, on: db).map { item in
            let link = SiteURL.decision(.value(item.initiativeID), decision: .value(item.decisionID)).path
            if item.outcome {
                return NeedsYouLine(
                    kind: .decisionAwaitingYou, initiativeID: item.initiativeID,
                    sentence: [.text("The advice on "), .name(item.title), .text(" has closed: record the outcome.")], link: link,
                    when: item.closesAt)
            }
            return NeedsYouLine(
                kind: .decisionAwaitingYou, initiativeID: item.initiativeID,
                sentence: [.text("Your vote on "), .name(item.title)]
                    + (item.closesAt.map { [.text(", closing \(Display.dateTime($0)).")] } ?? [.text(".")]),
                link: link, when: item.closesAt)
        }
    }

    /// One statement for the open decisions and one for the closed advice, whatever the number of initiatives.
    static func awaiting(
        person: UUID, initiativeIDs: [UUID], memberships: [NeedsYouViewer.Initiative]? = nil, on db: any Database
    ) async throws -> [Awaiting] {
        guard !initiativeIDs.isEmpty else { return [] }
        let sql = db as! any SQLDatabase
        // The person's role in each initiative decides which types they vote on.
        var roles: [UUID: InitiativeViewer.Membership] = [:]
        if let memberships {
            for membership in memberships { roles[membership.id] = membership.membership }
        } else {
            for id in initiativeIDs {
                if let membership = try await Policy.viewer(personID: person, initiativeID: id, on: db).membership { roles[id] = membership }
            }
        }
        let open = try await SQLLists.rows(db, "d.initiative_id", in: initiativeIDs) { inList in """
            SELECT d.id, d.initiative_id, d.title, d.closes_at, d.rules FROM decisions d
            WHERE \(inList) AND d.status = \(bind: DecisionStatus.open.rawValue)
            AND NOT EXISTS (SELECT 1 FROM decision_votes v WHERE v.decision_id = d.id AND v.person_id = \(bind: person))
            ORDER BY d.closes_at, d.id
            """ }
        let advice = try await SQLLists.rows(db, "d.initiative_id", in: initiativeIDs) { inList in """
            SELECT d.id, d.initiative_id, d.title, d.closed_at AS closes_at, d.rules FROM decisions d
            WHERE \(inList) AND d.status = \(bind: DecisionStatus.closed.rawValue) AND d.result IS NULL ORDER BY d.closed_at, d.id
            """ }
        func item(_ row: any SQLRow, outcome: Bool) throws -> (Awaiting, DecisionRules)? {
            let text = try row.decode(column: "rules", as: String.self)
            let rules = try DecisionRules(stored: text)
            return (Awaiting(
                decisionID: try row.decode(column: "id", as: UUID.self), initiativeID: try row.decode(column: "initiative_id", as: UUID.self),
                title: try row.decode(column: "title", as: String.self), closesAt: try row.decode(column: "closes_at", as: Date?.self),
                outcome: outcome), rules)
        }
        let votes = try open.compactMap { try item($0, outcome: false) }.filter { entry, rules in
            guard let membership = roles[entry.initiativeID] else { return false }
            return AccessPolicy.decide(.voteOnDecision(voters: rules.voters), for: InitiativeViewer(personID: person, membership: membership)) == .allow
        }
        let outcomes = try advice.compactMap { try item($0, outcome: true) }.filter { entry, _ in
            guard let membership = roles[entry.initiativeID] else { return false }
            return AccessPolicy.decide(.decideAfterAdvice, for: InitiativeViewer(personID: person, membership: membership)) == .allow
        }
        return (outcomes + votes).map(\.0)
    }
}

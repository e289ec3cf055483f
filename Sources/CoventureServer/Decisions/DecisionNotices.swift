import CoventureCore
import Fluent
import Foundation
import SQLKit

/// The in-app notifications decisions send, written inside the change's transaction (`Notifications.send`): a
/// decision opened to me, a decision I voted on changed, closing within 24 h and I have not voted, an outcome sealed.
enum DecisionNotices {
    static func link(_ initiativeID: UUID, _ decisionID: UUID) -> String {
        SiteURL.decision(.value(initiativeID), decision: .value(decisionID)).path
    }

    static func opened(decisionID: UUID, initiativeID: UUID, title: String, people: Set<UUID>, on db: any Database, at now: Date) async throws {
        try await Notifications.send(people.sorted { $0.uuidString < $1.uuidString }.map { person in
            NotificationDraft(
                personID: person, initiativeID: initiativeID, kind: .decisionOpened, subjectID: decisionID,
                message: "“\(title)” is open for your vote.", link: link(initiativeID, decisionID),
                dedupeKey: "decision-opened:\(decisionID.uuidString.lowercased())")
        }, on: db, at: now)
    }

    static func changed(decisionID: UUID, initiativeID: UUID, title: String, version: Int, people: Set<UUID>, on db: any Database, at now: Date) async throws {
        try await Notifications.send(people.sorted { $0.uuidString < $1.uuidString }.map { person in
            NotificationDraft(
                personID: person, initiativeID: initiativeID, kind: .decisionChanged, subjectID: decisionID,
                message: "“\(title)”, which you voted on, changed (version \(version)): confirm or change your vote.",
                link: link(initiativeID, decisionID), dedupeKey: "decision-changed:\(decisionID.uuidString.lowercased()):\(version)")
        }, on: db, at: now)
    }

    /// Advice closed: the owning organization's admins record the outcome.
    static func awaitingOutcome(_ decision: DecisionRow, facts: DecisionReader.Facts, on db: any Database, at now: Date) async throws {
        guard let owner = facts.owner else { return }
        let id = decision.id
        let admins = try await (db as! any SQLDatabase).raw("""
            SELECT person_id FROM members WHERE initiative_id = \(bind: decision.initiativeID) AND party_id = \(bind: owner.partyID)
            AND role = \(bind: MemberRole.admin.rawValue)
            """).all().map { try $0.decode(column: "person_id", as: UUID.self) }
        try await Notifications.send(admins.map { person in
            NotificationDraft(
                personID: person, initiativeID: decision.initiativeID, kind: .decisionSealed, subjectID: id,
                message: "The advice on “\(decision.title)” has closed: record the outcome, answering every objection.",
                link: link(decision.initiativeID, id), dedupeKey: "decision-awaiting:\(id.uuidString.lowercased())")
        }, on: db, at: now)
    }

    /// Everyone who voted, and the author, hear the outcome.
    static func sealed(_ decision: DecisionRow, number: String, result: DecisionResult, on db: any Database, at now: Date) async throws {
        let id = decision.id
        let voters = try await DecisionVoteRow.all(db, where: "decision_id = \(bind: id) AND is_current = \(bind: true)").map(\.personID)
        let people = Set(voters + [decision.authorID])
        try await Notifications.send(people.sorted { $0.uuidString < $1.uuidString }.map { person in
            NotificationDraft(
                personID: person, initiativeID: decision.initiativeID, kind: .decisionSealed, subjectID: id,
                message: "“\(decision.title)” is sealed as \(number): \(result.label.lowercased()).",
                link: link(decision.initiativeID, id), dedupeKey: "decision-sealed:\(id.uuidString.lowercased())")
        }, on: db, at: now)
    }

    /// Open decisions closing within 24 hours: each eligible voter who has not voted hears it once.
    static func closingSoon(on db: any Database, at now: Date) async throws -> [NotificationDraft] {
        let sql = db as! any SQLDatabase
        let soon = try await sql.raw("""
            SELECT id, initiative_id, title, rules FROM decisions WHERE status = \(DecisionStore.openLiteral)
            AND closes_at > \(bind: now) AND closes_at <= \(bind: now.addingTimeInterval(86_400))
            """).all()
        var drafts: [NotificationDraft] = []
        let reader = DecisionReader(db: db)
        for row in soon {
            let id = try row.decode(column: "id", as: UUID.self)
            let initiativeID = try row.decode(column: "initiative_id", as: UUID.self)
            let title = try row.decode(column: "title", as: String.self)
            let rulesText = try row.decode(column: "rules", as: String.self)
            let rules = try DecisionRules(stored: rulesText)
            let eligible = Set((try await reader.voters(initiativeID)[rules.voters] ?? [:]).keys)
            let voted = Set(try await DecisionVoteRow.all(db, where: "decision_id = \(bind: id)").map(\.personID))
            for person in eligible.subtracting(voted).sorted(by: { $0.uuidString < $1.uuidString }) {
                drafts.append(NotificationDraft(
                    personID: person, initiativeID: initiativeID, kind: .decisionClosingSoon, subjectID: id,
                    message: "“\(title)” closes within 24 hours and you have not voted.", link: link(initiativeID, id),
                    dedupeKey: "decision-closing:\(id.uuidString.lowercased())"))
            }
        }
        return drafts
    }
}

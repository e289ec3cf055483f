import CoventureCore
import Foundation
import Fluent
import Plot

/// The decisions panel of the initiative overview: what awaits the viewer's vote (or outcome), and every deadlock
/// with the ladder step that is up and who is up.
enum DecisionOverviewPanel {
    struct Deadlocked: Sendable {
        var id: UUID
        var title: String
        var number: String?
        var position: DeadlockPosition
        var people: [String]
    }

    struct Model: Sendable {
        var awaiting: [DecisionNeedsYou.Awaiting]
        var deadlocks: [Deadlocked]
    }

    static func render(_ initiativeID: UUID, _ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .class("panel decisions-panel"),
            .h2(.id("decisions"), .plain("Decisions")),
            model.awaiting.isEmpty
                ? .p(.class("muted"), .plain("Nothing awaits your vote."))
                : .ul(.class("awaiting"), .forEach(model.awaiting) { item in
                    .li(.a(.link(.decision(.value(initiativeID), decision: .value(item.decisionID))), .plain(item.title)),
                        .plain(item.outcome ? " · the advice has closed: record the outcome"
                               : " · awaiting your vote" + (item.closesAt.map { ", closes \(Display.dateTime($0))" } ?? "")))
                }),
            .forEach(model.deadlocks) { deadlock in
                .p(.class("alert danger deadlock"),
                   .strong(.plain("Deadlock: ")),
                   .a(.link(.decision(.value(initiativeID), decision: .value(deadlock.id))),
                      .plain((deadlock.number.map { $0 + " " } ?? "") + deadlock.title)),
                   .plain(" is at step \(deadlock.position.step), \(deadlock.position.name), since \(Display.date(deadlock.position.upSince)); up: "
                          + (deadlock.people.isEmpty ? "nobody named yet" : deadlock.people.joined(separator: ", ")) + "."))
            },
            .p(.a(.link(.decisions(.value(initiativeID))), .plain("The decision register")))
        )
    }

    /// The panel's model for one viewer: two statements for what awaits them, one (plus the ladder) for deadlocks.
    static func model(initiativeID: UUID, viewer: InitiativeViewer, members: [MemberDTO], now: Date, on db: any Database) async throws -> Model {
        let memberships = viewer.membership.map { [NeedsYouViewer.Initiative(id: initiativeID, name: "", membership: $0)] } ?? []
        let awaiting = try await DecisionNeedsYou.awaiting(person: viewer.personID, initiativeIDs: [initiativeID], memberships: memberships, on: db)
        let names = Dictionary(members.map { ($0.personId, $0.name) }, uniquingKeysWith: { a, _ in a })
        let deadlocks = try await DecisionReader(db: db).deadlocks(initiativeID, now: now).map { record, position in
            Deadlocked(id: record.id, title: record.title, number: record.number.map(DecisionNumber.format), position: position,
                       people: position.people.map { names[$0] ?? "a member" })
        }
        return Model(awaiting: awaiting, deadlocks: deadlocks)
    }
}

import CoventureCore
import Foundation
import Plot

/// My work → key results → objectives → each party's own objectives, with progress at every step.
enum LineOfSightPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var sight: LineOfSightDTO
        var members: [MemberDTO]
        var isSelf: Bool
        /// What staleness is measured against.
        var now = Date()
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let sight = model.sight
        let objectives = Dictionary(uniqueKeysWithValues: sight.objectives.map { ($0.id, $0) })
        let whose = model.isSelf ? "My" : "\(sight.personName)'s"
        return Layout.page(
            "Line of sight · \(model.initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(model.initiative.id))), .plain("← " + model.initiative.name))),
            InitiativeNav.render(model.initiative, current: .lineOfSight),
            .section(
                .class("panel"),
                .h1(.plain("\(whose) line of sight")),
                .p(.class("muted"), .plain("How \(model.isSelf ? "your" : "this person's") work moves the initiative's objectives, and through them each party's own objectives.")),
                .form(
                    .class("inline"), .safe("method", "get"), .safe("action", SiteURL.lineOfSight(.value(model.initiative.id)).path),
                    Forms.select("Whose", name: "person", options: model.members.map { ($0.personId.uuidString.lowercased(), "\($0.name) (\($0.organizationName))") },
                                 selected: sight.personId.uuidString.lowercased()),
                    .button(.safe("type", "submit"), .class("secondary"), .plain("Show"))
                )
            ),
            workPanel(sight),
            .section(
                .class("panel"), .id("chains"),
                .h2(.plain("Key results and what they move")),
                sight.keyResults.isEmpty
                    ? .p(.class("muted"), .plain(model.isSelf
                        ? "You own no key results or objectives, and none of your work items is linked to a key result yet."
                        : "\(sight.personName) owns no key results or objectives and has no work item linked to a key result yet."))
                    : .ul(.class("chains"), .forEach(sight.keyResults) { chain($0, sight: sight, objectives: objectives, now: model.now) })
            )
        )
    }

    static func workPanel(_ sight: LineOfSightDTO) -> Node<HTML.BodyContext> {
        .section(
            .class("panel"), .id("work"),
            .h2(.plain("Work")),
            sight.workstreams.isEmpty
                ? .p(.class("muted"), .plain("Not in any workstream of this initiative."))
                : .ul(.class("streams"), .forEach(sight.workstreams) { stream in
                    .li(.plain(stream.name), .span(.class("meta"), .plain(" · \(stream.kind) · \(stream.commitment)\u{00A0}%" + (stream.isLeader ? " · stream leader" : ""))))
                }),
            sight.workItems.isEmpty
                ? .p(.class("muted"), .plain("No work items."))
                : .ul(.class("work-items"), .forEach(sight.workItems) { item in
                    .li(.span(.safe("class", "badge status-\(item.status)"), .plain(item.status)), .plain(" \(item.title)"),
                        .span(.class("meta"), .plain(" — \(item.workstreamName)")))
                })
        )
    }

    /// One key result and everything above it: its objective, that objective's parents, and the parties' objectives.
    static func chain(_ keyResult: KeyResultDTO, sight: LineOfSightDTO, objectives: [UUID: ObjectiveDTO], now: Date) -> Node<HTML.ListContext> {
        let items = sight.workItems.filter { $0.keyResultId == keyResult.id }
        var path: [ObjectiveDTO] = []
        var seen: Set<UUID> = []
        var next: UUID? = keyResult.objectiveId
        while let id = next, let objective = objectives[id], seen.insert(id).inserted {
            path.append(objective)
            next = objective.parentId
        }
        let partyObjectives = path.flatMap { objective in
            objective.alignments.filter(\.parentIsOrganizationObjective).compactMap { link in objectives[link.parentId].map { (link, $0) } }
        }
        return .li(
            .class("chain"),
            .if(!items.isEmpty, .div(.class("step work"), .span(.class("label"), .plain("Work")), .ul(.forEach(items) { item in
                .li(.plain(item.title), .span(.class("meta"), .plain(" (\(item.status), \(item.workstreamName))")))
            }))),
            .div(.class("step"), .span(.class("label"), .plain("Key result")), OKRViews.keyResultLine(keyResult, now: now)),
            .forEach(path) { objective in
                .div(
                    .class("step"), .span(.class("label"), .plain("Objective")),
                    .a(.link(.objective(.value(objective.id))), .plain(objective.title)),
                    Charts.progressBar(objective.rolledUpProgress, label: objective.title),
                    .span(.class("meta"), .plain(" \(objective.organizationName)"))
                )
            },
            partyObjectives.isEmpty
                ? .div(.class("step muted"), .plain("Aligned to no party's own objective yet."))
                : .div(.class("step party"), .span(.class("label"), .plain("Parties' objectives")), .ul(.forEach(partyObjectives) { link, objective in
                    .li(
                        .span(.class("badge \(link.kind.rawValue)"), .plain(link.kind.label)), .plain(" "),
                        .a(.link(.objective(.value(objective.id))), .plain(objective.title)),
                        Charts.progressBar(objective.rolledUpProgress, label: objective.title),
                        .span(.class("meta"), .plain(" \(objective.organizationName)"))
                    )
                }))
        )
    }
}

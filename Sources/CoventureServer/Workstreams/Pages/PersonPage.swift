import CoventureCore
import Foundation
import Plot

/// A person in an initiative: their streams, commitment, work items and the key results they move.
enum PersonPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var member: MemberDTO
        var work: PersonStreamWork
        /// The streams of this initiative the person is in.
        var streams: [WorkstreamDTO]
        /// Across the open streams (forming, active, sunsetting) of every initiative.
        var totalCommitment: Int
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative, member = model.member
        let krTitles = Dictionary(model.streams.flatMap(\.keyResults).map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let over = model.totalCommitment > WorkstreamHealth.maximumTotalCommitment
        return Layout.page(
            "\(member.name) · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(initiative.id))), .plain("← " + initiative.name))),
            .section(
                .class("panel"),
                .h1(.plain(member.name)),
                .p(.class("meta"), .a(.link(.organization(.value(member.organizationId))), .plain(member.organizationName)),
                   .span(.class("badge role-\(member.role.rawValue)"), .plain(member.role.label))),
                .p(.class(over ? "alert warning total-commitment" : "total-commitment"),
                   .plain("Total commitment across open workstreams: " + WorkstreamComponents.percent(model.totalCommitment)
                          + (over ? " — more than all of their time" : "")),
                   .span(.class("muted"), .plain(" (forming, active and sunsetting streams of every initiative: planned time counts)")))
            ),
            .section(
                .class("panel"),
                .h2(.plain("Workstreams")),
                model.work.streams.isEmpty
                    ? .p(.class("muted"), .plain("Not in any workstream of this initiative."))
                    : .table(
                        .thead(.tr(.th(.plain("Workstream")), .th(.plain("Kind")), .th(.plain("Place")), .th(.plain("Commitment")))),
                        .tbody(.forEach(model.work.streams) { stream in
                            .tr(
                                .td(.safe("data-label", "Workstream"),
                                    .a(.link(.workstream(.value(initiative.id), stream: .value(stream.workstreamId))), .plain(stream.name))),
                                .td(.safe("data-label", "Kind"), .plain(stream.kind.label)),
                                .td(.safe("data-label", "Place"), .plain(stream.isLeader ? "Stream leader" : role(model, stream.workstreamId))),
                                .td(.safe("data-label", "Commitment"), .class("commitment"), .plain(WorkstreamComponents.percent(stream.commitment)))
                            )
                        })
                    )
            ),
            .section(
                .class("panel"),
                .h2(.plain("Work items")),
                model.work.workItems.isEmpty
                    ? .p(.class("muted"), .plain("No work items."))
                    : .ul(.class("work-items"), .forEach(model.work.workItems) { item in
                        .li(.strong(.plain(item.title)), .span(.class("badge"), .plain(item.status.label)),
                            .plain(" in \(item.workstreamName)"),
                            .unwrap(item.keyResultId) { .plain(" → moves " + (krTitles[$0] ?? "a key result")) })
                    })
            ),
            .section(
                .class("panel"),
                .h2(.plain("Key results they move")),
                WorkstreamComponents.keyResults(keyResultsMoved(model))
            )
        )
    }

    static func role(_ model: Model, _ streamID: UUID) -> String {
        model.streams.first { $0.id == streamID }?.assignments.first { $0.personId == model.member.personId }?.role ?? ""
    }

    /// The key results of their work items, and of the streams they lead.
    static func keyResultsMoved(_ model: Model) -> [StreamKeyResultDTO] {
        let all = model.streams.flatMap(\.keyResults)
        let ids = Set(model.work.workItems.compactMap(\.keyResultId))
        var seen = Set<UUID>()
        return all.filter { ids.contains($0.id) && seen.insert($0.id).inserted }
    }
}

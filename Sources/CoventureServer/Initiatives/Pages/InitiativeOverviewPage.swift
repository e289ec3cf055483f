import CoventureCore
import Foundation
import Plot

/// The initiative overview: purpose, governance, parties with stakes, members by party, activity.
enum InitiativeOverviewPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var members: [MemberDTO]
        var alignmentReport: AlignmentReportDTO
        var activity: [ActivityItem]
        var viewerRole: MemberRole
        var viewerIsOwnerAdmin: Bool
        var viewerIsAdmin: Bool
        var workstreams: [WorkstreamDTO] = []
        /// The initiative's objectives, so that an empty alignment report is not mistaken for a clean one.
        var objectiveCount: Int
        var decisions = DecisionOverviewPanel.Model(awaiting: [], deadlocks: [])
        /// The pulse's latest closed round, flagged when two parties diverge by a point or more (#15).
        var pulse: PulseDivergenceFlag? = nil
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative
        return Layout.page(
            initiative.name, context,
            InitiativeNav.render(initiative, current: .overview, showSettings: model.viewerIsOwnerAdmin),
            .section(
                .class("panel"),
                .h1(.plain(initiative.name)),
                .p(.class("meta"),
                   .span(.class("badge"), .plain(initiative.governance.label)),
                   .span(.class("badge status-\(initiative.status.rawValue)"), .plain(initiative.status.rawValue)),
                   .span(.plain("You are \(model.viewerRole.label.lowercased())"))),
                .h2(.plain("Purpose")),
                .p(.class("purpose"), .plain(initiative.purpose.isEmpty ? "No purpose written yet." : initiative.purpose))
            ),
            .div(
                .class("grid"),
                .section(.class("panel"), .h2(.plain("Parties")), parties(initiative)),
                .section(.class("panel"), .h2(.plain("Members by party")), membersByParty(model))
            ),
            OKRViews.reportPanel(model.alignmentReport, objectiveCount: model.objectiveCount, initiativeID: initiative.id),
            WorkstreamOverviewPanel.render(initiative.id, model.workstreams),
            DecisionOverviewPanel.render(initiative.id, model.decisions),
            .unwrap(model.pulse) { PulseComponents.divergenceFlag(initiative, $0) },
            .section(
                .class("panel"), .h2(.id("activity"), .plain("Activity")), ActivityList.render(model.activity, initiativeID: initiative.id),
                .p(.a(.link(.initiativeActivity(.value(initiative.id))), .plain("All activity")))
            )
        )
    }

    static func parties(_ initiative: InitiativeDTO) -> Node<HTML.BodyContext> {
        let stakeTotal = initiative.parties.compactMap { $0.stake.flatMap { try? Stake(percent: $0) }?.basisPoints }.reduce(0, +)
        let stakesIncomplete = initiative.governance == .jointVenture
            && (initiative.parties.contains { $0.stake == nil } || stakeTotal != Stake.whole.basisPoints)
        return .group(
            .table(
                .thead(.tr(.th(.plain("Organization")), .th(.plain("Role")), .if(initiative.governance == .jointVenture, .th(.plain("Stake"))))),
                .tbody(.forEach(initiative.parties) { party in
                    .tr(
                        .td(.safe("data-label", "Organization"), .a(.link(.organization(.value(party.organizationId))), .plain(party.organizationName))),
                        .td(.safe("data-label", "Role"), .plain(party.kind == .owner ? "Owner" : "Partner")),
                        .if(initiative.governance == .jointVenture, .td(.safe("data-label", "Stake"), .class("stake"),
                                                                         .plain(party.stake.map { "\($0)\u{00A0}%" } ?? "not set")))
                    )
                })
            ),
            .if(stakesIncomplete, .p(.class("alert warning"), .plain("The stakes do not cover every party or do not sum to 100 %; the owner's admins must set them in Settings.")))
        )
    }

    static func membersByParty(_ model: Model) -> Node<HTML.BodyContext> {
        .forEach(model.initiative.parties) { party in
            let members = model.members.filter { $0.partyId == party.id }
            return .div(
                .class("party"),
                .h3(.plain(party.organizationName)),
                members.isEmpty
                    ? .p(.class("muted"), .plain("No members yet."))
                    : .ul(.class("people"), .forEach(members) { member in
                        .li(.plain(member.name), .span(.class("badge role-\(member.role.rawValue)"), .plain(member.role.label)))
                    })
            )
        }
    }
}

import CoventureCore
import Foundation
import Plot

/// The workstream map: the joint team's themes, streams and experiences, and the form to start one.
enum WorkstreamMapPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var streams: [WorkstreamDTO]
        var canCreate: Bool
        /// Members who may lead a stream (observers only read).
        var candidates: [MemberDTO]
        var values: [String: String]
        var errors: [String: String]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative
        return Layout.page(
            "Workstreams · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(initiative.id))), .plain("← " + initiative.name))),
            LiveUpdates.marker(initiativeID: initiative.id),
            InitiativeNav.render(initiative, current: .workstreams),
            .section(
                .class("panel"),
                .h1(.plain("Workstream map")),
                .p(.class("lead"), .plain("The joint team, organized around themes, streams and experiences. Nobody reports to anybody: each stream has a committed leader and people from any party.")),
                Forms.errorSummary(model.errors)
            ),
            .forEach(WorkstreamKind.allCases) { kind in
                let streams = model.streams.filter { $0.kind == kind }
                return .section(
                    .class("panel kind-\(kind.rawValue)"),
                    .h2(.plain(kind.label + "s")),
                    streams.isEmpty
                        ? .p(.class("muted"), .plain("No \(kind.rawValue)s yet."))
                        : .ul(.class("cards stream-cards"), .forEach(streams) { card($0, initiativeID: initiative.id) })
                )
            },
            .if(model.canCreate, createForm(model, context: context))
        )
    }

    static func card(_ stream: WorkstreamDTO, initiativeID: UUID) -> Node<HTML.ListContext> {
        .li(
            .class("card stream-card"), .safe("data-workstream", stream.id.uuidString.lowercased()),
            .h3(.a(.link(.workstream(.value(initiativeID), stream: .value(stream.id))), .plain(stream.name))),
            .p(.class("meta"), WorkstreamComponents.status(stream.status), .span(.plain(WorkstreamComponents.dates(stream)))),
            .p(.strong(.plain("Stream leader: ")),
               .plain(stream.leader.map { "\($0.name) (\(WorkstreamComponents.percent($0.commitment)))" } ?? "none")),
            .p(.strong(.plain("Parties: ")),
               .plain(stream.parties.isEmpty ? "none yet" : stream.parties.map(\.organizationName).joined(separator: ", "))),
            .p(.strong(.plain("Total commitment: ")), .plain(WorkstreamComponents.percent(stream.totalCommitment))),
            .p(.strong(.plain("Key results: ")),
               .plain(stream.keyResults.isEmpty ? "none" : stream.keyResults.map(\.title).joined(separator: "; "))),
            WorkstreamComponents.flags(stream)
        )
    }

    static func createForm(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let values = model.values, errors = model.errors
        return .section(
            .class("panel"),
            .h2(.id("new-workstream"), .plain("Start a workstream")),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.workstreamMap(.value(model.initiative.id)).path),
                Forms.csrf(context.csrfToken),
                Forms.select("Kind", name: "kind", options: WorkstreamKind.allCases.map { ($0.rawValue, $0.label) },
                             selected: values["kind"], error: errors["kind"], placeholder: "Choose a kind"),
                Forms.field("Name", name: "name", value: values["name"] ?? "", error: errors["name"]),
                Forms.textarea("Purpose", name: "purpose", value: values["purpose"] ?? "", error: errors["purpose"]),
                Forms.field("Start date", name: "startDate", value: values["startDate"] ?? "", type: "date", error: errors["startDate"]),
                Forms.field("End date (only for a temporary stream)", name: "endDate", value: values["endDate"] ?? "", type: "date",
                            required: false, error: errors["endDate"]),
                Forms.select("Stream leader", name: "leaderId",
                             options: [("", "No leader yet")] + model.candidates.map { ($0.personId.uuidString.lowercased(), "\($0.name) (\($0.organizationName))") },
                             selected: values["leaderId"], error: errors["leaderId"]),
                Forms.field("Stream leader's commitment (% of their time)", name: "leaderCommitment", value: values["leaderCommitment"] ?? "",
                            type: "number", required: false, error: errors["leaderCommitment"]),
                Forms.submit("Start workstream")
            )
        )
    }
}

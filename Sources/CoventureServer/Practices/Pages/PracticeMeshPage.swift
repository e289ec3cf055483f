import CoventureCore
import Foundation
import Plot

/// The initiative's practice mesh (`/initiatives/{id}/practices`, issue #15): which practices each stream uses,
/// grouped by the framework they come from and by the party that contributed them, how many streams use each, the
/// adoptions past their review date, what awaits review, and the catalogue to draw from.
enum PracticeMeshPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        /// The initiative's own practices: contributions and copies of catalogue ones.
        var library: [PracticeDTO]
        /// The catalogue, as filtered.
        var catalogue: [PracticeDTO]
        var streams: [PracticeReader.StreamRecord]
        /// The adoptions in force.
        var adoptions: [AdoptionDTO]
        /// The practices whose version in review the viewer may review.
        var reviewable: Set<UUID>
        var frameworks: [String]
        var framework: String
        var area: String
        var query: String
        var canContribute: Bool
        var showSettings: Bool
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative
        return Layout.page(
            "Practices · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(initiative.id))), .plain("← " + initiative.name))),
            InitiativeNav.render(initiative, current: .practices, showSettings: model.showSettings),
            .section(
                .class("panel"),
                .h1(.plain("Practices")),
                .p(.class("lead"), .plain(
                    "Frameworks meshed, not imposed: the catalogue and each party's own practices, adopted and tailored by the streams and refined together, version by version. A party's practice is reviewed by another party before any stream adopts it.")),
                .if(model.canContribute, .div(.class("actions"),
                    .a(.class("button primary"), .link(.newPractice(.value(initiative.id))), .plain("Contribute a practice"))))
            ),
            awaitingReview(model),
            inUse(model),
            byParty(model),
            byStream(model),
            catalogue(model)
        )
    }

    static func practiceLink(_ model: Model, _ id: UUID, _ name: String) -> Node<HTML.BodyContext> {
        .a(.link(.practice(.value(model.initiative.id), practice: .value(id))), .plain(name))
    }

    static func awaitingReview(_ model: Model) -> Node<HTML.BodyContext> {
        let waiting = model.library.filter { $0.status != .accepted || $0.pending != nil }
        guard !waiting.isEmpty else { return .empty }
        return .section(
            .class("panel practice-reviews"),
            .h2(.plain("In review")),
            .ul(.forEach(waiting) { practice in
                let version = practice.pending
                let status = version?.status ?? practice.status
                let proposer = version?.proposerOrganization?.name ?? practice.contributedBy?.name ?? "A party"
                return .li(
                    .safe("data-practice", practice.id.uuidString.lowercased()),
                    practiceLink(model, practice.id, practice.name), .text(" "),
                    .plain(version.map { "version \($0.version), proposed by \(proposer)" } ?? "contributed by \(proposer)"), .text(" "),
                    PracticeComponents.status(status),
                    .if(model.reviewable.contains(practice.id) && status == .inReview, .span(.class("badge due"), .plain("You may review it")))
                )
            })
        )
    }

    /// The practices in use, grouped by the framework they come from, each with how many streams use it.
    static func inUse(_ model: Model) -> Node<HTML.BodyContext> {
        let used = model.library.filter { $0.usedBy > 0 }
        let byFramework = Dictionary(grouping: used, by: \.framework)
        let streamNames = Dictionary(model.streams.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let adoptions = Dictionary(grouping: model.adoptions, by: \.practiceId)
        return .section(
            .class("panel practice-mesh"),
            .h2(.plain("In use, by framework of origin")),
            .if(used.isEmpty, .p(.class("muted empty"), .plain("No stream uses a practice yet: a stream's leader adopts one on the stream's page."))),
            .forEach(byFramework.keys.sorted()) { framework in
                .div(
                    .class("framework-group"),
                    .h3(.plain(framework)),
                    .table(
                        .class("mesh"),
                        .thead(.tr(.th(.plain("Practice")), .th(.plain("Origin")), .th(.plain("Used by")), .th(.plain("Streams")))),
                        .tbody(.forEach(byFramework[framework] ?? []) { practice in
                            .tr(
                                .safe("data-practice", practice.id.uuidString.lowercased()),
                                .td(.safe("data-label", "Practice"), practiceLink(model, practice.id, practice.name)),
                                .td(.safe("data-label", "Origin"), PracticeComponents.provenance(practice)),
                                .td(.class("used-by"), .safe("data-label", "Used by"),
                                    .plain(practice.usedBy == 1 ? "1 stream" : "\(practice.usedBy) streams")),
                                .td(.safe("data-label", "Streams"), .ul(.class("plain"), .forEach(adoptions[practice.id] ?? []) { adoption in
                                    .li(
                                        .a(.link(.workstream(.value(model.initiative.id), stream: .value(adoption.workstreamId))),
                                           .plain(streamNames[adoption.workstreamId] ?? "A stream")),
                                        .span(.class("meta"), .plain(" v\(adoption.version)")),
                                        .if(adoption.version < adoption.currentVersion, .span(.class("badge"), .plain("older version"))),
                                        .if(adoption.reviewDue, .span(.class("badge danger review-due"), .plain("review due")))
                                    )
                                }))
                            )
                        })
                    )
                )
            }
        )
    }

    /// Where the practices in use come from: the catalogue, or each contributing party.
    static func byParty(_ model: Model) -> Node<HTML.BodyContext> {
        let used = model.library.filter { $0.usedBy > 0 }
        guard !used.isEmpty else { return .empty }
        let groups = Dictionary(grouping: used) { $0.contributedBy?.name ?? "The catalogue" }
        return .section(
            .class("panel"),
            .h2(.plain("In use, by contributing party")),
            .table(
                .class("mesh-parties"),
                .thead(.tr(.th(.plain("From")), .th(.plain("Practices")), .th(.plain("Adoptions")))),
                .tbody(.forEach(groups.keys.sorted()) { origin in
                    let practices = groups[origin] ?? []
                    return .tr(
                        .td(.safe("data-label", "From"), .plain(origin)),
                        .td(.safe("data-label", "Practices"),
                            .forEach(practices) { practice in .group(practiceLink(model, practice.id, practice.name), .text(" ")) }),
                        .td(.safe("data-label", "Adoptions"), .plain(String(practices.map(\.usedBy).reduce(0, +))))
                    )
                })
            )
        )
    }

    static func byStream(_ model: Model) -> Node<HTML.BodyContext> {
        let adoptions = Dictionary(grouping: model.adoptions, by: \.workstreamId)
        let streams = model.streams.filter { $0.status != .closed }
        guard !streams.isEmpty else { return .empty }
        return .section(
            .class("panel"),
            .h2(.plain("Stream by stream")),
            .ul(.class("stream-practices-list"), .forEach(streams) { stream in
                let mine = adoptions[stream.id] ?? []
                return .li(
                    .safe("data-stream", stream.id.uuidString.lowercased()),
                    .a(.link(.workstream(.value(model.initiative.id), stream: .value(stream.id))), .strong(.plain(stream.name))),
                    .text(": "),
                    mine.isEmpty ? .span(.class("muted"), .plain("no practice yet")) : .group(.forEach(Array(mine.enumerated())) { index, adoption in
                        .group(
                            .if(index > 0, .text(", ")),
                            practiceLink(model, adoption.practiceId, adoption.practiceName),
                            .if(adoption.reviewDue, .span(.class("badge danger review-due"), .plain("review due")))
                        )
                    })
                )
            })
        )
    }

    static func catalogue(_ model: Model) -> Node<HTML.BodyContext> {
        let id = model.initiative.id
        return .section(
            .class("panel catalogue"), .id("catalogue"),
            .h2(.plain("The catalogue")),
            .p(.class("muted"), .plain("Written for Coventure. A stream adopting one brings it into this initiative's library, where the partners refine their own copy.")),
            .form(
                .class("filters"), .safe("method", "get"), .action(SiteURL.practices(.value(id)).path + "#catalogue"),
                Forms.select("Framework", name: "framework", options: model.frameworks.map { ($0, $0) }, selected: model.framework,
                             placeholder: "Any framework"),
                Forms.select("Area", name: "area", options: PracticeArea.allCases.map { ($0.rawValue, $0.label) }, selected: model.area,
                             placeholder: "Any area"),
                Forms.field("Words", name: "q", value: model.query, required: false),
                .button(.safe("type", "submit"), .class("secondary"), .plain("Filter"))
            ),
            .if(model.catalogue.isEmpty, .p(.class("muted empty"), .plain("No practice matches."))),
            // By area, each closed until asked for (or a filter narrowed the list): the catalogue is long.
            .forEach(PracticeArea.allCases) { area in
                let practices = model.catalogue.filter { $0.area == area }
                let filtered = !model.framework.isEmpty || !model.area.isEmpty || !model.query.isEmpty
                return practices.isEmpty ? .empty : PracticeComponents.disclosure(
                    "\(area.label) (\(practices.count))", open: filtered,
                    .ul(.class("catalogue-list"), .forEach(practices) { practice in
                        .li(
                            .safe("data-practice", practice.id.uuidString.lowercased()),
                            practiceLink(model, practice.id, practice.name),
                            .span(.class("meta"), .plain(" " + PracticeComponents.facts(practice))),
                            .p(.plain(practice.summary))
                        )
                    }))
            }
        )
    }
}

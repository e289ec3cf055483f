import CoventureCore
import Foundation
import Plot

/// One practice (issue #15): its provenance and version, how to run it, related practices, the streams using it and
/// on which version, the version in review with what it changes and the review form, and every version before.
enum PracticePage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var practice: PracticeDTO
        /// Oldest first.
        var versions: [PracticeVersionDTO]
        /// For a catalogue practice: the initiative's copy, if a stream brought it in.
        var copyID: UUID?
        var adoptions: [AdoptionDTO]
        var streams: [PracticeReader.StreamRecord]
        var canReview: Bool
        var canRevise: Bool
        var showSettings: Bool
        var values: [String: String]
        var errors: [String: String]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative, practice = model.practice
        let id = initiative.id
        let inReview = practice.pending
        return Layout.page(
            "\(practice.name) · Practices · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(id))), .plain("← " + initiative.name)), .plain(" · "),
               .a(.link(.practices(.value(id))), .plain("Practices"))),
            .section(
                .class("panel practice"), .safe("data-practice", practice.id.uuidString.lowercased()),
                .h1(.plain(practice.name)),
                .p(.class("meta"), PracticeComponents.provenance(practice), .text(" "), PracticeComponents.status(practice.status),
                   .span(.plain(" " + PracticeComponents.facts(practice)))),
                Forms.errorSummary(model.errors),
                .p(.class("lead"), .plain(practice.summary)),
                .unwrap(model.copyID) { copy in
                    .p(.class("alert"), .plain("This initiative uses its own copy of this catalogue practice: "),
                       .a(.link(.practice(.value(id), practice: .value(copy))), .plain("see the initiative's version")), .plain("."))
                },
                .h2(.plain("How to run it")),
                PracticeComponents.markdown(practice.howTo),
                .if(!practice.relations.isEmpty, .group(
                    .h2(.plain("Related practices")),
                    .ul(.forEach(practice.relations) { relation in
                        .li(.plain(relation.kind.label + " "), .a(.link(.practice(.value(id), practice: .value(relation.practiceId))),
                                                                 .plain(relation.name ?? "a practice")))
                    })
                ))
            ),
            usedBy(model),
            .unwrap(inReview) { version in review(model, version, context: context) },
            history(model)
        )
    }

    static func usedBy(_ model: Model) -> Node<HTML.BodyContext> {
        guard model.practice.initiativeId != nil else { return .empty }
        let names = Dictionary(model.streams.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let active = model.adoptions.filter { $0.endedOn == nil }
        return .section(
            .class("panel"),
            .h2(.plain(active.isEmpty ? "Streams using it" : active.count == 1 ? "Used by 1 stream" : "Used by \(active.count) streams")),
            .if(active.isEmpty, .p(.class("muted empty"), .plain(model.practice.status == .accepted
                ? "No stream uses it yet: a stream's leader adopts it on the stream's page."
                : "A stream can adopt it once another party has accepted it."))),
            .ul(.class("adoptions practice-usage"), .forEach(active) { adoption in
                .li(
                    .a(.link(.workstream(.value(model.initiative.id), stream: .value(adoption.workstreamId))),
                       .plain(names[adoption.workstreamId] ?? "A stream")),
                    .span(.class("meta"), .plain(" on version \(adoption.version)")),
                    .if(adoption.version < adoption.currentVersion, .span(.class("badge"), .plain("older version"))),
                    .if(adoption.reviewDue, .span(.class("badge danger review-due"), .plain("review due"))),
                    .if(!adoption.tailoring.isEmpty, .p(.class("tailoring"), .plain("Tailored: " + adoption.tailoring)))
                )
            })
        )
    }

    static func review(_ model: Model, _ version: PracticeVersionDTO, context: PageContext) -> Node<HTML.BodyContext> {
        let id = model.initiative.id, practice = model.practice
        let proposer = version.proposerOrganization?.name ?? practice.contributedBy?.name ?? "A party"
        return .section(
            .class("panel practice-in-review"), .id("review"),
            .h2(.plain("Version \(version.version): \(version.status.label.lowercased())")),
            .p(.class("meta"), .plain("Proposed by \(proposer)")),
            .if(!version.reason.isEmpty, .p(.strong(.plain("Why: ")), .plain(version.reason))),
            .if(version.version > 1, .group(.h3(.plain("What it changes")), PracticeComponents.diff(version))),
            .if(version.version > 1, PracticeComponents.disclosure("The proposed how-to in full", PracticeComponents.markdown(version.howTo))),
            reviews(version),
            .if(model.canRevise, .p(.a(.class("button secondary"), .link(.practiceEdit(.value(id), practice: .value(practice.id))),
                                       .plain(version.status == .changesRequested ? "Revise it" : "Revise it before review")))),
            .if(model.canReview && version.status == .inReview, .form(
                .class("review-form"), .safe("method", "post"), .action(SiteURL.practiceReviews(.value(id), practice: .value(practice.id)).path),
                Forms.csrf(context.csrfToken),
                Forms.select("Your party's review", name: "verdict",
                             options: PracticeReviewVerdict.allCases.map { ($0.rawValue, $0 == .accept ? "Accept" : "Ask for changes") },
                             selected: model.values["verdict"], error: model.errors["verdict"], placeholder: "Choose…"),
                Forms.textarea("Comment (required to ask for changes)", name: "comment", value: model.values["comment"] ?? "",
                               error: model.errors["comment"]),
                Forms.submit("Record the review")
            ))
        )
    }

    static func reviews(_ version: PracticeVersionDTO) -> Node<HTML.BodyContext> {
        guard !version.reviews.isEmpty else { return .empty }
        return .ul(.class("reviews"), .forEach(version.reviews) { review in
            .li(.strong(.plain(review.verdict.label)), .plain(" by \(review.personName) (\(review.organizationName))"),
                .if(!review.comment.isEmpty, .plain(": " + review.comment)))
        })
    }

    static func history(_ model: Model) -> Node<HTML.BodyContext> {
        guard model.versions.count > 1 || model.practice.initiativeId != nil else { return .empty }
        return .section(
            .class("panel practice-versions"), .id("versions"),
            .h2(.plain("Versions")),
            .ol(.class("versions"), .forEach(model.versions.reversed()) { version in
                .li(
                    .safe("data-version", String(version.version)),
                    .h3(.plain("Version \(version.version)"), .text(" "), PracticeComponents.status(version.status),
                        .if(version.inForce, .span(.class("badge ok"), .plain("In force")))),
                    .p(.class("meta"), .plain(version.proposerOrganization.map { "Proposed by \($0.name)" } ?? "From the catalogue")),
                    .if(!version.reason.isEmpty, .p(.strong(.plain("Why: ")), .plain(version.reason))),
                    reviews(version),
                    .if(version.version > 1, PracticeComponents.diff(version)),
                    PracticeComponents.disclosure(
                        "Version \(version.version) in full", .p(.class("meta"), .plain(PracticeComponents.facts(version))),
                        .p(.plain(version.summary)), PracticeComponents.markdown(version.howTo))
                )
            })
        )
    }
}

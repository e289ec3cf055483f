import CoventureCore
import Foundation
import Plot

/// A stream's retrospectives (issue #15): the form (what helped, what to change, keep / adapt / drop per practice in
/// use, and a proposed change to one of them) and the record of earlier ones.
enum RetrospectivesPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var streamID: UUID
        var streamName: String
        /// The practices the stream uses now.
        var adoptions: [AdoptionDTO]
        var retrospectives: [RetrospectiveDTO]
        var people: [UUID: String]
        var practiceNames: [UUID: String]
        /// The version in force of the practice a change is being proposed to (`?practice=`).
        var proposing: PracticeVersionDTO?
        var proposingID: UUID?
        var relatable: [(id: UUID, name: String)]
        /// The day the form starts at: a retrospective is usually recorded the day it is held.
        var today: String
        var canRecord: Bool
        var showSettings: Bool
        var values: [String: String]
        var errors: [String: String]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative, id = initiative.id
        return Layout.page(
            "Retrospectives · \(model.streamName) · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(id))), .plain("← " + initiative.name)), .plain(" · "),
               .a(.link(.workstream(.value(id), stream: .value(model.streamID))), .plain(model.streamName))),
            .section(
                .class("panel"),
                .h1(.plain("Retrospectives of \(model.streamName)")),
                .p(.class("lead"), .plain("What helped, what to change, and for each practice the stream uses: keep, adapt or drop. A change to a practice is proposed here and reviewed by another party; once accepted it is the practice's next version.")),
                Forms.errorSummary(model.errors),
                .if(model.canRecord, form(model, context: context))
            ),
            .section(
                .class("panel"),
                .h2(.plain("Earlier retrospectives")),
                .if(model.retrospectives.isEmpty, .p(.class("muted empty"), .plain("None recorded yet."))),
                .forEach(model.retrospectives) { retrospective in
                    .article(
                        .class("retrospective"), .safe("data-retrospective", retrospective.id.uuidString.lowercased()),
                        .h3(.plain(ActivityFormat.date(retrospective.heldOn))),
                        .p(.class("meta"), .plain("Recorded by \(model.people[retrospective.recordedById] ?? "someone")")),
                        .if(!retrospective.helped.isEmpty, .p(.strong(.plain("What helped: ")), .plain(retrospective.helped))),
                        .if(!retrospective.toChange.isEmpty, .p(.strong(.plain("What to change: ")), .plain(retrospective.toChange))),
                        .ul(.forEach(retrospective.practices) { verdict in
                            .li(.strong(.plain(verdict.verdict.label)), .plain(" " + (model.practiceNames[verdict.practiceId] ?? "a practice")),
                                .if(!verdict.note.isEmpty, .plain(": " + verdict.note)))
                        }),
                        .unwrap(retrospective.proposedPracticeId) { practice in
                            .p(.plain("Proposed version \(retrospective.proposedVersion ?? 0) of "),
                               .a(.link(.practice(.value(id), practice: .value(practice))), .plain(model.practiceNames[practice] ?? "a practice")))
                        }
                    )
                }
            )
        )
    }

    static func form(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let id = model.initiative.id
        let path = SiteURL.workstreamRetrospectives(.value(id), stream: .value(model.streamID)).path
        return .form(
            .class("retrospective-form"), .safe("method", "post"), .action(path),
            Forms.csrf(context.csrfToken),
            Forms.field("Held on", name: "heldOn", value: model.values["heldOn"] ?? model.today, type: "date", error: model.errors["heldOn"]),
            Forms.textarea("What helped", name: "helped", value: model.values["helped"] ?? "", error: model.errors["helped"]),
            Forms.textarea("What to change", name: "toChange", value: model.values["toChange"] ?? "", error: model.errors["toChange"]),
            .if(!model.adoptions.isEmpty, .fieldset(
                .element(named: "legend", text: "The practices the stream uses"),
                .forEach(Array(model.adoptions.enumerated())) { index, adoption in
                    let key = adoption.id.uuidString.lowercased()
                    return .div(
                        .class("practice-verdict"),
                        Forms.select(adoption.practiceName, name: "verdict-\(key)",
                                     options: RetrospectiveVerdict.allCases.map { ($0.rawValue, $0.label) },
                                     selected: model.values["verdict-\(key)"], error: model.errors["practices[\(index)].verdict"],
                                     placeholder: "No verdict"),
                        Forms.field("Note on \(adoption.practiceName)", name: "note-\(key)", value: model.values["note-\(key)"] ?? "",
                                    required: false, error: model.errors["practices[\(index)].note"]),
                        .if(model.proposingID != adoption.practiceId, .p(.class("hint"),
                            .a(.href(path + "?practice=" + adoption.practiceId.uuidString.lowercased() + "#proposal"),
                               .plain("Propose a change to \(adoption.practiceName)"))))
                    )
                }
            )),
            .unwrap(model.proposing) { version in
                .fieldset(
                    .id("proposal"), .class("proposal"),
                    .element(named: "legend", text: "Proposed change to \(version.name) (now version \(version.version))"),
                    .input(.type(.hidden), .name("proposal.practiceId"), .value(model.proposingID?.uuidString.lowercased() ?? "")),
                    Forms.textarea("Why it should change", name: "proposal.reason", value: model.values["proposal.reason"] ?? "",
                                   error: model.errors["proposal.reason"]),
                    PracticeComponents.fields(values: model.values, errors: model.errors, current: version,
                                              relatable: model.relatable.filter { $0.id != model.proposingID }, prefix: "proposal."),
                    .p(.class("hint"), .a(.href(path), .plain("Record without proposing a change")))
                )
            },
            Forms.submit(model.proposing == nil ? "Record the retrospective" : "Record it and propose the change")
        )
    }
}

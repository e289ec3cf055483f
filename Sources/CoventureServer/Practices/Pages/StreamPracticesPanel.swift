import CoventureCore
import Foundation
import Plot

/// The stream page's practices panel: what the stream uses (its version, tailoring and review date, a newer version
/// to move to), the form to adopt another, and the way to its retrospectives.
enum StreamPracticesPanel {
    struct Model: Sendable {
        var initiativeID: UUID
        var streamID: UUID
        var adoptions: [AdoptionDTO]
        /// What the stream may adopt: (id, label); empty unless the viewer manages the stream.
        var choices: [(id: UUID, name: String)]
        var canManage: Bool
    }

    /// The value an adoption's review-date form edits, as it shows it: what its version is a digest of (issue #17).
    static func editedFields(_ adoption: AdoptionDTO) -> [String: String] { ["reviewOn": adoption.reviewOn] }

    /// Set among the values by an adoption's change when it re-renders the page: the row whose form was posted, the
    /// only one that shows what was typed.
    static let postedAdoption = "adoption"

    /// An adoption's review-date form. Its version goes in `FormVersion.fieldBesideAnotherVersion`: the same path's
    /// "Move to version N" posts `version`, a practice version.
    static func reviewDateForm(
        _ model: Model, _ adoption: AdoptionDTO, values: [String: String], errors: [String: String], context: PageContext
    ) -> Node<HTML.BodyContext> {
        let posted = values[postedAdoption] == adoption.id.uuidString.lowercased()
        let edit = EditedValues(
            stored: editedFields(adoption), typed: posted ? values : [:], errors: posted ? errors : [:], field: FormVersion.fieldBesideAnotherVersion)
        let inputID = "review-\(adoption.id.uuidString.lowercased())"
        return .if(model.canManage, .form(
            .class("inline review-date"), .safe("method", "post"),
            .action(SiteURL.adoption(.value(model.initiativeID), stream: .value(model.streamID), adoption: .value(adoption.id)).path),
            Forms.csrf(context.csrfToken),
            edit.version,
            .label(.safe("for", inputID), .plain("Next review on ")),
            .input(.type(.date), .id(inputID), .name("reviewOn"), .safe("value", edit.value("reviewOn"))),
            .button(.safe("type", "submit"), .class("secondary"), .plain("Set")),
            edit.typedNote("reviewOn")
        ))
    }

    static func render(_ model: Model, values: [String: String], errors: [String: String], context: PageContext) -> Node<HTML.BodyContext> {
        let iid = model.initiativeID, sid = model.streamID
        return .section(
            .class("panel stream-practices"), .id("practices"),
            .h2(.plain("Practices")),
            .if(model.adoptions.isEmpty, .p(.class("muted empty"), .plain("The stream uses no practice from the library yet."))),
            .ul(.class("adoptions"), .forEach(model.adoptions) { adoption in
                .li(
                    .safe("data-adoption", adoption.id.uuidString.lowercased()),
                    .a(.link(.practice(.value(iid), practice: .value(adoption.practiceId))), .plain(adoption.practiceName)),
                    .span(.class("badge provenance"),
                          .plain("\(adoption.contributedBy.map { "Contributed by \($0.name)" } ?? "From the catalogue") · v\(adoption.version)")),
                    .if(adoption.reviewDue, .span(.class("badge danger review-due"), .plain("Review due since \(ActivityFormat.date(adoption.reviewOn))"))),
                    .if(!adoption.reviewDue, .span(.class("meta"), .plain(" Review on \(ActivityFormat.date(adoption.reviewOn))"))),
                    .if(!adoption.tailoring.isEmpty, .p(.class("tailoring"), .plain(adoption.tailoring))),
                    // After a review, its managers set the next one.
                    reviewDateForm(model, adoption, values: values, errors: errors, context: context),
                    .if(adoption.currentVersion > adoption.version, .p(
                        .class("newer"), .plain("Version \(adoption.currentVersion) is in force. "),
                        .if(model.canManage, .form(
                            .class("inline"), .safe("method", "post"), .action(SiteURL.adoption(.value(iid), stream: .value(sid), adoption: .value(adoption.id)).path),
                            Forms.csrf(context.csrfToken),
                            .input(.type(.hidden), .name("version"), .value(String(adoption.currentVersion))),
                            .button(.safe("type", "submit"), .class("secondary"), .plain("Move to version \(adoption.currentVersion)"))
                        ))
                    ))
                )
            }),
            .p(.a(.link(.workstreamRetrospectives(.value(iid), stream: .value(sid))), .plain("Retrospectives: keep, adapt or drop, and propose changes →"))),
            .if(model.canManage && !model.choices.isEmpty, PracticeComponents.disclosure(
                "Adopt a practice", open: errors["practiceId"] != nil || errors["reviewOn"] != nil || errors["tailoring"] != nil,
                .form(
                    .class("adopt-form"), .safe("method", "post"), .action(SiteURL.workstreamAdoptions(.value(iid), stream: .value(sid)).path),
                    Forms.csrf(context.csrfToken),
                    Forms.select("Practice", name: "practiceId", options: model.choices.map { ($0.id.uuidString.lowercased(), $0.name) },
                                 selected: values["practiceId"], error: errors["practiceId"], placeholder: "Choose…"),
                    Forms.textarea("How this stream tailors it", name: "tailoring", value: values["tailoring"] ?? "", error: errors["tailoring"]),
                    Forms.field("Review on", name: "reviewOn", value: values["reviewOn"] ?? "", type: "date",
                                hint: "When the stream looks at whether it still helps", error: errors["reviewOn"]),
                    Forms.submit("Adopt")
                )
            ))
        )
    }
}

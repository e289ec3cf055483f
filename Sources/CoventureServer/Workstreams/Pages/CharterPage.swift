import CoventureCore
import Foundation
import Plot

/// A stream's team charter: the current version with who agreed, the past versions, and the forms to change and agree.
enum CharterPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var stream: WorkstreamDTO
        /// Newest first.
        var versions: [CharterDTO]
        var canEdit: Bool
        var canAgree: Bool
        var values: [String: String]
        var errors: [String: String]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let current = model.versions.first
        return Layout.page(
            "Charter · \(model.stream.name)", context,
            .p(.class("crumbs"),
               .a(.link(.workstream(.value(model.initiative.id), stream: .value(model.stream.id))), .plain("← " + model.stream.name))),
            .section(
                .class("panel"),
                .h1(.plain("Team charter")),
                Forms.errorSummary(model.errors),
                .unwrap(model.stream.charter) { status in
                    .p(.class("charter-status"), .plain("Version \(status.version) is "),
                       .strong(.plain(status.inEffect ? "in effect: every party in the stream agreed" : "not in effect yet: every party represented must agree")))
                },
                current.map { version(model, $0, context: context) } ?? .p(.class("muted"), .plain("No charter has been written yet."))
            ),
            .if(model.canEdit && model.stream.status != .closed, editForm(model, current, context: context)),
            .if(model.versions.count > 1, .section(
                .class("panel"),
                .h2(.plain("Past versions")),
                .forEach(model.versions.dropFirst()) { past in
                    .element(named: "details", nodes: [
                        .element(named: "summary", nodes: [.plain("Version \(past.version) — \(Display.date(past.createdAt))")]),
                        version(model, past, context: context),
                    ])
                }
            ))
        )
    }

    static func version(_ model: Model, _ charter: CharterDTO, context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .class("charter"), .safe("data-version", String(charter.version)),
            .h2(.plain("Version \(charter.version)")),
            .h3(.plain("Purpose")), .p(.class("purpose"), .plain(charter.purpose)),
            .h3(.plain("Accountable for")), .p(.class("purpose"), .plain(charter.accountableFor.isEmpty ? "—" : charter.accountableFor)),
            .h3(.plain("Working agreements")), .p(.class("purpose"), .plain(charter.workingAgreements.isEmpty ? "—" : charter.workingAgreements)),
            .h3(.plain("How it decides")), .p(.class("purpose"), .plain(charter.howItDecides.isEmpty ? "—" : charter.howItDecides)),
            .p(.plain("Review date: " + (charter.reviewDate.map { Display.day($0) } ?? "none set"))),
            .h3(.plain("Agreed by")),
            charter.agreements.isEmpty
                ? .p(.class("muted"), .plain("Nobody yet."))
                : .ul(.class("people"), .forEach(charter.agreements) { agreement in
                    .li(.plain("\(agreement.name) for \(agreement.organizationName)"), .span(.class("muted"), .plain(" · " + Display.dateTime(agreement.agreedAt))))
                }),
            .if(charter.isCurrent && model.canAgree && model.stream.status != .closed, .form(
                .safe("method", "post"), .safe("action", SiteURL.charterAgree(.value(model.initiative.id), stream: .value(model.stream.id)).path),
                Forms.csrf(context.csrfToken),
                WorkstreamComponents.hidden("version", String(charter.version)),
                Forms.submit("Agree to version \(charter.version) for my organization")
            ))
        )
    }

    /// The values "Change the charter" edits, as it shows them: what its version is a digest of (issue #17). Before
    /// the first charter the purpose starts as the stream's (`streamPurpose`, read only then).
    static func editedFields(_ current: CharterDTO?, streamPurpose: String?) -> [String: String] {
        [
            "charterPurpose": current?.purpose ?? streamPurpose ?? "", "accountableFor": current?.accountableFor ?? "",
            "workingAgreements": current?.workingAgreements ?? "", "howItDecides": current?.howItDecides ?? "",
            "reviewDate": current?.reviewDate?.description ?? "",
        ]
    }

    /// The form's version goes in `FormVersion.fieldBesideAnotherVersion`: the agree form on this page posts
    /// `version`, the charter version agreed to, and keeps that contract.
    static func editForm(_ model: Model, _ current: CharterDTO?, context: PageContext) -> Node<HTML.BodyContext> {
        let errors = model.errors
        let edit = EditedValues(
            stored: editedFields(current, streamPurpose: model.stream.purpose), typed: model.values, errors: errors,
            field: FormVersion.fieldBesideAnotherVersion)
        return .section(
            .class("panel"),
            .h2(.id("edit-charter"), .plain(current == nil ? "Write the charter" : "Change the charter")),
            .p(.class("muted"), .plain("Any change makes a new version, which every party represented in the stream must agree to again.")),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.workstreamCharter(.value(model.initiative.id), stream: .value(model.stream.id)).path),
                Forms.csrf(context.csrfToken),
                edit.version,
                Forms.textarea("Purpose", name: "charterPurpose", value: edit.value("charterPurpose"), error: errors["charterPurpose"]),
                edit.typedNote("charterPurpose"),
                Forms.textarea("What it is accountable for", name: "accountableFor", value: edit.value("accountableFor"),
                               error: errors["accountableFor"]),
                edit.typedNote("accountableFor"),
                Forms.textarea("Working agreements", name: "workingAgreements", value: edit.value("workingAgreements"),
                               error: errors["workingAgreements"]),
                edit.typedNote("workingAgreements"),
                Forms.textarea("How it decides", name: "howItDecides", value: edit.value("howItDecides"), error: errors["howItDecides"]),
                edit.typedNote("howItDecides"),
                Forms.field("Review date", name: "reviewDate", value: edit.value("reviewDate"), type: "date", required: false,
                            error: errors["reviewDate"]),
                edit.typedNote("reviewDate"),
                Forms.submit("Save charter")
            )
        )
    }
}

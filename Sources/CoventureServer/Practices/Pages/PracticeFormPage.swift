import CoventureCore
import Foundation
import Plot

/// Contributing a party's own practice, or revising the version in review (issue #15).
enum PracticeFormPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        /// The practice whose version in review is revised; nil for a new contribution.
        var editing: UUID?
        var current: PracticeVersionDTO?
        var relatable: [(id: UUID, name: String)]
        var showSettings: Bool
        var values: [String: String]
        var errors: [String: String]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative, id = initiative.id
        let title = model.editing == nil ? "Contribute a practice" : "Revise \(model.current?.name ?? "the practice")"
        let action: SiteURL = model.editing.map { .practice(.value(id), practice: .value($0)) } ?? .practices(.value(id))
        // Revising carries the version in review it was opened on (issue #17).
        let edit = model.editing == nil ? nil : model.current.map {
            EditedValues(stored: PracticeComponents.editedFields($0), typed: model.values, errors: model.errors)
        }
        return Layout.page(
            "\(title) · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(id))), .plain("← " + initiative.name)), .plain(" · "),
               .a(.link(.practices(.value(id))), .plain("Practices"))),
            .section(
                .class("panel"),
                .h1(.plain(title)),
                .p(.class("lead"), .plain(model.editing == nil
                    ? "Your party's own way of working, for the initiative's library. Another party's admin or leader reviews it; streams adopt it once it is accepted."
                    : "Only the version in review changes; it goes back into review.")),
                Forms.errorSummary(model.errors),
                .form(
                    .safe("method", "post"), .action(action.path),
                    Forms.csrf(context.csrfToken),
                    edit?.version ?? .empty,
                    PracticeComponents.fields(
                        values: model.values, errors: model.errors, current: model.current, relatable: model.relatable, edit: edit),
                    Forms.submit(model.editing == nil ? "Contribute for review" : "Save the revision")
                )
            )
        )
    }
}

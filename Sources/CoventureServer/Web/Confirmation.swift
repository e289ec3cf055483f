import CoventureCore
import Foundation
import Plot

/// The step that lets a person record a value that looks wrong but may be meant (`Plausibility`): the form comes back
/// with each concern beside its field, the input kept, and a checkbox to post it again as it is.
enum Confirmation {
    /// Nothing when there is no concern; otherwise a warning naming every concern and the "record it anyway" box
    /// (checked when the person had already ticked it).
    static func step(_ concerns: [PlausibilityConcern], form: [String: String]) -> Node<HTML.FormContext> {
        guard !concerns.isEmpty else { return .empty }
        let id = "field-\(Plausibility.confirmField)"
        var box: [Attribute<HTML.InputContext>] = [
            .safe("type", "checkbox"), .safe("id", id), .safe("name", Plausibility.confirmField), .safe("value", "1"),
        ]
        if form[Plausibility.confirmField] == "1" { box.append(.flag("checked")) }
        return .div(
            .class("alert warning confirm"), .safe("role", "alert"),
            .ul(.forEach(concerns) { .li(.plain(FieldLabels.sentence(FieldLabels.label(for: $0.field), $0.message))) }),
            .div(
                .class("check"),
                .selfClosedElement(named: "input", attributes: box),
                .label(.safe("for", id), .plain("Yes, record it anyway"))
            )
        )
    }

    /// Whether the person ticked "record it anyway".
    static func isConfirmed(_ form: [String: String]) -> Bool { form[Plausibility.confirmField] == "1" }
}

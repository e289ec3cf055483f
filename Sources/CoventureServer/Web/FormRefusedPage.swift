import Plot

/// What a form post refused by the CSRF check answers (403): what happened, that nothing changed, and the person's
/// input, to copy back into the form (issue #12, bug 1: "reload" used to throw a long purpose away).
///
/// The input is shown read-only, never as a form that posts it again: a forged cross-site post lands here too, and a
/// button that sends it on would turn one click into the forgery the check exists to stop.
enum FormRefusedPage {
    struct Model: Sendable {
        var input: [(name: String, value: String)]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "Form not accepted", context,
            .section(
                .class("panel narrow"),
                .h1(.plain("Your form was not accepted")),
                .p(.plain(
                    "It arrived without the security token this browser holds for Coventure (this happens after signing out "
                        + "and in again in another tab, or when the site's cookies were cleared), so nothing was changed.")),
                model.input.isEmpty
                    ? .p(.plain("Go back to the form and send it again."))
                    : .group(
                        .p(.plain("What you wrote is below, so nothing is lost: copy it, go back to the form and send it again.")),
                        .forEach(Array(model.input.enumerated())) { index, field in
                            .div(
                                .class("field"),
                                .label(.safe("for", "refused-\(index)"), .plain(FieldLabels.label(for: field.name))),
                                .element(named: "textarea", nodes: [
                                    .safe("id", "refused-\(index)"), .safe("rows", field.value.count > 80 ? "8" : "2"),
                                    .attribute(named: "readonly"), .plain(field.value),
                                ]),
                                CopyButton.button(copying: "refused-\(index)"))
                        }),
                .p(.a(.link(.home), .plain("Back to Coventure")))
            )
        )
    }
}

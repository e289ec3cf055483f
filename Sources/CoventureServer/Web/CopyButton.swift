import Plot

/// A "Copy" button for text people paste elsewhere (a command, a key, an invitation link, a token).
///
/// `Public/app.js` un-hides every `button.copy` and, on a click, copies the text of the element `data-copy` names (the
/// value of a text field) with `navigator.clipboard.writeText`, then says "Copied" for a moment. Without the script the
/// button stays hidden and the text stays selectable: nothing depends on it.
enum CopyButton {
    /// The button copying the text of the element with id `elementID`.
    static func button(copying elementID: String, label: String = "Copy") -> Node<HTML.BodyContext> {
        .button(
            .safe("type", "button"), .class("copy"), .safe("data-copy", "#" + elementID), .attribute(named: "hidden"),
            // "Copied" replaces the label for a moment; a polite live region lets a screen reader say so too.
            .safe("aria-live", "polite"), .plain(label))
    }
}

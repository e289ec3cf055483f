import Plot

/// A button that copies an element's text (`Public/app.js` wires every `button.copy[data-copy]`). It starts
/// `hidden` and the script reveals it, so without JavaScript nobody sees a button that does nothing; the text itself
/// stays selectable.
enum CopyButton {
    static func button(copying elementID: String, label: String = "Copy") -> Node<HTML.BodyContext> {
        .button(
            .safe("type", "button"), .class("copy"), .safe("data-copy", "#\(elementID)"), .attribute(named: "hidden"),
            .plain(label))
    }
}

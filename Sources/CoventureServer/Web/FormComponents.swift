import Foundation
import Plot

/// Form building blocks: every input has a label, and an error sits beside its field.
enum Forms {
    static let csrfField = "_csrf"

    static func csrf(_ token: String) -> Node<HTML.FormContext> {
        .input(.safe("type", "hidden"), .safe("name", csrfField), .safe("value", token))
    }

    /// A labelled input with its error message (if any) announced to assistive technology.
    static func field(
        _ label: String, name: String, value: String = "", type: String = "text", required: Bool = true,
        hint: String? = nil, error: String? = nil, autocomplete: String? = nil
    ) -> Node<HTML.FormContext> {
        let id = "field-\(name)"
        var attributes: [Attribute<HTML.InputContext>] = [
            .safe("type", type), .safe("id", id), .safe("name", name),
        ]
        if type != "password" { attributes.append(.safe("value", value)) }
        if required { attributes.append(.flag("required")) }
        if let autocomplete { attributes.append(.safe("autocomplete", autocomplete)) }
        if error != nil {
            attributes.append(.safe("aria-invalid", "true"))
            attributes.append(.safe("aria-describedby", "\(id)-error"))
        }
        return .div(
            .class(error == nil ? "field" : "field has-error"),
            .label(.safe("for", id), .plain(label)),
            .selfClosedElement(named: "input", attributes: attributes),
            .unwrap(hint) { .p(.class("hint"), .plain($0)) },
            .unwrap(error) { .p(.class("error"), .safe("id", "\(id)-error"), .plain($0)) }
        )
    }

    static func textarea(_ label: String, name: String, value: String = "", error: String? = nil) -> Node<HTML.FormContext> {
        let id = "field-\(name)"
        return .div(
            .class(error == nil ? "field" : "field has-error"),
            .label(.safe("for", id), .plain(label)),
            .element(named: "textarea", nodes: [.safe("id", id), .safe("name", name), .safe("rows", "4"), .plain(value)]),
            .unwrap(error) { .p(.class("error"), .safe("id", "\(id)-error"), .plain($0)) }
        )
    }

    /// A labelled select; `options` are (value, label).
    static func select(
        _ label: String, name: String, options: [(String, String)], selected: String?, error: String? = nil
    ) -> Node<HTML.FormContext> {
        let id = "field-\(name)"
        let optionNodes: [Node<HTML.BodyContext>] = options.map { value, text in
            .element(
                named: "option",
                nodes: [.safe("value", value), value == selected ? .attribute(named: "selected") : .empty, .plain(text)])
        }
        return .div(
            .class(error == nil ? "field" : "field has-error"),
            .label(.safe("for", id), .plain(label)),
            .element(named: "select", nodes: [.safe("id", id), .safe("name", name)] + optionNodes.map { $0.convertToForm() }),
            .unwrap(error) { .p(.class("error"), .safe("id", "\(id)-error"), .plain($0)) }
        )
    }

    static func submit(_ label: String) -> Node<HTML.FormContext> {
        .button(.safe("type", "submit"), .class("primary"), .plain(label))
    }

    /// A one-button form for an action (revoke, remove): POST with the CSRF token.
    static func action(_ url: SiteURL, _ label: String, token: String, danger: Bool = false) -> Node<HTML.BodyContext> {
        .form(
            .class("inline"), .safe("method", "post"), .safe("action", url.path),
            csrf(token),
            .button(.safe("type", "submit"), .class(danger ? "danger" : "secondary"), .plain(label))
        )
    }

    /// A banner summarizing a form's errors at the top.
    static func errorSummary(_ errors: [String: String]) -> Node<HTML.BodyContext> {
        guard !errors.isEmpty else { return .empty }
        return .div(
            .class("alert error"), .safe("role", "alert"),
            .p(.plain("Please correct the following:")),
            .ul(.forEach(errors.sorted(by: { $0.key < $1.key })) { .li(.plain($0.value)) })
        )
    }
}

extension Node where Context == HTML.BodyContext {
    /// Plot's contexts are phantom types; an `option` built as body content is re-typed for a `select`.
    func convertToForm() -> Node<HTML.FormContext> { .raw(self.render()) }
}

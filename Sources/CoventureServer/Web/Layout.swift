import Foundation
import Plot

/// What every page needs besides its own content: who is signed in, and the form token.
struct PageContext: Sendable {
    var person: SignedInPerson?
    var csrfToken: String
}

/// The shell around every page: header with navigation, main landmark, footer.
enum Layout {
    static func page(_ title: String, _ context: PageContext, _ content: Node<HTML.BodyContext>...) -> HTML {
        HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", nodes: [.plain("\(title) · Coventure")]),
                .link(.rel(.stylesheet), .safe("href", SiteURL.stylesheet.path)),
                .link(.rel(.icon), .safe("href", SiteURL.favicon.path), .safe("type", "image/x-icon")),
                .script(.safe("src", SiteURL.script.path), .attribute(named: "defer"))
            ),
            .body(
                .a(.class("skip"), .safe("href", "#main"), .plain("Skip to content")),
                header(context),
                .main(.id("main"), .group(content)),
                .footer(.class("site-footer"), .p(.plain("Coventure — joint initiatives, in plain sight.")))
            )
        )
    }

    private static func header(_ context: PageContext) -> Node<HTML.BodyContext> {
        guard let person = context.person else {
            return .header(.class("site-header"), .a(.class("brand"), .link(.home), .plain("Coventure")))
        }
        return .header(
            .class("site-header"),
            .a(.class("brand"), .link(.home), .plain("Coventure")),
            .nav(
                .safe("aria-label", "Main"),
                .ul(
                    .li(.a(.link(.initiatives), .plain("My initiatives"))),
                    .li(.a(.link(.organization(.value(person.organizationID))), .plain(person.organizationName))),
                    .li(.a(.link(.tokens), .plain("API tokens")))
                )
            ),
            .form(
                .class("sign-out"), .safe("method", "post"), .safe("action", SiteURL.signOut.path),
                Forms.csrf(context.csrfToken),
                .span(.class("who"), .plain(person.name)),
                .button(.safe("type", "submit"), .class("link"), .plain("Sign out"))
            )
        )
    }
}

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

/// Dates as people read them, in UTC with the zone stated (no per-viewer zone is stored yet):
/// "5 Mar 2026, 14:07 UTC" and "5 Mar 2026", month names as the en_GB locale spells them.
///
/// Formatted by hand from `gmtime_r`: a page of 400 key results shows hundreds of dates, and building a
/// `DateFormatter` for each one was a measurable share of the OKR pages' time (issue #6).
enum Display {
    private static let monthNames: [String] = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        return formatter.shortMonthSymbols
    }()

    /// What a date that no calendar can show (NaN, or beyond year 9999) reads as.
    static let unrepresentable = "(no valid date)"

    /// Total: every `Date`, however it was stored, gives a string; nothing here can trap (issue #11, finding 3).
    static func dateTime(_ date: Date) -> String {
        guard let time = utc(date) else { return unrepresentable }
        return "\(self.date(time)), \(twoDigits(time.tm_hour)):\(twoDigits(time.tm_min)) UTC"
    }

    static func date(_ date: Date) -> String {
        guard let time = utc(date) else { return unrepresentable }
        return self.date(time)
    }

    private static func date(_ time: tm) -> String {
        "\(time.tm_mday) \(monthNames[Int(time.tm_mon)]) \(Int(time.tm_year) + 1900)"
    }

    /// Years 1 to 9999, as 4-digit years and `time_t` both hold; nil outside (converting such a value to `time_t`
    /// would trap).
    private static let representable: ClosedRange<Double> = -62_135_596_800 ... 253_402_300_799

    private static func utc(_ date: Date) -> tm? {
        let interval = date.timeIntervalSince1970.rounded(.down)
        guard interval.isFinite, representable.contains(interval) else { return nil }
        var seconds = time_t(interval)
        var time = tm()
        guard gmtime_r(&seconds, &time) != nil else { return nil }
        return time
    }

    private static func twoDigits(_ value: Int32) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}

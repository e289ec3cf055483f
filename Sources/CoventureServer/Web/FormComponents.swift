import CoventureCore
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
        hint: String? = nil, error: String? = nil, autocomplete: String? = nil, inputMode: String? = nil
    ) -> Node<HTML.FormContext> {
        let id = "field-\(name)"
        var attributes: [Attribute<HTML.InputContext>] = [
            .safe("type", type), .safe("id", id), .safe("name", name),
        ]
        if type != "password" { attributes.append(.safe("value", value)) }
        if required { attributes.append(.flag("required")) }
        if let autocomplete { attributes.append(.safe("autocomplete", autocomplete)) }
        // A phone shows its number pad for a figure, and still accepts "12,5" (`DecimalInput`), which type=number would not.
        if let inputMode { attributes.append(.safe("inputmode", inputMode)) }
        if error != nil {
            attributes.append(.safe("aria-invalid", "true"))
            attributes.append(.safe("aria-describedby", "\(id)-error"))
        }
        return .div(
            .class(error == nil ? "field" : "field has-error"),
            .label(.safe("for", id), .plain(label)),
            .selfClosedElement(named: "input", attributes: attributes),
            .unwrap(hint) { .p(.class("hint"), .plain($0)) },
            .unwrap(error) { .p(.class("error"), .safe("id", "\(id)-error"), .plain(FieldLabels.sentence(label, $0))) }
        )
    }

    static func textarea(_ label: String, name: String, value: String = "", error: String? = nil, rows: Int = 4) -> Node<HTML.FormContext> {
        let id = "field-\(name)"
        return .div(
            .class(error == nil ? "field" : "field has-error"),
            .label(.safe("for", id), .plain(label)),
            .element(named: "textarea", nodes: [.safe("id", id), .safe("name", name), .safe("rows", String(rows))]
                + (error == nil ? [] : [.safe("aria-invalid", "true"), .safe("aria-describedby", "\(id)-error")]) + [.plain(value)]),
            .unwrap(error) { .p(.class("error"), .safe("id", "\(id)-error"), .plain(FieldLabels.sentence(label, $0))) }
        )
    }

    /// A labelled select; `options` are (value, label). With a `placeholder`, nothing is chosen until the person
    /// chooses: the first option is the empty placeholder, selected unless `selected` names an option (a picker must
    /// not pre-select a value the person did not choose).
    static func select(
        _ label: String, name: String, options: [(String, String)], selected: String?, error: String? = nil,
        placeholder: String? = nil
    ) -> Node<HTML.FormContext> {
        let id = "field-\(name)"
        var optionNodes: [Node<HTML.BodyContext>] = options.map { value, text in
            .element(
                named: "option",
                nodes: [.safe("value", value), value == selected ? .attribute(named: "selected") : .empty, .plain(text)])
        }
        if let placeholder {
            let chosen = options.contains { $0.0 == selected }
            optionNodes.insert(
                .element(named: "option", nodes: [.safe("value", ""), chosen ? .empty : .attribute(named: "selected"), .plain(placeholder)]),
                at: 0)
        }
        var attributes: [Node<HTML.FormContext>] = [.safe("id", id), .safe("name", name)]
        if error != nil {
            attributes += [.safe("aria-invalid", "true"), .safe("aria-describedby", "\(id)-error")]
        }
        return .div(
            .class(error == nil ? "field" : "field has-error"),
            .label(.safe("for", id), .plain(label)),
            .element(named: "select", nodes: attributes + optionNodes.map { $0.convertToForm() }),
            .unwrap(error) { .p(.class("error"), .safe("id", "\(id)-error"), .plain(FieldLabels.sentence(label, $0))) }
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

    /// A banner summarizing every error of the form at the top, each a sentence in the words of its field's label and
    /// a link to the field.
    static func errorSummary(_ errors: [String: String]) -> Node<HTML.BodyContext> {
        // Someone else's change since the form was opened is not the person's mistake: said on its own (issue #17).
        if errors[EditedValues.conflictKey] != nil {
            return .group(EditedValues.summary, errorSummary(errors.filter { $0.key != EditedValues.conflictKey }))
        }
        guard !errors.isEmpty else { return .empty }
        return .div(
            .class("alert error"), .safe("role", "alert"),
            .p(.plain(errors.count == 1 ? "Please correct this:" : "Please correct these \(errors.count) things:")),
            .ul(.forEach(errors.sorted(by: { $0.key < $1.key })) { field, message in
                .li(.a(.safe("href", "#field-\(field)"), .plain(FieldLabels.sentence(FieldLabels.label(for: field), message))))
            })
        )
    }
}

extension Node where Context == HTML.BodyContext {
    /// Plot's contexts are phantom types; an `option` built as body content is re-typed for a `select`.
    func convertToForm() -> Node<HTML.FormContext> { .raw(self.render()) }
}

/// The words people read for a form's fields, where an error names one: "End date must be on or after the start
/// (2027-06-30)", not "endDate: must be …".
enum FieldLabels {
    /// Fields whose label is not simply their name in words.
    private static let labels: [String: String] = [
        "leaderCommitment": "Stream leader's commitment", "checkInStaleDays": "Days without a check-in",
        "parentId": "Objective", "charterPurpose": "Purpose", "extendEndDate": "New end date",
        "linkKeyResultId": "Key result", "csv": "CSV contents", "file": "CSV file", "organizationId": "Owning party",
        "correctsId": "Corrects", "person": "Whose", "periodStart": "Period starts", "periodEnd": "Period ends",
        "accountableFor": "What it is accountable for", "howItDecides": "How it decides", "termEnd": "Term end",
        "organizationName": "Organization name", "assigneeId": "Assignee", "personId": "Person", "ownerId": "Owner",
        "leaderId": "Stream leader", "keyResultId": "Key result", "model": "Governance",
        "url": "URL", "eventTypes": "Event types",
    ]

    /// Fields of a form's repeated rows, named `<what>-<row or id>` ("tranche-amount-2", "pledge-<party>"): their words.
    private static let rowPrefixes: [(prefix: String, label: String, numbered: Bool)] = [
        ("tranche-amount-", "Tranche %@ amount", true), ("tranche-milestone-", "Tranche %@ milestone", true),
        ("tranche-kr-", "Tranche %@ key result", true), ("pledge-", "Pledge", false), ("score-", "Score", false),
        ("comment-", "Comment", false), ("metric-", "Value metric", false), ("criterion-name-", "Criterion %@ name", true),
        ("criterion-description-", "Criterion %@ description", true), ("criterion-weight-", "Criterion %@ weight", true),
        ("criterion-min-", "Criterion %@ minimum", true), ("criterion-max-", "Criterion %@ maximum", true),
        ("criterion-direction-", "Criterion %@ direction", true), ("objective-", "Objective", false),
    ]

    private static func rowLabel(_ field: String) -> String? {
        guard let row = rowPrefixes.first(where: { field.hasPrefix($0.prefix) }) else { return nil }
        guard row.numbered else { return row.label }
        return row.label.replacingOccurrences(of: "%@", with: String(field.dropFirst(row.prefix.count)))
    }

    /// The label for a field name: the table above, else the name in words ("reviewDate" → "Review date",
    /// "stakes.<id>" → "Stakes").
    static func label(for field: String) -> String {
        if let label = labels[field] { return label }
        if let label = rowLabel(field) { return label }
        let base = field.split(separator: ".").first.map(String.init) ?? field
        if let label = labels[base] { return label }
        var words = ""
        for character in base {
            if character.isUppercase, !words.isEmpty { words += " " }
            words += String(character).lowercased()
        }
        if words.hasSuffix(" id") { words.removeLast(3) }
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// The message as a sentence about the label: "Name is required"; a message that is not a predicate follows a
    /// colon ("Steps: a milestone needs at least one step"). A parenthesis in the label ("Password (12 to 72 bytes)")
    /// is the form's hint, not part of the name.
    static func sentence(_ label: String, _ message: String) -> String {
        let name = label.split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? label
        let predicates = ["is ", "are ", "must ", "belongs ", "does ", "has ", "was ", "cannot ", "needs "]
        if predicates.contains(where: message.hasPrefix) { return "\(name) \(message)" }
        return "\(name): \(message)"
    }
}

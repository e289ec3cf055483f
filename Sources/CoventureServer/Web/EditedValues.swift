import CoventureCore
import Plot

/// What an edit form shows in each field, and the version it carries (issue #17): the stored values as the form
/// renders them (`stored`, the same dictionary the form's `FormAction.run(version:)` reads back on submit), what the
/// person posted (`typed`, empty on a first view) and the refusal's messages. After someone else's change
/// (`errors[conflictKey]`) the fields show the stored values and each field that differs says what the person had
/// typed, so nothing they wrote is lost and nothing of the other change is overwritten unseen.
struct EditedValues: Sendable {
    var stored: [String: String]
    var typed: [String: String]
    var errors: [String: String]
    /// The hidden field's name: `FormVersion.fieldBesideAnotherVersion` where the form posts a `version` of its own.
    var field = FormVersion.field

    /// The message of the refusal.
    static let changedMeanwhile = "was changed by someone else since you opened it"
    /// The key of that refusal among a page's errors. Not `version`: a form may post a field of that name meaning
    /// something else (the charter's "agree to version 1"), whose own refusal is an ordinary field error.
    static let conflictKey = "changedMeanwhile"

    /// Said above the form instead of the field's error.
    static var summary: Node<HTML.BodyContext> {
        .div(
            .class("alert error"), .safe("role", "alert"),
            .p(.plain(
                "This was changed by someone else since you opened it, so nothing was saved. The form now shows the "
                    + "current values; what you had typed is shown beside each field that differs. Save again to replace "
                    + "the current values with yours.")))
    }

    var isConflict: Bool { errors[Self.conflictKey] != nil }

    /// The field's value: the stored one after someone else's change, else what was typed, else the stored one. A
    /// field the version does not cover (a closing time left empty to keep it) keeps what was typed.
    func value(_ name: String) -> String {
        isConflict ? stored[name] ?? typed[name] ?? "" : typed[name] ?? stored[name] ?? ""
    }

    /// The hidden `version` field: the digest of the stored values this form shows. After a refusal for the fields the
    /// posted version is kept, so a change someone else made meanwhile is still caught on the next save. A posted
    /// value that is no digest came from another form of the page (the stream page's "Move to version 3"), not this one.
    var version: Node<HTML.FormContext> {
        let posted = isConflict ? nil : typed[field].flatMap { $0.wholeMatch(of: /[0-9a-f]{32}/) == nil ? nil : $0 }
        return .input(.safe("type", "hidden"), .safe("name", field), .safe("value", posted ?? FormVersion.digest(stored)))
    }

    /// "You had typed: …" under a field whose current value differs from what the person typed; `options` words a
    /// picker's value.
    func typedNote(_ name: String, options: [(String, String)] = []) -> Node<HTML.FormContext> {
        guard isConflict, let typed = FormVersion.differences(typed: typed, current: stored)[name] else { return .empty }
        let shown = options.first { $0.0 == typed }?.1 ?? typed
        return .div(
            .class("typed"),
            .p(.plain("You had typed: "), .element(named: "q", nodes: [.plain(shown.isEmpty ? "(nothing)" : shown)])))
    }
}

import CoventureCore
import Foundation
import Plot

/// "My updates" (issue #16): every key result the person owns, across their initiatives and their organization's own
/// objectives, each with its figures and a row of inputs already holding its current value and confidence; one submit
/// records each changed row as a check-in of its own. Below, what else waits for the person's word, with links.
enum MyUpdatesPage {
    struct Model: Sendable {
        var keyResults: [MyKeyResult]
        /// Decisions awaiting the person's vote, measurements due from their party, their pulse answer.
        var awaiting: [NeedsYouLine]
        /// The posted form, when it was refused: every row's input kept.
        var form: [String: String] = [:]
        var errors: [String: String] = [:]
        var now = Date()
    }

    /// The fields of a key result's row (`value-<id>`, …): a row's errors are named after them, so each sits at its row.
    enum Field: String, CaseIterable {
        case value, confidence, narrative
        case shownValue = "shown-value", shownConfidence = "shown-confidence"

        func name(_ keyResultID: UUID) -> String { "\(rawValue)-\(keyResultID.uuidString.lowercased())" }
    }

    /// The canonical text of a key result's current value, as the row shows it and compares it ("" without one).
    static func shownValue(_ mine: MyKeyResult) -> String {
        (try? mine.record.currentValue.flatMap { try DecimalInput.parse($0, field: "value", from: .machine) }).flatMap { $0 }
            .map(DecimalInput.canonical) ?? ""
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let groups = Dictionary(grouping: model.keyResults, by: \.scopeName)
        let order = model.keyResults.map(\.scopeName).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let stale = model.keyResults.filter { $0.isStale(now: model.now) }.count
        return Layout.page(
            "My updates", context,
            .section(
                .class("panel my-updates"),
                .h1(.plain("My updates")),
                model.keyResults.isEmpty
                    ? .p(.class("all-clear"), .plain("You own no key results yet. When someone makes you the owner of one, it appears here with its figures, ready to check in."))
                    : .p(.class("muted"), .plain(summary(count: model.keyResults.count, stale: stale))),
                errorSummary(model),
                .if(!model.keyResults.isEmpty, .form(
                    .safe("method", "post"), .safe("action", SiteURL.myUpdates.path), .class("updates-form"),
                    Forms.csrf(context.csrfToken),
                    .group(order.map { scope in
                        .div(
                            .class("updates-group"),
                            .h2(.plain(scope)),
                            .group((groups[scope] ?? []).map { row($0, model: model) })
                        )
                    }),
                    .div(.class("form-actions"), Forms.submit("Record check-ins"),
                         .p(.class("hint"), .plain("Rows you leave as they are record nothing. To confirm a figure unchanged, write a narrative.")))
                ))
            ),
            awaiting(model)
        )
    }

    static func summary(count: Int, stale: Int) -> String {
        let owned = count == 1 ? "1 key result" : "\(count) key results"
        let quiet = stale == 0 ? "all checked in recently" : stale == 1 ? "1 of them stale" : "\(stale) of them stale"
        return "You own \(owned), \(quiet). Change the figures that moved and record them all at once; each changed row is a check-in of its own."
    }

    /// Every refused row's fields at the top, each named by its key result and linked to its input.
    static func errorSummary(_ model: Model) -> Node<HTML.BodyContext> {
        guard !model.errors.isEmpty else { return .empty }
        let titles = Dictionary(uniqueKeysWithValues: model.keyResults.map { ($0.record.id.uuidString.lowercased(), $0.record.title) })
        let items = model.errors.sorted { $0.key < $1.key }.map { field, message -> (String, String) in
            let parts = field.split(separator: "-", maxSplits: 1).map(String.init)
            let label = parts.first.map { FieldLabels.label(for: $0) } ?? field
            let title = parts.count == 2 ? titles[parts[1]] : nil
            return (field, (title.map { "“\($0)”: " } ?? "") + FieldLabels.sentence(label, message))
        }
        return .div(
            .class("alert error"), .safe("role", "alert"),
            .p(.plain(items.count == 1 ? "Nothing was recorded. Please correct this:" : "Nothing was recorded. Please correct these \(items.count) things:")),
            .ul(.forEach(items) { field, sentence in .li(.a(.safe("href", "#field-\(field)"), .plain(sentence))) })
        )
    }

    static func row(_ mine: MyKeyResult, model: Model) -> Node<HTML.FormContext> {
        let keyResult = mine.keyResult, id = keyResult.id
        let form = model.form, errors = model.errors
        let shown = shownValue(mine), shownConfidence = keyResult.confidence?.rawValue ?? ""
        let isStale = mine.isStale(now: model.now)
        let days = mine.daysSinceCheckIn(now: model.now)
        let hasError = Field.allCases.contains { errors[$0.name(id)] != nil }
        let valueLabel: String = switch keyResult.kind {
        case .milestone: "Steps reached (0–\(keyResult.steps.count))"
        case .binary: "Done? 1 or 0"
        default: "Value" + (keyResult.unit.isEmpty ? "" : " (\(keyResult.unit))")
        }
        return .element(named: "fieldset", nodes: [
            .class("update-row" + (isStale ? " stale" : "") + (hasError ? " has-error" : "")), .id("kr-\(id.uuidString.lowercased())"),
            .element(named: "legend", nodes: [Node<HTML.BodyContext>.a(.link(.keyResult(.value(id))), .plain(keyResult.title)).convertToForm()]),
            Node<HTML.BodyContext>.div(
                .class("update-facts"),
                .p(.class("muted"), .plain(mine.objectiveTitle)),
                .p(.strong(.plain(OKRViews.figures(keyResult))),
                   .unwrap(keyResult.progress) { .plain(" · \(Charts.percent($0)) of the way") }),
                .p(OKRViews.confidence(keyResult.confidence), .plain(" "),
                   .plain(keyResult.lastCheckInAt.map { "Last check-in \(Display.date($0))" } ?? "Never checked in"),
                   .if(isStale, .span(.class("badge stale"), .plain(days.map { "Stale: \($0) days" } ?? "Stale"))),
                   .plain(" · period ends \(HomeFormat.date(mine.periodEnd))"))
            ).convertToForm(),
            .div(
                .class("update-inputs"),
                .input(.safe("type", "hidden"), .safe("name", Field.shownValue.name(id)), .safe("value", form[Field.shownValue.name(id)] ?? shown)),
                .input(.safe("type", "hidden"), .safe("name", Field.shownConfidence.name(id)),
                       .safe("value", form[Field.shownConfidence.name(id)] ?? shownConfidence)),
                Forms.field(valueLabel, name: Field.value.name(id), value: form[Field.value.name(id)] ?? shown, required: false,
                            error: errors[Field.value.name(id)], inputMode: "decimal"),
                Forms.select("Confidence", name: Field.confidence.name(id), options: Confidence.allCases.map { ($0.rawValue, $0.label) },
                             selected: form[Field.confidence.name(id)] ?? shownConfidence, error: errors[Field.confidence.name(id)],
                             placeholder: keyResult.confidence == nil ? "Not set yet" : nil),
                Forms.textarea("Narrative (required when the confidence changes)", name: Field.narrative.name(id),
                               value: form[Field.narrative.name(id)] ?? "", error: errors[Field.narrative.name(id)], rows: 2)
            ),
        ])
    }

    static func awaiting(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .class("panel awaiting-you"), .id("awaiting"),
            .h2(.plain("Also waiting for you")),
            model.awaiting.isEmpty
                ? .p(.class("muted"), .plain("No decision awaits your vote, no measurement is due from your party, and no pulse round awaits your answer."))
                : .ul(.class("needs-list"), .forEach(model.awaiting) { line in
                    .li(.class("need need-\(line.kind.rawValue)"), .a(.safe("href", line.link), .group(line.sentence.map { part in
                        switch part {
                        case .text(let text): .plain(text)
                        case .name(let name): .em(.plain(name))
                        }
                    })))
                })
        )
    }
}

import CoventureCore
import Foundation
import Plot

/// A key result: its chart against the target, the narrative history, and the check-in form.
enum KeyResultPage {
    /// The check-ins one page shows (chart and history): the latest ones, or an older page (`?history=` the position
    /// of its newest). Read in SQL a page at a time, however long the history (issue #11, finding 13).
    static let historyLimit = 100

    struct Model: Sendable {
        var keyResult: KeyResultDTO
        var objective: ObjectiveDTO
        var canCheckIn: Bool
        var form: [String: String]
        var errors: [String: String]
        var history = History()
        /// A check-in value that looks wrong, to be confirmed before it is recorded.
        var concerns: [PlausibilityConcern] = []
        /// What staleness is measured against.
        var now = Date()
        /// The key result's inbound feeds, for those who may check in on it (nil: the panel is not shown).
        var feeds: FeedPanel.Model? = nil
    }

    /// Which part of the history `keyResult.checkIns` is.
    struct History: Sendable {
        /// How many newer check-ins come before it (0: the latest).
        var offset = 0
        /// Whether older check-ins follow.
        var hasOlder = false
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let keyResult = model.keyResult
        let history = keyResult.checkIns ?? []
        let points = history.map { Charts.Point(at: $0.recordedAt, value: $0.value, label: "\(Display.dateTime($0.recordedAt)): \(Charts.number($0.value)) \(keyResult.unit) (\($0.confidence.label))") }
        return Layout.page(
            keyResult.title, context,
            .p(.class("crumbs"), .a(.link(.objective(.value(model.objective.id))), .plain("← " + model.objective.title))),
            .section(
                .class("panel"),
                .h1(.plain(keyResult.title)),
                .p(.class("meta"), .plain(OKRViews.figures(keyResult) + " · weight \(Charts.number(keyResult.weight))" + (keyResult.ownerName.map { " · owner \($0)" } ?? ""))),
                .div(.class("headline"), .span(.plain("Progress ")), Charts.progressBar(keyResult.progress, label: "Progress"),
                     OKRViews.thresholdBadge(keyResult), OKRViews.confidence(keyResult, now: model.now)),
                .if(keyResult.kind == .milestone, .ol(.class("steps"), .forEach(Array(keyResult.steps.enumerated())) { index, step in
                    .li(.class(Double(index) < (keyResult.current ?? 0) ? "done" : "todo"), .plain(step))
                })),
                history.isEmpty
                    ? .p(.class("muted"), .plain(model.history.offset == 0 ? "No check-ins yet." : "No check-ins this far back."))
                    : Charts.checkIns(points, target: keyResult.kind.isMeasured ? keyResult.target : nil, baseline: keyResult.baseline,
                                      title: "Check-ins of \(keyResult.title)", unit: keyResult.unit,
                                      nonNegative: cannotBeNegative(keyResult)),
                historyNote(model, shown: history.count)
            ),
            .if(model.canCheckIn, checkInForm(model, context: context)),
            .unwrap(model.feeds) { FeedPanel.render($0, context: context) },
            .section(
                .class("panel"), .id("history"),
                .h2(.plain("History")),
                history.isEmpty ? .p(.class("muted"), .plain("Nothing recorded yet.")) : historyTable(history, unit: keyResult.unit),
                historyLinks(model)
            )
        )
    }

    /// Says which check-ins the chart and the history show, when that is not all of them.
    static func historyNote(_ model: Model, shown: Int) -> Node<HTML.BodyContext> {
        let offset = model.history.offset
        if offset == 0 {
            return .if(model.history.hasOlder, .p(.class("muted history-window"), .plain(
                "The chart and the history show the latest \(historyLimit) check-ins; older ones are on the next pages of the history.")))
        }
        return .p(.class("muted history-window"), .plain(
            shown == 0 ? "Older check-ins: none this far back." : "The chart and the history show check-ins \(offset + 1)–\(offset + shown), newest first."))
    }

    /// Newer and older pages of the history.
    static func historyLinks(_ model: Model) -> Node<HTML.BodyContext> {
        let offset = model.history.offset
        let path = SiteURL.keyResult(.value(model.keyResult.id)).path
        func link(_ to: Int, _ text: String) -> Node<HTML.BodyContext> {
            .a(.safe("href", to == 0 ? path + "#history" : path + "?history=\(to)#history"), .plain(text))
        }
        return .if(offset > 0 || model.history.hasOlder, .p(
            .class("pager"),
            .if(offset > 0, link(max(0, offset - historyLimit), "← Newer check-ins")),
            .if(offset > 0 && model.history.hasOlder, .plain(" · ")),
            .if(model.history.hasOlder, link(offset + historyLimit, "Older check-ins →"))))
    }

    /// Whether the chart's axis may stop at zero: the key result counts, times or takes a share (`Plausibility`).
    static func cannotBeNegative(_ keyResult: KeyResultDTO) -> Bool {
        keyResult.kind.isMeasured ? Plausibility.cannotBeNegative(unit: keyResult.unit) : true
    }

    static func historyTable(_ history: [CheckInDTO], unit: String) -> Node<HTML.BodyContext> {
        .table(
            .class("history"),
            .thead(.tr(.th(.plain("When")), .th(.plain("Value")), .th(.plain("Progress")), .th(.plain("Confidence")), .th(.plain("Narrative")), .th(.plain("By")))),
            .tbody(.forEach(history) { checkIn in
                .tr(
                    .td(.safe("data-label", "When"),
                        .element(named: "time", nodes: [.safe("datetime", LedgerEventBody.timestamp(checkIn.recordedAt)), .plain(Display.dateTime(checkIn.recordedAt))])),
                    .td(.safe("data-label", "Value"), .class("figure"), .plain(OKRViews.quantity(checkIn.value, unit: unit))),
                    .td(.safe("data-label", "Progress"), .class("figure"), .plain(Charts.percent(checkIn.progress))),
                    .td(.safe("data-label", "Confidence"), OKRViews.confidence(checkIn.confidence)),
                    .td(.safe("data-label", "Narrative"), .plain(checkIn.narrative),
                        .if(checkIn.correctsId != nil, .span(.class("badge"), .plain("correction")))),
                    .td(.safe("data-label", "By"), .plain(checkIn.onBehalfOfName.map { "\(checkIn.personName) on behalf of \($0)" } ?? checkIn.personName),
                        .if(checkIn.source != nil, .span(.class("badge source"), .plain("from \(checkIn.source ?? "")"))))
                )
            })
        )
    }

    static func checkInForm(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let keyResult = model.keyResult, form = model.form, errors = model.errors
        let valueLabel: String = switch keyResult.kind {
        case .milestone: "Steps reached (0–\(keyResult.steps.count))"
        case .binary: "Done? 1 for done, 0 for not yet"
        default: "Value" + (keyResult.unit.isEmpty ? "" : " (\(keyResult.unit))")
        }
        let corrections = [("", "Nothing: a new check-in")] + (keyResult.checkIns ?? []).prefix(10).map {
            ($0.id.uuidString.lowercased(), "\(Display.dateTime($0.recordedAt)): \(Charts.number($0.value))")
        }
        return .section(
            .class("panel narrow"), .id("check-in"),
            .h2(.plain("Check in")),
            Forms.errorSummary(errors),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.keyResultCheckIns(.value(keyResult.id)).path),
                Forms.csrf(context.csrfToken),
                Forms.field(valueLabel, name: "value", value: form["value"] ?? "", error: errors["value"]),
                Forms.select("Confidence", name: "confidence", options: Confidence.allCases.map { ($0.rawValue, $0.label) },
                             selected: form["confidence"] ?? keyResult.confidence?.rawValue, error: errors["confidence"]),
                Forms.textarea("Narrative (required when the confidence changes)", name: "narrative", value: form["narrative"] ?? "", error: errors["narrative"]),
                Forms.select("Corrects", name: "correctsId", options: Array(corrections), selected: form["correctsId"], error: errors["correctsId"]),
                Confirmation.step(model.concerns, form: form),
                Forms.submit("Record check-in")
            )
        )
    }
}

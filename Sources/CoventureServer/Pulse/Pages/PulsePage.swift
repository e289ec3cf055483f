import CoventureCore
import Foundation
import Plot

/// The initiative's pulse (issue #15): the answer form for an open round not yet answered, the trend per party, the
/// figures per round and party (hidden under three answers), comments of shown parties, and the settings for admins.
enum PulsePage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var overview: PulseReader.Overview
        var canAnswer: Bool
        var canManage: Bool
        var showSettings: Bool
        /// Which form the input and errors belong to ("answer" or "settings").
        var form: String? = nil
        var values: [String: String] = [:]
        var errors: [String: String] = [:]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative
        let overview = model.overview
        return Layout.page(
            "Pulse · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(initiative.id))), .plain("← " + initiative.name))),
            InitiativeNav.render(initiative, current: .pulse, showSettings: model.showSettings),
            .section(
                .class("panel"),
                .h1(.plain("Pulse")),
                .p(.class("lead"), .plain(
                    "Every \(PulseRules.cadenceLabel(overview.cadenceWeeks)) each member answers three questions — trust, transparency and value alignment, 1 to 5 — for a week. Answers are kept with your party, never with you; a party's figures and comments show once it has \(PulseRules.minimumAnswers) answers in a round."))
            ),
            answerPanel(model, context: context),
            .section(
                .class("panel pulse-trend"),
                .h2(.plain("Trend")),
                overview.rounds.isEmpty
                    ? .p(.class("muted empty"), .plain("No round yet. \(nextText(overview))"))
                    : .group(
                        PulseComponents.legend(overview.parties),
                        .forEach(PulseDimension.allCases) { dimension in
                            PulseComponents.chart(dimension, rounds: overview.rounds.map { ($0.number, overview.figures(of: $0.id)) }, parties: overview.parties)
                        },
                        PulseComponents.table(overview.rounds.map { ($0, overview.figures(of: $0.id)) }, parties: overview.parties))
            ),
            comments(model),
            .if(model.canManage, settings(model, context: context))
        )
    }

    static func nextText(_ overview: PulseReader.Overview) -> String {
        guard let next = overview.nextOpening else { return "" }
        return "The next round opens on \(Display.date(next))."
    }

    static func answerPanel(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let overview = model.overview
        guard let open = overview.openRound else {
            return .section(.class("panel pulse-answer"), .h2(.plain("Answer")),
                            .p(.class("muted"), .plain("No round is open. \(nextText(overview))")))
        }
        let heading: Node<HTML.BodyContext> = .h2(.plain("Round \(open.number), open until \(Display.date(open.closesAt))"))
        if overview.answered.contains(open.id) {
            return .section(.class("panel pulse-answer"), heading,
                            .p(.class("answered"), .plain("You answered this round. Thank you: your answer counts for your party, without your name.")))
        }
        guard model.canAnswer else { return .section(.class("panel pulse-answer"), heading) }
        let errors = model.form == "answer" ? model.errors : [:]
        let values = model.form == "answer" ? model.values : [:]
        return .section(
            .class("panel pulse-answer"), heading,
            Forms.errorSummary(errors),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.pulseAnswers(.value(model.initiative.id)).path),
                Forms.csrf(context.csrfToken),
                .input(.safe("type", "hidden"), .safe("name", "roundId"), .safe("value", open.id.uuidString.lowercased())),
                .forEach(PulseDimension.allCases) { PulseComponents.scale($0, value: values[$0.rawValue], error: errors[$0.rawValue]) },
                Forms.textarea("Comment (optional, shown for your party once it has \(PulseRules.minimumAnswers) answers)", name: "comment",
                               value: values["comment"] ?? "", error: errors["comment"]),
                Forms.submit("Send my answer")
            )
        )
    }

    static func comments(_ model: Model) -> Node<HTML.BodyContext> {
        let overview = model.overview
        let rounds = overview.rounds.reversed().filter { !overview.shownComments(of: $0.id).isEmpty }
        guard !rounds.isEmpty else { return .empty }
        return .section(
            .class("panel pulse-comments"),
            .h2(.plain("Comments")),
            .forEach(Array(rounds)) { round in
                let shown = Dictionary(grouping: overview.shownComments(of: round.id), by: \.partyID)
                return .div(
                    .class("pulse-round-comments"), .safe("data-round", String(round.number)),
                    .h3(.plain("Round \(round.number)")),
                    .forEach(overview.parties.filter { shown[$0.id] != nil }) { party in
                        .div(.h4(.plain(party.name)), .ul(.forEach(shown[party.id] ?? []) { .li(.plain($0.text)) }))
                    }
                )
            }
        )
    }

    static func settings(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let errors = model.form == "settings" ? model.errors : [:]
        let cadence = model.form == "settings" ? model.values["cadenceWeeks"] ?? "" : String(model.overview.cadenceWeeks)
        let id = model.initiative.id
        return .section(
            .class("panel pulse-settings"),
            .h2(.plain("Settings")),
            Forms.errorSummary(errors),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.pulseSettings(.value(id)).path),
                Forms.csrf(context.csrfToken),
                Forms.field("Open a round every (weeks)", name: "cadenceWeeks", value: cadence, type: "number",
                            hint: "1 to 52; a round stays open \(PulseRules.roundDays) days", error: errors["cadenceWeeks"]),
                Forms.submit("Save")
            ),
            .if(model.overview.openRound == nil, .group(
                .p(.plain("Or open a round now; it closes after \(PulseRules.roundDays) days.")),
                Forms.action(.pulseRounds(.value(id)), "Open a round now", token: context.csrfToken)
            ))
        )
    }
}

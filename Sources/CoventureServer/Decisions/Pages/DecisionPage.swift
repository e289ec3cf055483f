import CoventureCore
import Foundation
import Plot

/// One decision: the proposal and its context, the type's rules in words, the live tally (unless hidden), every vote
/// with its person, party, position, reason and version, the version history, the outcome, and the forms.
enum DecisionPage {
    struct Version: Sendable {
        var version: Int
        var title: String
        var proposal: String
        var createdAt: Date
    }

    struct Model: Sendable {
        var initiative: InitiativeDTO
        var decision: DecisionDTO
        /// The rules the decision runs under (frozen when it opened).
        var rules: DecisionRules
        /// Every vote, oldest first (only the viewer's own while hidden).
        var votes: [VoteDTO]
        /// Newest first.
        var versions: [Version]
        var viewerID: UUID
        var canVote: Bool
        /// Why the viewer cannot vote, when they are a member who cannot.
        var voteRefusal: String?
        var canManage: Bool
        var canDecide: Bool
        var workstreamName: String?
        var supersedes: (id: UUID, label: String)?
        /// Names of the people a deadlock's step puts up.
        var names: [UUID: String]
        var showSettings: Bool
        var values: [String: String]
        var errors: [String: String]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let decision = model.decision, initiative = model.initiative
        let heading = decision.number.map { "\($0) · \(decision.title)" } ?? decision.title
        return Layout.page(
            "\(heading) · Decisions", context,
            .p(.class("crumbs"), .a(.link(.decisions(.value(initiative.id))), .plain("← Decision register of " + initiative.name))),
            LiveUpdates.marker(initiativeID: initiative.id),
            InitiativeNav.render(initiative, current: .decisions, showSettings: model.showSettings),
            .section(
                .class("panel decision"), .safe("data-decision", decision.id.uuidString.lowercased()),
                .h1(.plain(heading)),
                .p(.class("meta"), DecisionComponents.status(decision),
                   .span(.plain(" \(decision.typeName) · proposed by \(decision.authorName) · version \(decision.version)")),
                   .unwrap(decision.closesAt) { closes in
                       .span(.plain(decision.status == .open ? " · closes \(Display.dateTime(closes))" : ""))
                   }),
                Forms.errorSummary(model.errors),
                .unwrap(decision.deadlock) { deadlock in
                    .div(.class("alert danger deadlock"), .safe("role", "status"),
                         .p(.strong(.plain("Deadlock: ")),
                            .plain("this reserved matter failed twice. Step \(deadlock.step), \(deadlock.stepName), is up since \(Display.date(deadlock.upSince))")),
                         .p(.plain("Who is up: " + (deadlock.people.isEmpty ? "nobody named yet on the escalation ladder"
                            : deadlock.people.map { model.names[$0] ?? "a member" }.joined(separator: ", ")))))
                },
                .div(.class("proposal"), .plain(decision.proposal)),
                .unwrap(decision.change) { change in
                    .div(.class("alert info change"),
                         .p(.strong(.plain("If it passes: ")), .plain(change.summary)),
                         .p(.class("muted"), .plain(changeState(change))))
                },
                .unwrap(model.workstreamName) { .p(.plain("Workstream: \($0)")) },
                .unwrap(model.supersedes) { supersedes in
                    .p(.plain("Proposed again after "),
                       .a(.link(.decision(.value(initiative.id), decision: .value(supersedes.id))), .plain(supersedes.label)))
                },
                .h2(.plain("How this decides")),
                .ul(.class("rules"), .forEach(model.rules.summary) { .li(.plain($0)) })
            ),
            outcome(model),
            tallySection(model),
            .if(model.canVote && decision.status == .open, voteForm(model, context: context)),
            .if(!model.canVote && decision.status == .open && model.voteRefusal != nil,
                .section(.class("panel"), .p(.class("muted"), .plain(model.voteRefusal ?? "")))),
            .if(model.canDecide && decision.awaitingOutcome, outcomeForm(model, context: context)),
            votesSection(model),
            .if(model.versions.count > 1, versionsSection(model)),
            .if(model.canManage && (decision.status == .draft || decision.status == .open), manageSection(model, context: context))
        )
    }

    static func changeState(_ change: ProposedChangeDTO) -> String {
        switch change.state {
        case "applied": "Applied when the decision was sealed."
        case "notApplied": "Not applied: the decision did not pass."
        case "lapsed": change.note ?? "It lapsed: it no longer fitted the initiative."
        default: "It takes effect in the same moment the decision is sealed, and only if it passes."
        }
    }

    static func outcome(_ model: Model) -> Node<HTML.BodyContext> {
        guard let outcome = model.decision.outcome else { return .empty }
        let answered = model.votes.filter { $0.answer != nil && $0.current }
        return .section(
            .class("panel outcome"),
            .h2(.plain(model.decision.number.map { "Outcome, sealed as \($0)" } ?? "Outcome")),
            .p(.class("result"), .strong(.plain(DecisionComponents.resultText(outcome)))),
            .unwrap(model.decision.closedAt) { .p(.class("muted"), .plain("Sealed \(Display.dateTime($0)). A sealed decision changes no more.")) },
            .unwrap(outcome.statement) { .div(.h3(.plain("Statement")), .p(.class("purpose"), .plain($0))) },
            .unwrap(outcome.rationale) { .div(.h3(.plain("Rationale")), .p(.class("purpose"), .plain($0))) },
            .unwrap(outcome.reviewOn) { .p(.plain("To be reviewed on \(Display.day($0)).")) },
            .if(!answered.isEmpty, .div(
                .h3(.plain("Objections answered")),
                .ul(.forEach(answered) { vote in
                    .li(.strong(.plain("\(vote.personName) (\(vote.organizationName)) objected: ")), .plain(vote.reason ?? "—"),
                        .p(.class("answer"), .plain("Answer: " + (vote.answer ?? ""))))
                })
            ))
        )
    }

    static func tallySection(_ model: Model) -> Node<HTML.BodyContext> {
        let decision = model.decision
        guard decision.status != .draft else { return .empty }
        return .section(
            .class("panel"),
            .h2(.plain(decision.outcome == nil ? "Tally so far" : "Tally at the seal")),
            decision.tally.map { DecisionComponents.tally($0, method: decision.method) }
                ?? .p(.class("muted hidden-tally"), .plain("Votes and the tally stay hidden until the decision closes."))
        )
    }

    static func voteForm(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let mine = model.votes.last { $0.personId == model.viewerID && $0.current }
        let chosen = model.values["position"] ?? mine?.position.rawValue
        let positions = model.rules.method.positions
        return .section(
            .class("panel"),
            .h2(.id("vote"), .plain(mine == nil ? "Your vote" : "Change your vote")),
            .unwrap(mine) { vote in
                .p(.plain("You voted "), .strong(.plain(vote.position.label.lowercased())),
                   .plain(vote.version < model.decision.version
                        ? " on version \(vote.version); the proposal has changed since: confirm or change your vote." : "."))
            },
            .form(
                .safe("method", "post"), .safe("action", SiteURL.decisionVote(.value(model.initiative.id), decision: .value(model.decision.id)).path),
                Forms.csrf(context.csrfToken),
                .fieldset(
                    .class(model.errors["position"] == nil ? "field positions" : "field positions has-error"),
                    .element(named: "legend", text: "Position"),
                    .forEach(positions) { position in
                        .label(
                            .class("choice"),
                            .input(.type(.radio), .name("position"), .value(position.rawValue),
                                   .id("field-position-\(position.rawValue)"),
                                   chosen == position.rawValue ? .flag("checked") : .empty),
                            .plain(" " + position.label)
                        )
                    },
                    .unwrap(model.errors["position"]) { .p(.class("error"), .id("field-position-error"), .plain(FieldLabels.sentence("Position", $0))) }
                ),
                Forms.textarea(reasonLabel(model.rules.reasonRequired), name: "reason", value: model.values["reason"] ?? "", error: model.errors["reason"]),
                Forms.submit(mine == nil ? "Cast my vote" : "Record my new vote")
            )
        )
    }

    static func reasonLabel(_ requirement: ReasonRequirement) -> String {
        switch requirement {
        case .none: "Reason (optional)"
        case .againstOnly: "Reason (required for a concern, an objection, a block or a no)"
        case .always: "Reason (required)"
        }
    }

    static func outcomeForm(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let objections = model.votes.filter { $0.current && $0.position == .object }
        let values = model.values, errors = model.errors
        return .section(
            .class("panel"),
            .h2(.id("outcome"), .plain("Record the outcome")),
            .p(.plain("The advice is in. Decide, and answer every objection by name: the answers are sealed with the outcome.")),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.decisionOutcome(.value(model.initiative.id), decision: .value(model.decision.id)).path),
                Forms.csrf(context.csrfToken),
                Forms.select("Decision", name: "adopted", options: [("true", "Adopt the proposal"), ("false", "Do not adopt it")],
                             selected: values["adopted"], error: errors["adopted"], placeholder: "Choose…"),
                Forms.textarea("Statement", name: "statement", value: values["statement"] ?? "", error: errors["statement"]),
                Forms.textarea("Rationale", name: "rationale", value: values["rationale"] ?? "", error: errors["rationale"]),
                Forms.field("Review on", name: "reviewOn", value: values["reviewOn"] ?? "", type: "date", required: false, error: errors["reviewOn"]),
                .forEach(objections) { vote in
                    Forms.textarea("Answer to \(vote.personName) (\(vote.organizationName)), who objected: “\(vote.reason ?? "")”",
                                   name: "answer-\(vote.id.uuidString.lowercased())", value: values["answer-\(vote.id.uuidString.lowercased())"] ?? "",
                                   error: nil)
                },
                .unwrap(errors["answers"]) { .p(.class("error"), .plain(FieldLabels.sentence("Answers", $0))) },
                Forms.submit("Seal the outcome")
            )
        )
    }

    static func votesSection(_ model: Model) -> Node<HTML.BodyContext> {
        let decision = model.decision
        guard decision.status != .draft else { return .empty }
        return .section(
            .class("panel"),
            .h2(.plain("Votes")),
            model.votes.isEmpty
                ? .p(.class("muted"), .plain(decision.tally == nil && decision.outcome == nil ? "Hidden until the close." : "No votes yet."))
                : .table(
                    .class("votes"),
                    .thead(.tr(.th(.plain("Person")), .th(.plain("Party")), .th(.plain("Position")), .th(.plain("Reason")), .th(.plain("Cast")))),
                    .tbody(.forEach(model.votes.reversed()) { vote in
                        .tr(
                            .class(vote.current ? "current" : "superseded"),
                            .td(.safe("data-label", "Person"), .plain(vote.personName)),
                            .td(.safe("data-label", "Party"), .plain(vote.organizationName)),
                            .td(.safe("data-label", "Position"), .strong(.plain(vote.position.label)),
                                .if(!vote.current, .span(.class("muted"), .plain(" (changed since)")))),
                            .td(.safe("data-label", "Reason"), .plain(vote.reason ?? "—")),
                            .td(.safe("data-label", "Cast"),
                                .plain("\(Display.dateTime(vote.castAt)) on version \(vote.version)"),
                                .if(vote.version < decision.version && vote.current, .span(.class("badge"), .plain("earlier version"))))
                        )
                    })
                )
        )
    }

    static func versionsSection(_ model: Model) -> Node<HTML.BodyContext> {
        .section(
            .class("panel"),
            .h2(.plain("Version history")),
            .forEach(model.versions) { version in
                .element(named: "details", nodes: [
                    .element(named: "summary", nodes: [.plain("Version \(version.version) — \(version.title) — \(Display.dateTime(version.createdAt))")]),
                    .div(.class("proposal"), .plain(version.proposal)),
                ])
            }
        )
    }

    /// The values "Edit the proposal" edits, as it shows them: what its version is a digest of (issue #17). The closing
    /// time is not among them: the form leaves it empty to keep it.
    static func editedFields(_ decision: DecisionDTO) -> [String: String] {
        ["title": decision.title, "proposal": decision.proposal]
    }

    static func manageSection(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let decision = model.decision, initiativeID = model.initiative.id
        let everyoneVoted = decision.tally.map { $0.voted == $0.eligible && $0.eligible > 0 } ?? false
        let errors = model.errors
        let edit = EditedValues(stored: editedFields(decision), typed: model.values, errors: errors)
        return .section(
            .class("panel"),
            .h2(.plain("Manage this decision")),
            .div(
                .class("actions"),
                .if(decision.status == .draft,
                    Forms.action(.decisionOpen(.value(initiativeID), decision: .value(decision.id)), "Open for votes", token: context.csrfToken)),
                .if(decision.status == .open && everyoneVoted,
                    Forms.action(.decisionClose(.value(initiativeID), decision: .value(decision.id)), "Close now: everyone has voted", token: context.csrfToken)),
                Forms.action(.decisionWithdraw(.value(initiativeID), decision: .value(decision.id)), "Withdraw", token: context.csrfToken, danger: true)
            ),
            .element(named: "details", nodes: [
                .if(errors.keys.contains(where: { ["title", "proposal", "closesAt", EditedValues.conflictKey].contains($0) }), .attribute(named: "open")),
                .element(named: "summary", nodes: [.plain("Edit the proposal")]),
                .p(.class("muted"), .plain("After the first vote, an edit makes a new version; everyone who voted is asked to confirm or change their vote.")),
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.decision(.value(initiativeID), decision: .value(decision.id)).path),
                    Forms.csrf(context.csrfToken),
                    edit.version,
                    Forms.field("Title", name: "title", value: edit.value("title"), error: errors["title"]),
                    edit.typedNote("title"),
                    Forms.textarea("Proposal", name: "proposal", value: edit.value("proposal"), error: errors["proposal"]),
                    edit.typedNote("proposal"),
                    Forms.field("Closes at (UTC)", name: "closesAt", value: edit.value("closesAt"), type: "datetime-local", required: false,
                                hint: "Leave empty to keep the closing time.", error: errors["closesAt"]),
                    Forms.submit("Save")
                ),
            ])
        )
    }
}

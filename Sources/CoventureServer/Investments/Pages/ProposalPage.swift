import CoventureCore
import Foundation
import Plot

/// One investment proposal: the case for it, its score with each party's view and where they diverge, the ratings
/// with their comments, the tranches with each party's share, and the gates with their decisions and outcomes.
enum ProposalPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var proposal: ProposalDTO
        /// The criteria of the framework it is scored against (empty until one is in force).
        var criteria: [CriterionDTO]
        var objectives: [(id: UUID, title: String)]
        var metrics: [(id: UUID, name: String)]
        var keyResults: [UUID: String]
        var workstreamName: String?
        var names: [UUID: String]
        var viewerID: UUID
        var decisionTypes: [DecisionTypeDTO]
        var canRate: Bool
        var canManage: Bool
        var canDecideGate: Bool
        var showSettings: Bool
        /// Which form a refusal belongs to ("rating", "gate", "outcome"), its input and its errors.
        var form: String?
        var values: [String: String]
        var errors: [String: String]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative, proposal = model.proposal
        return Layout.page(
            "\(proposal.title) · Portfolio · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.portfolio(.value(initiative.id))), .plain("← Portfolio of " + initiative.name))),
            InitiativeNav.render(initiative, current: .portfolio, showSettings: model.showSettings),
            .section(
                .class("panel"),
                .h1(.plain(proposal.title)),
                .p(InvestmentViews.stage(proposal.stage), .text(" "), .span(.class("muted"), .plain(
                    "Proposed by \(proposal.authorName) on \(Display.date(proposal.createdAt))"
                    + (model.workstreamName.map { " for the workstream \($0)" } ?? "") + "."))),
                .dl(
                    .class("facts"),
                    .dt(.plain("Problem")), .dd(.plain(proposal.problem)),
                    .dt(.plain("Hypothesis")), .dd(.plain(proposal.hypothesis)),
                    .dt(.plain("Ask")), .dd(.plain("\(proposal.ask.formatted) — \(proposal.released.formatted) released, \(proposal.remaining.formatted) remaining")),
                    .if(!model.objectives.isEmpty, .group(
                        .dt(.plain("Objectives")),
                        .dd(.ul(.forEach(model.objectives) { objective in .li(.plain(objective.title)) }))
                    )),
                    .if(!model.metrics.isEmpty, .group(
                        .dt(.plain("Value metrics")),
                        .dd(.ul(.forEach(model.metrics) { metric in
                            .li(.a(.link(.valueMetric(.value(initiative.id), metric: .value(metric.id))), .plain(metric.name)))
                        }))
                    ))
                ),
                .if(model.canManage, .div(.class("actions"),
                    .if(proposal.stage.planEditable || proposal.stage.takesRatings,
                        .a(.class("button secondary"), .link(.proposalEdit(.value(initiative.id), proposal: .value(proposal.id))), .plain("Change the proposal")))))
            ),
            scorePanel(model),
            gatesPanel(model, context: context),
            tranchesPanel(model),
            ratingForm(model, context: context)
        )
    }

    // MARK: Score

    static func scorePanel(_ model: Model) -> Node<HTML.BodyContext> {
        let proposal = model.proposal
        guard let score = proposal.score else {
            return .section(.class("panel"), .h2(.plain("Score")), .p(.class("muted empty"), .plain(
                "No scoring framework is in force yet. Once the partners ratify one, raters of every party score this proposal against it.")))
        }
        let names = Dictionary(proposal.funding.map { ($0.organizationId, $0.organizationName) }, uniquingKeysWith: { a, _ in a })
            .merging(score.parties.map { ($0.organizationId, $0.organizationName) }, uniquingKeysWith: { a, _ in a })
        let partyOrder = score.parties.map(\.organizationId)
        return .section(
            .class("panel"),
            .h2(.plain("Score")),
            .p(.plain("Scored against version \(proposal.frameworkVersion.map(String.init) ?? "?") of the scoring framework by \(Display.count(score.raters, "rater")); \(score.ratedCriteria) of \(score.criteria.count) criteria rated.")),
            .div(.class("score-summary"),
                 .p(.class("big"), .strong(.plain(InvestmentViews.score(score.overall))), .span(.class("muted"), .plain(" of 100"))),
                 InvestmentViews.scale(score, label: "Score of \(proposal.title)")),
            .if(!score.parties.isEmpty, .table(
                .class("data"),
                .caption(.plain("Each party's own score")),
                .thead(.tr(.th(.plain("Party")), .th(.plain("Score")))),
                .tbody(.forEach(score.parties) { party in
                    .tr(.th(.safe("scope", "row"), .plain(party.organizationName)), .td(.safe("data-label", "Score"), .plain(InvestmentViews.score(party.score))))
                })
            )),
            .table(
                .class("data criteria"),
                .caption(.plain("Per criterion: normalized 0–100, higher is better after inversion")),
                .thead(.tr(
                    .th(.plain("Criterion")), .th(.plain("Weight")), .th(.plain("Mean")), .th(.plain("Spread")),
                    .forEach(partyOrder) { party in .th(.plain(names[party] ?? "Party")) }
                )),
                .tbody(.forEach(score.criteria) { criterion in
                    .tr(
                        .class(criterion.divergent ? "divergent" : ""),
                        .th(.safe("scope", "row"), .plain(criterion.name),
                            .if(criterion.divergent, .span(.class("badge warning"), .plain("Parties differ by more than 20 points")))),
                        .td(.safe("data-label", "Weight"), .plain(String(criterion.weight))),
                        .td(.safe("data-label", "Mean"), .plain(InvestmentViews.score(criterion.mean))),
                        .td(.safe("data-label", "Spread"), .plain(InvestmentViews.range(criterion.spread))),
                        .forEach(partyOrder) { party in
                            .td(.safe("data-label", names[party] ?? "Party"),
                                .plain(InvestmentViews.score(criterion.partyMeans.first { $0.organizationId == party }?.mean)))
                        }
                    )
                })
            ),
            ratingsList(model)
        )
    }

    static func ratingsList(_ model: Model) -> Node<HTML.BodyContext> {
        let ratings = model.proposal.ratings.sorted { $0.ratedAt > $1.ratedAt }
        guard !ratings.isEmpty else { return .p(.class("muted"), .plain("No ratings yet.")) }
        let criteria = Dictionary(model.criteria.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let parties = Dictionary(model.proposal.funding.map { ($0.organizationId, $0.organizationName) }, uniquingKeysWith: { a, _ in a })
            .merging((model.proposal.score?.parties ?? []).map { ($0.organizationId, $0.organizationName) }, uniquingKeysWith: { a, _ in a })
        return .element(named: "details", nodes: [
            .element(named: "summary", text: "Every rating with its comment (\(ratings.count))"),
            .ul(.class("ratings"), .forEach(ratings) { rating in
                .li(
                    .strong(.plain(rating.personName)), .span(.class("muted"), .plain(" (\(parties[rating.organizationId] ?? "a party"))")),
                    .text(" rated "), .strong(.plain(criteria[rating.criterionId]?.name ?? "a criterion")), .text(" "),
                    .plain(ScoringCriterion.format(rating.value)),
                    .unwrap(criteria[rating.criterionId]) { .span(.class("muted"), .plain(" on \(ScoringCriterion.format($0.min))–\(ScoringCriterion.format($0.max))")) },
                    .if(!rating.comment.isEmpty, .p(.class("comment"), .plain(rating.comment)))
                )
            }),
        ])
    }

    static func ratingForm(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        guard model.canRate, model.proposal.stage.takesRatings, !model.criteria.isEmpty else { return .empty }
        let mine = Dictionary(model.proposal.ratings.filter { $0.personId == model.viewerID }.map { ($0.criterionId, $0) }, uniquingKeysWith: { a, _ in a })
        let refused = model.form == "rating"
        let values = refused ? model.values : [:], errors = refused ? model.errors : [:]
        return .section(
            .class("panel"), .id("rate"),
            .h2(.plain(mine.isEmpty ? "Rate this proposal" : "Change your rating")),
            .p(.class("hint"), .plain("Score the criteria you can judge; leave the others empty. Your latest score on a criterion is the one that counts.")),
            Forms.errorSummary(errors),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.proposalRatings(.value(model.initiative.id), proposal: .value(model.proposal.id)).path),
                Forms.csrf(context.csrfToken),
                .forEach(model.criteria) { criterion in
                    let key = criterion.id.uuidString.lowercased()
                    return .fieldset(
                        .element(named: "legend", text: "\(criterion.name) (weight \(criterion.weight))"),
                        .if(!criterion.description.isEmpty, .p(.class("hint"), .plain(criterion.description))),
                        Forms.field(
                            "Score", name: "score-\(key)", value: values["score-\(key)"] ?? mine[criterion.id].map { ScoringCriterion.format($0.value) } ?? "",
                            type: "text", required: false,
                            hint: "\(ScoringCriterion.format(criterion.min)) to \(ScoringCriterion.format(criterion.max))\(criterion.decimals ? "" : ", whole numbers"); \(criterion.direction.label.lowercased())",
                            error: errors["score-\(key)"]),
                        Forms.textarea("Comment", name: "comment-\(key)", value: values["comment-\(key)"] ?? mine[criterion.id]?.comment ?? "",
                                       error: errors["comment-\(key)"])
                    )
                },
                Forms.submit("Save my rating")
            )
        )
    }

    // MARK: Money

    static func tranchesPanel(_ model: Model) -> Node<HTML.BodyContext> {
        let proposal = model.proposal
        let names = Dictionary(proposal.funding.map { ($0.organizationId, $0.organizationName) }, uniquingKeysWith: { a, _ in a })
        return .section(
            .class("panel"),
            .h2(.plain("Funding")),
            .table(
                .class("data money"),
                .caption(.plain("Each party's pledge")),
                .thead(.tr(.th(.plain("Party")), .th(.plain("Pledged")), .th(.plain("Released")), .th(.plain("Remaining")))),
                .tbody(.forEach(proposal.funding) { pledge in
                    .tr(
                        .th(.safe("scope", "row"), .plain(pledge.organizationName)),
                        .td(.safe("data-label", "Pledged"), .plain(pledge.amount.formatted)),
                        .td(.safe("data-label", "Released"), .plain(pledge.released.formatted)),
                        .td(.safe("data-label", "Remaining"), .plain(pledge.remaining.formatted))
                    )
                })
            ),
            .table(
                .class("data tranches"),
                .caption(.plain("Tranches, released gate by gate")),
                .thead(.tr(.th(.plain("Tranche")), .th(.plain("Milestone")), .th(.plain("Amount")), .th(.plain("Released")))),
                .tbody(.forEach(proposal.tranches) { tranche in
                    .tr(
                        .th(.safe("scope", "row"), .plain(String(tranche.position))),
                        .td(.safe("data-label", "Milestone"), .plain(tranche.milestone),
                            .unwrap(tranche.keyResultId.flatMap { model.keyResults[$0] }) { .p(.class("muted"), .plain("Key result: \($0)")) }),
                        .td(.safe("data-label", "Amount"), .plain(tranche.amount.formatted)),
                        .td(.safe("data-label", "Released"),
                            tranche.releasedAt.map { date in
                                .group(
                                    .plain("On \(Display.date(date))"),
                                    .ul(.class("parties"), .forEach(tranche.releases) { release in
                                        .li(.plain("\(names[release.organizationId] ?? "A party"): \(release.amount.formatted)"))
                                    }))
                            } ?? .span(.class("muted"), .plain("Not yet")))
                    )
                })
            ),
            .p(.class("hint"), .plain(
                "A released tranche is split in proportion to what each party still has to fund; cents left by rounding go to the largest fractions, so every pledge is met exactly by the last tranche."))
        )
    }

    // MARK: Gates

    static func gatesPanel(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let proposal = model.proposal, initiative = model.initiative
        let next = proposal.tranches.first { $0.releasedAt == nil }
        let awaiting = proposal.gates.last?.outcome == .awaitingOwner
        let refusedGate = model.form == "gate", refusedOutcome = model.form == "outcome"
        let defaultType = model.decisionTypes.first(where: \.isDefault) ?? model.decisionTypes.first
        return .section(
            .class("panel"), .id("gates"),
            .h2(.plain("Gates")),
            proposal.gates.isEmpty
                ? .p(.class("muted"), .plain("No gate yet. A gate is a decision of the partners on releasing the next tranche."))
                : .ol(.class("gates"), .forEach(proposal.gates) { gate in
                    .li(
                        .strong(.plain("Gate \(gate.position)")), .text(" "), InvestmentViews.outcome(gate.outcome), .text(" "),
                        .a(.link(.decision(.value(initiative.id), decision: .value(gate.decisionId))), .plain("the decision")),
                        .span(.class("muted"), .plain(" — opened \(Display.date(gate.openedAt))"
                            + (gate.decidedAt.map { ", decided \(Display.date($0))" } ?? "")
                            + (gate.decidedBy.flatMap { model.names[$0] }.map { " by \($0)" } ?? ""))),
                        .unwrap(gate.reason) { .p(.class("comment"), .plain($0)) }
                    )
                }),
            .if(model.canManage && proposal.stage.opensGate && next != nil, .group(Forms.errorSummary(refusedGate ? model.errors : [:]), .form(
                .safe("method", "post"), .safe("action", SiteURL.proposalGates(.value(initiative.id), proposal: .value(proposal.id)).path),
                Forms.csrf(context.csrfToken),
                .p(.plain("Open gate \(proposal.gates.count + 1): the partners decide whether to release tranche \(next?.position ?? 0) (\(next?.amount.formatted ?? "")) for “\(next?.milestone ?? "")”.")),
                Forms.select("Decided as", name: "typeId",
                             options: model.decisionTypes.map { ($0.id.uuidString.lowercased(), "\($0.name) — \($0.method.label.lowercased())") },
                             selected: (refusedGate ? model.values["typeId"] : nil) ?? defaultType?.id.uuidString.lowercased(),
                             error: refusedGate ? model.errors["typeId"] : nil),
                Forms.submit("Open the gate")
            ))),
            .if(awaiting && model.canDecideGate, .group(
                .h3(.plain("The gate did not pass: the owner decides what happens")),
                Forms.errorSummary(refusedOutcome ? model.errors : [:]), .form(
                .safe("method", "post"), .safe("action", SiteURL.proposalOutcome(.value(initiative.id), proposal: .value(proposal.id)).path),
                Forms.csrf(context.csrfToken),
                Forms.select("Outcome", name: "outcome",
                             options: [("kill", "Kill: stop it, nothing more is released"), ("hold", "Hold: pause; a gate may open again later"),
                                       ("recycle", "Recycle: back to rating, against the framework in force")],
                             selected: refusedOutcome ? model.values["outcome"] : nil, error: refusedOutcome ? model.errors["outcome"] : nil,
                             placeholder: "Choose"),
                Forms.textarea("Reason", name: "reason", value: refusedOutcome ? model.values["reason"] ?? "" : "",
                               error: refusedOutcome ? model.errors["reason"] : nil),
                Forms.submit("Record the outcome")
            ))),
            .if(awaiting && !model.canDecideGate, .p(.class("muted"), .plain("The last gate did not pass: the owning organization's admins record kill, hold or recycle.")))
        )
    }
}

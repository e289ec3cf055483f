import CoventureCore
import Foundation
import Plot

/// The initiative's investment portfolio: every proposal's stage, score with its spread between the parties, and the
/// money asked, released and remaining, per party and in total.
enum PortfolioPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var portfolio: PortfolioDTO
        var sort: InvestmentReader.PortfolioSort
        var framework: ScoringFrameworkDTO?
        var frameworkPending: Bool
        var canPropose: Bool
        var showSettings: Bool
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let initiative = model.initiative
        return Layout.page(
            "Portfolio · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(initiative.id))), .plain("← " + initiative.name))),
            InitiativeNav.render(initiative, current: .portfolio, showSettings: model.showSettings),
            .section(
                .class("panel"),
                .h1(.plain("Investment portfolio")),
                .p(.class("lead"), .plain(
                    "What the partners invest in, and why: each proposal scored by raters of every party against the jointly ratified criteria, taken through gates that release its funding in tranches.")),
                .p(.plain(frameworkSentence(model))),
                .div(
                    .class("actions"),
                    .if(model.canPropose, .a(.class("button primary"), .link(.newProposal(.value(initiative.id))), .plain("Propose an investment"))),
                    .a(.class("button secondary"), .link(.scoringFramework(.value(initiative.id))), .plain("Scoring framework"))
                )
            ),
            totals(model.portfolio.totals),
            .section(
                .class("panel"),
                .h2(.plain(Display.count(model.portfolio.proposals.count, "proposal"))),
                model.portfolio.proposals.isEmpty
                    ? .p(.class("muted empty"), .plain("No proposals yet. A proposal states the problem, the hypothesis and the ask, and how each party funds it."))
                    : table(model)
            )
        )
    }

    static func frameworkSentence(_ model: Model) -> String {
        let inForce = model.framework.map {
            "Scored against version \($0.version) of the scoring framework (\(Display.count($0.criteria.count, "criterion", plural: "criteria")))."
        } ?? "No scoring framework is in force yet: proposals are scored once one is ratified."
        return inForce + (model.frameworkPending ? " A new version awaits its decision." : "")
    }

    static func totals(_ totals: [PortfolioDTO.Total]) -> Node<HTML.BodyContext> {
        guard !totals.isEmpty else { return .empty }
        return .section(
            .class("panel"),
            .h2(.plain("Funding per party")),
            .forEach(totals) { total in
                .table(
                    .class("data money"),
                    .caption(.plain("In \(total.currency)")),
                    .thead(.tr(.th(.plain("Party")), .th(.plain("Asked")), .th(.plain("Released")), .th(.plain("Remaining")))),
                    .tbody(
                        .forEach(total.parties) { party in
                            .tr(
                                .th(.safe("scope", "row"), .plain(party.organizationName)),
                                .td(.safe("data-label", "Asked"), .plain(party.pledged.formatted)),
                                .td(.safe("data-label", "Released"), .plain(party.released.formatted)),
                                .td(.safe("data-label", "Remaining"), .plain(party.remaining.formatted))
                            )
                        },
                        .tr(
                            .class("total"),
                            .th(.safe("scope", "row"), .plain("Total")),
                            .td(.safe("data-label", "Asked"), .plain(total.asked.formatted)),
                            .td(.safe("data-label", "Released"), .plain(total.released.formatted)),
                            .td(.safe("data-label", "Remaining"), .plain(total.remaining.formatted))
                        )
                    )
                )
            },
            .p(.class("hint"), .plain("A killed proposal counts only what it had released."))
        )
    }

    static func sortLink(_ model: Model, _ sort: InvestmentReader.PortfolioSort, _ label: String) -> Node<HTML.BodyContext> {
        let path = SiteURL.portfolio(.value(model.initiative.id)).path + (sort == .created ? "" : "?sort=\(sort.rawValue)")
        return model.sort == sort
            ? .a(.safe("href", path), .safe("aria-current", "true"), .plain(label + " ▾"))
            : .a(.safe("href", path), .plain(label))
    }

    static func table(_ model: Model) -> Node<HTML.BodyContext> {
        .table(
            .class("data portfolio"),
            .thead(.tr(
                .th(sortLink(model, .title, "Proposal")), .th(sortLink(model, .stage, "Stage")), .th(sortLink(model, .score, "Score")),
                .th(.plain("Spread between parties")), .th(sortLink(model, .ask, "Asked")), .th(.plain("Released")), .th(.plain("Remaining"))
            )),
            .tbody(.forEach(model.portfolio.proposals) { row in
                .tr(
                    .td(.safe("data-label", "Proposal"),
                        .a(.link(.proposal(.value(model.initiative.id), proposal: .value(row.id))), .plain(row.title)),
                        .ul(.class("parties"), .forEach(row.parties) { party in
                            .li(.plain("\(party.organizationName): \(party.released.formatted) of \(party.pledged.formatted) released"))
                        })),
                    .td(.safe("data-label", "Stage"), InvestmentViews.stage(row.stage)),
                    .td(.safe("data-label", "Score"), .plain(InvestmentViews.score(row.score)),
                        .if(row.divergentCriteria > 0, .span(.class("badge warning"), .plain(
                            row.divergentCriteria == 1 ? "1 criterion divides the parties" : "\(row.divergentCriteria) criteria divide the parties")))),
                    .td(.safe("data-label", "Spread"), .plain(InvestmentViews.range(row.scoreSpread))),
                    .td(.safe("data-label", "Asked"), .plain(row.ask.formatted)),
                    .td(.safe("data-label", "Released"), .plain(row.released.formatted)),
                    .td(.safe("data-label", "Remaining"), .plain(row.remaining.formatted))
                )
            })
        )
    }
}

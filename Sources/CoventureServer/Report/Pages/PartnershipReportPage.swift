import CoventureCore
import Foundation
import Plot

/// The partnership report for a quarter: the page a sponsor prints (A4) for the steering meeting. Value against
/// target with attestation, OKR progress, the decisions sealed, the money released per party, the streams that need
/// attention. Charts are SVG drawn here; every figure is also in a table, for print and screen readers.
enum PartnershipReportPage {
    struct Model: Sendable {
        var report: PartnershipReportDTO
        var quarter: Quarter
        var initiative: InitiativeDTO
        var showSettings: Bool
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let report = model.report, initiative = model.initiative
        return Layout.page(
            "Report \(report.periodLabel) · \(report.initiativeName)", context,
            .p(.class("crumbs no-print"), .a(.link(.initiative(.value(initiative.id))), .plain("← " + initiative.name))),
            .div(.class("no-print"), InitiativeNav.render(initiative, current: .report, showSettings: model.showSettings)),
            .section(
                .class("panel report-head"),
                .h1(.plain("\(report.initiativeName): partnership report, \(report.periodLabel)")),
                .p(.class("lead"), .plain(
                    "From \(ActivityFormat.date(report.from)) to \(ActivityFormat.date(report.to)). Generated \(Display.dateTime(report.generatedAt)) from the shared record; every figure can be traced in the ledger.")),
                .p(.plain("Parties: " + report.parties.map { party in
                    party.name + (party.isOwner ? " (owner" + (party.stake.map { ", \($0) %" } ?? "") + ")" : (party.stake.map { " (\($0) %)" } ?? ""))
                }.joined(separator: " · "))),
                periodForm(model)
            ),
            valueSection(report),
            objectivesSection(report),
            decisionsSection(report, initiative: initiative),
            investmentSection(report, initiative: initiative),
            workstreamsSection(report, initiative: initiative)
        )
    }

    static func periodForm(_ model: Model) -> Node<HTML.BodyContext> {
        let current = Quarter(containing: CalendarDate(Date(), in: TimeZone(identifier: "UTC")!))
        var quarters: [Quarter] = [current.next]
        var quarter = current
        for _ in 0..<8 {
            quarters.append(quarter)
            quarter = quarter.previous
        }
        if !quarters.contains(model.quarter) { quarters.append(model.quarter) }
        let path = SiteURL.partnershipReport(.value(model.initiative.id)).path
        return .div(
            .class("no-print report-tools"),
            .form(
                .class("filters"), .safe("method", "get"), .safe("action", path),
                Forms.select("Quarter", name: "period", options: quarters.sorted(by: >).map { ($0.description, $0.label) },
                             selected: model.quarter.description),
                .button(.safe("type", "submit"), .class("secondary"), .plain("Show"))
            ),
            .p(.class("hint"),
               .a(.safe("href", path + "?period=\(model.quarter.previous)"), .plain("← \(model.quarter.previous.label)")), .text(" · "),
               .a(.safe("href", path + "?period=\(model.quarter.next)"), .plain("\(model.quarter.next.label) →")), .text(" · "),
               .a(.safe("href", path + "?period=\(model.quarter)&format=json"), .plain("This report as JSON")), .text(" · "),
               .plain("Print it from your browser: it fits A4."))
        )
    }

    // MARK: Sections

    static func valueSection(_ report: PartnershipReportDTO) -> Node<HTML.BodyContext> {
        .section(
            .class("panel report-section"),
            .h2(.plain("Value against target")),
            report.valueMetrics.isEmpty
                ? .p(.class("muted empty"), .plain("No value metric is in force yet."))
                : .table(
                    .class("data report-table"),
                    .thead(.tr(.th(.plain("Metric")), .th(.plain("Baseline → target")), .th(.plain("Latest")), .th(.plain("Of the way")),
                               .th(.plain("Variance")), .th(.plain("Measured this quarter")))),
                    .tbody(.forEach(report.valueMetrics) { metric in
                        .tr(
                            .th(.safe("scope", "row"), .plain(metric.name),
                                .p(.class("muted"), .plain("\(metric.responsibleOrganizationName) · \(metric.direction == .lowerIsBetter ? "lower is better" : "higher is better")")),
                                .if(metric.overdue, .span(.class("badge danger"), .plain("Overdue")))),
                            .td(.safe("data-label", "Baseline → target"),
                                .plain("\(Charts.number(metric.baseline)) → \(Charts.number(metric.target)) \(metric.unit) by \(ActivityFormat.date(metric.targetBy))")),
                            .td(.safe("data-label", "Latest"),
                                .plain(metric.latestValue.map { "\(Charts.number($0)) \(metric.unit)" } ?? "—"),
                                .unwrap(metric.latestOn) { .p(.class("muted"), .plain(ActivityFormat.date($0))) },
                                .unwrap(metric.latestState) { ValueComponents.state($0) }),
                            .td(.safe("data-label", "Of the way"), Charts.progressBar(metric.fractionOfWay, label: metric.name)),
                            .td(.safe("data-label", "Variance"), .plain(metric.variance.map { ValueComponents.signed($0, unit: metric.unit) } ?? "—")),
                            .td(.safe("data-label", "Measured this quarter"),
                                .plain(metric.measuredInPeriod == 0 ? "none"
                                       : "\(metric.measuredInPeriod): \(metric.attestedInPeriod) attested, \(metric.pendingInPeriod) pending, \(metric.disputedInPeriod) disputed"))
                        )
                    })
                )
        )
    }

    static func objectivesSection(_ report: PartnershipReportDTO) -> Node<HTML.BodyContext> {
        .section(
            .class("panel report-section"),
            .h2(.plain("OKR progress")),
            report.objectives.isEmpty
                ? .p(.class("muted empty"), .plain("No objective's period overlaps this quarter."))
                : .table(
                    .class("data report-table"),
                    .thead(.tr(.th(.plain("Objective")), .th(.plain("Party")), .th(.plain("Period")), .th(.plain("Key results")), .th(.plain("Progress")))),
                    .tbody(.forEach(report.objectives) { objective in
                        .tr(
                            .th(.safe("scope", "row"), .plain(objective.title)),
                            .td(.safe("data-label", "Party"), .plain(objective.organizationName)),
                            .td(.safe("data-label", "Period"), .plain("\(ActivityFormat.date(objective.periodStart)) – \(ActivityFormat.date(objective.periodEnd))")),
                            .td(.safe("data-label", "Key results"), .plain(String(objective.keyResults))),
                            .td(.safe("data-label", "Progress"), Charts.progressBar(objective.progress, label: objective.title))
                        )
                    })
                )
        )
    }

    static func decisionsSection(_ report: PartnershipReportDTO, initiative: InitiativeDTO) -> Node<HTML.BodyContext> {
        .section(
            .class("panel report-section"),
            .h2(.plain("Decisions sealed this quarter")),
            report.decisions.isEmpty
                ? .p(.class("muted empty"), .plain("No decision was sealed in this quarter."))
                : .table(
                    .class("data report-table"),
                    .thead(.tr(.th(.plain("Number")), .th(.plain("Decision")), .th(.plain("Outcome")), .th(.plain("Sealed")))),
                    .tbody(.forEach(report.decisions) { decision in
                        .tr(
                            .th(.safe("scope", "row"), .plain(decision.number)),
                            .td(.safe("data-label", "Decision"), .a(.link(.decision(.value(initiative.id), decision: .value(decision.id))), .plain(decision.title))),
                            .td(.safe("data-label", "Outcome"), .plain(decision.result == .decided
                                ? (decision.adopted == true ? "Decided: adopted" : "Decided: not adopted") : decision.result.label)),
                            .td(.safe("data-label", "Sealed"), .plain(Display.date(decision.sealedAt)))
                        )
                    })
                )
        )
    }

    static func investmentSection(_ report: PartnershipReportDTO, initiative: InitiativeDTO) -> Node<HTML.BodyContext> {
        let investment = report.investment
        return .section(
            .class("panel report-section"),
            .h2(.plain("Investment released")),
            .p(.plain("\(Display.count(investment.proposals, "proposal")) in the portfolio, \(investment.atGate) at a gate.")),
            investment.parties.isEmpty
                ? .p(.class("muted empty"), .plain("No tranche has been released yet."))
                : .group(
                    releaseChart(investment.parties),
                    .table(
                        .class("data money report-table"),
                        .thead(.tr(.th(.plain("Party")), .th(.plain("This quarter")), .th(.plain("To date")))),
                        .tbody(.forEach(investment.parties) { party in
                            .tr(
                                .th(.safe("scope", "row"), .plain(party.organizationName)),
                                .td(.safe("data-label", "This quarter"), .plain(party.releasedInPeriod.formatted)),
                                .td(.safe("data-label", "To date"), .plain(party.releasedToDate.formatted))
                            )
                        })
                    )
                ),
            .if(!investment.releases.isEmpty, .ul(.class("releases"), .forEach(investment.releases) { release in
                .li(.a(.link(.proposal(.value(initiative.id), proposal: .value(release.proposalId))), .plain(release.title)),
                    .plain(": tranche \(release.tranche), \(release.amount.formatted), on \(Display.date(release.releasedAt))"))
            }))
        )
    }

    /// Each party's releases to date as a bar, the part released this quarter darker. One chart per currency would be
    /// needed for several; the bars compare within a currency only, so they are scaled per currency.
    static func releaseChart(_ parties: [PartnershipReportDTO.PartyMoney]) -> Node<HTML.BodyContext> {
        let rowHeight = 22.0, labelWidth = 190.0, width = 640.0
        let height = rowHeight * Double(parties.count) + 8
        let largest = Dictionary(grouping: parties, by: \.releasedToDate.currency).mapValues { $0.map(\.releasedToDate.amount).max() ?? 1 }
        let e = HTMLEscaping.escape
        var svg = """
            <svg class="chart release-chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="release-title" xmlns="http://www.w3.org/2000/svg">\
            <title id="release-title">Released per party: this quarter (dark) within the total to date</title>
            """
        for (index, party) in parties.enumerated() {
            let y = 4 + Double(index) * rowHeight
            let scale = (width - labelWidth - 110) / Double(max(largest[party.releasedToDate.currency] ?? 1, 1))
            let total = Double(party.releasedToDate.amount) * scale, period = Double(party.releasedInPeriod.amount) * scale
            svg += "<text class=\"axis\" x=\"0\" y=\"\(String(format: "%.1f", y + 14))\">\(e(String(party.organizationName.prefix(28))))</text>"
            svg += "<rect class=\"to-date\" x=\"\(Int(labelWidth))\" y=\"\(String(format: "%.1f", y + 3))\" width=\"\(String(format: "%.1f", total))\" height=\"14\"/>"
            svg += "<rect class=\"in-period\" x=\"\(Int(labelWidth))\" y=\"\(String(format: "%.1f", y + 3))\" width=\"\(String(format: "%.1f", period))\" height=\"14\"/>"
            svg += "<text class=\"axis\" x=\"\(String(format: "%.1f", labelWidth + total + 6))\" y=\"\(String(format: "%.1f", y + 14))\">\(e(party.releasedToDate.formatted))</text>"
        }
        svg += "</svg>"
        return .raw(svg)
    }

    static func workstreamsSection(_ report: PartnershipReportDTO, initiative: InitiativeDTO) -> Node<HTML.BodyContext> {
        .section(
            .class("panel report-section"),
            .h2(.plain("Workstreams that need attention")),
            report.workstreams.isEmpty
                ? .p(.class("muted empty"), .plain("No workstream has a health flag."))
                : .ul(.class("report-streams"), .forEach(report.workstreams) { stream in
                    .li(.a(.link(.workstream(.value(initiative.id), stream: .value(stream.id))), .plain(stream.name)),
                        .plain(": " + stream.flags.map(\.label).joined(separator: "; ")))
                })
        )
    }
}

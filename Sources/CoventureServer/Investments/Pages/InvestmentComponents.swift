import CoventureCore
import Foundation
import Plot

/// View pieces the investment pages share: scores with their spread, money, stages.
enum InvestmentViews {
    /// "62.5" (one decimal), or "—" while nothing is rated.
    static func score(_ value: Double?) -> String {
        value.map { String(format: "%.1f", $0) } ?? "—"
    }

    /// "41.0–80.0"
    static func range(_ range: ScoreDTO.Range?) -> String {
        range.map { "\(score($0.min))–\(score($0.max))" } ?? "—"
    }

    /// A 0–100 scale with the spread between the parties shaded, each party's score marked, and the overall score as a
    /// bar: the disagreement is as visible as the average. SVG with its numbers in the label (and in the table beside it).
    static func scale(_ score: ScoreDTO?, label: String) -> Node<HTML.BodyContext> {
        guard let score, let overall = score.overall else {
            return .span(.class("score muted"), .plain("Not rated yet"))
        }
        func x(_ value: Double) -> String { String(format: "%.1f", min(max(value, 0), 100)) }
        var svg = """
            <svg class="score-scale" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" \
            aria-label="\(HTMLEscaping.escape("\(label): \(Self.score(overall)) of 100; parties \(range(score.spread))"))">\
            <rect class="track" x="0" y="3" width="100" height="4"/>\
            <rect class="fill" x="0" y="3" width="\(x(overall))" height="4"/>
            """
        if let spread = score.spread {
            svg += "<rect class=\"spread\" x=\"\(x(spread.min))\" y=\"1\" width=\"\(x(spread.max - spread.min))\" height=\"8\"/>"
        }
        for party in score.parties {
            svg += "<line class=\"party\" x1=\"\(x(party.score))\" x2=\"\(x(party.score))\" y1=\"0\" y2=\"10\"/>"
        }
        svg += "</svg>"
        return .span(.class("score"), .raw(svg), .span(.class("figure"), .plain(Self.score(overall))))
    }

    static func stage(_ stage: ProposalStage) -> Node<HTML.BodyContext> {
        .span(.class("badge stage-\(stage.rawValue)"), .plain(stage.label))
    }

    static func outcome(_ outcome: GateOutcome) -> Node<HTML.BodyContext> {
        .span(.class("badge gate-\(outcome.rawValue)"), .plain(outcome.label))
    }

    /// Field names of the API (`funding[1].amount`) as the form's own (`pledge-<party>`), so an error sits beside the
    /// input that caused it. `pledgeParties` and `trancheRows` are what the form sent, in the order the request listed them.
    static func formErrors(_ errors: [String: String], pledgeParties: [UUID], trancheRows: [Int]) -> [String: String] {
        var mapped: [String: String] = [:]
        for (field, message) in errors {
            mapped[formField(field, pledgeParties: pledgeParties, trancheRows: trancheRows), default: message] = message
        }
        return mapped
    }

    static func formField(_ field: String, pledgeParties: [UUID], trancheRows: [Int]) -> String {
        func index(after prefix: String) -> Int? {
            guard field.hasPrefix(prefix), let end = field.firstIndex(of: "]") else { return nil }
            return Int(field[field.index(field.startIndex, offsetBy: prefix.count)..<end])
        }
        if field == "ask.amount" || field == "ask" { return "ask" }
        if field == "ask.currency" || field.hasSuffix(".currency") { return "currency" }
        if let i = index(after: "funding["), i < pledgeParties.count { return "pledge-\(pledgeParties[i].uuidString.lowercased())" }
        if let i = index(after: "tranches["), i < trancheRows.count {
            let row = trancheRows[i]
            if field.hasSuffix(".milestone") { return "tranche-milestone-\(row)" }
            if field.hasSuffix(".keyResultId") { return "tranche-kr-\(row)" }
            return "tranche-amount-\(row)"
        }
        return field
    }
}

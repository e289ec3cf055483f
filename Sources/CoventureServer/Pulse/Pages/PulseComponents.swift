import CoventureCore
import Foundation
import Plot

/// View pieces of the pulse: the trend chart (one per dimension, a line per party), the per-party table, the answer
/// form's scales, and the overview's divergence flag.
enum PulseComponents {
    static func mean(_ value: Double?) -> String {
        guard let value else { return "hidden" }
        return String(format: "%.1f", value)
    }

    /// A dimension's means over the rounds as an SVG: x the round, y 1–5, one line per party; a round where the party
    /// is hidden (under three answers) leaves a gap. The table beside it holds the same numbers.
    static func chart(_ dimension: PulseDimension, rounds: [(number: Int, figures: [PulsePartyFigures])], parties: [PulsePartyName]) -> Node<HTML.BodyContext> {
        let width = 640.0, height = 220.0
        let left = 40.0, right = 16.0, top = 16.0, bottom = 36.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let numbers = rounds.map(\.number)
        let first = Double(numbers.min() ?? 1), last = Double(max(numbers.max() ?? 1, (numbers.min() ?? 1) + 1))
        func x(_ round: Int) -> Double { left + (Double(round) - first) / (last - first) * plotWidth }
        func y(_ v: Double) -> Double { top + (1 - (v - 1) / 4) * plotHeight }
        func n(_ v: Double) -> String { String(format: "%.1f", v) }
        let e = HTMLEscaping.escape
        let id = "pulse-\(dimension.rawValue)"
        var svg = """
            <svg class="chart pulse-chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">\
            <title id="\(id)-title">\(e(dimension.label)) per party, by round</title>\
            <desc id="\(id)-desc">\(e("Mean of 1 to 5 per party over \(Display.count(rounds.count, "round")); a party with fewer than 3 answers in a round is not shown"))</desc>\
            <rect class="plot" x="\(n(left))" y="\(n(top))" width="\(n(plotWidth))" height="\(n(plotHeight))"/>
            """
        for value in 1...5 {
            svg += "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(Double(value))))\" y2=\"\(n(y(Double(value))))\"/>"
            svg += "<text class=\"axis\" x=\"\(n(left - 6))\" y=\"\(n(y(Double(value)) + 4))\" text-anchor=\"end\">\(value)</text>"
        }
        for number in numbers {
            svg += "<text class=\"axis\" x=\"\(n(x(number)))\" y=\"\(n(height - 12))\" text-anchor=\"middle\">\(number)</text>"
        }
        for (index, party) in parties.enumerated() {
            let series = "party-\(index % 6)"
            var segment: [String] = []
            func flush() {
                if segment.count > 1 { svg += "<polyline class=\"series \(series)\" points=\"\(segment.joined(separator: " "))\"/>" }
                segment = []
            }
            for round in rounds {
                guard let value = round.figures.first(where: { $0.partyID == party.id })?[dimension] else { flush(); continue }
                segment.append("\(n(x(round.number))),\(n(y(value)))")
                svg += "<circle class=\"point \(series)\" cx=\"\(n(x(round.number)))\" cy=\"\(n(y(value)))\" r=\"4\"><title>\(e("\(party.name), round \(round.number): \(mean(value))"))</title></circle>"
            }
            flush()
        }
        svg += "</svg>"
        return .div(
            .class("pulse-dimension"),
            .h3(.plain(dimension.label)),
            .raw(svg)
        )
    }

    static func legend(_ parties: [PulsePartyName]) -> Node<HTML.BodyContext> {
        .p(.class("legend pulse-legend"), .forEach(Array(parties.enumerated())) { index, party in
            .span(.class("key party-\(index % 6)"), .plain("● " + party.name))
        })
    }

    /// Rounds × parties: answers and the three means, "hidden" under three answers.
    static func table(_ rounds: [(round: PulseReader.RoundRecord, figures: [PulsePartyFigures])], parties: [PulsePartyName]) -> Node<HTML.BodyContext> {
        let names = Dictionary(uniqueKeysWithValues: parties.map { ($0.id, $0.name) })
        return .table(
            .class("pulse-figures"),
            .thead(.tr(.th(.plain("Round")), .th(.plain("Party")), .th(.plain("Answers")),
                       .forEach(PulseDimension.allCases) { .th(.plain($0.label)) })),
            .tbody(.forEach(rounds.reversed()) { entry in
                .forEach(entry.figures) { figures in
                    .tr(
                        .safe("data-round", String(entry.round.number)), .safe("data-party", figures.partyID.uuidString.lowercased()),
                        .td(.safe("data-label", "Round"), .plain("\(entry.round.number)\(entry.round.isOpen ? " (open)" : "")")),
                        .td(.safe("data-label", "Party"), .plain(names[figures.partyID] ?? "A party")),
                        .td(.safe("data-label", "Answers"), .plain(String(figures.answers))),
                        .forEach(PulseDimension.allCases) { dimension in
                            .td(.safe("data-label", dimension.label), .class(figures.isShown ? "mean" : "mean hidden"), .plain(mean(figures[dimension])))
                        }
                    )
                }
            })
        )
    }

    /// A scale of 1 to 5 as radio buttons in a fieldset, its question as the legend.
    static func scale(_ dimension: PulseDimension, value: String?, error: String?) -> Node<HTML.FormContext> {
        let name = dimension.rawValue
        return .fieldset(
            .class(error == nil ? "field pulse-scale" : "field pulse-scale has-error"), .safe("id", "field-\(name)"),
            .element(named: "legend", text: "\(dimension.label): \(dimension.question)"),
            .div(.class("scale"), .forEach(Array(PulseRules.scale)) { score in
                radio(name: name, score: score, checked: value == String(score))
            }),
            .p(.class("hint"), .plain("1 = not at all, 5 = fully")),
            .unwrap(error) { .p(.class("error"), .safe("id", "field-\(name)-error"), .plain(FieldLabels.sentence(dimension.label, $0))) }
        )
    }

    static func radio(name: String, score: Int, checked: Bool) -> Node<HTML.FormContext> {
        let id = "field-\(name)-\(score)"
        var attributes: [Attribute<HTML.InputContext>] = [
            .safe("type", "radio"), .safe("id", id), .safe("name", name), .safe("value", String(score)),
        ]
        if checked { attributes.append(.flag("checked")) }
        return .div(
            .class("choice"),
            .selfClosedElement(named: "input", attributes: attributes),
            .label(.safe("for", id), .plain(String(score)))
        )
    }

    /// The overview's flag: parties whose means diverge by a point or more in the latest closed round.
    static func divergenceFlag(_ initiative: InitiativeDTO, _ flag: PulseDivergenceFlag) -> Node<HTML.BodyContext> {
        let (round, divergences, initiativeID) = (flag.round, flag.divergences, initiative.id)
        guard !divergences.isEmpty else { return .empty }
        let names = Dictionary(initiative.parties.map { ($0.id, $0.organizationName) }, uniquingKeysWith: { a, _ in a })
        return .section(
            .class("panel pulse-divergence"),
            .h2(.id("pulse"), .plain("Pulse")),
            .p(.class("alert warning"), .plain("In pulse round \(round), parties see the partnership differently:")),
            .ul(.forEach(divergences) { d in
                .li(.safe("data-dimension", d.dimension.rawValue),
                    .plain("\(d.dimension.label): \(names[d.higher] ?? "a party") is \(String(format: "%.1f", d.gap)) points above \(names[d.lower] ?? "a party")"))
            }),
            .p(.a(.link(.pulse(.value(initiativeID))), .plain("See the pulse")))
        )
    }
}

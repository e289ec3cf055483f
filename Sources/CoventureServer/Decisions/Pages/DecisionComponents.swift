import CoventureCore
import Foundation
import Plot

/// View pieces the decision pages share.
enum DecisionComponents {
    static func status(_ decision: DecisionDTO) -> Node<HTML.BodyContext> {
        let label = decision.awaitingOutcome ? "Awaiting the owner's outcome" : decision.status.label
        return .span(.class("badge decision-\(decision.status.rawValue)"), .plain(label))
    }

    static func resultText(_ outcome: OutcomeDTO) -> String {
        switch outcome.result {
        case .decided: outcome.adopted == true ? "Decided: adopted" : "Decided: not adopted"
        default: outcome.result.label
        }
    }

    /// "3 of 5 voted (60 %); quorum met".
    static func participation(_ tally: TallyDTO) -> String {
        let share = tally.eligible == 0 ? 0 : Int((Double(tally.voted) * 100 / Double(tally.eligible)).rounded())
        return "\(tally.voted) of \(tally.eligible) eligible voted (\(share) %); quorum \(tally.quorumMet ? "met" : "not met")"
    }

    static func percent(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded)) %" : "\(rounded) %"
    }

    /// The tally: per position, per party, and for a stake vote the weighted share beside the head count.
    static func tally(_ tally: TallyDTO, method: DecisionMethod) -> Node<HTML.BodyContext> {
        let positions = method.positions
        return .div(
            .class("tally"),
            .p(.class("participation"), .plain(participation(tally))),
            .unwrap(tally.weighted) { weighted in
                .p(.class("weighted"),
                   .strong(.plain("Stake-weighted: ")),
                   .plain("yes \(percent(weighted.yes)), no \(percent(weighted.no)) of all stakes"),
                   .span(.class("muted"), .plain(" · head count: yes \(tally.positions["yes"] ?? 0), no \(tally.positions["no"] ?? 0)")))
            },
            .table(
                .class("tally-table"),
                .thead(.tr(.th(.plain("Party")), .forEach(positions) { .th(.plain($0.label)) })),
                .tbody(
                    .forEach(tally.byParty) { party in
                        .tr(.td(.safe("data-label", "Party"), .plain(party.organizationName)),
                            .forEach(positions) { position in
                                .td(.safe("data-label", position.label), .plain(String(party.positions[position.rawValue] ?? 0)))
                            })
                    },
                    .tr(.class("total"), .td(.safe("data-label", "Party"), .strong(.plain("All parties"))),
                        .forEach(positions) { position in
                            .td(.safe("data-label", position.label), .strong(.plain(String(tally.positions[position.rawValue] ?? 0))))
                        })
                )
            )
        )
    }
}

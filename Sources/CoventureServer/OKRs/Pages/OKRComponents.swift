import CoventureCore
import Foundation
import Plot

/// Shared pieces of the OKR pages.
enum OKRViews {
    static func confidence(_ confidence: Confidence?) -> Node<HTML.BodyContext> {
        guard let confidence else { return .span(.class("badge muted"), .plain("no check-in")) }
        return .span(.class("badge confidence-\(confidence.rawValue)"), .plain(confidence.label))
    }

    static func keyResultLine(_ keyResult: KeyResultDTO) -> Node<HTML.BodyContext> {
        .div(
            .class("kr"),
            .a(.link(.keyResult(.value(keyResult.id))), .plain(keyResult.title)),
            .span(.class("meta"), .plain(" " + figures(keyResult))),
            Charts.progressBar(keyResult.progress, label: keyResult.title),
            confidence(keyResult.confidence),
            .unwrap(keyResult.ownerName) { .span(.class("meta"), .plain(" · " + $0)) }
        )
    }

    /// One objective of a tree: title, progress, owner, its parties' objectives and its key results.
    static func objectiveItem(_ objective: ObjectiveDTO, depth: Int) -> Node<HTML.ListContext> {
        .li(
            .class("objective depth-\(min(depth, 4))"),
            .div(
                .class("objective-head"),
                .a(.class("objective-title"), .link(.objective(.value(objective.id))), .plain(objective.title)),
                Charts.progressBar(objective.rolledUpProgress, label: objective.title)
            ),
            .p(.class("meta"), .plain("\(objective.organizationName) · \(objective.period.name)" + (objective.ownerName.map { " · owner \($0)" } ?? ""))),
            alignmentList(objective),
            .div(.class("krs"), .forEach(objective.keyResults) { keyResultLine($0) })
        )
    }

    /// "12 → 40 %, now 25" in the key result's own terms.
    static func figures(_ keyResult: KeyResultDTO) -> String {
        let unit = keyResult.unit.isEmpty ? "" : " \(keyResult.unit)"
        let now = keyResult.current.map { ", now " + Charts.number($0) + unit } ?? ""
        switch keyResult.kind {
        case .increase, .decrease:
            return "(\(keyResult.kind.label.lowercased()) \(keyResult.baseline.map(Charts.number) ?? "?") → \(keyResult.target.map(Charts.number) ?? "?")\(unit)\(now))"
        case .stayAbove, .stayBelow:
            return "(\(keyResult.kind.label.lowercased()) \(keyResult.target.map(Charts.number) ?? "?")\(unit)\(now))"
        case .milestone:
            return "(\(keyResult.current.map { Charts.number($0) } ?? "0") of \(keyResult.steps.count) steps)"
        case .binary:
            return keyResult.current == 1 ? "(done)" : "(not done yet)"
        }
    }

    static func alignmentList(_ objective: ObjectiveDTO) -> Node<HTML.BodyContext> {
        let parties = objective.alignments.filter(\.parentIsOrganizationObjective)
        guard !parties.isEmpty else { return .empty }
        return .ul(.class("aligns"), .forEach(parties) { link in
            .li(
                .span(.class("badge \(link.kind.rawValue)"), .plain(link.kind.label)),
                .plain(" "), .a(.link(.objective(.value(link.parentId))), .plain(link.parentTitle)),
                .span(.class("meta"), .plain(" — \(link.parentOrganizationName)"))
            )
        })
    }

    static func reportPanel(_ report: AlignmentReportDTO, initiativeID: UUID) -> Node<HTML.BodyContext> {
        let sections: [(String, [AlignmentReportDTO.Item], (UUID) -> SiteURL)] = [
            ("Objectives aligned to no party's own objective", report.unalignedObjectives, { .objective(.value($0)) }),
            ("Objectives without a key result", report.objectivesWithoutKeyResults, { .objective(.value($0)) }),
            ("Key results without a check-in for \(report.staleAfterDays) days", report.staleKeyResults, { .keyResult(.value($0)) }),
            ("Key results without an owner", report.keyResultsWithoutOwner, { .keyResult(.value($0)) }),
        ]
        let total = sections.map(\.1.count).reduce(0, +)
        return .section(
            .class("panel report"), .id("alignment-report"),
            .h2(.plain("Alignment report")),
            total == 0
                ? .p(.class("ok"), .plain("Every objective aligns to a party's objective and has key results; every key result has an owner and a recent check-in."))
                : .group(.forEach(sections.filter { !$0.1.isEmpty }) { title, items, url in
                    .div(
                        .h3(.plain("\(title) (\(items.count))")),
                        .ul(.forEach(items.prefix(10)) { item in .li(.a(.link(url(item.id)), .plain(item.title))) }),
                        .if(items.count > 10, .p(.class("muted"), .plain("and \(items.count - 10) more")))
                    )
                }),
            .p(.a(.link(.okrTree(.value(initiativeID))), .plain("OKRs")), .plain(" · "),
               .a(.link(.lineOfSight(.value(initiativeID))), .plain("My line of sight")))
        )
    }

    /// The period of a new objective: start, end and an optional name.
    static func periodFields(form: [String: String], errors: [String: String]) -> Node<HTML.FormContext> {
        .div(
            .class("row"),
            Forms.field("Period starts", name: "periodStart", value: form["periodStart"] ?? "", type: "date", error: errors["periodStart"]),
            Forms.field("Period ends", name: "periodEnd", value: form["periodEnd"] ?? "", type: "date", error: errors["periodEnd"]),
            Forms.field("Period name", name: "periodName", value: form["periodName"] ?? "", required: false,
                        hint: "e.g. 2027 H1; blank uses the dates", error: errors["periodName"])
        )
    }

    static func memberOptions(_ members: [MemberDTO]) -> [(String, String)] {
        [("", "No owner")] + members.map { ($0.personId.uuidString.lowercased(), "\($0.name) (\($0.organizationName))") }
    }
}

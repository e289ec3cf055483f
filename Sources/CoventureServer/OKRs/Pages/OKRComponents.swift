import CoventureCore
import Foundation
import Plot

/// Shared pieces of the OKR pages.
enum OKRViews {
    static func confidence(_ confidence: Confidence?) -> Node<HTML.BodyContext> {
        guard let confidence else { return .span(.class("badge muted"), .plain("no check-in")) }
        return .span(.class("badge confidence-\(confidence.rawValue)"), .plain(confidence.label))
    }

    /// The last confidence, and beside it how old it is once nobody has checked in for `KeyResultStaleness.days`:
    /// "On track" from a month ago is not news about today.
    static func confidence(_ keyResult: KeyResultDTO, now: Date) -> Node<HTML.BodyContext> {
        .group(confidence(keyResult.confidence), staleness(keyResult, now: now))
    }

    /// "No check-in for 20 days", or nothing while the key result is fresh (or has never been checked in on).
    static func staleness(_ keyResult: KeyResultDTO, now: Date) -> Node<HTML.BodyContext> {
        guard KeyResultStaleness.isStale(last: keyResult.lastCheckInAt, now: now),
            let days = KeyResultStaleness.daysSinceCheckIn(last: keyResult.lastCheckInAt, now: now)
        else { return .empty }
        return .span(.class("badge stale"), .plain("No check-in for " + Display.count(days, "day")))
    }

    /// How far a threshold key result is from its threshold ("0.1 % below the threshold"), since its progress is
    /// all or nothing; nil for other kinds and before the first check-in.
    static func thresholdNote(_ keyResult: KeyResultDTO) -> String? {
        guard let standing = ThresholdStanding.of(kind: keyResult.kind, threshold: keyResult.target, current: keyResult.current)
        else { return nil }
        if standing.distance == 0 { return "exactly at the threshold" }
        let distance = quantity(standing.distance, unit: keyResult.unit)
        return "\(distance) \(standing.isAbove ? "above" : "below") the threshold"
    }

    /// The threshold note as a badge that says whether the threshold holds.
    static func thresholdBadge(_ keyResult: KeyResultDTO) -> Node<HTML.BodyContext> {
        guard let note = thresholdNote(keyResult),
            let standing = ThresholdStanding.of(kind: keyResult.kind, threshold: keyResult.target, current: keyResult.current)
        else { return .empty }
        return .span(.class(standing.holds ? "badge threshold holds" : "badge threshold broken"), .plain(note))
    }

    /// A number with its unit, kept on one line: "0.1 %", "3 days".
    static func quantity(_ value: Double, unit: String) -> String {
        Charts.number(value) + (unit.isEmpty ? "" : "\u{00A0}" + unit)
    }

    static func keyResultLine(_ keyResult: KeyResultDTO, now: Date) -> Node<HTML.BodyContext> {
        .div(
            .class("kr"),
            .a(.link(.keyResult(.value(keyResult.id))), .plain(keyResult.title)),
            .span(.class("meta"), .plain(" " + figures(keyResult))),
            Charts.progressBar(keyResult.progress, label: keyResult.title),
            thresholdBadge(keyResult),
            confidence(keyResult, now: now),
            .unwrap(keyResult.ownerName) { .span(.class("meta"), .plain(" · " + $0)) }
        )
    }

    /// One objective of a tree: title, progress, owner, its parties' objectives and its key results.
    static func objectiveItem(_ objective: ObjectiveDTO, depth: Int, now: Date) -> Node<HTML.ListContext> {
        .li(
            .class("objective depth-\(min(depth, 4))"),
            .div(
                .class("objective-head"),
                .a(.class("objective-title"), .link(.objective(.value(objective.id))), .plain(objective.title)),
                Charts.progressBar(objective.rolledUpProgress, label: objective.title)
            ),
            .p(.class("meta"), .plain("\(objective.organizationName) · \(objective.period.name)" + (objective.ownerName.map { " · owner \($0)" } ?? ""))),
            alignmentList(objective),
            .div(.class("krs"), .forEach(objective.keyResults) { keyResultLine($0, now: now) })
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

    /// `objectiveCount`: the initiative's objectives; with none the report says there is nothing to check yet, not
    /// that everything is aligned.
    static func reportPanel(_ report: AlignmentReportDTO, objectiveCount: Int, initiativeID: UUID) -> Node<HTML.BodyContext> {
        let sections: [(String, [AlignmentReportDTO.Item], (UUID) -> SiteURL)] = [
            ("Objectives aligned to no party's own objective", report.unalignedObjectives, { .objective(.value($0)) }),
            ("Objectives without a key result", report.objectivesWithoutKeyResults, { .objective(.value($0)) }),
            ("Key results without a check-in for \(report.staleAfterDays) days", report.staleKeyResults, { .keyResult(.value($0)) }),
            ("Key results without an owner", report.keyResultsWithoutOwner, { .keyResult(.value($0)) }),
        ]
        let total = sections.map(\.1.count).reduce(0, +)
        let summary: Node<HTML.BodyContext> = switch AlignmentReport.verdict(objectiveCount: objectiveCount, problemCount: total) {
        case .nothingToCheck:
            .p(.class("muted nothing"), .plain("No objectives yet, so nothing to check. Add the initiative's first objective on its OKR page."))
        case .clean:
            .p(.class("ok"), .plain("Every objective aligns to a party's objective and has key results; every key result has an owner and a recent check-in."))
        case .gaps(let count):
            .p(.class("muted"), .plain(Display.count(count, "gap") + " to look at:"))
        }
        return .section(
            .class("panel report"), .id("alignment-report"),
            .h2(.plain("Alignment report")),
            summary,
            total == 0
                ? .empty
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

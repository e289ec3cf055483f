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

/// An initiative's OKRs as a tree, with progress and confidence, and the form to add an objective.
enum OKRTreePage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var objectives: [ObjectiveDTO]
        var report: AlignmentReportDTO
        var members: [MemberDTO]
        var canContribute: Bool
        var canManageSettings: Bool
        var form: [String: String]
        var errors: [String: String]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let id = model.initiative.id
        let depths = OKRStore.depths(model.objectives)
        return Layout.page(
            "OKRs · \(model.initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(id))), .plain("← " + model.initiative.name))),
            .section(
                .class("panel"),
                .div(
                    .class("title-row"),
                    .h1(.plain("Objectives and key results")),
                    .div(
                        .class("actions"),
                        .a(.class("button secondary"), .link(.lineOfSight(.value(id))), .plain("My line of sight")),
                        .a(.class("button secondary"), .link(.okrExport(.value(id))), .plain("Export CSV")),
                        .if(model.canContribute, .a(.class("button secondary"), .link(.okrImport(.value(id))), .plain("Import CSV")))
                    )
                ),
                model.objectives.isEmpty
                    ? .p(.class("muted"), .plain("No objectives yet."))
                    : .ul(.class("okr-tree"), .forEach(model.objectives) { objective in
                        objectiveItem(objective, depth: depths[objective.id] ?? 0)
                    })
            ),
            .if(model.canContribute, newObjective(model, context: context)),
            OKRViews.reportPanel(model.report, initiativeID: id),
            .if(model.canManageSettings, settings(model, context: context))
        )
    }

    static func objectiveItem(_ objective: ObjectiveDTO, depth: Int) -> Node<HTML.ListContext> {
        .li(
            .class("objective depth-\(min(depth, 4))"),
            .div(
                .class("objective-head"),
                .a(.class("objective-title"), .link(.objective(.value(objective.id))), .plain(objective.title)),
                Charts.progressBar(objective.rolledUpProgress, label: objective.title)
            ),
            .p(.class("meta"), .plain("\(objective.organizationName) · \(objective.period.name)" + (objective.ownerName.map { " · owner \($0)" } ?? ""))),
            OKRViews.alignmentList(objective),
            .div(.class("krs"), .forEach(objective.keyResults) { OKRViews.keyResultLine($0) })
        )
    }

    static func newObjective(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let form = model.form, errors = model.errors
        let parents = [("", "None: a top-level objective")] + model.objectives.map { ($0.id.uuidString.lowercased(), $0.title) }
        return .section(
            .class("panel"), .id("new-objective"),
            .h2(.plain("Add an objective")),
            Forms.errorSummary(errors),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.okrTree(.value(model.initiative.id)).path),
                Forms.csrf(context.csrfToken),
                Forms.field("Title", name: "title", value: form["title"] ?? "", error: errors["title"]),
                OKRViews.periodFields(form: form, errors: errors),
                Forms.select("Contributes to", name: "parentId", options: parents, selected: form["parentId"], error: errors["parentId"]),
                .div(
                    .class("row"),
                    Forms.field("Weight", name: "weight", value: form["weight"] ?? "1", required: false, error: errors["weight"]),
                    Forms.select("Owner", name: "ownerId", options: OKRViews.memberOptions(model.members), selected: form["ownerId"], error: errors["ownerId"]),
                    Forms.select("Owning party", name: "organizationId", options: model.initiative.parties.map { ($0.organizationId.uuidString.lowercased(), $0.organizationName) },
                                 selected: form["organizationId"] ?? context.person?.organizationID.uuidString.lowercased(), error: errors["organizationId"])
                ),
                Forms.submit("Add objective")
            )
        )
    }

    static func settings(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        .section(
            .class("panel narrow"), .id("okr-settings"),
            .h2(.plain("Report settings")),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.okrSettings(.value(model.initiative.id)).path),
                Forms.csrf(context.csrfToken),
                Forms.field("Days without a check-in before a key result is reported", name: "checkInStaleDays",
                            value: model.form["checkInStaleDays"] ?? String(model.report.staleAfterDays), type: "number",
                            error: model.errors["checkInStaleDays"]),
                Forms.submit("Save")
            )
        )
    }
}

/// One objective: progress, key results, alignment, and forms to add a key result and a link.
enum ObjectivePage {
    struct Model: Sendable {
        var objective: ObjectiveDTO
        var initiative: InitiativeDTO?
        var members: [MemberDTO]
        var alignmentCandidates: [ObjectiveDTO]
        var canChange: Bool
        var form: [String: String]
        var errors: [String: String]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let objective = model.objective
        let back: Node<HTML.BodyContext> = model.initiative.map { initiative in
            .p(.class("crumbs"), .a(.link(.okrTree(.value(initiative.id))), .plain("← OKRs of " + initiative.name)))
        } ?? .p(.class("crumbs"), .a(.link(.organizationOKRs(.value(objective.organizationId))), .plain("← Objectives of " + objective.organizationName)))
        return Layout.page(
            objective.title, context, back,
            .section(
                .class("panel"),
                .h1(.plain(objective.title)),
                .p(.class("meta"), .plain("\(objective.initiativeId == nil ? "Own objective of" : "Owned by") \(objective.organizationName) · \(objective.period.name) (\(objective.period.start) – \(objective.period.end)) · weight \(Charts.number(objective.weight))" + (objective.ownerName.map { " · owner \($0)" } ?? ""))),
                .if(!objective.description.isEmpty, .p(.plain(objective.description))),
                .div(.class("headline"), .span(.plain("Progress ")), Charts.progressBar(objective.rolledUpProgress, label: "Progress")),
                .p(.class("muted"), .plain("The weighted mean of its key results and of the objectives that contribute to it, each counted between 0 and 100 %. Supporting links are shown, never counted.")),
                .h2(.plain("Key results")),
                objective.keyResults.isEmpty
                    ? .p(.class("muted"), .plain("No key results yet."))
                    : .div(.class("krs"), .forEach(objective.keyResults) { OKRViews.keyResultLine($0) }),
                .h2(.plain("Aligned to")),
                alignments(model, context: context)
            ),
            .if(model.canChange, newKeyResult(model, context: context)),
            .if(model.canChange && objective.initiativeId != nil, alignForm(model, context: context))
        )
    }

    static func alignments(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let links = model.objective.alignments
        guard !links.isEmpty else { return .p(.class("muted"), .plain("Nothing yet: this objective does not align to any other.")) }
        return .ul(.class("aligns"), .forEach(links) { link in
            .li(
                .span(.class("badge \(link.kind.rawValue)"), .plain(link.kind.label)), .plain(" "),
                .a(.link(.objective(.value(link.parentId))), .plain(link.parentTitle)),
                .span(.class("meta"), .plain(" — \(link.parentOrganizationName)" + (link.parentIsOrganizationObjective ? " (its own objective)" : " (this initiative)"))),
                .if(model.canChange, Forms.action(.objectiveAlignmentRemove(.value(model.objective.id), alignment: .value(link.id)), "Remove", token: context.csrfToken))
            )
        })
    }

    static func newKeyResult(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let form = model.form, errors = model.errors
        return .section(
            .class("panel"), .id("new-key-result"),
            .h2(.plain("Add a key result")),
            Forms.errorSummary(errors),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.objectiveKeyResults(.value(model.objective.id)).path),
                Forms.csrf(context.csrfToken),
                Forms.field("Title", name: "title", value: form["title"] ?? "", error: errors["title"]),
                .div(
                    .class("row"),
                    Forms.select("Kind", name: "kind", options: KeyResultKind.allCases.map { ($0.rawValue, $0.label) }, selected: form["kind"], error: errors["kind"]),
                    Forms.field("Unit", name: "unit", value: form["unit"] ?? "", required: false, hint: "e.g. %, days, EUR k", error: errors["unit"])
                ),
                .div(
                    .class("row"),
                    Forms.field("Baseline", name: "baseline", value: form["baseline"] ?? "", required: false, hint: "increase and decrease", error: errors["baseline"]),
                    Forms.field("Target", name: "target", value: form["target"] ?? "", required: false, hint: "the threshold for stay above/below", error: errors["target"]),
                    Forms.field("Weight", name: "weight", value: form["weight"] ?? "1", required: false, error: errors["weight"])
                ),
                Forms.textarea("Steps (milestone only, one per line)", name: "steps", value: form["steps"] ?? "", error: errors["steps"]),
                Forms.select("Owner", name: "ownerId", options: OKRViews.memberOptions(model.members), selected: form["ownerId"], error: errors["ownerId"]),
                Forms.submit("Add key result")
            )
        )
    }

    static func alignForm(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let options = model.alignmentCandidates.map { candidate in
            (candidate.id.uuidString.lowercased(),
             candidate.initiativeId == nil ? "\(candidate.organizationName): \(candidate.title)" : "This initiative: \(candidate.title)")
        }
        return .section(
            .class("panel narrow"), .id("align"),
            .h2(.plain("Align to an objective")),
            .p(.class("muted"), .plain("Link this objective to your organization's own objectives (or to a parent in the initiative). Contributing links count toward the parent's progress; supporting links are shown only.")),
            options.isEmpty
                ? .p(.class("muted"), .plain("There is nothing you can align to yet. Your organization's admins set its own objectives on its page."))
                : .form(
                    .safe("method", "post"), .safe("action", SiteURL.objectiveAlignments(.value(model.objective.id)).path),
                    Forms.csrf(context.csrfToken),
                    Forms.select("Objective", name: "parentId", options: options, selected: model.form["parentId"], error: model.errors["parentId"]),
                    Forms.select("Kind", name: "kind", options: AlignmentKind.allCases.map { ($0.rawValue, $0.label) }, selected: model.form["kind"], error: model.errors["kind"]),
                    Forms.submit("Align")
                )
        )
    }
}

/// A key result: its chart against the target, the narrative history, and the check-in form.
enum KeyResultPage {
    /// The check-ins one page shows (chart and history): the latest ones, or an older page (`?history=` the position
    /// of its newest). Read in SQL a page at a time, however long the history (issue #11, finding 13).
    static let historyLimit = 100

    struct Model: Sendable {
        var keyResult: KeyResultDTO
        var objective: ObjectiveDTO
        var canCheckIn: Bool
        var form: [String: String]
        var errors: [String: String]
        var history = History()
    }

    /// Which part of the history `keyResult.checkIns` is.
    struct History: Sendable {
        /// How many newer check-ins come before it (0: the latest).
        var offset = 0
        /// Whether older check-ins follow.
        var hasOlder = false
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let keyResult = model.keyResult
        let history = keyResult.checkIns ?? []
        let points = history.map { Charts.Point(at: $0.recordedAt, value: $0.value, label: "\(Display.dateTime($0.recordedAt)): \(Charts.number($0.value)) \(keyResult.unit) (\($0.confidence.label))") }
        return Layout.page(
            keyResult.title, context,
            .p(.class("crumbs"), .a(.link(.objective(.value(model.objective.id))), .plain("← " + model.objective.title))),
            .section(
                .class("panel"),
                .h1(.plain(keyResult.title)),
                .p(.class("meta"), .plain(OKRViews.figures(keyResult) + " · weight \(Charts.number(keyResult.weight))" + (keyResult.ownerName.map { " · owner \($0)" } ?? ""))),
                .div(.class("headline"), .span(.plain("Progress ")), Charts.progressBar(keyResult.progress, label: "Progress"), OKRViews.confidence(keyResult.confidence)),
                .if(keyResult.kind == .milestone, .ol(.class("steps"), .forEach(Array(keyResult.steps.enumerated())) { index, step in
                    .li(.class(Double(index) < (keyResult.current ?? 0) ? "done" : "todo"), .plain(step))
                })),
                history.isEmpty
                    ? .p(.class("muted"), .plain(model.history.offset == 0 ? "No check-ins yet." : "No check-ins this far back."))
                    : Charts.checkIns(points, target: keyResult.kind.isMeasured ? keyResult.target : nil, baseline: keyResult.baseline,
                                      title: "Check-ins of \(keyResult.title)", unit: keyResult.unit),
                historyNote(model, shown: history.count)
            ),
            .if(model.canCheckIn, checkInForm(model, context: context)),
            .section(
                .class("panel"), .id("history"),
                .h2(.plain("History")),
                history.isEmpty ? .p(.class("muted"), .plain("Nothing recorded yet.")) : historyTable(history, unit: keyResult.unit),
                historyLinks(model)
            )
        )
    }

    /// Says which check-ins the chart and the history show, when that is not all of them.
    static func historyNote(_ model: Model, shown: Int) -> Node<HTML.BodyContext> {
        let offset = model.history.offset
        if offset == 0 {
            return .if(model.history.hasOlder, .p(.class("muted history-window"), .plain(
                "The chart and the history show the latest \(historyLimit) check-ins; older ones are on the next pages of the history.")))
        }
        return .p(.class("muted history-window"), .plain(
            shown == 0 ? "Older check-ins: none this far back." : "The chart and the history show check-ins \(offset + 1)–\(offset + shown), newest first."))
    }

    /// Newer and older pages of the history.
    static func historyLinks(_ model: Model) -> Node<HTML.BodyContext> {
        let offset = model.history.offset
        let path = SiteURL.keyResult(.value(model.keyResult.id)).path
        func link(_ to: Int, _ text: String) -> Node<HTML.BodyContext> {
            .a(.safe("href", to == 0 ? path + "#history" : path + "?history=\(to)#history"), .plain(text))
        }
        return .if(offset > 0 || model.history.hasOlder, .p(
            .class("pager"),
            .if(offset > 0, link(max(0, offset - historyLimit), "← Newer check-ins")),
            .if(offset > 0 && model.history.hasOlder, .plain(" · ")),
            .if(model.history.hasOlder, link(offset + historyLimit, "Older check-ins →"))))
    }

    static func historyTable(_ history: [CheckInDTO], unit: String) -> Node<HTML.BodyContext> {
        .table(
            .class("history"),
            .thead(.tr(.th(.plain("When")), .th(.plain("Value")), .th(.plain("Progress")), .th(.plain("Confidence")), .th(.plain("Narrative")), .th(.plain("By")))),
            .tbody(.forEach(history) { checkIn in
                .tr(
                    .td(.element(named: "time", nodes: [.safe("datetime", LedgerEventBody.timestamp(checkIn.recordedAt)), .plain(Display.dateTime(checkIn.recordedAt))])),
                    .td(.plain(Charts.number(checkIn.value) + (unit.isEmpty ? "" : " \(unit)"))),
                    .td(.plain(Charts.percent(checkIn.progress))),
                    .td(OKRViews.confidence(checkIn.confidence)),
                    .td(.plain(checkIn.narrative), .if(checkIn.correctsId != nil, .span(.class("badge"), .plain("correction")))),
                    .td(.plain(checkIn.personName))
                )
            })
        )
    }

    static func checkInForm(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let keyResult = model.keyResult, form = model.form, errors = model.errors
        let valueLabel: String = switch keyResult.kind {
        case .milestone: "Steps reached (0–\(keyResult.steps.count))"
        case .binary: "Done? 1 for done, 0 for not yet"
        default: "Value" + (keyResult.unit.isEmpty ? "" : " (\(keyResult.unit))")
        }
        let corrections = [("", "Nothing: a new check-in")] + (keyResult.checkIns ?? []).prefix(10).map {
            ($0.id.uuidString.lowercased(), "\(Display.dateTime($0.recordedAt)): \(Charts.number($0.value))")
        }
        return .section(
            .class("panel narrow"), .id("check-in"),
            .h2(.plain("Check in")),
            Forms.errorSummary(errors),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.keyResultCheckIns(.value(keyResult.id)).path),
                Forms.csrf(context.csrfToken),
                Forms.field(valueLabel, name: "value", value: form["value"] ?? "", error: errors["value"]),
                Forms.select("Confidence", name: "confidence", options: Confidence.allCases.map { ($0.rawValue, $0.label) },
                             selected: form["confidence"] ?? keyResult.confidence?.rawValue, error: errors["confidence"]),
                Forms.textarea("Narrative (required when the confidence changes)", name: "narrative", value: form["narrative"] ?? "", error: errors["narrative"]),
                Forms.select("Corrects", name: "correctsId", options: Array(corrections), selected: form["correctsId"], error: errors["correctsId"]),
                Forms.submit("Record check-in")
            )
        )
    }
}

/// My work → key results → objectives → each party's own objectives, with progress at every step.
enum LineOfSightPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var sight: LineOfSightDTO
        var members: [MemberDTO]
        var isSelf: Bool
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let sight = model.sight
        let objectives = Dictionary(uniqueKeysWithValues: sight.objectives.map { ($0.id, $0) })
        let whose = model.isSelf ? "My" : "\(sight.personName)'s"
        return Layout.page(
            "Line of sight · \(model.initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(model.initiative.id))), .plain("← " + model.initiative.name))),
            .section(
                .class("panel"),
                .h1(.plain("\(whose) line of sight")),
                .p(.class("muted"), .plain("How \(model.isSelf ? "your" : "this person's") work moves the initiative's objectives, and through them each party's own objectives.")),
                .form(
                    .class("inline"), .safe("method", "get"), .safe("action", SiteURL.lineOfSight(.value(model.initiative.id)).path),
                    Forms.select("Whose", name: "person", options: model.members.map { ($0.personId.uuidString.lowercased(), "\($0.name) (\($0.organizationName))") },
                                 selected: sight.personId.uuidString.lowercased()),
                    .button(.safe("type", "submit"), .class("secondary"), .plain("Show"))
                )
            ),
            workPanel(sight),
            .section(
                .class("panel"), .id("chains"),
                .h2(.plain("Key results and what they move")),
                sight.keyResults.isEmpty
                    ? .p(.class("muted"), .plain(model.isSelf
                        ? "You own no key results or objectives, and none of your work items is linked to a key result yet."
                        : "\(sight.personName) owns no key results or objectives and has no work item linked to a key result yet."))
                    : .ul(.class("chains"), .forEach(sight.keyResults) { chain($0, sight: sight, objectives: objectives) })
            )
        )
    }

    static func workPanel(_ sight: LineOfSightDTO) -> Node<HTML.BodyContext> {
        .section(
            .class("panel"), .id("work"),
            .h2(.plain("Work")),
            sight.workstreams.isEmpty
                ? .p(.class("muted"), .plain("Not in any workstream of this initiative."))
                : .ul(.class("streams"), .forEach(sight.workstreams) { stream in
                    .li(.plain(stream.name), .span(.class("meta"), .plain(" · \(stream.kind) · \(stream.commitment) %" + (stream.isLeader ? " · leader" : ""))))
                }),
            sight.workItems.isEmpty
                ? .p(.class("muted"), .plain("No work items."))
                : .ul(.class("work-items"), .forEach(sight.workItems) { item in
                    .li(.span(.class("badge status-\(item.status)"), .plain(item.status)), .plain(" \(item.title)"),
                        .span(.class("meta"), .plain(" — \(item.workstreamName)")))
                })
        )
    }

    /// One key result and everything above it: its objective, that objective's parents, and the parties' objectives.
    static func chain(_ keyResult: KeyResultDTO, sight: LineOfSightDTO, objectives: [UUID: ObjectiveDTO]) -> Node<HTML.ListContext> {
        let items = sight.workItems.filter { $0.keyResultId == keyResult.id }
        var path: [ObjectiveDTO] = []
        var seen: Set<UUID> = []
        var next: UUID? = keyResult.objectiveId
        while let id = next, let objective = objectives[id], seen.insert(id).inserted {
            path.append(objective)
            next = objective.parentId
        }
        let partyObjectives = path.flatMap { objective in
            objective.alignments.filter(\.parentIsOrganizationObjective).compactMap { link in objectives[link.parentId].map { (link, $0) } }
        }
        return .li(
            .class("chain"),
            .if(!items.isEmpty, .div(.class("step work"), .span(.class("label"), .plain("Work")), .ul(.forEach(items) { item in
                .li(.plain(item.title), .span(.class("meta"), .plain(" (\(item.status), \(item.workstreamName))")))
            }))),
            .div(.class("step"), .span(.class("label"), .plain("Key result")), OKRViews.keyResultLine(keyResult)),
            .forEach(path) { objective in
                .div(
                    .class("step"), .span(.class("label"), .plain("Objective")),
                    .a(.link(.objective(.value(objective.id))), .plain(objective.title)),
                    Charts.progressBar(objective.rolledUpProgress, label: objective.title),
                    .span(.class("meta"), .plain(" \(objective.organizationName)"))
                )
            },
            partyObjectives.isEmpty
                ? .div(.class("step muted"), .plain("Aligned to no party's own objective yet."))
                : .div(.class("step party"), .span(.class("label"), .plain("Parties' objectives")), .ul(.forEach(partyObjectives) { link, objective in
                    .li(
                        .span(.class("badge \(link.kind.rawValue)"), .plain(link.kind.label)), .plain(" "),
                        .a(.link(.objective(.value(objective.id))), .plain(objective.title)),
                        Charts.progressBar(objective.rolledUpProgress, label: objective.title),
                        .span(.class("meta"), .plain(" \(objective.organizationName)"))
                    )
                }))
        )
    }
}

/// Import a CSV file of OKRs: all rows or none, with every problem listed.
enum OKRImportPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var problems: [OKRTransfer.Problem]
        var result: ImportResultDTO?
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let id = model.initiative.id
        return Layout.page(
            "Import OKRs · \(model.initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.okrTree(.value(id))), .plain("← OKRs of " + model.initiative.name))),
            .section(
                .class("panel"),
                .h1(.plain("Import OKRs from CSV")),
                .unwrap(model.result) { result in
                    .div(.class("alert success"), .safe("role", "status"),
                         .p(.plain("Imported \(result.objectivesCreated) objectives, \(result.keyResultsCreated) key results and \(result.checkInsCreated) check-ins.")),
                         .p(.a(.link(.okrTree(.value(id))), .plain("See the OKRs"))))
                },
                .if(!model.problems.isEmpty, .div(
                    .class("alert error"), .safe("role", "alert"), .id("import-problems"),
                    .p(.plain("Nothing was imported: the file has \(model.problems.count) problem(s). Fix them and import the whole file again.")),
                    .table(
                        .thead(.tr(.th(.plain("Line")), .th(.plain("Column")), .th(.plain("Problem")))),
                        .tbody(.forEach(model.problems.prefix(500)) { problem in
                            .tr(.td(.plain(String(problem.line))), .td(.plain(problem.column)), .td(.plain(problem.reason)))
                        })
                    )
                )),
                .p(.plain("Columns: " + (OKRTransfer.columns + OKRTransfer.optionalColumns).joined(separator: ", ") + ". The whole file is checked first; if any row is wrong, nothing is imported. An export of this page's OKRs is a valid example.")),
                .form(
                    .id("okr-import"), .safe("method", "post"), .safe("action", SiteURL.okrImport(.value(id)).path),
                    .safe("enctype", "multipart/form-data"),
                    Forms.csrf(context.csrfToken),
                    .div(.class("field"), .label(.safe("for", "field-file"), .plain("CSV file")),
                         .input(.safe("type", "file"), .safe("id", "field-file"), .safe("name", "file"), .safe("accept", ".csv,text/csv"))),
                    Forms.textarea("…or paste its contents", name: "csv"),
                    .element(named: "progress", nodes: [.id("import-progress"), .safe("hidden", "hidden"), .safe("max", "100")]),
                    .p(.id("import-status"), .class("muted"), .safe("aria-live", "polite")),
                    Forms.submit("Import")
                ),
                .script(.safe("src", SiteURL.okrImportScript.path), .attribute(named: "defer"))
            )
        )
    }
}

/// An organization's own objectives (visible in full to its people).
enum OrganizationOKRsPage {
    struct Model: Sendable {
        var organizationID: UUID
        var organizationName: String
        var objectives: [ObjectiveDTO]
        var canManage: Bool
        var isOwnOrganization: Bool
        var form: [String: String]
        var errors: [String: String]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        Layout.page(
            "Objectives · \(model.organizationName)", context,
            .p(.class("crumbs"), .a(.link(.organization(.value(model.organizationID))), .plain("← " + model.organizationName))),
            .section(
                .class("panel"),
                .h1(.plain("\(model.organizationName): own objectives")),
                .p(.class("muted"), .plain(model.isOwnOrganization
                    ? "Your organization's own objectives. Members of your initiatives see those their objectives align to."
                    : "The objectives of this organization that your initiatives align to.")),
                model.objectives.isEmpty
                    ? .p(.class("muted"), .plain("None to show."))
                    : .ul(.class("okr-tree"), .forEach(model.objectives) { OKRTreePage.objectiveItem($0, depth: 0) })
            ),
            .if(model.canManage, newObjective(model, context: context))
        )
    }

    static func newObjective(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let form = model.form, errors = model.errors
        return .section(
            .class("panel"), .id("new-objective"),
            .h2(.plain("Add an objective of your organization")),
            Forms.errorSummary(errors),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.organizationOKRs(.value(model.organizationID)).path),
                Forms.csrf(context.csrfToken),
                Forms.field("Title", name: "title", value: form["title"] ?? "", error: errors["title"]),
                OKRViews.periodFields(form: form, errors: errors),
                Forms.submit("Add objective")
            )
        )
    }
}

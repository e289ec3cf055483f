import CoventureCore
import Foundation
import Plot

/// One stream: purpose, health, people by party, key results, charter, the work item board and its managers' forms.
enum WorkstreamPage {
    struct Model: Sendable {
        var initiative: InitiativeDTO
        var stream: WorkstreamDTO
        var workItems: [WorkItemDTO]
        var charter: CharterDTO?
        var candidates: [MemberDTO]
        var viewerID: UUID
        var canManage: Bool
        var canWork: Bool
        /// The initiative's key results the stream does not contribute to yet.
        var keyResultChoices: [KeyResultChoice]
        /// The practices panel, which the practice feature fills (nil where the page is only a base for another).
        var practices: StreamPracticesPanel.Model?
        var values: [String: String]
        var errors: [String: String]
    }

    struct KeyResultChoice: Sendable {
        var id: UUID
        var title: String
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let stream = model.stream, initiative = model.initiative
        return Layout.page(
            "\(stream.name) · \(initiative.name)", context,
            .p(.class("crumbs"),
               .a(.link(.initiative(.value(initiative.id))), .plain("← " + initiative.name)), .plain(" · "),
               .a(.link(.workstreamMap(.value(initiative.id))), .plain("Workstream map"))),
            sunsetBanner(model, context: context),
            .section(
                .class("panel"),
                .h1(.plain(stream.name)),
                .p(.class("meta"), .span(.class("badge"), .plain(stream.kind.label)), WorkstreamComponents.status(stream.status),
                   .span(.plain(WorkstreamComponents.dates(stream))),
                   .span(.plain("Total commitment " + WorkstreamComponents.percent(stream.totalCommitment)))),
                Forms.errorSummary(model.errors),
                .h2(.plain("Purpose")),
                .p(.class("purpose"), .plain(stream.purpose.isEmpty ? "No purpose written yet." : stream.purpose)),
                .unwrap(stream.closingNote) { note in .group(.h2(.plain("Retrospective")), .p(.class("purpose"), .plain(note))) },
                .h2(.plain("Health")),
                WorkstreamComponents.flags(stream)
            ),
            .div(
                .class("grid"),
                .section(.class("panel"), .h2(.plain("People by party")),
                         WorkstreamComponents.peopleByParty(stream, initiativeID: initiative.id, viewerID: model.viewerID, context: context)),
                .section(.class("panel"), .h2(.plain("Key results")), keyResults(model, context: context), charterSummary(model))
            ),
            .unwrap(model.practices) { StreamPracticesPanel.render($0, values: model.values, errors: model.errors, context: context) },
            board(model, context: context),
            .if(model.canManage && stream.status != .closed, manageForms(model, context: context))
        )
    }

    /// A temporary stream past its end date: close it with a short retrospective, or extend it with a reason.
    static func sunsetBanner(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let stream = model.stream
        guard stream.flags.contains(.pastEndDate), let end = stream.endDate else { return .empty }
        let errors = model.errors, values = model.values
        return .section(
            .class("panel alert warning sunset"), .id("sunset"), .safe("role", "region"), .safe("aria-label", "Sunset"),
            .h2(.plain("This temporary stream passed its end date (\(Display.day(end)))")),
            model.canManage
                ? .div(
                    .class("grid"),
                    .form(
                        .safe("method", "post"), .safe("action", SiteURL.workstreamClose(.value(model.initiative.id), stream: .value(stream.id)).path),
                        Forms.csrf(context.csrfToken),
                        Forms.textarea("Retrospective note", name: "note", value: values["note"] ?? "", error: errors["note"]),
                        Forms.submit("Close the stream")
                    ),
                    .form(
                        .safe("method", "post"), .safe("action", SiteURL.workstreamExtend(.value(model.initiative.id), stream: .value(stream.id)).path),
                        Forms.csrf(context.csrfToken),
                        Forms.field("New end date", name: "extendEndDate", value: values["extendEndDate"] ?? "", type: "date", error: errors["extendEndDate"]),
                        Forms.field("Reason", name: "reason", value: values["reason"] ?? "", error: errors["reason"]),
                        Forms.submit("Extend the stream")
                    )
                )
                : .p(.plain("Its leader or an admin should close it with a short retrospective, or extend it."))
        )
    }

    /// The key results the stream contributes to, with progress, a link to each and (for its managers) link/unlink.
    static func keyResults(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let stream = model.stream, manage = model.canManage && stream.status != .closed
        return .group(
            stream.keyResults.isEmpty
                ? .p(.class("muted"), .plain("Contributes to no key result yet."))
                : .ul(.class("key-results"), .forEach(stream.keyResults) { kr in
                    .li(
                        .a(.link(.keyResult(.value(kr.id))), .plain(kr.title)),
                        .unwrap(kr.objectiveTitle) { .span(.class("muted"), .plain(" — \($0)")) },
                        .span(.class("badge"), .plain(WorkstreamComponents.progress(kr.progress))),
                        .if(manage, Forms.action(
                            .workstreamKeyResultRemove(.value(model.initiative.id), stream: .value(stream.id), keyResult: .value(kr.id)),
                            "Unlink", token: context.csrfToken, danger: true)))
                }),
            .if(manage && !model.keyResultChoices.isEmpty, .form(
                .safe("method", "post"),
                .safe("action", SiteURL.workstreamKeyResults(.value(model.initiative.id), stream: .value(stream.id)).path),
                Forms.csrf(context.csrfToken),
                Forms.select("Contributes to", name: "linkKeyResultId", options: model.keyResultChoices.map { ($0.id.uuidString.lowercased(), $0.title) },
                             selected: model.values["linkKeyResultId"], error: model.errors["linkKeyResultId"], placeholder: "Choose a key result"),
                Forms.submit("Link key result")
            ))
        )
    }

    static func charterSummary(_ model: Model) -> Node<HTML.BodyContext> {
        let link = SiteURL.workstreamCharter(.value(model.initiative.id), stream: .value(model.stream.id))
        guard let status = model.stream.charter else {
            return .group(
                .h2(.plain("Team charter")),
                .p(.class("muted"), .plain("No charter yet.")),
                .p(.a(.link(link), .plain(model.canManage ? "Write the charter" : "Charter"))))
        }
        let names = Dictionary(model.initiative.parties.map { ($0.organizationId, $0.organizationName) }, uniquingKeysWith: { a, _ in a })
        return .group(
            .h2(.plain("Team charter")),
            .p(.plain("Version \(status.version): "),
               .strong(.plain(status.inEffect ? "in effect" : "not yet agreed by every party"))),
            .if(!status.partiesYetToAgree.isEmpty,
                .p(.plain("Still to agree: " + status.partiesYetToAgree.map { names[$0] ?? "a party" }.joined(separator: ", ")))),
            .unwrap(status.reviewDate) { date in reviewLine(date, due: status.reviewDue) },
            .p(.a(.link(link), .plain("Read the charter")))
        )
    }

    static func reviewLine(_ date: CalendarDate, due: Bool) -> Node<HTML.BodyContext> {
        let text = "Review by " + Display.day(date) + (due ? " — due" : "")
        return .p(.plain(text))
    }

    static func board(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let titles = Dictionary(model.stream.keyResults.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        return .section(
            .class("panel"),
            .h2(.id("work-items"), .plain("Work items")),
            .div(
                .class("board"),
                .forEach(WorkItemStatus.allCases) { status in
                    .div(
                        .class("column status-\(status.rawValue)"),
                        .h3(.plain(status.label)),
                        .ul(.class("work-items"), .forEach(model.workItems.filter { $0.status == status }) { item in
                            .li(
                                .class("work-item"), .safe("data-work-item", item.id.uuidString.lowercased()),
                                .strong(.plain(item.title)),
                                .p(.class("muted"), .plain(item.assigneeName),
                                   .unwrap(item.keyResultId) { id in .plain(" → " + (titles[id] ?? "a key result")) }),
                                .if(model.canWork && model.stream.status != .closed, move(item, model: model, context: context))
                            )
                        })
                    )
                }
            ),
            .if(model.canWork && model.stream.status != .closed, newWorkItem(model, context: context))
        )
    }

    static func move(_ item: WorkItemDTO, model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let id = "status-\(item.id.uuidString.lowercased())"
        return .form(
            .class("inline"), .safe("method", "post"),
            .safe("action", SiteURL.workItem(.value(model.initiative.id), stream: .value(model.stream.id), item: .value(item.id)).path),
            Forms.csrf(context.csrfToken),
            .label(.class("visually-hidden"), .safe("for", id), .plain("Status of \(item.title)")),
            .element(named: "select", nodes: [.safe("id", id), .safe("name", "status")] + WorkItemStatus.allCases.map { status in
                Node<HTML.BodyContext>.element(
                    named: "option",
                    nodes: [.safe("value", status.rawValue), status == item.status ? .attribute(named: "selected") : .empty, .plain(status.label)]
                ).convertToForm()
            }),
            .button(.safe("type", "submit"), .class("secondary"), .plain("Move"))
        )
    }

    static func newWorkItem(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let values = model.values, errors = model.errors
        return .form(
            .class("new-work-item"), .safe("method", "post"),
            .safe("action", SiteURL.workstreamWorkItems(.value(model.initiative.id), stream: .value(model.stream.id)).path),
            Forms.csrf(context.csrfToken),
            Forms.field("New work item", name: "title", value: values["title"] ?? "", error: errors["title"]),
            Forms.select("Assignee", name: "assigneeId",
                         options: model.stream.people.map { ($0.personId.uuidString.lowercased(), "\($0.name) (\($0.organizationName))") },
                         selected: values["assigneeId"], error: errors["assigneeId"], placeholder: "Choose someone in the stream"),
            Forms.select("Key result", name: "keyResultId",
                         options: [("", "None")] + model.stream.keyResults.map { ($0.id.uuidString.lowercased(), $0.title) },
                         selected: values["keyResultId"], error: errors["keyResultId"]),
            Forms.submit("Add work item")
        )
    }

    /// The values the "Change the stream" form edits, as it shows them: what its version is a digest of (issue #17).
    static func editedFields(_ stream: WorkstreamDTO) -> [String: String] {
        [
            "status": stream.status.rawValue, "kind": stream.kind.rawValue, "name": stream.name, "purpose": stream.purpose,
            "startDate": stream.startDate.description, "endDate": stream.endDate?.description ?? "",
            "leaderId": stream.leader?.personId.uuidString.lowercased() ?? "",
            "leaderCommitment": stream.leader.map { String($0.commitment) } ?? "",
        ]
    }

    static func manageForms(_ model: Model, context: PageContext) -> Node<HTML.BodyContext> {
        let stream = model.stream, values = model.values, errors = model.errors
        let people = model.candidates.map { ($0.personId.uuidString.lowercased(), "\($0.name) (\($0.organizationName))") }
        let statuses = [stream.status] + WorkstreamStatus.allCases.filter { stream.status.canMove(to: $0) }
        let statusOptions = statuses.map { ($0.rawValue, $0.label) }
        let kindOptions = WorkstreamKind.allCases.map { ($0.rawValue, $0.label) }
        let leaderOptions = [("", stream.leader == nil ? "No leader yet" : "Keep the leader")] + people
        let edit = EditedValues(stored: editedFields(stream), typed: values, errors: errors)
        return .div(
            .class("grid"),
            .section(
                .class("panel"),
                .h2(.id("assign"), .plain("Assign someone")),
                .form(
                    .safe("method", "post"),
                    .safe("action", SiteURL.workstreamAssignments(.value(model.initiative.id), stream: .value(stream.id)).path),
                    Forms.csrf(context.csrfToken),
                    Forms.select("Person", name: "personId", options: people, selected: values["personId"], error: errors["personId"], placeholder: "Choose a person"),
                    Forms.field("Role in the stream", name: "role", value: values["role"] ?? "", required: false, error: errors["role"]),
                    Forms.field("Commitment (% of their time)", name: "commitment", value: values["commitment"] ?? "", type: "number",
                                error: errors["commitment"]),
                    Forms.field("Term ends (optional)", name: "termEnd", value: values["termEnd"] ?? "", type: "date", required: false,
                                error: errors["termEnd"]),
                    Forms.submit("Assign")
                )
            ),
            .section(
                .class("panel"),
                .h2(.id("edit"), .plain("Change the stream")),
                .form(
                    .safe("method", "post"), .safe("action", SiteURL.workstream(.value(model.initiative.id), stream: .value(stream.id)).path),
                    Forms.csrf(context.csrfToken),
                    edit.version,
                    Forms.select("Status", name: "status", options: statusOptions, selected: edit.value("status"), error: errors["status"]),
                    edit.typedNote("status", options: statusOptions),
                    Forms.select("Kind", name: "kind", options: kindOptions, selected: edit.value("kind"), error: errors["kind"]),
                    edit.typedNote("kind", options: kindOptions),
                    Forms.field("Name", name: "name", value: edit.value("name"), error: errors["name"]),
                    edit.typedNote("name"),
                    Forms.textarea("Purpose", name: "purpose", value: edit.value("purpose"), error: errors["purpose"]),
                    edit.typedNote("purpose"),
                    Forms.field("Start date", name: "startDate", value: edit.value("startDate"), type: "date", error: errors["startDate"]),
                    edit.typedNote("startDate"),
                    Forms.field("End date", name: "endDate", value: edit.value("endDate"), type: "date", required: false, error: errors["endDate"]),
                    edit.typedNote("endDate"),
                    Forms.select("Stream leader", name: "leaderId", options: leaderOptions, selected: edit.value("leaderId"), error: errors["leaderId"]),
                    edit.typedNote("leaderId", options: leaderOptions),
                    Forms.field("Stream leader's commitment (%)", name: "leaderCommitment", value: edit.value("leaderCommitment"), type: "number",
                                required: false, error: errors["leaderCommitment"]),
                    edit.typedNote("leaderCommitment"),
                    Forms.submit("Save changes")
                )
            )
        )
    }
}

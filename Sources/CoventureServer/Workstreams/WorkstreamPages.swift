import CoventureCore
import Foundation
import Plot

// The workstream pages. Every user string goes through `.plain` (text) or `.safe` (attributes); every link comes
// from `SiteURL`. People are shown by workstream and by party, never in a hierarchy.

/// Pieces shared by the workstream pages.
enum WorkstreamComponents {
    static func flags(_ flags: [HealthFlag]) -> Node<HTML.BodyContext> {
        guard !flags.isEmpty else { return .p(.class("health ok"), .plain("No health flags.")) }
        return .ul(
            .class("flags"), .safe("aria-label", "Health flags"),
            .forEach(flags) { flag in .li(.class("flag"), .safe("data-flag", flag.rawValue), .plain(flag.label)) })
    }

    static func status(_ status: WorkstreamStatus) -> Node<HTML.BodyContext> {
        .span(.class("badge status-\(status.rawValue)"), .plain(status.label))
    }

    static func dates(_ stream: WorkstreamDTO) -> String {
        stream.endDate.map { "\(stream.startDate) → \($0) (temporary)" } ?? "Since \(stream.startDate)"
    }

    static func percent(_ value: Int) -> String { "\(value) %" }

    static func progress(_ value: Double?) -> String {
        value.map { "\(Int(($0 * 100).rounded())) %" } ?? "no check-in yet"
    }

    static func keyResults(_ keyResults: [StreamKeyResultDTO]) -> Node<HTML.BodyContext> {
        keyResults.isEmpty
            ? .p(.class("muted"), .plain("Contributes to no key result yet."))
            : .ul(.class("key-results"), .forEach(keyResults) { kr in
                .li(
                    .plain(kr.title),
                    .unwrap(kr.objectiveTitle) { .span(.class("muted"), .plain(" — \($0)")) },
                    .span(.class("badge"), .plain(progress(kr.progress))))
            })
    }

    static func hidden(_ name: String, _ value: String) -> Node<HTML.FormContext> {
        .input(.safe("type", "hidden"), .safe("name", name), .safe("value", value))
    }

    /// People by party, each with their place in the stream.
    static func peopleByParty(_ stream: WorkstreamDTO, initiativeID: UUID, viewerID: UUID?, context: PageContext) -> Node<HTML.BodyContext> {
        guard !stream.people.isEmpty else { return .p(.class("muted"), .plain("Nobody is in this stream yet.")) }
        return .forEach(stream.parties) { party in
            .div(
                .class("party"),
                .h3(.plain(party.organizationName)),
                .ul(
                    .class("people"),
                    .unwrap(stream.leader.flatMap { $0.organizationId == party.organizationId ? $0 : nil }) { leader in
                        .li(
                            .a(.link(.initiativePerson(.value(initiativeID), person: .value(leader.personId))), .plain(leader.name)),
                            .span(.class("badge role-leader"), .plain("Leader")),
                            .span(.class("commitment"), .plain(" " + percent(leader.commitment))))
                    },
                    .forEach(stream.assignments.filter { $0.organizationId == party.organizationId }) { assignment in
                        .li(
                            .a(.link(.initiativePerson(.value(initiativeID), person: .value(assignment.personId))), .plain(assignment.name)),
                            .if(!assignment.role.isEmpty, .span(.class("badge"), .plain(assignment.role))),
                            .span(.class("commitment"), .plain(" " + percent(assignment.commitment))),
                            .unwrap(assignment.termEnd) { .span(.class("muted"), .plain(" until \($0)")) },
                            .if(assignment.personId == viewerID && stream.status != .closed,
                                Forms.action(
                                    .assignmentDecline(.value(initiativeID), stream: .value(stream.id), assignment: .value(assignment.id)),
                                    "Decline this assignment", token: context.csrfToken, danger: true))
                        )
                    }
                )
            )
        }
    }
}

// MARK: The workstream map

struct WorkstreamMap: Sendable {
    var initiative: InitiativeDTO
    var streams: [WorkstreamDTO]
    var canCreate: Bool
    /// Members who may lead a stream (observers only read).
    var candidates: [MemberDTO]
    var values: [String: String]
    var errors: [String: String]
}

enum WorkstreamMapPage {
    static func render(_ model: WorkstreamMap, context: PageContext) -> HTML {
        let initiative = model.initiative
        return Layout.page(
            "Workstreams · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(initiative.id))), .plain("← " + initiative.name))),
            .section(
                .class("panel"),
                .h1(.plain("Workstream map")),
                .p(.class("lead"), .plain("The joint team, organized around themes, streams and experiences. Nobody reports to anybody: each stream has a committed leader and people from any party.")),
                Forms.errorSummary(model.errors)
            ),
            .forEach(WorkstreamKind.allCases) { kind in
                let streams = model.streams.filter { $0.kind == kind }
                return .section(
                    .class("panel kind-\(kind.rawValue)"),
                    .h2(.plain(kind.label + "s")),
                    streams.isEmpty
                        ? .p(.class("muted"), .plain("No \(kind.rawValue)s yet."))
                        : .ul(.class("cards stream-cards"), .forEach(streams) { card($0, initiativeID: initiative.id) })
                )
            },
            .if(model.canCreate, createForm(model, context: context))
        )
    }

    static func card(_ stream: WorkstreamDTO, initiativeID: UUID) -> Node<HTML.ListContext> {
        .li(
            .class("card stream-card"), .safe("data-workstream", stream.id.uuidString.lowercased()),
            .h3(.a(.link(.workstream(.value(initiativeID), stream: .value(stream.id))), .plain(stream.name))),
            .p(.class("meta"), WorkstreamComponents.status(stream.status), .span(.plain(WorkstreamComponents.dates(stream)))),
            .p(.strong(.plain("Leader: ")),
               .plain(stream.leader.map { "\($0.name) (\(WorkstreamComponents.percent($0.commitment)))" } ?? "none")),
            .p(.strong(.plain("Parties: ")),
               .plain(stream.parties.isEmpty ? "none yet" : stream.parties.map(\.organizationName).joined(separator: ", "))),
            .p(.strong(.plain("Total commitment: ")), .plain(WorkstreamComponents.percent(stream.totalCommitment))),
            .p(.strong(.plain("Key results: ")),
               .plain(stream.keyResults.isEmpty ? "none" : stream.keyResults.map(\.title).joined(separator: "; "))),
            WorkstreamComponents.flags(stream.flags)
        )
    }

    static func createForm(_ model: WorkstreamMap, context: PageContext) -> Node<HTML.BodyContext> {
        let values = model.values, errors = model.errors
        return .section(
            .class("panel"),
            .h2(.id("new-workstream"), .plain("Start a workstream")),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.workstreamMap(.value(model.initiative.id)).path),
                Forms.csrf(context.csrfToken),
                Forms.select("Kind", name: "kind", options: WorkstreamKind.allCases.map { ($0.rawValue, $0.label) },
                             selected: values["kind"] ?? WorkstreamKind.stream.rawValue, error: errors["kind"]),
                Forms.field("Name", name: "name", value: values["name"] ?? "", error: errors["name"]),
                Forms.textarea("Purpose", name: "purpose", value: values["purpose"] ?? "", error: errors["purpose"]),
                Forms.field("Start date", name: "startDate", value: values["startDate"] ?? "", type: "date", error: errors["startDate"]),
                Forms.field("End date (only for a temporary stream)", name: "endDate", value: values["endDate"] ?? "", type: "date",
                            required: false, error: errors["endDate"]),
                Forms.select("Leader", name: "leaderId",
                             options: [("", "No leader yet")] + model.candidates.map { ($0.personId.uuidString.lowercased(), "\($0.name) (\($0.organizationName))") },
                             selected: values["leaderId"], error: errors["leaderId"]),
                Forms.field("Leader's commitment (% of their time)", name: "leaderCommitment", value: values["leaderCommitment"] ?? "",
                            type: "number", required: false, error: errors["leaderCommitment"]),
                Forms.submit("Start workstream")
            )
        )
    }
}

// MARK: The stream page

struct WorkstreamPage: Sendable {
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
    var values: [String: String]
    var errors: [String: String]
}

struct KeyResultChoice: Sendable {
    var id: UUID
    var title: String
}

enum WorkstreamPageView {
    static func render(_ model: WorkstreamPage, context: PageContext) -> HTML {
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
                WorkstreamComponents.flags(stream.flags)
            ),
            .div(
                .class("grid"),
                .section(.class("panel"), .h2(.plain("People by party")),
                         WorkstreamComponents.peopleByParty(stream, initiativeID: initiative.id, viewerID: model.viewerID, context: context)),
                .section(.class("panel"), .h2(.plain("Key results")), keyResults(model, context: context), charterSummary(model))
            ),
            board(model, context: context),
            .if(model.canManage && stream.status != .closed, manageForms(model, context: context))
        )
    }

    /// A temporary stream past its end date: close it with a short retrospective, or extend it with a reason.
    static func sunsetBanner(_ model: WorkstreamPage, context: PageContext) -> Node<HTML.BodyContext> {
        let stream = model.stream
        guard stream.flags.contains(.pastEndDate), let end = stream.endDate else { return .empty }
        let errors = model.errors, values = model.values
        return .section(
            .class("panel alert warning sunset"), .id("sunset"), .safe("role", "region"), .safe("aria-label", "Sunset"),
            .h2(.plain("This temporary stream passed its end date (\(end))")),
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
    static func keyResults(_ model: WorkstreamPage, context: PageContext) -> Node<HTML.BodyContext> {
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
                             selected: model.values["linkKeyResultId"], error: model.errors["linkKeyResultId"]),
                Forms.submit("Link key result")
            ))
        )
    }

    static func charterSummary(_ model: WorkstreamPage) -> Node<HTML.BodyContext> {
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
            .unwrap(status.reviewDate) { date in .p(.plain("Review by \(date)" + (status.reviewDue ? " — due" : ""))) },
            .p(.a(.link(link), .plain("Read the charter")))
        )
    }

    static func board(_ model: WorkstreamPage, context: PageContext) -> Node<HTML.BodyContext> {
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

    static func move(_ item: WorkItemDTO, model: WorkstreamPage, context: PageContext) -> Node<HTML.BodyContext> {
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

    static func newWorkItem(_ model: WorkstreamPage, context: PageContext) -> Node<HTML.BodyContext> {
        let values = model.values, errors = model.errors
        return .form(
            .class("new-work-item"), .safe("method", "post"),
            .safe("action", SiteURL.workstreamWorkItems(.value(model.initiative.id), stream: .value(model.stream.id)).path),
            Forms.csrf(context.csrfToken),
            Forms.field("New work item", name: "title", value: values["title"] ?? "", error: errors["title"]),
            Forms.select("Assignee", name: "assigneeId",
                         options: model.stream.people.map { ($0.personId.uuidString.lowercased(), "\($0.name) (\($0.organizationName))") },
                         selected: values["assigneeId"], error: errors["assigneeId"]),
            Forms.select("Key result", name: "keyResultId",
                         options: [("", "None")] + model.stream.keyResults.map { ($0.id.uuidString.lowercased(), $0.title) },
                         selected: values["keyResultId"], error: errors["keyResultId"]),
            Forms.submit("Add work item")
        )
    }

    static func manageForms(_ model: WorkstreamPage, context: PageContext) -> Node<HTML.BodyContext> {
        let stream = model.stream, values = model.values, errors = model.errors
        let people = model.candidates.map { ($0.personId.uuidString.lowercased(), "\($0.name) (\($0.organizationName))") }
        let statuses = [stream.status] + WorkstreamStatus.allCases.filter { stream.status.canMove(to: $0) }
        return .div(
            .class("grid"),
            .section(
                .class("panel"),
                .h2(.id("assign"), .plain("Assign someone")),
                .form(
                    .safe("method", "post"),
                    .safe("action", SiteURL.workstreamAssignments(.value(model.initiative.id), stream: .value(stream.id)).path),
                    Forms.csrf(context.csrfToken),
                    Forms.select("Person", name: "personId", options: people, selected: values["personId"], error: errors["personId"]),
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
                    Forms.select("Status", name: "status", options: statuses.map { ($0.rawValue, $0.label) },
                                 selected: values["status"] ?? stream.status.rawValue, error: errors["status"]),
                    Forms.select("Kind", name: "kind", options: WorkstreamKind.allCases.map { ($0.rawValue, $0.label) },
                                 selected: values["kind"] ?? stream.kind.rawValue, error: errors["kind"]),
                    Forms.field("Name", name: "name", value: values["name"] ?? stream.name, error: errors["name"]),
                    Forms.textarea("Purpose", name: "purpose", value: values["purpose"] ?? stream.purpose, error: errors["purpose"]),
                    Forms.field("Start date", name: "startDate", value: values["startDate"] ?? stream.startDate.description, type: "date",
                                error: errors["startDate"]),
                    Forms.field("End date", name: "endDate", value: values["endDate"] ?? stream.endDate?.description ?? "", type: "date",
                                required: false, error: errors["endDate"]),
                    Forms.select("Leader", name: "leaderId", options: [("", stream.leader == nil ? "No leader yet" : "Keep the leader")] + people,
                                 selected: values["leaderId"] ?? stream.leader?.personId.uuidString.lowercased(), error: errors["leaderId"]),
                    Forms.field("Leader's commitment (%)", name: "leaderCommitment",
                                value: values["leaderCommitment"] ?? stream.leader.map { String($0.commitment) } ?? "", type: "number",
                                required: false, error: errors["leaderCommitment"]),
                    Forms.submit("Save changes")
                )
            )
        )
    }
}

// MARK: The charter page

struct CharterPage: Sendable {
    var initiative: InitiativeDTO
    var stream: WorkstreamDTO
    /// Newest first.
    var versions: [CharterDTO]
    var canEdit: Bool
    var canAgree: Bool
    var values: [String: String]
    var errors: [String: String]
}

enum CharterPageView {
    static func render(_ model: CharterPage, context: PageContext) -> HTML {
        let current = model.versions.first
        return Layout.page(
            "Charter · \(model.stream.name)", context,
            .p(.class("crumbs"),
               .a(.link(.workstream(.value(model.initiative.id), stream: .value(model.stream.id))), .plain("← " + model.stream.name))),
            .section(
                .class("panel"),
                .h1(.plain("Team charter")),
                Forms.errorSummary(model.errors),
                .unwrap(model.stream.charter) { status in
                    .p(.class("charter-status"), .plain("Version \(status.version) is "),
                       .strong(.plain(status.inEffect ? "in effect: every party in the stream agreed" : "not in effect yet: every party represented must agree")))
                },
                current.map { version(model, $0, context: context) } ?? .p(.class("muted"), .plain("No charter has been written yet."))
            ),
            .if(model.canEdit && model.stream.status != .closed, editForm(model, current, context: context)),
            .if(model.versions.count > 1, .section(
                .class("panel"),
                .h2(.plain("Past versions")),
                .forEach(model.versions.dropFirst()) { past in
                    .element(named: "details", nodes: [
                        .element(named: "summary", nodes: [.plain("Version \(past.version) — \(Display.date(past.createdAt))")]),
                        version(model, past, context: context),
                    ])
                }
            ))
        )
    }

    static func version(_ model: CharterPage, _ charter: CharterDTO, context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .class("charter"), .safe("data-version", String(charter.version)),
            .h2(.plain("Version \(charter.version)")),
            .h3(.plain("Purpose")), .p(.class("purpose"), .plain(charter.purpose)),
            .h3(.plain("Accountable for")), .p(.class("purpose"), .plain(charter.accountableFor.isEmpty ? "—" : charter.accountableFor)),
            .h3(.plain("Working agreements")), .p(.class("purpose"), .plain(charter.workingAgreements.isEmpty ? "—" : charter.workingAgreements)),
            .h3(.plain("How it decides")), .p(.class("purpose"), .plain(charter.howItDecides.isEmpty ? "—" : charter.howItDecides)),
            .p(.plain("Review date: " + (charter.reviewDate?.description ?? "none set"))),
            .h3(.plain("Agreed by")),
            charter.agreements.isEmpty
                ? .p(.class("muted"), .plain("Nobody yet."))
                : .ul(.class("people"), .forEach(charter.agreements) { agreement in
                    .li(.plain("\(agreement.name) for \(agreement.organizationName)"), .span(.class("muted"), .plain(" · " + Display.dateTime(agreement.agreedAt))))
                }),
            .if(charter.isCurrent && model.canAgree && model.stream.status != .closed, .form(
                .safe("method", "post"), .safe("action", SiteURL.charterAgree(.value(model.initiative.id), stream: .value(model.stream.id)).path),
                Forms.csrf(context.csrfToken),
                WorkstreamComponents.hidden("version", String(charter.version)),
                Forms.submit("Agree to version \(charter.version) for my organization")
            ))
        )
    }

    static func editForm(_ model: CharterPage, _ current: CharterDTO?, context: PageContext) -> Node<HTML.BodyContext> {
        let values = model.values, errors = model.errors
        return .section(
            .class("panel"),
            .h2(.id("edit-charter"), .plain(current == nil ? "Write the charter" : "Change the charter")),
            .p(.class("muted"), .plain("Any change makes a new version, which every party represented in the stream must agree to again.")),
            .form(
                .safe("method", "post"), .safe("action", SiteURL.workstreamCharter(.value(model.initiative.id), stream: .value(model.stream.id)).path),
                Forms.csrf(context.csrfToken),
                Forms.textarea("Purpose", name: "charterPurpose", value: values["charterPurpose"] ?? current?.purpose ?? model.stream.purpose,
                               error: errors["charterPurpose"]),
                Forms.textarea("What it is accountable for", name: "accountableFor", value: values["accountableFor"] ?? current?.accountableFor ?? "",
                               error: errors["accountableFor"]),
                Forms.textarea("Working agreements", name: "workingAgreements", value: values["workingAgreements"] ?? current?.workingAgreements ?? "",
                               error: errors["workingAgreements"]),
                Forms.textarea("How it decides", name: "howItDecides", value: values["howItDecides"] ?? current?.howItDecides ?? "",
                               error: errors["howItDecides"]),
                Forms.field("Review date", name: "reviewDate", value: values["reviewDate"] ?? current?.reviewDate?.description ?? "", type: "date",
                            required: false, error: errors["reviewDate"]),
                Forms.submit("Save charter")
            )
        )
    }
}

// MARK: A person in an initiative

struct PersonPageModel: Sendable {
    var initiative: InitiativeDTO
    var member: MemberDTO
    var work: PersonStreamWork
    /// The streams of this initiative the person is in.
    var streams: [WorkstreamDTO]
    /// Across the open streams (forming, active, sunsetting) of every initiative.
    var totalCommitment: Int
}

enum PersonPage {
    static func render(_ model: PersonPageModel, context: PageContext) -> HTML {
        let initiative = model.initiative, member = model.member
        let krTitles = Dictionary(model.streams.flatMap(\.keyResults).map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let over = model.totalCommitment > WorkstreamHealth.maximumTotalCommitment
        return Layout.page(
            "\(member.name) · \(initiative.name)", context,
            .p(.class("crumbs"), .a(.link(.initiative(.value(initiative.id))), .plain("← " + initiative.name))),
            .section(
                .class("panel"),
                .h1(.plain(member.name)),
                .p(.class("meta"), .a(.link(.organization(.value(member.organizationId))), .plain(member.organizationName)),
                   .span(.class("badge role-\(member.role.rawValue)"), .plain(member.role.label))),
                .p(.class(over ? "alert warning total-commitment" : "total-commitment"),
                   .plain("Total commitment across open workstreams: " + WorkstreamComponents.percent(model.totalCommitment)
                          + (over ? " — more than all of their time" : "")),
                   .span(.class("muted"), .plain(" (forming, active and sunsetting streams of every initiative: planned time counts)")))
            ),
            .section(
                .class("panel"),
                .h2(.plain("Workstreams")),
                model.work.streams.isEmpty
                    ? .p(.class("muted"), .plain("Not in any workstream of this initiative."))
                    : .table(
                        .thead(.tr(.th(.plain("Workstream")), .th(.plain("Kind")), .th(.plain("Place")), .th(.plain("Commitment")))),
                        .tbody(.forEach(model.work.streams) { stream in
                            .tr(
                                .td(.a(.link(.workstream(.value(initiative.id), stream: .value(stream.workstreamId))), .plain(stream.name))),
                                .td(.plain(stream.kind.label)),
                                .td(.plain(stream.isLeader ? "Leader" : role(model, stream.workstreamId))),
                                .td(.class("commitment"), .plain(WorkstreamComponents.percent(stream.commitment)))
                            )
                        })
                    )
            ),
            .section(
                .class("panel"),
                .h2(.plain("Work items")),
                model.work.workItems.isEmpty
                    ? .p(.class("muted"), .plain("No work items."))
                    : .ul(.class("work-items"), .forEach(model.work.workItems) { item in
                        .li(.strong(.plain(item.title)), .span(.class("badge"), .plain(item.status.label)),
                            .plain(" in \(item.workstreamName)"),
                            .unwrap(item.keyResultId) { .plain(" → moves " + (krTitles[$0] ?? "a key result")) })
                    })
            ),
            .section(
                .class("panel"),
                .h2(.plain("Key results they move")),
                WorkstreamComponents.keyResults(keyResultsMoved(model))
            )
        )
    }

    static func role(_ model: PersonPageModel, _ streamID: UUID) -> String {
        model.streams.first { $0.id == streamID }?.assignments.first { $0.personId == model.member.personId }?.role ?? ""
    }

    /// The key results of their work items, and of the streams they lead.
    static func keyResultsMoved(_ model: PersonPageModel) -> [StreamKeyResultDTO] {
        let all = model.streams.flatMap(\.keyResults)
        let ids = Set(model.work.workItems.compactMap(\.keyResultId))
        var seen = Set<UUID>()
        return all.filter { ids.contains($0.id) && seen.insert($0.id).inserted }
    }
}

// MARK: On the initiative overview

enum WorkstreamOverviewPanel {
    /// A summary of the streams' health and a link to the map, for the initiative overview.
    static func render(_ initiativeID: UUID, _ streams: [WorkstreamDTO]) -> Node<HTML.BodyContext> {
        let flagged = streams.filter { !$0.flags.isEmpty }
        return .section(
            .class("panel workstreams-summary"),
            .h2(.plain("Workstreams")),
            streams.isEmpty
                ? .p(.class("muted"), .plain("No workstreams yet."))
                : .p(.plain("\(streams.count) workstream\(streams.count == 1 ? "" : "s"), \(flagged.count) with health flags.")),
            .if(!flagged.isEmpty, .ul(.class("flag-summary"), .forEach(flagged) { stream in
                .li(.a(.link(.workstream(.value(initiativeID), stream: .value(stream.id))), .plain(stream.name)),
                    .plain(": " + stream.flags.map(\.label).joined(separator: "; ")))
            })),
            .p(.a(.class("button secondary"), .link(.workstreamMap(.value(initiativeID))), .plain("Workstream map")))
        )
    }
}

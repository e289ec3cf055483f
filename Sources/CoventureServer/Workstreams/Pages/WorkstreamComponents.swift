import CoventureCore
import Foundation
import Plot

// The workstream pages. Every user string goes through `.plain` (text) or `.safe` (attributes); every link comes
// from `SiteURL`. People are shown by workstream and by party, never in a hierarchy.

/// Pieces shared by the workstream pages.
enum WorkstreamComponents {
    /// The stream's health flags; a stream without a charter reads "No charter yet", not "not agreed".
    static func flags(_ stream: WorkstreamDTO) -> Node<HTML.BodyContext> {
        let flags = stream.flags, hasCharter = stream.charter != nil
        guard !flags.isEmpty else { return .p(.class("health ok"), .plain("No health flags.")) }
        return .ul(
            .class("flags"), .safe("aria-label", "Health flags"),
            .forEach(flags) { flag in .li(.class("flag"), .safe("data-flag", flag.rawValue), .plain(flag.label(hasCharter: hasCharter))) })
    }

    static func status(_ status: WorkstreamStatus) -> Node<HTML.BodyContext> {
        .span(.class("badge status-\(status.rawValue)"), .plain(status.label))
    }

    static func dates(_ stream: WorkstreamDTO) -> String {
        stream.endDate.map { "\(Display.day(stream.startDate)) → \(Display.day($0)) (temporary)" } ?? "Since \(Display.day(stream.startDate))"
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
                            .span(.class("badge role-leader"), .plain("Stream leader")),
                            .span(.class("commitment"), .plain(" " + percent(leader.commitment))))
                    },
                    .forEach(stream.assignments.filter { $0.organizationId == party.organizationId }) { assignment in
                        .li(
                            .a(.link(.initiativePerson(.value(initiativeID), person: .value(assignment.personId))), .plain(assignment.name)),
                            .if(!assignment.role.isEmpty, .span(.class("badge"), .plain(assignment.role))),
                            .span(.class("commitment"), .plain(" " + percent(assignment.commitment))),
                            .unwrap(assignment.termEnd) { .span(.class("muted"), .plain(" until \(Display.day($0))")) },
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

/// A summary of the streams' health and a link to the map, for the initiative overview.
enum WorkstreamOverviewPanel {
    static func render(_ initiativeID: UUID, _ streams: [WorkstreamDTO]) -> Node<HTML.BodyContext> {
        let flagged = streams.filter { !$0.flags.isEmpty }
        return .section(
            .class("panel workstreams-summary"),
            .h2(.plain("Workstreams")),
            streams.isEmpty
                ? .p(.class("muted"), .plain("No workstreams yet."))
                : .p(.plain("\(Display.count(streams.count, "workstream")), \(flagged.count) with health flags.")),
            .if(!flagged.isEmpty, .ul(.class("flag-summary"), .forEach(flagged) { stream in
                .li(.a(.link(.workstream(.value(initiativeID), stream: .value(stream.id))), .plain(stream.name)),
                    .plain(": " + stream.flags.map { $0.label(hasCharter: stream.charter != nil) }.joined(separator: "; ")))
            })),
            .p(.a(.class("button secondary"), .link(.workstreamMap(.value(initiativeID))), .plain("Workstream map")))
        )
    }
}

import CoventureCore
import Fluent
import Foundation
import SQLKit

/// The workstreams' lines on the "Needs you" page: charters waiting for the person's party where they may agree,
/// assignments recently made to them, and the health flags of streams they lead (`WorkstreamHealth`).
///
/// Eight statements whatever the person is in (issue #6's query discipline): the person's open streams, then the
/// facts health needs for all of them at once. An empty list still runs its statement (`SQLLists`), so a person in no
/// stream costs the same as one in many.
struct WorkstreamNeedsYou: NeedsYouSource {
    /// An assignment is news for this long after it was made: the person may decline it meanwhile. (An assignment
    /// needs no acceptance; saying nothing keeps it.)
    static let assignmentNewsDays = 14

    private struct Stream {
        var id: UUID
        var initiativeID: UUID
        var name: String
        var status: WorkstreamStatus
        var endDate: CalendarDate?
        var leader: WorkstreamFacts.Person?
    }

    private struct Assignment {
        var streamID: UUID
        var person: WorkstreamFacts.Person
        var role: String
        var createdAt: Date
    }

    func lines(for viewer: NeedsYouViewer, on db: any Database) async throws -> [NeedsYouLine] {
        let open = WorkstreamStatus.allCases.filter { $0 != .closed }.map(\.rawValue)
        let me = viewer.personID
        let streams = try await SQLLists.rows(db, "w.initiative_id", in: viewer.initiativeIDs) { inList in """
            SELECT w.id, w.initiative_id, w.name, w.status, w.end_date, w.leader_id, w.leader_commitment, lp.organization_id AS leader_organization_id
            FROM workstreams w LEFT JOIN people lp ON lp.id = w.leader_id
            WHERE \(inList) AND w.status IN (\(binds: open)) AND (w.leader_id = \(bind: me) OR w.id IN (
                SELECT workstream_id FROM workstream_assignments WHERE person_id = \(bind: me) AND ended_at IS NULL))
            """ }.map { row in
                let leaderID = try row.decode(column: "leader_id", as: UUID?.self)
                let leaderOrganization = try row.decode(column: "leader_organization_id", as: UUID?.self)
                return Stream(
                    id: try row.decode(column: "id", as: UUID.self), initiativeID: try row.decode(column: "initiative_id", as: UUID.self),
                    name: try row.decode(column: "name", as: String.self),
                    status: try WorkstreamStatus(stored: try row.decode(column: "status", as: String.self), column: "workstreams.status"),
                    endDate: CalendarDate.stored(try row.decode(column: "end_date", as: String?.self)),
                    leader: try zip2(leaderID, leaderOrganization).map {
                        WorkstreamFacts.Person(personID: $0.0, organizationID: $0.1, commitment: try row.decode(column: "leader_commitment", as: Int?.self) ?? 0)
                    })
            }
        let ids = streams.map(\.id)
        let assignments = try await SQLLists.rows(db, "a.workstream_id", in: ids) { inList in """
            SELECT a.workstream_id, a.person_id, a.role, a.commitment, a.term_end, a.created_at, p.organization_id
            FROM workstream_assignments a JOIN people p ON p.id = a.person_id
            WHERE \(inList) AND a.ended_at IS NULL ORDER BY a.created_at, a.id
            """ }.map { row in
                Assignment(
                    streamID: try row.decode(column: "workstream_id", as: UUID.self),
                    person: .init(
                        personID: try row.decode(column: "person_id", as: UUID.self), organizationID: try row.decode(column: "organization_id", as: UUID.self),
                        commitment: try row.decode(column: "commitment", as: Int.self), termEnd: CalendarDate.stored(try row.decode(column: "term_end", as: String?.self))),
                    role: try row.decode(column: "role", as: String.self), createdAt: try row.decode(column: "created_at", as: Date.self))
            }
        let keyResultCounts = try await SQLLists.rows(db, "workstream_id", in: ids) { inList in """
            SELECT workstream_id, COUNT(*) AS links FROM workstream_key_results WHERE \(inList) GROUP BY workstream_id
            """ }.reduce(into: [UUID: Int]()) { $0[try $1.decode(column: "workstream_id", as: UUID.self)] = try $1.decode(column: "links", as: Int.self) }
        let charters = try await charterFacts(ids, on: db)
        let practiceReviews = try await PracticeReader.earliestReviews(of: ids, on: db)
        let people = Set(streams.compactMap(\.leader?.personID) + assignments.map(\.person.personID))
        let totals = try await totalCommitments(of: people, on: db)

        let today = viewer.today
        var lines: [NeedsYouLine] = []
        for stream in streams {
            let mine = assignments.filter { $0.streamID == stream.id }
            let facts = WorkstreamFacts(
                status: stream.status, endDate: stream.endDate, leader: stream.leader, assignments: mine.map(\.person),
                keyResultCount: keyResultCounts[stream.id] ?? 0, charter: charters[stream.id],
                earliestPracticeReview: practiceReviews[stream.id])
            let page = SiteURL.workstream(.value(stream.initiativeID), stream: .value(stream.id)).path
            if let charter = facts.charter, charter.partiesYetToAgree(partiesRepresented: facts.partiesRepresented).contains(viewer.organizationID),
                AccessPolicy.decide(
                    .workInWorkstream(leaderID: stream.leader?.personID, people: Set(facts.people.map(\.personID))),
                    for: viewer.viewer(in: stream.initiativeID)) == .allow
            {
                lines.append(NeedsYouLine(
                    kind: .charterAwaitingYourParty, initiativeID: stream.initiativeID,
                    sentence: [
                        .text("The charter of "), .name(stream.name),
                        .text(" (version \(charter.currentVersion)) waits for \(viewer.organizationName)'s agreement, which you may give."),
                    ],
                    link: SiteURL.workstreamCharter(.value(stream.initiativeID), stream: .value(stream.id)).path))
            }
            let flags = WorkstreamHealth.flags(for: facts, today: today, totalCommitmentByPerson: totals)
            if stream.leader?.personID == me, !flags.isEmpty {
                lines.append(NeedsYouLine(
                    kind: .streamHealth, initiativeID: stream.initiativeID,
                    sentence: [.name(stream.name), .text(", which you lead: " + flags.map { $0.label.lowercasedFirst }.joined(separator: "; ") + ".")],
                    link: page))
            }
            let cutoff = viewer.now.addingTimeInterval(-Double(Self.assignmentNewsDays) * 86_400)
            for assignment in mine where assignment.person.personID == me && assignment.createdAt >= cutoff && stream.leader?.personID != me {
                lines.append(NeedsYouLine(
                    kind: .assignmentOffered, initiativeID: stream.initiativeID,
                    sentence: [
                        .text("You were assigned to "), .name(stream.name),
                        .text(" as \(assignment.role) for \(assignment.person.commitment) % of your time. Keep it, or decline it on the stream's page."),
                    ],
                    link: page, when: assignment.createdAt))
            }
        }
        return lines
    }

    /// The current charter of each stream, with every agreement: two statements.
    private func charterFacts(_ ids: [UUID], on db: any Database) async throws -> [UUID: CharterFacts] {
        // Hand-picked columns rather than `CharterVersionRow`/`CharterAgreementRow`: every page a person opens shows
        // "Needs you", which needs three of a charter's ten columns, and the seven it skips are the charter's texts.
        var current: [UUID: (version: Int, review: CalendarDate?)] = [:]
        for row in try await SQLLists.rows(db, "workstream_id", in: ids, { "SELECT workstream_id, version, review_date FROM workstream_charters WHERE \($0)" }) {
            let stream = try row.decode(column: "workstream_id", as: UUID.self), version = try row.decode(column: "version", as: Int.self)
            if (current[stream]?.version ?? 0) < version {
                current[stream] = (version, CalendarDate.stored(try row.decode(column: "review_date", as: String?.self)))
            }
        }
        let agreements = try await SQLLists.rows(db, "workstream_id", in: ids) { inList in """
            SELECT workstream_id, person_id, organization_id, version FROM workstream_charter_agreements WHERE \(inList)
            """ }.map { row in
                (stream: try row.decode(column: "workstream_id", as: UUID.self),
                 agreement: CharterAgreement(
                    personID: try row.decode(column: "person_id", as: UUID.self), organizationID: try row.decode(column: "organization_id", as: UUID.self),
                    version: try row.decode(column: "version", as: Int.self)))
            }
        return current.reduce(into: [UUID: CharterFacts]()) { result, entry in
            result[entry.key] = CharterFacts(
                currentVersion: entry.value.version, reviewDate: entry.value.review,
                agreements: agreements.filter { $0.stream == entry.key }.map(\.agreement))
        }
    }

    /// Each person's total commitment across every open stream (as `WorkstreamReader.totalCommitments`): two statements.
    private func totalCommitments(of people: Set<UUID>, on db: any Database) async throws -> [UUID: Int] {
        let counting = WorkstreamStatus.allCases.filter(\.countsTowardCommitment).map(\.rawValue)
        let leading = try await SQLLists.rows(db, "leader_id", in: people) { inList in """
            SELECT leader_id AS person_id, COALESCE(leader_commitment, 0) AS commitment FROM workstreams
            WHERE status IN (\(binds: counting)) AND \(inList)
            """ }
        let assigned = try await SQLLists.rows(db, "a.person_id", in: people) { inList in """
            SELECT a.person_id, a.commitment FROM workstream_assignments a JOIN workstreams w ON w.id = a.workstream_id
            WHERE w.status IN (\(binds: counting)) AND a.ended_at IS NULL AND \(inList)
            """ }
        return WorkstreamHealth.totalCommitments(try (leading + assigned).map { row in
            CommitmentEntry(
                personID: try row.decode(column: "person_id", as: UUID.self), streamIsOpen: true,
                percent: try row.decode(column: "commitment", as: Int.self))
        })
    }
}

private func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

extension String {
    /// "Past its end date" → "past its end date", for a label inside a sentence.
    fileprivate var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}

import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The reads of workstreams, their people, work items, charters and key results, shared by the pages, the API and
/// other features (the OKRs' line of sight, the report, the calendar). No recorder: the stores keep only the changes
/// and the checks the changes need. Reads are for callers whose access was checked. They load whole sets in a fixed
/// number of statements, never one per row.
package struct WorkstreamReader: Sendable {
    let db: any Database
    /// "Today" for the health rules. No viewer time zone is stored yet, so it is the UTC day, as the pages' times are.
    let today: CalendarDate

    init(db: any Database, now: Date = Date()) {
        self.db = db
        self.today = CalendarDate(now, in: TimeZone(identifier: "UTC")!)
    }

    init(request: Request) { self.init(db: request.db) }
    init(application: Application) { self.init(db: application.db) }

    // MARK: Streams

    func list(initiativeID: UUID) async throws -> [WorkstreamDTO] {
        let streams = try await WorkstreamRow.all(db, where: "initiative_id = \(bind: initiativeID)", orderBy: "name, id")
        return try await dtos(streams)
    }

    func detail(_ id: UUID) async throws -> WorkstreamDTO {
        guard let stream = try await WorkstreamRow.find(id, db), let dto = try await dtos([stream]).first else {
            throw AppError.notFound
        }
        return dto
    }

    /// Builds the DTOs of several streams with a fixed number of queries, health flags included.
    func dtos(_ streams: [WorkstreamRow]) async throws -> [WorkstreamDTO] {
        guard !streams.isEmpty else { return [] }
        let ids = streams.map(\.id)
        // Split by stream, so each stream's assignments stay in one statement's order.
        let assignments = try await AssignmentRow.all(db, "workstream_id", in: ids, and: "ended_at IS NULL", orderBy: "created_at, id")
        let personIDs = Set(assignments.map(\.personID) + streams.compactMap(\.leaderID))
        let people = try await people(personIDs)
        let totals = try await totalCommitments(of: personIDs)
        let charters = try await charterFacts(ids)
        let keyResults = try await keyResults(of: ids)
        let practiceReviews = try await PracticeReader.earliestReviews(of: ids, on: db)
        let today = self.today
        return try streams.map { stream in
            let id = stream.id
            let status = try stream.workstreamStatus
            let leader: StreamPersonDTO? = stream.leaderID.map { personID in
                let person = people[personID]
                return StreamPersonDTO(
                    personId: personID, name: person?.name ?? "Unknown", organizationId: person?.organizationID ?? personID,
                    organizationName: person?.organizationName ?? "", commitment: stream.leaderCommitment ?? 0)
            }
            let mine = assignments.filter { $0.workstreamID == id }.map { assignment in
                let person = people[assignment.personID]
                return AssignmentDTO(
                    id: assignment.id, workstreamId: id, personId: assignment.personID, name: person?.name ?? "Unknown",
                    organizationId: person?.organizationID ?? assignment.personID, organizationName: person?.organizationName ?? "",
                    role: assignment.role, commitment: assignment.commitment, termEnd: CalendarDate.stored(assignment.termEnd))
            }
            let streamKRs = keyResults[id] ?? []
            let facts = WorkstreamFacts(
                status: status, endDate: CalendarDate.stored(stream.endDate),
                leader: leader.map { .init(personID: $0.personId, organizationID: $0.organizationId, commitment: $0.commitment) },
                assignments: mine.map { .init(personID: $0.personId, organizationID: $0.organizationId, commitment: $0.commitment, termEnd: $0.termEnd) },
                keyResultCount: streamKRs.count, charter: charters[id], earliestPracticeReview: practiceReviews[id])
            let represented = facts.partiesRepresented
            var parties: [UUID: String] = [:]
            for person in (leader.map { [$0] } ?? []) { parties[person.organizationId] = person.organizationName }
            for assignment in mine { parties[assignment.organizationId] = assignment.organizationName }
            let charter = charters[id].map { facts in
                CharterStatusDTO(
                    version: facts.currentVersion, inEffect: facts.isInEffect(partiesRepresented: represented),
                    reviewDate: facts.reviewDate, reviewDue: facts.isReviewDue(today: today),
                    partiesYetToAgree: facts.partiesYetToAgree(partiesRepresented: represented).sorted { $0.uuidString < $1.uuidString })
            }
            return WorkstreamDTO(
                id: id, initiativeId: stream.initiativeID, kind: try WorkstreamKind(stored: stream.kind, column: "workstreams.kind"),
                name: stream.name, purpose: stream.purpose, startDate: try CalendarDate(parsing: stream.startDate),
                endDate: CalendarDate.stored(stream.endDate), status: status, leader: leader, assignments: mine,
                parties: parties.map { StreamPartyDTO(organizationId: $0.key, organizationName: $0.value) }
                    .sorted { ($0.organizationName, $0.organizationId.uuidString) < ($1.organizationName, $1.organizationId.uuidString) },
                totalCommitment: facts.people.map(\.commitment).reduce(0, +), keyResults: streamKRs,
                flags: WorkstreamHealth.flags(for: facts, today: today, totalCommitmentByPerson: totals),
                charter: charter, closingNote: stream.closingNote, createdAt: stream.createdAt)
        }
    }

    struct PersonInfo: Sendable {
        var name: String
        var organizationID: UUID
        var organizationName: String
    }

    /// Names and organizations of people, for the DTOs that show them.
    func people(_ ids: Set<UUID>) async throws -> [UUID: PersonInfo] {
        guard !ids.isEmpty else { return [:] }
        return try await SQLLists.rows(db, "p.id", in: ids) { inList in """
            SELECT p.id, p.name, p.organization_id, o.name AS organization_name FROM people p JOIN organizations o ON o.id = p.organization_id
            WHERE \(inList)
            """ }.reduce(into: [UUID: PersonInfo]()) { result, row in
                result[try row.decode(column: "id", as: UUID.self)] = PersonInfo(
                    name: try row.decode(column: "name", as: String.self), organizationID: try row.decode(column: "organization_id", as: UUID.self),
                    organizationName: try row.decode(column: "organization_name", as: String.self))
            }
    }

    /// Each person's total commitment across the open streams (forming, active, sunsetting) of every initiative: a
    /// person has one working week, however many partnerships their organization is in.
    func totalCommitments(of personIDs: Set<UUID>) async throws -> [UUID: Int] {
        guard !personIDs.isEmpty else { return [:] }
        let counting = WorkstreamStatus.allCases.filter(\.countsTowardCommitment).map(\.rawValue)
        let leading = try await SQLLists.rows(db, "leader_id", in: personIDs) { inList in """
            SELECT leader_id AS person_id, COALESCE(leader_commitment, 0) AS commitment FROM workstreams
            WHERE status IN (\(binds: counting)) AND \(inList)
            """ }
        let assigned = try await SQLLists.rows(db, "a.person_id", in: personIDs) { inList in """
            SELECT a.person_id, a.commitment FROM workstream_assignments a JOIN workstreams w ON w.id = a.workstream_id
            WHERE w.status IN (\(binds: counting)) AND a.ended_at IS NULL AND \(inList)
            """ }
        let entries = try (leading + assigned).map { row in
            CommitmentEntry(
                personID: try row.decode(column: "person_id", as: UUID.self), streamIsOpen: true,
                percent: try row.decode(column: "commitment", as: Int.self))
        }
        return WorkstreamHealth.totalCommitments(entries)
    }

    /// The current charter of each stream that has one, with every agreement ever given.
    func charterFacts(_ streamIDs: [UUID]) async throws -> [UUID: CharterFacts] {
        guard !streamIDs.isEmpty else { return [:] }
        let versions = try await CharterVersionRow.all(db, "workstream_id", in: streamIDs)
        var current: [UUID: CharterVersionRow] = [:]
        for version in versions where (current[version.workstreamID]?.version ?? 0) < version.version {
            current[version.workstreamID] = version
        }
        guard !current.isEmpty else { return [:] }
        let agreements = try await CharterAgreementRow.all(db, "workstream_id", in: current.keys)
        return current.mapValues { version in
            CharterFacts(
                currentVersion: version.version, reviewDate: CalendarDate.stored(version.reviewDate),
                agreements: agreements.filter { $0.workstreamID == version.workstreamID }.map {
                    CharterAgreement(personID: $0.personID, organizationID: $0.organizationID, version: $0.version)
                })
        }
    }

    func workItems(of streamID: UUID) async throws -> [WorkItemDTO] {
        try await itemDTOs(WorkItemRow.all(db, where: "workstream_id = \(bind: streamID)", orderBy: "created_at, id"))
    }

    func workItem(_ id: UUID, in streamID: UUID) async throws -> WorkItemDTO {
        guard let item = try await WorkItemRow.first(db, where: "id = \(bind: id) AND workstream_id = \(bind: streamID)")
        else { throw AppError.notFound }
        return try await itemDTOs([item])[0]
    }

    /// Work items with their assignees' names: one statement for the names, none when there are no items.
    private func itemDTOs(_ items: [WorkItemRow]) async throws -> [WorkItemDTO] {
        let people = try await people(Set(items.map(\.assigneeID)))
        return try items.map { try $0.dto(assigneeName: people[$0.assigneeID]?.name ?? "Unknown") }
    }

    /// Every version of the stream's charter, newest first, with who agreed to each.
    func charterVersions(of streamID: UUID) async throws -> [CharterDTO] {
        let versions = try await CharterVersionRow.all(db, where: "workstream_id = \(bind: streamID)", orderBy: "version DESC")
        let agreements = try await CharterAgreementRow.all(db, where: "workstream_id = \(bind: streamID)", orderBy: "agreed_at")
        let people = try await people(Set(agreements.map(\.personID)))
        let newest = versions.first?.version
        return versions.map { version in
            CharterDTO(
                id: version.id, workstreamId: streamID, version: version.version, isCurrent: version.version == newest,
                purpose: version.purpose, accountableFor: version.accountableFor, workingAgreements: version.workingAgreements,
                howItDecides: version.howItDecides, reviewDate: CalendarDate.stored(version.reviewDate), createdAt: version.createdAt,
                agreements: agreements.filter { $0.version == version.version }.map { agreement in
                    let person = people[agreement.personID]
                    return CharterAgreementDTO(
                        personId: agreement.personID, name: person?.name ?? "Unknown", organizationId: agreement.organizationID,
                        organizationName: person?.organizationName ?? "", agreedAt: agreement.agreedAt)
                })
        }
    }

    // MARK: Line of sight

    /// What one person does in one initiative's streams (for the line-of-sight page).
    func lineOfSight(personID: UUID, initiativeID: UUID) async throws -> PersonStreamWork {
        try await lineOfSight(personID: personID, initiativeIDs: [initiativeID])[initiativeID] ?? PersonStreamWork(streams: [], workItems: [])
    }

    /// What one person does in the streams of each of these initiatives, in three statements however many initiatives
    /// there are (a person's streams across every initiative they share with the caller: issue #11).
    func lineOfSight(personID: UUID, initiativeIDs: [UUID]) async throws -> [UUID: PersonStreamWork] {
        guard !initiativeIDs.isEmpty else { return [:] }
        let streams = try await WorkstreamRow.all(db, "initiative_id", in: initiativeIDs)
        let byID = Dictionary(uniqueKeysWithValues: streams.map { ($0.id, $0) })
        let ids = Array(byID.keys)
        guard !ids.isEmpty else { return [:] }
        let assignments = try await AssignmentRow.all(
            db, "workstream_id", in: ids, and: "person_id = \(bind: personID) AND ended_at IS NULL")
        var items = try await WorkItemRow.all(db, "workstream_id", in: ids, and: "assignee_id = \(bind: personID)", orderBy: "created_at, id")
        if SQLLists.isSplit(ids.count) { items.sort { ($0.createdAt, $0.id.uuidString) < ($1.createdAt, $1.id.uuidString) } }
        var memberships: [UUID: [StreamMembershipSummary]] = [:]
        for stream in streams where stream.leaderID == personID {
            memberships[stream.initiativeID, default: []].append(StreamMembershipSummary(
                workstreamId: stream.id, name: stream.name, kind: try stream.workstreamKind, commitment: stream.leaderCommitment ?? 0,
                isLeader: true))
        }
        for assignment in assignments {
            guard let stream = byID[assignment.workstreamID] else { continue }
            memberships[stream.initiativeID, default: []].append(StreamMembershipSummary(
                workstreamId: stream.id, name: stream.name, kind: try stream.workstreamKind, commitment: assignment.commitment,
                isLeader: false))
        }
        var workItems: [UUID: [WorkItemSummary]] = [:]
        for item in items {
            guard let stream = byID[item.workstreamID] else { continue }
            workItems[stream.initiativeID, default: []].append(WorkItemSummary(
                id: item.id, title: item.title, status: try WorkItemStatus(stored: item.status, column: "work_items.status"),
                workstreamId: item.workstreamID, workstreamName: stream.name, assigneeId: personID, keyResultId: item.keyResultID))
        }
        var result: [UUID: PersonStreamWork] = [:]
        for initiativeID in Set(memberships.keys).union(workItems.keys) {
            result[initiativeID] = PersonStreamWork(
                streams: (memberships[initiativeID] ?? []).sorted { ($0.name, $0.workstreamId.uuidString) < ($1.name, $1.workstreamId.uuidString) },
                workItems: workItems[initiativeID] ?? [])
        }
        return result
    }

    /// A person's streams in the initiatives `viewer` is a member of, and their total commitment everywhere.
    func personStreams(_ personID: UUID, visibleTo viewer: UUID) async throws -> PersonWorkstreamsDTO {
        guard let person = try await PersonRow.find(personID, db) else { throw AppError.notFound }
        let organizationName = try await person.organizationName(on: db)
        let visible = try await Policy.initiativeIDs(of: viewer, on: db)
        let initiatives = visible.isEmpty ? [] : try await InitiativeRow.all(db, "id", in: visible)
        let names = initiatives.reduce(into: [UUID: String]()) { $0[$1.id] = $1.name }
        // The same statements however many initiatives the caller shares with the person (issue #11).
        let works = try await lineOfSight(personID: personID, initiativeIDs: initiatives.map(\.id))
        let streamIDs = works.values.flatMap { $0.streams.map(\.workstreamId) }
        let byID = try await WorkstreamRow.all(db, "id", in: streamIDs).reduce(into: [UUID: WorkstreamRow]()) { $0[$1.id] = $1 }
        let assignments = try await AssignmentRow.all(
            db, "workstream_id", in: streamIDs, and: "person_id = \(bind: personID) AND ended_at IS NULL")
        var streams: [PersonWorkstreamsDTO.Stream] = []
        var workItems: [WorkItemSummary] = []
        for initiative in initiatives.sorted(by: { $0.name < $1.name }) {
            guard let work = works[initiative.id] else { continue }
            for membership in work.streams {
                let stream = byID[membership.workstreamId]
                let assignment = membership.isLeader ? nil : assignments.first { $0.workstreamID == membership.workstreamId }
                streams.append(.init(
                    workstreamId: membership.workstreamId, initiativeId: initiative.id, initiativeName: names[initiative.id] ?? "",
                    name: membership.name, kind: membership.kind, status: (try stream?.workstreamStatus) ?? .active,
                    role: membership.isLeader ? "Leader" : (assignment?.role ?? ""), commitment: membership.commitment,
                    isLeader: membership.isLeader, termEnd: CalendarDate.stored(assignment?.termEnd), assignmentId: assignment?.id))
            }
            workItems += work.workItems
        }
        let total = try await totalCommitments(of: [personID])[personID] ?? 0
        return PersonWorkstreamsDTO(
            personId: personID, name: person.name, organizationId: person.organizationID, organizationName: organizationName,
            totalCommitment: total, overCommitted: total > WorkstreamHealth.maximumTotalCommitment, streams: streams, workItems: workItems)
    }

    // MARK: Key results

    /// The key results each stream contributes to, with their progress and objective (from the OKRs).
    func keyResults(of streamIDs: [UUID]) async throws -> [UUID: [StreamKeyResultDTO]] {
        guard !streamIDs.isEmpty else { return [:] }
        // Split by stream, so each stream's links stay in one statement's order.
        let links = try await WorkstreamKeyResultRow.all(db, "workstream_id", in: streamIDs, orderBy: "created_at, id")
        guard !links.isEmpty else { return [:] }
        let summaries = try await keyResultSummaries(Set(links.map(\.keyResultID)))
        var result: [UUID: [StreamKeyResultDTO]] = [:]
        for link in links {
            if let summary = summaries[link.keyResultID] { result[link.workstreamID, default: []].append(summary) }
        }
        return result
    }

    /// Key results by id, with their objective's title and their progress (unclamped, nil before a check-in).
    func keyResultSummaries(_ ids: Set<UUID>) async throws -> [UUID: StreamKeyResultDTO] {
        guard !ids.isEmpty else { return [:] }
        let keyResults = try await OKRReader(db: db).keyResultSummaries(ids: Array(ids))
        let objectives = try await SQLLists.rows(db, "id", in: Set(keyResults.map(\.objectiveId)), { "SELECT id, title FROM objectives WHERE \($0)" })
            .reduce(into: [UUID: String]()) { $0[try $1.decode(column: "id", as: UUID.self)] = try $1.decode(column: "title", as: String.self) }
        return keyResults.reduce(into: [UUID: StreamKeyResultDTO]()) { result, kr in
            result[kr.id] = StreamKeyResultDTO(
                id: kr.id, title: kr.title, objectiveId: kr.objectiveId, objectiveTitle: objectives[kr.objectiveId], progress: kr.progress)
        }
    }

    /// The initiative's key results a stream could contribute to, by title (for the pages' choices).
    package func initiativeKeyResults(_ initiativeID: UUID) async throws -> [(id: UUID, title: String)] {
        try await KeyResultRow.all(db, where: "initiative_id = \(bind: initiativeID)", orderBy: "title").map { ($0.id, $0.title) }
    }
}

import CoventureCore
import Fluent
import SQLKit
import Foundation
import Vapor

/// Workstreams, their people, work items and charters. Every change goes through the recorder, with its event on
/// the initiative's log; reads are for callers whose access was checked (`readable(_:by:)` does it).
struct WorkstreamStore: RecordingStore {
    let db: any Database
    let recorder: Recorder
    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// "Today" for the health rules. No viewer time zone is stored yet, so it is the UTC day, as the pages' times are.
    var today: CalendarDate { CalendarDate(recorder.now(), in: TimeZone(identifier: "UTC")!) }

    // MARK: Loading and access

    func model(_ id: UUID) async throws -> WorkstreamModel {
        guard let stream = try await WorkstreamModel.find(id, on: db) else { throw AppError.notFound }
        return stream
    }

    /// The stream, once the caller is known to be a member of its initiative. A missing stream and one the caller
    /// may not see look exactly the same (404).
    func readable(_ id: UUID, by actor: Actor) async throws -> WorkstreamModel {
        let stream = try await model(id)
        try await Policy.authorize(.initiative(stream.$initiative.id, .read), actor: actor, on: db)
        return stream
    }

    /// The stream, checked to belong to the initiative in the page's path.
    func model(_ id: UUID, in initiativeID: UUID) async throws -> WorkstreamModel {
        let stream = try await model(id)
        guard stream.$initiative.id == initiativeID else { throw AppError.notFound }
        return stream
    }

    /// The people in a stream now: its leader and everyone whose assignment has not ended.
    func people(in streamID: UUID) async throws -> Set<UUID> {
        let stream = try await model(streamID)
        let assigned = try await AssignmentModel.query(on: db).filter(\.$workstream.$id == streamID).filter(\.$endedAt == nil)
            .all(\.$person.$id)
        return Set(assigned + (stream.leaderID.map { [$0] } ?? []))
    }

    func managePermission(_ stream: WorkstreamModel) -> Permission {
        .initiative(stream.$initiative.id, .manageWorkstream(leaderID: stream.leaderID))
    }

    func workPermission(_ stream: WorkstreamModel) async throws -> Permission {
        .initiative(stream.$initiative.id, .workInWorkstream(leaderID: stream.leaderID, people: try await people(in: try stream.requireID())))
    }

    // MARK: Reads

    func list(initiativeID: UUID) async throws -> [WorkstreamDTO] {
        let streams = try await WorkstreamModel.query(on: db).filter(\.$initiative.$id == initiativeID)
            .sort(\.$name).sort(\.$id).all()
        return try await dtos(streams)
    }

    func detail(_ id: UUID) async throws -> WorkstreamDTO {
        guard let dto = try await dtos([try await model(id)]).first else { throw AppError.notFound }
        return dto
    }

    /// Builds the DTOs of several streams with a fixed number of queries, health flags included.
    func dtos(_ streams: [WorkstreamModel]) async throws -> [WorkstreamDTO] {
        guard !streams.isEmpty else { return [] }
        let ids = try streams.map { try $0.requireID() }
        // Plain rows, not Fluent models: a large initiative's map shows hundreds of assignments, and decoding models
        // (reflection per row) was most of its cost (issue #6).
        // Split by stream, so each stream's assignments stay in one statement's order.
        let assignments = try await SQLLists.rows(db, "workstream_id", in: ids) { inList in """
            SELECT id, workstream_id, person_id, role, commitment, term_end FROM workstream_assignments
            WHERE \(inList) AND ended_at IS NULL ORDER BY created_at, id
            """ }.map { row in
                (id: try row.decode(column: "id", as: UUID.self), workstreamID: try row.decode(column: "workstream_id", as: UUID.self),
                 personID: try row.decode(column: "person_id", as: UUID.self), role: try row.decode(column: "role", as: String.self),
                 commitment: try row.decode(column: "commitment", as: Int.self), termEnd: try row.decode(column: "term_end", as: String?.self))
            }
        let personIDs = Set(assignments.map(\.personID) + streams.compactMap(\.leaderID))
        let people = try await Self.people(personIDs, on: db)
        let totals = try await totalCommitments(of: personIDs)
        let charters = try await charterFacts(ids)
        let keyResults = try await keyResults(of: ids)
        let practiceReviews = try await PracticeReader.earliestReviews(of: ids, on: db)
        let today = self.today
        return try streams.map { stream in
            let id = try stream.requireID()
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
                id: id, initiativeId: stream.$initiative.id, kind: try WorkstreamKind(stored: stream.kind, column: "workstreams.kind"),
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

    static func people(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: PersonInfo] {
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
        let versions = try await SQLLists.chunked(streamIDs) { try await CharterVersionModel.query(on: db).filter(\.$workstream.$id ~~ $0).all() }
        var current: [UUID: CharterVersionModel] = [:]
        for version in versions where (current[version.$workstream.id]?.version ?? 0) < version.version {
            current[version.$workstream.id] = version
        }
        guard !current.isEmpty else { return [:] }
        let agreements = try await SQLLists.chunked(current.keys) { try await CharterAgreementModel.query(on: db).filter(\.$workstreamID ~~ $0).all() }
        return current.mapValues { version in
            CharterFacts(
                currentVersion: version.version, reviewDate: CalendarDate.stored(version.reviewDate),
                agreements: agreements.filter { $0.workstreamID == version.$workstream.id }.map {
                    CharterAgreement(personID: $0.$person.id, organizationID: $0.organizationID, version: $0.version)
                })
        }
    }

    func workItems(of streamID: UUID) async throws -> [WorkItemDTO] {
        try await WorkItemModel.query(on: db).filter(\.$workstream.$id == streamID).with(\.$assignee)
            .sort(\.$createdAt).sort(\.$id).all().map { try $0.dto() }
    }

    func workItem(_ id: UUID, in streamID: UUID) async throws -> WorkItemDTO {
        guard let item = try await WorkItemModel.query(on: db).filter(\.$id == id).filter(\.$workstream.$id == streamID)
            .with(\.$assignee).first()
        else { throw AppError.notFound }
        return try item.dto()
    }

    /// Every version of the stream's charter, newest first, with who agreed to each.
    func charterVersions(of streamID: UUID) async throws -> [CharterDTO] {
        let versions = try await CharterVersionModel.query(on: db).filter(\.$workstream.$id == streamID)
            .sort(\.$version, .descending).all()
        let agreements = try await CharterAgreementModel.query(on: db).filter(\.$workstreamID == streamID)
            .sort(\.$agreedAt).all()
        let people = try await Self.people(Set(agreements.map { $0.$person.id }), on: db)
        let newest = versions.first?.version
        return try versions.map { version in
            CharterDTO(
                id: try version.requireID(), workstreamId: streamID, version: version.version, isCurrent: version.version == newest,
                purpose: version.purpose, accountableFor: version.accountableFor, workingAgreements: version.workingAgreements,
                howItDecides: version.howItDecides, reviewDate: CalendarDate.stored(version.reviewDate), createdAt: version.createdAt,
                agreements: agreements.filter { $0.version == version.version }.map { agreement in
                    let person = people[agreement.$person.id]
                    return CharterAgreementDTO(
                        personId: agreement.$person.id, name: person?.name ?? "Unknown", organizationId: agreement.organizationID,
                        organizationName: person?.organizationName ?? "", agreedAt: agreement.agreedAt)
                })
        }
    }

    /// What one person does in one initiative's streams (for the line-of-sight page).
    func lineOfSight(personID: UUID, initiativeID: UUID) async throws -> PersonStreamWork {
        try await WorkstreamReader(db: db).lineOfSight(personID: personID, initiativeID: initiativeID)
    }

    /// A person's streams in the initiatives `viewer` is a member of, and their total commitment everywhere.
    func personStreams(_ personID: UUID, visibleTo viewer: UUID) async throws -> PersonWorkstreamsDTO {
        guard let person = try await PersonModel.query(on: db).filter(\.$id == personID).with(\.$organization).first() else {
            throw AppError.notFound
        }
        let visible = try await Policy.initiativeIDs(of: viewer, on: db)
        let initiatives = visible.isEmpty ? [] : try await SQLLists.chunked(visible) { try await InitiativeModel.query(on: db).filter(\.$id ~~ $0).all() }
        let names = initiatives.reduce(into: [UUID: String]()) { $0[$1.id!] = $1.name }
        // The same statements however many initiatives the caller shares with the person (issue #11).
        let works = try await WorkstreamReader(db: db).lineOfSight(personID: personID, initiativeIDs: initiatives.map { $0.id! })
        let streamIDs = works.values.flatMap { $0.streams.map(\.workstreamId) }
        let models = try await SQLLists.chunked(streamIDs) { try await WorkstreamModel.query(on: db).filter(\.$id ~~ $0).all() }
        let byID = models.reduce(into: [UUID: WorkstreamModel]()) { $0[$1.id!] = $1 }
        let assignments = try await SQLLists.chunked(streamIDs) { chunk in
            try await AssignmentModel.query(on: db).filter(\.$workstream.$id ~~ chunk).filter(\.$person.$id == personID).filter(\.$endedAt == nil).all()
        }
        var streams: [PersonWorkstreamsDTO.Stream] = []
        var workItems: [WorkItemSummary] = []
        for initiative in initiatives.sorted(by: { $0.name < $1.name }) {
            guard let work = works[initiative.id!] else { continue }
            for membership in work.streams {
                let stream = byID[membership.workstreamId]
                let assignment = membership.isLeader ? nil : assignments.first { $0.$workstream.id == membership.workstreamId }
                streams.append(.init(
                    workstreamId: membership.workstreamId, initiativeId: initiative.id!, initiativeName: names[initiative.id!] ?? "",
                    name: membership.name, kind: membership.kind, status: (try stream?.workstreamStatus) ?? .active,
                    role: membership.isLeader ? "Leader" : (assignment?.role ?? ""), commitment: membership.commitment,
                    isLeader: membership.isLeader, termEnd: CalendarDate.stored(assignment?.termEnd), assignmentId: assignment?.id))
            }
            workItems += work.workItems
        }
        let total = try await totalCommitments(of: [personID])[personID] ?? 0
        return PersonWorkstreamsDTO(
            personId: personID, name: person.name, organizationId: person.$organization.id, organizationName: person.organization.name,
            totalCommitment: total, overCommitted: total > WorkstreamHealth.maximumTotalCommitment, streams: streams, workItems: workItems)
    }

    // MARK: Key results

    /// The key results each stream contributes to, with their progress and objective (from the OKRs).
    func keyResults(of streamIDs: [UUID]) async throws -> [UUID: [StreamKeyResultDTO]] {
        guard !streamIDs.isEmpty else { return [:] }
        // Split by stream, so each stream's links stay in one statement's order.
        let links = try await SQLLists.rows(db, "workstream_id", in: streamIDs) { inList in """
            SELECT workstream_id, key_result_id FROM workstream_key_results WHERE \(inList)
            ORDER BY created_at, id
            """ }.map { (stream: try $0.decode(column: "workstream_id", as: UUID.self), keyResult: try $0.decode(column: "key_result_id", as: UUID.self)) }
        guard !links.isEmpty else { return [:] }
        let summaries = try await keyResultSummaries(Set(links.map(\.keyResult)))
        var result: [UUID: [StreamKeyResultDTO]] = [:]
        for link in links {
            if let summary = summaries[link.keyResult] { result[link.stream, default: []].append(summary) }
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
    func initiativeKeyResults(_ initiativeID: UUID) async throws -> [(id: UUID, title: String)] {
        try await KeyResultModel.query(on: db).filter(\.$initiativeID == initiativeID).sort(\.$title).all()
            .map { (try $0.requireID(), $0.title) }
    }

    func linkKeyResult(_ id: UUID, _ request: LinkKeyResultRequest, by actor: Actor) async throws -> WorkstreamDTO {
        let stream = try await model(id)
        _ = try await recorder.record(
            managePermission(stream), by: actor,
            validate: { () -> UUID in
                guard let keyResultID = request.keyResultId else { throw ValidationError(field: "keyResultId", "is required") }
                return keyResultID
            },
            apply: { db, keyResultID in
                guard let stream = try await WorkstreamModel.find(id, on: db) else { throw AppError.notFound }
                try Self.requireOpen(stream)
                try await Self.requireKeyResult(keyResultID, of: stream.$initiative.id, on: db)
                if try await WorkstreamKeyResultModel.query(on: db).filter(\.$workstream.$id == id)
                    .filter(\.$keyResultID == keyResultID).first() != nil {
                    throw AppError.conflict(field: "keyResultId", message: "is already one this workstream contributes to")
                }
                let link = WorkstreamKeyResultModel()
                link.$workstream.id = id
                link.keyResultID = keyResultID
                link.createdAt = Date()
                try await link.create(on: db)
                return Recorded((), EventDraft(
                    log: stream.$initiative.id, action: .workstreamKeyResultLinked, objectID: id,
                    change: ["keyResultId": .id(keyResultID)]))
            })
        return try await detail(id)
    }

    func unlinkKeyResult(_ id: UUID, keyResultID: UUID, by actor: Actor) async throws {
        let stream = try await model(id)
        try await recorder.record(
            managePermission(stream), by: actor, validate: {},
            apply: { db, _ in
                guard let stream = try await WorkstreamModel.find(id, on: db),
                    let link = try await WorkstreamKeyResultModel.query(on: db).filter(\.$workstream.$id == id)
                        .filter(\.$keyResultID == keyResultID).first()
                else { throw AppError.notFound }
                try Self.requireOpen(stream)
                try await link.delete(on: db)
                return Recorded((), EventDraft(
                    log: stream.$initiative.id, action: .workstreamKeyResultUnlinked, objectID: id,
                    change: ["keyResultId": .id(keyResultID)]))
            })
    }

    // MARK: Changes to a stream

    func create(initiativeID: UUID, _ request: CreateWorkstreamRequest, by actor: Actor) async throws -> WorkstreamDTO {
        let id = try await recorder.record(
            .initiative(initiativeID, .createWorkstream), by: actor,
            validate: { () -> (WorkstreamDetails, LeaderDeclaration?) in
                var checks = FieldChecks()
                let kind = checks.run { () throws -> WorkstreamKind in
                    guard let kind = request.kind else { throw ValidationError(field: "kind", "is required: theme, stream or experience") }
                    return kind
                }
                let start = checks.run { () throws -> CalendarDate in
                    guard let start = request.startDate else { throw ValidationError(field: "startDate", "is required") }
                    return start
                }
                let leader = checks.run { try Self.leader(request.leaderId, request.leaderCommitment) }
                let details = checks.run { () throws -> WorkstreamDetails? in
                    // Name, purpose and end date are checked even when the kind or start is missing (a placeholder kind
                    // and start then stand in, and only their own errors count).
                    try WorkstreamDetails(
                        kind: kind ?? .stream, name: request.name, purpose: request.purpose,
                        startDate: start ?? request.endDate ?? CalendarDate(year: 1, month: 1, day: 1), endDate: start == nil ? nil : request.endDate)
                }
                try checks.finish()
                return (details!!, leader!)
            },
            apply: { db, input in
                let (details, leader) = input
                if let leader { try await Self.requireMember(leader.personID, of: initiativeID, field: "leaderId", on: db) }
                let stream = WorkstreamModel()
                stream.$initiative.id = initiativeID
                stream.kind = details.kind.rawValue
                stream.name = details.name
                stream.purpose = details.purpose
                stream.startDate = details.startDate.description
                stream.endDate = details.endDate?.description
                stream.status = WorkstreamStatus.forming.rawValue
                stream.leaderID = leader?.personID
                stream.leaderCommitment = leader?.commitment
                stream.createdAt = Date()
                try await stream.create(on: db)
                let id = try stream.requireID()
                return Recorded(id, EventDraft(
                    log: initiativeID, action: .workstreamCreated, objectID: id,
                    change: [
                        "kind": .string(stream.kind), "name": .string(stream.name), "purpose": .string(stream.purpose),
                        "startDate": .string(stream.startDate), "endDate": .optional(stream.endDate), "status": .string(stream.status),
                        "leaderId": .optional(stream.leaderID), "leaderCommitment": stream.leaderCommitment.map { .int($0) } ?? .null,
                    ]))
            })
        return try await detail(id)
    }

    /// A leader is given with their commitment, or not at all.
    static func leader(_ personID: UUID?, _ commitment: Int?) throws -> LeaderDeclaration? {
        switch (personID, commitment) {
        case (nil, nil): return nil
        case (nil, _?): throw ValidationError(field: "leaderId", "is required with leaderCommitment")
        case (_?, nil): throw ValidationError(field: "leaderCommitment", "is required with a leader: the percent of their time, 1 to 100")
        case (let personID?, let commitment?): return try LeaderDeclaration(personID: personID, commitment: commitment)
        }
    }

    /// Leaders and assignees are members of the initiative, of any party, who may act in it (not observers).
    static func requireMember(_ personID: UUID, of initiativeID: UUID, field: String, on db: any Database) async throws {
        guard let member = try await MemberModel.query(on: db).filter(\.$initiative.$id == initiativeID)
            .filter(\.$person.$id == personID).first()
        else { throw AppError.invalid(field: field, message: "is not a member of this initiative") }
        guard member.role != MemberRole.observer.rawValue else {
            throw AppError.invalid(field: field, message: "is an observer, who can read but not take part; an admin of their organization can change their role first")
        }
    }

    /// A closed stream stays as it was: a new need gets a new stream.
    static func requireInStream(_ personID: UUID, stream: WorkstreamModel, on db: any Database) async throws {
        if stream.leaderID == personID { return }
        guard try await AssignmentModel.query(on: db).filter(\.$workstream.$id == stream.requireID())
            .filter(\.$person.$id == personID).filter(\.$endedAt == nil).first() != nil
        else { throw AppError.invalid(field: "assigneeId", message: "is not in this workstream; assign them to it first") }
    }

    /// A work item or a stream moves a key result of its own initiative (not an organization's own).
    static func requireKeyResult(_ keyResultID: UUID, of initiativeID: UUID, on db: any Database) async throws {
        guard try await KeyResultModel.query(on: db).filter(\.$id == keyResultID).filter(\.$initiativeID == initiativeID).first() != nil
        else { throw AppError.invalid(field: "keyResultId", message: "is not a key result of this initiative") }
    }

    static func requireOpen(_ stream: WorkstreamModel) throws {
        guard try stream.workstreamStatus != .closed else {
            throw AppError.conflict(field: "status", message: "is closed: a closed workstream stays as it was")
        }
    }

    func update(_ id: UUID, _ request: UpdateWorkstreamRequest, by actor: Actor) async throws -> WorkstreamDTO {
        let current = try await model(id)
        let status = try current.workstreamStatus
        let kind = try current.workstreamKind, name = current.name, purpose = current.purpose
        let start = try CalendarDate(parsing: current.startDate), end = CalendarDate.stored(current.endDate)
        let leaderID = current.leaderID, leaderCommitment = current.leaderCommitment
        _ = try await recorder.record(
            managePermission(current), by: actor,
            validate: { () -> (WorkstreamDetails, WorkstreamStatus?, LeaderDeclaration?) in
                let details = try WorkstreamDetails(
                    kind: request.kind ?? kind, name: request.name ?? name, purpose: request.purpose ?? purpose,
                    startDate: request.startDate ?? start, endDate: request.endDate ?? end)
                var move: WorkstreamStatus? = nil
                if let next = request.status, next != status {
                    try status.validateMove(to: next)
                    move = next
                }
                var leader: LeaderDeclaration? = nil
                if request.leaderId != nil || request.leaderCommitment != nil {
                    let person = request.leaderId ?? leaderID
                    // A new leader declares their own commitment; the same leader may change only theirs.
                    let commitment = request.leaderCommitment ?? (person == leaderID ? leaderCommitment : nil)
                    leader = try Self.leader(person, commitment)
                }
                return (details, move, leader)
            },
            apply: { db, input in
                let (details, move, leader) = input
                guard let stream = try await WorkstreamModel.find(id, on: db) else { throw AppError.notFound }
                try Self.requireOpen(stream)
                var change: [String: JSONValue] = [:]
                if details.kind.rawValue != stream.kind { stream.kind = details.kind.rawValue; change["kind"] = .string(stream.kind) }
                if details.name != stream.name { stream.name = details.name; change["name"] = .string(stream.name) }
                if details.purpose != stream.purpose { stream.purpose = details.purpose; change["purpose"] = .string(stream.purpose) }
                if details.startDate.description != stream.startDate {
                    stream.startDate = details.startDate.description
                    change["startDate"] = .string(stream.startDate)
                }
                if details.endDate?.description != stream.endDate {
                    stream.endDate = details.endDate?.description
                    change["endDate"] = .optional(stream.endDate)
                }
                if let move {
                    stream.status = move.rawValue
                    change["status"] = .string(move.rawValue)
                }
                if let leader, leader.personID != stream.leaderID || leader.commitment != stream.leaderCommitment {
                    if leader.personID != stream.leaderID {
                        try await Self.requireMember(leader.personID, of: stream.$initiative.id, field: "leaderId", on: db)
                    }
                    stream.leaderID = leader.personID
                    stream.leaderCommitment = leader.commitment
                    change["leaderId"] = .id(leader.personID)
                    change["leaderCommitment"] = .int(leader.commitment)
                }
                guard !change.isEmpty else { return Recorded(id, []) }
                try await stream.save(on: db)
                return Recorded(id, EventDraft(
                    log: stream.$initiative.id, action: .workstreamUpdated, objectID: id, change: change))
            })
        return try await detail(id)
    }

    /// Closes a stream with a short retrospective note.
    func close(_ id: UUID, _ request: CloseWorkstreamRequest, by actor: Actor) async throws -> WorkstreamDTO {
        let current = try await model(id)
        let status = try current.workstreamStatus
        _ = try await recorder.record(
            managePermission(current), by: actor,
            validate: { () -> String in
                let note = try Validate.longText(request.note, field: "note", maxLength: 2000)
                guard !note.isEmpty else { throw ValidationError(field: "note", "is required: say in a few words what the stream achieved and learned") }
                if status != .closed { try status.validateMove(to: .closed) }
                return note
            },
            apply: { db, note in
                guard let stream = try await WorkstreamModel.find(id, on: db) else { throw AppError.notFound }
                try Self.requireOpen(stream)
                stream.status = WorkstreamStatus.closed.rawValue
                stream.closingNote = note
                try await stream.save(on: db)
                return Recorded(id, EventDraft(
                    log: stream.$initiative.id, action: .workstreamClosed, objectID: id,
                    change: ["status": .string(stream.status), "note": .string(note)]))
            })
        return try await detail(id)
    }

    /// Gives a temporary stream a new end date, with the reason; a sunsetting stream becomes active again.
    func extend(_ id: UUID, _ request: ExtendWorkstreamRequest, by actor: Actor) async throws -> WorkstreamDTO {
        let current = try await model(id)
        let start = try CalendarDate(parsing: current.startDate), end = CalendarDate.stored(current.endDate)
        let today = self.today
        _ = try await recorder.record(
            managePermission(current), by: actor,
            validate: { () -> (CalendarDate, String) in
                guard let newEnd = request.endDate else { throw ValidationError(field: "endDate", "is required: the new end date") }
                if newEnd < start { throw ValidationError(field: "endDate", "must not be before the start date (\(start))") }
                if newEnd < today { throw ValidationError(field: "endDate", "must not be in the past (today is \(today))") }
                if let end, newEnd <= end { throw ValidationError(field: "endDate", "must be after the current end date (\(end))") }
                let reason = try Validate.text(request.reason, field: "reason", maxLength: 500)
                return (newEnd, reason)
            },
            apply: { db, input in
                guard let stream = try await WorkstreamModel.find(id, on: db) else { throw AppError.notFound }
                try Self.requireOpen(stream)
                var change: [String: JSONValue] = [
                    "endDate": .string(input.0.description), "previousEndDate": .optional(stream.endDate), "reason": .string(input.1),
                ]
                stream.endDate = input.0.description
                if try stream.workstreamStatus == .sunsetting {
                    stream.status = WorkstreamStatus.active.rawValue
                    change["status"] = .string(stream.status)
                }
                try await stream.save(on: db)
                return Recorded(id, EventDraft(
                    log: stream.$initiative.id, action: .workstreamExtended, objectID: id, change: change))
            })
        return try await detail(id)
    }

}

extension WorkstreamModel {
    var workstreamStatus: WorkstreamStatus { get throws { try WorkstreamStatus(stored: status, column: "workstreams.status") } }
    var workstreamKind: WorkstreamKind { get throws { try WorkstreamKind(stored: kind, column: "workstreams.kind") } }
}

extension CharterVersionModel {
    func content() throws -> CharterContent {
        try CharterContent(
            purpose: purpose, accountableFor: accountableFor, workingAgreements: workingAgreements, howItDecides: howItDecides,
            reviewDate: CalendarDate.stored(reviewDate))
    }
}

extension WorkItemModel {
    func dto() throws -> WorkItemDTO {
        WorkItemDTO(
            id: try requireID(), workstreamId: $workstream.id, title: title, assigneeId: $assignee.id, assigneeName: assignee.name,
            status: try WorkItemStatus(stored: status, column: "work_items.status"), keyResultId: keyResultID, createdAt: createdAt)
    }
}

extension CalendarDate {
    /// A date as this app stored it (always valid `YYYY-MM-DD`), or nil.
    static func stored(_ text: String?) -> CalendarDate? { text.flatMap { try? CalendarDate(parsing: $0) } }
}

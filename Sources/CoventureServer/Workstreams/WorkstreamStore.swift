import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Changes to a workstream: create, update, close, extend, and the key results it contributes to. Every change goes
/// through the recorder, with its event on the initiative's log. Its reads are `WorkstreamReader`'s; the store keeps
/// the loading and the permissions its changes (and the stream's other stores) need.
package struct WorkstreamStore: RecordingStore {
    let db: any Database
    let recorder: Recorder

    /// The reads, on the recorder's clock: a change answers with the stream as its own "today" sees it.
    package var reader: WorkstreamReader { WorkstreamReader(db: db, now: recorder.now()) }
    /// "Today" for the health rules and the date checks of a change.
    var today: CalendarDate { reader.today }

    // MARK: Loading and access

    func stream(_ id: UUID) async throws -> WorkstreamRow {
        guard let stream = try await WorkstreamRow.find(id, db) else { throw AppError.notFound }
        return stream
    }

    /// The stream, once the caller is known to be a member of its initiative. A missing stream and one the caller
    /// may not see look exactly the same (404).
    func readable(_ id: UUID, by actor: Actor) async throws -> WorkstreamRow {
        let stream = try await self.stream(id)
        try await Policy.authorize(.initiative(stream.initiativeID, .read), actor: actor, on: db)
        return stream
    }

    /// The stream, checked to belong to the initiative in the page's path.
    func stream(_ id: UUID, in initiativeID: UUID) async throws -> WorkstreamRow {
        let stream = try await self.stream(id)
        guard stream.initiativeID == initiativeID else { throw AppError.notFound }
        return stream
    }

    /// The people in a stream now: its leader and everyone whose assignment has not ended.
    func people(in streamID: UUID) async throws -> Set<UUID> {
        let stream = try await self.stream(streamID)
        let assigned = try await AssignmentRow.all(db, where: "workstream_id = \(bind: streamID) AND ended_at IS NULL").map(\.personID)
        return Set(assigned + (stream.leaderID.map { [$0] } ?? []))
    }

    func managePermission(_ stream: WorkstreamRow) -> Permission {
        .initiative(stream.initiativeID, .manageWorkstream(leaderID: stream.leaderID))
    }

    func workPermission(_ stream: WorkstreamRow) async throws -> Permission {
        .initiative(stream.initiativeID, .workInWorkstream(leaderID: stream.leaderID, people: try await people(in: stream.id)))
    }

    package func linkKeyResult(_ id: UUID, _ request: LinkKeyResultRequest, by actor: Actor) async throws -> WorkstreamDTO {
        let stream = try await self.stream(id)
        _ = try await recorder.record(
            managePermission(stream), by: actor,
            validate: { () -> UUID in
                guard let keyResultID = request.keyResultId else { throw ValidationError(field: "keyResultId", "is required") }
                return keyResultID
            },
            apply: { db, keyResultID in
                guard let stream = try await WorkstreamRow.find(id, db) else { throw AppError.notFound }
                try Self.requireOpen(stream)
                try await Self.requireKeyResult(keyResultID, of: stream.initiativeID, on: db)
                if try await WorkstreamKeyResultRow.exists(db, where: "workstream_id = \(bind: id) AND key_result_id = \(bind: keyResultID)") {
                    throw AppError.conflict(field: "keyResultId", message: "is already one this workstream contributes to")
                }
                try await WorkstreamKeyResultRow(id: UUID(), workstreamID: id, keyResultID: keyResultID, createdAt: Date()).insert(db)
                return Recorded((), EventDraft(
                    log: stream.initiativeID, action: .workstreamKeyResultLinked, objectID: id,
                    change: ["keyResultId": .id(keyResultID)]))
            })
        return try await reader.detail(id)
    }

    func unlinkKeyResult(_ id: UUID, keyResultID: UUID, by actor: Actor) async throws {
        let stream = try await self.stream(id)
        try await recorder.record(
            managePermission(stream), by: actor, validate: {},
            apply: { db, _ in
                guard let stream = try await WorkstreamRow.find(id, db),
                    let link = try await WorkstreamKeyResultRow.first(db, where: "workstream_id = \(bind: id) AND key_result_id = \(bind: keyResultID)")
                else { throw AppError.notFound }
                try Self.requireOpen(stream)
                try await link.delete(db)
                return Recorded((), EventDraft(
                    log: stream.initiativeID, action: .workstreamKeyResultUnlinked, objectID: id,
                    change: ["keyResultId": .id(keyResultID)]))
            })
    }

    // MARK: Changes to a stream

    package func create(initiativeID: UUID, _ request: CreateWorkstreamRequest, by actor: Actor) async throws -> WorkstreamDTO {
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
                let stream = WorkstreamRow(
                    id: UUID(), initiativeID: initiativeID, kind: details.kind.rawValue, name: details.name, purpose: details.purpose,
                    startDate: details.startDate.description, endDate: details.endDate?.description, status: WorkstreamStatus.forming.rawValue,
                    leaderID: leader?.personID, leaderCommitment: leader?.commitment, closingNote: nil, createdAt: Date())
                try await stream.insert(db)
                let id = stream.id
                return Recorded(id, EventDraft(
                    log: initiativeID, action: .workstreamCreated, objectID: id,
                    change: [
                        "kind": .string(stream.kind), "name": .string(stream.name), "purpose": .string(stream.purpose),
                        "startDate": .string(stream.startDate), "endDate": .optional(stream.endDate), "status": .string(stream.status),
                        "leaderId": .optional(stream.leaderID), "leaderCommitment": stream.leaderCommitment.map { .int($0) } ?? .null,
                    ]))
            })
        return try await reader.detail(id)
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
        guard let member = try await MemberRow.first(db, where: "initiative_id = \(bind: initiativeID) AND person_id = \(bind: personID)")
        else { throw AppError.invalid(field: field, message: "is not a member of this initiative") }
        guard member.role != MemberRole.observer.rawValue else {
            throw AppError.invalid(field: field, message: "is an observer, who can read but not take part; an admin of their organization can change their role first")
        }
    }

    /// A closed stream stays as it was: a new need gets a new stream.
    static func requireInStream(_ personID: UUID, stream: WorkstreamRow, on db: any Database) async throws {
        if stream.leaderID == personID { return }
        guard try await AssignmentRow.exists(db, where: "workstream_id = \(bind: stream.id) AND person_id = \(bind: personID) AND ended_at IS NULL")
        else { throw AppError.invalid(field: "assigneeId", message: "is not in this workstream; assign them to it first") }
    }

    /// A work item or a stream moves a key result of its own initiative (not an organization's own).
    static func requireKeyResult(_ keyResultID: UUID, of initiativeID: UUID, on db: any Database) async throws {
        guard try await KeyResultRow.exists(db, where: "id = \(bind: keyResultID) AND initiative_id = \(bind: initiativeID)")
        else { throw AppError.invalid(field: "keyResultId", message: "is not a key result of this initiative") }
    }

    static func requireOpen(_ stream: WorkstreamRow) throws {
        guard try stream.workstreamStatus != .closed else {
            throw AppError.conflict(field: "status", message: "is closed: a closed workstream stays as it was")
        }
    }

    package func update(_ id: UUID, _ request: UpdateWorkstreamRequest, by actor: Actor) async throws -> WorkstreamDTO {
        let current = try await self.stream(id)
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
                guard var stream = try await WorkstreamRow.find(id, db) else { throw AppError.notFound }
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
                        try await Self.requireMember(leader.personID, of: stream.initiativeID, field: "leaderId", on: db)
                    }
                    stream.leaderID = leader.personID
                    stream.leaderCommitment = leader.commitment
                    change["leaderId"] = .id(leader.personID)
                    change["leaderCommitment"] = .int(leader.commitment)
                }
                guard !change.isEmpty else { return Recorded(id, []) }
                // The editable columns only: rewriting created_at could move it (`TableRow.update(_:_:)`).
                try await stream.update(db, [.kind, .name, .purpose, .startDate, .endDate, .status, .leaderID, .leaderCommitment])
                return Recorded(id, EventDraft(
                    log: stream.initiativeID, action: .workstreamUpdated, objectID: id, change: change))
            })
        return try await reader.detail(id)
    }

    /// Closes a stream with a short retrospective note.
    func close(_ id: UUID, _ request: CloseWorkstreamRequest, by actor: Actor) async throws -> WorkstreamDTO {
        let current = try await self.stream(id)
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
                guard var stream = try await WorkstreamRow.find(id, db) else { throw AppError.notFound }
                try Self.requireOpen(stream)
                stream.status = WorkstreamStatus.closed.rawValue
                stream.closingNote = note
                try await stream.update(db, [.status, .closingNote])
                return Recorded(id, EventDraft(
                    log: stream.initiativeID, action: .workstreamClosed, objectID: id,
                    change: ["status": .string(stream.status), "note": .string(note)]))
            })
        return try await reader.detail(id)
    }

    /// Gives a temporary stream a new end date, with the reason; a sunsetting stream becomes active again.
    func extend(_ id: UUID, _ request: ExtendWorkstreamRequest, by actor: Actor) async throws -> WorkstreamDTO {
        let current = try await self.stream(id)
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
                guard var stream = try await WorkstreamRow.find(id, db) else { throw AppError.notFound }
                try Self.requireOpen(stream)
                var change: [String: JSONValue] = [
                    "endDate": .string(input.0.description), "previousEndDate": .optional(stream.endDate), "reason": .string(input.1),
                ]
                stream.endDate = input.0.description
                if try stream.workstreamStatus == .sunsetting {
                    stream.status = WorkstreamStatus.active.rawValue
                    change["status"] = .string(stream.status)
                }
                try await stream.update(db, [.endDate, .status])
                return Recorded(id, EventDraft(
                    log: stream.initiativeID, action: .workstreamExtended, objectID: id, change: change))
            })
        return try await reader.detail(id)
    }


    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
}

extension WorkstreamRow {
    var workstreamStatus: WorkstreamStatus { get throws { try WorkstreamStatus(stored: status, column: "workstreams.status") } }
    var workstreamKind: WorkstreamKind { get throws { try WorkstreamKind(stored: kind, column: "workstreams.kind") } }
}

extension CharterVersionRow {
    func content() throws -> CharterContent {
        try CharterContent(
            purpose: purpose, accountableFor: accountableFor, workingAgreements: workingAgreements, howItDecides: howItDecides,
            reviewDate: CalendarDate.stored(reviewDate))
    }
}

extension WorkItemRow {
    func dto(assigneeName: String) throws -> WorkItemDTO {
        WorkItemDTO(
            id: id, workstreamId: workstreamID, title: title, assigneeId: assigneeID, assigneeName: assigneeName,
            status: try WorkItemStatus(stored: status, column: "work_items.status"), keyResultId: keyResultID, createdAt: createdAt)
    }
}

extension CalendarDate {
    /// A date as this app stored it (always valid `YYYY-MM-DD`), or nil.
    static func stored(_ text: String?) -> CalendarDate? { text.flatMap { try? CalendarDate(parsing: $0) } }
}

import CoventureCore
import Fluent
import Foundation
import SQLKit

/// A stream's retrospectives (issue #15): what helped, what to change, keep / adapt / drop per practice in use ("drop"
/// ends the adoption), and optionally a proposed change to one of those practices, which another party reviews like a
/// contribution and which becomes the practice's next version once accepted.
package struct RetrospectiveStore: RecordingStore {
    let db: any Database
    let recorder: Recorder
    var reader: PracticeReader { PracticeReader(db: db) }
    var today: CalendarDate { CalendarDate(recorder.now(), in: TimeZone(identifier: "UTC")!) }

    static func dto(_ r: PracticeReader.RetrospectiveRecord) -> RetrospectiveDTO {
        RetrospectiveDTO(
            id: r.id, workstreamId: r.workstreamID, heldOn: r.heldOn.description, helped: r.helped, toChange: r.toChange,
            practices: r.verdicts.map {
                RetrospectiveVerdictDTO(adoptionId: $0.adoptionId, practiceId: $0.practiceId, verdict: $0.verdict, note: $0.note)
            },
            proposedPracticeId: r.proposedPracticeID, proposedVersion: r.proposedVersion, recordedById: r.recordedBy, recordedAt: r.recordedAt)
    }

    func list(_ streamID: UUID) async throws -> [RetrospectiveDTO] {
        try await reader.retrospectives(workstream: streamID).map(Self.dto)
    }

    /// What the checks of a retrospective need to know, read before the change.
    struct Facts: Sendable {
        var adoptions: [UUID: PracticeReader.AdoptionRecord]
        var proposed: PracticeReader.PracticeRecord?
        var known: Set<UUID>
    }

    struct Checked: Sendable {
        var heldOn: CalendarDate
        var helped: String
        var toChange: String
        var verdicts: [PracticeReader.RetrospectiveVerdictRecord]
        var proposal: (practice: PracticeReader.PracticeRecord, base: Int, content: PracticeContent, reason: String)?
    }

    static func check(_ request: RetrospectiveRequest, facts: Facts, today: CalendarDate) throws -> Checked {
        var checks = FieldChecks()
        let heldOn = checks.run { () throws -> CalendarDate in
            let day = try CalendarDate(parsing: request.heldOn ?? "", field: "heldOn")
            guard day <= today else { throw ValidationError(field: "heldOn", "must not be in the future (today is \(today))") }
            return day
        }
        let helped = checks.run { try Validate.longText(request.helped, field: "helped", maxLength: 4000) }
        let toChange = checks.run { try Validate.longText(request.toChange, field: "toChange", maxLength: 4000) }
        let verdicts = checks.run { () throws -> [PracticeReader.RetrospectiveVerdictRecord] in
            var seen = Set<UUID>()
            return try (request.practices ?? []).enumerated().compactMap { index, entry in
                guard let id = entry.adoptionId, let adoption = facts.adoptions[id] else {
                    throw ValidationError(field: "practices[\(index)].adoptionId", "is not a practice this stream uses")
                }
                guard let raw = entry.verdict, !raw.isEmpty else { return nil }
                guard let verdict = RetrospectiveVerdict(rawValue: raw) else {
                    throw ValidationError(field: "practices[\(index)].verdict", "must be keep, adapt or drop")
                }
                guard seen.insert(id).inserted else {
                    throw ValidationError(field: "practices[\(index)].adoptionId", "is named twice")
                }
                let note = try Validate.longText(entry.note, field: "practices[\(index)].note", maxLength: 1000)
                return .init(adoptionId: id, practiceId: adoption.practiceID, verdict: verdict, note: note)
            }
        }
        let proposal = checks.run { () throws -> (PracticeReader.PracticeRecord, Int, PracticeContent, String)? in
            guard let proposal = request.proposal else { return nil }
            guard let practice = facts.proposed, proposal.practiceId == practice.id else {
                throw ValidationError(field: "proposal.practiceId", "is not a practice this stream uses")
            }
            let reason = try Validate.longText(proposal.reason, field: "proposal.reason", maxLength: 2000)
            guard !reason.isEmpty else { throw ValidationError(field: "proposal.reason", "is required: say why it should change") }
            if let pending = practice.pending {
                throw AppError.conflict(
                    field: "proposal.practiceId",
                    message: "names a practice whose version \(pending.version) is still \(pending.status.label.lowercased()): propose a change once it is reviewed")
            }
            guard let inForce = practice.inForce else {
                throw ValidationError(field: "proposal.practiceId", "is not accepted yet: revise it instead")
            }
            let content: PracticeContent
            do {
                content = try PracticeContent.validated(
                    try proposal.content.input(), base: inForce.content, known: facts.known, selfID: practice.id)
            } catch let error as ValidationError {
                throw ValidationError(field: "proposal.\(error.field)", error.message)
            }
            guard content != inForce.content else {
                throw ValidationError(field: "proposal.howTo", "changes nothing: say what the new version does differently")
            }
            return (practice, inForce.version, content, reason)
        } ?? nil
        try checks.finish()
        guard let heldOn, let helped, let toChange, let verdicts else { throw ValidationError(field: "heldOn", "is required") }
        return Checked(
            heldOn: heldOn, helped: helped, toChange: toChange, verdicts: verdicts,
            proposal: proposal.map { (practice: $0.0, base: $0.1, content: $0.2, reason: $0.3) })
    }

    /// Records a retrospective: the people in the stream, its leader and the admins.
    package func record(_ streamID: UUID, _ request: RetrospectiveRequest, by actor: Actor) async throws -> RetrospectiveDTO {
        guard let personID = actor.personID, let organizationID = actor.organizationID else {
            throw AppError.forbidden("a retrospective needs a person to record it")
        }
        let streams = WorkstreamStore(db: db, recorder: recorder)
        let stream = try await streams.readable(streamID, by: actor)
        let initiativeID = stream.initiativeID
        let permission = try await streams.workPermission(stream)
        try await Policy.authorize(permission, actor: actor, on: db)
        let active = try await reader.adoptions(workstream: streamID).filter(\.isActive)
        var proposed: PracticeReader.PracticeRecord?
        if let id = request.proposal?.practiceId, active.contains(where: { $0.practiceID == id }) {
            proposed = try await reader.practice(id)
        }
        let facts = Facts(
            adoptions: Dictionary(uniqueKeysWithValues: active.map { ($0.id, $0) }), proposed: proposed,
            known: try await reader.relatable(initiativeID))
        let names = try await reader.names(Set(active.map(\.practiceID)))
        let today = today
        let now = recorder.now()
        let id = UUID()
        try await recorder.record(
            permission, by: actor,
            validate: { try Self.check(request, facts: facts, today: today) },
            apply: { db, checked in
                var events: [EventDraft] = []
                let row = PracticeRetrospectiveModel()
                row.id = id
                row.initiativeID = initiativeID
                row.workstreamID = streamID
                row.heldOn = checked.heldOn.description
                row.helped = checked.helped
                row.toChange = checked.toChange
                row.verdicts = String(decoding: try JSONEncoder().encode(checked.verdicts), as: UTF8.self)
                row.recordedBy = personID
                row.recordedAt = now
                if let proposal = checked.proposal {
                    // The practice's row orders concurrent proposals: the second finds the first's version and stops.
                    guard let practice = try await PracticeModel.find(proposal.practice.id, on: db),
                          practice.latestVersion == proposal.practice.latestVersion, practice.version == proposal.base
                    else {
                        throw AppError.conflict(field: "proposal.practiceId", message: "names a practice another change was proposed to meanwhile")
                    }
                    let version = practice.latestVersion + 1
                    row.proposedPracticeID = proposal.practice.id
                    row.proposedVersion = version
                    try await row.create(on: db)
                    practice.latestVersion = version
                    try await practice.save(on: db)
                    try await PracticeVersionModel(
                        practiceID: proposal.practice.id, version: version, status: .inReview, content: proposal.content,
                        reason: proposal.reason, proposedBy: personID, proposerOrganizationID: organizationID, retrospectiveID: id, at: now
                    ).create(on: db)
                    var change = PracticeStore.fields(proposal.content, version: version)
                    change["reason"] = .string(proposal.reason)
                    change["retrospectiveId"] = .id(id)
                    change["workstreamId"] = .id(streamID)
                    change["organizationId"] = .id(organizationID)
                    events.append(EventDraft(log: initiativeID, action: .practiceVersionProposed, objectID: proposal.practice.id, change: change))
                } else {
                    try await row.create(on: db)
                }
                var retrospective: [String: JSONValue] = [
                    "workstreamId": .id(streamID), "heldOn": .string(checked.heldOn.description), "helped": .string(checked.helped),
                    "toChange": .string(checked.toChange),
                    "practices": .array(checked.verdicts.map {
                        .object(["adoptionId": .id($0.adoptionId), "practiceId": .id($0.practiceId), "verdict": .string($0.verdict.rawValue),
                                 "note": .string($0.note)])
                    }),
                ]
                if let proposal = checked.proposal {
                    retrospective["proposedPracticeId"] = .id(proposal.practice.id)
                    retrospective["proposedVersion"] = .int(Int64(proposal.practice.latestVersion + 1))
                }
                events.insert(EventDraft(log: initiativeID, action: .retrospectiveRecorded, objectID: id, change: retrospective), at: 0)
                for verdict in checked.verdicts where verdict.verdict == .drop {
                    guard let adoption = try await PracticeAdoptionModel.find(verdict.adoptionId, on: db), adoption.endedOn == nil else { continue }
                    adoption.endedOn = today.description
                    try await adoption.save(on: db)
                    events.append(EventDraft(log: initiativeID, action: .adoptionEnded, objectID: verdict.adoptionId, change: [
                        "practiceId": .id(verdict.practiceId), "name": .string(names[verdict.practiceId] ?? "a practice"),
                        "workstreamId": .id(streamID), "retrospectiveId": .id(id),
                    ]))
                }
                return Recorded((), events)
            })
        guard let recorded = try await reader.retrospectives(workstream: streamID).first(where: { $0.id == id }) else { throw AppError.notFound }
        return Self.dto(recorded)
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
}

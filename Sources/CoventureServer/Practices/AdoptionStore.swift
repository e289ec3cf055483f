import CoventureCore
import Fluent
import Foundation
import SQLKit

/// A stream's use of practices (issue #15): adopting an accepted practice with its tailoring and a review date, and
/// moving to a newer version when the stream chooses. A catalogue practice is first copied into the initiative's
/// library (in the same change), so that the partners refine their own copy and a new catalogue edition never
/// rewrites what they agreed.
package struct AdoptionStore: RecordingStore {
    let db: any Database
    let recorder: Recorder
    var reader: PracticeReader { PracticeReader(db: db) }
    var today: CalendarDate { CalendarDate(recorder.now(), in: TimeZone(identifier: "UTC")!) }

    static let maxTailoring = 4000

    func list(_ streamID: UUID) async throws -> [AdoptionDTO] {
        let adoptions = try await reader.adoptions(workstream: streamID)
        return try await dtos(adoptions)
    }

    func dtos(_ adoptions: [PracticeReader.AdoptionRecord]) async throws -> [AdoptionDTO] {
        // Each practice's name and version in force, and where it comes from (provenance shows wherever a practice
        // appears), in one statement.
        var practices: [UUID: (name: String, version: Int, contributedBy: OrganizationRefDTO?)] = [:]
        for row in try await SQLLists.rows(db, "p.id", in: Array(Set(adoptions.map(\.practiceID))), { inList in """
            SELECT p.id, p.version, p.contributed_by, o.name AS organization_name, v.name FROM practices p
            JOIN practice_versions v ON v.practice_id = p.id AND v.version = CASE WHEN p.version > 0 THEN p.version ELSE 1 END
            LEFT JOIN organizations o ON o.id = p.contributed_by WHERE \(inList)
            """ }) {
            let contributor = try row.decode(column: "contributed_by", as: UUID?.self)
            practices[try row.decode(column: "id", as: UUID.self)] = (
                try row.decode(column: "name", as: String.self), try row.decode(column: "version", as: Int.self),
                try contributor.map {
                    OrganizationRefDTO(organizationId: $0, name: try row.decode(column: "organization_name", as: String?.self) ?? "A party")
                })
        }
        let today = today
        return adoptions.map { adoption in
            let practice = practices[adoption.practiceID]
            return Self.dto(adoption, name: practice?.name ?? "A practice", current: practice?.version ?? adoption.version,
                            contributedBy: practice?.contributedBy, today: today)
        }
    }

    /// The DTOs of adoptions of the initiative's own practices, from its library as already read: no statement.
    static func dtos(_ adoptions: [PracticeReader.AdoptionRecord], library: [PracticeDTO], today: CalendarDate) -> [AdoptionDTO] {
        let practices = Dictionary(library.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return adoptions.map { adoption in
            let practice = practices[adoption.practiceID]
            return dto(adoption, name: practice?.name ?? "A practice", current: practice?.version ?? adoption.version,
                       contributedBy: practice?.contributedBy, today: today)
        }
    }

    static func dto(
        _ a: PracticeReader.AdoptionRecord, name: String, current: Int, contributedBy: OrganizationRefDTO?, today: CalendarDate
    ) -> AdoptionDTO {
        AdoptionDTO(
            id: a.id, workstreamId: a.workstreamID, practiceId: a.practiceID, practiceName: name, contributedBy: contributedBy,
            version: a.version, currentVersion: current, tailoring: a.tailoring, reviewOn: a.reviewOn.description,
            reviewDue: a.reviewDue(today: today), adoptedById: a.adoptedBy, adoptedAt: a.adoptedAt, endedOn: a.endedOn?.description)
    }

    /// The adoption, once the caller may read its initiative.
    func readable(_ id: UUID, by actor: Actor) async throws -> PracticeReader.AdoptionRecord {
        let adoption = try await reader.adoption(id)
        try await Policy.authorize(.initiative(adoption.initiativeID, .read), actor: actor, on: db)
        return adoption
    }

    static func reviewDate(_ text: String?, today: CalendarDate) throws -> CalendarDate {
        let day = try CalendarDate(parsing: text ?? "", field: "reviewOn")
        guard day >= today else { throw ValidationError(field: "reviewOn", "must be today or later (today is \(today))") }
        return day
    }

    /// Adopts a practice in a stream: its managers (admins and the stream's leader). The practice must be accepted
    /// (409 before) and not already in use by the stream.
    package func adopt(_ streamID: UUID, _ request: AdoptionRequest, by actor: Actor) async throws -> AdoptionDTO {
        guard let personID = actor.personID else { throw AppError.forbidden("an adoption needs a person to make it") }
        let streams = WorkstreamStore(db: db, recorder: recorder)
        let stream = try await streams.readable(streamID, by: actor)
        let initiativeID = stream.initiativeID
        let permission = streams.managePermission(stream)
        try await Policy.authorize(permission, actor: actor, on: db)
        guard let practiceID = request.practiceId else { throw ValidationError(field: "practiceId", "is required") }
        // Another initiative's practice reads exactly as a missing one.
        let unknown = ValidationError(field: "practiceId", "is not a practice of the catalogue or of this initiative")
        let practice: PracticeReader.PracticeRecord
        do { practice = try await reader.practice(practiceID) } catch AppError.notFound { throw unknown }
        guard practice.initiativeID == nil || practice.initiativeID == initiativeID else { throw unknown }
        guard practice.version > 0, let inForce = practice.inForce else {
            throw AppError.conflict(
                field: "practiceId",
                message: "names a practice that is \(practice.status.label.lowercased()): a stream adopts it once another party has accepted it")
        }
        let copy = try await existingCopy(of: practice, in: initiativeID)
        let target = copy ?? practice
        let today = today
        let now = recorder.now()
        let id = UUID()
        let streamName = stream.name
        try await recorder.record(
            permission, by: actor,
            validate: { () -> (String, CalendarDate) in
                var checks = FieldChecks()
                let tailoring = checks.run { try Validate.longText(request.tailoring, field: "tailoring", maxLength: Self.maxTailoring) }
                let reviewOn = checks.run { try Self.reviewDate(request.reviewOn, today: today) }
                try checks.finish()
                guard let tailoring, let reviewOn else { throw ValidationError(field: "reviewOn", "is required") }
                return (tailoring, reviewOn)
            },
            apply: { db, input in
                let (tailoring, reviewOn) = input
                var events: [EventDraft] = []
                var adoptedID = target.id
                var version = target.version
                if practice.isCatalogue && copy == nil {
                    let (copyID, copied) = try await Self.copy(practice, inForce: inForce, into: initiativeID, by: personID, on: db, at: now)
                    adoptedID = copyID
                    version = 1
                    events.append(copied)
                }
                let active = try await PracticeAdoptionModel.query(on: db).filter(\.$workstreamID == streamID)
                    .filter(\.$practiceID == adoptedID).filter(\.$endedOn == nil).count()
                guard active == 0 else {
                    throw AppError.conflict(field: "practiceId", message: "names a practice \(streamName) already uses: change its adoption instead")
                }
                let row = PracticeAdoptionModel()
                row.id = id
                row.initiativeID = initiativeID
                row.workstreamID = streamID
                row.practiceID = adoptedID
                row.version = version
                row.tailoring = tailoring
                row.reviewOn = reviewOn.description
                row.adoptedBy = personID
                row.adoptedAt = now
                try await row.create(on: db)
                events.append(EventDraft(log: initiativeID, action: .adoptionCreated, objectID: id, change: [
                    "practiceId": .id(adoptedID), "name": .string(target.shown.content.name), "version": .int(Int64(version)),
                    "workstreamId": .id(streamID), "tailoring": .string(tailoring), "reviewOn": .string(reviewOn.description),
                ]))
                return Recorded((), events)
            })
        return try await dtos([try await reader.adoption(id)])[0]
    }

    /// A stream adopting a catalogue practice uses the initiative's copy of it, made on the first adoption.
    func existingCopy(of practice: PracticeReader.PracticeRecord, in initiativeID: UUID) async throws -> PracticeReader.PracticeRecord? {
        guard practice.isCatalogue, let id = try await reader.copy(of: practice.id, in: initiativeID) else { return nil }
        return try await reader.practice(id)
    }

    /// The initiative's own copy of a catalogue practice, accepted as version 1 (the catalogue's text is agreed
    /// ground): written inside the change that needs it.
    static func copy(
        _ practice: PracticeReader.PracticeRecord, inForce: PracticeReader.VersionRecord, into initiativeID: UUID, by personID: UUID,
        on db: any Database, at now: Date
    ) async throws -> (UUID, EventDraft) {
        let id = UUID()
        let model = PracticeModel()
        model.id = id
        model.initiativeID = initiativeID
        model.copiedFromID = practice.id
        model.status = PracticeStatus.accepted.rawValue
        model.version = 1
        model.latestVersion = 1
        model.createdBy = personID
        model.createdAt = now
        // Two first adoptions racing meet at the unique (initiative, copied_from) index; the recorder makes it a 409.
        try await model.create(on: db)
        try await PracticeVersionModel(
            practiceID: id, version: 1, status: .accepted, content: inForce.content,
            reason: "From the catalogue (version \(inForce.version))", proposedBy: personID, proposerOrganizationID: nil, at: now
        ).create(on: db)
        var change = PracticeStore.fields(inForce.content, version: 1)
        change["copiedFromId"] = .id(practice.id)
        if let key = practice.catalogueKey { change["catalogueKey"] = .string(key) }
        change["catalogueVersion"] = .int(Int64(inForce.version))
        return (id, EventDraft(log: initiativeID, action: .practiceCopied, objectID: id, change: change))
    }

    /// Moves an adoption to another accepted version, or changes its tailoring or review date (only what is sent).
    package func change(_ adoptionID: UUID, _ request: AdoptionChangeRequest, by actor: Actor) async throws -> AdoptionDTO {
        let adoption = try await readable(adoptionID, by: actor)
        let streams = WorkstreamStore(db: db, recorder: recorder)
        let stream = try await streams.model(adoption.workstreamID)
        let permission = streams.managePermission(stream)
        try await Policy.authorize(permission, actor: actor, on: db)
        guard adoption.isActive else {
            throw AppError.conflict(field: "adoptionId", message: "names a practice the stream dropped: adopt it again instead")
        }
        let practice = try await reader.practice(adoption.practiceID)
        let accepted = Set(practice.versions.filter { $0.status == .accepted }.map(\.version))
        let today = today
        try await recorder.record(
            permission, by: actor,
            validate: { () -> (Int, String, CalendarDate) in
                var checks = FieldChecks()
                let version = checks.run { () throws -> Int in
                    guard let version = request.version else { return adoption.version }
                    guard accepted.contains(version) else {
                        throw ValidationError(
                            field: "version",
                            "must be an accepted version of the practice (\(accepted.sorted().map(String.init).joined(separator: ", ")))")
                    }
                    return version
                }
                let tailoring = checks.run { () throws -> String in
                    guard request.tailoring != nil else { return adoption.tailoring }
                    return try Validate.longText(request.tailoring, field: "tailoring", maxLength: Self.maxTailoring)
                }
                let reviewOn = checks.run { () throws -> CalendarDate in
                    guard request.reviewOn != nil else { return adoption.reviewOn }
                    return try Self.reviewDate(request.reviewOn, today: today)
                }
                try checks.finish()
                guard let version, let tailoring, let reviewOn else { throw ValidationError(field: "version", "is required") }
                return (version, tailoring, reviewOn)
            },
            apply: { db, input in
                let (version, tailoring, reviewOn) = input
                guard let row = try await PracticeAdoptionModel.find(adoptionID, on: db), row.endedOn == nil else {
                    throw AppError.conflict(field: "adoptionId", message: "names a practice the stream dropped meanwhile")
                }
                var change: [String: JSONValue] = [
                    "practiceId": .id(adoption.practiceID), "name": .string(practice.shown.content.name), "workstreamId": .id(adoption.workstreamID),
                ]
                if version != row.version { change["version"] = .int(Int64(version)); change["fromVersion"] = .int(Int64(row.version)) }
                if tailoring != row.tailoring { change["tailoring"] = .string(tailoring) }
                if reviewOn.description != row.reviewOn { change["reviewOn"] = .string(reviewOn.description) }
                guard change.count > 3 else { return Recorded((), []) }
                row.version = version
                row.tailoring = tailoring
                row.reviewOn = reviewOn.description
                try await row.save(on: db)
                return Recorded((), EventDraft(log: adoption.initiativeID, action: .adoptionChanged, objectID: adoptionID, change: change))
            })
        return try await dtos([try await reader.adoption(adoptionID)])[0]
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
}

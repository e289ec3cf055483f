import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Changes to key results: create, update, check in, and the initiative's staleness window. The check-in is the hot
/// write path.
package struct KeyResultStore: RecordingStore {
    let db: any Database
    let recorder: Recorder

    func keyResult(_ id: UUID, withHistory: Bool = true) async throws -> KeyResultDTO {
        try await OKRReader(db: db).keyResult(id, withHistory: withHistory)
    }

    // MARK: Changes: key results and check-ins

    package func createKeyResult(_ objectiveID: UUID, _ request: CreateKeyResultRequest, by actor: Actor) async throws -> KeyResultDTO {
        guard let objective = try await ObjectiveRow.find(objectiveID, db) else { throw AppError.notFound }
        let scope = OKRWrites.Scope(objective)
        let id = try await recorder.record(
            .objective(objectiveID, .change), by: actor,
            validate: {
                var checks = FieldChecks()
                let title = checks.run { try Validate.text(request.title, field: "title", maxLength: 200) }
                let kind = checks.run { try KeyResultKind(validating: request.kind) }
                let baseline = checks.run { try request.baseline.decimal(field: "baseline") }
                let target = checks.run { try request.target.decimal(field: "target") }
                let weight = checks.run { try OKRWrites.weight(request.weight) }
                var definition: KeyResultDefinition?
                if let kind, let baseline, let target {
                    // A refused weight is reported on its own; 1 stands in so that the other rules still speak.
                    definition = checks.run {
                        try KeyResultDefinition.validated(
                            kind: kind, unit: request.unit, baseline: baseline, target: target, steps: request.steps ?? [],
                            weight: weight ?? 1)
                    }
                }
                try checks.finish()
                return (title: title!, definition: definition!)
            },
            apply: { db, input in
                try await OKRWrites.checkOwner(request.ownerId, scope: scope, on: db)
                let id = UUID()
                let event = try await OKRWrites.insertKeyResult(
                    id: id, objective: objective, title: input.title, definition: input.definition, ownerID: request.ownerId, on: db)
                return Recorded(id, event)
            })
        return try await keyResult(id)
    }

    func updateKeyResult(_ id: UUID, _ request: UpdateKeyResultRequest, by actor: Actor) async throws -> KeyResultDTO {
        guard let existing = try await KeyResultRow.find(id, db),
            let objective = try await ObjectiveRow.find(existing.objectiveID, db)
        else { throw AppError.notFound }
        let scope = OKRWrites.Scope(objective)
        _ = try await recorder.record(
            .keyResult(id, .change), by: actor,
            validate: {
                (
                    title: try request.title.map { try Validate.text($0, field: "title", maxLength: 200) },
                    weight: try request.weight.map { _ in try OKRWrites.weight(request.weight) }
                )
            },
            apply: { db, input in
                guard let original = try await KeyResultRow.find(id, db) else { throw AppError.notFound }
                var keyResult = original
                var changes = FieldChanges()
                changes.update("title", &keyResult.title, to: input.title, as: JSONValue.string)
                changes.update("weight", &keyResult.weight, to: input.weight.map(DecimalInput.canonical), as: JSONValue.string)
                try await OKRWrites.changeOwner(&keyResult.ownerPersonID, to: request.ownerId, scope: scope, in: &changes, on: db)
                guard !changes.isEmpty else { return Recorded(id, []) }
                try await keyResult.update(db, changedFrom: original)
                return Recorded(id, EventDraft(log: scope.log, action: .keyResultUpdated, objectID: id, change: changes.change))
            })
        return try await keyResult(id)
    }

    /// Records a check-in. The narrative is required when the confidence changes; a correction names the check-in it
    /// corrects and never edits it. `at` backdates the check-in for demo history only. `personName` is the actor's
    /// name when the caller knows it (saves a lookup on the hot path). `source` names the tool that sent it, when an
    /// inbound feed records it in the owner's name (issue #16).
    package func checkIn(
        _ keyResultID: UUID, _ request: CheckInRequest, by actor: Actor, personName: String? = nil, at: Date? = nil,
        source: String? = nil
    ) async throws -> CheckInDTO {
        // The hot write path (issue #6: 1,000 check-ins a second): the key result row alone says where it lives, and
        // every statement is plain SQL (Fluent's models find their fields by reflection on each save and read).
        guard let existing = try await KeyResultRow.find(keyResultID, db) else { throw AppError.notFound }
        let definition = try OKRReader.definition(existing)
        var dto = try await recorder.record(
            .keyResult(keyResultID, .checkIn), by: actor,
            validate: { try Self.validateCheckIn(request, on: existing, definition: definition, by: actor) },
            apply: { db, checkIn in
                let (dto, event) = try await Self.writeCheckIn(
                    checkIn, request, on: existing, definition: definition, by: actor.personID!, at: at ?? Date(), source: source, in: db)
                return Recorded(dto, event)
            })
        try await name(&dto, personName: personName)
        return dto
    }

    /// Records several check-ins, on as many key results, as one change: each permission is checked and every row
    /// validated (all refusals at once, each field named after its row by `field`, e.g. `checkIns[2].narrative`) before
    /// anything is written, and they commit together or not at all ("My updates", issue #16). Each row is a check-in
    /// of its own in the ledger, as if recorded one by one.
    func checkIns(
        _ rows: [(keyResultID: UUID, request: CheckInRequest)], by actor: Actor, field: @escaping @Sendable (Int, String) -> String
    ) async throws -> [CheckInDTO] {
        guard !rows.isEmpty else { return [] }
        let records = try await KeyResultRow.load(db, "id", in: Set(rows.map(\.keyResultID)))
            .reduce(into: [UUID: KeyResultRow]()) { $0[$1.id] = $1 }
        // A row for a key result that does not exist is refused like one the caller may not see: 404 before anything.
        let existing = try rows.map { row -> (KeyResultRow, KeyResultDefinition) in
            guard let record = records[row.keyResultID] else { throw AppError.notFound }
            return (record, try OKRReader.definition(record))
        }
        let now = Date()
        var dtos = try await recorder.record(
            rows.map { .keyResult($0.keyResultID, .checkIn) }, by: actor,
            validate: { () -> [CheckIn] in
                var checks = FieldChecks()
                let checked = rows.indices.map { index in
                    checks.run {
                        do {
                            return try Self.validateCheckIn(rows[index].request, on: existing[index].0, definition: existing[index].1, by: actor)
                        } catch {
                            throw Self.renamed(error, row: index, field)
                        }
                    }
                }
                try checks.finish()
                return checked.map { $0! }
            },
            apply: { db, checkIns in
                var dtos: [CheckInDTO] = [], events: [EventDraft] = []
                for index in rows.indices {
                    do {
                        let (dto, event) = try await Self.writeCheckIn(
                            checkIns[index], rows[index].request, on: existing[index].0, definition: existing[index].1,
                            by: actor.personID!, at: now, source: nil, in: db)
                        dtos.append(dto)
                        events.append(event)
                    } catch {
                        throw Self.renamed(error, row: index, field)
                    }
                }
                return Recorded(dtos, events)
            })
        let names = try await OKRReader(db: db).personNames(Array(Set(dtos.flatMap { [$0.personId] + ($0.onBehalfOfId.map { [$0] } ?? []) })))
        for index in dtos.indices {
            dtos[index].personName = names[dtos[index].personId] ?? ""
            dtos[index].onBehalfOfName = dtos[index].onBehalfOfId.map { names[$0] ?? "" }
        }
        return dtos
    }

    /// A row's refusal renamed after the row (`value` → `checkIns[2].value`); any other error as it is.
    private static func renamed(_ error: any Error, row: Int, _ field: (Int, String) -> String) -> any Error {
        switch error {
        case let single as ValidationError: ValidationError(field: field(row, single.field), single.message)
        case let several as ValidationErrors: ValidationErrors(several.errors.map { ValidationError(field: field(row, $0.field), $0.message) })
        case AppError.invalid(let name, let message): AppError.invalid(field: field(row, name), message: message)
        default: error
        }
    }

    /// The pure checks of one check-in: all of its fields' refusals at once.
    private static func validateCheckIn(
        _ request: CheckInRequest, on existing: KeyResultRow, definition: KeyResultDefinition, by actor: Actor
    ) throws -> CheckIn {
        guard actor.personID != nil else { throw ValidationError(field: "personId", "a check-in is made by a person, not the operator") }
        var checks = FieldChecks()
        let confidence = checks.run { try Confidence(validating: request.confidence) }
        let value = checks.run { try request.value.decimal(field: "value") }
        // With a confidence to compare, the rules check the value and the narrative too; all at once.
        let checkIn = checks.run {
            try CheckInRules.validate(
                value: value ?? nil, confidence: confidence ?? .onTrack, narrative: request.narrative,
                previousConfidence: confidence == nil ? nil : existing.confidence.flatMap(Confidence.init(rawValue:)),
                for: definition)
        }
        try checks.finish()
        return checkIn!
    }

    /// The rows and the event of one validated check-in, inside its change's transaction.
    private static func writeCheckIn(
        _ checkIn: CheckIn, _ request: CheckInRequest, on existing: KeyResultRow, definition: KeyResultDefinition,
        by personID: UUID, at now: Date, source: String?, in db: any Database
    ) async throws -> (CheckInDTO, EventDraft) {
        let sql = db as! any SQLDatabase
        let keyResultID = existing.id
        // Without a narrative the confidence must not change: read it again inside the transaction, since a
        // concurrent check-in may have changed it. (With a narrative any confidence is fine: no read.)
        if checkIn.narrative.isEmpty {
            guard let current = try await sql.raw("SELECT confidence FROM key_results WHERE id = \(bind: keyResultID)").first()
            else { throw AppError.notFound }
            if let previous = try current.decode(column: "confidence", as: String?.self).flatMap(Confidence.init(rawValue:)),
                previous != checkIn.confidence
            {
                throw AppError.invalid(field: "narrative", message: "is required when the confidence changes")
            }
        }
        if let corrects = request.correctsId {
            guard try await sql.raw("""
                SELECT id FROM check_ins WHERE id = \(bind: corrects) AND key_result_id = \(bind: keyResultID)
                """).first() != nil
            else { throw AppError.invalid(field: "correctsId", message: "is not a check-in of this key result") }
        }
        let id = UUID()
        let value = DecimalInput.canonical(checkIn.value)
        // Someone other than the owner answers for the figure in the owner's name: the check-in says so, and
        // the owner hears of it on their home page (issue #12, bug 4). The owner is read again here, inside
        // the transaction, so a concurrent change of owner is not missed.
        let owner = try await sql.raw("SELECT owner_person_id FROM key_results WHERE id = \(bind: keyResultID)").first()
            .flatMap { try $0.decode(column: "owner_person_id", as: UUID?.self) }
        let onBehalfOf = owner.flatMap { $0 == personID ? nil : $0 }
        try await CheckInRow(
            id: id, keyResultID: keyResultID, value: value, confidence: checkIn.confidence.rawValue, narrative: checkIn.narrative,
            personID: personID, correctsID: request.correctsId, recordedAt: now, onBehalfOf: onBehalfOf, source: source
        ).insert(db)
        if let onBehalfOf {
            try await HomeNotices.checkedInOnBehalf(
                owner: onBehalfOf, by: personID, keyResultID: keyResultID, initiativeID: existing.initiativeID, checkInID: id,
                value: value, at: now, on: db)
        }
        // The key result keeps its latest check-in (a backdated one does not replace a newer one).
        try await sql.raw("""
            UPDATE key_results SET current_value = \(bind: value), confidence = \(bind: checkIn.confidence.rawValue), \
            last_check_in_at = \(bind: now)
            WHERE id = \(bind: keyResultID) AND (last_check_in_at IS NULL OR last_check_in_at <= \(bind: now))
            """).run()
        var change: [String: JSONValue] = [
            "keyResultId": .id(keyResultID), "value": .string(value), "confidence": .string(checkIn.confidence.rawValue),
            "narrative": .string(checkIn.narrative),
        ]
        if let corrects = request.correctsId { change["correctsId"] = .id(corrects) }
        // The activity feed reads this exact key to say "on behalf of <owner>".
        if let onBehalfOf { change["onBehalfOf"] = .id(onBehalfOf) }
        // The activity feed says "from <source>" for a check-in a tool sent through a feed.
        if let source { change["source"] = .string(source) }
        let dto = CheckInDTO(
            id: id, keyResultId: keyResultID, value: Double(value) ?? 0, confidence: checkIn.confidence,
            narrative: checkIn.narrative, personId: personID, personName: "", correctsId: request.correctsId, recordedAt: now,
            progress: OKRProgress.keyResult(definition, current: checkIn.value), onBehalfOfId: onBehalfOf, source: source)
        let log = existing.initiativeID ?? existing.organizationID
        return (dto, EventDraft(log: log, action: .checkInRecorded, objectID: id, change: change))
    }

    /// Fills in the names of who checked in (and for whom).
    private func name(_ dto: inout CheckInDTO, personName: String?) async throws {
        if let personName, dto.onBehalfOfId == nil {
            dto.personName = personName
        } else {
            let names = try await OKRReader(db: db).personNames([dto.personId] + (dto.onBehalfOfId.map { [$0] } ?? []))
            dto.personName = personName ?? names[dto.personId] ?? ""
            dto.onBehalfOfName = dto.onBehalfOfId.map { names[$0] ?? "" }
        }
    }

    /// How many days without a check-in make a key result stale in the alignment report.
    func setStaleDays(_ initiativeID: UUID, _ request: OKRSettingsRequest, by actor: Actor) async throws -> Int {
        try await recorder.record(
            .initiative(initiativeID, .manageSettings), by: actor,
            validate: {
                guard let days = request.checkInStaleDays else { throw ValidationError(field: "checkInStaleDays", "is required") }
                return try AlignmentReport.validateStaleDays(days)
            },
            apply: { db, days in
                guard let initiative = try await InitiativeRow.find(initiativeID, db) else { throw AppError.notFound }
                guard initiative.checkInStaleDays != days else { return Recorded(days, []) }
                try await InitiativeRow.update(db, set: "check_in_stale_days = \(bind: days)", where: "id = \(bind: initiativeID)")
                return Recorded(days, EventDraft(
                    log: initiativeID, action: .okrSettingsChanged, objectID: initiativeID,
                    change: ["checkInStaleDays": .int(Int64(days))]))
            })
    }


    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
}

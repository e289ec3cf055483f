import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Objectives, key results, check-ins and alignment. Reads load whole sets in a fixed number of queries (never one
/// per row); every change goes through the recorder, into the initiative's log (or the organization's, for an
/// organization's own objectives).
struct OKRStore: RecordingStore {
    let db: any Database
    let recorder: Recorder

    // MARK: Reads

    /// Every objective of an initiative with its key results, alignments and progress; roots first, then children
    /// under their parent, each level by creation.
    func tree(_ initiativeID: UUID) async throws -> [ObjectiveDTO] {
        let records = try await ObjectiveRecord.load(db, where: "initiative_id = \(bind: initiativeID)")
        return Self.treeOrder(try await dtos(records))
    }

    /// The objectives of an organization's own that the caller may see: all of them for its own people, otherwise
    /// only those an objective of one of the caller's initiatives aligns to.
    func organizationObjectives(_ organizationID: UUID, viewer: SignedInPerson) async throws -> [ObjectiveDTO] {
        let own: SQLQueryString = "organization_id = \(bind: organizationID) AND initiative_id IS NULL"
        guard viewer.organizationID != organizationID else { return try await dtos(ObjectiveRecord.load(db, where: own)) }
        let mine = try await Policy.initiativeIDs(of: viewer.id, on: db)
        let children = try await SQLLists.chunked(mine) { chunk in
            try await ObjectiveModel.query(on: db).filter(\.$initiativeID ~~ chunk.map { Optional($0) }).all(\.$id)
        }
        let parents = try await SQLLists.chunked(children) { chunk in
            try await ObjectiveAlignmentModel.query(on: db).filter(\.$childID ~~ chunk).all(\.$parentID)
        }
        return try await dtos(ObjectiveRecord.load(db, "id", in: Set(parents), and: own))
    }

    func objective(_ id: UUID) async throws -> ObjectiveDTO {
        guard let model = try await ObjectiveModel.find(id, on: db), let dto = try await dtos([model]).first else {
            throw AppError.notFound
        }
        return dto
    }

    /// The key result, with its whole check-in history (newest first) when `withHistory`: `GET /api/v1/key-results/{id}`
    /// promises all of it. Pages and lists read one page instead (`keyResult(_:historyOffset:historyLimit:)`).
    func keyResult(_ id: UUID, withHistory: Bool = true) async throws -> KeyResultDTO {
        try await keyResult(id, history: withHistory ? .all : .none).keyResult
    }

    /// The key result with one page of its check-ins, newest first: `historyLimit` of them from position
    /// `historyOffset`, read in SQL (`ORDER BY … LIMIT … OFFSET …`, one row more to know whether older ones follow),
    /// never the whole history trimmed after (issue #11, finding 13).
    func keyResult(_ id: UUID, historyOffset: Int, historyLimit: Int) async throws -> (keyResult: KeyResultDTO, hasOlder: Bool) {
        try await keyResult(id, history: .page(offset: historyOffset, limit: historyLimit))
    }

    private enum History {
        case none, all
        case page(offset: Int, limit: Int)
    }

    private func keyResult(_ id: UUID, history: History) async throws -> (keyResult: KeyResultDTO, hasOlder: Bool) {
        guard let model = try await KeyResultModel.find(id, on: db) else { throw AppError.notFound }
        var names = try await personNames([model.ownerPersonID].compactMap { $0 })
        let record = try KeyResultRecord(model)
        var dto = try Self.dto(record, names: names)
        let query = CheckInModel.query(on: db).filter(\.$keyResultID == id).sort(\.$recordedAt, .descending).sort(\.$id)
        var checkIns: [CheckInModel]
        var hasOlder = false
        switch history {
        case .none:
            return (dto, false)
        case .all:
            checkIns = try await query.all()
        case .page(let offset, let limit):
            checkIns = try await query.range(offset..<(offset + limit + 1)).all()
            hasOlder = checkIns.count > limit
            checkIns = Array(checkIns.prefix(limit))
        }
        names.merge(try await personNames(checkIns.map(\.personID)), uniquingKeysWith: { a, _ in a })
        let definition = try Self.definition(record)
        dto.checkIns = try checkIns.map { try Self.dto($0, definition: definition, names: names) }
        return (dto, hasOlder)
    }

    /// Key results by id with their progress (for other features: a workstream's KRs, a work item's).
    func keyResultSummaries(ids: [UUID]) async throws -> [KeyResultDTO] {
        guard !ids.isEmpty else { return [] }
        let models = try await KeyResultRecord.load(db, "id", in: ids)
        let names = try await personNames(models.compactMap(\.ownerPersonID))
        return try models.map { try Self.dto($0, names: names) }
    }

    /// Where every objective and key result of an initiative falls short (see `AlignmentReport`).
    func alignmentReport(_ initiativeID: UUID, now: Date = Date()) async throws -> AlignmentReportDTO {
        let staleDays = try await staleDays(initiativeID)
        let objectives = try await ObjectiveRecord.load(db, where: "initiative_id = \(bind: initiativeID)")
        let keyResults = try await KeyResultRecord.load(db, where: "initiative_id = \(bind: initiativeID)")
        // Links from these objectives to an organization's own objective (one without an initiative).
        let sql = db as! any SQLDatabase
        let alignedChildren = Set(try await sql.raw("""
            SELECT a.child_id FROM objective_alignments a JOIN objectives p ON p.id = a.parent_id
            WHERE a.child_id IN (SELECT id FROM objectives WHERE initiative_id = \(bind: initiativeID)) AND p.initiative_id IS NULL
            """).all().map { try $0.decode(column: "child_id", as: UUID.self) })
        let counts = Dictionary(grouping: keyResults, by: \.objectiveID).mapValues(\.count)
        let report = AlignmentReport.build(
            objectives: objectives.map {
                .init(id: $0.id, title: $0.title, alignsToAPartyObjective: alignedChildren.contains($0.id), keyResultCount: counts[$0.id] ?? 0)
            },
            keyResults: try keyResults.map {
                .init(id: $0.id, title: $0.title, ownerID: $0.ownerPersonID, createdAt: $0.createdAt, lastCheckInAt: $0.lastCheckInAt)
            },
            now: now, staleAfterDays: staleDays)
        return AlignmentReportDTO(
            staleAfterDays: report.staleAfterDays,
            unalignedObjectives: report.unaligned.map { .init(id: $0.id, title: $0.title) },
            objectivesWithoutKeyResults: report.withoutKeyResults.map { .init(id: $0.id, title: $0.title) },
            staleKeyResults: report.stale.map { .init(id: $0.id, title: $0.title) },
            keyResultsWithoutOwner: report.withoutOwner.map { .init(id: $0.id, title: $0.title) })
    }

    func staleDays(_ initiativeID: UUID) async throws -> Int {
        guard let initiative = try await InitiativeModel.find(initiativeID, on: db) else { throw AppError.notFound }
        return initiative.checkInStaleDays ?? AlignmentReport.defaultStaleAfterDays
    }

    /// The person's line of sight: the key results they own, move through their work items, or whose objective they
    /// own, and every objective
    /// above them up to the parties' own objectives. `work` comes from the workstreams feature.
    func lineOfSight(_ initiativeID: UUID, person: PersonDTO, work: (streams: [LineOfSightStream], items: [LineOfSightWorkItem]))
        async throws -> LineOfSightDTO
    {
        let linked = Set(work.items.compactMap(\.keyResultId))
        var keyResultModels = try await KeyResultRecord.load(
            db, where: "initiative_id = \(bind: initiativeID) AND owner_person_id = \(bind: person.id)")
        // The key results of objectives the person owns belong to their line of sight too.
        let ownedObjectives = try await ObjectiveModel.query(on: db).filter(\.$initiativeID == initiativeID)
            .filter(\.$ownerPersonID == person.id).all(\.$id)
        if !ownedObjectives.isEmpty {
            let known = Set(keyResultModels.map(\.id))
            keyResultModels += try await KeyResultRecord.load(db, "objective_id", in: ownedObjectives)
                .filter { !known.contains($0.id) }
        }
        let owned = Set(keyResultModels.map(\.id))
        let missing = linked.subtracting(owned)
        if !missing.isEmpty {
            keyResultModels += try await KeyResultRecord.load(db, "id", in: missing, and: "initiative_id = \(bind: initiativeID)")
        }
        // Upward closure from the key results' objectives: parents in the initiative, then the parties' own.
        var objectiveIDs = Set(keyResultModels.map(\.objectiveID))
        var frontier = objectiveIDs
        while !frontier.isEmpty {
            let parents = Set(try await SQLLists.chunked(frontier) { chunk in
                try await ObjectiveAlignmentModel.query(on: db).filter(\.$childID ~~ chunk).all(\.$parentID)
            })
            frontier = parents.subtracting(objectiveIDs)
            objectiveIDs.formUnion(frontier)
        }
        let objectives = try await ObjectiveRecord.load(db, "id", in: objectiveIDs)
        let names = try await personNames(keyResultModels.compactMap(\.ownerPersonID))
        return LineOfSightDTO(
            initiativeId: initiativeID, personId: person.id, personName: person.name, workstreams: work.streams,
            workItems: work.items, keyResults: try keyResultModels.map { try Self.dto($0, names: names) },
            objectives: try await dtos(objectives))
    }

    /// The CSV file of an initiative's OKRs (see `OKRTransfer`).
    func exportCSV(_ initiativeID: UUID) async throws -> String {
        let objectives = try await tree(initiativeID)
        let owners = Set(objectives.compactMap(\.ownerId) + objectives.flatMap { $0.keyResults.compactMap(\.ownerId) })
        let emails = try await SQLLists.chunked(owners) { try await PersonModel.query(on: db).filter(\.$id ~~ $0).all() }
            .reduce(into: [UUID: String]()) { $0[$1.id!] = $1.email }
        let models = try await KeyResultRecord.load(db, where: "initiative_id = \(bind: initiativeID)")
        let definitions = try Dictionary(uniqueKeysWithValues: models.map { ($0.id, try Self.definition($0)) })
        return OKRTransfer.export(
            objectives: try objectives.map { objective in
                .init(
                    id: objective.id, parentID: objective.parentId, title: objective.title, ownerEmail: objective.ownerId.flatMap { emails[$0] },
                    weight: try Self.decimal(String(objective.weight)) ?? 1,
                    period: OKRPeriod(name: objective.period.name, start: try CalendarDate(parsing: objective.period.start),
                                      end: try CalendarDate(parsing: objective.period.end)),
                    alignsTo: objective.alignments.filter(\.parentIsOrganizationObjective).map(\.parentId))
            },
            keyResults: objectives.flatMap { objective in
                objective.keyResults.compactMap { keyResult in
                    guard let definition = definitions[keyResult.id] else { return nil }
                    let current = models.first { $0.id == keyResult.id }?.currentValue.flatMap { try? Self.decimal($0) }
                    return .init(
                        objectiveID: objective.id, title: keyResult.title, ownerEmail: keyResult.ownerId.flatMap { emails[$0] },
                        definition: definition, current: current)
                }
            })
    }

    /// What an import may refer to: the initiative's members, and the parties' own objectives that the importer may
    /// see — the same rule as `align`: all of their own organization's, and another party's only where an objective of
    /// an initiative they belong to already aligns to it. Nothing else is even looked up by title, so neither an
    /// alignment nor an error message can reveal another organization's private objective (issue #11, finding 2).
    func importContext(_ initiativeID: UUID, by actor: Actor) async throws -> OKRTransfer.Context {
        let memberIDs = try await MemberModel.query(on: db).filter(\.$initiative.$id == initiativeID).all(\.$person.$id)
        let emails = try await SQLLists.chunked(memberIDs) { try await PersonModel.query(on: db).filter(\.$id ~~ $0).all(\.$email) }
        let parties = try await PartyModel.query(on: db).filter(\.$initiative.$id == initiativeID).all(\.$organization.$id)
        var objectives = try await SQLLists.chunked(parties) { chunk in
            try await ObjectiveModel.query(on: db).filter(\.$initiativeID == nil).filter(\.$organizationID ~~ chunk).all()
        }
        if let personID = actor.personID, let organizationID = actor.organizationID {
            let alignedTo = try await visibleAlignmentParents(of: personID)
            objectives = objectives.filter { $0.organizationID == organizationID || alignedTo.contains($0.id!) }
        }
        return OKRTransfer.Context(
            memberEmails: Set(emails), organizationObjectives: try objectives.map { (try $0.requireID(), $0.title) })
    }

    /// The objectives that an objective of one of the person's initiatives aligns to: the other organizations'
    /// objectives this person may read (`Policy.isAlignedFromInitiatives`, for many at once).
    private func visibleAlignmentParents(of personID: UUID) async throws -> Set<UUID> {
        let mine = try await Policy.initiativeIDs(of: personID, on: db)
        guard !mine.isEmpty else { return [] }
        let children = try await ObjectiveModel.query(on: db).filter(\.$initiativeID ~~ mine.map { Optional($0) }).all(\.$id)
        guard !children.isEmpty else { return [] }
        return Set(try await ObjectiveAlignmentModel.query(on: db).filter(\.$childID ~~ children).all(\.$parentID))
    }

    // MARK: Changes: objectives

    /// Creates an initiative's objective (`initiativeID` set) or an organization's own (`organizationID` set).
    func createObjective(
        initiativeID: UUID?, organizationID: UUID? = nil, _ request: CreateObjectiveRequest, by actor: Actor
    ) async throws -> ObjectiveDTO {
        let scope: Scope
        let permission: Permission
        if let initiativeID {
            scope = .initiative(initiativeID)
            permission = .initiative(initiativeID, .contribute)
        } else if let organizationID {
            scope = .organization(organizationID)
            permission = .organizationOKRs(organizationID, .manage)
        } else { throw AppError.notFound }
        let parties = try await scope.partyOrganizations(on: db)
        let id = try await recorder.record(
            permission, by: actor,
            validate: {
                let owningOrganization = request.organizationId ?? actor.organizationID ?? parties.first
                guard let owningOrganization, parties.contains(owningOrganization) else {
                    throw ValidationError(field: "organizationId", "must be a party of this initiative")
                }
                return (
                    title: try Validate.text(request.title, field: "title", maxLength: 200),
                    description: try Validate.longText(request.description, field: "description", maxLength: 2000),
                    period: try OKRPeriod.parse(name: request.periodName, start: request.periodStart, end: request.periodEnd),
                    weight: try Self.weight(request.weight),
                    organizationID: owningOrganization
                )
            },
            apply: { db, input in
                let id = UUID()
                try await Self.checkOwner(request.ownerId, scope: scope, on: db)
                if let parentID = request.parentId {
                    guard case .initiative(let initiativeID) = scope,
                        try await ObjectiveModel.query(on: db).filter(\.$id == parentID).filter(\.$initiativeID == initiativeID).count() == 1
                    else { throw AppError.invalid(field: "parentId", message: "must be an objective of this initiative") }
                }
                let events = try await Self.insertObjective(
                    id: id, scope: scope, organizationID: input.organizationID, title: input.title, description: input.description,
                    period: input.period, weight: input.weight, ownerID: request.ownerId, parentID: request.parentId, alignsTo: [], on: db)
                return Recorded(id, events)
            })
        return try await objective(id)
    }

    func updateObjective(_ id: UUID, _ request: UpdateObjectiveRequest, by actor: Actor) async throws -> ObjectiveDTO {
        guard let existing = try await ObjectiveModel.find(id, on: db) else { throw AppError.notFound }
        let scope = Scope(existing)
        _ = try await recorder.record(
            .objective(id, .change), by: actor,
            validate: {
                (
                    title: try request.title.map { try Validate.text($0, field: "title", maxLength: 200) },
                    description: try request.description.map { try Validate.longText($0, field: "description", maxLength: 2000) },
                    weight: try request.weight.map { _ in try Self.weight(request.weight) }
                )
            },
            apply: { db, input in
                guard let objective = try await ObjectiveModel.find(id, on: db) else { throw AppError.notFound }
                var changes = FieldChanges()
                changes.update("title", &objective.title, to: input.title, as: JSONValue.string)
                changes.update("description", &objective.details, to: input.description, as: JSONValue.string)
                changes.update("weight", &objective.weight, to: input.weight.map(DecimalInput.canonical), as: JSONValue.string)
                try await Self.changeOwner(&objective.ownerPersonID, to: request.ownerId, scope: scope, in: &changes, on: db)
                guard !changes.isEmpty else { return Recorded(id, []) }
                try await objective.save(on: db)
                return Recorded(id, EventDraft(log: scope.log, action: .objectiveUpdated, objectID: id, change: changes.change))
            })
        return try await objective(id)
    }

    /// Aligns an initiative's objective to a parent: another objective of the initiative, or an organization objective
    /// of one of its parties that the caller can see (their own organization's). Cycles are refused.
    func align(_ childID: UUID, _ request: AlignmentRequest, by actor: Actor) async throws -> ObjectiveDTO {
        guard let child = try await ObjectiveModel.find(childID, on: db) else { throw AppError.notFound }
        _ = try await recorder.record(
            .objective(childID, .change), by: actor,
            validate: { () -> (parentID: UUID, kind: AlignmentKind) in
                guard child.initiativeID != nil else {
                    throw ValidationError(field: "parentId", "only an initiative's objectives align to the parties' objectives")
                }
                guard let parentID = request.parentId else { throw ValidationError(field: "parentId", "is required") }
                let kindText = request.kind ?? AlignmentKind.contributing.rawValue
                guard let kind = AlignmentKind(rawValue: kindText) else {
                    throw ValidationError(field: "kind", "must be contributing or supporting")
                }
                return (parentID, kind)
            },
            apply: { db, input in
                let initiativeID = child.initiativeID!
                guard let parent = try await ObjectiveModel.find(input.parentID, on: db) else {
                    throw AppError.invalid(field: "parentId", message: "is not an objective you can align to")
                }
                if let parentInitiative = parent.initiativeID {
                    guard parentInitiative == initiativeID else {
                        throw AppError.invalid(field: "parentId", message: "is not an objective you can align to")
                    }
                } else {
                    let parties = try await PartyModel.query(on: db).filter(\.$initiative.$id == initiativeID).all(\.$organization.$id)
                    guard parties.contains(parent.organizationID) else {
                        throw AppError.invalid(field: "parentId", message: "belongs to an organization that is not a party of this initiative")
                    }
                    // Seeing another organization's own objectives is for its people only.
                    var visible = actor.organizationID == nil || actor.organizationID == parent.organizationID
                    if !visible, let personID = actor.personID {
                        visible = try await Policy.isAlignedFromInitiatives(objectiveID: input.parentID, of: personID, on: db)
                    }
                    guard visible else { throw AppError.invalid(field: "parentId", message: "is not an objective you can align to") }
                }
                if try await ObjectiveAlignmentModel.query(on: db).filter(\.$childID == childID).filter(\.$parentID == input.parentID).count() > 0 {
                    throw AppError.conflict(field: "parentId", message: "is already linked to this objective")
                }
                let links = try await Self.initiativeLinks(initiativeID, on: db)
                do {
                    try AlignmentGraph.validateLink(child: childID, parent: input.parentID, links: links)
                } catch let error as ValidationError { throw AppError.from(error) }
                let link = ObjectiveAlignmentModel()
                link.id = UUID()
                link.childID = childID
                link.parentID = input.parentID
                link.kind = input.kind.rawValue
                link.createdAt = Date()
                try await link.create(on: db)
                return Recorded(childID, EventDraft(
                    log: initiativeID, action: .objectiveAligned, objectID: link.id!,
                    change: ["childId": .id(childID), "parentId": .id(input.parentID), "kind": .string(input.kind.rawValue)]))
            })
        return try await objective(childID)
    }

    func unalign(_ childID: UUID, alignmentID: UUID, by actor: Actor) async throws {
        guard let child = try await ObjectiveModel.find(childID, on: db) else { throw AppError.notFound }
        try await recorder.record(
            .objective(childID, .change), by: actor, validate: {},
            apply: { db, _ in
                guard let link = try await ObjectiveAlignmentModel.query(on: db).filter(\.$id == alignmentID).filter(\.$childID == childID).first()
                else { throw AppError.notFound }
                try await link.delete(on: db)
                return Recorded((), EventDraft(
                    log: Scope(child).log, action: .objectiveUnaligned, objectID: alignmentID,
                    change: ["childId": .id(childID), "parentId": .id(link.parentID)]))
            })
    }

    // MARK: Changes: key results and check-ins

    func createKeyResult(_ objectiveID: UUID, _ request: CreateKeyResultRequest, by actor: Actor) async throws -> KeyResultDTO {
        guard let objective = try await ObjectiveModel.find(objectiveID, on: db) else { throw AppError.notFound }
        let scope = Scope(objective)
        let id = try await recorder.record(
            .objective(objectiveID, .change), by: actor,
            validate: {
                let title = try Validate.text(request.title, field: "title", maxLength: 200)
                let kind = try KeyResultKind(validating: request.kind)
                let definition = try KeyResultDefinition.validated(
                    kind: kind, unit: request.unit, baseline: try request.baseline.decimal(field: "baseline"),
                    target: try request.target.decimal(field: "target"), steps: request.steps ?? [],
                    weight: try Self.weight(request.weight))
                return (title: title, definition: definition)
            },
            apply: { db, input in
                try await Self.checkOwner(request.ownerId, scope: scope, on: db)
                let id = UUID()
                let event = try await Self.insertKeyResult(
                    id: id, objective: objective, title: input.title, definition: input.definition, ownerID: request.ownerId, on: db)
                return Recorded(id, event)
            })
        return try await keyResult(id)
    }

    func updateKeyResult(_ id: UUID, _ request: UpdateKeyResultRequest, by actor: Actor) async throws -> KeyResultDTO {
        guard let existing = try await KeyResultModel.find(id, on: db),
            let objective = try await ObjectiveModel.find(existing.objectiveID, on: db)
        else { throw AppError.notFound }
        let scope = Scope(objective)
        _ = try await recorder.record(
            .keyResult(id, .change), by: actor,
            validate: {
                (
                    title: try request.title.map { try Validate.text($0, field: "title", maxLength: 200) },
                    weight: try request.weight.map { _ in try Self.weight(request.weight) }
                )
            },
            apply: { db, input in
                guard let keyResult = try await KeyResultModel.find(id, on: db) else { throw AppError.notFound }
                var changes = FieldChanges()
                changes.update("title", &keyResult.title, to: input.title, as: JSONValue.string)
                changes.update("weight", &keyResult.weight, to: input.weight.map(DecimalInput.canonical), as: JSONValue.string)
                try await Self.changeOwner(&keyResult.ownerPersonID, to: request.ownerId, scope: scope, in: &changes, on: db)
                guard !changes.isEmpty else { return Recorded(id, []) }
                try await keyResult.save(on: db)
                return Recorded(id, EventDraft(log: scope.log, action: .keyResultUpdated, objectID: id, change: changes.change))
            })
        return try await keyResult(id)
    }

    /// Records a check-in. The narrative is required when the confidence changes; a correction names the check-in it
    /// corrects and never edits it. `at` backdates the check-in for demo history only.
    /// Records a check-in. `personName` is the actor's name when the caller knows it (saves a lookup on the hot path).
    func checkIn(
        _ keyResultID: UUID, _ request: CheckInRequest, by actor: Actor, personName: String? = nil, at: Date? = nil
    ) async throws -> CheckInDTO {
        // The hot write path (issue #6: 1,000 check-ins a second): the key result row alone says where it lives, and
        // every statement is plain SQL (Fluent's models find their fields by reflection on each save and read).
        guard let existing = try await KeyResultRecord.load(db, where: "id = \(bind: keyResultID)").first else { throw AppError.notFound }
        let log = existing.initiativeID ?? existing.organizationID
        let permission: Permission = existing.initiativeID.map { .initiative($0, .contribute) } ?? .keyResult(keyResultID, .checkIn)
        let definition = try Self.definition(existing)
        var dto = try await recorder.record(
            permission, by: actor,
            validate: { () -> CheckIn in
                guard actor.personID != nil else { throw ValidationError(field: "personId", "a check-in is made by a person, not the operator") }
                let confidence = try Confidence(validating: request.confidence)
                let value = try request.value.decimal(field: "value")
                return try CheckInRules.validate(
                    value: value, confidence: confidence, narrative: request.narrative,
                    previousConfidence: existing.confidence.flatMap(Confidence.init(rawValue:)), for: definition)
            },
            apply: { db, checkIn in
                let sql = db as! any SQLDatabase
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
                let id = UUID(), now = at ?? Date(), personID = actor.personID!
                let value = DecimalInput.canonical(checkIn.value)
                try await sql.raw("""
                    INSERT INTO check_ins (id, key_result_id, value, confidence, narrative, person_id, corrects_id, recorded_at)
                    VALUES (\(bind: id), \(bind: keyResultID), \(bind: value), \(bind: checkIn.confidence.rawValue), \
                    \(bind: checkIn.narrative), \(bind: personID), \(bind: request.correctsId), \(bind: now))
                    """).run()
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
                let dto = CheckInDTO(
                    id: id, keyResultId: keyResultID, value: Double(value) ?? 0, confidence: checkIn.confidence,
                    narrative: checkIn.narrative, personId: personID, personName: "", correctsId: request.correctsId, recordedAt: now,
                    progress: OKRProgress.keyResult(definition, current: checkIn.value))
                return Recorded(dto, EventDraft(log: log, action: .checkInRecorded, objectID: id, change: change))
            })
        if let personName {
            dto.personName = personName
        } else {
            dto.personName = try await personNames([dto.personId])[dto.personId] ?? ""
        }
        return dto
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
                guard let initiative = try await InitiativeModel.find(initiativeID, on: db) else { throw AppError.notFound }
                guard initiative.checkInStaleDays != days else { return Recorded(days, []) }
                initiative.checkInStaleDays = days
                try await initiative.save(on: db)
                return Recorded(days, EventDraft(
                    log: initiativeID, action: .okrSettingsChanged, objectID: initiativeID,
                    change: ["checkInStaleDays": .int(Int64(days))]))
            })
    }

    // MARK: Import

    /// Imports a whole CSV file in one transaction, or nothing: every problem of the file is reported first.
    func importCSV(_ initiativeID: UUID, csv: String, by actor: Actor) async throws -> ImportResultDTO {
        // Nothing is read or parsed for a caller who may not import (the recorder checks again inside the change).
        try await Policy.authorize(.initiative(initiativeID, .contribute), actor: actor, on: db)
        let context = try await importContext(initiativeID, by: actor)
        // Parsing and checking up to 20,000 rows is CPU work: off the event loops (issue #11, finding 5).
        let planned: Result<OKRTransfer.Plan, OKRTransfer.ImportFailure> = try await CPUWork.shared.run {
            do throws(OKRTransfer.ImportFailure) {
                return .success(try OKRTransfer.plan(csv: csv, context: context))
            } catch { return .failure(error) }
        }
        let memberIDs = try await MemberModel.query(on: db).filter(\.$initiative.$id == initiativeID).all(\.$person.$id)
        let emailToID = try await SQLLists.chunked(memberIDs) { try await PersonModel.query(on: db).filter(\.$id ~~ $0).all() }
            .reduce(into: [String: UUID]()) { $0[$1.email.lowercased()] = $1.id! }
        let parties = try await Scope.initiative(initiativeID).partyOrganizations(on: db)
        return try await recorder.record(
            .initiative(initiativeID, .contribute), by: actor,
            validate: { () -> OKRTransfer.Plan in
                switch planned {
                case .success(let plan): return plan
                case .failure(let failure): throw OKRImportRejected(problems: failure.problems)
                }
            },
            apply: { db, plan in
                let organizationID = actor.organizationID.flatMap { parties.contains($0) ? $0 : nil } ?? parties.first!
                var events: [EventDraft] = []
                var objectiveIDs: [String: UUID] = [:]
                var periods: [OKRPeriod: UUID] = [:]
                var objectiveRows: [SQLQueryString] = []
                var linkRows: [SQLQueryString] = []
                let now = Date()
                for planned in plan.objectives {
                    let id = UUID()
                    objectiveIDs[planned.rowID] = id
                    let periodID: UUID
                    if let known = periods[planned.period] { periodID = known } else {
                        periodID = try await Self.period(planned.period, scope: .initiative(initiativeID), on: db)
                        periods[planned.period] = periodID
                    }
                    let weight = DecimalInput.canonical(planned.weight)
                    let owner = planned.ownerEmail.flatMap { emailToID[$0] }
                    objectiveRows.append("""
                        (\(bind: id), \(bind: initiativeID), \(bind: organizationID), \(bind: periodID), \(bind: planned.title), \(bind: ""), \
                        \(bind: weight), \(bind: owner), \(bind: now))
                        """)
                    var change: [String: JSONValue] = [
                        "title": .string(planned.title), "organizationId": .id(organizationID), "periodStart": .string(planned.period.start.description),
                        "periodEnd": .string(planned.period.end.description), "weight": .string(weight), "importLine": .int(Int64(planned.line)),
                    ]
                    if let owner { change["ownerId"] = .id(owner) }
                    var parents: [(UUID, AlignmentKind)] = planned.alignsTo.map { ($0, .contributing) }
                    if let parentRow = planned.parentRowID, let parentID = objectiveIDs[parentRow] {
                        parents.insert((parentID, .contributing), at: 0)
                        change["parentId"] = .id(parentID)
                    }
                    if !planned.alignsTo.isEmpty { change["alignsTo"] = .array(planned.alignsTo.map { .id($0) }) }
                    for (parentID, kind) in parents {
                        linkRows.append("(\(bind: UUID()), \(bind: id), \(bind: parentID), \(bind: kind.rawValue), \(bind: now))")
                    }
                    events.append(EventDraft(log: initiativeID, action: .objectiveCreated, objectID: id, change: change))
                }
                var keyResultRows: [SQLQueryString] = []
                var checkInRows: [SQLQueryString] = []
                var checkIns = 0
                for planned in plan.keyResults {
                    let id = UUID()
                    let objectiveID = objectiveIDs[planned.objectiveRowID]!
                    let d = planned.definition
                    let owner = planned.ownerEmail.flatMap { emailToID[$0] }
                    let current = planned.current.map(DecimalInput.canonical)
                    let steps = String(decoding: try JSONEncoder().encode(d.steps), as: UTF8.self)
                    keyResultRows.append("""
                        (\(bind: id), \(bind: objectiveID), \(bind: initiativeID), \(bind: organizationID), \(bind: planned.title), \(bind: d.kind.rawValue), \
                        \(bind: d.unit), \(bind: d.baseline.map(DecimalInput.canonical)), \(bind: d.target.map(DecimalInput.canonical)), \(bind: steps), \
                        \(bind: DecimalInput.canonical(d.weight)), \(bind: owner), \(bind: current), \(bind: current == nil ? nil : Confidence.onTrack.rawValue), \
                        \(bind: current == nil ? nil : now), \(bind: now))
                        """)
                    var change = Self.keyResultChange(objectiveID: objectiveID, title: planned.title, definition: d, ownerID: owner)
                    change["importLine"] = .int(Int64(planned.line))
                    events.append(EventDraft(log: initiativeID, action: .keyResultCreated, objectID: id, change: change))
                    if let current, let personID = actor.personID {
                        let checkInID = UUID()
                        checkIns += 1
                        checkInRows.append("""
                            (\(bind: checkInID), \(bind: id), \(bind: current), \(bind: Confidence.onTrack.rawValue), \(bind: "Imported"), \
                            \(bind: personID), \(bind: now))
                            """)
                        events.append(EventDraft(
                            log: initiativeID, action: .checkInRecorded, objectID: checkInID,
                            change: ["keyResultId": .id(id), "value": .string(current), "confidence": .string(Confidence.onTrack.rawValue),
                                     "narrative": .string("Imported")]))
                    }
                }
                // Multi-row inserts: thousands of rows in a handful of statements (the 5,000-row benchmark).
                let sql = db as! any SQLDatabase
                try await SQLLists.insert(sql, into: "objectives", columns: "id, initiative_id, organization_id, period_id, title, description, weight, owner_person_id, created_at", rows: objectiveRows)
                try await SQLLists.insert(sql, into: "objective_alignments", columns: "id, child_id, parent_id, kind, created_at", rows: linkRows)
                try await SQLLists.insert(sql, into: "key_results", columns: "id, objective_id, initiative_id, organization_id, title, kind, unit, baseline, target, steps, weight, owner_person_id, current_value, confidence, last_check_in_at, created_at", rows: keyResultRows)
                try await SQLLists.insert(sql, into: "check_ins", columns: "id, key_result_id, value, confidence, narrative, person_id, recorded_at", rows: checkInRows)
                events.append(EventDraft(
                    log: initiativeID, action: .okrsImported, objectID: initiativeID,
                    change: ["objectives": .int(Int64(plan.objectives.count)), "keyResults": .int(Int64(plan.keyResults.count)),
                             "sha256": .string(EventDigest.sha256Hex(Array(csv.utf8)))]))
                return Recorded(ImportResultDTO(objectivesCreated: plan.objectives.count, keyResultsCreated: plan.keyResults.count,
                                                checkInsCreated: checkIns), events)
            })
    }

    // MARK: Helpers

    /// Where an objective lives: its log, and whose people may own it.
    enum Scope: Sendable {
        case initiative(UUID)
        case organization(UUID)

        init(_ objective: ObjectiveModel) {
            self = objective.initiativeID.map(Scope.initiative) ?? .organization(objective.organizationID)
        }

        var log: UUID {
            switch self {
            case .initiative(let id), .organization(let id): id
            }
        }

        var initiativeID: UUID? {
            if case .initiative(let id) = self { return id }
            return nil
        }

        /// The organizations that may own objectives here: the initiative's parties, or the organization itself.
        func partyOrganizations(on db: any Database) async throws -> [UUID] {
            switch self {
            case .initiative(let id):
                return try await PartyModel.query(on: db).filter(\.$initiative.$id == id).sort(\.$joinedAt).all(\.$organization.$id)
            case .organization(let id):
                return [id]
            }
        }
    }

    /// A new owner of an objective or key result: checked to be someone who may own it, then noted as a change.
    static func changeOwner(
        _ current: inout UUID?, to owner: UUID?, scope: Scope, in changes: inout FieldChanges, on db: any Database
    ) async throws {
        guard let owner, owner != current else { return }
        try await checkOwner(owner, scope: scope, on: db)
        changes.update("ownerId", &current, to: owner, as: { $0.map(JSONValue.id) ?? .null })
    }

    static func checkOwner(_ ownerID: UUID?, scope: Scope, on db: any Database) async throws {
        guard let ownerID else { return }
        switch scope {
        case .initiative(let id):
            guard try await MemberModel.query(on: db).filter(\.$initiative.$id == id).filter(\.$person.$id == ownerID).count() == 1 else {
                throw AppError.invalid(field: "ownerId", message: "must be a member of this initiative")
            }
        case .organization(let id):
            guard try await PersonModel.query(on: db).filter(\.$id == ownerID).filter(\.$organization.$id == id).count() == 1 else {
                throw AppError.invalid(field: "ownerId", message: "must be a person of this organization")
            }
        }
    }

    static func weight(_ input: NumberInput?) throws -> Decimal {
        guard let weight = try input.decimal(field: "weight") else { return 1 }
        guard weight > 0 else { throw ValidationError(field: "weight", "must be more than 0") }
        return weight
    }

    /// Finds the scope's period with these dates, or creates it.
    static func period(_ period: OKRPeriod, scope: Scope, on db: any Database) async throws -> UUID {
        var query = OKRPeriodModel.query(on: db).filter(\.$startDate == period.start.description).filter(\.$endDate == period.end.description)
        switch scope {
        case .initiative(let id): query = query.filter(\.$initiativeID == id)
        case .organization(let id): query = query.filter(\.$initiativeID == nil).filter(\.$organizationID == id)
        }
        if let existing = try await query.first() { return try existing.requireID() }
        let model = OKRPeriodModel()
        model.id = UUID()
        model.initiativeID = scope.initiativeID
        switch scope {
        case .initiative(let id):
            guard let initiative = try await InitiativeModel.find(id, on: db) else { throw AppError.notFound }
            model.organizationID = initiative.$ownerOrganization.id
        case .organization(let id):
            model.organizationID = id
        }
        model.name = period.name
        model.startDate = period.start.description
        model.endDate = period.end.description
        try await model.create(on: db)
        return model.id!
    }

    static func insertObjective(
        id: UUID, scope: Scope, organizationID: UUID, title: String, description: String, period: OKRPeriod, weight: Decimal,
        ownerID: UUID?, parentID: UUID?, alignsTo: [UUID], on db: any Database
    ) async throws -> [EventDraft] {
        let model = ObjectiveModel()
        model.id = id
        model.initiativeID = scope.initiativeID
        model.organizationID = organizationID
        model.periodID = try await Self.period(period, scope: scope, on: db)
        model.title = title
        model.details = description
        model.weight = DecimalInput.canonical(weight)
        model.ownerPersonID = ownerID
        model.createdAt = Date()
        try await model.create(on: db)
        var change: [String: JSONValue] = [
            "title": .string(title), "organizationId": .id(organizationID), "periodName": .string(period.name),
            "periodStart": .string(period.start.description), "periodEnd": .string(period.end.description), "weight": .string(model.weight),
        ]
        if !description.isEmpty { change["description"] = .string(description) }
        if let ownerID { change["ownerId"] = .id(ownerID) }
        if let parentID {
            change["parentId"] = .id(parentID)
            let link = ObjectiveAlignmentModel()
            link.id = UUID()
            link.childID = id
            link.parentID = parentID
            link.kind = AlignmentKind.contributing.rawValue
            link.createdAt = model.createdAt
            try await link.create(on: db)
        }
        return [EventDraft(log: scope.log, action: .objectiveCreated, objectID: id, change: change)]
    }

    static func insertKeyResult(
        id: UUID, objective: ObjectiveModel, title: String, definition d: KeyResultDefinition, ownerID: UUID?, on db: any Database
    ) async throws -> EventDraft {
        let model = KeyResultModel()
        model.id = id
        model.objectiveID = try objective.requireID()
        model.initiativeID = objective.initiativeID
        model.organizationID = objective.organizationID
        model.title = title
        model.kind = d.kind.rawValue
        model.unit = d.unit
        model.baseline = d.baseline.map(DecimalInput.canonical)
        model.target = d.target.map(DecimalInput.canonical)
        model.steps = String(decoding: try JSONEncoder().encode(d.steps), as: UTF8.self)
        model.weight = DecimalInput.canonical(d.weight)
        model.ownerPersonID = ownerID
        model.createdAt = Date()
        try await model.create(on: db)
        return EventDraft(
            log: Scope(objective).log, action: .keyResultCreated, objectID: id,
            change: keyResultChange(objectiveID: model.objectiveID, title: title, definition: d, ownerID: ownerID))
    }

    static func keyResultChange(objectiveID: UUID, title: String, definition d: KeyResultDefinition, ownerID: UUID?) -> [String: JSONValue] {
        var change: [String: JSONValue] = [
            "objectiveId": .id(objectiveID), "title": .string(title), "kind": .string(d.kind.rawValue), "unit": .string(d.unit),
            "weight": .string(DecimalInput.canonical(d.weight)),
        ]
        if let baseline = d.baseline { change["baseline"] = .string(DecimalInput.canonical(baseline)) }
        if let target = d.target { change["target"] = .string(DecimalInput.canonical(target)) }
        if !d.steps.isEmpty { change["steps"] = .array(d.steps.map(JSONValue.string)) }
        if let ownerID { change["ownerId"] = .id(ownerID) }
        return change
    }

    /// Every alignment link touching the initiative's objectives (for cycle checks). The objectives are a subquery,
    /// not a bound list: one statement, however many objectives the initiative has.
    static func initiativeLinks(_ initiativeID: UUID, on db: any Database) async throws -> [(child: UUID, parent: UUID)] {
        let objectives: SQLQueryString = "SELECT id FROM objectives WHERE initiative_id = \(bind: initiativeID)"
        let links = try await AlignmentRecord.load(db, where: "child_id IN (\(objectives)) OR parent_id IN (\(objectives))")
        return links.map { ($0.childID, $0.parentID) }
    }

    // MARK: DTOs

    /// DTOs for a set of objectives in a fixed number of queries, with rolled-up progress.
    func dtos(_ models: [ObjectiveModel]) async throws -> [ObjectiveDTO] {
        try await dtos(models.map(ObjectiveRecord.init))
    }

    func dtos(_ models: [ObjectiveRecord]) async throws -> [ObjectiveDTO] {
        guard !models.isEmpty else { return [] }
        let ids = models.map(\.id)
        let periods = try await SQLLists.chunked(Set(models.map(\.periodID))) { try await OKRPeriodModel.query(on: db).filter(\.$id ~~ $0).all() }
            .reduce(into: [UUID: PeriodDTO]()) { $0[$1.id!] = try? Self.dto($1) }
        let links = try await AlignmentRecord.load(db, "child_id", in: ids)
        let known = Dictionary(uniqueKeysWithValues: models.map { ($0.id, $0) })
        let otherParents = Set(links.map(\.parentID)).subtracting(known.keys)
        var parents = known
        if !otherParents.isEmpty {
            for parent in try await ObjectiveRecord.load(db, "id", in: otherParents) { parents[parent.id] = parent }
        }
        let keyResults = try await KeyResultRecord.load(db, "objective_id", in: ids)
        let names = try await personNames(models.compactMap(\.ownerPersonID) + keyResults.compactMap(\.ownerPersonID))
        let organizations = try await SQLLists.chunked(Set(models.map(\.organizationID) + parents.values.map(\.organizationID))) {
            try await OrganizationModel.query(on: db).filter(\.$id ~~ $0).all()
        }
            .reduce(into: [UUID: String]()) { $0[$1.id!] = $1.name }
        let progress = try await rolledUpProgress(of: ids, keyResults: keyResults)
        let keyResultsOf = Dictionary(grouping: keyResults, by: \.objectiveID)
        let linksOf = Dictionary(grouping: links, by: \.childID)

        return try models.map { model in
            let id = model.id
            let alignments: [AlignmentDTO] = try (linksOf[id] ?? []).compactMap { link in
                guard let parent = parents[link.parentID] else { return nil }
                return AlignmentDTO(
                    id: link.id, childId: id, parentId: link.parentID, parentTitle: parent.title,
                    parentOrganizationId: parent.organizationID, parentOrganizationName: organizations[parent.organizationID] ?? "",
                    parentIsOrganizationObjective: parent.initiativeID == nil, kind: try AlignmentKind(stored: link.kind, column: "objective_alignments.kind"))
            }
            return ObjectiveDTO(
                id: id, initiativeId: model.initiativeID, organizationId: model.organizationID,
                organizationName: organizations[model.organizationID] ?? "", title: model.title, description: model.details,
                weight: Double(model.weight) ?? 1, ownerId: model.ownerPersonID, ownerName: model.ownerPersonID.flatMap { names[$0] },
                period: periods[model.periodID] ?? PeriodDTO(id: model.periodID, name: "", start: "", end: ""),
                parentId: alignments.first { !$0.parentIsOrganizationObjective }?.parentId,
                alignments: alignments, keyResults: try (keyResultsOf[id] ?? []).map { try Self.dto($0, names: names) },
                rolledUpProgress: progress[id] ?? nil, createdAt: model.createdAt)
        }
    }

    /// Progress of each objective: its key results and, recursively, its contributing children, wherever they live
    /// (an organization objective counts the initiative objectives that contribute to it). One query per level.
    func rolledUpProgress(of ids: [UUID], keyResults loaded: [KeyResultRecord]) async throws -> [UUID: Double?] {
        var all = Set(ids)
        var frontier = Set(ids)
        var links: [AlignmentLink] = []
        var weights: [UUID: Decimal] = [:]
        while !frontier.isEmpty {
            let found = try await AlignmentRecord.load(db, "parent_id", in: frontier, and: "kind = \(bind: AlignmentKind.contributing.rawValue)")
            links += found.map { AlignmentLink(child: $0.childID, parent: $0.parentID, kind: .contributing) }
            frontier = Set(found.map(\.childID)).subtracting(all)
            all.formUnion(frontier)
        }
        var keyResults = loaded
        let extra = all.subtracting(ids)
        if !extra.isEmpty {
            keyResults += try await KeyResultRecord.load(db, "objective_id", in: extra)
        }
        // A child's weight in its parent is the child objective's own weight.
        let children = Set(links.map(\.child))
        if !children.isEmpty {
            for row in try await SQLLists.rows(db, "id", in: children, { "SELECT id, weight FROM objectives WHERE \($0)" }) {
                weights[try row.decode(column: "id", as: UUID.self)] = Self.decimalOrOne(try row.decode(column: "weight", as: String.self))
            }
        }
        links = links.map { AlignmentLink(child: $0.child, parent: $0.parent, kind: $0.kind, weight: weights[$0.child] ?? 1) }
        var byObjective: [UUID: [WeightedProgress]] = [:]
        for keyResult in keyResults {
            guard let definition = try? Self.definition(keyResult) else { continue }
            let current = keyResult.currentValue.flatMap { try? Self.decimal($0) }
            byObjective[keyResult.objectiveID, default: []].append(
                WeightedProgress(progress: OKRProgress.keyResult(definition, current: current), weight: definition.weight))
        }
        let progress = OKRProgress.rollUp(keyResults: byObjective, links: links)
        return Dictionary(uniqueKeysWithValues: ids.map { ($0, progress[$0]) })
    }

    func personNames(_ ids: [UUID]) async throws -> [UUID: String] {
        let unique = Set(ids)
        guard !unique.isEmpty else { return [:] }
        return try await SQLLists.rows(db, "id", in: unique, { "SELECT id, name FROM people WHERE \($0)" }).reduce(into: [:]) { names, row in
            names[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "name", as: String.self)
        }
    }

    static func decimal(_ text: String) throws -> Decimal? {
        try DecimalInput.parse(text, field: "value", from: .machine)
    }

    static func decimalOrOne(_ text: String) -> Decimal { (try? decimal(text)) ?? 1 }

    static func definition(_ model: KeyResultRecord) throws -> KeyResultDefinition {
        KeyResultDefinition(
            kind: try KeyResultKind(stored: model.kind, column: "key_results.kind"), unit: model.unit,
            baseline: try model.baseline.flatMap(decimal), target: try model.target.flatMap(decimal),
            steps: (try? JSONDecoder().decode([String].self, from: Data(model.steps.utf8))) ?? [],
            weight: decimalOrOne(model.weight))
    }

    static func dto(_ period: OKRPeriodModel) throws -> PeriodDTO {
        PeriodDTO(id: try period.requireID(), name: period.name, start: period.startDate, end: period.endDate)
    }

    static func dto(_ model: KeyResultRecord, names: [UUID: String]) throws -> KeyResultDTO {
        let definition = try definition(model)
        let current = try model.currentValue.flatMap(decimal)
        return KeyResultDTO(
            id: model.id, objectiveId: model.objectiveID, initiativeId: model.initiativeID, title: model.title,
            kind: definition.kind, unit: definition.unit, baseline: model.baseline.flatMap(Double.init), target: model.target.flatMap(Double.init),
            steps: definition.steps, weight: Double(model.weight) ?? 1, ownerId: model.ownerPersonID,
            ownerName: model.ownerPersonID.flatMap { names[$0] }, current: model.currentValue.flatMap(Double.init),
            confidence: model.confidence.flatMap(Confidence.init(rawValue:)), lastCheckInAt: model.lastCheckInAt,
            progress: OKRProgress.keyResult(definition, current: current), createdAt: model.createdAt, checkIns: nil)
    }

    static func dto(_ model: CheckInModel, definition: KeyResultDefinition, names: [UUID: String]) throws -> CheckInDTO {
        let value = try decimal(model.value)
        return CheckInDTO(
            id: try model.requireID(), keyResultId: model.keyResultID, value: Double(model.value) ?? 0,
            confidence: try Confidence(stored: model.confidence, column: "confidence"), narrative: model.narrative, personId: model.personID,
            personName: names[model.personID] ?? "", correctsId: model.correctsID, recordedAt: model.recordedAt,
            progress: OKRProgress.keyResult(definition, current: value))
    }

    /// Roots first, each followed by its descendants (depth first), siblings by creation.
    static func treeOrder(_ objectives: [ObjectiveDTO]) -> [ObjectiveDTO] {
        let ids = Set(objectives.map(\.id))
        let childrenOf = Dictionary(grouping: objectives.filter { $0.parentId.map(ids.contains) == true }, by: { $0.parentId! })
        var ordered: [ObjectiveDTO] = []
        var seen: Set<UUID> = []
        func visit(_ objective: ObjectiveDTO) {
            guard seen.insert(objective.id).inserted else { return }
            ordered.append(objective)
            for child in childrenOf[objective.id] ?? [] { visit(child) }
        }
        for root in objectives where root.parentId.map(ids.contains) != true { visit(root) }
        for rest in objectives { visit(rest) }
        return ordered
    }

    /// Depth of each objective under its initiative parent (0 for roots), for indenting the tree.
    static func depths(_ objectives: [ObjectiveDTO]) -> [UUID: Int] {
        let parentOf = Dictionary(uniqueKeysWithValues: objectives.map { ($0.id, $0.parentId) })
        var depth: [UUID: Int] = [:]
        for objective in objectives {
            var level = 0
            var current = objective.parentId
            var guardCount = 0
            while let parent = current, parentOf[parent] != nil, guardCount < 50 {
                level += 1
                current = parentOf[parent] ?? nil
                guardCount += 1
            }
            depth[objective.id] = level
        }
        return depth
    }
}

/// An import refused because of its rows: all problems, reported together (never a partial import).
struct OKRImportRejected: Error {
    var problems: [OKRTransfer.Problem]
}

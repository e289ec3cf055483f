import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Reads of objectives, key results and check-ins, shared by the pages and the API. They load whole sets in a fixed
/// number of queries, never one per row.
struct OKRReader: Sendable {
    let db: any Database

    init(db: any Database) { self.db = db }
    init(request: Request) { self.init(db: request.db) }
    init(application: Application) { self.init(db: application.db) }

    // MARK: Reads

    /// Every objective of an initiative with its key results, alignments and progress; roots first, then children
    /// under their parent, each level by creation.
    func tree(_ initiativeID: UUID) async throws -> [ObjectiveDTO] {
        let records = try await ObjectiveRow.load(db, where: "initiative_id = \(bind: initiativeID)")
        return Self.treeOrder(try await dtos(records))
    }

    /// The objectives of an organization's own that the caller may see: all of them for its own people, otherwise
    /// only those an objective of one of the caller's initiatives aligns to.
    func organizationObjectives(_ organizationID: UUID, viewer: SignedInPerson) async throws -> [ObjectiveDTO] {
        let own: SQLQueryString = "organization_id = \(bind: organizationID) AND initiative_id IS NULL"
        guard viewer.organizationID != organizationID else { return try await dtos(ObjectiveRow.load(db, where: own)) }
        let mine = try await Policy.initiativeIDs(of: viewer.id, on: db)
        let children = try await ObjectiveRow.all(db, "initiative_id", in: mine).map(\.id)
        let parents = try await ObjectiveAlignmentRow.all(db, "child_id", in: children).map(\.parentID)
        return try await dtos(ObjectiveRow.load(db, "id", in: Set(parents), and: own))
    }

    func objective(_ id: UUID) async throws -> ObjectiveDTO {
        guard let row = try await ObjectiveRow.find(id, db), let dto = try await dtos([row]).first else {
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
        guard let record = try await KeyResultRow.find(id, db) else { throw AppError.notFound }
        var names = try await personNames([record.ownerPersonID].compactMap { $0 })
        var dto = try Self.dto(record, names: names)
        let ofKeyResult: SQLQueryString = "key_result_id = \(bind: id)"
        let newestFirst = "recorded_at DESC, id"
        var checkIns: [CheckInRow]
        var hasOlder = false
        switch history {
        case .none:
            return (dto, false)
        case .all:
            checkIns = try await CheckInRow.all(db, where: ofKeyResult, orderBy: newestFirst)
        case .page(let offset, let limit):
            checkIns = try await CheckInRow.all(db, where: ofKeyResult, orderBy: newestFirst, limit: limit + 1, offset: offset)
            hasOlder = checkIns.count > limit
            checkIns = Array(checkIns.prefix(limit))
        }
        names.merge(try await personNames(checkIns.map(\.personID) + checkIns.compactMap(\.onBehalfOf)), uniquingKeysWith: { a, _ in a })
        let definition = try Self.definition(record)
        dto.checkIns = try checkIns.map { try Self.dto($0, definition: definition, names: names) }
        return (dto, hasOlder)
    }

    /// Key results by id with their progress (for other features: a workstream's KRs, a work item's).
    func keyResultSummaries(ids: [UUID]) async throws -> [KeyResultDTO] {
        guard !ids.isEmpty else { return [] }
        let models = try await KeyResultRow.load(db, "id", in: ids)
        let names = try await personNames(models.compactMap(\.ownerPersonID))
        return try models.map { try Self.dto($0, names: names) }
    }

    /// Where every objective and key result of an initiative falls short (see `AlignmentReport`).
    func alignmentReport(_ initiativeID: UUID, now: Date = Date()) async throws -> AlignmentReportDTO {
        let staleDays = try await staleDays(initiativeID)
        let objectives = try await ObjectiveRow.load(db, where: "initiative_id = \(bind: initiativeID)")
        let keyResults = try await KeyResultRow.load(db, where: "initiative_id = \(bind: initiativeID)")
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

    /// What a key result measures and how, for rules that need its definition before a change (the forms'
    /// plausibility step).
    func keyResultDefinition(_ keyResultID: UUID) async throws -> KeyResultDefinition {
        guard let record = try await KeyResultRow.find(keyResultID, db) else { throw AppError.notFound }
        return try Self.definition(record)
    }

    /// How many objectives the initiative has: an alignment report over none has nothing to say (see
    /// `AlignmentReport.Verdict`).
    func objectiveCount(_ initiativeID: UUID) async throws -> Int {
        try await ObjectiveRow.count(db, where: "initiative_id = \(bind: initiativeID)")
    }

    func staleDays(_ initiativeID: UUID) async throws -> Int {
        guard let initiative = try await InitiativeRow.find(initiativeID, db) else { throw AppError.notFound }
        return initiative.checkInStaleDays ?? AlignmentReport.defaultStaleAfterDays
    }

    /// The person's line of sight: the key results they own, move through their work items, or whose objective they
    /// own, and every objective
    /// above them up to the parties' own objectives. `work` comes from the workstreams feature.
    func lineOfSight(_ initiativeID: UUID, person: PersonDTO, work: (streams: [LineOfSightStream], items: [LineOfSightWorkItem]))
        async throws -> LineOfSightDTO
    {
        let linked = Set(work.items.compactMap(\.keyResultId))
        var keyResultModels = try await KeyResultRow.load(
            db, where: "initiative_id = \(bind: initiativeID) AND owner_person_id = \(bind: person.id)")
        // The key results of objectives the person owns belong to their line of sight too.
        let ownedObjectives = try await ObjectiveRow.all(
            db, where: "initiative_id = \(bind: initiativeID) AND owner_person_id = \(bind: person.id)").map(\.id)
        if !ownedObjectives.isEmpty {
            let known = Set(keyResultModels.map(\.id))
            keyResultModels += try await KeyResultRow.load(db, "objective_id", in: ownedObjectives)
                .filter { !known.contains($0.id) }
        }
        let owned = Set(keyResultModels.map(\.id))
        let missing = linked.subtracting(owned)
        if !missing.isEmpty {
            keyResultModels += try await KeyResultRow.load(db, "id", in: missing, and: "initiative_id = \(bind: initiativeID)")
        }
        // Upward closure from the key results' objectives: parents in the initiative, then the parties' own.
        var objectiveIDs = Set(keyResultModels.map(\.objectiveID))
        var frontier = objectiveIDs
        while !frontier.isEmpty {
            let parents = Set(try await ObjectiveAlignmentRow.all(db, "child_id", in: frontier).map(\.parentID))
            frontier = parents.subtracting(objectiveIDs)
            objectiveIDs.formUnion(frontier)
        }
        let objectives = try await ObjectiveRow.load(db, "id", in: objectiveIDs)
        let names = try await personNames(keyResultModels.compactMap(\.ownerPersonID))
        return LineOfSightDTO(
            initiativeId: initiativeID, personId: person.id, personName: person.name, workstreams: work.streams,
            workItems: work.items, keyResults: try keyResultModels.map { try Self.dto($0, names: names) },
            objectives: try await dtos(objectives))
    }

    /// The CSV file of an initiative's OKRs (see `OKRTransfer`).

    // MARK: DTOs

    /// DTOs for a set of objectives in a fixed number of queries, with rolled-up progress.
    func dtos(_ models: [ObjectiveRow]) async throws -> [ObjectiveDTO] {
        guard !models.isEmpty else { return [] }
        let ids = models.map(\.id)
        let periods = try await OKRPeriodRow.all(db, "id", in: Set(models.map(\.periodID)))
            .reduce(into: [UUID: PeriodDTO]()) { $0[$1.id] = Self.dto($1) }
        let links = try await ObjectiveAlignmentRow.load(db, "child_id", in: ids)
        let known = Dictionary(uniqueKeysWithValues: models.map { ($0.id, $0) })
        let otherParents = Set(links.map(\.parentID)).subtracting(known.keys)
        var parents = known
        if !otherParents.isEmpty {
            for parent in try await ObjectiveRow.load(db, "id", in: otherParents) { parents[parent.id] = parent }
        }
        let keyResults = try await KeyResultRow.load(db, "objective_id", in: ids)
        let names = try await personNames(models.compactMap(\.ownerPersonID) + keyResults.compactMap(\.ownerPersonID))
        let organizations = try await OrganizationRow.all(db, "id", in: Set(models.map(\.organizationID) + parents.values.map(\.organizationID)))
            .reduce(into: [UUID: String]()) { $0[$1.id] = $1.name }
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
    func rolledUpProgress(of ids: [UUID], keyResults loaded: [KeyResultRow]) async throws -> [UUID: Double?] {
        var all = Set(ids)
        var frontier = Set(ids)
        var links: [AlignmentLink] = []
        var weights: [UUID: Decimal] = [:]
        while !frontier.isEmpty {
            let found = try await ObjectiveAlignmentRow.load(db, "parent_id", in: frontier, and: "kind = \(bind: AlignmentKind.contributing.rawValue)")
            links += found.map { AlignmentLink(child: $0.childID, parent: $0.parentID, kind: .contributing) }
            frontier = Set(found.map(\.childID)).subtracting(all)
            all.formUnion(frontier)
        }
        var keyResults = loaded
        let extra = all.subtracting(ids)
        if !extra.isEmpty {
            keyResults += try await KeyResultRow.load(db, "objective_id", in: extra)
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
        // Two columns rather than `PersonRow`'s seven: a large tree names hundreds of owners on every read (issue #6).
        return try await SQLLists.rows(db, "id", in: unique, { "SELECT id, name FROM people WHERE \($0)" }).reduce(into: [:]) { names, row in
            names[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "name", as: String.self)
        }
    }

    static func decimal(_ text: String) throws -> Decimal? {
        try DecimalInput.parse(text, field: "value", from: .machine)
    }

    static func decimalOrOne(_ text: String) -> Decimal { (try? decimal(text)) ?? 1 }

    static func definition(_ model: KeyResultRow) throws -> KeyResultDefinition {
        KeyResultDefinition(
            kind: try KeyResultKind(stored: model.kind, column: "key_results.kind"), unit: model.unit,
            baseline: try model.baseline.flatMap(decimal), target: try model.target.flatMap(decimal),
            steps: (try? JSONDecoder().decode([String].self, from: Data(model.steps.utf8))) ?? [],
            weight: decimalOrOne(model.weight))
    }

    static func dto(_ period: OKRPeriodRow) -> PeriodDTO {
        PeriodDTO(id: period.id, name: period.name, start: period.startDate, end: period.endDate)
    }

    static func dto(_ model: KeyResultRow, names: [UUID: String]) throws -> KeyResultDTO {
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

    static func dto(_ model: CheckInRow, definition: KeyResultDefinition, names: [UUID: String]) throws -> CheckInDTO {
        let value = try decimal(model.value)
        return CheckInDTO(
            id: model.id, keyResultId: model.keyResultID, value: Double(model.value) ?? 0,
            confidence: try Confidence(stored: model.confidence, column: "confidence"), narrative: model.narrative, personId: model.personID,
            personName: names[model.personID] ?? "", correctsId: model.correctsID, recordedAt: model.recordedAt,
            progress: OKRProgress.keyResult(definition, current: value), onBehalfOfId: model.onBehalfOf,
            onBehalfOfName: model.onBehalfOf.map { names[$0] ?? "" }, source: model.source)
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


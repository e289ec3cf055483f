import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// An initiative's OKRs as a CSV file, out and in: an import is one transaction, or nothing.
struct OKRImport: RecordingStore {
    let db: any Database
    let recorder: Recorder

    func exportCSV(_ initiativeID: UUID) async throws -> String {
        let objectives = try await OKRReader(db: db).tree(initiativeID)
        let owners = Set(objectives.compactMap(\.ownerId) + objectives.flatMap { $0.keyResults.compactMap(\.ownerId) })
        let emails = try await PersonRow.all(db, "id", in: owners).reduce(into: [UUID: String]()) { $0[$1.id] = $1.email }
        let models = try await KeyResultRow.load(db, where: "initiative_id = \(bind: initiativeID)")
        let definitions = try Dictionary(uniqueKeysWithValues: models.map { ($0.id, try OKRReader.definition($0)) })
        return OKRTransfer.export(
            objectives: try objectives.map { objective in
                .init(
                    id: objective.id, parentID: objective.parentId, title: objective.title, ownerEmail: objective.ownerId.flatMap { emails[$0] },
                    weight: try OKRReader.decimal(String(objective.weight)) ?? 1,
                    period: OKRPeriod(name: objective.period.name, start: try CalendarDate(parsing: objective.period.start),
                                      end: try CalendarDate(parsing: objective.period.end)),
                    alignsTo: objective.alignments.filter(\.parentIsOrganizationObjective).map(\.parentId))
            },
            keyResults: objectives.flatMap { objective in
                objective.keyResults.compactMap { keyResult in
                    guard let definition = definitions[keyResult.id] else { return nil }
                    let current = models.first { $0.id == keyResult.id }?.currentValue.flatMap { try? OKRReader.decimal($0) }
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
        let memberIDs = try await MemberRow.all(db, where: "initiative_id = \(bind: initiativeID)").map(\.personID)
        let emails = try await PersonRow.all(db, "id", in: memberIDs).map(\.email)
        let parties = try await PartyRow.all(db, where: "initiative_id = \(bind: initiativeID)").map(\.organizationID)
        var objectives = try await ObjectiveRow.all(db, "organization_id", in: parties, and: "initiative_id IS NULL")
        if let personID = actor.personID, let organizationID = actor.organizationID {
            let alignedTo = try await visibleAlignmentParents(of: personID)
            objectives = objectives.filter { $0.organizationID == organizationID || alignedTo.contains($0.id) }
        }
        return OKRTransfer.Context(
            memberEmails: Set(emails), organizationObjectives: objectives.map { ($0.id, $0.title) })
    }

    /// The objectives that an objective of one of the person's initiatives aligns to: the other organizations'
    /// objectives this person may read (`Policy.isAlignedFromInitiatives`, for many at once).
    private func visibleAlignmentParents(of personID: UUID) async throws -> Set<UUID> {
        let mine = try await Policy.initiativeIDs(of: personID, on: db)
        guard !mine.isEmpty else { return [] }
        let children = try await ObjectiveRow.all(db, "initiative_id", in: mine).map(\.id)
        guard !children.isEmpty else { return [] }
        return Set(try await ObjectiveAlignmentRow.all(db, "child_id", in: children).map(\.parentID))
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
        let memberIDs = try await MemberRow.all(db, where: "initiative_id = \(bind: initiativeID)").map(\.personID)
        let emailToID = try await PersonRow.all(db, "id", in: memberIDs)
            .reduce(into: [String: UUID]()) { $0[$1.email.lowercased()] = $1.id }
        let parties = try await OKRWrites.Scope.initiative(initiativeID).partyOrganizations(on: db)
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
                        periodID = try await OKRWrites.period(planned.period, scope: .initiative(initiativeID), on: db)
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
                    var change = OKRWrites.keyResultChange(objectiveID: objectiveID, title: planned.title, definition: d, ownerID: owner)
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

}

import CoventureCore
import Fluent
import Foundation
import SQLKit

/// A key result row as the read paths need it, loaded with one plain SELECT and decoded column by column.
///
/// Why not the Fluent model: decoding a model finds its properties by reflection (`Mirror`) for every row, which made
/// the OKR tree of a large initiative (400 key results) spend most of its time in the Swift runtime (issue #6's
/// profile). Writes still go through `KeyResultModel`.
struct KeyResultRecord: Sendable {
    var id: UUID
    var objectiveID: UUID
    var initiativeID: UUID?
    var organizationID: UUID
    var title: String
    var kind: String
    var unit: String
    var baseline: String?
    var target: String?
    var steps: String
    var weight: String
    var ownerPersonID: UUID?
    var currentValue: String?
    var confidence: String?
    var lastCheckInAt: Date?
    var createdAt: Date

    init(_ model: KeyResultModel) throws {
        id = try model.requireID()
        objectiveID = model.objectiveID
        initiativeID = model.initiativeID
        organizationID = model.organizationID
        title = model.title
        kind = model.kind
        unit = model.unit
        baseline = model.baseline
        target = model.target
        steps = model.steps
        weight = model.weight
        ownerPersonID = model.ownerPersonID
        currentValue = model.currentValue
        confidence = model.confidence
        lastCheckInAt = model.lastCheckInAt
        createdAt = model.createdAt
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        objectiveID = try row.decode(column: "objective_id", as: UUID.self)
        initiativeID = try row.decode(column: "initiative_id", as: UUID?.self)
        organizationID = try row.decode(column: "organization_id", as: UUID.self)
        title = try row.decode(column: "title", as: String.self)
        kind = try row.decode(column: "kind", as: String.self)
        unit = try row.decode(column: "unit", as: String.self)
        baseline = try row.decode(column: "baseline", as: String?.self)
        target = try row.decode(column: "target", as: String?.self)
        steps = try row.decode(column: "steps", as: String.self)
        weight = try row.decode(column: "weight", as: String.self)
        ownerPersonID = try row.decode(column: "owner_person_id", as: UUID?.self)
        currentValue = try row.decode(column: "current_value", as: String?.self)
        confidence = try row.decode(column: "confidence", as: String?.self)
        lastCheckInAt = try row.decode(column: "last_check_in_at", as: Date?.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
    }

    static let columns = """
        id, objective_id, initiative_id, organization_id, title, kind, unit, baseline, target, steps, weight, owner_person_id, \
        current_value, confidence, last_check_in_at, created_at
        """

    /// The key results matching `condition` (a WHERE clause with bound values), oldest first.
    static func load(_ db: any Database, where condition: SQLQueryString) async throws -> [KeyResultRecord] {
        let sql = db as! any SQLDatabase
        return try await sql.raw("SELECT \(unsafeRaw: columns) FROM key_results WHERE \(condition) ORDER BY created_at, id").all()
            .map(KeyResultRecord.init(row:))
    }

    /// The key results whose `column` is one of `ids` (and that match `condition`, if given), oldest first; long
    /// lists are split by `SQLLists`.
    static func load(
        _ db: any Database, _ column: String, in ids: some Collection<UUID>, and condition: SQLQueryString? = nil
    ) async throws -> [KeyResultRecord] {
        var records = try await SQLLists.chunked(ids) { chunk in
            try await load(db, where: SQLLists.condition(column, chunk, and: condition))
        }
        if SQLLists.isSplit(ids.count) { records.sort { ($0.createdAt, $0.id.uuidString) < ($1.createdAt, $1.id.uuidString) } }
        return records
    }
}

/// An objective row for the read paths (see `KeyResultRecord` for why not the Fluent model).
struct ObjectiveRecord: Sendable {
    var id: UUID
    var initiativeID: UUID?
    var organizationID: UUID
    var periodID: UUID
    var title: String
    var details: String
    var weight: String
    var ownerPersonID: UUID?
    var createdAt: Date

    init(_ model: ObjectiveModel) throws {
        id = try model.requireID()
        initiativeID = model.initiativeID
        organizationID = model.organizationID
        periodID = model.periodID
        title = model.title
        details = model.details
        weight = model.weight
        ownerPersonID = model.ownerPersonID
        createdAt = model.createdAt
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        initiativeID = try row.decode(column: "initiative_id", as: UUID?.self)
        organizationID = try row.decode(column: "organization_id", as: UUID.self)
        periodID = try row.decode(column: "period_id", as: UUID.self)
        title = try row.decode(column: "title", as: String.self)
        details = try row.decode(column: "description", as: String.self)
        weight = try row.decode(column: "weight", as: String.self)
        ownerPersonID = try row.decode(column: "owner_person_id", as: UUID?.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
    }

    static func load(_ db: any Database, where condition: SQLQueryString) async throws -> [ObjectiveRecord] {
        let sql = db as! any SQLDatabase
        return try await sql.raw("""
            SELECT id, initiative_id, organization_id, period_id, title, description, weight, owner_person_id, created_at
            FROM objectives WHERE \(condition) ORDER BY created_at, id
            """).all().map(ObjectiveRecord.init(row:))
    }

    /// The objectives whose `column` is one of `ids` (and that match `condition`, if given), oldest first.
    static func load(
        _ db: any Database, _ column: String, in ids: some Collection<UUID>, and condition: SQLQueryString? = nil
    ) async throws -> [ObjectiveRecord] {
        var records = try await SQLLists.chunked(ids) { chunk in
            try await load(db, where: SQLLists.condition(column, chunk, and: condition))
        }
        if SQLLists.isSplit(ids.count) { records.sort { ($0.createdAt, $0.id.uuidString) < ($1.createdAt, $1.id.uuidString) } }
        return records
    }
}

/// An alignment link row for the read paths.
struct AlignmentRecord: Sendable {
    var id: UUID
    var childID: UUID
    var parentID: UUID
    var kind: String

    /// The links whose `column` is one of `ids` (and that match `condition`, if given). Within one statement they
    /// come oldest first; no caller depends on the order across statements.
    static func load(
        _ db: any Database, _ column: String, in ids: some Collection<UUID>, and condition: SQLQueryString? = nil
    ) async throws -> [AlignmentRecord] {
        try await SQLLists.chunked(ids) { chunk in try await load(db, where: SQLLists.condition(column, chunk, and: condition)) }
    }

    static func load(_ db: any Database, where condition: SQLQueryString) async throws -> [AlignmentRecord] {
        let sql = db as! any SQLDatabase
        return try await sql.raw("SELECT id, child_id, parent_id, kind FROM objective_alignments WHERE \(condition) ORDER BY created_at, id")
            .all().map { row in
                AlignmentRecord(
                    id: try row.decode(column: "id", as: UUID.self), childID: try row.decode(column: "child_id", as: UUID.self),
                    parentID: try row.decode(column: "parent_id", as: UUID.self), kind: try row.decode(column: "kind", as: String.self))
            }
    }
}

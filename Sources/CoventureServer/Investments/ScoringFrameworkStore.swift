import CoventureCore
import Fluent
import Foundation
import SQLKit

/// The investment scoring framework (issue #14): its versions are proposed by the admins of any party and come into
/// force only when the decision carrying them passes (`ScoringFrameworkChange`).
package struct ScoringFrameworkStore: RecordingStore {
    let db: any Database
    let recorder: Recorder
    var reader: InvestmentReader { InvestmentReader(db: db) }

    /// Proposes a new version: the version row, its criteria and the decision that ratifies it, in one change.
    package func propose(_ initiativeID: UUID, _ request: ScoringFrameworkRequest, by actor: Actor) async throws -> ScoringFrameworkDTO {
        guard let authorID = actor.personID else { throw AppError.forbidden("a framework needs a person to propose it") }
        let permission = Permission.initiative(initiativeID, .proposeScoringFramework)
        try await Policy.authorize(permission, actor: actor, on: db)
        let criteria = try Self.criteria(request)
        let summary = criteria.map { "\($0.name) (weight \($0.weight); \(ScoringCriterion.format($0.min))–\(ScoringCriterion.format($0.max)), \($0.direction.label.lowercased()))" }
        let input = try await DecisionStore(db: db, recorder: recorder).ratificationInput(
            initiativeID, typeID: request.typeId, title: "Ratify the investment scoring framework",
            proposal: "Score investment proposals on these criteria:\n" + summary.map { "- \($0)" }.joined(separator: "\n"))
        let now = recorder.now()
        let id = try await recorder.record(
            permission, by: actor,
            validate: {},
            apply: { db, _ in
                let sql = db as! any SQLDatabase
                let last = try await sql.raw("SELECT MAX(version) AS last FROM scoring_frameworks WHERE initiative_id = \(bind: initiativeID)")
                    .first()?.decode(column: "last", as: Int?.self) ?? nil
                var framework = ScoringFrameworkRow(
                    id: UUID(), initiativeID: initiativeID, version: (last ?? 0) + 1, status: ScoringFrameworkStatus.proposed.rawValue,
                    decisionID: nil, proposedBy: authorID, createdAt: now, decidedAt: nil)
                let frameworkID = framework.id
                let (decisionID, decisionEvents) = try await DecisionStore.insert(
                    input, initiativeID: initiativeID, authorID: authorID,
                    change: (ScoringFrameworkChange.kind, try RatifiedChanges.encode(ScoringFrameworkChange(frameworkId: frameworkID, version: framework.version))),
                    on: db, at: now)
                framework.decisionID = decisionID
                try await framework.insert(db)
                try await ScoringCriterionRow.insert(criteria.enumerated().map { position, criterion in
                    ScoringCriterionRow(
                        id: UUID(), frameworkID: frameworkID, position: position, name: criterion.name, description: criterion.description,
                        weight: criterion.weight, scaleMin: criterion.min, scaleMax: criterion.max, decimals: criterion.decimals,
                        direction: criterion.direction.rawValue)
                }, db)
                let proposed = EventDraft(
                    log: initiativeID, action: .scoringFrameworkProposed, objectID: frameworkID,
                    change: [
                        "version": .int(framework.version), "criteria": .int(criteria.count), "decisionId": .id(decisionID),
                        "names": .array(criteria.map { .string($0.name) }),
                    ])
                return Recorded(frameworkID, decisionEvents + [proposed])
            })
        guard let framework = try await reader.framework(id) else { throw AppError.notFound }
        return framework
    }

    /// The request's criteria checked (every field at once); `direction` defaults to higher is better.
    static func criteria(_ request: ScoringFrameworkRequest) throws -> [ScoringCriterion] {
        var checks = FieldChecks()
        var parsed: [ScoringCriterion] = []
        for (index, raw) in (request.criteria ?? []).enumerated() {
            let field = "criteria[\(index)]"
            let direction = checks.run { () throws -> ScoreDirection in
                guard let text = raw.direction, !text.isEmpty else { return .higherIsBetter }
                guard let direction = ScoreDirection(rawValue: text) else {
                    throw ValidationError(field: "\(field).direction", "must be higherIsBetter or lowerIsBetter")
                }
                return direction
            }
            checks.run {
                if raw.weight == nil { throw ValidationError(field: "\(field).weight", "is required") }
                if raw.min == nil { throw ValidationError(field: "\(field).min", "is required") }
                if raw.max == nil { throw ValidationError(field: "\(field).max", "is required") }
            }
            parsed.append(ScoringCriterion(
                id: UUID(), name: raw.name ?? "", description: raw.description ?? "", weight: raw.weight ?? 0, min: raw.min ?? 0,
                max: raw.max ?? 0, decimals: raw.decimals ?? false, direction: direction ?? .higherIsBetter))
        }
        let validated = checks.run { try ScoringFramework.validated(parsed) }
        try checks.finish()
        return validated ?? []
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
}

/// A scoring framework version carried by its decision: in force when it passes, rejected when it does not.
struct ScoringFrameworkChange: RatifiedChange, Codable {
    static let kind = "scoringFramework"

    var frameworkId: UUID
    var version: Int

    static func summary(payload: Data) -> String {
        guard let change = try? JSONDecoder().decode(Self.self, from: payload) else { return "A version of the investment scoring framework" }
        return "Puts version \(change.version) of the investment scoring framework in force."
    }

    static func apply(payload: Data, initiativeID: UUID, on db: any Database, at now: Date) async throws -> [EventDraft] {
        let change = try JSONDecoder().decode(Self.self, from: payload)
        guard let framework = try await ScoringFrameworkRow.find(change.frameworkId, db), framework.initiativeID == initiativeID,
              framework.status == ScoringFrameworkStatus.proposed.rawValue else {
            throw ValidationError(field: "framework", "is no longer a proposed version")
        }
        let sql = db as! any SQLDatabase
        // The version in force until now stays readable as superseded; proposals rated under it keep being scored by it.
        try await sql.raw("""
            UPDATE scoring_frameworks SET status = \(bind: ScoringFrameworkStatus.superseded.rawValue)
            WHERE initiative_id = \(bind: initiativeID) AND status = \(bind: ScoringFrameworkStatus.ratified.rawValue)
            """).run()
        var ratified = framework
        ratified.status = ScoringFrameworkStatus.ratified.rawValue
        ratified.decidedAt = now
        try await ratified.update(db, changedFrom: framework)
        // Proposals not yet rated take the framework now in force.
        try await sql.raw("""
            UPDATE investment_proposals SET framework_id = \(bind: change.frameworkId)
            WHERE initiative_id = \(bind: initiativeID) AND framework_id IS NULL
            """).run()
        return [EventDraft(
            log: initiativeID, action: .scoringFrameworkRatified, objectID: change.frameworkId, change: ["version": .int(framework.version)])]
    }

    static func notApplied(payload: Data, decisionID: UUID, initiativeID: UUID, on db: any Database, at now: Date) async throws -> [EventDraft] {
        let change = try JSONDecoder().decode(Self.self, from: payload)
        guard let framework = try await ScoringFrameworkRow.find(change.frameworkId, db), framework.status == ScoringFrameworkStatus.proposed.rawValue else {
            return []
        }
        var rejected = framework
        rejected.status = ScoringFrameworkStatus.rejected.rawValue
        rejected.decidedAt = now
        try await rejected.update(db, changedFrom: framework)
        return [EventDraft(
            log: initiativeID, action: .scoringFrameworkRejected, objectID: change.frameworkId, change: ["version": .int(framework.version)])]
    }
}

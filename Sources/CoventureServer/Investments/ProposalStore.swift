import CoventureCore
import Fluent
import Foundation
import SQLKit

/// Investment proposals (issue #14): proposed by anyone but observers, rated by every party against the framework in
/// force when their rating opened, taken through gates whose decisions release the tranches.
package struct ProposalStore: RecordingStore {
    let db: any Database
    let recorder: Recorder
    var reader: InvestmentReader { InvestmentReader(db: db) }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// The proposal, once the caller is known to be a member of its initiative (a missing one looks the same: 404).
    func readable(_ id: UUID, by actor: Actor) async throws -> InvestmentReader.ProposalRecord {
        let record = try await reader.record(id)
        try await Policy.authorize(.initiative(record.initiativeID, .read), actor: actor, on: db)
        return record
    }

    // MARK: Proposing and changing

    /// What the initiative holds that a proposal may name: its parties, key results, objectives and workstreams.
    struct Scope: Sendable {
        var parties: Set<UUID>
        var keyResults: Set<UUID>
        var objectives: Set<UUID>
        var metrics: Set<UUID>
        var workstreams: Set<UUID>
    }

    func scope(_ initiativeID: UUID) async throws -> Scope {
        func ids(_ statement: SQLQueryString) async throws -> Set<UUID> {
            Set(try await sql.raw(statement).all().map { try $0.decode(column: "id", as: UUID.self) })
        }
        return Scope(
            parties: try await ids("SELECT organization_id AS id FROM parties WHERE initiative_id = \(bind: initiativeID)"),
            keyResults: try await ids("""
                SELECT k.id FROM key_results k JOIN objectives o ON o.id = k.objective_id WHERE o.initiative_id = \(bind: initiativeID)
                """),
            objectives: try await ids("SELECT id FROM objectives WHERE initiative_id = \(bind: initiativeID)"),
            metrics: try await ids("SELECT id FROM value_metrics WHERE initiative_id = \(bind: initiativeID)"),
            workstreams: try await ids("SELECT id FROM workstreams WHERE initiative_id = \(bind: initiativeID)"))
    }

    struct Checked: Sendable {
        var title: String
        var problem: String
        var hypothesis: String
        var plan: InvestmentPlan?
        var objectiveIDs: [UUID]?
        var metricIDs: [UUID]?
        var workstreamID: UUID??
    }

    /// Every field of a new proposal (`requireAll`) or of a change (only what is sent), all errors at once.
    static func check(_ request: UpdateProposalRequest, existing: InvestmentReader.ProposalRecord?, scope: Scope) throws -> Checked {
        var checks = FieldChecks()
        let title = checks.run { try Validate.text(request.title ?? existing?.title, field: "title", maxLength: 200) }
        func required(_ value: String?, _ field: String) -> String? {
            checks.run { () throws -> String in
                let text = try Validate.longText(value, field: field, maxLength: 10_000)
                guard !text.isEmpty else { throw ValidationError(field: field, "is required") }
                return text
            }
        }
        let problem = required(request.problem ?? existing?.problem, "problem")
        let hypothesis = required(request.hypothesis ?? existing?.hypothesis, "hypothesis")
        var plan: InvestmentPlan?
        if existing == nil || request.ask != nil || request.funding != nil || request.tranches != nil {
            if existing != nil && (request.ask == nil || request.funding == nil || request.tranches == nil) {
                checks.run { throw ValidationError(field: "ask", "changes only together with funding and tranches: send all three") }
            } else {
                plan = checks.run {
                    try InvestmentPlan.validated(
                        ask: request.ask, funding: (request.funding ?? []).map { ($0.organizationId, $0.amount) },
                        tranches: (request.tranches ?? []).map { ($0.amount, $0.milestone, $0.keyResultId) },
                        parties: scope.parties, keyResults: scope.keyResults)
                }
            }
        }
        var objectives: [UUID]?
        if let sent = request.objectiveIds {
            checks.run {
                guard sent.count <= 50 else { throw ValidationError(field: "objectiveIds", "may hold at most 50 objectives") }
                guard sent.allSatisfy(scope.objectives.contains) else {
                    throw ValidationError(field: "objectiveIds", "must be objectives of this initiative")
                }
            }
            objectives = Array(Set(sent)).sorted { $0.uuidString < $1.uuidString }
        }
        var metrics: [UUID]?
        if let sent = request.metricIds {
            checks.run {
                guard sent.count <= 50 else { throw ValidationError(field: "metricIds", "may hold at most 50 metrics") }
                guard sent.allSatisfy(scope.metrics.contains) else { throw ValidationError(field: "metricIds", "must be value metrics of this initiative") }
            }
            metrics = Array(Set(sent)).sorted { $0.uuidString < $1.uuidString }
        }
        var workstream: UUID??
        if let stream = request.workstreamId {
            checks.run { if !scope.workstreams.contains(stream) { throw ValidationError(field: "workstreamId", "is not a workstream of this initiative") } }
            workstream = .some(stream)
        }
        try checks.finish()
        guard let title, let problem, let hypothesis else { throw ValidationError(field: "title", "is required") }
        return Checked(
            title: title, problem: problem, hypothesis: hypothesis, plan: plan, objectiveIDs: objectives, metricIDs: metrics, workstreamID: workstream)
    }

    package func create(_ initiativeID: UUID, _ request: CreateProposalRequest, by actor: Actor) async throws -> ProposalDTO {
        guard let authorID = actor.personID else { throw AppError.forbidden("a proposal needs a person as its author") }
        let permission = Permission.initiative(initiativeID, .contribute)
        try await Policy.authorize(permission, actor: actor, on: db)
        let scope = try await scope(initiativeID)
        let framework = try await reader.inForceID(initiativeID)
        let now = recorder.now()
        let asUpdate = UpdateProposalRequest(
            title: request.title, problem: request.problem, hypothesis: request.hypothesis, ask: request.ask, funding: request.funding,
            tranches: request.tranches, objectiveIds: request.objectiveIds ?? [], metricIds: request.metricIds ?? [], workstreamId: request.workstreamId)
        let id = try await recorder.record(
            permission, by: actor,
            validate: { try Self.check(asUpdate, existing: nil, scope: scope) },
            apply: { db, checked in
                guard let plan = checked.plan else { throw AppError.invalid(field: "ask", message: "is required") }
                let id = UUID()
                try await ProposalRow(
                    id: id, initiativeID: initiativeID, title: checked.title, problem: checked.problem, hypothesis: checked.hypothesis,
                    askAmount: plan.ask.amount, currency: plan.ask.currency, workstreamID: checked.workstreamID ?? nil, authorID: authorID,
                    frameworkID: framework, stage: ProposalStage.proposed.rawValue, createdAt: now, updatedAt: now
                ).insert(db)
                try await Self.writePlan(plan, proposalID: id, on: db)
                try await Self.writeLinks(objectives: checked.objectiveIDs ?? [], metrics: checked.metricIDs ?? [], proposalID: id, on: db)
                return Recorded(id, EventDraft(
                    log: initiativeID, action: .proposalCreated, objectID: id,
                    change: [
                        "title": .string(checked.title), "ask": .string(plan.ask.formatted), "askAmount": .int(plan.ask.amount),
                        "currency": .string(plan.ask.currency), "workstreamId": .optional(checked.workstreamID ?? nil),
                        "funding": .object(Dictionary(plan.funding.map { ($0.organizationID.uuidString.lowercased(), JSONValue.int($0.amount)) },
                                                      uniquingKeysWith: { a, _ in a })),
                        "tranches": .array(plan.tranches.map { .int($0.amount) }),
                        "objectiveIds": .array((checked.objectiveIDs ?? []).map(JSONValue.id)),
                        "metricIds": .array((checked.metricIDs ?? []).map(JSONValue.id)),
                    ]))
            })
        return try await reader.dto(id)
    }

    /// Pledges and tranches, replacing any there were (only before the first gate, so nothing was released).
    static func writePlan(_ plan: InvestmentPlan, proposalID: UUID, on db: any Database) async throws {
        let ofProposal: SQLQueryString = "proposal_id = \(bind: proposalID)"
        try await PledgeRow.delete(db, where: ofProposal)
        try await TrancheRow.delete(db, where: ofProposal)
        try await PledgeRow.insert(plan.funding.enumerated().map { position, pledge in
            PledgeRow(id: UUID(), proposalID: proposalID, organizationID: pledge.organizationID, position: position, amount: pledge.amount)
        }, db)
        try await TrancheRow.insert(plan.tranches.enumerated().map { index, tranche in
            TrancheRow(
                id: UUID(), proposalID: proposalID, position: index + 1, amount: tranche.amount, milestone: tranche.milestone,
                keyResultID: tranche.keyResultID, releasedAt: nil)
        }, db)
    }

    /// The objectives and value metrics a proposal names, in addition to those it named.
    static func writeLinks(objectives: [UUID], metrics: [UUID], proposalID: UUID, on db: any Database) async throws {
        try await ProposalObjectiveRow.insert(objectives.map { ProposalObjectiveRow(id: UUID(), proposalID: proposalID, objectiveID: $0) }, db)
        try await ProposalMetricRow.insert(metrics.map { ProposalMetricRow(id: UUID(), proposalID: proposalID, metricID: $0) }, db)
    }

    /// A change (its author and the owner's admins), or the owner's kill / hold / recycle when `outcome` is sent.
    package func update(_ id: UUID, _ request: UpdateProposalRequest, by actor: Actor) async throws -> ProposalDTO {
        let record = try await readable(id, by: actor)
        if request.outcome != nil || request.reason != nil {
            try await Policy.authorize(.initiative(record.initiativeID, .decideGate), actor: actor, on: db)
            guard !request.changesProposal else {
                throw AppError.invalid(field: "outcome", message: "is sent on its own: change the proposal and record a gate's outcome separately")
            }
            return try await recordOutcome(record, outcome: request.outcome, reason: request.reason, by: actor)
        }
        let permission = Permission.initiative(record.initiativeID, .manageProposal(authorID: record.authorID))
        try await Policy.authorize(permission, actor: actor, on: db)
        if request.ask != nil || request.funding != nil || request.tranches != nil, !record.stage.planEditable {
            throw AppError.conflict(field: "ask", message: "the ask, funding and tranches change only before the first gate (the proposal is \(record.stage.label.lowercased()))")
        }
        let scope = try await scope(record.initiativeID)
        let now = recorder.now()
        _ = try await recorder.record(
            permission, by: actor,
            validate: { try Self.check(request, existing: record, scope: scope) },
            apply: { db, checked in
                guard let original = try await ProposalRow.find(id, db) else { throw AppError.notFound }
                var proposal = original
                var change: [String: JSONValue] = [:]
                if proposal.title != checked.title { change["title"] = .string(checked.title) }
                if proposal.problem != checked.problem { change["problem"] = .string(checked.problem) }
                if proposal.hypothesis != checked.hypothesis { change["hypothesis"] = .string(checked.hypothesis) }
                proposal.title = checked.title
                proposal.problem = checked.problem
                proposal.hypothesis = checked.hypothesis
                if let stream = checked.workstreamID, stream != proposal.workstreamID {
                    proposal.workstreamID = stream
                    change["workstreamId"] = .optional(stream)
                }
                if let plan = checked.plan {
                    guard ProposalStage(rawValue: proposal.stage)?.planEditable == true else {
                        throw AppError.conflict(field: "ask", message: "the ask, funding and tranches change only before the first gate")
                    }
                    proposal.askAmount = plan.ask.amount
                    proposal.currency = plan.ask.currency
                    try await Self.writePlan(plan, proposalID: id, on: db)
                    change["ask"] = .string(plan.ask.formatted)
                    change["tranches"] = .array(plan.tranches.map { .int($0.amount) })
                }
                if let objectives = checked.objectiveIDs {
                    try await ProposalObjectiveRow.delete(db, where: "proposal_id = \(bind: id)")
                    try await Self.writeLinks(objectives: objectives, metrics: [], proposalID: id, on: db)
                    change["objectiveIds"] = .array(objectives.map(JSONValue.id))
                }
                if let metrics = checked.metricIDs {
                    try await ProposalMetricRow.delete(db, where: "proposal_id = \(bind: id)")
                    try await Self.writeLinks(objectives: [], metrics: metrics, proposalID: id, on: db)
                    change["metricIds"] = .array(metrics.map(JSONValue.id))
                }
                proposal.updatedAt = now
                try await proposal.update(db, changedFrom: original)
                change["title"] = .string(checked.title)
                return Recorded(id, EventDraft(log: record.initiativeID, action: .proposalUpdated, objectID: id, change: change))
            })
        return try await reader.dto(id)
    }

    // MARK: Rating

    /// A rater's scores (any subset of the criteria); each replaces the rater's earlier score on that criterion.
    package func rate(_ id: UUID, _ request: RatingRequest, by actor: Actor) async throws -> ProposalDTO {
        let record = try await readable(id, by: actor)
        guard let personID = actor.personID else { throw AppError.forbidden("a rating needs a person") }
        let permission = Permission.initiative(record.initiativeID, .contribute)
        try await Policy.authorize(permission, actor: actor, on: db)
        guard record.stage.takesRatings else {
            throw AppError.conflict(field: "scores", message: "a \(record.stage.label.lowercased()) proposal takes no more ratings")
        }
        guard let frameworkID = try await reader.frameworkID(of: record) else {
            throw AppError.conflict(field: "scores", message: "the initiative has no ratified scoring framework yet: propose one first")
        }
        let criteria = try await reader.criteria(of: [frameworkID])[frameworkID] ?? []
        let now = recorder.now()
        _ = try await recorder.record(
            permission, by: actor,
            validate: { () -> [(CriterionDTO, Double, String)] in
                var checks = FieldChecks()
                let scores = request.scores ?? []
                checks.run {
                    guard !scores.isEmpty else { throw ValidationError(field: "scores", "needs at least one criterion's score") }
                    guard Set(scores.map(\.criterionId)).count == scores.count else {
                        throw ValidationError(field: "scores", "names a criterion twice: one score per criterion")
                    }
                }
                var checked: [(CriterionDTO, Double, String)] = []
                for (index, score) in scores.enumerated() {
                    let field = "scores[\(index)]"
                    guard let criterion = criteria.first(where: { $0.id == score.criterionId }) else {
                        checks.run { throw ValidationError(field: "\(field).criterionId", "is not a criterion of the framework this proposal is scored on") }
                        continue
                    }
                    let value = checks.run { try criterion.criterion.validatedRating(score.value, field: "\(field).value") }
                    let comment = checks.run { try Validate.longText(score.comment, field: "\(field).comment", maxLength: 2000) }
                    if let value, let comment { checked.append((criterion, value, comment)) }
                }
                try checks.finish()
                return checked
            },
            apply: { db, scores in
                let sql = db as! any SQLDatabase
                guard let row = try await sql.raw("""
                    SELECT pa.organization_id FROM members m JOIN parties pa ON pa.id = m.party_id
                    WHERE m.initiative_id = \(bind: record.initiativeID) AND m.person_id = \(bind: personID)
                    """).first() else { throw AppError.notFound }
                let party = try row.decode(column: "organization_id", as: UUID.self)
                // The stage again inside the change: a gate may have killed it meanwhile.
                guard let proposal = try await ProposalRow.find(id, db),
                      ProposalStage(rawValue: proposal.stage)?.takesRatings == true else {
                    throw AppError.conflict(field: "scores", message: "the proposal takes no more ratings")
                }
                if proposal.frameworkID == nil {
                    var scored = proposal
                    scored.frameworkID = frameworkID
                    try await scored.update(db, changedFrom: proposal)
                }
                var values: [String: JSONValue] = [:]
                for (criterion, value, comment) in scores {
                    try await sql.raw("""
                        UPDATE investment_ratings SET is_current = \(bind: false)
                        WHERE proposal_id = \(bind: id) AND criterion_id = \(bind: criterion.id) AND person_id = \(bind: personID) AND is_current = \(bind: true)
                        """).run()
                    try await RatingRow(
                        id: UUID(), proposalID: id, criterionID: criterion.id, personID: personID, organizationID: party, value: value,
                        comment: comment, isCurrent: true, ratedAt: now
                    ).insert(db)
                    values[criterion.id.uuidString.lowercased()] = .string(ScoringCriterion.format(value))
                }
                return Recorded(id, EventDraft(
                    log: record.initiativeID, action: .proposalRated, objectID: id,
                    change: ["title": .string(record.title), "criteria": .int(scores.count), "scores": .object(values)]))
            })
        return try await reader.dto(id)
    }

    // MARK: Gates

    /// Opens the next gate: a decision (of the named type or the initiative's default) on going ahead with the next
    /// tranche, which releases it if it passes (`InvestmentGateChange`).
    package func openGate(_ id: UUID, _ request: OpenGateRequest, by actor: Actor) async throws -> ProposalDTO {
        let record = try await readable(id, by: actor)
        guard let authorID = actor.personID else { throw AppError.forbidden("a gate needs a person to open it") }
        let permission = Permission.initiative(record.initiativeID, .manageProposal(authorID: record.authorID))
        try await Policy.authorize(permission, actor: actor, on: db)
        guard record.stage.opensGate else {
            throw AppError.conflict(field: "stage", message: "a gate opens on a proposed, funding or held proposal; this one is \(record.stage.label.lowercased())")
        }
        let dto = try await reader.dto(id)
        guard let tranche = dto.tranches.first(where: { $0.releasedAt == nil }) else {
            throw AppError.conflict(field: "stage", message: "every tranche is released")
        }
        let gateNumber = dto.gates.count + 1
        let shares = dto.funding.map { "\($0.organizationName): \($0.remaining.formatted) still pledged" }
        let input = try await DecisionStore(db: db, recorder: recorder).ratificationInput(
            record.initiativeID, typeID: request.typeId, title: "Gate \(gateNumber): go ahead with “\(record.title)”?",
            proposal: """
                Release tranche \(tranche.position) of “\(record.title)”: \(tranche.amount.formatted) for the milestone “\(tranche.milestone)”.
                Score: \(dto.score?.overall.map { String(format: "%.1f", $0) } ?? "not rated yet") of 100.
                \(shares.joined(separator: "\n"))

                If it passes the tranche is released, split between the parties in proportion to what each still has to fund. If it does not, the owner's admins record kill, hold or recycle.
                """)
        let now = recorder.now()
        _ = try await recorder.record(
            permission, by: actor,
            validate: {},
            apply: { db, _ in
                let sql = db as! any SQLDatabase
                // The proposal's row is the lock: two gates never open at once.
                try await sql.raw("UPDATE investment_proposals SET updated_at = \(bind: now) WHERE id = \(bind: id)").run()
                guard let proposal = try await ProposalRow.find(id, db),
                      ProposalStage(rawValue: proposal.stage)?.opensGate == true else {
                    throw AppError.conflict(field: "stage", message: "the proposal is no longer ready for a gate")
                }
                let opened = try await sql.raw("SELECT COUNT(*) AS n FROM investment_gates WHERE proposal_id = \(bind: id)").first()?
                    .decode(column: "n", as: Int.self) ?? 0
                let gateID = UUID()
                let (decisionID, decisionEvents) = try await DecisionStore.insert(
                    input, initiativeID: record.initiativeID, authorID: authorID,
                    change: (InvestmentGateChange.kind, try RatifiedChanges.encode(InvestmentGateChange(
                        gateId: gateID, proposalId: id, title: record.title, tranche: tranche.position, amount: tranche.amount))),
                    on: db, at: now)
                let gate = GateRow(
                    id: gateID, proposalID: id, position: opened + 1, trancheID: tranche.id, decisionID: decisionID,
                    outcome: GateOutcome.pending.rawValue, reason: nil, decidedBy: nil, openedAt: now, decidedAt: nil)
                try await gate.insert(db)
                var atGate = proposal
                atGate.stage = ProposalStage.atGate.rawValue
                try await atGate.update(db, changedFrom: proposal)
                return Recorded(id, decisionEvents + [EventDraft(
                    log: record.initiativeID, action: .gateOpened, objectID: gate.id,
                    change: [
                        "title": .string(record.title), "proposalId": .id(id), "gate": .int(gate.position), "tranche": .int(tranche.position),
                        "decisionId": .id(decisionID),
                    ])])
            })
        return try await reader.dto(id)
    }

    /// The owner's kill, hold or recycle on a gate whose decision did not pass.
    private func recordOutcome(_ record: InvestmentReader.ProposalRecord, outcome raw: String?, reason: String?, by actor: Actor) async throws -> ProposalDTO {
        let id = record.id
        let permission = Permission.initiative(record.initiativeID, .decideGate)
        let now = recorder.now()
        let current = try await sql.raw("""
            SELECT outcome FROM investment_gates WHERE proposal_id = \(bind: id) ORDER BY position DESC LIMIT 1
            """).first()?.decode(column: "outcome", as: String.self)
        guard current == GateOutcome.awaitingOwner.rawValue else {
            throw AppError.conflict(field: "outcome", message: "kill, hold or recycle is recorded on a gate whose decision did not pass; none awaits the owner")
        }
        let inForce = try await reader.inForceID(record.initiativeID)
        _ = try await recorder.record(
            permission, by: actor,
            validate: { try GateOutcome.ownerOutcome(raw, reason: reason) },
            apply: { db, input in
                let (outcome, reason) = input
                let sql = db as! any SQLDatabase
                try await sql.raw("UPDATE investment_proposals SET updated_at = \(bind: now) WHERE id = \(bind: id)").run()
                guard let gate = try await GateRow.first(db, where: "proposal_id = \(bind: id)", orderBy: "position DESC"),
                      gate.outcome == GateOutcome.awaitingOwner.rawValue,
                      let proposal = try await ProposalRow.find(id, db) else {
                    throw AppError.conflict(field: "outcome", message: "no gate awaits the owner any more")
                }
                var decided = gate
                decided.outcome = outcome.rawValue
                decided.reason = reason
                decided.decidedBy = actor.personID
                decided.decidedAt = now
                try await decided.update(db, changedFrom: gate)
                let remaining = try await sql.raw("""
                    SELECT COUNT(*) AS n FROM investment_tranches WHERE proposal_id = \(bind: id) AND released_at IS NULL
                    """).first()?.decode(column: "n", as: Int.self) ?? 0
                var staged = proposal
                staged.stage = outcome.stage(tranchesRemainingAfter: remaining).rawValue
                // Recycled: back to rating, scored against the framework in force now.
                if outcome == .recycle, let inForce { staged.frameworkID = inForce }
                try await staged.update(db, changedFrom: proposal)
                return Recorded(id, EventDraft(
                    log: record.initiativeID, action: .gateDecided, objectID: gate.id,
                    change: [
                        "title": .string(record.title), "proposalId": .id(id), "gate": .int(gate.position), "outcome": .string(outcome.rawValue),
                        "reason": .string(reason),
                    ]))
            })
        return try await reader.dto(id)
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
}

/// A gate carried by its decision: passing (or advice adopted) releases the next tranche, split between the parties;
/// anything else leaves the gate awaiting the owner's kill, hold or recycle.
struct InvestmentGateChange: RatifiedChange, Codable {
    static let kind = "investmentGate"

    var gateId: UUID
    var proposalId: UUID
    var title: String
    var tranche: Int
    var amount: Money

    static func summary(payload: Data) -> String {
        guard let change = try? JSONDecoder().decode(Self.self, from: payload) else { return "Releases an investment tranche" }
        return "Releases tranche \(change.tranche) of “\(change.title)”: \(change.amount.formatted)."
    }

    static func apply(payload: Data, initiativeID: UUID, on db: any Database, at now: Date) async throws -> [EventDraft] {
        let change = try JSONDecoder().decode(Self.self, from: payload)
        let sql = db as! any SQLDatabase
        try await sql.raw("UPDATE investment_proposals SET updated_at = \(bind: now) WHERE id = \(bind: change.proposalId)").run()
        guard let gate = try await GateRow.find(change.gateId, db), gate.outcome == GateOutcome.pending.rawValue,
              let proposal = try await ProposalRow.find(change.proposalId, db), proposal.initiativeID == initiativeID,
              let tranche = try await TrancheRow.find(gate.trancheID, db), tranche.releasedAt == nil else {
            throw ValidationError(field: "gate", "is no longer waiting for this decision")
        }
        let pledges = try await PledgeRow.all(db, where: "proposal_id = \(bind: change.proposalId)", orderBy: "position")
        let paid = try await sql.raw("""
            SELECT organization_id, CAST(SUM(amount) AS BIGINT) AS paid FROM investment_releases WHERE proposal_id = \(bind: change.proposalId) GROUP BY organization_id
            """).all().reduce(into: [UUID: Int64]()) { result, row in
                result[try row.decode(column: "organization_id", as: UUID.self)] = try row.decode(column: "paid", as: Int64.self)
            }
        let shares = try TrancheSplit.split(
            tranche.amount, among: pledges.map { .init(id: $0.organizationID, remaining: $0.amount - (paid[$0.organizationID] ?? 0)) })
        let trancheID = tranche.id
        try await ReleaseRow.insert(shares.filter { $0.amount > 0 }.map { share in
            ReleaseRow(id: UUID(), trancheID: trancheID, proposalID: change.proposalId, organizationID: share.id, amount: share.amount, releasedAt: now)
        }, db)
        var released = tranche
        released.releasedAt = now
        try await released.update(db, changedFrom: tranche)
        var decided = gate
        decided.outcome = GateOutcome.go.rawValue
        decided.decidedAt = now
        try await decided.update(db, changedFrom: gate)
        let remaining = try await sql.raw("""
            SELECT COUNT(*) AS n FROM investment_tranches WHERE proposal_id = \(bind: change.proposalId) AND released_at IS NULL
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        var staged = proposal
        staged.stage = GateOutcome.go.stage(tranchesRemainingAfter: remaining).rawValue
        try await staged.update(db, changedFrom: proposal)
        let money = Money(amount: tranche.amount, currency: proposal.currency)
        return [
            EventDraft(
                log: initiativeID, action: .gateDecided, objectID: change.gateId,
                change: ["title": .string(proposal.title), "proposalId": .id(change.proposalId), "gate": .int(gate.position), "outcome": .string("go")]),
            EventDraft(
                log: initiativeID, action: .trancheReleased, objectID: trancheID,
                change: [
                    "title": .string(proposal.title), "proposalId": .id(change.proposalId), "tranche": .int(tranche.position),
                    "amount": .string(money.formatted), "amountMinor": .int(tranche.amount), "currency": .string(proposal.currency),
                    "shares": .object(Dictionary(shares.map { ($0.id.uuidString.lowercased(), JSONValue.int($0.amount)) }, uniquingKeysWith: { a, _ in a })),
                ]),
        ]
    }

    static func notApplied(payload: Data, decisionID: UUID, initiativeID: UUID, on db: any Database, at now: Date) async throws -> [EventDraft] {
        let change = try JSONDecoder().decode(Self.self, from: payload)
        guard let gate = try await GateRow.find(change.gateId, db), gate.outcome == GateOutcome.pending.rawValue else { return [] }
        var awaiting = gate
        awaiting.outcome = GateOutcome.awaitingOwner.rawValue
        try await awaiting.update(db, changedFrom: gate)
        return [EventDraft(
            log: initiativeID, action: .gateDecided, objectID: change.gateId,
            change: [
                "title": .string(change.title), "proposalId": .id(change.proposalId), "gate": .int(gate.position),
                "outcome": .string(GateOutcome.awaitingOwner.rawValue),
            ])]
    }
}

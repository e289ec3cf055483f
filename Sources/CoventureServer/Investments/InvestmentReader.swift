import CoventureCore
import Fluent
import Foundation
import SQLKit

/// The investment reads that pages and API share (issue #14): plain rows into plain records, and the DTOs built from
/// them with a fixed number of statements whatever the number of proposals, ratings or tranches.
struct InvestmentReader: Sendable {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    // MARK: Scoring frameworks

    /// Every version of the initiative's framework, newest first, with its criteria in order (two statements).
    func frameworks(_ initiativeID: UUID) async throws -> [ScoringFrameworkDTO] {
        let rows = try await sql.raw("""
            SELECT id, initiative_id, version, status, decision_id, proposed_by, created_at, decided_at FROM scoring_frameworks
            WHERE initiative_id = \(bind: initiativeID) ORDER BY version DESC
            """).all()
        return try await withCriteria(rows)
    }

    func framework(_ id: UUID) async throws -> ScoringFrameworkDTO? {
        let rows = try await sql.raw("""
            SELECT id, initiative_id, version, status, decision_id, proposed_by, created_at, decided_at FROM scoring_frameworks
            WHERE id = \(bind: id)
            """).all()
        return try await withCriteria(rows).first
    }

    func overview(_ initiativeID: UUID) async throws -> ScoringFrameworksDTO {
        let versions = try await frameworks(initiativeID)
        return ScoringFrameworksDTO(inForce: versions.first { $0.status == .ratified }, versions: versions)
    }

    /// The framework a proposal is scored against: the one its rating opened under, or (before anyone rated it) the
    /// one in force now; nil while none is.
    func frameworkID(of record: ProposalRecord) async throws -> UUID? {
        if let id = record.frameworkID { return id }
        return try await inForceID(record.initiativeID)
    }

    /// The id of the version in force, if any.
    func inForceID(_ initiativeID: UUID) async throws -> UUID? {
        try await sql.raw("""
            SELECT id FROM scoring_frameworks WHERE initiative_id = \(bind: initiativeID) AND status = \(bind: ScoringFrameworkStatus.ratified.rawValue)
            """).first()?.decode(column: "id", as: UUID.self)
    }

    private func withCriteria(_ rows: [any SQLRow]) async throws -> [ScoringFrameworkDTO] {
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
        let criteria = try await criteria(of: ids)
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return ScoringFrameworkDTO(
                id: id, initiativeId: try row.decode(column: "initiative_id", as: UUID.self), version: try row.decode(column: "version", as: Int.self),
                status: try Self.frameworkStatus(try row.decode(column: "status", as: String.self)), decisionId: try row.decode(column: "decision_id", as: UUID?.self),
                proposedBy: try row.decode(column: "proposed_by", as: UUID.self), createdAt: try row.decode(column: "created_at", as: Date.self),
                decidedAt: try row.decode(column: "decided_at", as: Date?.self), criteria: criteria[id] ?? [])
        }
    }

    static func frameworkStatus(_ stored: String) throws -> ScoringFrameworkStatus {
        guard let status = ScoringFrameworkStatus(rawValue: stored) else { throw StoredValueError(column: "scoring_frameworks.status", value: stored) }
        return status
    }

    /// Each framework's criteria, in their order.
    func criteria(of frameworkIDs: [UUID]) async throws -> [UUID: [CriterionDTO]] {
        let rows = try await SQLLists.rows(db, "framework_id", in: frameworkIDs) { inList in
            "SELECT id, framework_id, position, name, description, weight, scale_min, scale_max, decimals, direction FROM scoring_criteria WHERE \(inList)"
        }
        var result: [UUID: [(Int, CriterionDTO)]] = [:]
        for row in rows {
            let direction = try row.decode(column: "direction", as: String.self)
            guard let parsed = ScoreDirection(rawValue: direction) else { throw StoredValueError(column: "scoring_criteria.direction", value: direction) }
            let criterion = CriterionDTO(
                id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                description: try row.decode(column: "description", as: String.self), weight: try row.decode(column: "weight", as: Int.self),
                min: try row.decode(column: "scale_min", as: Double.self), max: try row.decode(column: "scale_max", as: Double.self),
                decimals: try row.decode(column: "decimals", as: Bool.self), direction: parsed)
            result[try row.decode(column: "framework_id", as: UUID.self), default: []].append((try row.decode(column: "position", as: Int.self), criterion))
        }
        return result.mapValues { $0.sorted { $0.0 < $1.0 }.map(\.1) }
    }

    // MARK: Proposals

    struct ProposalRecord: Sendable {
        var id: UUID
        var initiativeID: UUID
        var title: String
        var problem: String
        var hypothesis: String
        var ask: Money
        var workstreamID: UUID?
        var authorID: UUID
        var authorName: String
        var frameworkID: UUID?
        var stage: ProposalStage
        var createdAt: Date
        var updatedAt: Date
    }

    static let proposalColumns: SQLQueryString = """
        p.id, p.initiative_id, p.title, p.problem, p.hypothesis, p.ask_amount, p.currency, p.workstream_id, p.author_id,
        a.name AS author_name, p.framework_id, p.stage, p.created_at, p.updated_at
        FROM investment_proposals p JOIN people a ON a.id = p.author_id
        """

    static func record(_ row: any SQLRow) throws -> ProposalRecord {
        let stage = try row.decode(column: "stage", as: String.self)
        guard let parsed = ProposalStage(rawValue: stage) else { throw StoredValueError(column: "investment_proposals.stage", value: stage) }
        return ProposalRecord(
            id: try row.decode(column: "id", as: UUID.self), initiativeID: try row.decode(column: "initiative_id", as: UUID.self),
            title: try row.decode(column: "title", as: String.self), problem: try row.decode(column: "problem", as: String.self),
            hypothesis: try row.decode(column: "hypothesis", as: String.self),
            ask: Money(amount: try row.decode(column: "ask_amount", as: Int64.self), currency: try row.decode(column: "currency", as: String.self)),
            workstreamID: try row.decode(column: "workstream_id", as: UUID?.self), authorID: try row.decode(column: "author_id", as: UUID.self),
            authorName: try row.decode(column: "author_name", as: String.self), frameworkID: try row.decode(column: "framework_id", as: UUID?.self),
            stage: parsed, createdAt: try row.decode(column: "created_at", as: Date.self), updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    func record(_ id: UUID) async throws -> ProposalRecord {
        guard let row = try await sql.raw("SELECT \(Self.proposalColumns) WHERE p.id = \(bind: id)").first() else { throw AppError.notFound }
        return try Self.record(row)
    }

    /// The initiative's proposals, oldest first.
    func records(_ initiativeID: UUID) async throws -> [ProposalRecord] {
        try await sql.raw("SELECT \(Self.proposalColumns) WHERE p.initiative_id = \(bind: initiativeID) ORDER BY p.created_at, p.id")
            .all().map(Self.record)
    }

    /// The initiative's parties (organization id and name), the owner first: the order money is listed and split in.
    func parties(_ initiativeID: UUID) async throws -> [(id: UUID, name: String)] {
        try await sql.raw("""
            SELECT o.id, o.name FROM parties p JOIN organizations o ON o.id = p.organization_id
            WHERE p.initiative_id = \(bind: initiativeID)
            ORDER BY CASE WHEN p.kind = \(bind: PartyKind.owner.rawValue) THEN 0 ELSE 1 END, p.joined_at, o.id
            """).all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self)) }
    }

    /// Everything a proposal's DTO needs besides its row, for many proposals at once (a fixed number of statements).
    struct Details: Sendable {
        var pledges: [UUID: [(organizationID: UUID, amount: Int64)]] = [:]
        var tranches: [UUID: [TrancheRow]] = [:]
        var releases: [UUID: [(trancheID: UUID, organizationID: UUID, amount: Int64)]] = [:]
        var gates: [UUID: [GateDTO]] = [:]
        var ratings: [UUID: [RatingDTO]] = [:]
        var objectives: [UUID: [UUID]] = [:]
        var metrics: [UUID: [UUID]] = [:]
        var criteria: [UUID: [CriterionDTO]] = [:]
        var frameworkVersions: [UUID: Int] = [:]
    }

    struct TrancheRow: Sendable {
        var id: UUID
        var position: Int
        var amount: Int64
        var milestone: String
        var keyResultID: UUID?
        var releasedAt: Date?
    }

    func details(_ records: [ProposalRecord]) async throws -> Details {
        let ids = records.map(\.id)
        var details = Details()
        for row in try await SQLLists.rows(db, "proposal_id", in: ids, { "SELECT proposal_id, organization_id, amount, position FROM investment_pledges WHERE \($0) ORDER BY position" }) {
            details.pledges[try row.decode(column: "proposal_id", as: UUID.self), default: []]
                .append((try row.decode(column: "organization_id", as: UUID.self), try row.decode(column: "amount", as: Int64.self)))
        }
        for row in try await SQLLists.rows(db, "proposal_id", in: ids, {
            "SELECT id, proposal_id, position, amount, milestone, key_result_id, released_at FROM investment_tranches WHERE \($0) ORDER BY position"
        }) {
            details.tranches[try row.decode(column: "proposal_id", as: UUID.self), default: []].append(TrancheRow(
                id: try row.decode(column: "id", as: UUID.self), position: try row.decode(column: "position", as: Int.self),
                amount: try row.decode(column: "amount", as: Int64.self), milestone: try row.decode(column: "milestone", as: String.self),
                keyResultID: try row.decode(column: "key_result_id", as: UUID?.self), releasedAt: try row.decode(column: "released_at", as: Date?.self)))
        }
        for row in try await SQLLists.rows(db, "proposal_id", in: ids, { "SELECT proposal_id, tranche_id, organization_id, amount FROM investment_releases WHERE \($0)" }) {
            details.releases[try row.decode(column: "proposal_id", as: UUID.self), default: []].append((
                try row.decode(column: "tranche_id", as: UUID.self), try row.decode(column: "organization_id", as: UUID.self),
                try row.decode(column: "amount", as: Int64.self)))
        }
        for row in try await SQLLists.rows(db, "proposal_id", in: ids, {
            "SELECT id, proposal_id, position, tranche_id, decision_id, outcome, reason, decided_by, opened_at, decided_at FROM investment_gates WHERE \($0) ORDER BY position"
        }) {
            let outcome = try row.decode(column: "outcome", as: String.self)
            guard let parsed = GateOutcome(rawValue: outcome) else { throw StoredValueError(column: "investment_gates.outcome", value: outcome) }
            details.gates[try row.decode(column: "proposal_id", as: UUID.self), default: []].append(GateDTO(
                id: try row.decode(column: "id", as: UUID.self), position: try row.decode(column: "position", as: Int.self),
                trancheId: try row.decode(column: "tranche_id", as: UUID.self), decisionId: try row.decode(column: "decision_id", as: UUID.self),
                outcome: parsed, reason: try row.decode(column: "reason", as: String?.self), decidedBy: try row.decode(column: "decided_by", as: UUID?.self),
                openedAt: try row.decode(column: "opened_at", as: Date.self), decidedAt: try row.decode(column: "decided_at", as: Date?.self)))
        }
        for row in try await SQLLists.rows(db, "r.proposal_id", in: ids, {
            """
            SELECT r.id, r.proposal_id, r.criterion_id, r.person_id, pe.name, r.organization_id, r.value, r.comment, r.rated_at
            FROM investment_ratings r JOIN people pe ON pe.id = r.person_id WHERE \($0) AND r.is_current = \(bind: true) ORDER BY r.rated_at, r.id
            """
        }) {
            details.ratings[try row.decode(column: "proposal_id", as: UUID.self), default: []].append(RatingDTO(
                id: try row.decode(column: "id", as: UUID.self), criterionId: try row.decode(column: "criterion_id", as: UUID.self),
                personId: try row.decode(column: "person_id", as: UUID.self), personName: try row.decode(column: "name", as: String.self),
                organizationId: try row.decode(column: "organization_id", as: UUID.self), value: try row.decode(column: "value", as: Double.self),
                comment: try row.decode(column: "comment", as: String.self), ratedAt: try row.decode(column: "rated_at", as: Date.self)))
        }
        for row in try await SQLLists.rows(db, "proposal_id", in: ids, { "SELECT proposal_id, objective_id FROM investment_proposal_objectives WHERE \($0)" }) {
            details.objectives[try row.decode(column: "proposal_id", as: UUID.self), default: []].append(try row.decode(column: "objective_id", as: UUID.self))
        }
        for row in try await SQLLists.rows(db, "proposal_id", in: ids, { "SELECT proposal_id, metric_id FROM investment_proposal_metrics WHERE \($0)" }) {
            details.metrics[try row.decode(column: "proposal_id", as: UUID.self), default: []].append(try row.decode(column: "metric_id", as: UUID.self))
        }
        let frameworkIDs = Array(Set(records.compactMap(\.frameworkID)))
        details.criteria = try await criteria(of: frameworkIDs)
        for row in try await SQLLists.rows(db, "id", in: frameworkIDs, { "SELECT id, version FROM scoring_frameworks WHERE \($0)" }) {
            details.frameworkVersions[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "version", as: Int.self)
        }
        return details
    }

    func dtos(_ records: [ProposalRecord], parties: [(id: UUID, name: String)]) async throws -> [ProposalDTO] {
        let details = try await details(records)
        return records.map { Self.dto($0, details: details, parties: parties) }
    }

    func dto(_ id: UUID) async throws -> ProposalDTO {
        let record = try await record(id)
        return try await dtos([record], parties: try await parties(record.initiativeID))[0]
    }

    static func dto(_ record: ProposalRecord, details: Details, parties: [(id: UUID, name: String)]) -> ProposalDTO {
        let currency = record.ask.currency
        func money(_ amount: Int64) -> Money { Money(amount: amount, currency: currency) }
        let names = Dictionary(parties.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let releases = details.releases[record.id] ?? []
        let releasedBy = releases.reduce(into: [UUID: Int64]()) { $0[$1.organizationID, default: 0] += $1.amount }
        let released = releases.reduce(Int64(0)) { $0 + $1.amount }
        let funding = (details.pledges[record.id] ?? []).map { pledge in
            PledgeDTO(
                organizationId: pledge.organizationID, organizationName: names[pledge.organizationID] ?? "A former party",
                amount: money(pledge.amount), released: money(releasedBy[pledge.organizationID] ?? 0),
                remaining: money(pledge.amount - (releasedBy[pledge.organizationID] ?? 0)))
        }
        let releasesByTranche = Dictionary(grouping: releases, by: \.trancheID)
        let tranches = (details.tranches[record.id] ?? []).map { tranche in
            TrancheDTO(
                id: tranche.id, position: tranche.position, amount: money(tranche.amount), milestone: tranche.milestone,
                keyResultId: tranche.keyResultID, releasedAt: tranche.releasedAt,
                releases: (releasesByTranche[tranche.id] ?? []).map { ReleaseDTO(organizationId: $0.organizationID, amount: money($0.amount)) }
                    .sorted { a, b in (parties.firstIndex { $0.id == a.organizationId } ?? .max) < (parties.firstIndex { $0.id == b.organizationId } ?? .max) })
        }
        let ratings = details.ratings[record.id] ?? []
        let criteria = record.frameworkID.flatMap { details.criteria[$0] } ?? []
        var score: ScoreDTO?
        if !criteria.isEmpty {
            score = Self.score(criteria: criteria, ratings: ratings, parties: parties)
        }
        return ProposalDTO(
            id: record.id, initiativeId: record.initiativeID, title: record.title, problem: record.problem, hypothesis: record.hypothesis,
            ask: record.ask, released: money(released), remaining: money(record.ask.amount - released), funding: funding, tranches: tranches,
            gates: details.gates[record.id] ?? [], objectiveIds: (details.objectives[record.id] ?? []).sorted { $0.uuidString < $1.uuidString },
            metricIds: (details.metrics[record.id] ?? []).sorted { $0.uuidString < $1.uuidString },
            workstreamId: record.workstreamID, authorId: record.authorID, authorName: record.authorName, stage: record.stage,
            frameworkVersion: record.frameworkID.flatMap { details.frameworkVersions[$0] }, score: score,
            ratings: ratings.filter { rating in criteria.contains { $0.id == rating.criterionId } },
            createdAt: record.createdAt, updatedAt: record.updatedAt)
    }

    /// The Core score as the API shows it, parties in the initiative's order.
    static func score(criteria: [CriterionDTO], ratings: [RatingDTO], parties: [(id: UUID, name: String)]) -> ScoreDTO {
        let computed = ProposalScore.compute(
            criteria: criteria.map(\.criterion),
            ratings: ratings.map { CriterionRating(criterionID: $0.criterionId, raterID: $0.personId, partyID: $0.organizationId, value: $0.value) })
        let order = Dictionary(parties.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let names = Dictionary(parties.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let sortedParties = computed.partyScores.keys.sorted { (order[$0] ?? .max, $0.uuidString) < (order[$1] ?? .max, $1.uuidString) }
        return ScoreDTO(
            overall: computed.overall, spread: computed.partySpread.map { ScoreDTO.Range(min: $0.lowerBound, max: $0.upperBound) },
            parties: sortedParties.map { ScoreDTO.Party(organizationId: $0, organizationName: names[$0] ?? "A former party", score: computed.partyScores[$0]!) },
            criteria: zip(criteria, computed.criteria).map { criterion, scored in
                ScoreDTO.Criterion(
                    criterionId: criterion.id, name: criterion.name, weight: criterion.weight, ratings: scored.ratings, mean: scored.mean,
                    spread: scored.spread.map { ScoreDTO.Range(min: $0.lowerBound, max: $0.upperBound) },
                    partyMeans: scored.partyMeans.keys.sorted { (order[$0] ?? .max, $0.uuidString) < (order[$1] ?? .max, $1.uuidString) }
                        .map { ScoreDTO.PartyMean(organizationId: $0, mean: scored.partyMeans[$0]!) },
                    divergent: scored.divergent)
            },
            ratedCriteria: computed.ratedCriteria, raters: computed.raters)
    }

    // MARK: Portfolio

    enum PortfolioSort: String, CaseIterable, Sendable {
        case created, score, title, stage, ask
    }

    func portfolio(_ initiativeID: UUID, sort: PortfolioSort) async throws -> PortfolioDTO {
        let parties = try await parties(initiativeID)
        let proposals = try await dtos(try await records(initiativeID), parties: parties)
        return Self.portfolio(proposals, parties: parties, sort: sort)
    }

    static func portfolio(_ proposals: [ProposalDTO], parties: [(id: UUID, name: String)], sort: PortfolioSort) -> PortfolioDTO {
        let stageOrder = Dictionary(ProposalStage.allCases.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let sorted: [ProposalDTO]
        switch sort {
        case .created: sorted = proposals
        // Highest score first; unscored proposals last, in the order they were made.
        case .score: sorted = proposals.enumerated().sorted { a, b in
            switch (a.element.score?.overall, b.element.score?.overall) {
            case let (x?, y?) where x != y: return x > y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
        case .title: sorted = proposals.sorted { ($0.title.lowercased(), $0.id.uuidString) < ($1.title.lowercased(), $1.id.uuidString) }
        case .stage: sorted = proposals.enumerated().sorted { (stageOrder[$0.element.stage]!, $0.offset) < (stageOrder[$1.element.stage]!, $1.offset) }.map(\.element)
        case .ask: sorted = proposals.enumerated().sorted { a, b in
            (a.element.ask.currency, -a.element.ask.amount, a.offset) < (b.element.ask.currency, -b.element.ask.amount, b.offset)
        }.map(\.element)
        }
        let rows = sorted.map { proposal in
            PortfolioDTO.Row(
                id: proposal.id, title: proposal.title, stage: proposal.stage, score: proposal.score?.overall, scoreSpread: proposal.score?.spread,
                divergentCriteria: proposal.score?.criteria.filter(\.divergent).count ?? 0, ask: proposal.ask, released: proposal.released,
                remaining: proposal.remaining,
                parties: proposal.funding.map {
                    PortfolioDTO.PartyMoney(organizationId: $0.organizationId, organizationName: $0.organizationName, pledged: $0.amount,
                                            released: $0.released, remaining: $0.remaining)
                })
        }
        // Totals per currency (a killed proposal's unreleased pledges are no longer asked or remaining).
        var totals: [PortfolioDTO.Total] = []
        for currency in Set(proposals.map(\.ask.currency)).sorted() {
            let inCurrency = proposals.filter { $0.ask.currency == currency }
            func money(_ amount: Int64) -> Money { Money(amount: amount, currency: currency) }
            func live(_ proposal: ProposalDTO) -> Bool { proposal.stage != .killed }
            let asked = inCurrency.reduce(Int64(0)) { $0 + (live($1) ? $1.ask.amount : $1.released.amount) }
            let released = inCurrency.reduce(Int64(0)) { $0 + $1.released.amount }
            var byParty: [UUID: (pledged: Int64, released: Int64)] = [:]
            for proposal in inCurrency {
                for pledge in proposal.funding {
                    byParty[pledge.organizationId, default: (0, 0)].pledged += live(proposal) ? pledge.amount.amount : pledge.released.amount
                    byParty[pledge.organizationId, default: (0, 0)].released += pledge.released.amount
                }
            }
            let names = Dictionary(proposals.flatMap(\.funding).map { ($0.organizationId, $0.organizationName) }, uniquingKeysWith: { a, _ in a })
            let order = parties.map(\.id) + byParty.keys.filter { id in !parties.contains { $0.id == id } }.sorted { $0.uuidString < $1.uuidString }
            totals.append(PortfolioDTO.Total(
                currency: currency, asked: money(asked), released: money(released), remaining: money(asked - released),
                parties: order.compactMap { id in
                    byParty[id].map {
                        PortfolioDTO.PartyMoney(organizationId: id, organizationName: names[id] ?? "A former party", pledged: money($0.pledged),
                                                released: money($0.released), remaining: money($0.pledged - $0.released))
                    }
                }))
        }
        return PortfolioDTO(proposals: rows, totals: totals)
    }
}

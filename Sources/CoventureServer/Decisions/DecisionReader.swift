import CoventureCore
import Fluent
import Foundation
import SQLKit

/// The reads pages and API share: plain rows decoded column by column, DTOs built with a fixed number of statements
/// however many decisions a register lists.
package struct DecisionReader {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    // MARK: The initiative's parties and voters

    struct Party: Sendable, Equatable {
        var partyID: UUID
        var organizationID: UUID
        var name: String
        var isOwner: Bool
        var stake: Stake?
    }

    package struct Facts: Sendable {
        package var governance: GovernanceModel
        var parties: [Party]
        var owner: Party? { parties.first(where: \.isOwner) }
        var hasPartners: Bool { parties.contains { !$0.isOwner } }
        func party(ofOrganization id: UUID) -> Party? { parties.first { $0.organizationID == id } }
    }

    package func facts(_ initiativeID: UUID) async throws -> Facts {
        guard let row = try await sql.raw("SELECT governance FROM initiatives WHERE id = \(bind: initiativeID)").first() else {
            throw AppError.notFound
        }
        let governance = try GovernanceModel(stored: try row.decode(column: "governance", as: String.self), column: "initiatives.governance")
        let parties = try await sql.raw("""
            SELECT p.id, p.organization_id, p.kind, p.stake_bp, o.name FROM parties p
            JOIN organizations o ON o.id = p.organization_id WHERE p.initiative_id = \(bind: initiativeID) ORDER BY CASE WHEN p.kind = \(bind: PartyKind.owner.rawValue) THEN 0 ELSE 1 END, o.name, p.id
            """).all().map { row in
                Party(
                    partyID: try row.decode(column: "id", as: UUID.self), organizationID: try row.decode(column: "organization_id", as: UUID.self),
                    name: try row.decode(column: "name", as: String.self),
                    isOwner: try row.decode(column: "kind", as: String.self) == PartyKind.owner.rawValue,
                    stake: try row.decode(column: "stake_bp", as: Int?.self).map(Stake.init(basisPoints:)))
            }
        return Facts(governance: governance, parties: parties)
    }

    /// Every member who may vote under `voters`, with their organization (the party they vote for).
    package func voters(_ initiativeID: UUID) async throws -> [DecisionVoters: [UUID: UUID]] {
        var result: [DecisionVoters: [UUID: UUID]] = [.members: [:], .partyAdmins: [:]]
        for row in try await sql.raw("""
            SELECT m.person_id, m.role, p.organization_id FROM members m JOIN parties p ON p.id = m.party_id
            WHERE m.initiative_id = \(bind: initiativeID)
            """).all() {
            let role = try MemberRole(stored: try row.decode(column: "role", as: String.self), column: "members.role")
            let person = try row.decode(column: "person_id", as: UUID.self)
            let organization = try row.decode(column: "organization_id", as: UUID.self)
            if role != .observer { result[.members]?[person] = organization }
            if role == .admin { result[.partyAdmins]?[person] = organization }
        }
        return result
    }

    package static func electorate(voters: [UUID: UUID], facts: Facts, stakes: [UUID: Stake]) -> Electorate {
        Electorate(
            voters: voters, parties: facts.parties.map(\.organizationID), ownerPartyID: facts.owner?.organizationID ?? UUID(),
            stakes: stakes)
    }

    // MARK: Types

    package func types(_ initiativeID: UUID) async throws -> [DecisionTypeDTO] {
        try await DecisionTypeRow.all(db, where: "initiative_id = \(bind: initiativeID)", orderBy: "is_default DESC, reserved, name, id")
            .map { try $0.dto }
    }

    func type(_ id: UUID) async throws -> DecisionTypeDTO? {
        try await DecisionTypeRow.find(id, db)?.dto
    }

    // MARK: Decisions

    /// A decision row, as plain values.
    struct DecisionRecord: Sendable {
        var id: UUID
        var initiativeID: UUID
        var typeID: UUID
        var typeName: String
        var workstreamID: UUID?
        var supersedesID: UUID?
        var authorID: UUID
        var authorName: String
        var title: String
        var proposal: String
        var status: DecisionStatus
        var version: Int
        var rules: DecisionRules
        var stakes: [UUID: Stake]
        var closesAt: Date?
        var openedAt: Date?
        var closedAt: Date?
        var number: Int?
        var result: DecisionResult?
        var adopted: Bool?
        var statement: String?
        var rationale: String?
        var reviewOn: String?
        var sealedTally: TallyDTO?
        var changeKind: String?
        var changePayload: String?
        var changeState: String?
        var changeNote: String?
        var deadlockSince: Date?
        var createdAt: Date

        var isSealed: Bool { number != nil }
        /// Votes and tally hidden from everyone while the decision is open.
        var hidesVotes: Bool { rules.hiddenUntilClosed && status != .closed && status != .withdrawn }
        var awaitingOutcome: Bool { status == .closed && result == nil }
    }

    static let decisionColumns: SQLQueryString = """
        d.id, d.initiative_id, d.type_id, t.name AS type_name, d.workstream_id, d.supersedes_id, d.author_id, a.name AS author_name,
        d.title, d.proposal, d.status, d.version, d.rules, d.stakes, d.closes_at, d.opened_at, d.closed_at, d.number, d.result,
        d.adopted, d.statement, d.rationale, d.review_on, d.sealed_tally, d.change_kind, d.change_payload, d.change_state,
        d.change_note, d.deadlock_since, d.created_at
        FROM decisions d JOIN decision_types t ON t.id = d.type_id JOIN people a ON a.id = d.author_id
        """

    static func record(_ row: any SQLRow) throws -> DecisionRecord {
        let decoder = JSONDecoder()
        let rules = try DecisionRules(stored: try row.decode(column: "rules", as: String.self))
        let stakes = try row.decode(column: "stakes", as: String?.self).flatMap { text in
            try? decoder.decode([String: Int].self, from: Data(text.utf8))
        }?.reduce(into: [UUID: Stake]()) { result, entry in
            if let id = UUID(uuidString: entry.key) { result[id] = Stake(basisPoints: entry.value) }
        } ?? [:]
        let tallyDecoder = JSONDecoder()
        let sealed = try row.decode(column: "sealed_tally", as: String?.self).flatMap { try? tallyDecoder.decode(TallyDTO.self, from: Data($0.utf8)) }
        return DecisionRecord(
            id: try row.decode(column: "id", as: UUID.self), initiativeID: try row.decode(column: "initiative_id", as: UUID.self),
            typeID: try row.decode(column: "type_id", as: UUID.self), typeName: try row.decode(column: "type_name", as: String.self),
            workstreamID: try row.decode(column: "workstream_id", as: UUID?.self),
            supersedesID: try row.decode(column: "supersedes_id", as: UUID?.self),
            authorID: try row.decode(column: "author_id", as: UUID.self), authorName: try row.decode(column: "author_name", as: String.self),
            title: try row.decode(column: "title", as: String.self), proposal: try row.decode(column: "proposal", as: String.self),
            status: try DecisionStatus(stored: try row.decode(column: "status", as: String.self), column: "decisions.status"),
            version: try row.decode(column: "version", as: Int.self), rules: rules, stakes: stakes,
            closesAt: try row.decode(column: "closes_at", as: Date?.self), openedAt: try row.decode(column: "opened_at", as: Date?.self),
            closedAt: try row.decode(column: "closed_at", as: Date?.self), number: try row.decode(column: "number", as: Int?.self),
            result: try row.decode(column: "result", as: String?.self).map { try DecisionResult(stored: $0, column: "decisions.result") },
            adopted: try row.decode(column: "adopted", as: Bool?.self), statement: try row.decode(column: "statement", as: String?.self),
            rationale: try row.decode(column: "rationale", as: String?.self), reviewOn: try row.decode(column: "review_on", as: String?.self),
            sealedTally: sealed, changeKind: try row.decode(column: "change_kind", as: String?.self),
            changePayload: try row.decode(column: "change_payload", as: String?.self),
            changeState: try row.decode(column: "change_state", as: String?.self),
            changeNote: try row.decode(column: "change_note", as: String?.self),
            deadlockSince: try row.decode(column: "deadlock_since", as: Date?.self), createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    func record(_ id: UUID) async throws -> DecisionRecord {
        guard let row = try await sql.raw("SELECT \(Self.decisionColumns) WHERE d.id = \(bind: id)").first() else { throw AppError.notFound }
        return try Self.record(row)
    }

    /// The register's filters. `party` is the organization of the decision's author.
    struct Filter: Sendable, Equatable {
        var status: DecisionStatus?
        var typeID: UUID?
        var workstreamID: UUID?
        var partyOrganizationID: UUID?
        var text: String?
    }

    /// The register, newest first: sealed decisions by number, then the rest by creation.
    func records(_ initiativeID: UUID, filter: Filter = Filter()) async throws -> [DecisionRecord] {
        var conditions: [SQLQueryString] = ["d.initiative_id = \(bind: initiativeID)"]
        if let status = filter.status { conditions.append("d.status = \(bind: status.rawValue)") }
        if let type = filter.typeID { conditions.append("d.type_id = \(bind: type)") }
        if let stream = filter.workstreamID { conditions.append("d.workstream_id = \(bind: stream)") }
        if let party = filter.partyOrganizationID { conditions.append("a.organization_id = \(bind: party)") }
        if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let pattern = "%" + text.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
            conditions.append("(LOWER(d.title) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(d.proposal) LIKE \(bind: pattern) ESCAPE '\\')")
        }
        let whereClause = conditions.joined(separator: " AND ")
        return try await sql.raw("""
            SELECT \(Self.decisionColumns) WHERE \(whereClause)
            ORDER BY CASE WHEN d.number IS NULL THEN 0 ELSE 1 END, d.number DESC, d.created_at DESC, d.id
            """).all().map(Self.record(_:))
    }

    // MARK: Votes

    struct VoteRecord: Sendable {
        var id: UUID
        var decisionID: UUID
        var personID: UUID
        var personName: String
        var organizationID: UUID
        var organizationName: String
        var position: DecisionPosition
        var reason: String?
        var version: Int
        var isCurrent: Bool
        var nonce: String
        var answer: String?
        var castAt: Date
    }

    static let voteColumns: SQLQueryString = """
        v.id, v.decision_id, v.person_id, p.name AS person_name, v.organization_id, o.name AS organization_name, v.position,
        v.reason, v.version, v.is_current, v.nonce, v.answer, v.cast_at
        FROM decision_votes v JOIN people p ON p.id = v.person_id JOIN organizations o ON o.id = v.organization_id
        """

    /// One vote, by its id.
    func vote(_ id: UUID) async throws -> VoteRecord? {
        try await sql.raw("SELECT \(Self.voteColumns) WHERE v.id = \(bind: id)").first().map(Self.vote(_:))
    }

    /// Every vote of the decisions, oldest first (current ones only when `currentOnly`).
    func votes(of decisionIDs: some Collection<UUID>, currentOnly: Bool) async throws -> [VoteRecord] {
        let current: SQLQueryString = currentOnly ? " AND v.is_current = \(bind: true)" : ""
        return try await SQLLists.rows(db, "v.decision_id", in: decisionIDs) { inList in """
            SELECT \(Self.voteColumns) WHERE \(inList)\(current) ORDER BY v.cast_at, v.id
            """ }.map(Self.vote(_:))
    }

    static func vote(_ row: any SQLRow) throws -> VoteRecord {
        VoteRecord(
            id: try row.decode(column: "id", as: UUID.self), decisionID: try row.decode(column: "decision_id", as: UUID.self),
            personID: try row.decode(column: "person_id", as: UUID.self), personName: try row.decode(column: "person_name", as: String.self),
            organizationID: try row.decode(column: "organization_id", as: UUID.self),
            organizationName: try row.decode(column: "organization_name", as: String.self),
            position: try DecisionPosition(stored: try row.decode(column: "position", as: String.self), column: "decision_votes.position"),
            reason: try row.decode(column: "reason", as: String?.self), version: try row.decode(column: "version", as: Int.self),
            isCurrent: try row.decode(column: "is_current", as: Bool.self), nonce: try row.decode(column: "nonce", as: String.self),
            answer: try row.decode(column: "answer", as: String?.self), castAt: try row.decode(column: "cast_at", as: Date.self))
    }

    // MARK: Escalation

    func ladder(_ initiativeID: UUID) async throws -> EscalationLadder {
        guard let row = try await sql.raw("SELECT steps FROM escalation_ladders WHERE initiative_id = \(bind: initiativeID)").first() else {
            return .standard
        }
        let text = try row.decode(column: "steps", as: String.self)
        guard let steps = try? JSONDecoder().decode([EscalationStep].self, from: Data(text.utf8)) else {
            throw StoredValueError(column: "escalation_ladders.steps", value: text)
        }
        return EscalationLadder(steps: steps)
    }

    /// Deadlocked decisions not yet proposed again, with where they stand on the ladder (the overview shows them).
    func deadlocks(_ initiativeID: UUID, now: Date) async throws -> [(record: DecisionRecord, position: DeadlockPosition)] {
        let records = try await sql.raw("""
            SELECT \(Self.decisionColumns) WHERE d.initiative_id = \(bind: initiativeID) AND d.deadlock_since IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM decisions s WHERE s.supersedes_id = d.id AND s.status <> \(bind: DecisionStatus.withdrawn.rawValue))
            ORDER BY d.deadlock_since, d.id
            """).all().map(Self.record(_:))
        // Read whether or not there is a deadlock: the overview issues the same statements either way.
        let ladder = try await ladder(initiativeID)
        return records.compactMap { record in
            record.deadlockSince.flatMap { Deadlock.position(on: ladder, since: $0, now: now) }.map { (record, $0) }
        }
    }

    // MARK: DTOs

    /// The DTOs of several decisions of one initiative, with a fixed number of statements.
    func dtos(_ records: [DecisionRecord], initiativeID: UUID, now: Date) async throws -> [DecisionDTO] {
        guard !records.isEmpty else { return [] }
        let facts = try await facts(initiativeID)
        let voters = try await voters(initiativeID)
        let ballots = try await votes(of: records.filter { !$0.isSealed && !$0.hidesVotes }.map(\.id), currentOnly: true)
        let byDecision = Dictionary(grouping: ballots, by: \.decisionID)
        let ladder = try await ladder(initiativeID)
        let deadlocked = records.filter { $0.deadlockSince != nil }.map(\.id)
        let superseded = Set(try await SQLLists.rows(db, "supersedes_id", in: deadlocked) { inList in
            "SELECT supersedes_id FROM decisions WHERE \(inList) AND status <> \(bind: DecisionStatus.withdrawn.rawValue)"
        }.map { try $0.decode(column: "supersedes_id", as: UUID.self) })
        return records.map { record in
            var tally: TallyDTO?
            if let sealed = record.sealedTally {
                tally = sealed
            } else if !record.hidesVotes && record.status != .draft {
                tally = Self.tallyDTO(
                    ballots: (byDecision[record.id] ?? []).map { Ballot(personID: $0.personID, partyID: $0.organizationID, position: $0.position) },
                    electorate: Self.electorate(voters: voters[record.rules.voters] ?? [:], facts: facts, stakes: record.stakes),
                    rules: record.rules, facts: facts)
            }
            var deadlock: DeadlockDTO?
            if let since = record.deadlockSince, !superseded.contains(record.id),
               let position = Deadlock.position(on: ladder, since: since, now: now) {
                deadlock = DeadlockDTO(step: position.step, stepName: position.name, upSince: position.upSince, people: position.people)
            }
            return Self.dto(record, tally: tally, deadlock: deadlock)
        }
    }

    static func dto(_ record: DecisionRecord, tally: TallyDTO?, deadlock: DeadlockDTO?) -> DecisionDTO {
        let outcome = record.result.map {
            OutcomeDTO(result: $0, adopted: record.adopted, statement: record.statement, rationale: record.rationale, reviewOn: record.reviewOn)
        }
        let change = record.changeKind.map { kind in
            ProposedChangeDTO(
                kind: kind, summary: RatifiedChanges.summary(kind: kind, payload: record.changePayload ?? ""),
                state: record.changeState ?? "proposed", note: record.changeNote)
        }
        return DecisionDTO(
            id: record.id, initiativeId: record.initiativeID, number: record.number.map(DecisionNumber.format), title: record.title,
            proposal: record.proposal, typeId: record.typeID, typeName: record.typeName, method: record.rules.method, status: record.status,
            version: record.version, closesAt: record.closesAt, openedAt: record.openedAt, closedAt: record.closedAt,
            authorId: record.authorID, authorName: record.authorName, workstreamId: record.workstreamID, supersedesId: record.supersedesID,
            tally: tally, outcome: outcome, deadlock: deadlock, change: change, awaitingOutcome: record.awaitingOutcome,
            createdAt: record.createdAt)
    }

    package static func tallyDTO(ballots: [Ballot], electorate: Electorate, rules: DecisionRules, facts: Facts) -> TallyDTO {
        let tally = DecisionCount.tally(ballots, electorate: electorate, rules: rules)
        func counts(_ positions: [DecisionPosition: Int]) -> [String: Int] {
            rules.method.positions.reduce(into: [String: Int]()) { $0[$1.rawValue] = positions[$1] ?? 0 }
        }
        return TallyDTO(
            positions: counts(tally.positions),
            byParty: facts.parties.map { party in
                TallyDTO.Party(
                    partyId: party.partyID, organizationId: party.organizationID, organizationName: party.name,
                    positions: counts(tally.byParty[party.organizationID] ?? [:]))
            },
            eligible: tally.eligible, voted: tally.voted, quorumMet: tally.quorumMet,
            weighted: tally.weighted.map { TallyDTO.Weighted(yes: ($0.yes * 100).rounded() / 100, no: ($0.no * 100).rounded() / 100) })
    }

    func voteDTOs(_ votes: [VoteRecord], sealed: Bool, hidden: Bool) -> [VoteDTO] {
        votes.map { vote in
            VoteDTO(
                id: vote.id, decisionId: vote.decisionID, personId: vote.personID, personName: vote.personName,
                organizationId: vote.organizationID, organizationName: vote.organizationName, position: vote.position, reason: vote.reason,
                version: vote.version, current: vote.isCurrent, castAt: vote.castAt, answer: vote.answer,
                nonce: hidden && sealed ? vote.nonce : nil)
        }
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database) {
        self.db = db
    }
}

extension DecisionRules {
    /// The rules a decision froze when it opened, as `decisions.rules` keeps them (JSON), or `StoredValueError`.
    init(stored text: String) throws {
        guard let rules = try? JSONDecoder().decode(DecisionRules.self, from: Data(text.utf8)) else {
            throw StoredValueError(column: "decisions.rules", value: text)
        }
        self = rules
    }
}

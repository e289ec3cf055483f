import CoventureCore
import Fluent
import Foundation
import SQLKit

/// The pulse's reads, shared by pages and API: plain rows, a fixed number of statements whatever the number of rounds
/// and answers. Answers are only ever read as aggregates per round and party (and comments ordered by their text),
/// never one by one in the order they came: nothing read here tells who answered when.
package struct PulseReader: Sendable {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// A round as the pages and the API read it: its row.
    package typealias RoundRecord = PulseRoundRow

    struct Comment: Sendable, Equatable {
        var roundID: UUID
        var partyID: UUID
        var text: String
    }

    /// The cadence in weeks (the default when none was set).
    func cadenceWeeks(_ initiativeID: UUID) async throws -> Int {
        try await PulseSettingsRow.first(db, where: "initiative_id = \(bind: initiativeID)")?.cadenceWeeks ?? PulseRules.defaultCadenceWeeks
    }

    /// The initiative's rounds, oldest first.
    func rounds(_ initiativeID: UUID) async throws -> [RoundRecord] {
        try await PulseRoundRow.all(db, where: "initiative_id = \(bind: initiativeID)", orderBy: "number")
    }

    /// One round, or 404.
    func round(_ id: UUID) async throws -> RoundRecord {
        guard let round = try await PulseRoundRow.find(id, db) else { throw AppError.notFound }
        return round
    }

    /// Every party's figures in every round, hidden under the threshold: one `GROUP BY`, the only way answers are read.
    /// (PostgreSQL's SUM of a BIGINT is NUMERIC: cast back, as the investments' release sums are.)
    func figures(_ initiativeID: UUID) async throws -> [UUID: [UUID: PulsePartyFigures]] {
        let rows = try await sql.raw("""
            SELECT round_id, party_id, COUNT(*) AS answers, CAST(SUM(trust) AS BIGINT) AS trust, CAST(SUM(transparency) AS BIGINT) AS transparency,
                CAST(SUM(value_alignment) AS BIGINT) AS value_alignment
            FROM pulse_answers WHERE initiative_id = \(bind: initiativeID) GROUP BY round_id, party_id
            """).all()
        var figures: [UUID: [UUID: PulsePartyFigures]] = [:]
        for row in rows {
            let party = try row.decode(column: "party_id", as: UUID.self)
            let sums = PulseScores(
                trust: try row.decode(column: "trust", as: Int.self), transparency: try row.decode(column: "transparency", as: Int.self),
                valueAlignment: try row.decode(column: "value_alignment", as: Int.self))
            figures[try row.decode(column: "round_id", as: UUID.self), default: [:]][party] = PulseAggregate.figures(
                partyID: party, answers: try row.decode(column: "answers", as: Int.self), sums: sums)
        }
        return figures
    }

    /// The comments, ordered by round, party and text (never by when they were written). Whether a party's comments
    /// may be shown is the caller's to decide with its figures.
    func comments(_ initiativeID: UUID) async throws -> [Comment] {
        try await sql.raw("""
            SELECT round_id, party_id, comment FROM pulse_answers
            WHERE initiative_id = \(bind: initiativeID) AND comment <> ''
            ORDER BY round_id, party_id, comment
            """).all().map {
                Comment(roundID: try $0.decode(column: "round_id", as: UUID.self), partyID: try $0.decode(column: "party_id", as: UUID.self),
                        text: try $0.decode(column: "comment", as: String.self))
            }
    }

    /// The rounds of the initiative the person answered.
    func answered(by personID: UUID, in initiativeID: UUID) async throws -> Set<UUID> {
        Set(try await sql.raw("""
            SELECT x.round_id FROM pulse_participations x JOIN pulse_rounds r ON r.id = x.round_id
            WHERE r.initiative_id = \(bind: initiativeID) AND x.person_id = \(bind: personID)
            """).all().map { try $0.decode(column: "round_id", as: UUID.self) })
    }

    /// The initiative's parties: id, organization and its name, in the order the initiative lists them.
    func parties(_ initiativeID: UUID) async throws -> [PulsePartyName] {
        try await sql.raw("""
            SELECT p.id, p.organization_id, o.name FROM parties p JOIN organizations o ON o.id = p.organization_id
            WHERE p.initiative_id = \(bind: initiativeID) ORDER BY p.joined_at, p.id
            """).all().map {
                PulsePartyName(id: try $0.decode(column: "id", as: UUID.self), organizationID: try $0.decode(column: "organization_id", as: UUID.self),
                               name: try $0.decode(column: "name", as: String.self))
            }
    }
}

struct PulsePartyName: Sendable, Equatable {
    var id: UUID
    var organizationID: UUID
    var name: String
}

extension PulseReader {
    /// Everything the pulse page and `GET …/pulse` show, in six statements.
    struct Overview: Sendable {
        var cadenceWeeks: Int
        var rounds: [RoundRecord]
        var parties: [PulsePartyName]
        var figures: [UUID: [UUID: PulsePartyFigures]]
        var comments: [Comment]
        var answered: Set<UUID>
        var initiativeCreatedAt: Date

        /// Each party's figures in a round, every party listed (none answered: 0, hidden).
        func figures(of round: UUID) -> [PulsePartyFigures] {
            parties.map {
                figures[round]?[$0.id] ?? PulsePartyFigures(partyID: $0.id, answers: 0, trust: nil, transparency: nil, valueAlignment: nil)
            }
        }

        var openRound: RoundRecord? { rounds.last(where: \.isOpen) }
        var latestClosed: RoundRecord? { rounds.last(where: { !$0.isOpen }) }

        /// The divergences of the latest closed round (what the overview flags).
        var divergences: [PulseDivergence] { latestClosed.map { PulseAggregate.divergences(figures(of: $0.id)) } ?? [] }

        /// Comments of parties whose figures are shown in that round.
        func shownComments(of round: UUID) -> [Comment] {
            let answers = Dictionary(uniqueKeysWithValues: figures(of: round).map { ($0.partyID, $0.answers) })
            return comments.filter { $0.roundID == round && PulseAggregate.showsComments(answers: answers[$0.partyID] ?? 0) }
        }

        var nextOpening: Date? {
            openRound == nil
                ? PulseSchedule.nextOpening(lastOpenedAt: rounds.last?.openedAt, since: initiativeCreatedAt, cadenceWeeks: cadenceWeeks) : nil
        }
    }

    func overview(_ initiativeID: UUID, personID: UUID) async throws -> Overview {
        guard let created = try await sql.raw("SELECT created_at FROM initiatives WHERE id = \(bind: initiativeID)").first() else {
            throw AppError.notFound
        }
        return Overview(
            cadenceWeeks: try await cadenceWeeks(initiativeID), rounds: try await rounds(initiativeID), parties: try await parties(initiativeID),
            figures: try await figures(initiativeID), comments: try await comments(initiativeID),
            answered: try await answered(by: personID, in: initiativeID),
            initiativeCreatedAt: try created.decode(column: "created_at", as: Date.self))
    }

    /// Only what the overview page flags: the latest closed round's figures per party and their divergences, in one
    /// statement whatever the number of rounds and answers (nil without a closed round with answers).
    func divergenceFlag(_ initiativeID: UUID) async throws -> PulseDivergenceFlag? {
        let rows = try await sql.raw("""
            SELECT r.number, a.party_id, COUNT(*) AS answers, CAST(SUM(a.trust) AS BIGINT) AS trust,
                CAST(SUM(a.transparency) AS BIGINT) AS transparency, CAST(SUM(a.value_alignment) AS BIGINT) AS value_alignment
            FROM pulse_rounds r JOIN pulse_answers a ON a.initiative_id = r.initiative_id AND a.round_id = r.id
            WHERE r.initiative_id = \(bind: initiativeID) AND r.id = (
                SELECT l.id FROM pulse_rounds l WHERE l.initiative_id = \(bind: initiativeID) AND l.closed_at IS NOT NULL
                ORDER BY l.number DESC LIMIT 1)
            GROUP BY r.number, a.party_id
            """).all()
        guard let first = rows.first else { return nil }
        let figures = try rows.map { row in
            PulseAggregate.figures(
                partyID: try row.decode(column: "party_id", as: UUID.self), answers: try row.decode(column: "answers", as: Int.self),
                sums: PulseScores(
                    trust: try row.decode(column: "trust", as: Int.self), transparency: try row.decode(column: "transparency", as: Int.self),
                    valueAlignment: try row.decode(column: "value_alignment", as: Int.self)))
        }
        return PulseDivergenceFlag(round: try first.decode(column: "number", as: Int.self), divergences: PulseAggregate.divergences(figures))
    }
}

/// What the initiative's overview flags: two parties a point or more apart in the latest closed round.
struct PulseDivergenceFlag: Sendable {
    var round: Int
    var divergences: [PulseDivergence]
}

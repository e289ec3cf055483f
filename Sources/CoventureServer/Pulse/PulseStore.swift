import CoventureCore
import Fluent
import Foundation
import SQLKit

/// The pulse (issue #15): its settings, its rounds and the answers, every change through the recorder with its event
/// on the initiative's log. An answer is written as two rows that nothing joins — the answer with its party, and the
/// person's participation — and its event names the party, not the person (`EventDraft.partyOnly`).
package struct PulseStore: RecordingStore {
    let db: any Database
    let recorder: Recorder

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
    var reader: PulseReader { PulseReader(db: db) }
    var sql: any SQLDatabase { db as! any SQLDatabase }

    // MARK: Reads

    func settings(_ initiativeID: UUID, personID: UUID) async throws -> PulseSettingsDTO {
        let overview = try await reader.overview(initiativeID, personID: personID)
        return PulseSettingsDTO(initiativeId: initiativeID, cadenceWeeks: overview.cadenceWeeks, nextRoundAt: overview.nextOpening)
    }

    func rounds(_ initiativeID: UUID, personID: UUID) async throws -> [PulseRoundDTO] {
        let overview = try await reader.overview(initiativeID, personID: personID)
        return overview.rounds.reversed().map(overview.roundDTO)
    }

    func round(_ roundID: UUID, personID: UUID) async throws -> PulseRoundDTO {
        let round = try await reader.round(roundID)
        let overview = try await reader.overview(round.initiativeID, personID: personID)
        return overview.roundDTO(round)
    }

    func pulse(_ initiativeID: UUID, personID: UUID) async throws -> PulseDTO {
        try await reader.overview(initiativeID, personID: personID).dto(initiativeID: initiativeID)
    }

    /// The round, once the caller is known to be a member of its initiative (a missing one looks the same: 404).
    func readable(_ roundID: UUID, by actor: Actor) async throws -> PulseReader.RoundRecord {
        let round = try await reader.round(roundID)
        try await Policy.authorize(.initiative(round.initiativeID, .read), actor: actor, on: db)
        return round
    }

    // MARK: Settings

    func changeSettings(_ initiativeID: UUID, _ request: PulseSettingsRequest, by actor: Actor) async throws -> PulseSettingsDTO {
        let now = recorder.now()
        try await recorder.record(
            .initiative(initiativeID, .managePulse), by: actor,
            validate: { try PulseRules.cadence(request.cadenceWeeks.map(String.init)) },
            apply: { db, weeks in
                if let existing = try await PulseSettingsRow.first(db, where: "initiative_id = \(bind: initiativeID)") {
                    var changed = existing
                    changed.cadenceWeeks = weeks
                    changed.changedAt = now
                    try await changed.update(db, changedFrom: existing)
                } else {
                    try await PulseSettingsRow(id: UUID(), initiativeID: initiativeID, cadenceWeeks: weeks, changedAt: now).insert(db)
                }
                return Recorded((), EventDraft(
                    log: initiativeID, action: .pulseSettingsChanged, objectID: initiativeID, change: ["cadenceWeeks": .int(Int64(weeks))]))
            })
        return try await settings(initiativeID, personID: actor.personID ?? UUID())
    }

    // MARK: Rounds

    /// Opens a round: by hand (a party's admin), or by the server on the cadence. One round is open at a time: 409.
    @discardableResult
    package func open(_ initiativeID: UUID, by actor: Actor, byHand: Bool = true) async throws -> PulseReader.RoundRecord {
        let permission: Permission = actor.personID == nil ? .operatorOnly : .initiative(initiativeID, .managePulse)
        let now = recorder.now()
        return try await recorder.record(
            permission, by: actor, validate: {},
            apply: { db, _ in
                let sql = db as! any SQLDatabase
                if let open = try await sql.raw("""
                    SELECT number FROM pulse_rounds WHERE initiative_id = \(bind: initiativeID) AND closed_at IS NULL
                    """).first() {
                    throw AppError.conflict(
                        field: "round", message: "pulse round \(try open.decode(column: "number", as: Int.self)) is still open; it closes after \(PulseRules.roundDays) days")
                }
                let last = try await sql.raw("SELECT MAX(number) AS n FROM pulse_rounds WHERE initiative_id = \(bind: initiativeID)").first()
                let number = (try last?.decode(column: "n", as: Int?.self) ?? 0) + 1
                let round = PulseRoundRow(
                    id: UUID(), initiativeID: initiativeID, number: number, openedAt: now, closesAt: PulseSchedule.closesAt(openedAt: now),
                    closedAt: nil, openedByHand: byHand)
                // The unique (initiative, number) makes a racing second opening lose with 409.
                try await round.insert(db)
                let record = PulseReader.RoundRecord(
                    id: round.id, initiativeID: initiativeID, number: number, openedAt: now, closesAt: round.closesAt, closedAt: nil,
                    openedByHand: byHand)
                let closesOn = CalendarDate(round.closesAt, in: TimeZone(identifier: "UTC")!).description
                return Recorded(record, EventDraft(
                    log: initiativeID, action: .pulseRoundOpened, objectID: record.id,
                    change: ["round": .int(Int64(number)), "closesOn": .string(closesOn), "byHand": .bool(byHand)]))
            })
    }

    /// Closes a round as the server, once its days are over; false when it was closed meanwhile.
    @discardableResult
    package func close(_ roundID: UUID) async throws -> Bool {
        let now = recorder.now()
        do {
            try await recorder.record(
                .operatorOnly, by: .operator, validate: {},
                apply: { db, _ in
                    let round = try await Self.locked(roundID, on: db)
                    guard round.isOpen else { throw AppError.conflict(field: "round", message: "pulse round \(round.number) is already closed") }
                    guard PulseSchedule.closesNow(closesAt: round.closesAt, now: now) else {
                        throw AppError.conflict(field: "round", message: "pulse round \(round.number) is open until its seventh day")
                    }
                    let sql = db as! any SQLDatabase
                    try await sql.raw("UPDATE pulse_rounds SET closed_at = \(bind: now) WHERE id = \(bind: roundID)").run()
                    try await Self.reshuffle(roundID, on: db)
                    let answers = try await sql.raw("SELECT COUNT(*) AS n FROM pulse_answers WHERE round_id = \(bind: roundID)").first()
                        .map { try $0.decode(column: "n", as: Int.self) } ?? 0
                    return Recorded((), EventDraft(
                        log: round.initiativeID, action: .pulseRoundClosed, objectID: roundID,
                        change: ["round": .int(Int64(round.number)), "answers": .int(Int64(answers))]))
                })
            return true
        } catch let error as AppError {
            if case .conflict = error { return false }
            throw error
        }
    }

    /// Writes the closed round's answers and participations again, each in a random order with fresh random ids: while
    /// a round is open, both tables hold its rows in the order people answered (SQLite's rowids, PostgreSQL's heap), so
    /// the k-th answer and the k-th participation could be paired by someone reading the storage itself. After the
    /// close nothing orders them. (The ledger commits to each answer's content and salt, not to its row's id.)
    static func reshuffle(_ roundID: UUID, on db: any Database) async throws {
        let ofRound: SQLQueryString = "round_id = \(bind: roundID)"
        let answers = try await PulseAnswerRow.all(db, where: ofRound)
        let participations = try await PulseParticipationRow.all(db, where: ofRound)
        try await PulseAnswerRow.delete(db, where: ofRound)
        try await PulseParticipationRow.delete(db, where: ofRound)
        try await PulseAnswerRow.insert(answers.shuffled().map { answer in
            var moved = answer
            moved.id = UUID()
            return moved
        }, db)
        try await PulseParticipationRow.insert(participations.shuffled().map { PulseParticipationRow(id: UUID(), roundID: roundID, personID: $0.personID) }, db)
    }

    /// The round's row, locked on PostgreSQL (a no-op update) so an answer and the close queue on it: an answer
    /// racing the close either lands before it or gets 409.
    static func locked(_ roundID: UUID, on db: any Database) async throws -> PulseReader.RoundRecord {
        let sql = db as! any SQLDatabase
        try await sql.raw("UPDATE pulse_rounds SET number = number WHERE id = \(bind: roundID)").run()
        return try await PulseReader(db: db).round(roundID)
    }

    // MARK: The server's sweep

    /// Closes every round past its seventh day, then opens a round in every initiative (not closed) whose cadence has
    /// come round. Idempotent: a restart catches up with one round per initiative, never a burst.
    func sweep() async throws -> (closed: Int, opened: Int) {
        let now = recorder.now()
        let due = try await sql.raw("""
            SELECT id FROM pulse_rounds WHERE closed_at IS NULL AND closes_at <= \(bind: now) ORDER BY closes_at, id
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        var closed = 0
        for id in due where try await close(id) { closed += 1 }

        let initiatives = try await sql.raw("""
            SELECT i.id, i.created_at, s.cadence_weeks FROM initiatives i LEFT JOIN pulse_settings s ON s.initiative_id = i.id
            WHERE i.status <> \(bind: InitiativeStatus.closed.rawValue) ORDER BY i.created_at, i.id
            """).all()
        var rounds: [UUID: (last: Date?, open: Bool)] = [:]
        for row in try await sql.raw("SELECT initiative_id, opened_at, closed_at FROM pulse_rounds").all() {
            let id = try row.decode(column: "initiative_id", as: UUID.self)
            let opened = try row.decode(column: "opened_at", as: Date.self)
            let isOpen = try row.decode(column: "closed_at", as: Date?.self) == nil
            let current = rounds[id] ?? (nil, false)
            rounds[id] = (max(current.last ?? opened, opened), current.open || isOpen)
        }
        var opened = 0
        for row in initiatives {
            let id = try row.decode(column: "id", as: UUID.self)
            let weeks = try row.decode(column: "cadence_weeks", as: Int?.self) ?? PulseRules.defaultCadenceWeeks
            let state = rounds[id] ?? (nil, false)
            guard PulseSchedule.opensNow(
                lastOpenedAt: state.last, since: try row.decode(column: "created_at", as: Date.self), cadenceWeeks: weeks,
                roundOpen: state.open, now: now)
            else { continue }
            do {
                try await open(id, by: .operator, byHand: false)
                opened += 1
            } catch let error as AppError {
                if case .conflict = error { continue }  // opened meanwhile
                throw error
            }
        }
        return (closed, opened)
    }

    // MARK: Answers

    /// Records one person's answer to an open round: the answer row (party, scores, comment, salt), the participation
    /// row (round, person), and an event for the party with a digest of the answer. A second answer, or an answer
    /// to a closed round, is 409.
    package func answer(_ roundID: UUID, _ request: PulseAnswerRequest, by actor: Actor) async throws -> PulseAnswerReceiptDTO {
        guard let personID = actor.personID else { throw AppError.forbidden("an answer needs a person to give it") }
        let round = try await readable(roundID, by: actor)
        let initiativeID = round.initiativeID
        let now = recorder.now()
        return try await recorder.record(
            .initiative(initiativeID, .answerPulse), by: actor,
            validate: {
                var checks = FieldChecks()
                let scores = checks.run {
                    try PulseRules.scores(trust: request.trust?.text, transparency: request.transparency?.text, valueAlignment: request.valueAlignment?.text)
                }
                let comment = checks.run { try PulseRules.comment(request.comment) }
                try checks.finish()
                guard let scores, let comment else { throw ValidationError(field: "trust", "is required") }
                return (scores, comment)
            },
            apply: { db, input in
                let (scores, comment) = input
                let round = try await Self.locked(roundID, on: db)
                guard round.isOpen, !PulseSchedule.closesNow(closesAt: round.closesAt, now: now) else {
                    throw AppError.conflict(field: "round", message: "pulse round \(round.number) is closed; answer the next one")
                }
                let sql = db as! any SQLDatabase
                guard let party = try await sql.raw("""
                    SELECT m.party_id, p.organization_id FROM members m JOIN parties p ON p.id = m.party_id
                    WHERE m.initiative_id = \(bind: initiativeID) AND m.person_id = \(bind: personID)
                    """).first()
                else { throw AppError.notFound }
                let partyID = try party.decode(column: "party_id", as: UUID.self)
                let organizationID = try party.decode(column: "organization_id", as: UUID.self)
                if try await sql.raw("""
                    SELECT id FROM pulse_participations WHERE round_id = \(bind: roundID) AND person_id = \(bind: personID)
                    """).first() != nil {
                    throw AppError.conflict(field: "round", message: "you already answered pulse round \(round.number); one answer each")
                }
                // Two rows with ids of their own, random and unrelated; neither carries a time.
                try await PulseParticipationRow(id: UUID(), roundID: roundID, personID: personID).insert(db)
                let salt = PulseDigest.newSalt()
                try await PulseAnswerRow(
                    id: UUID(), roundID: roundID, initiativeID: initiativeID, partyID: partyID, trust: scores.trust,
                    transparency: scores.transparency, valueAlignment: scores.valueAlignment, comment: comment, salt: salt
                ).insert(db)
                let digest = PulseDigest.sha256Hex(round: roundID, party: partyID, scores: scores, comment: comment, salt: salt)
                let event = EventDraft(
                    log: initiativeID, action: .pulseAnswered, objectID: roundID,
                    change: ["round": .int(Int64(round.number)), "organizationId": .id(organizationID), "partyId": .id(partyID),
                             "answerDigest": .string(digest)],
                    partyOnly: organizationID)
                return Recorded(PulseAnswerReceiptDTO(roundId: roundID, round: round.number, partyId: partyID, answerDigest: digest), event)
            })
    }
}

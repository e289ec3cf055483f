import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// The pulse over HTTP (issue #15), on both databases: means hidden under three answers, one answer each, none once
/// the round closed, field-named 400s, the server's sweep with an injected clock, and no trace of who answered.
@Suite("Pulse API")
struct PulseAPITests {
    typealias Partnership = DecisionAPITests.Partnership

    /// A partnership whose owner party has four members (owner, contributor, two more) and partner party two.
    struct Pulse {
        var p: Partnership
        var more: [SignedInPerson]
        var moreTokens: [Caller]
    }

    static func pulse(_ t: TestApp) async throws -> Pulse {
        let p = try await DecisionAPITests.partnership(t)
        var more: [SignedInPerson] = [], tokens: [Caller] = []
        for name in ["Dana Doe", "Eli Eng"] {
            let person = try await Factory.person(t, name: name, organization: p.owner.organizationName)
            try await Factory.member(t, p.initiative, person, role: .contributor, by: p.owner)
            more.append(person)
            tokens.append(try await Factory.token(t, person))
        }
        return Pulse(p: p, more: more, moreTokens: tokens)
    }

    static func open(_ t: TestApp, _ initiative: UUID, as caller: Caller) async throws -> PulseRoundDTO {
        let response = try await t.send(.POST, APIURL.pulseRounds(.value(initiative)).path, as: caller)
        #expect(response.status == .created, "\(response.text)")
        return try t.decode(PulseRoundDTO.self, from: response)
    }

    static func answer(
        _ t: TestApp, _ round: UUID, _ scores: (Int, Int, Int), comment: String? = nil, as caller: Caller
    ) async throws -> TestingHTTPResponse {
        struct Body: Encodable, Sendable { var trust: Int; var transparency: Int; var valueAlignment: Int; var comment: String? }
        return try await t.send(.POST, APIURL.pulseAnswers(.value(round)).path, as: caller,
                                json: Body(trust: scores.0, transparency: scores.1, valueAlignment: scores.2, comment: comment))
    }

    static func figures(_ t: TestApp, _ initiative: UUID, as caller: Caller) async throws -> (PulseDTO, String) {
        let response = try await t.send(.GET, APIURL.pulse(.value(initiative)).path, as: caller)
        #expect(response.status == .ok, "\(response.text)")
        return (try t.decode(PulseDTO.self, from: response), response.text)
    }

    @Test("A party's means stay null under 3 answers and show from the third; comments only then", arguments: TestDatabase.all)
    func hiddenUnderThree(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await Self.pulse(t)
            let p = w.p
            let round = try await Self.open(t, p.initiative.id, as: p.ownerToken)
            #expect(round.number == 1 && round.status == .open && round.closesAt.timeIntervalSince(round.openedAt) == 7 * 86_400)
            #expect(try await Self.answer(t, round.id, (5, 4, 3), comment: "Good week", as: p.ownerToken).status == .created)
            #expect(try await Self.answer(t, round.id, (4, 4, 3), as: p.contributorToken).status == .created)
            #expect(try await Self.answer(t, round.id, (2, 2, 2), comment: "Slow replies", as: p.partnerToken).status == .created)
            #expect(try await Self.answer(t, round.id, (2, 3, 2), as: p.observerToken).status == .created, "observers answer too")

            let (two, raw) = try await Self.figures(t, p.initiative.id, as: p.observerToken)
            let owner = try #require(two.rounds.first?.parties.first { $0.organizationId == p.owner.organizationID })
            #expect(owner.answers == 2 && owner.trust == nil && owner.transparency == nil && owner.valueAlignment == nil)
            #expect(raw.contains("\"trust\":null"), "the contract: null, not left out")
            #expect(two.rounds.first?.comments.isEmpty == true, "no comment of a party under 3 answers")

            #expect(try await Self.answer(t, round.id, (3, 4, 3), comment: "Clear plans", as: w.moreTokens[0]).status == .created)
            let (three, _) = try await Self.figures(t, p.initiative.id, as: p.partnerToken)
            let shown = try #require(three.rounds.first?.parties.first { $0.organizationId == p.owner.organizationID })
            let partner = try #require(three.rounds.first?.parties.first { $0.organizationId == p.partner.organizationID })
            #expect(shown.answers == 3 && shown.trust == 4 && shown.transparency == 4 && shown.valueAlignment == 3)
            #expect(partner.answers == 2 && partner.trust == nil)
            #expect(three.rounds.first?.comments.map(\.comments) == [["Clear plans", "Good week"]], "ordered by text, never by time")
            #expect(three.divergences.isEmpty, "the round is open, and only the latest closed round is flagged")

            let rounds = try t.decode(ListPage<PulseRoundDTO>.self, from: try await t.send(.GET, APIURL.pulseRounds(.value(p.initiative.id)).path, as: p.ownerToken))
            #expect(rounds.items.map(\.answers) == [5] && rounds.items.first?.answeredByMe == true)
            let mine = try t.decode(ListPage<PulseRoundDTO>.self, from: try await t.send(.GET, APIURL.pulseRounds(.value(p.initiative.id)).path, as: w.moreTokens[1]))
            #expect(mine.items.first?.answeredByMe == false)
        }
    }

    @Test("A second answer in a round is 409; a closed round takes none (409); a second open round is 409", arguments: TestDatabase.all)
    func oneAnswerEach(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await Self.pulse(t)
            let p = w.p
            let round = try await Self.open(t, p.initiative.id, as: p.partnerToken)
            #expect(try await Self.answer(t, round.id, (3, 3, 3), as: p.contributorToken).status == .created)
            let again = try await Self.answer(t, round.id, (5, 5, 5), as: p.contributorToken)
            #expect(again.status == .conflict && again.text.contains("already answered"), "\(again.text)")
            let second = try await t.send(.POST, APIURL.pulseRounds(.value(p.initiative.id)).path, as: p.ownerToken)
            #expect(second.status == .conflict, "\(second.text)")

            let answerIDs = Set(try await PulseAnswerRow.all(t.db).map(\.id))
            let participationIDs = Set(try await PulseParticipationRow.all(t.db).map(\.id))
            let later = PulseStore(db: t.db, recorder: t.recorder(daysLater: 7.01))
            let swept = try await later.sweep()
            #expect(swept.closed == 1 && swept.opened == 0)
            // The close writes the round's rows again in a random order with fresh ids (storage order pairs nothing).
            #expect(Set(try await PulseAnswerRow.all(t.db).map(\.id)).isDisjoint(with: answerIDs))
            #expect(Set(try await PulseParticipationRow.all(t.db).map(\.id)).isDisjoint(with: participationIDs))
            #expect(try await PulseParticipationRow.count(t.db) == 1)
            let closed = try await Self.answer(t, round.id, (3, 3, 3), as: p.ownerToken)
            #expect(closed.status == .conflict && closed.text.contains("closed"), "\(closed.text)")
            #expect(try await PulseAnswerRow.count(t.db) == 1)
        }
    }

    @Test("Bad input is a 400 naming the field: 0, 6, 3.5, a word, a comment over 1000 characters, a missing score", arguments: TestDatabase.all)
    func badInput(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await Self.pulse(t)
            let p = w.p
            let round = try await Self.open(t, p.initiative.id, as: p.ownerToken)
            let path = APIURL.pulseAnswers(.value(round.id)).path
            let cases: [(String, String)] = [
                (#"{"trust":0,"transparency":3,"valueAlignment":3}"#, "trust"),
                (#"{"trust":3,"transparency":6,"valueAlignment":3}"#, "transparency"),
                (#"{"trust":3,"transparency":3,"valueAlignment":3.5}"#, "valueAlignment"),
                (#"{"trust":"high","transparency":3,"valueAlignment":3}"#, "trust"),
                (#"{"transparency":3,"valueAlignment":3}"#, "trust"),
                ("{\"trust\":3,\"transparency\":3,\"valueAlignment\":3,\"comment\":\"\(String(repeating: "x", count: 1001))\"}", "comment"),
            ]
            for (body, field) in cases {
                let response = try await t.send(.POST, path, as: p.contributorToken, text: (body, .json))
                #expect(response.status == .badRequest, "\(body): \(response.text)")
                #expect(response.text.contains("\"field\":\"\(field)\""), "\(body): \(response.text)")
            }
            let settings = try await t.send(.PUT, APIURL.pulseSettings(.value(p.initiative.id)).path, as: p.ownerToken, text: (#"{"cadenceWeeks":0}"#, .json))
            #expect(settings.status == .badRequest && settings.text.contains("cadenceWeeks"), "\(settings.text)")
            let answers = try await PulseAnswerRow.count(t.db), participations = try await PulseParticipationRow.count(t.db)
            #expect(answers == 0 && participations == 0)
            // A non-member finds nothing, whatever the body.
            let outsider = try await Factory.person(t, name: "Out Sider", organization: "Elsewhere", orgAdmin: true)
            let refused = try await t.send(.POST, path, as: try await Factory.token(t, outsider), text: (#"{"trust":0}"#, .json))
            #expect(refused.status == .notFound)
        }
    }

    /// Every value of every column of every row of every table, as text, table by table.
    static func everyRow(_ t: TestApp) async throws -> [String: [String]] {
        let sql = t.db as! any SQLDatabase
        var rows: [String: [String]] = [:]
        switch t.database {
        case .sqlite:
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
                .map { try $0.decode(column: "name", as: String.self) }
            for table in tables {
                let columns = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all().map { try $0.decode(column: "name", as: String.self) }
                // Each value twice: as text, and its bytes in hex (a UUID may be stored as 16 bytes).
                let parts = columns.map { "COALESCE(CAST(\"\($0)\" AS TEXT), '') || '|' || COALESCE(hex(\"\($0)\"), '')" }.joined(separator: " || ' ' || ")
                rows[table] = try await sql.raw("SELECT \(unsafeRaw: parts) AS row FROM \(unsafeRaw: "\"\(table)\"")").all()
                    .map { try $0.decode(column: "row", as: String.self) }
            }
        default:
            let tables = try await sql.raw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").all()
                .map { try $0.decode(column: "tablename", as: String.self) }
            for table in tables {
                rows[table] = try await sql.raw("SELECT CAST(t AS TEXT) AS row FROM \(unsafeRaw: "\"\(table)\"") t").all()
                    .map { try $0.decode(column: "row", as: String.self) }
            }
        }
        return rows
    }

    static func holding(_ id: UUID, _ rows: [String: [String]]) -> [String: Int] {
        let dashed = id.uuidString.lowercased(), bare = id.uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return rows.mapValues { $0.filter { let row = $0.lowercased(); return row.contains(dashed) || row.contains(bare) }.count }
            .filter { $0.value > 0 }
    }

    @Test("After an answer, the respondent's id is in no row but their participation, and in no ledger leaf; the ledger still verifies", arguments: TestDatabase.all)
    func noTraceOfTheRespondent(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await Self.pulse(t)
            let p = w.p
            let round = try await Self.open(t, p.initiative.id, as: p.ownerToken)
            let before = Self.holding(p.contributor.id, try await Self.everyRow(t))
            let response = try await Self.answer(t, round.id, (4, 2, 5), comment: "Candid", as: p.contributorToken)
            #expect(response.status == .created, "\(response.text)")
            let receipt = try t.decode(PulseAnswerReceiptDTO.self, from: response)
            let rows = try await Self.everyRow(t)
            var after = Self.holding(p.contributor.id, rows)
            #expect(after.removeValue(forKey: "pulse_participations") == 1, "the one row that says the person answered")
            #expect(after == before, "no other row gained the person's id: \(after) vs \(before)")
            #expect(rows["pulse_answers"]?.count == 1)

            // The leaf: no actor, the party, the day's start, a digest instead of the scores.
            let event = try #require(try await t.events(log: p.initiative.id).last)
            #expect(event.action == LedgerAction.pulseAnswered.rawValue && event.actorID == nil && event.actorOrganizationID == p.owner.organizationID)
            let leaf = try #require(try JSONSerialization.jsonObject(with: Data(event.canonical.utf8)) as? [String: Any])
            #expect(leaf["actor"] is NSNull && (leaf["party"] as? String) == p.owner.organizationID.uuidString.lowercased())
            #expect((leaf["at"] as? String)?.hasSuffix("T00:00:00.000Z") == true, "dated to the day: \(leaf["at"] ?? "")")
            #expect(event.recordedAt == PulseSchedule.dayStart(event.recordedAt), "the event's row is dated to the day too")
            let change = try #require(leaf["change"] as? [String: Any])
            #expect(Set(change.keys) == ["round", "organizationId", "partyId", "answerDigest"])
            #expect((change["answerDigest"] as? String) == receipt.answerDigest)
            #expect(!event.canonical.contains(p.contributor.id.uuidString.lowercased()))
            // The digest commits to the stored answer with its salt.
            let stored = try #require(try await PulseAnswerRow.all(t.db, limit: 1).first)
            #expect(PulseDigest.sha256Hex(
                round: round.id, party: stored.partyID, scores: PulseScores(trust: 4, transparency: 2, valueAlignment: 5), comment: "Candid",
                salt: stored.salt) == receipt.answerDigest)

            // The feed names the party, not the person; the log replays into its tree.
            let items = try await ActivityFeed.items(try await InitiativeStore(application: t.app).recentEvents(p.initiative.id, limit: 5), on: t.db)
            let said = try #require(items.first { $0.sentence.hasPrefix("answered pulse round") })
            #expect(said.actor == "A member of \(p.owner.organizationName)" && said.sentence == "answered pulse round 1")
            let fresh = LedgerService(signer: t.app.ledger.signer, interval: 2)
            let range = try await fresh.selfCheck(log: p.initiative.id, on: t.db, logger: t.app.logger)
            #expect(range.size == UInt64(try await t.events(log: p.initiative.id).count))
        }
    }

    @Test("The server closes a round after 7 days and opens one on the cadence; a restart catches up", arguments: TestDatabase.all)
    func serverSweep(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await Self.pulse(t)
            let p = w.p
            // Nothing is due right after the start: the default cadence is 4 weeks.
            let now = try await PulseStore(application: t.app).sweep()
            #expect(now.closed == 0 && now.opened == 0)
            let fourWeeks = PulseStore(db: t.db, recorder: t.recorder(daysLater: 28.01))
            let first = try await fourWeeks.sweep()
            #expect(first.opened >= 1)
            let rounds = try await PulseReader(db: t.db).rounds(p.initiative.id)
            #expect(rounds.count == 1 && rounds[0].isOpen && !rounds[0].openedByHand)
            #expect(try await fourWeeks.sweep().opened == 0, "idempotent: one round open at a time")
            // Six days in: still open. Eight days in: closed.
            #expect(try await PulseStore(db: t.db, recorder: t.recorder(daysLater: 34)).sweep().closed == 0)
            #expect(try await PulseStore(db: t.db, recorder: t.recorder(daysLater: 36)).sweep().closed >= 1)
            let after = try await PulseReader(db: t.db).rounds(p.initiative.id)
            #expect(after.count == 1 && !after[0].isOpen)
            let events = try await t.events(log: p.initiative.id).map(\.action)
            #expect(events.contains(LedgerAction.pulseRoundOpened.rawValue) && events.contains(LedgerAction.pulseRoundClosed.rawValue))
            // A cadence set by an admin counts from the last round's opening.
            let set = try await t.send(.PUT, APIURL.pulseSettings(.value(p.initiative.id)).path, as: p.partnerToken, json: PulseSettingsRequest(cadenceWeeks: 2))
            #expect(set.status == .ok, "\(set.text)")
            #expect(try await PulseStore(db: t.db, recorder: t.recorder(daysLater: 28 + 13)).sweep().opened == 0)
            #expect(try await PulseStore(db: t.db, recorder: t.recorder(daysLater: 28 + 14.01)).sweep().opened >= 1)
            #expect(try await PulseReader(db: t.db).rounds(p.initiative.id).map(\.number) == [1, 2])
        }
    }

    @Test("At start-up the server closes a round whose seven days passed while it was down", arguments: TestDatabase.all)
    func restartCatchesUp(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await Self.pulse(t)
            let p = w.p
            let earlier = PulseStore(db: t.db, recorder: t.recorder(daysLater: -8))
            let round = try await earlier.open(p.initiative.id, by: p.owner.actor)
            #expect(round.isOpen)
            try await PulseRounds.sweep(every: nil).didBootAsync(t.app)
            #expect(try await PulseReader(db: t.db).round(round.id).isOpen == false)
            #expect(try await Self.answer(t, round.id, (3, 3, 3), as: p.ownerToken).status == .conflict)
        }
    }

    @Test("The latest closed round flags parties a point apart on the overview; a page shows the trend and hides small parties", arguments: TestDatabase.all)
    func divergenceFlag(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await Self.pulse(t)
            let p = w.p
            // The partner party needs three answers too: two more of its people.
            var partnerTokens = [p.partnerToken, p.observerToken]
            for name in ["Fay Field", "Gus Gray"] {
                let person = try await Factory.person(t, name: name, organization: p.partner.organizationName)
                try await Factory.member(t, p.initiative, person, role: .contributor, by: p.partner)
                partnerTokens.append(try await Factory.token(t, person))
            }
            let round = try await PulseStore(db: t.db, recorder: t.recorder(daysLater: -6.9)).open(p.initiative.id, by: p.owner.actor)
            for token in [p.ownerToken, p.contributorToken, w.moreTokens[0]] {
                #expect(try await Self.answer(t, round.id, (5, 4, 4), as: token).status == .created)
            }
            for token in partnerTokens.prefix(3) {
                #expect(try await Self.answer(t, round.id, (3, 4, 4), comment: "<script>alert(1)</script>", as: token).status == .created)
            }
            #expect(try await PulseStore(db: t.db, recorder: t.recorder(daysLater: 0.2)).sweep().closed == 1)
            let (pulse, _) = try await Self.figures(t, p.initiative.id, as: p.ownerToken)
            #expect(pulse.divergences.map(\.dimension) == ["trust"] && pulse.divergences.first?.gap == 2)
            #expect(pulse.divergences.first?.higherPartyId == p.initiative.parties.first { $0.organizationId == p.owner.organizationID }?.id)

            let session = try await Factory.session(t, p.observer)
            let overview = try await t.send(.GET, SiteURL.initiative(.value(p.initiative.id)).path, as: session)
            #expect(overview.text.contains("pulse-divergence") && overview.text.contains("Trust: \(p.owner.organizationName) is 2.0 points above"))
            let page = try await t.send(.GET, SiteURL.pulse(.value(p.initiative.id)).path, as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("pulse-chart") && page.text.contains("&lt;script&gt;"), "comments escaped")
            #expect(!page.text.contains("<script>alert"))
        }
    }
}

import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// Query discipline (issue #6): a page or JSON read must issue the same number of SQL statements however many rows it
/// shows (no N+1), and the overview's statements must be answered through indexes.
@Suite("Query discipline")
struct QueryCountTests {
    @Test("Every page and JSON read issues as many statements with many rows as with few", arguments: TestDatabase.all)
    func statementCountsDoNotGrow(database: TestDatabase) async throws {
        StatementLog.install()
        try await withTestApp(database, configure: { $0.sqlLogLevel = StatementLog.level; $0.metricsToken = Self.metricsToken }) { t in
            let world = try await World.make(t)
            let session = try await Factory.session(t, world.ownerAdmin)
            let token = try await Factory.token(t, world.ownerAdmin)
            // The ledger page signs a due checkpoint (once per log and interval): sign first, so both rounds compare reads.
            _ = try await t.app.ledger.signIfDue(log: world.initiative.id, on: t.db, logger: t.app.logger, force: true)
            let few = try await statements(t, world, session: session, token: token)
            try await Self.grow(t, world)
            _ = try await t.app.ledger.signIfDue(log: world.initiative.id, on: t.db, logger: t.app.logger, force: true)
            let many = try await statements(t, world, session: session, token: token)
            #expect(few.count == AccessMatrixTests.entries.filter { $0.method == .GET }.count, "every GET route was measured")
            for (route, count) in many.sorted(by: { $0.key < $1.key }) where !Self.growingByDesign.contains(route) {
                let before = few[route]?.count ?? 0
                #expect(count.count <= before, "\(route): \(before) statements with few rows, \(count.count) with many:\n\(count.joined(separator: "\n"))")
            }
        }
    }

    /// Reads whose statements grow with the data on purpose, and why.
    static let growingByDesign: Set<String> = [
        // A party's full export (issue #17) reads a page at a time — one list per key result, stream, decision, metric
        // and practice, one page per 1 000 ledger entries — so that its memory, not its statement count, stays flat.
        "GET \(SiteURL.api(.initiativeExport(.key)).path)",
    ]

    @Test("The overview's statements use indexes, not scans of growing tables (EXPLAIN QUERY PLAN / EXPLAIN)", arguments: TestDatabase.all)
    func overviewUsesIndexes(database: TestDatabase) async throws {
        StatementLog.install()
        try await withTestApp(database, configure: { $0.sqlLogLevel = StatementLog.level }) { t in
            let world = try await World.make(t)
            try await Self.grow(t, world)
            let session = try await Factory.session(t, world.ownerAdmin)
            let id = UUID().uuidString
            StatementLog.begin(id)
            let response = try await t.send(.GET, SiteURL.initiative(.value(world.initiative.id)).path, as: session, headers: ["X-Request-Id": id])
            let statements = StatementLog.end(id)
            #expect(response.status == .ok)
            #expect(!statements.isEmpty)
            // `WHERE 1 = 0` is Fluent's filter on an empty list: constant false, so no row is ever visited.
            for statement in statements where statement.uppercased().hasPrefix("SELECT") && !statement.hasSuffix("WHERE 1 = 0") {
                switch database {
                case .sqlite:
                    let plan = try await (t.db as! any SQLDatabase).raw("EXPLAIN QUERY PLAN \(unsafeRaw: statement)").all()
                    let steps = try plan.map { try $0.decode(column: "detail", as: String.self) }
                    let scans = steps.filter { step in
                        step.hasPrefix("SCAN ") && !step.contains("USING")
                            && !(Self.smallTables + Self.boundedSubqueries).contains { step == "SCAN \($0)" || step.hasPrefix("SCAN \($0) ") }
                    }
                    #expect(scans.isEmpty, "\(statement)\n\(steps.joined(separator: "\n"))")
                case .postgres:
                    // With sequential scans priced out, a plan still showing one has no index to use. Parameters become
                    // NULLs of the right type through a prepared statement's generic plan. One connection for all four steps.
                    let count = Self.parameterCount(statement)
                    let lines = try await t.db.withConnection { connection -> [String] in
                        let sql = connection as! any SQLDatabase
                        try await sql.raw("SET enable_seqscan = off").run()
                        try await sql.raw("SET plan_cache_mode = force_generic_plan").run()
                        try await sql.raw("PREPARE overview_check AS \(unsafeRaw: statement)").run()
                        let nulls = Array(repeating: "NULL", count: count).joined(separator: ", ")
                        let plan = try await sql.raw("EXPLAIN EXECUTE overview_check\(unsafeRaw: count > 0 ? "(\(nulls))" : "")").all()
                        try await sql.raw("DEALLOCATE overview_check").run()
                        try await sql.raw("RESET ALL").run()
                        return try plan.map { try $0.decode(column: "QUERY PLAN", as: String.self) }
                    }
                    #expect(!lines.isEmpty)
                    let scans = lines.filter { line in
                        line.contains("Seq Scan on") && !Self.smallTables.contains { line.contains("Seq Scan on \($0)") }
                    }
                    #expect(scans.isEmpty, "\(statement)\n\(lines.joined(separator: "\n"))")
                }
            }
        }
    }

    static let metricsToken = "query-count-metrics"

    /// Tables that stay small whatever the partnership's size (scanning them is cheaper than an index).
    static let smallTables = ["_fluent_migrations"]
    /// Subqueries in FROM whose rows are bounded by their own LIMIT, read through an index (SQLite scans such a
    /// co-routine's rows, never a table): the header's unread count reads at most `UnreadCount.cap` rows.
    static let boundedSubqueries = ["unread"]

    static func parameterCount(_ statement: String) -> Int {
        var highest = 0
        var scanner = statement[...]
        while let dollar = scanner.firstIndex(of: "$") {
            let digits = scanner[scanner.index(after: dollar)...].prefix(while: \.isNumber)
            if let n = Int(digits) { highest = max(highest, n) }
            scanner = scanner[scanner.index(after: dollar)...]
        }
        return highest
    }

    func statements(_ t: TestApp, _ world: World, session: Caller, token: Caller) async throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for entry in AccessMatrixTests.entries where entry.method == .GET {
            let id = UUID().uuidString
            StatementLog.begin(id)
            var headers: HTTPHeaders = ["X-Request-Id": id]
            // `/metrics` answers only with its token (Metrics/MetricsTests covers the refusals).
            if entry.url.path == SiteURL.metrics.path { headers.bearerAuthorization = BearerAuthorization(token: Self.metricsToken) }
            let response = try await t.send(.GET, entry.path(world), as: entry.url.isAPI ? token : session, headers: headers)
            // A session's last-seen time is written at most once a minute, on whichever request comes first: on a slow
            // machine the two rounds straddle a minute and one round carries that write. It is a clock, not a row count.
            let statements = StatementLog.end(id).filter { !$0.hasPrefix("UPDATE sessions SET last_seen_at") }
            #expect(response.status.code < 400, "\(entry.key): \(response.status)")
            result[entry.key] = statements
        }
        return result
    }

    /// More of everything a page can list: members of every party, objectives with key results and check-ins,
    /// alignments, the parties' own objectives, and (with them) ledger events.
    static func grow(_ t: TestApp, _ world: World) async throws {
        for n in 0..<12 {
            let owner = try await Factory.person(t, name: "Owner Person \(n)", organization: world.ownerAdmin.organizationName)
            try await Factory.member(t, world.initiative, owner, role: .contributor, by: world.ownerAdmin)
            let partner = try await Factory.person(t, name: "Partner Person \(n)", organization: world.partnerAdmin.organizationName)
            try await Factory.member(t, world.initiative, partner, role: n % 2 == 0 ? .contributor : .observer, by: world.partnerAdmin)
        }
        for n in 0..<6 {
            let goal = try await ObjectiveStore(application: t.app).createObjective(
                initiativeID: nil, organizationID: world.ownerAdmin.organizationID,
                CreateObjectiveRequest(title: "Bank goal \(n)", periodStart: "2027-01-01", periodEnd: "2027-12-31"), by: world.ownerAdmin.actor)
            let objective = try await ObjectiveStore(application: t.app).createObjective(
                initiativeID: world.initiative.id,
                CreateObjectiveRequest(title: "More objective \(n)", periodStart: "2027-01-01", periodEnd: "2027-06-30",
                                       parentId: n % 2 == 0 ? world.okrs.objective.id : nil, ownerId: world.contributor.id),
                by: world.ownerAdmin.actor)
            _ = try await ObjectiveStore(application: t.app).align(objective.id, AlignmentRequest(parentId: goal.id, kind: "contributing"), by: world.ownerAdmin.actor)
            for k in 0..<3 {
                let kr = try await KeyResultStore(application: t.app).createKeyResult(
                    objective.id,
                    CreateKeyResultRequest(title: "KR \(n).\(k)", kind: "increase", baseline: NumberInput("0"), target: NumberInput("10"),
                                           ownerId: world.contributor.id),
                    by: world.ownerAdmin.actor)
                for v in 1...3 {
                    _ = try await KeyResultStore(application: t.app).checkIn(kr.id, CheckInRequest(value: NumberInput(String(v)), confidence: "onTrack"), by: world.contributor.actor)
                }
            }
        }
        // Workstreams: more streams, each with people of both parties, work items and key results.
        let streams = WorkstreamStore(application: t.app)
        let people = try await InitiativeStore(application: t.app).members(world.initiative.id).filter { $0.role != .observer }
        for n in 0..<4 {
            let stream = try await streams.create(
                initiativeID: world.initiative.id,
                CreateWorkstreamRequest(kind: [.theme, .stream, .experience][n % 3], name: "Grown stream \(n)", purpose: "More rows",
                                        startDate: try CalendarDate(parsing: "2026-01-01"), leaderId: people[n].personId, leaderCommitment: 50),
                by: world.ownerAdmin.actor)
            for person in people.dropFirst(4 + n * 3).prefix(3) {
                _ = try await AssignmentStore(application: t.app).assign(stream.id, CreateAssignmentRequest(personId: person.personId, role: "Member", commitment: 10), by: world.ownerAdmin.actor)
                _ = try await AssignmentStore(application: t.app).createWorkItem(
                    stream.id, CreateWorkItemRequest(title: "Item for \(person.name)", assigneeId: person.personId, keyResultId: world.okrs.keyResult.id),
                    by: world.ownerAdmin.actor)
            }
            _ = try await streams.linkKeyResult(stream.id, LinkKeyResultRequest(keyResultId: world.okrs.keyResult.id), by: world.ownerAdmin.actor)
        }
        _ = try await AssignmentStore(application: t.app).createWorkItem(
            world.streams.streamID, CreateWorkItemRequest(title: "One more", assigneeId: world.contributor.id, keyResultId: world.okrs.keyResult.id),
            by: world.ownerAdmin.actor)
        for v in 0..<5 {
            _ = try await KeyResultStore(application: t.app).checkIn(world.okrs.keyResult.id, CheckInRequest(value: NumberInput(String(300 + v)), confidence: "onTrack"), by: world.contributor.actor)
        }
        // Value (#14): more metrics, one with a change awaiting its decision, and more measurements with verdicts
        // (the dashboard and the metric page read each kind in one statement).
        let value = ValueStore(application: t.app)
        let reserved = try #require(try await DecisionReader(db: t.db).types(world.initiative.id).first(where: \.reserved))
        for n in 0..<3 {
            let metric = try await value.propose(
                world.initiative.id, MatrixValue.request("Grown metric \(n)", responsible: world.ownerAdmin.organizationID, type: reserved.id),
                by: world.contributor.actor)
            try await ValueTestSupport.pass(t, try #require(metric.decisionId), voters: [world.ownerAdmin, world.partnerAdmin])
            for v in 0..<4 {
                let recorded = try await value.record(
                    metric.id, MeasurementRequest(value: NumberInput(String(110 + v)), on: "2026-0\(v + 1)-15", source: "Registry", evidence: "Grown"),
                    by: world.contributor.actor)
                _ = try await value.verdict(recorded.id, VerdictRequest(verdict: v % 2 == 0 ? "attest" : "dispute", reason: "Checked"), by: world.partnerAdmin.actor)
            }
        }
        for v in 0..<4 {
            let recorded = try await value.record(
                world.value.ratifiedID, MeasurementRequest(value: NumberInput(String(121 + v)), on: "2026-0\(v + 1)-20", source: "Registry", evidence: "Grown"),
                by: world.contributor.actor)
            _ = try await value.verdict(recorded.id, VerdictRequest(verdict: "dispute", reason: "Too high"), by: world.partnerAdmin.actor)
        }
        _ = try await value.changeDefinition(world.value.ratifiedID, ValueMetricRequest(method: "Audited count"), by: world.contributor.actor)
        // Notifications of the reader's, more than a page of them (the list page and the API read one page in SQL).
        try await t.app.recorder.bookkeeping { db in
            try await Notifications.send((0..<60).map { n in
                NotificationDraft(personID: world.ownerAdmin.id, initiativeID: n % 2 == 0 ? world.initiative.id : nil, kind: .decisionOpened,
                                  subjectID: UUID(), message: "Decision \(n) is open.", link: SiteURL.initiative(.value(world.initiative.id)).path)
            }, on: db, at: Date())
        }
        // Investments: more proposals, each rated by people of both parties, one through a gate with its tranche released.
        let proposals = ProposalStore(application: t.app)
        let raters = try await InitiativeStore(application: t.app).members(world.initiative.id).filter { $0.role != .observer }.prefix(6)
        for n in 0..<5 {
            let proposal = try await proposals.create(world.initiative.id, CreateProposalRequest(
                title: "Grown proposal \(n)", problem: "A problem.", hypothesis: "A hypothesis.", ask: Money(amount: 9_001, currency: "EUR"),
                funding: [.init(organizationId: world.ownerAdmin.organizationID, amount: Money(amount: 6_001, currency: "EUR")),
                          .init(organizationId: world.partnerAdmin.organizationID, amount: Money(amount: 3_000, currency: "EUR"))],
                tranches: [.init(amount: Money(amount: 4_001, currency: "EUR"), milestone: "Half", keyResultId: world.okrs.keyResult.id),
                           .init(amount: Money(amount: 5_000, currency: "EUR"), milestone: "All")],
                objectiveIds: [world.okrs.objective.id]), by: world.contributor.actor)
            for rater in raters {
                let actor = Actor(personID: rater.personId, organizationID: rater.organizationId)
                _ = try await proposals.rate(proposal.id, RatingRequest(scores: [.init(criterionId: world.investments.criterionID, value: Double(1 + n % 5))]), by: actor)
            }
            if n == 0 {
                let gate = try #require(try await proposals.openGate(proposal.id, OpenGateRequest(), by: world.contributor.actor).gates.last)
                try await DecisionStore(db: t.db, recorder: t.recorder(daysLater: 30)).closeAtDeadline(gate.decisionId)
                _ = try await DecisionStore(application: t.app).recordOutcome(
                    gate.decisionId, OutcomeRequest(adopted: true, statement: "Go."), by: world.ownerAdmin.actor)
            }
        }
        for rater in raters {
            let actor = Actor(personID: rater.personId, organizationID: rater.organizationId)
            _ = try await proposals.rate(world.investments.proposalID, RatingRequest(scores: [.init(criterionId: world.investments.criterionID, value: 4)]), by: actor)
        }
        // Practices (#15): more contributions (one refined into a second version), adoptions and retrospectives.
        let practices = PracticeStore(application: t.app)
        let adoptions = AdoptionStore(application: t.app)
        let catalogue = try await PracticeReader(db: t.db).catalogue()
        for n in 0..<3 {
            let practice = try await practices.contribute(world.initiative.id, MatrixPractices.request("Grown practice \(n)"), by: world.contributor.actor)
            _ = try await practices.review(practice.id, PracticeReviewRequest(verdict: "accept"), by: world.partnerAdmin.actor)
            _ = try await adoptions.adopt(
                world.streams.streamID, AdoptionRequest(practiceId: practice.id, tailoring: "Grown", reviewOn: "2099-01-01"), by: world.ownerAdmin.actor)
        }
        for n in 3..<6 {
            _ = try await adoptions.adopt(
                world.streams.streamID, AdoptionRequest(practiceId: catalogue[n].id, tailoring: "Grown", reviewOn: "2099-01-01"), by: world.ownerAdmin.actor)
        }
        for n in 0..<3 {
            _ = try await RetrospectiveStore(application: t.app).record(
                world.streams.streamID, RetrospectiveRequest(heldOn: ValueTestSupport.today, helped: "Grown \(n)", toChange: "More"), by: world.ownerAdmin.actor)
        }
        // More initiatives that the reader and the people read about share, each with a stream they are in: reads
        // across a person's initiatives (their streams everywhere) must not query once per initiative.
        let target = try #require(try await PersonRow.find(world.target.personId, t.db))
        let targetPerson = SignedInPerson(
            id: world.target.personId, name: target.name, email: target.email, organizationID: world.ownerAdmin.organizationID,
            organizationName: world.ownerAdmin.organizationName, isOrgAdmin: false)
        for n in 0..<3 {
            let more = try await Factory.initiative(t, by: world.ownerAdmin, name: "Another initiative \(n)")
            try await Factory.member(t, more, targetPerson, role: .contributor, by: world.ownerAdmin)
            _ = try await streams.create(
                initiativeID: more.id,
                CreateWorkstreamRequest(kind: .stream, name: "Elsewhere \(n)", purpose: "Across initiatives",
                                        startDate: try CalendarDate(parsing: "2026-01-01"), leaderId: world.target.personId, leaderCommitment: 10),
                by: world.ownerAdmin.actor)
        }
        try await growPulse(t, world, target: targetPerson)
    }

    /// Pulse (#15): the world's round answered by five people (three of the owner's party, so its figures and
    /// comments show), closed by the server, and three more rounds the same way, the last left open.
    static func growPulse(_ t: TestApp, _ world: World, target: SignedInPerson) async throws {
        let people = [world.ownerAdmin, world.contributor, target, world.partnerAdmin, world.observer]
        func answerAll(_ round: UUID) async throws {
            for (n, person) in people.enumerated() {
                _ = try await PulseStore(application: t.app).answer(
                    round, PulseAnswerRequest(trust: NumberInput(String(1 + n % 5)), transparency: NumberInput("3"), valueAlignment: NumberInput("4"),
                                              comment: "Comment \(n)"), by: person.actor)
            }
        }
        try await answerAll(world.pulse.roundID)
        for k in 1...3 {
            _ = try await PulseStore(db: t.db, recorder: t.recorder(daysLater: Double(8 * k))).sweep()
            let round = try await PulseStore(db: t.db, recorder: t.recorder(daysLater: Double(8 * k) + 0.1)).open(world.initiative.id, by: world.ownerAdmin.actor)
            try await answerAll(round.id)
        }
    }
}

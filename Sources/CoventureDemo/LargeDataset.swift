import CoventureCore
import CoventureServer
import Fluent
import Foundation
import SQLKit
import Vapor

/// `coventure demo --scale large`: a large, realistic partnership landscape for benchmarks (issue #6). Deterministic
/// (seeded), written in batches (multi-row INSERTs, one transaction per initiative) with the same rows and ledger
/// events the recording path writes — never through HTTP, which would take hours.
public enum LargeDataset {
    public struct Shape: Sendable {
        public var initiatives = 20
        public var membersPerInitiative = 200
        public var objectivesPerInitiative = 100
        public var keyResultsPerObjective = 4
        public var checkInsPerKeyResult = 25
        public var workstreamsPerInitiative = 40
        /// Decisions in each initiative's register (issue #13), most of them sealed.
        public var decisionsPerInitiative = 250
        /// Value metrics in force in each initiative (issue #14), each with two years of measurements.
        public var valueMetricsPerInitiative = 30
        /// Investment proposals in each initiative's portfolio (issue #14), rated by every party, some through gates.
        public var proposalsPerInitiative = 50
        /// Closed pulse rounds in each initiative (issue #15), answered by about three in five members.
        public var pulseRoundsPerInitiative = 12
        public var seed: UInt64 = 2026
        public init() {}
    }

    public struct Summary: Sendable {
        public var initiatives: Int
        public var people: Int
        public var events: Int
        /// The initiative the benchmark account works in (the first one generated).
        public var benchmarkInitiative: UUID?
    }

    /// The account that benchmarks sign in with: an admin of the first generated initiative's owner party.
    public static let benchmarkEmail = "bench@coventure.example"
    public static let benchmarkPassword = "coventure-bench"
    /// How many key results the benchmark account owns (in its initiative).
    static let benchmarkKeyResults = 20

    static let narratives = [
        "Steady week; the numbers moved as planned.",
        "Waiting on the partner's data feed; asked for a date.",
        "Two blockers cleared in the joint review.",
        "Scope changed after the steering call; target still holds.",
        "Holiday week: less done, no new risk.",
        "The pilot cohort is bigger than expected.",
        "Supplier slipped a week; we re-planned around it.",
        "Reporting fixed: last month's figure was understated.",
        "New hire on the partner side started on this.",
        "Risk office asked for more evidence before sign-off.",
    ]

    /// Generates `shape.initiatives` initiatives (their people, parties, OKRs, check-ins and events). Calling it again
    /// on the same database adds more initiatives of the same shape (`--initiatives N`).
    public static func generate(_ app: Application, shape: Shape, progress: @escaping (String) -> Void) async throws -> Summary {
        var random = SplitMix64(seed: shape.seed &+ UInt64(try await InitiativeRow.count(app.db)))
        let hash = try await PasswordHashing.hash(benchmarkPassword)
        let existing = try await PersonRow.first(app.db, where: "email = \(bind: benchmarkEmail)")
        let base = try await InitiativeRow.count(app.db)
        var events = 0
        var benchmarkInitiative: UUID? = nil
        var people = 0
        let started = Date()

        // Six organizations take turns as owner and partners, each with its own objectives.
        let organizations = try await LargeOrganizations.ensure(app, count: 6, random: &random)
        for n in 0..<shape.initiatives {
            let number = base + n + 1
            var batch = RowBatch()
            let now = Date()
            let parties = [0, 1, 2].map { organizations[(number + $0) % organizations.count] }
            let initiativeID = random.uuid()
            // Members: half from the owner, the rest split between the partners.
            var members: [(person: UUID, party: Int, role: MemberRole)] = []
            for m in 0..<shape.membersPerInitiative {
                let party = m < shape.membersPerInitiative / 2 ? 0 : (m % 2 == 0 ? 1 : 2)
                let role: MemberRole = m == 0 || m == shape.membersPerInitiative / 2 || m == shape.membersPerInitiative / 2 + 1
                    ? .admin : (m % 10 == 9 ? .observer : (m % 10 == 0 ? .leader : .contributor))
                let personID = random.uuid()
                let isBenchmark = existing == nil && benchmarkInitiative == nil && n == 0 && m == 0
                let email = isBenchmark ? benchmarkEmail : "p\(number)-\(m)@\(parties[party].domain)"
                try batch.row(PersonRow(
                    id: personID, organizationID: parties[party].id, email: email, name: Names.person(&random), passwordHash: hash,
                    isOrgAdmin: false, createdAt: now))
                batch.event(parties[party].id, .personCreated, personID,
                            ["email": .string(email), "organizationId": .id(parties[party].id), "isOrgAdmin": .bool(false)])
                members.append((personID, party, role))
            }
            people += members.count
            let owner = members[0].person
            batch.actor = Actor(personID: owner, organizationID: parties[0].id)
            if n == 0 && existing == nil { benchmarkInitiative = initiativeID }
            try batch.row(InitiativeRow(
                id: initiativeID, name: "Large partnership \(number)",
                purpose: "A generated initiative for benchmarks: \(shape.membersPerInitiative) members from three parties.",
                status: InitiativeStatus.active.rawValue, governance: GovernanceModel.ownerLed.rawValue, ownerOrganizationID: parties[0].id,
                createdAt: now))
            batch.event(initiativeID, .initiativeCreated, initiativeID,
                        ["name": .string("Large partnership \(number)"), "governance": .string("ownerLed"), "ownerOrganizationId": .id(parties[0].id)])
            var partyIDs: [UUID] = []
            for (index, organization) in parties.enumerated() {
                let partyID = random.uuid()
                partyIDs.append(partyID)
                try batch.row(PartyRow(
                    id: partyID, initiativeID: initiativeID, organizationID: organization.id, kind: index == 0 ? "owner" : "partner",
                    status: "active", stakeBasisPoints: nil, joinedAt: now))
                batch.event(initiativeID, .partyJoined, partyID, ["organizationId": .id(organization.id), "kind": .string(index == 0 ? "owner" : "partner")])
            }
            for member in members {
                let memberID = random.uuid()
                try batch.row(MemberRow(
                    id: memberID, initiativeID: initiativeID, personID: member.person, partyID: partyIDs[member.party],
                    role: member.role.rawValue, addedAt: now))
                batch.event(initiativeID, .memberAdded, memberID,
                            ["personId": .id(member.person), "partyId": .id(partyIDs[member.party]), "role": .string(member.role.rawValue)])
            }

            // OKRs: objectives owned by the parties in turn, each aligned to its owner's own objective, with KRs and history.
            let periodID = random.uuid()
            try batch.row(OKRPeriodRow(
                id: periodID, initiativeID: initiativeID, organizationID: parties[0].id, name: "2027 H1", startDate: "2027-01-01",
                endDate: "2027-06-30"))
            var objectiveIDs: [UUID] = []
            var keyResultIDs: [UUID] = []
            for o in 0..<shape.objectivesPerInitiative {
                let objectiveID = random.uuid()
                let party = o % 3
                let owner = members[Int(random.next() % UInt64(members.count))].person
                try batch.row(ObjectiveRow(
                    id: objectiveID, initiativeID: initiativeID, organizationID: parties[party].id, periodID: periodID,
                    title: Names.objective(&random, o), details: "", weight: "1", ownerPersonID: owner, createdAt: now))
                batch.event(initiativeID, .objectiveCreated, objectiveID,
                            ["organizationId": .id(parties[party].id), "periodStart": .string("2027-01-01"), "periodEnd": .string("2027-06-30"), "weight": .string("1")])
                // A tree: the first ten are roots, the others contribute to one of them.
                var parents: [UUID] = []
                if o >= 10 { parents.append(objectiveIDs[o % 10]) }
                if let own = parties[party].objectives.randomElement(using: &random) { parents.append(own) }
                for parent in parents {
                    let linkID = random.uuid()
                    try batch.row(ObjectiveAlignmentRow(id: linkID, childID: objectiveID, parentID: parent, kind: "contributing", createdAt: now))
                    batch.event(initiativeID, .objectiveAligned, linkID,
                                ["childId": .id(objectiveID), "parentId": .id(parent), "kind": .string("contributing")])
                }
                objectiveIDs.append(objectiveID)
                for k in 0..<shape.keyResultsPerObjective {
                    let drawn = members[Int(random.next() % UInt64(members.count))].person
                    // The benchmark account owns the first twenty key results of its initiative: "My updates" (#16) is
                    // measured for a person with twenty (the draw above still happens, so the rest stays as it was).
                    let owner = initiativeID == benchmarkInitiative && keyResultIDs.count < LargeDataset.benchmarkKeyResults ? members[0].person : drawn
                    keyResultIDs.append(try KeyResultHistory.write(
                        into: &batch, random: &random, objectiveID: objectiveID, initiativeID: initiativeID, organizationID: parties[party].id,
                        title: "Key result \(k + 1) of objective \(o + 1)", variant: o + k, checkIns: shape.checkInsPerKeyResult,
                        owner: owner,
                        reporters: members.filter { $0.role != .observer }.map(\.person), now: now))
                }
            }
            let streams = try LargeWorkstreams.write(
                into: &batch, random: &random, initiativeID: initiativeID, count: shape.workstreamsPerInitiative,
                members: members.map { ($0.person, parties[$0.party].id) }, keyResults: keyResultIDs, now: now)
            // The model's default decision types, as `InitiativeStore.create` seeds them (no events: the initiative's
            // creation event names its governance).
            batch.then { tx in try await DecisionTypeWrites.seed(initiativeID: initiativeID, governance: .ownerLed, on: tx, at: now) }
            try await batch.write(app)
            events += batch.eventCount
            // The register, in a second transaction: its rows name the types just seeded. A generator of its own, so the
            // rest of the dataset stays what the seed built before decisions existed.
            var decisionRandom = SplitMix64(seed: (shape.seed ^ 0xDEC1_5105) &+ UInt64(number))
            events += try await LargeDecisions.write(
                app, random: &decisionRandom, initiativeID: initiativeID, count: shape.decisionsPerInitiative,
                members: members.map { ($0.person, parties[$0.party].id, $0.role) }, workstreams: streams, actor: batch.actor, now: now)
            // The value metrics, in a third transaction, from a generator of their own for the same reason.
            var valueRandom = SplitMix64(seed: (shape.seed ^ 0x7A1E_0014) &+ UInt64(number))
            events += try await LargeValue.write(
                app, random: &valueRandom, initiativeID: initiativeID, count: shape.valueMetricsPerInitiative,
                members: members.map { ($0.person, parties[$0.party].id, $0.role) }, actor: batch.actor, now: now)
            // The portfolio, last: its gates are decisions numbered after the register's.
            var investmentRandom = SplitMix64(seed: (shape.seed ^ 0x1A7E_5714) &+ UInt64(number))
            events += try await LargeInvestments.write(
                app, random: &investmentRandom, initiativeID: initiativeID, count: shape.proposalsPerInitiative,
                members: members.map { ($0.person, parties[$0.party].id, $0.role) }, actor: batch.actor, now: now)
            // The practice mesh: adoptions name the streams written above.
            var practiceRandom = SplitMix64(seed: (shape.seed ^ 0x9AC7_1CE5) &+ UInt64(number))
            events += try await LargePractices.write(
                app, random: &practiceRandom, initiativeID: initiativeID, streams: streams,
                members: members.map { ($0.person, parties[$0.party].id, $0.role) }, actor: batch.actor, now: now)
            // The pulse, in a transaction of its own, from a generator of its own.
            var pulseRandom = SplitMix64(seed: (shape.seed ^ 0x9015_E015) &+ UInt64(number))
            events += try await LargePulse.write(
                app, random: &pulseRandom, initiativeID: initiativeID, count: shape.pulseRoundsPerInitiative,
                members: members.map { ($0.person, partyIDs[$0.party], parties[$0.party].id) }, actor: batch.actor, now: now)
            let seconds = Int(Date().timeIntervalSince(started))
            progress("initiative \(n + 1)/\(shape.initiatives): \(events) events so far, \(seconds) s")
        }
        return Summary(initiatives: shape.initiatives, people: people, events: events, benchmarkInitiative: benchmarkInitiative)
    }
}

/// Workstreams of a large initiative: every member in one stream, a leader each, work items linked to key results,
/// a charter agreed by every party represented.
enum LargeWorkstreams {
    /// Returns the streams' ids.
    @discardableResult
    static func write(
        into batch: inout RowBatch, random: inout SplitMix64, initiativeID: UUID, count: Int, members: [(person: UUID, organization: UUID)],
        keyResults: [UUID], now: Date
    ) throws -> [UUID] {
        guard count > 0, !members.isEmpty else { return [] }
        var streams: [UUID] = []
        let kinds: [WorkstreamKind] = [.theme, .stream, .experience]
        for w in 0..<count {
            let streamID = random.uuid()
            let people = stride(from: w, to: members.count, by: count).map { members[$0] }
            guard let leader = people.first else { continue }
            streams.append(streamID)
            let temporary = w % 5 == 4
            let commitment = 40 + Int(random.next() % 50)
            try batch.row(WorkstreamRow(
                id: streamID, initiativeID: initiativeID, kind: kinds[w % 3].rawValue, name: "Stream \(w + 1): \(Names.themes[w % Names.themes.count])",
                purpose: "Generated for benchmarks.", startDate: "2026-01-15", endDate: temporary ? "2026-09-30" : nil,
                status: WorkstreamStatus.active.rawValue, leaderID: leader.person, leaderCommitment: commitment, closingNote: nil, createdAt: now))
            batch.event(initiativeID, .workstreamCreated, streamID,
                        ["kind": .string(kinds[w % 3].rawValue), "leaderId": .id(leader.person), "leaderCommitment": .int(Int64(commitment))])
            for person in people.dropFirst() {
                let assignmentID = random.uuid()
                let share = 10 + Int(random.next() % 40)
                try batch.row(AssignmentRow(
                    id: assignmentID, workstreamID: streamID, personID: person.person, role: "Member", commitment: share, termEnd: nil,
                    endedAt: nil, createdAt: now))
                batch.event(initiativeID, .assignmentCreated, assignmentID,
                            ["workstreamId": .id(streamID), "personId": .id(person.person), "commitment": .int(Int64(share))])
            }
            var linked: Set<UUID> = []
            for _ in 0..<3 where !keyResults.isEmpty {
                let keyResult = keyResults[Int(random.next() % UInt64(keyResults.count))]
                guard linked.insert(keyResult).inserted else { continue }
                let linkID = random.uuid()
                try batch.row(WorkstreamKeyResultRow(id: linkID, workstreamID: streamID, keyResultID: keyResult, createdAt: now))
                batch.event(initiativeID, .workstreamKeyResultLinked, streamID, ["keyResultId": .id(keyResult)])
            }
            for i in 0..<10 {
                let itemID = random.uuid()
                let assignee = people[i % people.count].person
                let status: WorkItemStatus = [.todo, .doing, .done][Int(random.next() % 3)]
                let keyResult = Array(linked).sorted { $0.uuidString < $1.uuidString }.first
                try batch.row(WorkItemRow(
                    id: itemID, workstreamID: streamID, title: "Work item \(i + 1) of stream \(w + 1)", assigneeID: assignee,
                    status: status.rawValue, keyResultID: keyResult, createdAt: now))
                batch.event(initiativeID, .workItemCreated, itemID,
                            ["workstreamId": .id(streamID), "assigneeId": .id(assignee), "status": .string(status.rawValue)])
            }
            let charterID = random.uuid()
            try batch.row(CharterVersionRow(
                id: charterID, workstreamID: streamID, version: 1, purpose: "Deliver stream \(w + 1).", accountableFor: "Its key results.",
                workingAgreements: "Weekly sync; decisions in writing.", howItDecides: "Consent of the people in the stream.",
                reviewDate: "2027-03-31", createdBy: leader.person, createdAt: now))
            batch.event(initiativeID, .charterSaved, charterID, ["workstreamId": .id(streamID), "version": .int(1)])
            var agreedOrganizations: Set<UUID> = []
            for person in people where agreedOrganizations.insert(person.organization).inserted {
                let agreementID = random.uuid()
                try batch.row(CharterAgreementRow(
                    id: agreementID, charterID: charterID, workstreamID: streamID, version: 1, personID: person.person,
                    organizationID: person.organization, agreedAt: now))
                batch.event(initiativeID, .charterAgreed, charterID, ["version": .int(1), "personId": .id(person.person)])
            }
        }
        return streams
    }
}

/// The organizations of the large dataset, created once (with their own objectives) and reused.
struct LargeOrganizations {
    struct Organization {
        var id: UUID
        var domain: String
        var objectives: [UUID]
    }

    static func ensure(_ app: Application, count: Int, random: inout SplitMix64) async throws -> [Organization] {
        var result: [Organization] = []
        var batch = RowBatch()
        let now = Date()
        for n in 1...count {
            let name = "Large Partner Organization \(n)"
            let domain = "org\(n).bench.example"
            if let existing = try await OrganizationRow.first(app.db, where: "name = \(bind: name)") {
                let objectives = try await ObjectiveRow.all(
                    app.db, where: "organization_id = \(bind: existing.id) AND initiative_id IS NULL", orderBy: "created_at").map(\.id)
                result.append(Organization(id: existing.id, domain: domain, objectives: objectives))
                continue
            }
            let id = random.uuid()
            batch.actor = Actor(personID: nil, organizationID: nil)
            try batch.row(OrganizationRow(id: id, name: name, createdAt: now))
            batch.event(id, .organizationCreated, id, ["name": .string(name)])
            let periodID = random.uuid()
            try batch.row(OKRPeriodRow(
                id: periodID, initiativeID: nil, organizationID: id, name: "2027", startDate: "2027-01-01", endDate: "2027-12-31"))
            var objectives: [UUID] = []
            for o in 0..<10 {
                let objectiveID = random.uuid()
                try batch.row(ObjectiveRow(
                    id: objectiveID, initiativeID: nil, organizationID: id, periodID: periodID, title: "\(name): strategic goal \(o + 1)",
                    details: "", weight: "1", ownerPersonID: nil, createdAt: now))
                batch.event(id, .objectiveCreated, objectiveID, ["organizationId": .id(id), "weight": .string("1")])
                objectives.append(objectiveID)
            }
            result.append(Organization(id: id, domain: domain, objectives: objectives))
        }
        try await batch.write(app)
        return result
    }
}

/// One key result with its check-in history, written as rows and events.
enum KeyResultHistory {
    static func write(
        into batch: inout RowBatch, random: inout SplitMix64, objectiveID: UUID, initiativeID: UUID, organizationID: UUID, title: String,
        variant: Int, checkIns: Int, owner: UUID, reporters: [UUID], now: Date
    ) throws -> UUID {
        let kinds: [KeyResultKind] = [.increase, .decrease, .stayAbove, .milestone, .binary]
        let kind = kinds[variant % kinds.count]
        let (baseline, target): (Decimal?, Decimal?) = switch kind {
        case .increase: (100, 500)
        case .decrease: (60, 10)
        case .stayAbove, .stayBelow: (nil, 95)
        case .milestone, .binary: (nil, nil)
        }
        let steps = kind == .milestone ? ["Discover", "Design", "Build", "Pilot", "Roll out"] : []
        let keyResultID = random.uuid()
        // Values walk from the baseline toward (and sometimes past) the target over the last 180 days.
        var values: [(Date, String, Confidence, String)] = []
        var confidence = Confidence.onTrack
        for c in 0..<checkIns {
            let share = Double(c + 1) / Double(checkIns) * (0.6 + Double(random.next() % 70) / 100)
            let value: Decimal = switch kind {
            case .increase: Decimal(Int(100 + 400 * share))
            case .decrease: Decimal(Int(60 - 50 * share))
            case .stayAbove, .stayBelow: Decimal(90 + Int(random.next() % 10))
            case .milestone: Decimal(min(5, Int(share * 5)))
            case .binary: share > 0.9 ? 1 : 0
            }
            if random.next() % 6 == 0 { confidence = [.onTrack, .atRisk, .offTrack][Int(random.next() % 3)] }
            let at = now.addingTimeInterval(-Double(checkIns - c) * 180 / Double(checkIns) * 86_400)
            values.append((at, DecimalInput.canonical(value), confidence, LargeDataset.narratives[Int(random.next() % UInt64(LargeDataset.narratives.count))]))
        }
        let last = values.last
        let stepsJSON = String(decoding: try JSONEncoder().encode(steps), as: UTF8.self)
        try batch.row(KeyResultRow(
            id: keyResultID, objectiveID: objectiveID, initiativeID: initiativeID, organizationID: organizationID, title: title,
            kind: kind.rawValue, unit: "units", baseline: baseline.map(DecimalInput.canonical), target: target.map(DecimalInput.canonical),
            steps: stepsJSON, weight: "1", ownerPersonID: owner, currentValue: last?.1, confidence: last?.2.rawValue,
            lastCheckInAt: last?.0, createdAt: now.addingTimeInterval(-181 * 86_400)))
        var change: [String: JSONValue] = ["objectiveId": .id(objectiveID), "title": .string(title), "kind": .string(kind.rawValue), "weight": .string("1")]
        if let target { change["target"] = .string(DecimalInput.canonical(target)) }
        batch.event(initiativeID, .keyResultCreated, keyResultID, change)
        for (at, value, confidence, narrative) in values {
            let checkInID = random.uuid()
            let person = reporters[Int(random.next() % UInt64(reporters.count))]
            try batch.row(CheckInRow(
                id: checkInID, keyResultID: keyResultID, value: value, confidence: confidence.rawValue, narrative: narrative,
                personID: person, correctsID: nil, recordedAt: at))
            batch.event(initiativeID, .checkInRecorded, checkInID,
                        ["keyResultId": .id(keyResultID), "value": .string(value), "confidence": .string(confidence.rawValue), "narrative": .string(narrative)])
        }
        return keyResultID
    }
}

/// Rows for several tables and their events, written together in one transaction (tables in the order first written,
/// then the follow-ups, then the events).
struct RowBatch {
    var actor = Actor.operator
    private(set) var tables: [(table: String, columns: String, rows: [SQLQueryString])] = []
    private var index: [String: Int] = [:]
    private(set) var events: [EventDraft] = []
    /// Writes through a feature's own code, in the same transaction after the rows (the decision types' seed).
    private(set) var followUps: [@Sendable (any Database) async throws -> Void] = []
    var eventCount: Int { events.count }

    mutating func then(_ write: @escaping @Sendable (any Database) async throws -> Void) {
        followUps.append(write)
    }

    /// A row described by its table's record (issue #11): the table, its columns and the values all come from `Row`.
    mutating func row<Row: TableRow>(_ record: Row) throws {
        row(Row.table, Row.columns, try record.sqlTuple())
    }

    mutating func row(_ table: String, _ columns: String, _ values: SQLQueryString) {
        if let position = index[table] {
            tables[position].rows.append(values)
        } else {
            index[table] = tables.count
            tables.append((table, columns, [values]))
        }
    }

    mutating func event(_ log: UUID, _ action: LedgerAction, _ objectID: UUID, _ change: [String: JSONValue]) {
        events.append(EventDraft(log: log, action: action, objectID: objectID, change: change))
    }

    /// An event drafted whole (a pulse answer's party-only event, #15).
    mutating func event(_ draft: EventDraft) { events.append(draft) }

    /// Tables in the order they were first written (parents before children), then the follow-ups, then the events.
    func write(_ app: Application) async throws {
        let (tables, events, actor, followUps) = (self.tables, self.events, self.actor, self.followUps)
        try await app.writeGate.run {
            try await app.db.transaction { tx in
                let sql = tx as! any SQLDatabase
                for table in tables {
                    try await SQLLists.insert(sql, into: table.table, columns: table.columns, rows: table.rows)
                }
                for followUp in followUps { try await followUp(tx) }
                try await LedgerAppender.append(events, actor: actor, at: Date(), on: tx)
            }
        }
    }
}

/// A small, fast, seedable generator (SplitMix64), so that the same seed always builds the same dataset.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uuid() -> UUID {
        var bytes = (next(), next())
        return withUnsafeBytes(of: &bytes) { raw in
            var b = Array(raw)
            b[6] = (b[6] & 0x0F) | 0x40  // version 4
            b[8] = (b[8] & 0x3F) | 0x80  // RFC 4122 variant
            return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
        }
    }
}

enum Names {
    static let first = ["Ada", "Ben", "Chloé", "Dev", "Eun-ji", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kofi", "Lena", "Mateo", "Noor", "Olu", "Priya"]
    static let last = ["Andersen", "Baptiste", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Haddad", "Ivanova", "Jansen", "Kowalski", "Lindqvist"]
    static let themes = ["onboarding", "credit decisions", "payments", "customer trust", "data sharing", "risk models", "partner APIs", "branch reach"]

    static func person(_ random: inout SplitMix64) -> String {
        "\(first[Int(random.next() % UInt64(first.count))]) \(last[Int(random.next() % UInt64(last.count))])"
    }

    static func objective(_ random: inout SplitMix64, _ n: Int) -> String {
        "Objective \(n + 1): better \(themes[Int(random.next() % UInt64(themes.count))])"
    }
}

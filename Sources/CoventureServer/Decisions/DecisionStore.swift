import Crypto
import CoventureCore
import Fluent
import Foundation
import SQLKit

/// Decisions, their votes and outcomes, decision types and the escalation ladder (issue #13). Every change goes
/// through the recorder with its event on the initiative's log; the seal applies a decision's proposed change in the
/// same transaction.
package struct DecisionStore: RecordingStore {
    let db: any Database
    let recorder: Recorder

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
    var reader: DecisionReader { DecisionReader(db: db) }

    /// What a change of decision types or governance came to: applied at once (the owner alone), or proposed as a
    /// decision the partners take.
    package enum Outcome<Applied: Sendable>: Sendable {
        case applied(Applied)
        case proposed(DecisionDTO)
    }

    // MARK: Reads

    /// The decision, once the caller is known to be a member of its initiative (a missing one looks the same: 404).
    func readable(_ id: UUID, by actor: Actor) async throws -> DecisionReader.DecisionRecord {
        let record = try await reader.record(id)
        try await Policy.authorize(.initiative(record.initiativeID, .read), actor: actor, on: db)
        return record
    }

    package func detail(_ id: UUID) async throws -> DecisionDTO {
        let record = try await reader.record(id)
        guard let dto = try await reader.dtos([record], initiativeID: record.initiativeID, now: recorder.now()).first else {
            throw AppError.notFound
        }
        return dto
    }

    func list(_ initiativeID: UUID, filter: DecisionReader.Filter) async throws -> [DecisionDTO] {
        try await reader.dtos(try await reader.records(initiativeID, filter: filter), initiativeID: initiativeID, now: recorder.now())
    }

    /// Every vote, oldest first. While votes are hidden until the close, a person sees only their own.
    func votes(_ record: DecisionReader.DecisionRecord, viewer personID: UUID?) async throws -> [VoteDTO] {
        var votes = try await reader.votes(of: [record.id], currentOnly: false)
        if record.hidesVotes { votes = votes.filter { $0.personID == personID } }
        return reader.voteDTOs(votes, sealed: record.isSealed, hidden: record.rules.hiddenUntilClosed)
    }

    // MARK: Decision types

    package func createType(_ initiativeID: UUID, _ request: DecisionTypeRequest, by actor: Actor) async throws -> Outcome<DecisionTypeDTO> {
        let change = try Self.typeChange(request, existing: nil)
        return try await changeTypes(initiativeID, change, title: "Add the decision type “\(change.name)”", by: actor)
    }

    func updateType(_ typeID: UUID, _ request: DecisionTypeRequest, by actor: Actor) async throws -> Outcome<DecisionTypeDTO> {
        guard let existing = try await reader.type(typeID) else { throw AppError.notFound }
        try await Policy.authorize(.initiative(existing.initiativeId, .read), actor: actor, on: db)
        let change = try Self.typeChange(request, existing: existing)
        return try await changeTypes(existing.initiativeId, change, title: "Change the decision type “\(existing.name)”", by: actor)
    }

    /// Checks the whole request first (every field error at once), then applies it or proposes it.
    private func changeTypes(_ initiativeID: UUID, _ change: DecisionTypeChange, title: String, by actor: Actor) async throws -> Outcome<DecisionTypeDTO> {
        try await Policy.authorize(.initiative(initiativeID, .manageDecisionTypes), actor: actor, on: db)
        let facts = try await reader.facts(initiativeID)
        _ = try change.rules.validated(for: facts.governance)
        if facts.hasPartners {
            let proposal = "\(DecisionTypeChange.summary(payload: Data(try RatifiedChanges.encode(change).utf8)))\n\n"
                + change.rules.summary.joined(separator: "\n")
            return .proposed(try await proposeChange(
                initiativeID, kind: DecisionTypeChange.kind, payload: try RatifiedChanges.encode(change), title: title, proposal: proposal,
                permission: .initiative(initiativeID, .manageDecisionTypes), by: actor))
        }
        let now = recorder.now()
        let typeID = try await recorder.record(
            .initiative(initiativeID, .manageDecisionTypes), by: actor,
            validate: {},
            apply: { db, _ in
                let events = try await DecisionTypeWrites.write(change, initiativeID: initiativeID, on: db, at: now)
                return Recorded(events.first?.objectID ?? UUID(), events)
            })
        guard let type = try await reader.type(typeID) else { throw AppError.notFound }
        return .applied(type)
    }

    /// A type request as a change: a new type needs its name and method; a change keeps what is not sent.
    static func typeChange(_ request: DecisionTypeRequest, existing: DecisionTypeDTO?) throws -> DecisionTypeChange {
        var checks = FieldChecks()
        let name = checks.run { try Validate.text(request.name ?? existing?.name, field: "name", maxLength: 100) }
        let method = checks.run { () throws -> DecisionMethod in
            guard let raw = request.method else {
                if let existing { return existing.method }
                throw ValidationError(field: "method", "is required")
            }
            guard let method = DecisionMethod(rawValue: raw) else {
                throw ValidationError(field: "method", "must be one of \(DecisionMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return method
        }
        let voters = checks.run { () throws -> DecisionVoters in
            guard let raw = request.voters else { return existing?.voters ?? .members }
            guard let voters = DecisionVoters(rawValue: raw) else { throw ValidationError(field: "voters", "must be members or partyAdmins") }
            return voters
        }
        let reason = checks.run { () throws -> ReasonRequirement in
            guard let raw = request.reasonRequired else { return existing?.reasonRequired ?? .againstOnly }
            guard let reason = ReasonRequirement(rawValue: raw) else {
                throw ValidationError(field: "reasonRequired", "must be none, againstOnly or always")
            }
            return reason
        }
        try checks.finish()
        guard let name, let method, let voters, let reason else { throw ValidationError(field: "name", "is required") }
        let rules = DecisionRules(
            method: method, voters: voters, quorumPercent: request.quorumPercent ?? existing?.quorumPercent ?? 50,
            everyPartyPresent: request.everyPartyPresent ?? existing?.everyPartyPresent ?? true,
            thresholdPercent: request.thresholdPercent ?? existing?.thresholdPercent ?? (method.usesThreshold ? 50 : nil),
            reasonRequired: reason, hiddenUntilClosed: request.hiddenUntilClosed ?? existing?.hiddenUntilClosed ?? false,
            reserved: request.reserved ?? existing?.reserved ?? false, defaultDays: request.defaultDays ?? existing?.defaultDays ?? 7)
        return DecisionTypeChange(typeId: existing?.id, name: name, rules: rules, isDefault: request.isDefault ?? existing?.isDefault ?? false)
    }

    // MARK: Governance

    /// A governance change: at once while the owner is alone (200), as a decision of a reserved type once a partner
    /// has joined (202), which applies it when it passes.
    package func changeGovernance(_ initiativeID: UUID, _ request: GovernanceRequest, by actor: Actor) async throws -> Outcome<InitiativeDTO> {
        let facts = try await reader.facts(initiativeID)
        guard facts.hasPartners else {
            return .applied(try await InitiativeStore(db: db, recorder: recorder).setGovernance(initiativeID, request, by: actor))
        }
        try await Policy.authorize(.initiative(initiativeID, .manageSettings), actor: actor, on: db)
        let parties = try await PartyRow.all(db, where: "initiative_id = \(bind: initiativeID)")
        let stakes = try InitiativeStore.validateGovernance(request, parties: parties)
        let names = Dictionary(facts.parties.map { ($0.organizationID, $0.name) }, uniquingKeysWith: { a, _ in a })
        let stakeLines = stakes.compactMap { organization, stake in stake.map { "\(names[organization] ?? "A party"): \($0.description)" } }.sorted()
        let proposal = "Set the governance model to \(request.model.label.lowercased())."
            + (stakeLines.isEmpty ? "" : "\n\nStakes:\n" + stakeLines.joined(separator: "\n"))
        let stored = GovernanceRequest(model: request.model, stakes: request.stakes.map { raw in
            raw.reduce(into: [String: String]()) { $0[$1.key.lowercased()] = $1.value }
        })
        return .proposed(try await proposeChange(
            initiativeID, kind: GovernanceChange.kind, payload: try RatifiedChanges.encode(stored),
            title: "Change the governance to \(request.model.label.lowercased())", proposal: proposal,
            permission: .initiative(initiativeID, .manageSettings), by: actor))
    }

    /// Opens a decision of the initiative's first reserved type carrying `payload`, applied at its seal if it passes.
    func proposeChange(
        _ initiativeID: UUID, kind: String, payload: String, title: String, proposal: String, permission: Permission, by actor: Actor
    ) async throws -> DecisionDTO {
        guard let type = try await reader.types(initiativeID).first(where: \.reserved) else {
            throw AppError.conflict(field: "typeId", message: "the initiative has no reserved decision type to ratify this change with")
        }
        let request = CreateDecisionRequest(typeId: type.id, title: String(title.prefix(200)), proposal: proposal, open: true)
        return try await create(initiativeID, request, change: (kind, payload), permission: permission, by: actor)
    }

    // MARK: Decisions

    struct DecisionInput: Sendable {
        var type: DecisionTypeDTO
        var title: String
        var proposal: String
        var closesAt: Date?
        var workstreamID: UUID?
        var supersedesID: UUID?
        var open: Bool
    }

    package func create(
        _ initiativeID: UUID, _ request: CreateDecisionRequest, change: (kind: String, payload: String)? = nil,
        permission: Permission? = nil, by actor: Actor
    ) async throws -> DecisionDTO {
        guard let authorID = actor.personID else { throw AppError.forbidden("a decision needs a person as its author") }
        let permission = permission ?? .initiative(initiativeID, .contribute)
        try await Policy.authorize(permission, actor: actor, on: db)
        let types = try await reader.types(initiativeID)
        let facts = try await reader.facts(initiativeID)
        let now = recorder.now()
        let streams = Set(try await (db as! any SQLDatabase).raw("SELECT id FROM workstreams WHERE initiative_id = \(bind: initiativeID)").all()
            .map { try $0.decode(column: "id", as: UUID.self) })
        var found: DecisionReader.DecisionRecord?
        if let earlier = request.supersedesId { found = try? await reader.record(earlier) }
        let supersedable = found
        let id = try await recorder.record(
            permission, by: actor,
            validate: { () -> DecisionInput in
                var checks = FieldChecks()
                let type = checks.run { () throws -> DecisionTypeDTO in
                    if let typeID = request.typeId {
                        guard let type = types.first(where: { $0.id == typeID }) else {
                            throw ValidationError(field: "typeId", "is not a decision type of this initiative")
                        }
                        return type
                    }
                    guard let type = types.first(where: \.isDefault) ?? types.first else {
                        throw ValidationError(field: "typeId", "is required: the initiative has no default decision type")
                    }
                    return type
                }
                let title = checks.run { try Validate.text(request.title, field: "title", maxLength: 200) }
                let proposal = checks.run { () throws -> String in
                    let text = try Validate.longText(request.proposal, field: "proposal", maxLength: 20_000)
                    guard !text.isEmpty else { throw ValidationError(field: "proposal", "is required") }
                    return text
                }
                let closesAt = checks.run { try Self.closingTime(request.closesAt, now: now) }
                checks.run {
                    if let stream = request.workstreamId, !streams.contains(stream) {
                        throw ValidationError(field: "workstreamId", "is not a workstream of this initiative")
                    }
                }
                checks.run {
                    guard let supersedes = request.supersedesId else { return }
                    guard let earlier = supersedable, earlier.initiativeID == initiativeID else {
                        throw ValidationError(field: "supersedesId", "is not a decision of this initiative")
                    }
                    guard earlier.status == .closed || earlier.status == .withdrawn else {
                        throw ValidationError(field: "supersedesId", "must be a closed decision (\(supersedes.uuidString.lowercased()) is still \(earlier.status.rawValue))")
                    }
                }
                try checks.finish()
                guard let type, let title, let proposal else { throw ValidationError(field: "title", "is required") }
                let open = request.open ?? false
                if open { try Self.checkOpenable(type.rules, governance: facts.governance) }
                return DecisionInput(
                    type: type, title: title, proposal: proposal, closesAt: closesAt ?? nil, workstreamID: request.workstreamId,
                    supersedesID: request.supersedesId, open: open)
            },
            apply: { db, input in
                let (id, events) = try await Self.insert(input, initiativeID: initiativeID, authorID: authorID, change: change, on: db, at: now)
                return Recorded(id, events)
            })
        return try await detail(id)
    }

    /// Writes a checked decision (and opens it when asked) inside a change's transaction. Features whose change is
    /// proposed together with rows of their own (a value metric, a scoring framework, an investment gate) call it from
    /// their own `apply`, with `ratificationInput` checked beforehand, so the rows and their decision commit together.
    static func insert(
        _ input: DecisionInput, initiativeID: UUID, authorID: UUID, change: (kind: String, payload: String)?, on db: any Database, at now: Date
    ) async throws -> (id: UUID, events: [EventDraft]) {
        var decision = DecisionRow(
            id: UUID(), initiativeID: initiativeID, typeID: input.type.id, workstreamID: input.workstreamID, supersedesID: input.supersedesID,
            authorID: authorID, title: input.title, proposal: input.proposal, status: DecisionStatus.draft.rawValue, version: 1,
            rules: try RatifiedChanges.encode(input.type.rules), closesAt: nil, openedAt: nil, closedAt: nil, number: nil, result: nil,
            adopted: nil, statement: nil, rationale: nil, reviewOn: nil, sealedTally: nil, changeKind: change?.kind,
            changePayload: change?.payload, changeState: change == nil ? nil : "proposed", createdAt: now)
        try await decision.insert(db)
        let id = decision.id
        try await DecisionVersionRow(decisionID: id, version: 1, title: input.title, proposal: input.proposal, authorID: authorID, at: now)
            .insert(db)
        var created: [String: JSONValue] = [
            "title": .string(input.title), "typeId": .id(input.type.id), "typeName": .string(input.type.name),
            "method": .string(input.type.method.rawValue), "workstreamId": .optional(input.workstreamID),
            "supersedesId": .optional(input.supersedesID),
        ]
        if let change { created["changeKind"] = .string(change.kind) }
        var events = [EventDraft(log: initiativeID, action: .decisionCreated, objectID: id, change: created)]
        if input.open {
            events += try await Self.open(&decision, rules: input.type.rules, closesAt: input.closesAt, on: db, at: now)
        }
        return (id, events)
    }

    /// The input of a decision that another feature opens to ratify its change: the type named (`typeId`, checked to be
    /// the initiative's and openable) or the initiative's default, opened at once with the type's default deadline.
    func ratificationInput(_ initiativeID: UUID, typeID: UUID?, title: String, proposal: String) async throws -> DecisionInput {
        let types = try await reader.types(initiativeID)
        let facts = try await reader.facts(initiativeID)
        let type: DecisionTypeDTO
        if let typeID {
            guard let named = types.first(where: { $0.id == typeID }) else {
                throw AppError.from(ValidationError(field: "typeId", "is not a decision type of this initiative"))
            }
            type = named
        } else {
            guard let fallback = types.first(where: \.isDefault) ?? types.first else {
                throw AppError.from(ValidationError(field: "typeId", "is required: the initiative has no default decision type"))
            }
            type = fallback
        }
        do { try Self.checkOpenable(type.rules, governance: facts.governance) } catch let error as ValidationError { throw AppError.from(error) }
        return DecisionInput(
            type: type, title: String(title.prefix(200)), proposal: String(proposal.prefix(20_000)), closesAt: nil, workstreamID: nil,
            supersedesID: nil, open: true)
    }

    /// `closesAt` as sent (RFC 3339, in the future, within a year), or nil for the type's default.
    static func closingTime(_ text: String?, now: Date) throws -> Date? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = formatter.date(from: text) ?? fractional.date(from: text) else {
            throw ValidationError(field: "closesAt", "must be a date and time like 2027-03-31T17:00:00Z")
        }
        guard date > now else { throw ValidationError(field: "closesAt", "must be in the future") }
        guard date <= now.addingTimeInterval(TimeInterval(DecisionRules.maximumDays) * 86_400) else {
            throw ValidationError(field: "closesAt", "must be within a year")
        }
        return Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// A type that cannot run on the initiative as it is now (a stake vote after the initiative became owner-led).
    static func checkOpenable(_ rules: DecisionRules, governance: GovernanceModel) throws {
        if rules.method == .stakeWeighted && governance != .jointVenture {
            throw ValidationError(field: "typeId", "is a stake-weighted vote, which needs a joint venture's stakes")
        }
    }

    /// Opens a draft inside the change's transaction: the rules and stakes freeze now, and the voters are told.
    static func open(_ decision: inout DecisionRow, rules: DecisionRules, closesAt: Date?, on db: any Database, at now: Date) async throws -> [EventDraft] {
        let stored = decision
        let reader = DecisionReader(db: db)
        let facts = try await reader.facts(decision.initiativeID)
        try checkOpenable(rules, governance: facts.governance)
        let closes = closesAt ?? Date(timeIntervalSince1970: now.addingTimeInterval(TimeInterval(rules.defaultDays) * 86_400).timeIntervalSince1970.rounded(.down))
        decision.status = DecisionStatus.open.rawValue
        decision.rules = try RatifiedChanges.encode(rules)
        decision.openedAt = now
        decision.closesAt = closes
        if rules.method == .stakeWeighted {
            decision.stakes = try RatifiedChanges.encode(facts.parties.reduce(into: [String: Int]()) { result, party in
                if let stake = party.stake { result[party.organizationID.uuidString.lowercased()] = stake.basisPoints }
            })
        }
        try await decision.update(db, changedFrom: stored)
        let id = decision.id
        let voters = try await reader.voters(decision.initiativeID)[rules.voters] ?? [:]
        try await DecisionNotices.opened(
            decisionID: id, initiativeID: decision.initiativeID, title: decision.title,
            people: Set(voters.keys).subtracting([decision.authorID]), on: db, at: now)
        return [EventDraft(
            log: decision.initiativeID, action: .decisionOpened, objectID: id,
            change: ["title": .string(decision.title), "closesAt": .string(LedgerEventBody.timestamp(closes))])]
    }

    /// The decision row inside a change, locked against concurrent votes and seals (PostgreSQL takes the row's lock
    /// with the UPDATE; SQLite's writes are serialized anyway). Because the row is locked, the change writes it back
    /// whole (`update(_:)`).
    static func locked(_ id: UUID, on db: any Database) async throws -> DecisionRow {
        try await DecisionRow.update(db, set: "version = version", where: "id = \(bind: id)")
        guard let decision = try await DecisionRow.find(id, db) else { throw AppError.notFound }
        return decision
    }

    static func rules(of decision: DecisionRow) throws -> DecisionRules { try DecisionRules(stored: decision.rules) }

    package func update(_ id: UUID, _ request: UpdateDecisionRequest, by actor: Actor) async throws -> DecisionDTO {
        let record = try await readable(id, by: actor)
        let now = recorder.now()
        _ = try await recorder.record(
            .initiative(record.initiativeID, .manageDecision(authorID: record.authorID)), by: actor,
            validate: { () -> (title: String?, proposal: String?, closesAt: Date?) in
                var checks = FieldChecks()
                let title = checks.run { try request.title.map { try Validate.text($0, field: "title", maxLength: 200) } }
                let proposal = checks.run { () throws -> String? in
                    guard let raw = request.proposal else { return nil }
                    let text = try Validate.longText(raw, field: "proposal", maxLength: 20_000)
                    guard !text.isEmpty else { throw ValidationError(field: "proposal", "is required") }
                    return text
                }
                let closesAt = checks.run { try Self.closingTime(request.closesAt, now: now) }
                try checks.finish()
                return (title ?? nil, proposal ?? nil, closesAt ?? nil)
            },
            apply: { db, input in
                var decision = try await Self.locked(id, on: db)
                let stored = decision
                let status = try DecisionStatus(stored: decision.status, column: "decisions.status")
                guard status == .draft || status == .open else {
                    throw AppError.conflict(field: "status", message: "a \(status.rawValue) decision changes no more")
                }
                var events: [EventDraft] = []
                if let closesAt = input.closesAt, closesAt != decision.closesAt {
                    decision.closesAt = closesAt
                    if status == .open {
                        events.append(EventDraft(
                            log: decision.initiativeID, action: .decisionOpened, objectID: id,
                            change: ["title": .string(input.title ?? decision.title), "closesAt": .string(LedgerEventBody.timestamp(closesAt))]))
                    }
                }
                let newTitle = input.title ?? decision.title, newProposal = input.proposal ?? decision.proposal
                if newTitle != decision.title || newProposal != decision.proposal {
                    let voted = try await DecisionVoteRow.exists(db, where: "decision_id = \(bind: id)")
                    decision.title = newTitle
                    decision.proposal = newProposal
                    if voted {
                        // After the first vote an edit is a new version: earlier votes still count and show their version.
                        decision.version += 1
                        try await DecisionVersionRow(
                            decisionID: id, version: decision.version, title: newTitle, proposal: newProposal,
                            authorID: actor.personID ?? decision.authorID, at: now
                        ).insert(db)
                        let voters = Set(try await DecisionVoteRow.all(db, where: "decision_id = \(bind: id) AND is_current = \(bind: true)").map(\.personID))
                        try await DecisionNotices.changed(
                            decisionID: id, initiativeID: decision.initiativeID, title: newTitle, version: decision.version,
                            people: voters.subtracting([actor.personID].compactMap { $0 }), on: db, at: now)
                    } else {
                        try await (db as! any SQLDatabase).raw("""
                            UPDATE decision_versions SET title = \(bind: newTitle), proposal = \(bind: newProposal)
                            WHERE decision_id = \(bind: id) AND version = \(bind: decision.version)
                            """).run()
                    }
                    events.append(EventDraft(
                        log: decision.initiativeID, action: .decisionRevised, objectID: id,
                        change: ["title": .string(newTitle), "version": .int(decision.version), "proposal": .string(newProposal)]))
                }
                try await decision.update(db, changedFrom: stored)
                return Recorded(id, events)
            })
        return try await detail(id)
    }

    func open(_ id: UUID, closesAt: String?, by actor: Actor) async throws -> DecisionDTO {
        let record = try await readable(id, by: actor)
        let now = recorder.now()
        _ = try await recorder.record(
            .initiative(record.initiativeID, .manageDecision(authorID: record.authorID)), by: actor,
            validate: { try Self.closingTime(closesAt, now: now) },
            apply: { db, closes in
                var decision = try await Self.locked(id, on: db)
                guard decision.status == DecisionStatus.draft.rawValue else {
                    throw AppError.conflict(field: "status", message: "only a draft opens; this decision is \(decision.status)")
                }
                // The type's rules as they are now: a draft waited, and its type may have changed meanwhile.
                guard let type = try await DecisionTypeRow.find(decision.typeID, db) else { throw AppError.notFound }
                return Recorded(id, try await Self.open(&decision, rules: try type.rules, closesAt: closes, on: db, at: now))
            })
        return try await detail(id)
    }

    package func withdraw(_ id: UUID, by actor: Actor) async throws -> DecisionDTO {
        let record = try await readable(id, by: actor)
        let now = recorder.now()
        _ = try await recorder.record(
            .initiative(record.initiativeID, .manageDecision(authorID: record.authorID)), by: actor,
            validate: {},
            apply: { db, _ in
                var decision = try await Self.locked(id, on: db)
                let stored = decision
                let status = try DecisionStatus(stored: decision.status, column: "decisions.status")
                guard status.canMove(to: .withdrawn) else {
                    throw AppError.conflict(field: "status", message: "a \(status.rawValue) decision cannot be withdrawn")
                }
                decision.status = DecisionStatus.withdrawn.rawValue
                decision.result = DecisionResult.withdrawn.rawValue
                decision.closedAt = now
                let consequences = try await RatifiedChanges.markNotApplied(&decision, on: db, at: now)
                try await decision.update(db, changedFrom: stored)
                return Recorded(id, [EventDraft(
                    log: decision.initiativeID, action: .decisionWithdrawn, objectID: id, change: ["title": .string(decision.title)])] + consequences)
            })
        return try await detail(id)
    }

    // MARK: Votes

    package func vote(_ id: UUID, _ request: VoteRequest, by person: SignedInPerson) async throws -> VoteDTO {
        let record = try await readable(id, by: person.actor)
        let now = recorder.now()
        let voteID = try await recorder.record(
            .initiative(record.initiativeID, .voteOnDecision(voters: record.rules.voters)), by: person.actor,
            validate: { try DecisionVoteRules.validate(position: request.position, reason: request.reason, rules: record.rules) },
            apply: { db, input in
                let (position, reason) = input
                let decision = try await Self.locked(id, on: db)
                guard decision.status == DecisionStatus.open.rawValue else {
                    throw AppError.conflict(field: "position", message: decision.number != nil || decision.status == DecisionStatus.closed.rawValue
                        ? "the decision is sealed: it takes no more votes" : "the decision is \(decision.status), not open for votes")
                }
                if let closes = decision.closesAt, closes <= now {
                    throw AppError.conflict(field: "position", message: "voting closed at \(LedgerEventBody.timestamp(closes))")
                }
                try await (db as! any SQLDatabase).raw("""
                    UPDATE decision_votes SET is_current = \(bind: false)
                    WHERE decision_id = \(bind: id) AND person_id = \(bind: person.id) AND is_current = \(bind: true)
                    """).run()
                let vote = DecisionVoteRow(
                    id: UUID(), decisionID: id, personID: person.id, organizationID: person.organizationID, position: position.rawValue,
                    reason: reason, version: decision.version, isCurrent: true, nonce: Secrets.make(prefix: ""), answer: nil, castAt: now)
                try await vote.insert(db)
                var change: [String: JSONValue] = ["title": .string(decision.title), "version": .int(decision.version)]
                if record.rules.hiddenUntilClosed {
                    // The log holds a commitment, not the position: it is checkable once the seal shows the nonce.
                    let digest = SHA256.hash(data: Data("\(vote.nonce):\(position.rawValue):\(reason ?? "")".utf8))
                    change["commitment"] = .string(digest.map { String(format: "%02x", $0) }.joined())
                } else {
                    change["position"] = .string(position.rawValue)
                    if let reason { change["reason"] = .string(reason) }
                }
                return Recorded(vote.id, EventDraft(log: decision.initiativeID, action: .decisionVoted, objectID: id, change: change))
            })
        guard let vote = try await reader.vote(voteID) else { throw AppError.notFound }
        return reader.voteDTOs([vote], sealed: false, hidden: false)[0]
    }

    // MARK: Closing and sealing

    /// Closes early (the author or an owner admin, once every eligible voter has voted).
    package func close(_ id: UUID, by actor: Actor) async throws -> DecisionDTO {
        let record = try await readable(id, by: actor)
        let now = recorder.now()
        _ = try await recorder.record(
            .initiative(record.initiativeID, .manageDecision(authorID: record.authorID)), by: actor,
            validate: {},
            apply: { db, _ in Recorded(id, try await Self.close(id, early: true, on: db, at: now)) })
        return try await detail(id)
    }

    /// `'open'` written into the statement: the deadline index is partial on it, and SQLite uses a partial index
    /// only when the query says the same literal.
    static let openLiteral: SQLQueryString = "'\(unsafeRaw: DecisionStatus.open.rawValue)'"

    /// Closes every open decision past its deadline, each in its own change by the server (the operator). Run at
    /// start-up and by `DecisionDeadlines`, so a restart never skips one. Returns how many closed.
    func closeDue() async throws -> Int {
        let now = recorder.now()
        let due = try await (db as! any SQLDatabase).raw("""
            SELECT id FROM decisions WHERE status = \(Self.openLiteral) AND closes_at <= \(bind: now) ORDER BY closes_at, id
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        var closed = 0
        for id in due where try await closeAtDeadline(id) { closed += 1 }
        return closed
    }

    /// Closes one decision whose deadline has passed, as the server; false when someone closed it meanwhile.
    @discardableResult
    package func closeAtDeadline(_ id: UUID) async throws -> Bool {
        let now = recorder.now()
        do {
            _ = try await recorder.record(
                .operatorOnly, by: .operator, validate: {},
                apply: { db, _ in Recorded(id, try await Self.close(id, early: false, on: db, at: now)) })
            return true
        } catch let error as AppError {
            // Closed meanwhile by someone else (409): nothing left to do.
            if case .conflict = error { return false }
            throw error
        }
    }

    /// The close inside a transaction: advice waits for the owner's outcome (unless its quorum failed); every other
    /// method is sealed at once.
    static func close(_ id: UUID, early: Bool, on db: any Database, at now: Date) async throws -> [EventDraft] {
        var decision = try await locked(id, on: db)
        let stored = decision
        guard decision.status == DecisionStatus.open.rawValue else {
            throw AppError.conflict(field: "status", message: "the decision is \(decision.status), not open")
        }
        let rules = try rules(of: decision)
        let (tally, ballots, electorate, facts) = try await count(decision, rules: rules, on: db)
        if early {
            guard tally.voted == tally.eligible && tally.eligible > 0 else {
                throw AppError.conflict(
                    field: "status", message: "it closes early only once every eligible voter has voted (\(tally.voted) of \(tally.eligible) so far)")
            }
        } else if let closes = decision.closesAt, closes > now {
            throw AppError.conflict(field: "status", message: "the decision is open until \(LedgerEventBody.timestamp(closes))")
        }
        decision.status = DecisionStatus.closed.rawValue
        decision.closedAt = now
        guard let result = DecisionCount.result(tally, ballots: ballots, electorate: electorate, rules: rules, governance: facts.governance) else {
            try await decision.update(db, changedFrom: stored)
            try await DecisionNotices.awaitingOutcome(decision, facts: facts, on: db, at: now)
            return [EventDraft(log: decision.initiativeID, action: .decisionClosed, objectID: id, change: ["title": .string(decision.title)])]
        }
        let tallyDTO = DecisionReader.tallyDTO(ballots: ballots, electorate: electorate, rules: rules, facts: facts)
        return try await seal(
            &decision, storedAs: stored, result: result, adopted: nil, statement: nil, rationale: nil, reviewOn: nil, tally: tallyDTO, on: db,
            at: now)
    }

    /// The current ballots counted against today's electorate and the decision's frozen rules and stakes.
    static func count(_ decision: DecisionRow, rules: DecisionRules, on db: any Database) async throws
        -> (DecisionTally, [Ballot], Electorate, DecisionReader.Facts)
    {
        let reader = DecisionReader(db: db)
        let id = decision.id
        let facts = try await reader.facts(decision.initiativeID)
        let voters = try await reader.voters(decision.initiativeID)[rules.voters] ?? [:]
        let stakes = (decision.stakes.flatMap { try? JSONDecoder().decode([String: Int].self, from: Data($0.utf8)) } ?? [:])
            .reduce(into: [UUID: Stake]()) { result, entry in if let party = UUID(uuidString: entry.key) { result[party] = Stake(basisPoints: entry.value) } }
        let electorate = DecisionReader.electorate(voters: voters, facts: facts, stakes: stakes)
        let ballots = try await reader.votes(of: [id], currentOnly: true)
            .map { Ballot(personID: $0.personID, partyID: $0.organizationID, position: $0.position) }
        return (DecisionCount.tally(ballots, electorate: electorate, rules: rules), ballots, electorate, facts)
    }

    /// Seals a decision: the register's next number, the result and the tally as they stand, the proposed change
    /// applied (or not), deadlock flagged. Nothing about it changes afterwards.
    static func seal(
        _ decision: inout DecisionRow, storedAs stored: DecisionRow, result: DecisionResult, adopted: Bool?, statement: String?, rationale: String?, reviewOn: String?,
        tally: TallyDTO, on db: any Database, at now: Date
    ) async throws -> [EventDraft] {
        let id = decision.id
        let sql = db as! any SQLDatabase
        // One UPDATE … RETURNING per seal: concurrent seals of one initiative queue on the register's row.
        guard let row = try await sql.raw("""
            INSERT INTO decision_registers (initiative_id, last_number) VALUES (\(bind: decision.initiativeID), 1)
            ON CONFLICT (initiative_id) DO UPDATE SET last_number = decision_registers.last_number + 1
            RETURNING last_number
            """).first() else { throw AppError.unavailable("the register gave no number") }
        let number = try row.decode(column: "last_number", as: Int.self)
        decision.number = number
        decision.result = result.rawValue
        decision.adopted = adopted
        decision.statement = statement
        decision.rationale = rationale
        decision.reviewOn = reviewOn
        decision.sealedTally = try RatifiedChanges.encode(tally)
        if decision.closedAt == nil { decision.closedAt = now }
        decision.status = DecisionStatus.closed.rawValue
        var events: [EventDraft] = []
        if let kind = decision.changeKind {
            if result.appliesChange(adopted: adopted) {
                guard let handler = RatifiedChanges.handler(kind) else {
                    throw StoredValueError(column: "decisions.change_kind", value: kind)
                }
                do {
                    events += try await handler.apply(payload: Data((decision.changePayload ?? "").utf8), initiativeID: decision.initiativeID, on: db, at: now)
                    decision.changeState = "applied"
                } catch let error as ValidationError {
                    decision.changeState = "lapsed"
                    decision.changeNote = "It no longer fitted the initiative: \(error.field) \(error.message)."
                }
            } else {
                events += try await RatifiedChanges.markNotApplied(&decision, on: db, at: now)
            }
        }
        let rules = try rules(of: decision)
        if rules.reserved, result.failed, let supersededID = decision.supersedesID,
           let superseded = try await DecisionRow.find(supersededID, db),
           let earlier = superseded.result.flatMap(DecisionResult.init(rawValue:)),
           Deadlock.isDeadlock(reserved: true, result: result, supersededResult: earlier) {
            decision.deadlockSince = superseded.deadlockSince ?? now
        }
        try await decision.update(db, changedFrom: stored)
        var sealed: [String: JSONValue] = [
            "title": .string(decision.title), "number": .string(DecisionNumber.format(number)), "result": .string(result.rawValue),
            "positions": .object(tally.positions.mapValues { .int($0) }), "eligible": .int(tally.eligible), "voted": .int(tally.voted),
        ]
        if let adopted { sealed["adopted"] = .bool(adopted) }
        if let state = decision.changeState { sealed["changeState"] = .string(state) }
        if decision.deadlockSince != nil { sealed["deadlock"] = .bool(true) }
        try await DecisionNotices.sealed(decision, number: DecisionNumber.format(number), result: result, on: db, at: now)
        return [EventDraft(log: decision.initiativeID, action: .decisionSealed, objectID: id, change: sealed)] + events
    }

    /// The owner's outcome of a closed advice decision, answering every objection: it seals the decision.
    package func recordOutcome(_ id: UUID, _ request: OutcomeRequest, by actor: Actor) async throws -> DecisionDTO {
        let record = try await readable(id, by: actor)
        let now = recorder.now()
        // The state first: an outcome too early or a second one is a conflict, whatever its fields say (checked again
        // inside the change, against a concurrent seal).
        try await Policy.authorize(.initiative(record.initiativeID, .decideAfterAdvice), actor: actor, on: db)
        try Self.checkAwaitingOutcome(rules: record.rules, status: record.status, sealed: record.result != nil)
        let objections = try await reader.votes(of: [id], currentOnly: true).filter { $0.position == .object }.map(\.id)
        _ = try await recorder.record(
            .initiative(record.initiativeID, .decideAfterAdvice), by: actor,
            validate: { () -> (adopted: Bool, statement: String, rationale: String?, reviewOn: String?, answers: [UUID: String]) in
                var checks = FieldChecks()
                let adopted = checks.run { () throws -> Bool in
                    guard let adopted = request.adopted else { throw ValidationError(field: "adopted", "is required: say whether the proposal is taken") }
                    return adopted
                }
                let statement = checks.run { try Validate.longText(request.statement, field: "statement", maxLength: 5000) }
                checks.run { if statement == "" { throw ValidationError(field: "statement", "is required") } }
                let rationale = checks.run { try Validate.longText(request.rationale, field: "rationale", maxLength: 10_000) }
                let reviewOn = checks.run { () throws -> String? in
                    guard let raw = request.reviewOn?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
                    return try CalendarDate(parsing: raw, field: "reviewOn").description
                }
                var answers: [UUID: String] = [:]
                for answer in request.answers ?? [] {
                    answers[answer.voteId] = answer.answer.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                checks.run { try AdviceOutcomeRules.validate(objections: objections, answers: answers) }
                try checks.finish()
                guard let adopted, let statement else { throw ValidationError(field: "adopted", "is required") }
                return (adopted, statement, (rationale ?? "").isEmpty ? nil : rationale, reviewOn ?? nil, answers)
            },
            apply: { db, input in
                var decision = try await Self.locked(id, on: db)
                let stored = decision
                let rules = try Self.rules(of: decision)
                try Self.checkAwaitingOutcome(
                    rules: rules, status: try DecisionStatus(stored: decision.status, column: "decisions.status"), sealed: decision.result != nil)
                for (voteID, answer) in input.answers {
                    try await (db as! any SQLDatabase).raw("""
                        UPDATE decision_votes SET answer = \(bind: answer) WHERE id = \(bind: voteID) AND decision_id = \(bind: id)
                        """).run()
                }
                let (_, ballots, electorate, facts) = try await Self.count(decision, rules: rules, on: db)
                let tally = DecisionReader.tallyDTO(ballots: ballots, electorate: electorate, rules: rules, facts: facts)
                return Recorded(id, try await Self.seal(
                    &decision, storedAs: stored, result: .decided, adopted: input.adopted, statement: input.statement, rationale: input.rationale,
                    reviewOn: input.reviewOn, tally: tally, on: db, at: now))
            })
        return try await detail(id)
    }

    static func checkAwaitingOutcome(rules: DecisionRules, status: DecisionStatus, sealed: Bool) throws {
        guard rules.method == .ownerAfterAdvice else {
            throw AppError.conflict(field: "adopted", message: "only an advice decision takes the owner's outcome")
        }
        guard !sealed else { throw AppError.conflict(field: "adopted", message: "the decision is sealed: it takes no second outcome") }
        guard status == .closed else {
            throw AppError.conflict(field: "adopted", message: status == .open ? "the advice is still open until it closes" : "the decision is \(status.rawValue)")
        }
    }

    // MARK: Escalation ladder

    package func setLadder(_ initiativeID: UUID, _ request: EscalationLadderDTO, by actor: Actor) async throws -> EscalationLadder {
        let now = recorder.now()
        let members = Set(try await (db as! any SQLDatabase).raw("SELECT person_id FROM members WHERE initiative_id = \(bind: initiativeID)").all()
            .map { try $0.decode(column: "person_id", as: UUID.self) })
        return try await recorder.record(
            .initiative(initiativeID, .manageSettings), by: actor,
            validate: { () -> EscalationLadder in
                let ladder = try EscalationLadder(steps: request.steps.map { EscalationStep(name: $0.name, people: $0.people, days: $0.days) }).validated()
                for (index, step) in ladder.steps.enumerated() where !step.people.allSatisfy(members.contains) {
                    throw ValidationError(field: "steps[\(index)].people", "must be members of this initiative")
                }
                return ladder
            },
            apply: { db, ladder in
                let sql = db as! any SQLDatabase
                let steps = try RatifiedChanges.encode(ladder.steps)
                try await sql.raw("""
                    INSERT INTO escalation_ladders (initiative_id, steps, updated_at) VALUES (\(bind: initiativeID), \(bind: steps), \(bind: now))
                    ON CONFLICT (initiative_id) DO UPDATE SET steps = \(bind: steps), updated_at = \(bind: now)
                    """).run()
                return Recorded(ladder, EventDraft(
                    log: initiativeID, action: .escalationLadderChanged, objectID: initiativeID,
                    change: ["steps": .array(ladder.steps.map { .string($0.name) })]))
            })
    }
}

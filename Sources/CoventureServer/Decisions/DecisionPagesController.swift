import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The decision pages: parse → authorize → load → build the page model → render. A form refused for its fields
/// re-renders its page with every message beside its field and the input kept.
enum DecisionPagesController {
    // MARK: Loading

    static func viewer(_ req: Request, _ initiativeID: UUID) async throws -> InitiativeViewer {
        let viewer = try await Policy.viewer(personID: try req.person().id, initiativeID: initiativeID, on: req.db)
        try Policy.enforce(AccessPolicy.decide(.read, for: viewer))
        return viewer
    }

    static func allows(_ action: InitiativeAction, _ viewer: InitiativeViewer) -> Bool { AccessPolicy.decide(action, for: viewer) == .allow }

    static func workstreams(_ req: Request, _ initiativeID: UUID) async throws -> [(id: UUID, name: String)] {
        try await (req.db as! any SQLDatabase).raw("SELECT id, name FROM workstreams WHERE initiative_id = \(bind: initiativeID) ORDER BY name, id")
            .all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self)) }
    }

    /// The record, checked to belong to the initiative of the path.
    static func record(_ req: Request, _ initiativeID: UUID, _ decisionID: UUID) async throws -> DecisionReader.DecisionRecord {
        let record = try await DecisionReader(db: req.db).record(decisionID)
        guard record.initiativeID == initiativeID else { throw AppError.notFound }
        return record
    }

    static func registerModel(_ req: Request, _ initiativeID: UUID, viewer: InitiativeViewer) async throws -> DecisionRegisterPage.Model {
        let filter = try DecisionsAPIController.filter(req)
        let store = DecisionStore(request: req)
        let decisions = try await store.list(initiativeID, filter: filter)
        return DecisionRegisterPage.Model(
            initiative: try await InitiativeStore(request: req).detail(initiativeID), decisions: decisions,
            types: try await store.reader.types(initiativeID), workstreams: try await workstreams(req, initiativeID), filter: filter,
            canPropose: allows(.contribute, viewer), showSettings: allows(.manageSettings, viewer),
            awaitingMyVote: try await DecisionNeedsYou.awaiting(
                person: viewer.personID, initiativeIDs: [initiativeID],
                memberships: viewer.membership.map { [NeedsYouViewer.Initiative(id: initiativeID, name: "", membership: $0)] } ?? [],
                on: req.db
            ).reduce(into: []) {
                $0.insert($1.decisionID)
            })
    }

    static func decisionModel(
        _ req: Request, _ initiativeID: UUID, _ decisionID: UUID, values: [String: String] = [:], errors: [String: String] = [:]
    ) async throws -> DecisionPage.Model {
        let viewer = try await viewer(req, initiativeID)
        let record = try await record(req, initiativeID, decisionID)
        let store = DecisionStore(request: req)
        let decision = try await store.detail(decisionID)
        let votes = try await store.votes(record, viewer: viewer.personID)
        let versions = try await DecisionVersionRow.all(req.db, where: "decision_id = \(bind: decisionID)", orderBy: "version DESC")
            .map { DecisionPage.Version(version: $0.version, title: $0.title, proposal: $0.proposal, createdAt: $0.createdAt) }
        let members = try await InitiativeStore(request: req).members(initiativeID)
        let voteDecision = AccessPolicy.decide(.voteOnDecision(voters: record.rules.voters), for: viewer)
        var refusal: String?
        if case .forbidden(let reason) = voteDecision { refusal = "You can read this decision but not vote on it: \(reason)." }
        var supersedes: (id: UUID, label: String)?
        if let earlierID = record.supersedesID, let earlier = try? await DecisionReader(db: req.db).record(earlierID) {
            supersedes = (earlierID, (earlier.number.map { DecisionNumber.format($0) + " " } ?? "") + earlier.title)
        }
        var workstreamName: String?
        if let streamID = record.workstreamID {
            workstreamName = try await WorkstreamRow.find(streamID, req.db).map(\.name)
        }
        // Opening the decision reads its notifications.
        try await req.markNotificationsRead(subject: decisionID)
        return DecisionPage.Model(
            initiative: try await InitiativeStore(request: req).detail(initiativeID), decision: decision, rules: record.rules, votes: votes,
            versions: versions, viewerID: viewer.personID, canVote: voteDecision == .allow, voteRefusal: refusal,
            canManage: allows(.manageDecision(authorID: record.authorID), viewer),
            canDecide: allows(.decideAfterAdvice, viewer) && record.rules.method == .ownerAfterAdvice,
            workstreamName: workstreamName,
            supersedes: supersedes, names: Dictionary(members.map { ($0.personId, $0.name) }, uniquingKeysWith: { a, _ in a }),
            showSettings: allows(.manageSettings, viewer), values: values, errors: errors)
    }

    static func newModel(_ req: Request, _ initiativeID: UUID, values: [String: String] = [:], errors: [String: String] = [:]) async throws -> NewDecisionPage.Model {
        let viewer = try await viewer(req, initiativeID)
        let reader = DecisionReader(db: req.db)
        let closed = try await reader.records(initiativeID).filter { $0.status == .closed || $0.status == .withdrawn }
        return NewDecisionPage.Model(
            initiative: try await InitiativeStore(request: req).detail(initiativeID), types: try await reader.types(initiativeID),
            workstreams: try await workstreams(req, initiativeID),
            supersedable: closed.map { ($0.id, ($0.number.map { DecisionNumber.format($0) + " " } ?? "") + $0.title) },
            showSettings: allows(.manageSettings, viewer), values: values, errors: errors)
    }

    static func typesModel(
        _ req: Request, _ initiativeID: UUID, form: String? = nil, values: [String: String] = [:], errors: [String: String] = [:]
    ) async throws -> DecisionTypesPage.Model {
        let viewer = try await viewer(req, initiativeID)
        let reader = DecisionReader(db: req.db)
        let initiative = try await InitiativeStore(request: req).detail(initiativeID)
        return DecisionTypesPage.Model(
            initiative: initiative, types: try await reader.types(initiativeID), ladder: try await reader.ladder(initiativeID),
            members: try await InitiativeStore(request: req).members(initiativeID),
            canChangeTypes: allows(.manageDecisionTypes, viewer), canChangeLadder: allows(.manageSettings, viewer),
            hasPartners: initiative.parties.contains { $0.kind == .partner }, showSettings: allows(.manageSettings, viewer),
            form: form, values: values, errors: errors)
    }

    // MARK: Pages

    /// A hot read: served from the read cache for the initiative's revision (a vote or a seal is a new revision).
    @Sendable static func register(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await req.cachedRead("decision-register", initiative: id) { membership in
            let viewer = InitiativeViewer(personID: try req.person().id, membership: membership)
            return HTMLPage(document: DecisionRegisterPage.render(try await registerModel(req, id, viewer: viewer), context: req.pageContext))
        }
    }

    @Sendable static func new(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID")
        try await req.authorize(.initiative(id, .contribute))
        return HTMLPage(document: NewDecisionPage.render(try await newModel(req, id), context: req.pageContext))
    }

    @Sendable static func show(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID"), decisionID = try req.uuid("decisionID")
        return HTMLPage(document: DecisionPage.render(try await decisionModel(req, id, decisionID), context: req.pageContext))
    }

    @Sendable static func types(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID")
        return HTMLPage(document: DecisionTypesPage.render(try await typesModel(req, id), context: req.pageContext))
    }

    // MARK: Changes

    /// A `datetime-local` value ("2027-03-31T17:00", read as UTC) or RFC 3339, as the store reads it.
    static func closingTime(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if text.count == 16, text.dropFirst(10).first == "T" { return text + ":00Z" }
        if text.count == 19, text.dropFirst(10).first == "T" { return text + "Z" }
        return text
    }

    static func uuid(_ text: String?, field: String) throws -> UUID? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text) else { throw ValidationError(field: field, "must be chosen from the list") }
        return id
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await FormAction.run(req, authorize: .initiative(id, .contribute)) { form in
            var checks = FieldChecks()
            let type = checks.run { try uuid(form["typeId"], field: "typeId") }
            let stream = checks.run { try uuid(form["workstreamId"], field: "workstreamId") }
            let supersedes = checks.run { try uuid(form["supersedesId"], field: "supersedesId") }
            try checks.finish()
            let request = CreateDecisionRequest(
                typeId: type ?? nil, title: form["title"], proposal: form["proposal"], closesAt: closingTime(form["closesAt"]),
                workstreamId: stream ?? nil, supersedesId: supersedes ?? nil, open: form["open"] != "0")
            let decision = try await DecisionStore(request: req).create(id, request, by: try req.person().actor)
            return .redirect(.decision(.value(id), decision: .value(decision.id)),
                             saying: decision.status == .open ? "Decision opened for votes." : "Draft saved: open it for votes when it is ready.")
        } page: { form, errors in
            NewDecisionPage.render(try await newModel(req, id, values: form, errors: errors), context: req.pageContext)
        }
    }

    /// A decision form on the decision page: authorized for `permission`, re-rendering the decision page on refusal.
    static func decisionForm(
        _ req: Request, permission: @escaping (DecisionReader.DecisionRecord) -> Permission,
        version: (@Sendable (any Database) async throws -> [String: String])? = nil,
        _ change: @escaping (DecisionReader.DecisionRecord, [String: String]) async throws -> FormOutcome
    ) async throws -> Response {
        let id = try req.uuid("initiativeID"), decisionID = try req.uuid("decisionID")
        _ = try await viewer(req, id)
        let record = try await record(req, id, decisionID)
        return try await FormAction.run(req, authorize: permission(record), version: version) { form in
            try await change(record, form)
        } page: { form, errors in
            DecisionPage.render(try await decisionModel(req, id, decisionID, values: form, errors: errors), context: req.pageContext)
        }
    }

    static func back(_ record: DecisionReader.DecisionRecord) -> SiteURL {
        .decision(.value(record.initiativeID), decision: .value(record.id))
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let decisionID = try req.uuid("decisionID")
        let stored: @Sendable (any Database) async throws -> [String: String] = { db in
            DecisionPage.editedFields(try await DecisionStore(db: db, recorder: req.recorder).detail(decisionID))
        }
        return try await decisionForm(
            req, permission: { .initiative($0.initiativeID, .manageDecision(authorID: $0.authorID)) }, version: stored
        ) { record, form in
            let request = UpdateDecisionRequest(title: form["title"], proposal: form["proposal"], closesAt: closingTime(form["closesAt"]))
            let updated = try await DecisionStore(request: req).update(record.id, request, by: try req.person().actor)
            return .redirect(back(record), saying: updated.version > record.version
                ? "Saved as version \(updated.version): everyone who voted is asked to confirm or change their vote." : "Saved.")
        }
    }

    @Sendable static func vote(req: Request) async throws -> Response {
        try await decisionForm(req, permission: { .initiative($0.initiativeID, .voteOnDecision(voters: $0.rules.voters)) }) { record, form in
            _ = try await DecisionStore(request: req).vote(record.id, VoteRequest(position: form["position"], reason: form["reason"]), by: try req.person())
            return .redirect(back(record), saying: record.rules.hiddenUntilClosed
                ? "Vote recorded. It stays hidden until the decision closes." : "Vote recorded.")
        }
    }

    @Sendable static func open(req: Request) async throws -> Response {
        try await decisionForm(req, permission: { .initiative($0.initiativeID, .manageDecision(authorID: $0.authorID)) }) { record, _ in
            _ = try await DecisionStore(request: req).open(record.id, closesAt: nil, by: try req.person().actor)
            return .redirect(back(record), saying: "Decision opened for votes.")
        }
    }

    @Sendable static func close(req: Request) async throws -> Response {
        try await decisionForm(req, permission: { .initiative($0.initiativeID, .manageDecision(authorID: $0.authorID)) }) { record, _ in
            let closed = try await DecisionStore(request: req).close(record.id, by: try req.person().actor)
            return .redirect(back(record), saying: closed.number.map { "Closed and sealed as \($0)." } ?? "Closed: the owner now records the outcome.")
        }
    }

    @Sendable static func withdraw(req: Request) async throws -> Response {
        try await decisionForm(req, permission: { .initiative($0.initiativeID, .manageDecision(authorID: $0.authorID)) }) { record, _ in
            _ = try await DecisionStore(request: req).withdraw(record.id, by: try req.person().actor)
            return .redirect(back(record), saying: "Decision withdrawn.")
        }
    }

    @Sendable static func outcome(req: Request) async throws -> Response {
        try await decisionForm(req, permission: { .initiative($0.initiativeID, .decideAfterAdvice) }) { record, form in
            let answers = form.compactMap { key, value -> OutcomeRequest.Answer? in
                guard key.hasPrefix("answer-"), let id = UUID(uuidString: String(key.dropFirst("answer-".count))) else { return nil }
                return OutcomeRequest.Answer(voteId: id, answer: value)
            }
            let adopted: Bool? = switch form["adopted"] {
            case "true": true
            case "false": false
            default: nil
            }
            let sealed = try await DecisionStore(request: req).recordOutcome(
                record.id,
                OutcomeRequest(adopted: adopted, statement: form["statement"], rationale: form["rationale"], reviewOn: form["reviewOn"], answers: answers),
                by: try req.person().actor)
            return .redirect(back(record), saying: "Outcome sealed as \(sealed.number ?? "the next number").")
        }
    }

    // MARK: Types and ladder

    static func typeRequest(_ form: [String: String]) throws -> DecisionTypeRequest {
        var checks = FieldChecks()
        func int(_ name: String) -> Int? {
            checks.run { () throws -> Int? in
                guard let raw = form[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
                guard let value = Int(raw) else { throw ValidationError(field: name, "must be a whole number") }
                return value
            } ?? nil
        }
        let quorum = int("quorumPercent"), threshold = int("thresholdPercent"), days = int("defaultDays")
        try checks.finish()
        return DecisionTypeRequest(
            name: form["name"], method: form["method"].flatMap { $0.isEmpty ? nil : $0 }, voters: form["voters"], quorumPercent: quorum,
            everyPartyPresent: form["everyPartyPresent"] == "1", thresholdPercent: threshold, reasonRequired: form["reasonRequired"],
            hiddenUntilClosed: form["hiddenUntilClosed"] == "1", reserved: form["reserved"] == "1", defaultDays: days,
            isDefault: form["isDefault"] == "1")
    }

    static func typeOutcome(_ outcome: DecisionStore.Outcome<DecisionTypeDTO>, initiativeID: UUID) -> FormOutcome {
        switch outcome {
        case .applied(let type): .redirect(.decisionTypes(.value(initiativeID)), saying: "Decision type “\(type.name)” saved.")
        case .proposed(let decision):
            .redirect(.decision(.value(initiativeID), decision: .value(decision.id)), saying: "Proposed as a decision for the partners to ratify.")
        }
    }

    @Sendable static func createType(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await FormAction.run(req, authorize: .initiative(id, .manageDecisionTypes)) { form in
            typeOutcome(try await DecisionStore(request: req).createType(id, try typeRequest(form), by: try req.person().actor), initiativeID: id)
        } page: { form, errors in
            DecisionTypesPage.render(try await typesModel(req, id, form: "new", values: form, errors: errors), context: req.pageContext)
        }
    }

    @Sendable static func updateType(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID"), typeID = try req.uuid("decisionTypeID")
        let stored: @Sendable (any Database) async throws -> [String: String] = { db in
            guard let type = try await DecisionReader(db: db).type(typeID), type.initiativeId == id else { throw AppError.notFound }
            return DecisionTypesPage.editedFields(type)
        }
        return try await FormAction.run(req, authorize: .initiative(id, .manageDecisionTypes), version: stored) { form in
            guard let type = try await DecisionReader(db: req.db).type(typeID), type.initiativeId == id else { throw AppError.notFound }
            return typeOutcome(try await DecisionStore(request: req).updateType(typeID, try typeRequest(form), by: try req.person().actor), initiativeID: id)
        } page: { form, errors in
            DecisionTypesPage.render(
                try await typesModel(req, id, form: typeID.uuidString.lowercased(), values: form, errors: errors), context: req.pageContext)
        }
    }

    /// `steps[2].days` → `step-2-days`.
    static func formField(_ field: String) -> String {
        guard field.hasPrefix("steps["), let close = field.firstIndex(of: "]") else { return field }
        let index = field[field.index(field.startIndex, offsetBy: 6)..<close]
        let rest = field[field.index(after: close)...].drop(while: { $0 == "." })
        return "step-\(index)" + (rest.isEmpty ? "" : "-\(rest)")
    }

    @Sendable static func saveLadder(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await FormAction.run(req, authorize: .initiative(id, .manageSettings)) { form in
            let members = try await InitiativeStore(request: req).members(id)
            let byEmail = Dictionary(members.map { ($0.email.lowercased(), $0.personId) }, uniquingKeysWith: { a, _ in a })
            var steps: [EscalationStepDTO] = []
            var checks = FieldChecks()
            for index in 0..<EscalationLadder.maximumSteps {
                let name = (form["step-\(index)-name"] ?? "").trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { continue }
                let days = checks.run { () throws -> Int in
                    guard let raw = form["step-\(index)-days"]?.trimmingCharacters(in: .whitespaces), let days = Int(raw) else {
                        throw ValidationError(field: "steps[\(index)].days", "must be a whole number of days")
                    }
                    return days
                }
                let people = checks.run { () throws -> [UUID] in
                    try (form["step-\(index)-people"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                        .filter { !$0.isEmpty }.map { email in
                            guard let id = byEmail[email] else {
                                throw ValidationError(field: "steps[\(index)].people", "names \(email), who is not a member of this initiative")
                            }
                            return id
                        }
                }
                steps.append(EscalationStepDTO(name: name, people: people ?? [], days: days ?? 0))
            }
            try checks.finish()
            _ = try await DecisionStore(request: req).setLadder(id, EscalationLadderDTO(steps: steps), by: try req.person().actor)
            return .redirect(.decisionTypes(.value(id)), saying: "Escalation ladder saved.")
        } page: { form, errors in
            // The ladder's rules name `steps[i].days`; the form's fields are `step-i-days` (brackets would make the form
            // a nested structure to the form decoder).
            let fieldErrors = Dictionary(errors.map { key, message in (Self.formField(key), message) }, uniquingKeysWith: { a, _ in a })
            return DecisionTypesPage.render(try await typesModel(req, id, form: "ladder", values: form, errors: fieldErrors), context: req.pageContext)
        }
    }
}

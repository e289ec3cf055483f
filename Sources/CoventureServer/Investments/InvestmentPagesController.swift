import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The investment pages: parse → authorize → load → build the page model → render. A form refused for its fields
/// re-renders its page with every message beside its field and the input kept.
enum InvestmentPagesController {
    // MARK: Loading

    static func viewer(_ req: Request, _ initiativeID: UUID) async throws -> InitiativeViewer {
        let viewer = try await Policy.viewer(personID: try req.person().id, initiativeID: initiativeID, on: req.db)
        try Policy.enforce(AccessPolicy.decide(.read, for: viewer))
        return viewer
    }

    static func allows(_ action: InitiativeAction, _ viewer: InitiativeViewer) -> Bool { AccessPolicy.decide(action, for: viewer) == .allow }

    /// The proposal, checked to belong to the initiative of the path (after the caller was checked to be a member).
    static func record(_ req: Request, _ initiativeID: UUID, _ proposalID: UUID) async throws -> InvestmentReader.ProposalRecord {
        _ = try await viewer(req, initiativeID)
        return try await record(of: req, initiativeID, proposalID)
    }

    /// The proposal of the path, for a caller already known to be a member.
    static func record(of req: Request, _ initiativeID: UUID, _ proposalID: UUID) async throws -> InvestmentReader.ProposalRecord {
        let record = try await InvestmentReader(db: req.db).record(proposalID)
        guard record.initiativeID == initiativeID else { throw AppError.notFound }
        return record
    }

    static func portfolioModel(_ req: Request, _ initiativeID: UUID, viewer: InitiativeViewer) async throws -> PortfolioPage.Model {
        let reader = InvestmentReader(db: req.db)
        let overview = try await reader.overview(initiativeID)
        return PortfolioPage.Model(
            initiative: try await InitiativeStore(request: req).detail(initiativeID),
            portfolio: try await reader.portfolio(initiativeID, sort: try InvestmentsAPIController.sort(req)),
            sort: try InvestmentsAPIController.sort(req), framework: overview.inForce,
            frameworkPending: overview.versions.contains { $0.status == .proposed },
            canPropose: allows(.contribute, viewer), showSettings: allows(.manageSettings, viewer))
    }

    static func proposalModel(
        _ req: Request, _ initiativeID: UUID, _ proposalID: UUID, form: String? = nil, values: [String: String] = [:], errors: [String: String] = [:]
    ) async throws -> ProposalPage.Model {
        let viewer = try await viewer(req, initiativeID)
        let record = try await record(of: req, initiativeID, proposalID)
        let reader = InvestmentReader(db: req.db)
        let proposal = try await reader.dtos([record], parties: try await reader.parties(initiativeID))[0]
        var criteria: [CriterionDTO] = []
        if let frameworkID = try await reader.frameworkID(of: record) {
            criteria = try await reader.criteria(of: [frameworkID])[frameworkID] ?? []
        }
        let sql = req.db as! any SQLDatabase
        let objectives = try await SQLLists.rows(req.db, "id", in: proposal.objectiveIds) { "SELECT id, title FROM objectives WHERE \($0) ORDER BY title, id" }
            .map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "title", as: String.self)) }
        let metricNames = Dictionary(try await metricNames(req, initiativeID).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let metrics = proposal.metricIds.compactMap { id in metricNames[id].map { (id: id, name: $0) } }
        let keyResults = try await SQLLists.rows(req.db, "id", in: proposal.tranches.compactMap(\.keyResultId)) { "SELECT id, title FROM key_results WHERE \($0)" }
            .reduce(into: [UUID: String]()) { $0[try $1.decode(column: "id", as: UUID.self)] = try $1.decode(column: "title", as: String.self) }
        var workstreamName: String?
        if let stream = record.workstreamID {
            workstreamName = try await sql.raw("SELECT name FROM workstreams WHERE id = \(bind: stream)").first()?.decode(column: "name", as: String.self)
        }
        let names = try await InitiativeStore(request: req).members(initiativeID).reduce(into: [UUID: String]()) { $0[$1.personId] = $1.name }
        return ProposalPage.Model(
            initiative: try await InitiativeStore(request: req).detail(initiativeID), proposal: proposal, criteria: criteria,
            objectives: objectives, metrics: metrics, keyResults: keyResults, workstreamName: workstreamName, names: names, viewerID: viewer.personID,
            decisionTypes: try await DecisionReader(db: req.db).types(initiativeID), canRate: allows(.contribute, viewer),
            canManage: allows(.manageProposal(authorID: record.authorID), viewer), canDecideGate: allows(.decideGate, viewer),
            showSettings: allows(.manageSettings, viewer), form: form, values: values, errors: errors)
    }

    static func formModel(
        _ req: Request, _ initiativeID: UUID, editing: ProposalDTO?, values: [String: String]? = nil, errors: [String: String] = [:]
    ) async throws -> ProposalFormPage.Model {
        let viewer = try await viewer(req, initiativeID)
        let reader = InvestmentReader(db: req.db)
        let sql = req.db as! any SQLDatabase
        let keyResults = try await sql.raw("""
            SELECT k.id, k.title FROM key_results k JOIN objectives o ON o.id = k.objective_id
            WHERE o.initiative_id = \(bind: initiativeID) ORDER BY k.title, k.id
            """).all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "title", as: String.self)) }
        let objectives = try await sql.raw("SELECT id, title FROM objectives WHERE initiative_id = \(bind: initiativeID) ORDER BY title, id")
            .all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "title", as: String.self)) }
        let metrics = try await metricNames(req, initiativeID)
        return ProposalFormPage.Model(
            initiative: try await InitiativeStore(request: req).detail(initiativeID), editing: editing,
            parties: try await reader.parties(initiativeID), keyResults: keyResults, objectives: objectives, metrics: metrics,
            workstreams: try await DecisionPagesController.workstreams(req, initiativeID), showSettings: allows(.manageSettings, viewer),
            values: values ?? editing.map(ProposalFormPage.editedFields) ?? [:], errors: errors)
    }

    /// The initiative's value metrics by the name of the definition they show (in force, or proposed).
    static func metricNames(_ req: Request, _ initiativeID: UUID) async throws -> [(id: UUID, name: String)] {
        try await (req.db as! any SQLDatabase).raw("""
            SELECT m.id, d.name FROM value_metrics m JOIN value_metric_definitions d ON d.id = m.definition_id
            WHERE m.initiative_id = \(bind: initiativeID) ORDER BY d.name, m.id
            """).all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self)) }
    }

    static func frameworkModel(_ req: Request, _ initiativeID: UUID, values: [String: String]? = nil, errors: [String: String] = [:]) async throws
        -> ScoringFrameworkPage.Model
    {
        let viewer = try await viewer(req, initiativeID)
        let overview = try await InvestmentReader(db: req.db).overview(initiativeID)
        let names = try await InitiativeStore(request: req).members(initiativeID).reduce(into: [UUID: String]()) { $0[$1.personId] = $1.name }
        return ScoringFrameworkPage.Model(
            initiative: try await InitiativeStore(request: req).detail(initiativeID), overview: overview,
            decisionTypes: try await DecisionReader(db: req.db).types(initiativeID), names: names,
            canPropose: allows(.proposeScoringFramework, viewer), showSettings: allows(.manageSettings, viewer),
            values: values ?? ScoringFrameworkPage.values(overview.inForce), errors: errors)
    }

    // MARK: Pages

    /// A hot read: served from the read cache for the initiative's revision (a rating or a release is a new revision).
    @Sendable static func portfolio(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        // Membership before the query is read: an outsider learns nothing from a malformed `sort`.
        try await req.authorize(.initiative(id, .read))
        let sort = try InvestmentsAPIController.sort(req)
        return try await req.cachedRead("portfolio-\(sort.rawValue)", initiative: id) { membership in
            let viewer = InitiativeViewer(personID: try req.person().id, membership: membership)
            let model = try await portfolioModel(req, id, viewer: viewer), context = req.pageContext
            return try await RenderedHTML.render { PortfolioPage.render(model, context: context) }
        }
    }

    @Sendable static func new(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID")
        try await req.authorize(.initiative(id, .contribute))
        return HTMLPage(document: ProposalFormPage.render(try await formModel(req, id, editing: nil), context: req.pageContext))
    }

    @Sendable static func show(req: Request) async throws -> RenderedHTML {
        let id = try req.uuid("initiativeID"), proposalID = try req.uuid("proposalID")
        let model = try await proposalModel(req, id, proposalID), context = req.pageContext
        return try await RenderedHTML.render { ProposalPage.render(model, context: context) }
    }

    @Sendable static func edit(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID"), proposalID = try req.uuid("proposalID")
        let record = try await record(req, id, proposalID)
        try await req.authorize(.initiative(id, .manageProposal(authorID: record.authorID)))
        let proposal = try await InvestmentReader(db: req.db).dto(proposalID)
        return HTMLPage(document: ProposalFormPage.render(try await formModel(req, id, editing: proposal), context: req.pageContext))
    }

    @Sendable static func framework(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID")
        return HTMLPage(document: ScoringFrameworkPage.render(try await frameworkModel(req, id), context: req.pageContext))
    }

    // MARK: Changes

    /// A proposal form as a request: amounts typed in major units become minor units of the chosen currency. Also
    /// returns which party and tranche row each of the request's lines came from, to put an error back beside its input.
    static func proposalRequest(
        _ form: [String: String], parties: [(id: UUID, name: String)], objectives: [UUID], metrics: [UUID] = [], includeMoney: Bool
    ) throws
        -> (request: UpdateProposalRequest, pledgeParties: [UUID], trancheRows: [Int])
    {
        var checks = FieldChecks()
        let currency = (form["currency"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        func amount(_ name: String) -> Money? {
            checks.run { try Money.minorUnits(typed: form[name], currency: currency, field: name) }.flatMap { $0 }.map { Money(amount: $0, currency: currency) }
        }
        var request = UpdateProposalRequest(title: form["title"] ?? "", problem: form["problem"] ?? "", hypothesis: form["hypothesis"] ?? "")
        var pledgeParties: [UUID] = [], trancheRows: [Int] = []
        if includeMoney {
            request.ask = amount("ask") ?? Money(amount: 0, currency: currency)
            var pledges: [CreateProposalRequest.Pledge] = []
            for party in parties {
                let name = "pledge-\(party.id.uuidString.lowercased())"
                guard let text = form[name], !text.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                if let money = amount(name) {
                    pledges.append(.init(organizationId: party.id, amount: money))
                    pledgeParties.append(party.id)
                }
            }
            request.funding = pledges
            var tranches: [CreateProposalRequest.Tranche] = []
            for row in 1...ProposalFormPage.trancheRows {
                let amountText = form["tranche-amount-\(row)"] ?? "", milestone = form["tranche-milestone-\(row)"] ?? ""
                guard !(amountText.trimmingCharacters(in: .whitespaces).isEmpty && milestone.trimmingCharacters(in: .whitespaces).isEmpty) else { continue }
                let keyResult = checks.run { try DecisionPagesController.uuid(form["tranche-kr-\(row)"], field: "tranche-kr-\(row)") } ?? nil
                tranches.append(.init(amount: amount("tranche-amount-\(row)"), milestone: milestone, keyResultId: keyResult))
                trancheRows.append(row)
            }
            request.tranches = tranches
        }
        request.objectiveIds = objectives.filter { form["objective-\($0.uuidString.lowercased())"] == "on" }
        request.metricIds = metrics.filter { form["metric-\($0.uuidString.lowercased())"] == "on" }
        let stream = checks.run { try DecisionPagesController.uuid(form["workstreamId"], field: "workstreamId") } ?? nil
        request.workstreamId = stream
        try checks.finish()
        return (request, pledgeParties, trancheRows)
    }

    static func objectiveIDs(_ req: Request, _ initiativeID: UUID) async throws -> [UUID] {
        try await (req.db as! any SQLDatabase).raw("SELECT id FROM objectives WHERE initiative_id = \(bind: initiativeID)").all()
            .map { try $0.decode(column: "id", as: UUID.self) }
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        let parties = try await InvestmentReader(db: req.db).parties(id)
        let objectives = try await objectiveIDs(req, id)
        let metrics = try await metricNames(req, id).map(\.id)
        var lines: (pledges: [UUID], tranches: [Int]) = ([], [])
        return try await FormAction.run(req, authorize: .initiative(id, .contribute)) { form in
            let (update, pledges, tranches) = try proposalRequest(form, parties: parties, objectives: objectives, metrics: metrics, includeMoney: true)
            lines = (pledges, tranches)
            let request = CreateProposalRequest(
                title: update.title, problem: update.problem, hypothesis: update.hypothesis, ask: update.ask, funding: update.funding,
                tranches: update.tranches, objectiveIds: update.objectiveIds, metricIds: update.metricIds, workstreamId: update.workstreamId)
            let proposal = try await ProposalStore(request: req).create(id, request, by: try req.person().actor)
            return .redirect(.proposal(.value(id), proposal: .value(proposal.id)), saying: "Proposed: raters of every party can now score it.")
        } page: { form, errors in
            ProposalFormPage.render(
                try await formModel(req, id, editing: nil, values: form,
                                    errors: InvestmentViews.formErrors(errors, pledgeParties: lines.pledges, trancheRows: lines.tranches)),
                context: req.pageContext)
        }
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID"), proposalID = try req.uuid("proposalID")
        let record = try await record(req, id, proposalID)
        let parties = try await InvestmentReader(db: req.db).parties(id)
        let objectives = try await objectiveIDs(req, id)
        let metrics = try await metricNames(req, id).map(\.id)
        var lines: (pledges: [UUID], tranches: [Int]) = ([], [])
        let stored: @Sendable (any Database) async throws -> [String: String] = { db in
            ProposalFormPage.editedFields(try await InvestmentReader(db: db).dto(proposalID))
        }
        return try await FormAction.run(req, authorize: .initiative(id, .manageProposal(authorID: record.authorID)), version: stored) { form in
            let (request, pledges, tranches) = try proposalRequest(
                form, parties: parties, objectives: objectives, metrics: metrics, includeMoney: record.stage.planEditable)
            lines = (pledges, tranches)
            _ = try await ProposalStore(request: req).update(proposalID, request, by: try req.person().actor)
            return .redirect(.proposal(.value(id), proposal: .value(proposalID)), saying: "Saved.")
        } page: { form, errors in
            ProposalFormPage.render(
                try await formModel(req, id, editing: try await InvestmentReader(db: req.db).dto(proposalID), values: form,
                                    errors: InvestmentViews.formErrors(errors, pledgeParties: lines.pledges, trancheRows: lines.tranches)),
                context: req.pageContext)
        }
    }

    /// A form on the proposal page: authorized for `permission`, re-rendering the proposal page (that form's errors) on refusal.
    static func proposalForm(
        _ req: Request, name: String, permission: @escaping (InvestmentReader.ProposalRecord) -> Permission,
        mapErrors: @escaping ([String: String]) -> [String: String] = { $0 },
        _ change: @escaping (InvestmentReader.ProposalRecord, [String: String]) async throws -> FormOutcome
    ) async throws -> Response {
        let id = try req.uuid("initiativeID"), proposalID = try req.uuid("proposalID")
        let record = try await record(req, id, proposalID)
        return try await FormAction.run(req, authorize: permission(record)) { form in
            try await change(record, form)
        } page: { form, errors in
            ProposalPage.render(try await proposalModel(req, id, proposalID, form: name, values: form, errors: mapErrors(errors)), context: req.pageContext)
        }
    }

    static func back(_ record: InvestmentReader.ProposalRecord) -> SiteURL {
        .proposal(.value(record.initiativeID), proposal: .value(record.id))
    }

    @Sendable static func rate(req: Request) async throws -> Response {
        var sent: [UUID] = []
        return try await proposalForm(req, name: "rating", permission: { .initiative($0.initiativeID, .contribute) }, mapErrors: { errors in
            errors.reduce(into: [String: String]()) { result, entry in
                if entry.key.hasPrefix("scores["), let end = entry.key.firstIndex(of: "]"),
                   let index = Int(entry.key[entry.key.index(entry.key.startIndex, offsetBy: 7)..<end]), index < sent.count {
                    let prefix = entry.key.hasSuffix(".comment") ? "comment-" : "score-"
                    result[prefix + sent[index].uuidString.lowercased()] = entry.value
                } else {
                    result[entry.key] = entry.value
                }
            }
        }) { record, form in
            let reader = InvestmentReader(db: req.db)
            guard let frameworkID = try await reader.frameworkID(of: record) else {
                throw AppError.conflict(field: "scores", message: "the initiative has no ratified scoring framework yet")
            }
            var checks = FieldChecks()
            var scores: [RatingRequest.Score] = []
            for criterion in try await reader.criteria(of: [frameworkID])[frameworkID] ?? [] {
                let key = criterion.id.uuidString.lowercased()
                let value = checks.run { try DecimalInput.parse(form["score-\(key)"], field: "score-\(key)") } ?? nil
                guard let value else { continue }
                scores.append(.init(criterionId: criterion.id, value: NSDecimalNumber(decimal: value).doubleValue, comment: form["comment-\(key)"]))
            }
            try checks.finish()
            sent = scores.map(\.criterionId)
            _ = try await ProposalStore(request: req).rate(record.id, RatingRequest(scores: scores), by: try req.person().actor)
            return .redirect(back(record), saying: "Rating saved.")
        }
    }

    @Sendable static func openGate(req: Request) async throws -> Response {
        try await proposalForm(req, name: "gate", permission: { .initiative($0.initiativeID, .manageProposal(authorID: $0.authorID)) }) { record, form in
            let type = try DecisionPagesController.uuid(form["typeId"], field: "typeId")
            let proposal = try await ProposalStore(request: req).openGate(record.id, OpenGateRequest(typeId: type), by: try req.person().actor)
            return .redirect(back(record), saying: "Gate \(proposal.gates.count) opened: the partners now decide on releasing the next tranche.")
        }
    }

    @Sendable static func outcome(req: Request) async throws -> Response {
        try await proposalForm(req, name: "outcome", permission: { .initiative($0.initiativeID, .decideGate) }) { record, form in
            let outcome = (form["outcome"] ?? "").isEmpty ? nil : form["outcome"]
            let proposal = try await ProposalStore(request: req).update(
                record.id, UpdateProposalRequest(outcome: outcome ?? "", reason: form["reason"] ?? ""), by: try req.person().actor)
            let said: String = switch proposal.stage {
            case .killed: "Killed: nothing more is released."
            case .onHold: "On hold: a gate may open again later."
            default: "Recycled: back to rating, against the scoring framework in force."
            }
            return .redirect(back(record), saying: said)
        }
    }

    @Sendable static func proposeFramework(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        var rows: [Int] = []
        return try await FormAction.run(req, authorize: .initiative(id, .proposeScoringFramework)) { form in
            var checks = FieldChecks()
            var criteria: [ScoringFrameworkRequest.Criterion] = []
            for row in 1...ScoringFrameworkPage.criterionRows {
                guard let name = form["criterion-name-\(row)"], !name.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                let weight = checks.run { () throws -> Int? in
                    guard let text = form["criterion-weight-\(row)"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
                    guard let weight = Int(text) else { throw ValidationError(field: "criterion-weight-\(row)", "must be a whole number") }
                    return weight
                } ?? nil
                let low = checks.run { try DecimalInput.parse(form["criterion-min-\(row)"], field: "criterion-min-\(row)") } ?? nil
                let high = checks.run { try DecimalInput.parse(form["criterion-max-\(row)"], field: "criterion-max-\(row)") } ?? nil
                criteria.append(.init(
                    name: name, description: form["criterion-description-\(row)"], weight: weight,
                    min: low.map { NSDecimalNumber(decimal: $0).doubleValue }, max: high.map { NSDecimalNumber(decimal: $0).doubleValue },
                    decimals: form["criterion-decimals-\(row)"] == "on", direction: form["criterion-direction-\(row)"]))
                rows.append(row)
            }
            let type = checks.run { try DecisionPagesController.uuid(form["typeId"], field: "typeId") } ?? nil
            try checks.finish()
            let framework = try await ScoringFrameworkStore(request: req).propose(
                id, ScoringFrameworkRequest(criteria: criteria, typeId: type), by: try req.person().actor)
            return .redirect(.scoringFramework(.value(id)), saying: "Version \(framework.version) proposed: it is in force once its decision passes.")
        } page: { form, errors in
            let mapped = errors.reduce(into: [String: String]()) { result, entry in
                if entry.key.hasPrefix("criteria["), let end = entry.key.firstIndex(of: "]"),
                   let index = Int(entry.key[entry.key.index(entry.key.startIndex, offsetBy: 9)..<end]), index < rows.count,
                   let dot = entry.key.lastIndex(of: ".") {
                    result["criterion-\(entry.key[entry.key.index(after: dot)...])-\(rows[index])"] = entry.value
                } else {
                    result[entry.key] = entry.value
                }
            }
            return ScoringFrameworkPage.render(try await frameworkModel(req, id, values: form, errors: mapped), context: req.pageContext)
        }
    }
}

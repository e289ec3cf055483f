import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The value pages: parse → authorize → load → build the page model → render. A form refused for its fields
/// re-renders its page with every message beside its field and the input kept.
enum ValuePagesController {
    // MARK: Loading

    static func viewer(_ req: Request, _ initiativeID: UUID) async throws -> InitiativeViewer {
        let viewer = try await Policy.viewer(personID: try req.person().id, initiativeID: initiativeID, on: req.db)
        try Policy.enforce(AccessPolicy.decide(.read, for: viewer))
        return viewer
    }

    static func allows(_ action: InitiativeAction, _ viewer: InitiativeViewer) -> Bool { AccessPolicy.decide(action, for: viewer) == .allow }

    static func objectives(_ req: Request, _ initiativeID: UUID) async throws -> [(id: UUID, title: String)] {
        try await (req.db as! any SQLDatabase).raw("SELECT id, title FROM objectives WHERE initiative_id = \(bind: initiativeID) ORDER BY title, id")
            .all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "title", as: String.self)) }
    }

    /// The metric, checked to belong to the initiative of the path.
    static func metric(_ req: Request, _ initiativeID: UUID, _ metricID: UUID) async throws -> ValueReader.MetricRecord {
        let metric = try await ValueReader(db: req.db).metric(metricID)
        guard metric.initiativeID == initiativeID else { throw AppError.notFound }
        return metric
    }

    /// The dashboard: a fixed number of statements whatever the number of metrics and measurements.
    static func dashboardModel(_ req: Request, _ initiativeID: UUID, viewer: InitiativeViewer) async throws -> ValueDashboardPage.Model {
        let store = ValueStore(request: req)
        let initiative = try await InitiativeStore(request: req).detail(initiativeID)
        let organizations = Dictionary(initiative.parties.map { ($0.organizationId, $0.organizationName) }, uniquingKeysWith: { a, _ in a })
        let metrics = try await store.reader.metrics(initiativeID)
        let measurements = try await store.reader.measurements(initiativeID)
        let byMetric = Dictionary(grouping: measurements, by: \.metricID)
        let today = store.today
        return ValueDashboardPage.Model(
            initiative: initiative,
            metrics: metrics.map {
                ValueReader.dto($0, measurements: byMetric[$0.id] ?? [], today: today, organizations: organizations, history: false)
            },
            measurements: byMetric.mapValues { ValueReader.measurementDTOs($0, organizations: organizations) },
            canPropose: allows(.proposeValueMetric, viewer), showSettings: allows(.manageSettings, viewer))
    }

    static func metricModel(
        _ req: Request, _ initiativeID: UUID, _ metricID: UUID, form: String? = nil, values: [String: String] = [:], errors: [String: String] = [:]
    ) async throws -> ValueMetricPage.Model {
        let viewer = try await viewer(req, initiativeID)
        let record = try await metric(req, initiativeID, metricID)
        let store = ValueStore(request: req)
        let initiative = try await InitiativeStore(request: req).detail(initiativeID)
        let organizations = Dictionary(initiative.parties.map { ($0.organizationId, $0.organizationName) }, uniquingKeysWith: { a, _ in a })
        let records = try await store.reader.measurements(initiativeID, metric: metricID)
        let measurements = ValueReader.measurementDTOs(records, organizations: organizations)
        let metric = ValueReader.dto(record, measurements: records, today: store.today, organizations: organizations, history: true)
        let attestable = Set(measurements.filter {
            $0.correctedById == nil && allows(.attestMeasurement(recorderOrganizationID: $0.recorderOrganizationId), viewer)
        }.map(\.id))
        return ValueMetricPage.Model(
            initiative: initiative, metric: metric, measurements: measurements, objectives: try await objectives(req, initiativeID),
            types: try await DecisionReader(db: req.db).types(initiativeID),
            canRecord: record.inForce != nil && allows(.recordMeasurement, viewer), canPropose: allows(.proposeValueMetric, viewer),
            attestable: attestable, showSettings: allows(.manageSettings, viewer), form: form, values: values, errors: errors)
    }

    static func newModel(_ req: Request, _ initiativeID: UUID, values: [String: String] = [:], errors: [String: String] = [:]) async throws -> NewValueMetricPage.Model {
        let viewer = try await viewer(req, initiativeID)
        return NewValueMetricPage.Model(
            initiative: try await InitiativeStore(request: req).detail(initiativeID), objectives: try await objectives(req, initiativeID),
            types: try await DecisionReader(db: req.db).types(initiativeID), showSettings: allows(.manageSettings, viewer),
            values: values, errors: ValueComponents.formErrors(errors))
    }

    // MARK: Pages

    /// A hot read: served from the read cache for the initiative's revision (a measurement or a verdict is a new one).
    @Sendable static func dashboard(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await req.cachedRead("value-dashboard", initiative: id) { membership in
            let viewer = InitiativeViewer(personID: try req.person().id, membership: membership)
            let model = try await dashboardModel(req, id, viewer: viewer), context = req.pageContext
            return try await RenderedHTML.render { ValueDashboardPage.render(model, context: context) }
        }
    }

    @Sendable static func new(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID")
        try await req.authorize(.initiative(id, .proposeValueMetric))
        return HTMLPage(document: NewValueMetricPage.render(try await newModel(req, id), context: req.pageContext))
    }

    @Sendable static func show(req: Request) async throws -> HTMLPage {
        let id = try req.uuid("initiativeID"), metricID = try req.uuid("valueMetricID")
        return HTMLPage(document: ValueMetricPage.render(try await metricModel(req, id, metricID), context: req.pageContext))
    }

    // MARK: Changes

    static func uuid(_ text: String?, field: String) throws -> UUID? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text) else { throw ValidationError(field: field, "must be chosen from the list") }
        return id
    }

    static func blank(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return text
    }

    /// The form's definition as the API's request. `partial`: a change sends only what differs from nothing typed
    /// (every field is prefilled, so the form always sends the whole definition).
    static func definitionRequest(_ form: [String: String]) throws -> ValueMetricRequest {
        var checks = FieldChecks()
        let responsible = checks.run { try uuid(form["responsibleOrganizationId"], field: "responsibleOrganizationId") } ?? nil
        let objective = checks.run { try uuid(form["objectiveId"], field: "objectiveId") } ?? nil
        let type = checks.run { try uuid(form["typeId"], field: "typeId") } ?? nil
        try checks.finish()
        return ValueMetricRequest(
            name: form["name"] ?? "", unit: form["unit"] ?? "", direction: blank(form["direction"]) ?? "",
            baseline: ValuePointInput(value: blank(form["baselineValue"]).map(NumberInput.init), on: form["baselineOn"] ?? ""),
            target: ValuePointInput(value: blank(form["targetValue"]).map(NumberInput.init), by: form["targetBy"] ?? ""),
            method: form["method"] ?? "", cadence: blank(form["cadence"]) ?? "", responsibleOrganizationId: responsible,
            objectiveIds: objective.map { [$0] } ?? [], typeId: type)
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await FormAction.run(req, authorize: .initiative(id, .proposeValueMetric)) { form in
            let metric = try await ValueStore(request: req).propose(id, try definitionRequest(form), by: try req.person().actor)
            return .redirect(.valueMetric(.value(id), metric: .value(metric.id)),
                             saying: "Proposed: the metric is in force once its decision passes.")
        } page: { form, errors in
            NewValueMetricPage.render(try await newModel(req, id, values: form, errors: errors), context: req.pageContext)
        }
    }

    /// A form on the metric page: authorized for `permission`, re-rendering the metric page on refusal.
    static func metricForm(
        _ req: Request, form name: String? = nil, permission: @escaping (ValueReader.MetricRecord) -> Permission,
        version: (@Sendable (any Database) async throws -> [String: String])? = nil,
        _ change: @escaping (ValueReader.MetricRecord, [String: String]) async throws -> FormOutcome
    ) async throws -> Response {
        let id = try req.uuid("initiativeID"), metricID = try req.uuid("valueMetricID")
        _ = try await viewer(req, id)
        let record = try await metric(req, id, metricID)
        let formName = try name ?? req.parameters.get("measurementID").map { _ in try req.uuid("measurementID").uuidString.lowercased() }
        return try await FormAction.run(req, authorize: permission(record), version: version) { form in
            try await change(record, form)
        } page: { form, errors in
            ValueMetricPage.render(
                try await metricModel(req, id, metricID, form: formName, values: form,
                                      errors: formName == "definition" ? ValueComponents.formErrors(errors) : errors),
                context: req.pageContext)
        }
    }

    static func back(_ record: ValueReader.MetricRecord) -> SiteURL { .valueMetric(.value(record.initiativeID), metric: .value(record.id)) }

    @Sendable static func changeDefinition(req: Request) async throws -> Response {
        let metricID = try req.uuid("valueMetricID")
        let stored: @Sendable (any Database) async throws -> [String: String] = { db in
            ValueComponents.editedFields(try await ValueStore(db: db, recorder: req.recorder).detail(metricID))
        }
        return try await metricForm(
            req, form: "definition", permission: { .initiative($0.initiativeID, .proposeValueMetric) }, version: stored
        ) { record, form in
            let metric = try await ValueStore(request: req).changeDefinition(record.id, try definitionRequest(form), by: try req.person().actor)
            return .redirect(back(record), saying: "Version \(metric.pending?.version ?? metric.version) proposed: the definition in force stays in force until its decision passes.")
        }
    }

    @Sendable static func record(req: Request) async throws -> Response {
        try await metricForm(req, form: "measurement", permission: { .initiative($0.initiativeID, .recordMeasurement) }) { record, form in
            let corrects = try uuid(form["correctsId"], field: "correctsId")
            let request = MeasurementRequest(
                value: blank(form["value"]).map(NumberInput.init), on: form["on"], source: form["source"], evidence: form["evidence"],
                confirmed: form["confirmed"] == "1", correctsId: corrects)
            _ = try await ValueStore(request: req).record(record.id, request, by: try req.person().actor)
            return .redirect(back(record), saying: "Measurement recorded: another party can now attest or dispute it.")
        }
    }

    @Sendable static func verdict(req: Request) async throws -> Response {
        let measurementID = try req.uuid("measurementID")
        let measurement = try await ValueReader(db: req.db).measurement(measurementID)
        return try await metricForm(req, permission: { _ in
            .initiative(measurement.initiativeID, .attestMeasurement(recorderOrganizationID: measurement.recorderOrganizationID))
        }) { record, form in
            guard measurement.metricID == record.id else { throw AppError.notFound }
            let updated = try await ValueStore(request: req).verdict(
                measurementID, VerdictRequest(verdict: form["verdict"], reason: form["reason"]), by: try req.person().actor)
            return .redirect(back(record), saying: updated.state == .disputed ? "Disputed: your reason is shown with the measurement." : "Attested.")
        }
    }
}

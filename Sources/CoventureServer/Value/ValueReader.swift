import CoventureCore
import Fluent
import Foundation
import SQLKit

/// The value reads pages and the API share (issue #14): plain rows, a fixed number of statements whatever the number
/// of metrics, measurements or verdicts (one each for an initiative's metrics with their definitions, its
/// measurements, its verdicts).
struct ValueReader: Sendable {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    struct DefinitionRecord: Sendable {
        var id: UUID
        var version: Int
        var status: ValueMetricStatus
        var decisionID: UUID?
        var definition: ValueMetricDefinition
        var proposedBy: UUID
        var proposedAt: Date
        var decidedAt: Date?
    }

    struct MetricRecord: Sendable {
        var id: UUID
        var initiativeID: UUID
        var status: ValueMetricStatus
        /// The definition in force; nil until one is ratified.
        var definitionID: UUID?
        var createdAt: Date
        /// Oldest first.
        var definitions: [DefinitionRecord]

        var inForce: DefinitionRecord? { definitions.first { $0.id == definitionID } }
        /// What the metric is shown as: the definition in force, or the latest proposed before any is ratified.
        var shown: DefinitionRecord { inForce ?? definitions[definitions.count - 1] }
        /// A proposal waiting for its decision (other than the metric's first, when nothing is in force yet).
        var pending: DefinitionRecord? {
            guard let last = definitions.last, last.status == .proposed, last.id != shown.id else { return nil }
            return last
        }
        var latestDecisionID: UUID? { definitions.last?.decisionID }
    }

    struct VerdictRecord: Sendable {
        var id: UUID
        var measurementID: UUID
        var organizationID: UUID
        var personID: UUID
        var personName: String
        var verdict: MeasurementVerdict
        var reason: String
        var at: Date
    }

    struct MeasurementRecord: Sendable {
        var id: UUID
        var metricID: UUID
        var initiativeID: UUID
        var value: Decimal
        var on: CalendarDate
        var source: String
        var evidence: String
        var correctsID: UUID?
        var recordedBy: UUID
        var recordedByName: String
        var recorderOrganizationID: UUID
        var recordedAt: Date
        var verdicts: [VerdictRecord] = []

        var state: MeasurementState {
            MeasurementState.of(verdicts.map { .init(organizationID: $0.organizationID, verdict: $0.verdict, at: $0.at) })
        }
    }

    // MARK: Metrics

    static let metricColumns = """
        m.id AS metric_id, m.initiative_id, m.status AS metric_status, m.definition_id, m.created_at, d.id AS definition_row_id, d.version,
        d.status, d.decision_id, d.name, d.unit, d.direction, d.baseline_value, d.baseline_on, d.target_value, d.target_by, d.method,
        d.cadence, d.responsible_organization_id, d.objective_ids, d.proposed_by, d.proposed_at, d.decided_at
        """

    /// Every metric of the initiative with all its definitions, oldest metric first: one statement.
    func metrics(_ initiativeID: UUID) async throws -> [MetricRecord] {
        try Self.group(try await sql.raw("""
            SELECT \(unsafeRaw: Self.metricColumns) FROM value_metrics m JOIN value_metric_definitions d ON d.metric_id = m.id
            WHERE m.initiative_id = \(bind: initiativeID) ORDER BY m.created_at, m.id, d.version
            """).all())
    }

    /// One metric with its definitions, or 404.
    func metric(_ id: UUID) async throws -> MetricRecord {
        guard let metric = try Self.group(try await sql.raw("""
            SELECT \(unsafeRaw: Self.metricColumns) FROM value_metrics m JOIN value_metric_definitions d ON d.metric_id = m.id
            WHERE m.id = \(bind: id) ORDER BY d.version
            """).all()).first else { throw AppError.notFound }
        return metric
    }

    static func group(_ rows: [any SQLRow]) throws -> [MetricRecord] {
        var metrics: [MetricRecord] = []
        for row in rows {
            let id = try row.decode(column: "metric_id", as: UUID.self)
            let definition = try Self.definition(row)
            if metrics.last?.id == id {
                metrics[metrics.count - 1].definitions.append(definition)
            } else {
                metrics.append(MetricRecord(
                    id: id, initiativeID: try row.decode(column: "initiative_id", as: UUID.self),
                    status: try ValueMetricStatus(stored: try row.decode(column: "metric_status", as: String.self), column: "value_metrics.status"),
                    definitionID: try row.decode(column: "definition_id", as: UUID?.self),
                    createdAt: try row.decode(column: "created_at", as: Date.self), definitions: [definition]))
            }
        }
        return metrics
    }

    static func definition(_ row: any SQLRow) throws -> DefinitionRecord {
        func decimal(_ column: String) throws -> Decimal {
            let text = try row.decode(column: column, as: String.self)
            guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw StoredValueError(column: "value_metric_definitions.\(column)", value: text)
            }
            return value
        }
        func day(_ column: String) throws -> CalendarDate {
            let text = try row.decode(column: column, as: String.self)
            do { return try CalendarDate(parsing: text) } catch { throw StoredValueError(column: "value_metric_definitions.\(column)", value: text) }
        }
        let objectivesText = try row.decode(column: "objective_ids", as: String.self)
        guard let objectiveTexts = try? JSONDecoder().decode([String].self, from: Data(objectivesText.utf8)) else {
            throw StoredValueError(column: "value_metric_definitions.objective_ids", value: objectivesText)
        }
        return DefinitionRecord(
            id: try row.decode(column: "definition_row_id", as: UUID.self), version: try row.decode(column: "version", as: Int.self),
            status: try ValueMetricStatus(stored: try row.decode(column: "status", as: String.self), column: "value_metric_definitions.status"),
            decisionID: try row.decode(column: "decision_id", as: UUID?.self),
            definition: ValueMetricDefinition(
                name: try row.decode(column: "name", as: String.self), unit: try row.decode(column: "unit", as: String.self),
                direction: try MetricDirection(stored: try row.decode(column: "direction", as: String.self), column: "value_metric_definitions.direction"),
                baselineValue: try decimal("baseline_value"), baselineOn: try day("baseline_on"), targetValue: try decimal("target_value"),
                targetBy: try day("target_by"), method: try row.decode(column: "method", as: String.self),
                cadence: try MeasurementCadence(stored: try row.decode(column: "cadence", as: String.self), column: "value_metric_definitions.cadence"),
                responsibleOrganizationID: try row.decode(column: "responsible_organization_id", as: UUID.self),
                objectiveIDs: objectiveTexts.compactMap(UUID.init(uuidString:))),
            proposedBy: try row.decode(column: "proposed_by", as: UUID.self), proposedAt: try row.decode(column: "proposed_at", as: Date.self),
            decidedAt: try row.decode(column: "decided_at", as: Date?.self))
    }

    // MARK: Measurements

    /// The initiative's measurements (of one metric, when named), oldest day first, each with its verdicts: two
    /// statements.
    func measurements(_ initiativeID: UUID, metric metricID: UUID? = nil) async throws -> [MeasurementRecord] {
        let metricFilter: SQLQueryString = metricID.map { "AND v.metric_id = \(bind: $0)" } ?? ""
        var measurements = try await sql.raw("""
            SELECT v.id, v.metric_id, v.initiative_id, v.value, v.measured_on, v.source, v.evidence, v.corrects_id, v.recorded_by,
                p.name AS recorder_name, v.recorder_organization_id, v.recorded_at
            FROM value_measurements v JOIN people p ON p.id = v.recorded_by
            WHERE v.initiative_id = \(bind: initiativeID) \(metricFilter)
            ORDER BY v.measured_on, v.recorded_at, v.id
            """).all().map(Self.measurement)
        let verdictFilter: SQLQueryString = metricID.map {
            "AND w.measurement_id IN (SELECT id FROM value_measurements WHERE metric_id = \(bind: $0))"
        } ?? ""
        let verdicts = try await sql.raw("""
            SELECT w.id, w.measurement_id, w.organization_id, w.person_id, p.name AS person_name, w.verdict, w.reason, w.at
            FROM value_measurement_verdicts w JOIN people p ON p.id = w.person_id
            WHERE w.initiative_id = \(bind: initiativeID) \(verdictFilter)
            ORDER BY w.at, w.id
            """).all().map(Self.verdict)
        let byMeasurement = Dictionary(grouping: verdicts, by: \.measurementID)
        for index in measurements.indices { measurements[index].verdicts = byMeasurement[measurements[index].id] ?? [] }
        return measurements
    }

    /// One measurement with its verdicts, or 404.
    func measurement(_ id: UUID) async throws -> MeasurementRecord {
        guard var measurement = try await sql.raw("""
            SELECT v.id, v.metric_id, v.initiative_id, v.value, v.measured_on, v.source, v.evidence, v.corrects_id, v.recorded_by,
                p.name AS recorder_name, v.recorder_organization_id, v.recorded_at
            FROM value_measurements v JOIN people p ON p.id = v.recorded_by WHERE v.id = \(bind: id)
            """).first().map(Self.measurement) else { throw AppError.notFound }
        measurement.verdicts = try await sql.raw("""
            SELECT w.id, w.measurement_id, w.organization_id, w.person_id, p.name AS person_name, w.verdict, w.reason, w.at
            FROM value_measurement_verdicts w JOIN people p ON p.id = w.person_id WHERE w.measurement_id = \(bind: id) ORDER BY w.at, w.id
            """).all().map(Self.verdict)
        return measurement
    }

    /// What recording a measurement needs to know, in two statements whatever the metric's history: the latest current
    /// values (oldest first, at most `MeasurementSpread.window`, leaving out `excluding`, the one a correction
    /// replaces), and, for a correction, the measurement it names (its metric) and whether something corrects it already.
    struct RecordingFacts: Sendable {
        var recent: [Decimal]
        var corrected: (metricID: UUID, alreadyCorrected: Bool)?
    }

    func recordingFacts(metric metricID: UUID, correcting correctsID: UUID?) async throws -> RecordingFacts {
        let rows = try await sql.raw("""
            SELECT v.id, v.value FROM value_measurements v
            WHERE v.metric_id = \(bind: metricID) AND NOT EXISTS (SELECT 1 FROM value_measurements c WHERE c.corrects_id = v.id)
            ORDER BY v.measured_on DESC, v.recorded_at DESC, v.id DESC LIMIT \(unsafeRaw: String(MeasurementSpread.window + 1))
            """).all()
        var recent: [Decimal] = []
        for row in rows where try row.decode(column: "id", as: UUID.self) != correctsID {
            let text = try row.decode(column: "value", as: String.self)
            guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw StoredValueError(column: "value_measurements.value", value: text)
            }
            recent.append(value)
        }
        var facts = RecordingFacts(recent: Array(recent.prefix(MeasurementSpread.window).reversed()))
        if let correctsID, let row = try await sql.raw("""
            SELECT v.metric_id, (SELECT COUNT(*) FROM value_measurements c WHERE c.corrects_id = v.id) AS corrections
            FROM value_measurements v WHERE v.id = \(bind: correctsID)
            """).first() {
            facts.corrected = (try row.decode(column: "metric_id", as: UUID.self), try row.decode(column: "corrections", as: Int.self) > 0)
        }
        return facts
    }

    /// The id of the measurement correcting `id`, if one does.
    func correction(of id: UUID) async throws -> UUID? {
        try await sql.raw("SELECT id FROM value_measurements WHERE corrects_id = \(bind: id)").first()?.decode(column: "id", as: UUID.self)
    }

    static func measurement(_ row: any SQLRow) throws -> MeasurementRecord {
        let valueText = try row.decode(column: "value", as: String.self)
        guard let value = Decimal(string: valueText, locale: Locale(identifier: "en_US_POSIX")) else {
            throw StoredValueError(column: "value_measurements.value", value: valueText)
        }
        let onText = try row.decode(column: "measured_on", as: String.self)
        guard let on = try? CalendarDate(parsing: onText) else { throw StoredValueError(column: "value_measurements.measured_on", value: onText) }
        return MeasurementRecord(
            id: try row.decode(column: "id", as: UUID.self), metricID: try row.decode(column: "metric_id", as: UUID.self),
            initiativeID: try row.decode(column: "initiative_id", as: UUID.self), value: value, on: on,
            source: try row.decode(column: "source", as: String.self), evidence: try row.decode(column: "evidence", as: String.self),
            correctsID: try row.decode(column: "corrects_id", as: UUID?.self), recordedBy: try row.decode(column: "recorded_by", as: UUID.self),
            recordedByName: try row.decode(column: "recorder_name", as: String.self),
            recorderOrganizationID: try row.decode(column: "recorder_organization_id", as: UUID.self),
            recordedAt: try row.decode(column: "recorded_at", as: Date.self))
    }

    static func verdict(_ row: any SQLRow) throws -> VerdictRecord {
        VerdictRecord(
            id: try row.decode(column: "id", as: UUID.self), measurementID: try row.decode(column: "measurement_id", as: UUID.self),
            organizationID: try row.decode(column: "organization_id", as: UUID.self), personID: try row.decode(column: "person_id", as: UUID.self),
            personName: try row.decode(column: "person_name", as: String.self),
            verdict: try MeasurementVerdict(stored: try row.decode(column: "verdict", as: String.self), column: "value_measurement_verdicts.verdict"),
            reason: try row.decode(column: "reason", as: String.self), at: try row.decode(column: "at", as: Date.self))
    }

    // MARK: Standing

    /// Where a metric stands, from its current measurements (those no correction replaced), oldest day first.
    struct Standing: Sendable {
        var current: [MeasurementRecord]
        var latest: MeasurementRecord?
        var fractionOfWay: Double?
        var variance: Decimal?
        var nextDue: CalendarDate?
        var overdue: Bool
    }

    /// The measurements no correction replaced.
    static func current(_ measurements: [MeasurementRecord]) -> [MeasurementRecord] {
        let corrected = Set(measurements.compactMap(\.correctsID))
        return measurements.filter { !corrected.contains($0.id) }
    }

    static func standing(_ metric: MetricRecord, measurements: [MeasurementRecord], today: CalendarDate) -> Standing {
        let current = Self.current(measurements)
        let definition = metric.shown.definition
        let latest = current.last
        var standing = Standing(current: current, latest: latest, overdue: false)
        if let latest {
            standing.fractionOfWay = ValueProgress.fractionOfWay(
                baseline: definition.baselineValue, target: definition.targetValue, value: latest.value)
            standing.variance = ValueProgress.variance(target: definition.targetValue, value: latest.value)
        }
        if metric.status == .ratified {
            let due = MeasurementSchedule.nextDue(lastMeasuredOn: latest?.on, baselineOn: definition.baselineOn, cadence: definition.cadence)
            standing.nextDue = due
            standing.overdue = MeasurementSchedule.isOverdue(nextDue: due, today: today)
        }
        return standing
    }

    // MARK: DTOs

    static func definitionDTO(_ record: DefinitionRecord, inForce: Bool) -> ValueMetricDefinitionDTO {
        let d = record.definition
        return ValueMetricDefinitionDTO(
            version: record.version, status: record.status, decisionId: record.decisionID, inForce: inForce, name: d.name, unit: d.unit,
            direction: d.direction, baseline: ValueBaselineDTO(value: ValueProgress.double(d.baselineValue) ?? 0, on: d.baselineOn.description),
            target: ValueTargetDTO(value: ValueProgress.double(d.targetValue) ?? 0, by: d.targetBy.description), method: d.method,
            cadence: d.cadence, responsibleOrganizationId: d.responsibleOrganizationID, objectiveIds: d.objectiveIDs,
            proposedById: record.proposedBy, proposedAt: record.proposedAt, decidedAt: record.decidedAt)
    }

    static func dto(
        _ metric: MetricRecord, measurements: [MeasurementRecord], today: CalendarDate, organizations: [UUID: String], history: Bool
    ) -> ValueMetricDTO {
        let shown = metric.shown
        let d = shown.definition
        let standing = Self.standing(metric, measurements: measurements, today: today)
        return ValueMetricDTO(
            id: metric.id, initiativeId: metric.initiativeID, status: metric.status, decisionId: metric.latestDecisionID, version: shown.version,
            name: d.name, unit: d.unit, direction: d.direction,
            baseline: ValueBaselineDTO(value: ValueProgress.double(d.baselineValue) ?? 0, on: d.baselineOn.description),
            target: ValueTargetDTO(value: ValueProgress.double(d.targetValue) ?? 0, by: d.targetBy.description), method: d.method,
            cadence: d.cadence, responsibleOrganizationId: d.responsibleOrganizationID,
            responsibleOrganizationName: organizations[d.responsibleOrganizationID] ?? "A former party", objectiveIds: d.objectiveIDs,
            pending: metric.pending.map { definitionDTO($0, inForce: false) },
            latestValue: standing.latest.flatMap { ValueProgress.double($0.value) }, latestOn: standing.latest?.on.description,
            latestState: standing.latest?.state, fractionOfWay: standing.fractionOfWay,
            variance: standing.variance.flatMap(ValueProgress.double), nextDueOn: standing.nextDue?.description, overdue: standing.overdue,
            measurementCount: standing.current.count, createdAt: metric.createdAt,
            history: history ? metric.definitions.map { definitionDTO($0, inForce: $0.id == metric.definitionID) } : nil)
    }

    static func measurementDTO(_ record: MeasurementRecord, correctedBy: UUID?, organizations: [UUID: String]) -> MeasurementDTO {
        MeasurementDTO(
            id: record.id, metricId: record.metricID, value: ValueProgress.double(record.value) ?? 0, on: record.on.description,
            source: record.source, evidence: record.evidence, correctsId: record.correctsID, correctedById: correctedBy,
            recordedById: record.recordedBy, recordedByName: record.recordedByName, recorderOrganizationId: record.recorderOrganizationID,
            recorderOrganizationName: organizations[record.recorderOrganizationID] ?? "A former party", recordedAt: record.recordedAt,
            state: record.state,
            verdicts: record.verdicts.map {
                VerdictDTO(
                    id: $0.id, organizationId: $0.organizationID, organizationName: organizations[$0.organizationID] ?? "A former party",
                    personId: $0.personID, personName: $0.personName, verdict: $0.verdict, reason: $0.reason.isEmpty ? nil : $0.reason, at: $0.at)
            })
    }

    /// Measurements as DTOs, each knowing which correction replaced it.
    static func measurementDTOs(_ records: [MeasurementRecord], organizations: [UUID: String]) -> [MeasurementDTO] {
        let correctedBy = Dictionary(records.compactMap { record in record.correctsID.map { ($0, record.id) } }, uniquingKeysWith: { a, _ in a })
        return records.map { measurementDTO($0, correctedBy: correctedBy[$0.id], organizations: organizations) }
    }
}

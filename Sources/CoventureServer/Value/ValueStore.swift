import CoventureCore
import Fluent
import Foundation
import SQLKit

/// Value metrics, their measurements and the other parties' verdicts (issue #14). Every change goes through the
/// recorder with its events on the initiative's log. A metric or a change to its definition is proposed together with
/// the decision that ratifies it, in one transaction; the decision's seal puts it in force
/// (`ValueMetricDefinitionChange`).
package struct ValueStore: RecordingStore {
    let db: any Database
    let recorder: Recorder
    var reader: ValueReader { ValueReader(db: db) }
    var today: CalendarDate { CalendarDate(recorder.now(), in: TimeZone(identifier: "UTC")!) }

    // MARK: Reads

    /// The names of the initiative's parties' organizations (a former party's too, as long as its row exists).
    func organizations(_ initiativeID: UUID) async throws -> [UUID: String] {
        try await InitiativeStore.partyNames(initiativeID, on: db)
    }

    func list(_ initiativeID: UUID) async throws -> [ValueMetricDTO] {
        let metrics = try await reader.metrics(initiativeID)
        let measurements = Dictionary(grouping: try await reader.measurements(initiativeID), by: \.metricID)
        let organizations = try await organizations(initiativeID)
        let today = today
        return metrics.map {
            ValueReader.dto($0, measurements: measurements[$0.id] ?? [], today: today, organizations: organizations, history: false)
        }
    }

    func detail(_ metricID: UUID) async throws -> ValueMetricDTO {
        let metric = try await reader.metric(metricID)
        let measurements = try await reader.measurements(metric.initiativeID, metric: metricID)
        return ValueReader.dto(
            metric, measurements: measurements, today: today, organizations: try await organizations(metric.initiativeID), history: true)
    }

    func measurements(_ metric: ValueReader.MetricRecord) async throws -> [MeasurementDTO] {
        ValueReader.measurementDTOs(
            try await reader.measurements(metric.initiativeID, metric: metric.id), organizations: try await organizations(metric.initiativeID))
    }

    func measurement(_ id: UUID) async throws -> MeasurementDTO {
        let record = try await reader.measurement(id)
        return ValueReader.measurementDTO(
            record, correctedBy: try await reader.correction(of: id), organizations: try await organizations(record.initiativeID))
    }

    /// The metric, once the caller is known to be a member of its initiative (a missing one looks the same: 404).
    func readable(_ id: UUID, by actor: Actor) async throws -> ValueReader.MetricRecord {
        let metric = try await reader.metric(id)
        try await Policy.authorize(.initiative(metric.initiativeID, .read), actor: actor, on: db)
        return metric
    }

    func readableMeasurement(_ id: UUID, by actor: Actor) async throws -> ValueReader.MeasurementRecord {
        let measurement = try await reader.measurement(id)
        try await Policy.authorize(.initiative(measurement.initiativeID, .read), actor: actor, on: db)
        return measurement
    }

    // MARK: Definitions

    /// What the definition's checks need to know about the initiative: its parties and objectives.
    struct Scope: Sendable {
        var organizations: Set<UUID>
        var objectives: Set<UUID>
    }

    func scope(_ initiativeID: UUID) async throws -> Scope {
        let sql = db as! any SQLDatabase
        let parties = try await sql.raw("SELECT organization_id FROM parties WHERE initiative_id = \(bind: initiativeID)").all()
            .map { try $0.decode(column: "organization_id", as: UUID.self) }
        let objectives = try await sql.raw("SELECT id FROM objectives WHERE initiative_id = \(bind: initiativeID)").all()
            .map { try $0.decode(column: "id", as: UUID.self) }
        return Scope(organizations: Set(parties), objectives: Set(objectives))
    }

    /// The request's definition, every field checked at once; what a change leaves out comes from `base`.
    static func definition(_ request: ValueMetricRequest, base: ValueMetricDefinition?, scope: Scope) throws -> ValueMetricDefinition {
        var checks = FieldChecks()
        let name = checks.run { () throws -> String in
            if request.name == nil, let base { return base.name }
            return try Validate.text(request.name, field: "name", maxLength: 200)
        }
        let unit = checks.run { () throws -> String in
            if request.unit == nil, let base { return base.unit }
            return try Validate.text(request.unit, field: "unit", maxLength: 40)
        }
        let direction = checks.run { () throws -> MetricDirection in
            guard let raw = request.direction else {
                if let base { return base.direction }
                throw ValidationError(field: "direction", "is required (higherIsBetter or lowerIsBetter)")
            }
            guard let direction = MetricDirection(rawValue: raw) else {
                throw ValidationError(field: "direction", "must be higherIsBetter or lowerIsBetter")
            }
            return direction
        }
        func number(_ point: ValuePointInput?, _ field: String, base: Decimal?) -> Decimal? {
            checks.run { () throws -> Decimal in
                if point?.value == nil, let base { return base }
                guard let value = try point?.value.decimal(field: field) else { throw ValidationError(field: field, "is required") }
                return value
            }
        }
        func day(_ text: String?, _ field: String, base: CalendarDate?) -> CalendarDate? {
            checks.run { () throws -> CalendarDate in
                if text == nil, let base { return base }
                return try CalendarDate(parsing: text ?? "", field: field)
            }
        }
        let baselineValue = number(request.baseline, "baseline.value", base: request.baseline == nil ? base?.baselineValue : nil)
        let baselineOn = day(request.baseline?.on, "baseline.on", base: request.baseline == nil ? base?.baselineOn : nil)
        let targetValue = number(request.target, "target.value", base: request.target == nil ? base?.targetValue : nil)
        let targetBy = day(request.target?.by, "target.by", base: request.target == nil ? base?.targetBy : nil)
        let method = checks.run { () throws -> String in
            if request.method == nil, let base { return base.method }
            let text = try Validate.longText(request.method, field: "method", maxLength: 2000)
            guard !text.isEmpty else { throw ValidationError(field: "method", "is required: say how the value is measured") }
            return text
        }
        let cadence = checks.run { () throws -> MeasurementCadence in
            guard let raw = request.cadence else {
                if let base { return base.cadence }
                throw ValidationError(field: "cadence", "is required (weekly, monthly or quarterly)")
            }
            guard let cadence = MeasurementCadence(rawValue: raw) else { throw ValidationError(field: "cadence", "must be weekly, monthly or quarterly") }
            return cadence
        }
        let responsible = checks.run { () throws -> UUID in
            guard let id = request.responsibleOrganizationId else {
                if let base { return base.responsibleOrganizationID }
                throw ValidationError(field: "responsibleOrganizationId", "is required: the party that measures it")
            }
            guard scope.organizations.contains(id) else {
                throw ValidationError(field: "responsibleOrganizationId", "is not a party of this initiative")
            }
            return id
        }
        let objectives = checks.run { () throws -> [UUID] in
            guard let ids = request.objectiveIds else { return base?.objectiveIDs ?? [] }
            if let unknown = ids.first(where: { !scope.objectives.contains($0) }) {
                throw ValidationError(field: "objectiveIds", "names \(unknown.uuidString.lowercased()), which is not an objective of this initiative")
            }
            var seen = Set<UUID>()
            return ids.filter { seen.insert($0).inserted }
        }
        try checks.finish()
        guard let name, let unit, let direction, let baselineValue, let baselineOn, let targetValue, let targetBy, let method, let cadence,
              let responsible, let objectives else { throw ValidationError(field: "name", "is required") }
        return try ValueMetricDefinition(
            name: name, unit: unit, direction: direction, baselineValue: baselineValue, baselineOn: baselineOn, targetValue: targetValue,
            targetBy: targetBy, method: method, cadence: cadence, responsibleOrganizationID: responsible, objectiveIDs: objectives
        ).validated()
    }

    /// The decision's proposal: the whole definition, so the voters see what they ratify.
    static func proposal(_ d: ValueMetricDefinition, organizations: [UUID: String], version: Int) -> String {
        let unit = d.unit
        return """
            \(version == 1 ? "A new value metric" : "Version \(version) of the value metric's definition"), in force once this decision passes.

            Name: \(d.name)
            Unit: \(unit)
            Direction: \(d.direction.label.lowercased())
            Baseline: \(DecimalInput.canonical(d.baselineValue)) \(unit) on \(d.baselineOn)
            Target: \(DecimalInput.canonical(d.targetValue)) \(unit) by \(d.targetBy)
            Method (how it is measured): \(d.method)
            Cadence: \(d.cadence.label.lowercased())
            Responsible party: \(organizations[d.responsibleOrganizationID] ?? "a party")
            """
    }

    static func fields(_ d: ValueMetricDefinition, version: Int, decisionID: UUID) -> [String: JSONValue] {
        [
            "name": .string(d.name), "unit": .string(d.unit), "direction": .string(d.direction.rawValue),
            "baselineValue": .string(DecimalInput.canonical(d.baselineValue)), "baselineOn": .string(d.baselineOn.description),
            "targetValue": .string(DecimalInput.canonical(d.targetValue)), "targetBy": .string(d.targetBy.description),
            "method": .string(d.method), "cadence": .string(d.cadence.rawValue), "organizationId": .id(d.responsibleOrganizationID),
            "objectiveIds": .array(d.objectiveIDs.map { .id($0) }), "version": .int(Int64(version)), "decisionId": .id(decisionID),
        ]
    }

    /// Proposes a metric: the metric, its first definition and the decision that ratifies it, in one change.
    package func propose(_ initiativeID: UUID, _ request: ValueMetricRequest, by actor: Actor) async throws -> ValueMetricDTO {
        guard let authorID = actor.personID else { throw AppError.forbidden("a value metric needs a person to propose it") }
        let permission = Permission.initiative(initiativeID, .proposeValueMetric)
        try await Policy.authorize(permission, actor: actor, on: db)
        let scope = try await scope(initiativeID)
        let names = try await organizations(initiativeID)
        let input = try await DecisionStore(db: db, recorder: recorder).ratificationInput(
            initiativeID, typeID: request.typeId, title: "Ratify the value metric “\(request.name ?? "")”", proposal: "")
        let now = recorder.now()
        let metricID = UUID()
        try await recorder.record(
            permission, by: actor,
            validate: { try Self.definition(request, base: nil, scope: scope) },
            apply: { db, definition in
                try await ValueMetricRow(
                    id: metricID, initiativeID: initiativeID, status: ValueMetricStatus.proposed.rawValue, definitionID: nil, latestVersion: 1,
                    proposedBy: authorID, createdAt: now
                ).insert(db)
                let version = try ValueMetricDefinitionRow(metricID: metricID, version: 1, definition: definition, proposedBy: authorID, at: now)
                try await version.insert(db)
                var decision = input
                decision.title = String("Ratify the value metric “\(definition.name)”".prefix(200))
                decision.proposal = Self.proposal(definition, organizations: names, version: 1)
                let change = ValueMetricDefinitionChange(metricId: metricID, definitionId: version.id, name: definition.name, version: 1)
                let (decisionID, decisionEvents) = try await DecisionStore.insert(
                    decision, initiativeID: initiativeID, authorID: authorID,
                    change: (kind: ValueMetricDefinitionChange.kind, payload: try RatifiedChanges.encode(change)), on: db, at: now)
                try await ValueMetricDefinitionRow.update(db, set: "decision_id = \(bind: decisionID)", where: "id = \(bind: version.id)")
                let proposed = EventDraft(
                    log: initiativeID, action: .valueMetricProposed, objectID: metricID,
                    change: Self.fields(definition, version: 1, decisionID: decisionID))
                return Recorded((), [proposed] + decisionEvents)
            })
        return try await detail(metricID)
    }

    /// Proposes a new version of a metric's definition (only what is sent changes). The definition in force stays in
    /// force until the new one's decision passes; one proposal at a time.
    func changeDefinition(_ metricID: UUID, _ request: ValueMetricRequest, by actor: Actor) async throws -> ValueMetricDTO {
        guard let authorID = actor.personID else { throw AppError.forbidden("a value metric needs a person to propose it") }
        let metric = try await readable(metricID, by: actor)
        let initiativeID = metric.initiativeID
        let permission = Permission.initiative(initiativeID, .proposeValueMetric)
        try await Policy.authorize(permission, actor: actor, on: db)
        if let waiting = metric.definitions.last, waiting.status == .proposed {
            throw AppError.conflict(
                field: "decisionId",
                message: "version \(waiting.version) of this metric is still awaiting its decision; propose a change once it is decided")
        }
        let scope = try await scope(initiativeID)
        let names = try await organizations(initiativeID)
        let base = metric.shown.definition
        let input = try await DecisionStore(db: db, recorder: recorder).ratificationInput(
            initiativeID, typeID: request.typeId, title: "Change the value metric “\(base.name)”", proposal: "")
        let now = recorder.now()
        let version = (metric.definitions.map(\.version).max() ?? 0) + 1
        try await recorder.record(
            permission, by: actor,
            validate: { try Self.definition(request, base: base, scope: scope) },
            apply: { db, definition in
                // The metric's row orders concurrent proposals: the second finds the first's version and stops.
                guard let original = try await ValueMetricRow.find(metricID, db) else { throw AppError.notFound }
                guard original.latestVersion == version - 1 else {
                    throw AppError.conflict(field: "decisionId", message: "another change of this metric was proposed meanwhile")
                }
                var model = original
                model.latestVersion = version
                try await model.update(db, changedFrom: original)
                let row = try ValueMetricDefinitionRow(metricID: metricID, version: version, definition: definition, proposedBy: authorID, at: now)
                try await row.insert(db)
                var decision = input
                decision.title = String("Change the value metric “\(base.name)” (version \(version))".prefix(200))
                decision.proposal = Self.proposal(definition, organizations: names, version: version)
                let change = ValueMetricDefinitionChange(metricId: metricID, definitionId: row.id, name: definition.name, version: version)
                let (decisionID, decisionEvents) = try await DecisionStore.insert(
                    decision, initiativeID: initiativeID, authorID: authorID,
                    change: (kind: ValueMetricDefinitionChange.kind, payload: try RatifiedChanges.encode(change)), on: db, at: now)
                try await ValueMetricDefinitionRow.update(db, set: "decision_id = \(bind: decisionID)", where: "id = \(bind: row.id)")
                // A metric never ratified and rejected is proposed again; one in force stays ratified.
                try await ValueMetricDefinitionChange.updateStatus(model, changedFrom: model, on: db)
                let proposed = EventDraft(
                    log: initiativeID, action: .valueMetricProposed, objectID: metricID,
                    change: Self.fields(definition, version: version, decisionID: decisionID))
                return Recorded((), [proposed] + decisionEvents)
            })
        return try await detail(metricID)
    }

    // MARK: Measurements

    /// Records a measurement of a ratified metric (409 otherwise): on or after the baseline date, not in the future,
    /// a finite number (null is not zero), within ±3× the spread of the recent values unless `confirmed`.
    package func record(_ metricID: UUID, _ request: MeasurementRequest, by actor: Actor) async throws -> MeasurementDTO {
        guard let personID = actor.personID, let organizationID = actor.organizationID else {
            throw AppError.forbidden("a measurement needs a person to record it")
        }
        let metric = try await readable(metricID, by: actor)
        let initiativeID = metric.initiativeID
        let permission = Permission.initiative(initiativeID, .recordMeasurement)
        try await Policy.authorize(permission, actor: actor, on: db)
        // A ratified metric stays ratified (a later proposal never takes its definition out of force), so this
        // check holds inside the change too.
        guard let inForce = metric.inForce else {
            throw AppError.conflict(
                field: "status",
                message: "the metric is \(metric.status.rawValue): it takes measurements once its decision ratifies it")
        }
        let definition = inForce.definition
        let facts = try await reader.recordingFacts(metric: metricID, correcting: request.correctsId)
        let today = today
        let now = recorder.now()
        let id = UUID()
        try await recorder.record(
            permission, by: actor,
            validate: { () -> (Decimal, CalendarDate, String, String) in
                var checks = FieldChecks()
                let value = checks.run { () throws -> Decimal in
                    guard let value = try request.value.decimal(field: "value") else {
                        throw ValidationError(field: "value", "is required: a number (null is not zero)")
                    }
                    return value
                }
                let on = checks.run { () throws -> CalendarDate in
                    let on = try CalendarDate(parsing: request.on ?? "", field: "on")
                    guard on >= definition.baselineOn else {
                        throw ValidationError(field: "on", "must be on or after the baseline date \(definition.baselineOn)")
                    }
                    guard on <= today else { throw ValidationError(field: "on", "must not be in the future (today is \(today))") }
                    return on
                }
                let source = checks.run { try Validate.text(request.source, field: "source", maxLength: 200) }
                let evidence = checks.run { () throws -> String in
                    let text = try Validate.longText(request.evidence, field: "evidence", maxLength: 2000)
                    guard !text.isEmpty else { throw ValidationError(field: "evidence", "is required: a link or a note") }
                    return text
                }
                checks.run {
                    guard request.correctsId != nil else { return }
                    guard let corrected = facts.corrected, corrected.metricID == metricID else {
                        throw ValidationError(field: "correctsId", "is not a measurement of this metric")
                    }
                    if corrected.alreadyCorrected {
                        throw ValidationError(field: "correctsId", "has already been corrected: correct the correction instead")
                    }
                }
                try checks.finish()
                guard let value, let on, let source, let evidence else { throw ValidationError(field: "value", "is required") }
                if request.confirmed != true {
                    if let band = MeasurementSpread.band(recent: facts.recent), !band.contains(value) {
                        throw ValidationError(
                            field: "confirmed",
                            "is needed: \(DecimalInput.canonical(value)) \(definition.unit) lies outside ±3× the spread of the recent values (\(Self.rounded(band.lowerBound)) to \(Self.rounded(band.upperBound))); confirm to record it anyway")
                    }
                }
                return (value, on, source, evidence)
            },
            apply: { db, input in
                let (value, on, source, evidence) = input
                if let corrects = request.correctsId,
                   try await ValueMeasurementRow.exists(db, where: "corrects_id = \(bind: corrects)") {
                    throw AppError.conflict(field: "correctsId", message: "has been corrected meanwhile")
                }
                try await ValueMeasurementRow(
                    id: id, metricID: metricID, initiativeID: initiativeID, value: DecimalInput.canonical(value), measuredOn: on.description,
                    source: source, evidence: evidence, correctsID: request.correctsId, recordedBy: personID,
                    recorderOrganizationID: organizationID, confirmed: request.confirmed == true, recordedAt: now
                ).insert(db)
                var change: [String: JSONValue] = [
                    "metricId": .id(metricID), "name": .string(definition.name), "unit": .string(definition.unit),
                    "value": .string(DecimalInput.canonical(value)), "on": .string(on.description), "source": .string(source),
                    "evidence": .string(evidence), "organizationId": .id(organizationID),
                ]
                if let corrects = request.correctsId { change["correctsId"] = .id(corrects) }
                if request.confirmed == true { change["confirmed"] = .bool(true) }
                return Recorded((), EventDraft(log: initiativeID, action: .measurementRecorded, objectID: id, change: change))
            })
        return try await self.measurement(id)
    }

    static func rounded(_ value: Decimal) -> String {
        var rounded = Decimal()
        var source = value
        NSDecimalRound(&rounded, &source, 2, .plain)
        return DecimalInput.canonical(rounded)
    }

    // MARK: Verdicts

    /// Another party's attestation or dispute (with its reason) of a measurement.
    package func verdict(_ measurementID: UUID, _ request: VerdictRequest, by actor: Actor) async throws -> MeasurementDTO {
        guard let personID = actor.personID, let organizationID = actor.organizationID else {
            throw AppError.forbidden("a verdict needs a person to give it")
        }
        let subject = try await readableMeasurement(measurementID, by: actor)
        let initiativeID = subject.initiativeID
        let permission = Permission.initiative(initiativeID, .attestMeasurement(recorderOrganizationID: subject.recorderOrganizationID))
        try await Policy.authorize(permission, actor: actor, on: db)
        let metric = try await reader.metric(subject.metricID)
        let correctedBy = try await reader.correction(of: measurementID)
        let now = recorder.now()
        try await recorder.record(
            permission, by: actor,
            validate: { () -> (MeasurementVerdict, String) in
                var checks = FieldChecks()
                let verdict = checks.run { () throws -> MeasurementVerdict in
                    guard let raw = request.verdict, let verdict = MeasurementVerdict(rawValue: raw) else {
                        throw ValidationError(field: "verdict", "must be attest or dispute")
                    }
                    return verdict
                }
                let reason = checks.run { try Validate.longText(request.reason, field: "reason", maxLength: 2000) }
                try checks.finish()
                guard let verdict, let reason else { throw ValidationError(field: "verdict", "must be attest or dispute") }
                if verdict == .dispute && reason.isEmpty {
                    throw ValidationError(field: "reason", "is required to dispute a measurement: say what is wrong with it")
                }
                if correctedBy != nil {
                    throw AppError.conflict(field: "measurementId", message: "this measurement has been corrected: give your verdict on the correction")
                }
                return (verdict, reason)
            },
            apply: { db, input in
                let (verdict, reason) = input
                try await ValueVerdictRow(
                    id: UUID(), measurementID: measurementID, initiativeID: initiativeID, organizationID: organizationID,
                    personID: personID, verdict: verdict.rawValue, reason: reason, at: now
                ).insert(db)
                var change: [String: JSONValue] = [
                    "metricId": .id(metric.id), "name": .string(metric.shown.definition.name), "organizationId": .id(organizationID),
                    "verdict": .string(verdict.rawValue),
                ]
                if !reason.isEmpty { change["reason"] = .string(reason) }
                return Recorded((), EventDraft(
                    log: initiativeID, action: verdict == .attest ? .measurementAttested : .measurementDisputed, objectID: measurementID,
                    change: change))
            })
        return try await self.measurement(measurementID)
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
}

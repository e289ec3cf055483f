import CoventureCore
import Vapor

extension Routes {
    /// The value pages, behind sign-in; access is checked in the handlers through `Policy`.
    static func registerValuePages(_ signedIn: any RoutesBuilder) {
        typealias P = ValuePagesController
        signedIn.get(SiteURL.value(.key).pathComponents, use: P.dashboard)
        signedIn.post(SiteURL.value(.key).pathComponents, use: P.create)
        signedIn.get(SiteURL.newValueMetric(.key).pathComponents, use: P.new)
        signedIn.get(SiteURL.valueMetric(.key, metric: .key).pathComponents, use: P.show)
        signedIn.post(SiteURL.valueMetric(.key, metric: .key).pathComponents, use: P.changeDefinition)
        signedIn.post(SiteURL.valueMeasurements(.key, metric: .key).pathComponents, use: P.record)
        signedIn.post(SiteURL.valueVerdicts(.key, metric: .key, measurement: .key).pathComponents, use: P.verdict)
    }

    static func registerValueAPI(_ api: any RoutesBuilder, registry: OpenAPIRegistry) {
        typealias C = ValueAPIController
        let page = APISchemas.page(of:)
        let paging = APISchemas.paging
        let conflicts: Set<APIErrorCode> = [.conflict]

        api.on(.init(method: .GET, url: .valueMetrics(.key), id: "listValueMetrics",
                     summary: "The initiative's value metrics: each one's definition in force (or proposed), latest measurement, % of the way from baseline to target, variance to target, next measurement due and whether it is overdue",
                     response: page("ValueMetric"), query: paging),
               registry: registry, use: C.list)
        api.on(.init(method: .POST, url: .valueMetrics(.key), id: "proposeValueMetric",
                     summary: "Propose a value metric (any member but observers): it opens a decision of the initiative's default type (or `typeId`) and is in force only once that decision passes",
                     request: ValueMetricRequest.self, response: .ref("ValueMetric"), status: 201, extraErrors: conflicts),
               registry: registry, use: C.create)
        api.on(.init(method: .GET, url: .valueMetric(.key), id: "getValueMetric",
                     summary: "A value metric with every version of its definition (`history`) and the change awaiting its decision (`pending`)",
                     response: .ref("ValueMetric"), version: .valueMetric),
               registry: registry, use: C.show)
        api.on(.init(method: .PATCH, url: .valueMetric(.key), id: "changeValueMetric",
                     summary: "Propose a change to a metric's definition (only what is sent changes): a new version and its decision; the definition in force stays in force until it passes",
                     request: ValueMetricRequest.self, response: .ref("ValueMetric"), extraErrors: conflicts, version: .valueMetric),
               registry: registry, use: C.update)
        api.on(.init(method: .GET, url: .valueMeasurements(.key), id: "listMeasurements",
                     summary: "A metric's measurements, oldest day first, each with its state and every party's verdicts; a corrected one names its correction",
                     response: page("Measurement"), query: paging),
               registry: registry, use: C.measurements)
        api.on(.init(method: .POST, url: .valueMeasurements(.key), id: "recordMeasurement",
                     summary: "Record a measurement of a ratified metric (409 before): on or after the baseline date, a number (null is not zero); a value outside ±3× the spread of the recent values needs `confirmed: true`; `correctsId` marks a correction",
                     request: MeasurementRequest.self, response: .ref("Measurement"), status: 201, extraErrors: conflicts),
               registry: registry, use: C.record)
        api.on(.init(method: .POST, url: .measurementVerdicts(.key), id: "giveMeasurementVerdict",
                     summary: "Attest or dispute a measurement (a member of another party than the recorder's; a dispute needs a reason): the measurement with its state",
                     request: VerdictRequest.self, response: .ref("Measurement"), status: 201, extraErrors: conflicts),
               registry: registry, use: C.verdict)
    }
}

extension VersionedResource {
    static let valueMetric = VersionedResource(table: "value_metrics", parameter: "valueMetricID") { req, db in
        try await ValueStore(db: db, recorder: req.recorder).detail(try req.uuid("valueMetricID"))
    }
}

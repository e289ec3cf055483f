import CoventureCore
import Foundation
import Vapor

/// `/api/v1/…value-metrics…` and `/api/v1/measurements/…` (issue #14). Every handler first checks that the caller may
/// see the initiative (a non-member gets 404), then that they may make the change (403), before it reads the body.
enum ValueAPIController {
    static func readable(_ req: Request) async throws -> (ValueStore, ValueReader.MetricRecord) {
        let store = ValueStore(request: req)
        return (store, try await store.readable(try req.uuid("valueMetricID"), by: try req.person().actor))
    }

    /// The initiative's metrics, from the read cache for the initiative's revision.
    @Sendable static func list(req: Request) async throws -> Response {
        let id = try req.uuid("initiativeID")
        return try await req.cachedRead("api-value-metrics", initiative: id) { _ in
            try Pagination.from(req).page(try await ValueStore(request: req).list(id))
        }
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let id = try await InitiativesAPIController.readable(req)
        try await req.authorize(.initiative(id, .proposeValueMetric))
        let body = try req.content.decode(ValueMetricRequest.self)
        return try await ValueStore(request: req).propose(id, body, by: try req.person().actor).encodeResponse(status: .created, for: req)
    }

    @Sendable static func show(req: Request) async throws -> ValueMetricDTO {
        let (store, metric) = try await readable(req)
        return try await store.detail(metric.id)
    }

    @Sendable static func update(req: Request) async throws -> ValueMetricDTO {
        let (store, metric) = try await readable(req)
        try await req.authorize(.initiative(metric.initiativeID, .proposeValueMetric))
        let body = try req.content.decode(ValueMetricRequest.self)
        return try await store.changeDefinition(metric.id, body, by: try req.person().actor)
    }

    @Sendable static func measurements(req: Request) async throws -> ListPage<MeasurementDTO> {
        let (store, metric) = try await readable(req)
        return try Pagination.from(req).page(try await store.measurements(metric))
    }

    @Sendable static func record(req: Request) async throws -> Response {
        let (store, metric) = try await readable(req)
        try await req.authorize(.initiative(metric.initiativeID, .recordMeasurement))
        let body = try req.content.decode(MeasurementRequest.self)
        return try await store.record(metric.id, body, by: try req.person().actor).encodeResponse(status: .created, for: req)
    }

    @Sendable static func verdict(req: Request) async throws -> Response {
        let store = ValueStore(request: req)
        let measurement = try await store.readableMeasurement(try req.uuid("measurementID"), by: try req.person().actor)
        // The right to attest first: the recorder's own party learns nothing from a malformed body.
        try await req.authorize(.initiative(measurement.initiativeID, .attestMeasurement(recorderOrganizationID: measurement.recorderOrganizationID)))
        let body = try req.content.decode(VerdictRequest.self)
        return try await store.verdict(measurement.id, body, by: try req.person().actor).encodeResponse(status: .created, for: req)
    }
}

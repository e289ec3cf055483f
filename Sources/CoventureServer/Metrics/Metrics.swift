import CoventureCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The process's operational counters for `GET /metrics` (issue #16), Prometheus style: one registry for the process,
/// as Prometheus clients keep it (one server process serves one application; tests, which build many, only compare
/// counts before and after).
///
/// Recording is on the hot path, so it is one lock around one struct: a request costs a clock read on each side, a
/// dictionary update keyed by its `Route` object's identity and status (no string is built per request; the route's
/// pattern is written once, the first time it is seen), and no allocation after the first request of a route and
/// status. Everything else (labels, text) is built when `/metrics` is read.
final class Metrics: Sendable {
    static let shared = Metrics()

    /// Seconds: from a millisecond to ten seconds.
    static let latencyBounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// Changes per group commit, up to `WriteGate.maxBatch`.
    static let batchBounds: [Double] = [1, 2, 4, 8, 16, 32, 64]

    private struct RequestKey: Hashable {
        /// The matched route (nil: no route matched the path, counted as one label).
        var route: ObjectIdentifier?
        var status: UInt
    }

    private struct State {
        var requests: [RequestKey: HistogramCounts] = [:]
        /// `METHOD`, pattern, by route identity: written the first time a route is seen.
        var routes: [ObjectIdentifier: (method: String, pattern: String)] = [:]
        var gateWait = HistogramCounts(bounds: Metrics.latencyBounds)
        var gateBatch = HistogramCounts(bounds: Metrics.batchBounds)
        var cacheHits: UInt64 = 0
        var cacheMisses: UInt64 = 0
        /// Every result a delivery attempt can come to is there from the start, at 0; the label set is the enum's.
        var webhookDeliveries: [String: UInt64] = Dictionary(uniqueKeysWithValues: WebhookDeliveryResult.allCases.map { ($0.rawValue, 0) })
    }

    private let state = NIOLockedValueBox(State())

    // MARK: Recording

    func request(route: Route?, status: UInt, seconds: Double) {
        let id = route.map(ObjectIdentifier.init)
        state.withLockedValue { state in
            if let id, let route, state.routes[id] == nil {
                state.routes[id] = (route.method.rawValue, "/" + route.path.map(\.description).joined(separator: "/"))
            }
            state.requests[RequestKey(route: id, status: status), default: HistogramCounts(bounds: Self.latencyBounds)].observe(seconds)
        }
    }

    /// How long a change or a bookkeeping write waited for SQLite's write gate before it ran.
    func gateWaited(seconds: Double) {
        state.withLockedValue { $0.gateWait.observe(seconds) }
    }

    /// How many changes one group commit held.
    func gateCommitted(batch: Int) {
        state.withLockedValue { $0.gateBatch.observe(Double(batch)) }
    }

    func readCache(hit: Bool) {
        state.withLockedValue { if hit { $0.cacheHits &+= 1 } else { $0.cacheMisses &+= 1 } }
    }

    /// Called by `WebhookDelivery.finish`, the one place a delivery attempt ends.
    static func webhookDelivered(_ result: WebhookDeliveryResult) {
        shared.state.withLockedValue { $0.webhookDeliveries[result.rawValue, default: 0] &+= 1 }
    }

    // MARK: Reading

    /// The families the process keeps; `ledgers` are read from the database by the caller.
    func families(ledgers: [LedgerSizes.Log], now: Date) -> [MetricFamily] {
        let snapshot = state.withLockedValue { $0 }
        var requestCounts: [MetricFamily.Series] = [], latencies: [MetricFamily.Series] = []
        let ordered = snapshot.requests.map { key, counts -> ((String, String, String), HistogramCounts) in
            let route = key.route.flatMap { snapshot.routes[$0] }
            return ((route?.pattern ?? "unmatched", route?.method ?? "", String(key.status)), counts)
        }.sorted { $0.0 < $1.0 }
        for ((pattern, method, status), counts) in ordered {
            let labels = [("route", pattern), ("method", method), ("status", status)]
            requestCounts.append(.init(labels: labels, value: Double(counts.count)))
            latencies.append(.init(labels: labels, bounds: counts.bounds, counts: counts.counts, sum: counts.sum))
        }
        return [
            MetricFamily(name: "coventure_http_requests_total", help: "HTTP requests answered, by route pattern (\"unmatched\" for a path no route serves), method and status.",
                         kind: .counter, series: requestCounts),
            MetricFamily(name: "coventure_http_request_duration_seconds", help: "Time to answer an HTTP request, by route pattern, method and status.",
                         kind: .histogram, series: latencies),
            MetricFamily(name: "coventure_write_gate_wait_seconds",
                         help: "Time a change or bookkeeping write waited for the write gate before running (SQLite serializes writers; on PostgreSQL the gate is open and nothing waits).",
                         kind: .histogram, series: [.init(bounds: snapshot.gateWait.bounds, counts: snapshot.gateWait.counts, sum: snapshot.gateWait.sum)]),
            MetricFamily(name: "coventure_write_gate_batch_size", help: "Changes committed together in one group commit of the write gate (SQLite).",
                         kind: .histogram, series: [.init(bounds: snapshot.gateBatch.bounds, counts: snapshot.gateBatch.counts, sum: snapshot.gateBatch.sum)]),
            MetricFamily(name: "coventure_read_cache_hits_total", help: "Rendered initiative reads served from the read cache.",
                         kind: .counter, series: [.init(value: Double(snapshot.cacheHits))]),
            MetricFamily(name: "coventure_read_cache_misses_total", help: "Rendered initiative reads produced afresh (not in the read cache, or stale).",
                         kind: .counter, series: [.init(value: Double(snapshot.cacheMisses))]),
            MetricFamily(name: "coventure_ledger_size", help: "Events in each ledger log (an initiative's or an organization's).",
                         kind: .gauge, series: ledgers.map { .init(labels: [("log", $0.id.uuidString.lowercased())], value: Double($0.size)) }),
            MetricFamily(name: "coventure_ledger_checkpoint_age_seconds", help: "Seconds since each initiative log's latest signed checkpoint.",
                         kind: .gauge, series: ledgers.compactMap { log in
                             log.checkpointAt.map { .init(labels: [("log", log.id.uuidString.lowercased())], value: max(0, now.timeIntervalSince($0).rounded())) }
                         }),
            MetricFamily(name: "coventure_webhook_deliveries_total", help: "Outbound webhook delivery attempts, by result.",
                         kind: .counter, series: snapshot.webhookDeliveries.sorted { $0.key < $1.key }.map { .init(labels: [("result", $0.key)], value: Double($0.value)) }),
        ]
    }
}

/// Times every request for `Metrics`: the outermost but one middleware, so the status is the one the client got
/// (errors rendered) and the time includes every other middleware.
struct MetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            let response = try await next.respond(to: request)
            Metrics.shared.request(route: request.route, status: response.status.code, seconds: Self.since(start))
            return response
        } catch {
            // Only what no inner middleware rendered reaches here (Vapor then answers 500).
            Metrics.shared.request(route: request.route, status: 500, seconds: Self.since(start))
            throw error
        }
    }

    static func since(_ start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds &- start) / 1_000_000_000
    }
}

/// `GET /metrics`: served only when `COVENTURE_METRICS_TOKEN` is set (404 otherwise, as if there were no such path),
/// to a caller presenting it as a bearer token (401 otherwise).
enum MetricsController {
    @Sendable static func metrics(req: Request) async throws -> Response {
        guard let token = req.application.appConfig.metricsToken, !token.isEmpty else { throw AppError.notFound }
        // Compared as SHA-256 digests, without an early exit: neither the time taken nor the length tells a guess apart.
        let given = req.headers.bearerAuthorization?.token ?? ""
        guard WebhookSignature.constantTimeEquals(
            Array(Secrets.hash(given).utf8), Array(Secrets.hash(token).utf8))
        else {
            let response = Response(status: .unauthorized, body: .init(string: "Send the metrics token: Authorization: Bearer <COVENTURE_METRICS_TOKEN>\n"))
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
            response.headers.replaceOrAdd(name: .contentType, value: "text/plain; charset=utf-8")
            return response
        }
        let ledgers = try await LedgerSizes.all(on: req.db)
        let families = Metrics.shared.families(ledgers: ledgers, now: Date())
        let body = try await CPUWork.shared.run { PrometheusText.render(families) }
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: PrometheusText.contentType)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

import CoventureCore
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// `GET /metrics` (issue #16), read back by an independent parser: `prometheus-client` from PyPI.
@Suite("Prometheus metrics")
struct MetricsTests {
    static let token = "metrics-test-token"

    /// Parses the exposition with `text_string_to_metric_families` and prints every sample as JSON.
    static let parser = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        samples = []
        types = {}
        for family in text_string_to_metric_families(sys.stdin.read()):
            types[family.name] = family.type
            for sample in family.samples:
                samples.append({"name": sample.name, "labels": sample.labels, "value": sample.value})
        print(json.dumps({"types": types, "samples": samples}))
        """

    struct Parsed: Decodable {
        struct Sample: Decodable {
            var name: String
            var labels: [String: String]
            var value: Double
        }
        var types: [String: String]
        var samples: [Sample]

        func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
            samples.filter { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }.map(\.value).reduce(0, +)
        }
    }

    static func scrape(_ t: TestApp) async throws -> Parsed {
        let response = try await t.send(.GET, SiteURL.metrics.path, headers: ["Authorization": "Bearer \(token)"])
        #expect(response.status == .ok)
        #expect(response.headers.first(name: .contentType) == PrometheusText.contentType)
        return try JSONDecoder().decode(Parsed.self, from: Data(try Python.run(parser, input: response.text).utf8))
    }

    @Test("Requests are timed only when the figures can be read: without a metrics token no request passes the timing middleware")
    func untimedWithoutAToken() async throws {
        func timed(_ token: String?) async throws -> Bool {
            var timed = false
            try await withTestApp(.sqlite, configure: { $0.metricsToken = token }) { t in
                timed = t.app.middleware.resolve().contains { $0 is MetricsMiddleware }
            }
            return timed
        }
        #expect(try await timed(nil) == false)
        #expect(try await timed("") == false)
        #expect(try await timed(Self.token) == true)
    }

    @Test("The metrics parse with prometheus-client, and requests, cache reads, gate commits and ledger sizes move the numbers",
          arguments: TestDatabase.all)
    func countersMove(database: TestDatabase) async throws {
        try await withTestApp(database, configure: { $0.metricsToken = Self.token }) { t in
            let owner = try await Factory.person(t, name: "Mia Metrics", organization: "Metrics Org \(UUID().uuidString.prefix(4))", orgAdmin: true)
            let initiative = try await Factory.initiative(t, by: owner)
            let token = try await Factory.token(t, owner)
            let before = try await Self.scrape(t)
            // The parser names a counter's family without its "_total"; its samples keep it.
            #expect(before.types["coventure_http_requests"] == "counter")
            #expect(before.types["coventure_http_request_duration_seconds"] == "histogram")
            #expect(before.types["coventure_write_gate_batch_size"] == "histogram")
            #expect(before.types["coventure_ledger_size"] == "gauge")
            #expect(before.types["coventure_webhook_deliveries"] == "counter")
            #expect(before.types["coventure_ledger_checkpoint_age_seconds"] == "gauge")

            for _ in 0..<3 { let status = try await t.send(.GET, SiteURL.healthz.path).status; #expect(status == .ok) }
            _ = try await t.send(.GET, "/no/such/path/\(UUID())")
            for _ in 0..<2 { let status = try await t.send(.GET, APIURL.pulse(.value(initiative.id)).path, as: token).status; #expect(status == .ok) }
            _ = try await PulseStore(application: t.app).changeSettings(initiative.id, PulseSettingsRequest(cadenceWeeks: 6), by: owner.actor)
            Metrics.webhookDelivered(.delivered)

            let after = try await Self.scrape(t)
            let healthz = ["route": "/healthz", "method": "GET", "status": "200"]
            #expect(after.value("coventure_http_requests_total", healthz) - before.value("coventure_http_requests_total", healthz) >= 3)
            #expect(after.value("coventure_http_request_duration_seconds_count", healthz)
                    - before.value("coventure_http_request_duration_seconds_count", healthz) >= 3)
            #expect(after.value("coventure_http_request_duration_seconds_bucket", healthz.merging(["le": "+Inf"]) { a, _ in a })
                    == after.value("coventure_http_request_duration_seconds_count", healthz))
            // Unknown paths share one label, never their own.
            #expect(after.value("coventure_http_requests_total", ["route": "unmatched", "status": "404"]) >= 1)
            #expect(!after.samples.contains { $0.labels["route"]?.hasPrefix("/no/such") == true })
            #expect(after.samples.contains { $0.labels["route"] == "/api/v1/initiatives/:initiativeID/pulse" })
            #expect(after.value("coventure_read_cache_misses_total") - before.value("coventure_read_cache_misses_total") >= 1)
            #expect(after.value("coventure_read_cache_hits_total") - before.value("coventure_read_cache_hits_total") >= 1)
            // Only SQLite's changes queue at the write gate and commit in groups; on PostgreSQL the gate is open.
            if database == .sqlite {
                #expect(after.value("coventure_write_gate_batch_size_count") - before.value("coventure_write_gate_batch_size_count") >= 1)
                #expect(after.value("coventure_write_gate_wait_seconds_count") - before.value("coventure_write_gate_wait_seconds_count") >= 1)
            }
            #expect(after.value("coventure_webhook_deliveries_total", ["result": "delivered"])
                    - before.value("coventure_webhook_deliveries_total", ["result": "delivered"]) >= 1)
            let log = initiative.id.uuidString.lowercased()
            #expect(after.value("coventure_ledger_size", ["log": log]) > before.value("coventure_ledger_size", ["log": log]))
        }
    }

    @Test("Without the token the metrics answer 401, with a wrong one too; without COVENTURE_METRICS_TOKEN they are not there (404)")
    func requiresToken() async throws {
        try await withTestApp(.sqlite, configure: { $0.metricsToken = Self.token }) { t in
            let without = try await t.send(.GET, SiteURL.metrics.path)
            #expect(without.status == .unauthorized)
            for wrong in ["nope", Self.token + "x", String(Self.token.dropLast())] {
                let response = try await t.send(.GET, SiteURL.metrics.path, headers: ["Authorization": "Bearer \(wrong)"])
                #expect(response.status == .unauthorized)
            }
        }
        try await withTestApp(.sqlite) { t in
            let unset = try await t.send(.GET, SiteURL.metrics.path, headers: ["Authorization": "Bearer \(Self.token)"])
            #expect(unset.status == .notFound)
        }
    }

    @Test("Webhook deliveries are counted by the deliverer's results only: every one is there from the start")
    func webhookResultsAreTheDeliverersOwn() {
        Metrics.webhookDelivered(.givenUp)
        let family = Metrics.shared.families(ledgers: [], now: Date()).first { $0.name == "coventure_webhook_deliveries_total" }
        let labels = Set((family?.series ?? []).flatMap { $0.labels.map(\.1) })
        #expect(labels == Set(WebhookDeliveryResult.allCases.map(\.rawValue)))
    }
}

import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

/// The Prometheus text exposition writer behind `GET /metrics` (issue #16).
@Suite("Metrics: the Prometheus text writer")
struct PrometheusTextTests {
    /// What a parser does with an escaped label value.
    static func unescapeLabel(_ text: String) -> String {
        var out = "", pending = false
        for scalar in text.unicodeScalars {
            if pending {
                out.unicodeScalars.append(scalar == "n" ? "\n" : scalar)
                pending = false
            } else if scalar == "\\" {
                pending = true
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    @Test("Counters and gauges are a HELP, a TYPE and one line per series, labels in the order given")
    func counterAndGauge() {
        let text = PrometheusText.render([
            MetricFamily(name: "requests_total", help: "Requests.", kind: .counter, series: [
                .init(labels: [("route", "/a"), ("status", "200")], value: 3),
                .init(labels: [("route", "/b"), ("status", "404")], value: 1),
            ]),
            MetricFamily(name: "age_seconds", help: "Age.", kind: .gauge, series: [.init(value: 1.5)]),
        ])
        #expect(text == """
            # HELP requests_total Requests.
            # TYPE requests_total counter
            requests_total{route="/a",status="200"} 3
            requests_total{route="/b",status="404"} 1
            # HELP age_seconds Age.
            # TYPE age_seconds gauge
            age_seconds 1.5

            """)
    }

    @Test("A histogram's buckets are cumulative and end with +Inf, which equals the count; sum and count follow")
    func histogram() {
        var counts = HistogramCounts(bounds: [0.1, 1])
        for value in [0.05, 0.1, 0.5, 2, 3] { counts.observe(value) }
        #expect(counts.counts == [2, 1, 2])
        let text = PrometheusText.render([MetricFamily(name: "latency_seconds", help: "Latency.", kind: .histogram, series: [
            .init(labels: [("route", "/a")], bounds: counts.bounds, counts: counts.counts, sum: counts.sum),
        ])])
        #expect(text.contains(#"latency_seconds_bucket{route="/a",le="0.1"} 2"#))
        #expect(text.contains(#"latency_seconds_bucket{route="/a",le="1"} 3"#))
        #expect(text.contains(#"latency_seconds_bucket{route="/a",le="+Inf"} 5"#))
        #expect(text.contains(#"latency_seconds_sum{route="/a"} 5.65"#))
        #expect(text.contains(#"latency_seconds_count{route="/a"} 5"#))
    }

    @Test("Numbers: integers plainly, fractions in the shortest form, infinities and NaN as the format spells them")
    func numbers() {
        #expect(PrometheusText.number(0) == "0")
        #expect(PrometheusText.number(-3) == "-3")
        #expect(PrometheusText.number(0.005) == "0.005")
        #expect(PrometheusText.number(.infinity) == "+Inf")
        #expect(PrometheusText.number(-.infinity) == "-Inf")
        #expect(PrometheusText.number(.nan) == "NaN")
        #expect(PrometheusText.number(1e20) == "1e+20")
    }

    @Test("Names follow the format's grammar")
    func names() {
        #expect(PrometheusText.isValidName("coventure_http_requests_total"))
        #expect(PrometheusText.isValidName("a:b"))
        #expect(!PrometheusText.isValidName("a:b", label: true))
        #expect(!PrometheusText.isValidName("9a"))
        #expect(!PrometheusText.isValidName(""))
        #expect(!PrometheusText.isValidName("a-b"))
    }

    @Test("Any label value is escaped so that it reads back the same and stays on one line inside its quotes")
    func labelRoundTrip() async {
        await propertyCheck(count: 300, input: TestGen.jsonString) { value in
            let escaped = PrometheusText.escapeLabel(value)
            #expect(Self.unescapeLabel(escaped) == value)
            #expect(!escaped.contains("\n"))
            // No unescaped quote: every quote follows an odd run of backslashes.
            let scalars = Array(escaped.unicodeScalars)
            for (index, scalar) in scalars.enumerated() where scalar == "\"" {
                var backslashes = 0, at = index - 1
                while at >= 0, scalars[at] == "\\" { backslashes += 1; at -= 1 }
                #expect(backslashes % 2 == 1)
            }
        }
    }

    @Test("Whatever is observed, the buckets count every observation once and the sum adds them up")
    func histogramLaws() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...10_000).array(of: 0...50)) { millis in
            var counts = HistogramCounts(bounds: [0.001, 0.01, 0.1, 1, 10])
            for value in millis { counts.observe(Double(value) / 1000) }
            #expect(counts.count == UInt64(millis.count))
            #expect(abs(counts.sum - Double(millis.reduce(0, +)) / 1000) < 1e-9)
            let series = MetricFamily.Series(bounds: counts.bounds, counts: counts.counts, sum: counts.sum)
            #expect(series.buckets.map(\.count) == series.buckets.map(\.count).sorted())
            for bucket in series.buckets {
                #expect(bucket.count == UInt64(millis.filter { Double($0) / 1000 <= bucket.le }.count))
            }
        }
    }
}

import Foundation

/// One metric family in the Prometheus text exposition format (version 0.0.4): its name, help, type and samples.
public struct MetricFamily: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case counter, gauge, histogram
    }

    /// One series: its labels (in the order given) and its value; for a histogram, its buckets, sum and count.
    public struct Series: Sendable, Equatable {
        public var labels: [(String, String)]
        public var value: Double
        /// Upper bounds and the cumulative count at or under each (without +Inf, which is `count`).
        public var buckets: [(le: Double, count: UInt64)]
        public var count: UInt64

        public init(labels: [(String, String)] = [], value: Double) {
            self.labels = labels
            self.value = value
            self.buckets = []
            self.count = 0
        }

        /// A histogram series: `counts[i]` observations fell in bucket `i` alone (not cumulative), the last one
        /// being above every bound; `sum` is the sum of all observations.
        public init(labels: [(String, String)] = [], bounds: [Double], counts: [UInt64], sum: Double) {
            self.labels = labels
            self.value = sum
            var running: UInt64 = 0
            self.buckets = zip(bounds, counts).map { bound, count in
                running &+= count
                return (bound, running)
            }
            self.count = counts.reduce(0, &+)
        }

        public static func == (a: Series, b: Series) -> Bool {
            a.labels.map { [$0.0, $0.1] } == b.labels.map { [$0.0, $0.1] } && a.value == b.value
                && a.buckets.map(\.le) == b.buckets.map(\.le) && a.buckets.map(\.count) == b.buckets.map(\.count) && a.count == b.count
        }
    }

    public var name: String
    public var help: String
    public var kind: Kind
    public var series: [Series]

    public init(name: String, help: String, kind: Kind, series: [Series]) {
        self.name = name
        self.help = help
        self.kind = kind
        self.series = series
    }
}

/// Writes metric families as Prometheus text: `# HELP`, `# TYPE`, then one line per sample, `\n` line ends.
public enum PrometheusText {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func render(_ families: [MetricFamily]) -> String {
        var out = ""
        for family in families {
            out += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            out += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            for series in family.series {
                switch family.kind {
                case .counter, .gauge:
                    out += family.name + labels(series.labels) + " " + number(series.value) + "\n"
                case .histogram:
                    for bucket in series.buckets {
                        out += family.name + "_bucket" + labels(series.labels + [("le", number(bucket.le))]) + " " + String(bucket.count) + "\n"
                    }
                    out += family.name + "_bucket" + labels(series.labels + [("le", "+Inf")]) + " " + String(series.count) + "\n"
                    out += family.name + "_sum" + labels(series.labels) + " " + number(series.value) + "\n"
                    out += family.name + "_count" + labels(series.labels) + " " + String(series.count) + "\n"
                }
            }
        }
        return out
    }

    /// `{a="x",b="y"}`, or nothing without labels.
    static func labels(_ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return "" }
        return "{" + labels.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
    }

    /// A label value: backslash, double quote and line feed escaped.
    public static func escapeLabel(_ value: String) -> String {
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Help text: backslash and line feed escaped.
    public static func escapeHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Integers without a fraction, others in the shortest form that reads back the same; +Inf, -Inf and NaN as the
    /// format spells them.
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Whether a metric or label name is valid: `[a-zA-Z_:][a-zA-Z0-9_:]*` (labels without the colon).
    public static func isValidName(_ name: String, label: Bool = false) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        func allowed(_ s: Unicode.Scalar, first: Bool) -> Bool {
            (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || s == "_" || (!label && s == ":") || (!first && s >= "0" && s <= "9")
        }
        return allowed(first, first: true) && name.unicodeScalars.dropFirst().allSatisfy { allowed($0, first: false) }
    }
}

/// A fixed-bucket histogram's counts: which bucket an observation falls in. Bounds are upper bounds, ascending.
public struct HistogramCounts: Sendable, Equatable {
    public let bounds: [Double]
    /// Per bucket (not cumulative), plus one above every bound.
    public private(set) var counts: [UInt64]
    public private(set) var sum: Double

    public init(bounds: [Double]) {
        self.bounds = bounds
        self.counts = Array(repeating: 0, count: bounds.count + 1)
        self.sum = 0
    }

    public mutating func observe(_ value: Double) {
        // A handful of bounds: a linear scan beats a binary search at this size.
        var index = 0
        while index < bounds.count, value > bounds[index] { index += 1 }
        counts[index] &+= 1
        sum += value
    }

    public var count: UInt64 { counts.reduce(0, &+) }
}

import CoventureCore
import Foundation
import Plot

/// Charts drawn on the server as SVG: they work without JavaScript, print, and can be read by screen readers
/// through their title, description and the table that always accompanies them.
package enum Charts {
    struct Point: Sendable {
        var at: Date
        var value: Double
        var label: String
    }

    /// A line of check-ins over time against a dashed target line (and a dotted baseline, when there is one).
    ///
    /// `nonNegative`: the quantity cannot go below zero (a count, a span of time, a percent; `Plausibility`), so the
    /// axis stops at zero instead of padding into values that cannot exist.
    ///
    /// The SVG scales to its container (`viewBox`, width 100 %); on a phone the stylesheet enlarges the labels in
    /// the drawing's own units, and the left margin leaves room for them.
    static func checkIns(
        _ points: [Point], target: Double?, baseline: Double?, title: String, unit: String, nonNegative: Bool = false
    ) -> Node<HTML.BodyContext> {
        let width = 640.0, height = 240.0
        let left = 76.0, right = 16.0, top = 16.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let values = points.map(\.value) + [target, baseline].compactMap { $0 }
        var low = values.min() ?? 0, high = values.max() ?? 1
        if low == high { low -= 1; high += 1 }
        let pad = (high - low) * 0.08
        low -= pad
        high += pad
        if nonNegative { low = max(low, 0) }
        let times = points.map { $0.at.timeIntervalSince1970 }
        var first = times.min() ?? 0, last = times.max() ?? 1
        if first == last { first -= 86_400; last += 86_400 }
        func x(_ t: Double) -> Double { left + (t - first) / (last - first) * plotWidth }
        func y(_ v: Double) -> Double { top + (1 - (v - low) / (high - low)) * plotHeight }
        func n(_ v: Double) -> String { String(format: "%.1f", v) }
        let e = HTMLEscaping.escape

        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">\
            <title id="chart-title">\(e(title))</title>\
            <desc id="chart-desc">\(e(Display.count(points.count, "check-in") + (target.map { ", target \(Self.number($0)) \(unit)" } ?? "")))</desc>\
            <rect class="plot" x="\(n(left))" y="\(n(top))" width="\(n(plotWidth))" height="\(n(plotHeight))"/>
            """
        for value in ticks(low: low, high: high) {
            svg += "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(value)))\" y2=\"\(n(y(value)))\"/>"
            svg += "<text class=\"axis\" x=\"\(n(left - 6))\" y=\"\(n(y(value) + 4))\" text-anchor=\"end\">\(e(Self.number(value)))</text>"
        }
        svg += "<text class=\"axis\" x=\"\(n(left))\" y=\"\(n(height - 10))\">\(e(Display.date(Date(timeIntervalSince1970: first))))</text>"
        svg += "<text class=\"axis\" x=\"\(n(width - right))\" y=\"\(n(height - 10))\" text-anchor=\"end\">\(e(Display.date(Date(timeIntervalSince1970: last))))</text>"
        if let baseline {
            svg += "<line class=\"baseline\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(baseline)))\" y2=\"\(n(y(baseline)))\"/>"
        }
        if let target {
            svg += "<line class=\"target\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(target)))\" y2=\"\(n(y(target)))\"/>"
            svg += "<text class=\"target-label\" x=\"\(n(width - right - 4))\" y=\"\(n(y(target) - 6))\" text-anchor=\"end\">target \(e(Self.number(target)))</text>"
        }
        let sorted = points.sorted { $0.at < $1.at }
        if sorted.count > 1 {
            let path = sorted.map { "\(n(x($0.at.timeIntervalSince1970))),\(n(y($0.value)))" }.joined(separator: " ")
            svg += "<polyline class=\"series\" points=\"\(path)\"/>"
        }
        for point in sorted {
            svg += "<circle class=\"point\" cx=\"\(n(x(point.at.timeIntervalSince1970)))\" cy=\"\(n(y(point.value)))\" r=\"4\"><title>\(e(point.label))</title></circle>"
        }
        svg += "</svg>"
        return .raw(svg)
    }

    /// Round values for the y-axis, at most about five intervals between `low` and `high` (steps of 1, 2, 2.5 or 5
    /// times a power of ten), so that its labels stay short enough to read on a phone ("20", not "18.2625").
    static func ticks(low: Double, high: Double) -> [Double] {
        guard low.isFinite, high.isFinite, high > low else { return [low] }
        let raw = (high - low) / 5
        let base = pow(10, log10(raw).rounded(.down))
        let fraction = raw / base
        let step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10) * base
        let first = (low / step - 1e-9).rounded(.up)
        var values: [Double] = []
        for index in 0..<12 {
            let value = (first + Double(index)) * step
            guard value <= high + step * 1e-9 else { break }
            values.append(abs(value) < step * 1e-9 ? 0 : value)
        }
        return values
    }

    /// A horizontal progress bar; the true figure (which may be below 0 % or above 100 %) is written beside it.
    ///
    /// Drawn as SVG with the fill's width as an attribute: a `style="width: …"` attribute (as this was first written)
    /// is blocked by the page's Content-Security-Policy (`style-src 'self'`), which left every bar empty in browsers.
    static func progressBar(_ progress: Double?, label: String) -> Node<HTML.BodyContext> {
        let clamped = progress.map { min(max($0, 0), 1) } ?? 0
        let bar = """
            <svg class="bar" viewBox="0 0 100 1" preserveAspectRatio="none" role="img" \
            aria-label="\(HTMLEscaping.escape("\(label): \(percent(progress))"))">\
            <rect class="fill" width="\(Int((clamped * 100).rounded()))" height="1"/></svg>
            """
        return .span(
            .class("progress"),
            .raw(bar),
            .span(.class(progress == nil ? "figure muted" : "figure"), .plain(percent(progress)))
        )
    }

    static func percent(_ progress: Double?) -> String { OKRProgress.percent(progress) }

    /// A number as people read it: no trailing zeros, at most four decimals.
    package static func number(_ value: Double) -> String {
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}


// Value (#14)
extension Charts {
    /// One measurement on a value metric's trend, drawn by its state.
    struct ValuePoint: Sendable {
        var on: CalendarDate
        var value: Double
        var state: MeasurementState
    }

    /// A value metric's trend: the baseline (a dotted line from its day), the target (a dashed line and its date
    /// marked), and each current measurement by state: attested solid, pending hollow, disputed marked with a cross.
    /// `id` makes the title and description unique when a page draws several charts.
    static func valueTrend(
        _ points: [ValuePoint], baseline: (value: Double, on: CalendarDate), target: (value: Double, by: CalendarDate), title: String,
        unit: String, id: String
    ) -> Node<HTML.BodyContext> {
        let width = 640.0, height = 240.0
        let left = 76.0, right = 16.0, top = 16.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let values = points.map(\.value) + [target.value, baseline.value]
        var low = values.min() ?? 0, high = values.max() ?? 1
        if low == high { low -= 1; high += 1 }
        let pad = (high - low) * 0.08
        low -= pad
        high += pad
        func day(_ date: CalendarDate) -> Double { Double(CalendarArithmetic.days(from: baseline.on, to: date)) }
        let first = 0.0
        var last = max(day(target.by), points.map { day($0.on) }.max() ?? 0)
        if last <= first { last = first + 1 }
        func x(_ t: Double) -> Double { left + (t - first) / (last - first) * plotWidth }
        func y(_ v: Double) -> Double { top + (1 - (v - low) / (high - low)) * plotHeight }
        func n(_ v: Double) -> String { String(format: "%.1f", v) }
        let e = HTMLEscaping.escape
        let counts = MeasurementState.allCases.compactMap { state -> String? in
            let count = points.filter { $0.state == state }.count
            return count == 0 ? nil : "\(count) \(state.label.lowercased())"
        }
        let description = "\(Display.count(points.count, "measurement"))\(counts.isEmpty ? "" : " (" + counts.joined(separator: ", ") + ")"); "
            + "baseline \(number(baseline.value)) \(unit) on \(baseline.on); target \(number(target.value)) \(unit) by \(target.by)"
        var svg = """
            <svg class="chart value-chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(e(id))-title \(e(id))-desc" xmlns="http://www.w3.org/2000/svg">\
            <title id="\(e(id))-title">\(e(title))</title>\
            <desc id="\(e(id))-desc">\(e(description))</desc>\
            <rect class="plot" x="\(n(left))" y="\(n(top))" width="\(n(plotWidth))" height="\(n(plotHeight))"/>
            """
        for value in ticks(low: low, high: high) {
            svg += "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(value)))\" y2=\"\(n(y(value)))\"/>"
            svg += "<text class=\"axis\" x=\"\(n(left - 6))\" y=\"\(n(y(value) + 4))\" text-anchor=\"end\">\(e(number(value)))</text>"
        }
        svg += "<text class=\"axis\" x=\"\(n(left))\" y=\"\(n(height - 10))\">\(e(Display.day(baseline.on)))</text>"
        let lastDay = CalendarArithmetic.adding(days: Int(last), to: baseline.on)
        svg += "<text class=\"axis\" x=\"\(n(width - right))\" y=\"\(n(height - 10))\" text-anchor=\"end\">\(e(Display.day(lastDay)))</text>"
        svg += "<line class=\"baseline\" x1=\"\(n(x(0)))\" x2=\"\(n(width - right))\" y1=\"\(n(y(baseline.value)))\" y2=\"\(n(y(baseline.value)))\"/>"
        svg += "<circle class=\"baseline-point\" cx=\"\(n(x(0)))\" cy=\"\(n(y(baseline.value)))\" r=\"3\"><title>\(e("Baseline \(number(baseline.value)) \(unit) on \(baseline.on)"))</title></circle>"
        svg += "<line class=\"target\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(target.value)))\" y2=\"\(n(y(target.value)))\"/>"
        let targetX = x(day(target.by))
        svg += "<line class=\"target-date\" x1=\"\(n(targetX))\" x2=\"\(n(targetX))\" y1=\"\(n(top))\" y2=\"\(n(top + plotHeight))\"/>"
        svg += "<text class=\"target-label\" x=\"\(n(max(targetX - 4, left + 60)))\" y=\"\(n(y(target.value) - 6))\" text-anchor=\"end\">target \(e(number(target.value))) by \(e(Display.day(target.by)))</text>"
        let sorted = points.sorted { $0.on < $1.on }
        if sorted.count > 1 {
            let path = sorted.map { "\(n(x(day($0.on)))),\(n(y($0.value)))" }.joined(separator: " ")
            svg += "<polyline class=\"series\" points=\"\(path)\"/>"
        }
        for point in sorted {
            let cx = x(day(point.on)), cy = y(point.value)
            let label = e("\(number(point.value)) \(unit) on \(point.on): \(point.state.label.lowercased())")
            switch point.state {
            case .attested, .pending:
                svg += "<circle class=\"point \(point.state.rawValue)\" data-state=\"\(point.state.rawValue)\" cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"4\"><title>\(label)</title></circle>"
            case .disputed:
                svg += "<g class=\"point disputed\" data-state=\"disputed\"><title>\(label)</title>"
                    + "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"5\"/>"
                    + "<line x1=\"\(n(cx - 5))\" y1=\"\(n(cy - 5))\" x2=\"\(n(cx + 5))\" y2=\"\(n(cy + 5))\"/>"
                    + "<line x1=\"\(n(cx - 5))\" y1=\"\(n(cy + 5))\" x2=\"\(n(cx + 5))\" y2=\"\(n(cy - 5))\"/></g>"
            }
        }
        svg += "</svg>"
        return .raw(svg)
    }
}

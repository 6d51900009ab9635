import PMBatchCore

/// Small standalone SVG charts for the report's trends: fixed size, a font-family list that names common CJK
/// fonts before the generic family (Chinese labels), hand-formatted numbers, so the same series always give
/// the same bytes.
public enum SVGChart {
    /// Daily mean first-update minutes (line).
    public static let firstUpdateFile = "first_update_minutes.svg"
    /// Daily technical closures (bars).
    public static let closuresFile = "technical_closures.svg"
    /// Daily alerts of the top assets (one line per asset).
    public static let alertsFile = "alerts_top_assets.svg"

    /// Chart width in pixels.
    public static let width = 640
    /// Chart height in pixels.
    public static let height = 260

    /// Fonts for every chart text: common CJK fonts (Linux, macOS, Windows) before the generic family, so a
    /// Chinese label does not fall back to a font without the glyphs (empty boxes). Single-quoted: it sits in a
    /// double-quoted attribute.
    static let fontFamily = "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'PingFang SC', "
        + "'Hiragino Sans GB', 'Microsoft YaHei', 'SimHei', 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"

    /// A horizontal reference line (a KPI threshold) with its label.
    struct ReferenceLine {
        var value: Double
        var label: String
    }

    /// The charts the report links to, as (file name, SVG text), in a fixed order: the three daily charts of
    /// P, then the five trend charts.
    public static func render(_ report: NightReport, language: Language) -> [(fileName: String, svg: String)] {
        let t = ReportText.forLanguage(language)
        let charts = report.charts
        return [
            (firstUpdateFile, lineChart(title: t.chartFirstUpdate, axis: t.chartMinutesAxis,
                                        series: [NamedSeries(label: "", points: charts.firstUpdateMinutes)],
                                        noData: t.chartNoData,
                                        references: firstUpdateReferences(report.thresholds, t))),
            (closuresFile, barChart(title: t.chartClosures, axis: t.chartCountAxis, points: charts.technicalClosures,
                                    noData: t.chartNoData)),
            (alertsFile, lineChart(title: t.chartAlerts, axis: t.chartCountAxis, series: charts.alertsByAsset,
                                   noData: t.chartNoData, integerAxis: true)),
        ] + trendCharts(report, t)
    }

    /// The trend charts: one file per KPI and the backlog, named by `trendFiles`.
    public static let trendFiles = ["trend_first_update.svg", "trend_execution.svg", "trend_utilization.svg",
                                    "trend_recurrence.svg", "trend_backlog.svg"]

    /// The five trend charts over `report.trend`, in `trendFiles` order: each KPI's figure per period with
    /// its threshold (a dashed line; for H2 and H3's relative test, a dashed series, as the baseline moves).
    static func trendCharts(_ report: NightReport, _ t: ReportText) -> [(fileName: String, svg: String)] {
        let trend = report.trend, k = report.thresholds
        func points(_ value: (PeriodKPIs) -> Double?) -> [DailyPoint] {
            trend.map { DailyPoint(date: $0.period.lastDay, value: value($0)) }
        }
        let charts = [
            lineChart(title: t.trendFirstUpdateChart, axis: t.chartMinutesAxis,
                      series: [NamedSeries(label: "", points: points { $0.firstUpdate.overall.minutes.mean })],
                      noData: t.chartNoData, references: firstUpdateReferences(k, t), markers: true),
            lineChart(title: t.trendExecutionChart, axis: t.chartHoursAxis,
                      series: [NamedSeries(label: t.trendMeasured, points: points { $0.execution.hours.mean }),
                               NamedSeries(label: t.trendExecutionNeeded(NumberText.percent(k.efficiencyGainMin)),
                                           points: points { p in
                                               p.execution.baselineMeanHours.map { $0 * (1 - k.efficiencyGainMin) }
                                           }, dashed: true)],
                      noData: t.chartNoData, markers: true),
            lineChart(title: t.trendUtilizationChart, axis: t.chartPerEngineerDayAxis,
                      series: [NamedSeries(label: t.trendMeasured, points: points { $0.utilization.perEngineerDay }),
                               NamedSeries(label: t.trendUtilizationNeeded(NumberText.percent(k.utilizationGainMin)),
                                           points: points { p in
                                               p.utilization.baselinePerEngineerDay.map { $0 * (1 + k.utilizationGainMin) }
                                           }, dashed: true)],
                      noData: t.chartNoData,
                      references: [ReferenceLine(value: k.utilizationPerEngineerDay,
                                                 label: "≥ " + NumberText.fixed(k.utilizationPerEngineerDay, 1))],
                      markers: true),
            lineChart(title: t.trendRecurrenceChart, axis: "%",
                      series: [NamedSeries(label: "", points: points { $0.recurrence.rate.map { $0 * 100 } })],
                      noData: t.chartNoData,
                      references: [ReferenceLine(value: k.recurrenceMax * 100,
                                                 label: "≤ " + NumberText.percent(k.recurrenceMax))],
                      markers: true),
            lineChart(title: t.trendBacklogChart, axis: t.chartEngineerDaysAxis,
                      series: [NamedSeries(label: "", points: points { $0.standard.backlogEngineerDays })],
                      noData: t.chartNoData, markers: true),
        ]
        return Array(zip(trendFiles, charts)).map { (fileName: $0.0, svg: $0.1) }
    }

    /// One line per distinct first-update threshold, labelled with its channels: `≤ 15 min (app, email)`.
    static func firstUpdateReferences(_ k: KPIThresholds, _ t: ReportText) -> [ReferenceLine] {
        let byValue = Dictionary(grouping: k.firstUpdateMinutes, by: \.value)
        return byValue.keys.sorted().map { value in
            let channels = byValue[value]!.map(\.key).sorted().joined(separator: t.listSeparator)
            return ReferenceLine(value: value, label: "≤ " + t.minutes(label(value)) + t.parenthesized(channels))
        }
    }

    // MARK: Layout

    static let left = 56.0, right = 16.0, top = 36.0, bottom = 40.0
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]

    static var plotWidth: Double { Double(width) - left - right }
    static var plotHeight: Double { Double(height) - top - bottom }

    /// A multi-series line chart; nil values break the line. `references` are drawn as dashed lines (the
    /// scale reaches the highest); `integerAxis` keeps the value ticks whole (counts); `markers` puts a dot on
    /// every measured point (a few periods, each one a reading).
    static func lineChart(title: String, axis: String, series: [NamedSeries], noData: String,
                          references: [ReferenceLine] = [], integerAxis: Bool = false, markers: Bool = false)
        -> String
    {
        let dates = allDates(series.map(\.points))
        let maxValue = series.flatMap(\.points).compactMap(\.value).max()
        var svg = open(title: title)
        guard let maxValue, !dates.isEmpty else { return svg + empty(noData) + "</svg>\n" }
        let scaleMax = scale(max(maxValue, references.map(\.value).max() ?? 0), integer: integerAxis)
        svg += axes(dates: dates, scaleMax: scaleMax, axis: axis)
        svg += referenceLines(references, scaleMax: scaleMax)
        for (index, s) in series.enumerated() {
            let color = palette[index % palette.count]
            var runs: [[(Double, Double)]] = [[]]
            for p in s.points {
                guard let v = p.value, let x = xPosition(p.date, dates) else {
                    if !runs[runs.count - 1].isEmpty { runs.append([]) }
                    continue
                }
                runs[runs.count - 1].append((x, yPosition(v, scaleMax)))
            }
            for run in runs where !run.isEmpty {
                if run.count > 1 {
                    let pts = run.map { n($0.0) + "," + n($0.1) }.joined(separator: " ")
                    svg += "  <polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" "
                        + (s.dashed ? "stroke-dasharray=\"6 4\" " : "") + "points=\"\(pts)\"/>\n"
                }
                if run.count == 1 || (markers && !s.dashed) {
                    for point in run {
                        svg += "  <circle cx=\"\(n(point.0))\" cy=\"\(n(point.1))\" r=\"\(markers ? 3 : 2.5)\" "
                            + "fill=\"\(color)\"/>\n"
                    }
                }
            }
        }
        svg += legend(series.map(\.label))
        return svg + "</svg>\n"
    }

    /// A single-series bar chart.
    static func barChart(title: String, axis: String, points: [DailyPoint], noData: String) -> String {
        let dates = allDates([points])
        let maxValue = points.compactMap(\.value).max()
        var svg = open(title: title)
        guard let maxValue, !dates.isEmpty else { return svg + empty(noData) + "</svg>\n" }
        let scaleMax = scale(maxValue, integer: true)
        svg += axes(dates: dates, scaleMax: scaleMax, axis: axis)
        let barWidth = max(1, daySlot(dates) * 0.7)
        for p in points {
            guard let v = p.value, let center = xPosition(p.date, dates) else { continue }
            let x = center - barWidth / 2
            let y = yPosition(v, scaleMax)
            svg += "  <rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(barWidth))\" height=\"\(n(top + plotHeight - y))\" "
                + "fill=\"\(palette[0])\"/>\n"
        }
        return svg + "</svg>\n"
    }

    /// The SVG element, its `<title>` (read out by screen readers), background and visible title; a chart
    /// with a title row under its x axis asks for a taller canvas (`canvasHeight`).
    static func open(title: String, canvasHeight: Int = height) -> String {
        let height = canvasHeight
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" font-family=\"\(fontFamily)\" font-size=\"11\">\n"
            + "  <title>\(escape(title))</title>\n"
            + "  <rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
            + "  <text x=\"\(width / 2)\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">\(escape(title))</text>\n"
    }

    static func empty(_ noData: String) -> String {
        "  <text x=\"\(width / 2)\" y=\"\(height / 2)\" text-anchor=\"middle\" fill=\"#7f7f7f\">\(escape(noData))</text>\n"
    }

    /// Dashed reference lines with their labels right-aligned just above them.
    static func referenceLines(_ lines: [ReferenceLine], scaleMax: Double) -> String {
        var svg = ""
        for line in lines {
            let y = n(yPosition(line.value, scaleMax))
            svg += "  <line x1=\"\(n(left))\" y1=\"\(y)\" x2=\"\(n(left + plotWidth))\" y2=\"\(y)\" stroke=\"#d62728\" "
                + "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n"
            svg += "  <text x=\"\(n(left + plotWidth - 4))\" y=\"\(n(yPosition(line.value, scaleMax) - 4))\" "
                + "text-anchor=\"end\" fill=\"#d62728\">\(escape(line.label))</text>\n"
        }
        return svg
    }

    /// Axes, four horizontal grid lines with values, and first / middle / last date labels (the first
    /// starts at the plot's left edge and the last ends at its right edge, so neither is cut off).
    static func axes(dates: [LocalDate], scaleMax: Double, axis: String) -> String {
        var svg = ""
        let x0 = n(left), x1 = n(left + plotWidth), yBase = n(top + plotHeight)
        for step in 0...4 {
            let value = scaleMax * Double(step) / 4
            let y = n(yPosition(value, scaleMax))
            svg += "  <line x1=\"\(x0)\" y1=\"\(y)\" x2=\"\(x1)\" y2=\"\(y)\" stroke=\"#e0e0e0\"/>\n"
            svg += "  <text x=\"\(n(left - 6))\" y=\"\(n(yPosition(value, scaleMax) + 4))\" text-anchor=\"end\">"
                + "\(label(value))</text>\n"
        }
        svg += "  <line x1=\"\(x0)\" y1=\"\(yBase)\" x2=\"\(x1)\" y2=\"\(yBase)\" stroke=\"#000000\"/>\n"
        svg += "  <line x1=\"\(x0)\" y1=\"\(n(top))\" x2=\"\(x0)\" y2=\"\(yBase)\" stroke=\"#000000\"/>\n"
        svg += "  <text x=\"14\" y=\"\(n(top + plotHeight / 2))\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 14 \(n(top + plotHeight / 2)))\">\(escape(axis))</text>\n"
        var shown: [Int] = [0]
        if dates.count > 2 { shown.append(dates.count / 2) }
        if dates.count > 1 { shown.append(dates.count - 1) }
        for i in shown {
            let (x, anchor) = switch i {
            case 0 where dates.count > 1: (left, "start")
            case dates.count - 1 where dates.count > 1: (left + plotWidth, "end")
            default: (xPosition(dates[i], dates)!, "middle")
            }
            svg += "  <text x=\"\(n(x))\" y=\"\(n(top + plotHeight + 16))\" text-anchor=\"\(anchor)\">"
                + "\(dates[i].description)</text>\n"
        }
        return svg
    }

    static func legend(_ labels: [String], canvasHeight: Int = height) -> String {
        let height = canvasHeight
        var svg = ""
        var x = left + 4
        for (index, text) in labels.enumerated() where !text.isEmpty {
            let color = palette[index % palette.count]
            svg += "  <rect x=\"\(n(x))\" y=\"\(n(Double(height) - 14))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>\n"
            svg += "  <text x=\"\(n(x + 14))\" y=\"\(n(Double(height) - 5))\">\(escape(text))</text>\n"
            x += 24 + Double(min(text.count, 24)) * 6.5
        }
        return svg
    }

    // MARK: Scales

    /// Every date any series has, sorted.
    static func allDates(_ series: [[DailyPoint]]) -> [LocalDate] {
        Set(series.flatMap { $0.map(\.date) }).sorted()
    }

    static func xPosition(_ date: LocalDate, _ dates: [LocalDate]) -> Double? {
        guard let first = dates.first else { return nil }
        // Dates are placed on a calendar scale (one slot per day) so missing days show as gaps.
        let slot = daySlot(dates)
        return left + slot / 2 + slot * Double(date.days(since: first))
    }

    /// The width of one day on the x axis.
    static func daySlot(_ dates: [LocalDate]) -> Double {
        guard let first = dates.first, let last = dates.last else { return plotWidth }
        return plotWidth / Double(last.days(since: first) + 1)
    }

    static func yPosition(_ value: Double, _ scaleMax: Double) -> Double {
        top + plotHeight - plotHeight * max(0, value) / scaleMax
    }

    /// The top of the value axis: `niceCeiling`, or for counts 4 × a whole step that reaches `value`, so the
    /// four ticks read 0, 2, 4, 6, 8 — never 1.3, 2.5, 3.8.
    static func scale(_ value: Double, integer: Bool) -> Double {
        guard integer else { return niceCeiling(value) }
        let raw = value / 4
        // Up to 5 any whole step reads well (0, 3, 6, 9, 12); above, 10, 20, 25, 50 × 10ⁿ are whole already.
        return 4 * (raw <= 5 ? max(1, raw.rounded(.up)) : niceCeiling(raw))
    }

    /// The smallest 1, 2, 2.5 or 5 × 10ⁿ at least `value` (1 for zero or less).
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        var magnitude = 1.0
        while magnitude * 10 <= value { magnitude *= 10 }
        while magnitude > value { magnitude /= 10 }
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where magnitude * factor >= value { return magnitude * factor }
        return magnitude * 10
    }

    /// An axis label: whole numbers without decimals, else one decimal.
    static func label(_ value: Double) -> String {
        value == value.rounded() ? NumberText.fixed(value, 0) : NumberText.fixed(value, 1)
    }

    /// A coordinate with at most one decimal.
    static func n(_ value: Double) -> String {
        let text = NumberText.fixed(value, 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// The one XML escaper (STYLE habit 11) for text and attribute values in the charts: every label that
    /// carries input text (asset IDs in legends, rule IDs) goes through it, so `<script>` stays text.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 allows neither control characters other than tab and newline (CR is folded too)
                // nor U+FFFE and U+FFFF: one of them would make the whole chart unreadable.
                if (ch.value < 0x20 && ch != "\t" && ch != "\n") || ch.value == 0xFFFE || ch.value == 0xFFFF {
                    out += " "
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out
    }
}

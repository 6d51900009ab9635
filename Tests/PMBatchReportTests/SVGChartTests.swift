import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PMBatchCore
import Testing
@testable import PMBatchReport

/// Counts elements while parsing, so a test can see the SVG is well-formed and has content.
final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        counts[elementName, default: 0] += 1
    }
}

@Suite("SVG charts")
struct SVGChartTests {
    static func parse(_ svg: String) -> (ok: Bool, counts: [String: Int], error: String) {
        let parser = XMLParser(data: Data(svg.utf8))
        let counter = ElementCounter()
        parser.delegate = counter
        let ok = parser.parse()
        return (ok, counter.counts, parser.parserError.map { "\($0)" } ?? "")
    }

    @Test("well-formed XML", arguments: ["full", "empty"], Language.allCases)
    func wellFormed(fixture: String, language: Language) {
        let report = fixture == "full" ? ReportFixtures.full : ReportFixtures.empty
        let charts = SVGChart.render(report, language: language)
        #expect(charts.map(\.fileName) == [SVGChart.firstUpdateFile, SVGChart.closuresFile, SVGChart.alertsFile]
                + SVGChart.trendFiles)
        for chart in charts {
            let result = Self.parse(chart.svg)
            #expect(result.ok, "\(chart.fileName): \(result.error)")
            #expect(result.counts["svg"] == 1)
        }
    }

    @Test("data draws lines and bars; gaps break the line")
    func content() {
        let charts = SVGChart.render(ReportFixtures.full, language: .en)
        let firstUpdate = Self.parse(charts[0].svg).counts
        // Every 7th day is nil: days 6, 13, 20, 27 break the 30-day line into 5 runs.
        #expect(firstUpdate["polyline"] == 5)
        let closures = Self.parse(charts[1].svg).counts
        // The plot background and legend-free bar chart: 1 background rect + 30 bars.
        #expect(closures["rect"] == 31)
        let alerts = Self.parse(charts[2].svg).counts
        #expect(alerts["polyline"] == 2)
        #expect(charts[2].svg.contains("EL-0042 &lt;S1 &amp; &quot;x&quot;&gt;"))
    }

    @Test("golden charts")
    func golden() throws {
        for chart in SVGChart.render(ReportFixtures.full, language: .en) {
            try GoldenFile.check(chart.svg, against: chart.fileName)
        }
    }

    @Test("no data says so")
    func empty() {
        let charts = SVGChart.render(ReportFixtures.empty, language: .zh)
        #expect(charts.allSatisfy { $0.svg.contains("无数据") })
    }

    @Test("the report links every chart")
    func linked() {
        let text = MarkdownReport.render(ReportFixtures.full, language: .en)
        for chart in SVGChart.render(ReportFixtures.full, language: .en) {
            #expect(text.contains("](" + chart.fileName + ")"))
        }
    }

    @Test("nice axis maxima", arguments: [(0.0, 1.0), (0.7, 1.0), (3, 5), (12, 20), (24, 25), (250, 250), (251, 500)])
    func niceCeiling(value: Double, expected: Double) {
        #expect(SVGChart.niceCeiling(value) == expected)
    }
}

/// What a planner saw wrong in the rendered charts (issue 15): each check fails on the old layout.
@Suite("SVG charts read right")
struct SVGChartLayoutTests {
    /// Every `<text …>label</text>` with its attributes.
    static func texts(_ svg: String) -> [(attributes: String, text: String)] {
        svg.split(separator: "\n").compactMap { line in
            guard let open = line.range(of: "<text "), let close = line.range(of: "</text>"),
                  let end = line[open.upperBound...].firstIndex(of: ">") else { return nil }
            return (String(line[open.upperBound..<end]), String(line[line.index(after: end)..<close.lowerBound]))
        }
    }

    static func attribute(_ name: String, _ attributes: String) -> String? {
        guard let r = attributes.range(of: name + "=\"") else { return nil }
        return String(attributes[r.upperBound...].prefix { $0 != "\"" })
    }

    @Test("the last date label ends inside the chart, the first starts inside it")
    func dateLabels() {
        for chart in SVGChart.render(ReportFixtures.full, language: .en) {
            let dates = Self.texts(chart.svg).filter { LocalDate($0.text) != nil }
            #expect(dates.count == 3, "\(chart.fileName)")
            guard let last = dates.last, let first = dates.first else { continue }
            #expect(Self.attribute("text-anchor", last.attributes) == "end", "\(chart.fileName)")
            #expect(Double(Self.attribute("x", last.attributes) ?? "") ?? 1e9 <= Double(SVGChart.width))
            #expect(Self.attribute("text-anchor", first.attributes) == "start", "\(chart.fileName)")
        }
    }

    @Test("count axes tick in whole numbers", arguments: [1.0, 3, 5, 7, 10, 13, 41, 100, 1234])
    func integerTicks(maxCount: Double) {
        let scaleMax = SVGChart.scale(maxCount, integer: true)
        #expect(scaleMax >= maxCount)
        for step in 0...4 {
            let tick = scaleMax * Double(step) / 4
            #expect(tick == tick.rounded(), "max \(maxCount): tick \(tick)")
        }
        // The closures chart of the fixture (max 5 per day) labels 0, 2, 4, 6, 8 — not 1.3, 2.5, 3.8.
        let closures = SVGChart.render(ReportFixtures.full, language: .en)[1].svg
        let labels = Self.texts(closures).filter { Self.attribute("text-anchor", $0.attributes) == "end" }.map(\.text)
        #expect(labels.allSatisfy { !$0.contains(".") }, "\(labels)")
    }

    @Test("the first-update chart draws its thresholds (15 and 30 min) as dashed lines")
    func thresholdLines() {
        let svg = SVGChart.render(ReportFixtures.full, language: .en)[0].svg
        let dashed = svg.split(separator: "\n").filter { $0.contains("stroke-dasharray") }
        #expect(dashed.count == 2)
        let labels = Self.texts(svg).map(\.text)
        #expect(labels.contains { $0.hasPrefix("≤ 15 min") })
        #expect(labels.contains { $0.hasPrefix("≤ 30 min") })
        // Both lines sit inside the plot: the scale reaches the highest threshold.
        let ys = dashed.compactMap { Double(Self.attribute("y1", String($0)) ?? "") }
        #expect(ys.allSatisfy { $0 >= SVGChart.top && $0 <= SVGChart.top + SVGChart.plotHeight })
    }

    @Test("trend charts: a dot per measured period, dashed thresholds, none for a period without data")
    func trendCharts() {
        let charts = Dictionary(uniqueKeysWithValues: SVGChart.render(ReportFixtures.full, language: .en)
            .map { ($0.fileName, $0.svg) })
        func count(_ file: String, _ element: String) -> Int {
            charts[file]!.components(separatedBy: "<" + element + " ").count - 1
        }
        // Twelve periods; H3 and the backlog have none in the third (a gap: two runs, eleven dots).
        #expect(count("trend_first_update.svg", "circle") == 12)
        #expect(count("trend_utilization.svg", "circle") == 11)
        #expect(count("trend_backlog.svg", "circle") == 11)
        // H1: 15 and 30 min; H3: 12.0 and the dashed "baseline + 22 %" series; V1: 5 %.
        #expect(charts["trend_first_update.svg"]!.contains(">≤ 15 min (app, email, online)</text>"))
        #expect(charts["trend_utilization.svg"]!.contains(">≥ 12.0</text>"))
        #expect(charts["trend_utilization.svg"]!.contains("stroke-dasharray=\"6 4\" points="))
        #expect(charts["trend_recurrence.svg"]!.contains(">≤ 5.0%</text>"))
        #expect(!charts["trend_backlog.svg"]!.contains("stroke-dasharray"))
    }

    @Test("chart fonts name CJK fonts before the generic family", arguments: Language.allCases)
    func cjkFonts(language: Language) {
        for chart in SVGChart.render(ReportFixtures.full, language: language) {
            let family = Self.attribute("font-family", chart.svg) ?? ""
            #expect(family.contains("'Noto Sans CJK SC'") && family.contains("'Microsoft YaHei'"))
            #expect(family.hasSuffix("sans-serif"))
        }
    }
}

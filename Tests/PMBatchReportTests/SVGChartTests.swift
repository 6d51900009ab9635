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
        #expect(charts.map(\.fileName) == [SVGChart.firstUpdateFile, SVGChart.closuresFile, SVGChart.alertsFile])
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

import Foundation
import PMBatchCore
import Testing
@testable import PMBatchReport

/// `report.html` is the same report as `report.md`, written from the same model (issue 15 item 3).
@Suite("HTML report")
struct HTMLReportTests {
    @Test("golden report.html", arguments: [("full", Language.en, "report.en.html"), ("full", .zh, "report.zh.html")])
    func golden(fixture: String, language: Language, file: String) throws {
        let report = fixture == "full" ? ReportFixtures.full : ReportFixtures.empty
        try GoldenFile.check(HTMLReport.render(report, language: language), against: file)
    }

    /// The text of every `<hN>` element, tags removed, in order.
    static func htmlHeadings(_ html: String) -> [String] {
        html.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("<h"), let level = line.dropFirst(2).first, level.isNumber else { return nil }
            return line.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        }
    }

    @Test("the same sections as report.md, in the same order", arguments: ["full", "empty"], Language.allCases)
    func sameSections(fixture: String, language: Language) {
        let report = fixture == "full" ? ReportFixtures.full : ReportFixtures.empty
        let markdown = MarkdownReport.render(report, language: language).split(separator: "\n")
            .filter { $0.hasPrefix("#") }
            .map { $0.drop { $0 == "#" }.dropFirst().replacingOccurrences(of: "`", with: "") }
        let html = Self.htmlHeadings(HTMLReport.render(report, language: language))
        #expect(html == markdown)
        #expect(html.count > 20)
    }

    @Test("lang, header cells, chart titles, nothing to fetch or run", arguments: Language.allCases)
    func accessibleAndSelfContained(language: Language) {
        let html = HTMLReport.render(ReportFixtures.full, language: language)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language == .zh ? "zh-CN" : "en")\">"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        // Every table opens with a row of header cells.
        let tables = html.components(separatedBy: "<table>").dropFirst()
        #expect(tables.count > 10)
        #expect(tables.allSatisfy { $0.hasPrefix("\n<thead><tr><th scope=\"col\">") })
        // Every chart is inline SVG with its <title>; nothing links outside the page.
        let figures = html.components(separatedBy: "<figure>").dropFirst()
        #expect(figures.count == 3 + SVGChart.trendFiles.count)
        #expect(figures.allSatisfy { $0.contains("<svg role=\"img\" aria-label=") && $0.contains("<title>") })
        #expect(!html.contains("<?xml"))
        let content = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for outside in ["<script", " src=", " href=", "url(", "@import", "http://", "https://"] {
            #expect(!content.contains(outside), "\(outside)")
        }
        // Print on A4; tables scroll in their own box on a narrow screen.
        #expect(html.contains("@page { size: A4;") && html.contains("@media print"))
        #expect(html.contains(".table { overflow-x: auto;"))
    }

    @Test("pmbatch's inline marks become elements; unpaired ones stay text")
    func inlineMarks() {
        #expect(HTMLMarkup.inline("**Run status: ok** (exit 0).") == "<strong>Run status: ok</strong> (exit 0).")
        #expect(HTMLMarkup.inline("map them in `[status_map]`") == "map them in <code>[status_map]</code>")
        #expect(HTMLMarkup.inline("a ` b ** c") == "a ` b ** c")
    }
}

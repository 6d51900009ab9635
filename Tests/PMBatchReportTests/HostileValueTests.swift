import Foundation
@testable import PMBatchCore
import Testing
@testable import PMBatchReport

/// Input values are data wherever they go (SPEC §1 "Bad input", issue 10 item 7): a formula in an asset ID
/// stays text in the CSV exports, markup in a code stays text in `report.md`, `backtest.md` and the charts.
@Suite("hostile values stay data")
struct HostileValueTests {
    static let hyperlink = #"=HYPERLINK("http://x")"#
    static let cmd = #"=cmd|' /C calc'!A0"#
    static let script = "A2<script>alert(1)</script>"
    static let img = "<img src=x onerror=alert(1)>"
    static let scriptText = "A2&lt;script&gt;alert(1)&lt;/script&gt;"
    static let imgText = "&lt;img src=x onerror=alert(1)&gt;"

    /// The fixture night with a hostile value in every input slot the report shows.
    static var hostileReport: NightReport {
        var report = ReportFixtures.full
        report.preventiveWorkOrders[1].assetID = script
        report.preventiveWorkOrders[1].siteID = img
        report.preventiveWorkOrders[1].ruleID = cmd
        report.preventiveWorkOrders[1].action = img + " & more"
        report.preventiveWorkOrders[1].evidence = "3 \(cmd) alerts in 1d, limit 0"
        report.preventiveWorkOrders[0].skill = img
        report.preventiveWorkOrders[0].siteID = hyperlink
        report.sparePartRequests[0].partNumber = img
        report.sparePartRequests[0].batchCode = script
        report.suppressedTriggers[0].assetID = script
        report.suppressedTriggers[0].evidence = img
        report.current.firstUpdate.waiting[0].woID = script
        report.current.firstUpdate.waiting[1].channel = img
        report.current.recurrence.worstCustomers = [RecurrenceOffender(key: script, orders: 2, repeats: 1)]
        report.current.recurrence.worstFaultCodes = [RecurrenceOffender(key: img, orders: 2, repeats: 1)]
        report.current.stuckStages[0].status = img
        report.closureAudit.falseClosures[0].woID = script
        report.closureAudit.completeNotClosed[0].woID = img
        report.fleetHealth.topAssets[0].assetID = script
        report.fleetHealth.topAssets[0].siteID = img
        report.fleetHealth.topAssets[1].topCode = img
        report.fleetHealth.agingComponents[0].assetID = script
        report.fleetHealth.agingComponents[0].slot = img
        let rejected = RejectedFile(path: "telemetry/2026-11-24/\(img).csv", message: "not UTF-8: \(script)")
        report.dataQuality.toDate.rejectedFiles = [rejected]
        report.dataQuality.toDate.unmappedStatuses = [StatusCount(status: img, count: 3)]
        report.charts.alertsByAsset[0].label = script
        report.charts.alertsByAsset[1].label = img
        return report
    }

    // MARK: CSV

    @Test("a formula in an asset ID or a code is text in preventive_work_orders.csv")
    func workOrdersCSV() {
        var order = ReportFixtures.workOrders[1]
        order.assetID = Self.hyperlink
        order.ruleID = Self.cmd
        order.siteID = Self.script
        order.action = Self.cmd
        order.relatedAssets = [Self.hyperlink, "EL-2"]
        let csv = CSVExport.preventiveWorkOrdersCSV([order])
        let row = csv.split(separator: "\n")[1]
        // rule_id, asset_id, site_id, customer_id, related_assets: `'` in front, then RFC 4180 quoting.
        #expect(row.hasPrefix(#"WD2026112400001,2026-11-24,'=cmd|' /C calc'!A0,"'=HYPERLINK(""http://x"")","#
            + #"A2<script>alert(1)</script>,CUST-7,"'=HYPERLINK(""http://x"");EL-2",door-system,"#))
        #expect(row.hasSuffix(#",'=cmd|' /C calc'!A0,normal,ENG-03,2026-12-01"#))
        // No cell of the row begins with a formula lead once quotes are taken off.
        for cell in Self.csvCells(String(row)) {
            #expect(!["=", "+", "-", "@", "\t", "\r"].contains(cell.first.map(String.init) ?? ""), "\(cell)")
        }
    }

    @Test("pmbatch's own numbers are not mangled; text cells in the request export are")
    func requestsCSV() {
        var request = ReportFixtures.requests[0]
        request.partNumber = "-ENC-500"
        request.batchCode = "@SUM(A1:A9)"
        request.stockOnHand = -4
        request.shortfall = -1
        let csv = CSVExport.sparePartRequestsCSV([request])
        #expect(csv.split(separator: "\n")[1]
            == "PR2026112400001,WD2026112400002,2026-11-24,'-ENC-500,'@SUM(A1:A9),3,-4,-1,2026-12-08")
    }

    @Test("OWASP formula leads get a leading quote; a leading quote too, so one strip undoes it", arguments: [
        ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("\rx", "'\rx"), ("'quoted", "''quoted"), ("=\u{301}x", "'=\u{301}x"),
        ("EL-1", "EL-1"), ("a=b", "a=b"), (" =x", " =x"), ("", ""), ("2026-12-01", "2026-12-01"),
    ])
    func neutralised(text: String, expected: String) {
        #expect(CSVExport.neutralised(text) == expected)
    }

    @Test("a neutralised cell that needs quoting is quoted after the prefix")
    func neutralisedThenQuoted() {
        #expect(CSVExport.cell(.text("=a,b")) == "\"'=a,b\"")
        #expect(CSVExport.cell(.text("\r=x")) == "\"'\r=x\"")
        #expect(CSVExport.cell(.number(-3)) == "-3")
    }

    /// The cells of one CSV line (RFC 4180, no line breaks inside), quotes removed.
    static func csvCells(_ line: String) -> [String] {
        var cells: [String] = [], current = "", quoted = false
        var chars = Array(line)[...]
        while let ch = chars.popFirst() {
            switch (ch, quoted) {
            case ("\"", true) where chars.first == "\"": current.append("\""); chars.removeFirst()
            case ("\"", _): quoted.toggle()
            case (",", false): cells.append(current); current = ""
            default: current.append(ch)
            }
        }
        return cells + [current]
    }

    // MARK: Markdown

    @Test("report.md: no markup from input values, every value shown as text", arguments: Language.allCases)
    func markdownReport(language: Language) {
        let text = MarkdownReport.render(Self.hostileReport, language: language)
        #expect(!text.contains("<script"))
        #expect(!text.contains("<img"))
        #expect(!text.contains("<"), "no raw '<' at all")
        #expect(text.contains(Self.scriptText))
        #expect(text.contains(Self.imgText))
        #expect(text.contains("=cmd\\|' /C calc'!A0"), "a pipe in a cell is still escaped")
        // Every row of a table keeps its column count: the pipes a value carries are all escaped.
        var columns: Int?
        for row in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard row.hasPrefix("|") else { columns = nil; continue }
            let pipes = row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            #expect(pipes == (columns ?? pipes), "\(row)")
            columns = columns ?? pipes
        }
        // pmbatch's own images still link the charts.
        #expect(text.contains("](" + SVGChart.alertsFile + ")"))
    }

    @Test("report.html: no markup from input values, every value shown as text", arguments: Language.allCases)
    func htmlReport(language: Language) {
        var report = Self.hostileReport
        // pmbatch's inline marks in input stay text too: no <code> or <strong> made from a value.
        report.preventiveWorkOrders[1].action = "**bold** `tick`"
        let html = HTMLReport.render(report, language: language)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("A2&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("=HYPERLINK(&quot;http://x&quot;)"))
        #expect(html.contains("<td>&#42;&#42;bold&#42;&#42; &#96;tick&#96;</td>"))
        #expect(!html.contains("<strong>bold</strong>") && !html.contains("<code>tick</code>"))
        // The legend of the inline chart escapes too.
        #expect(html.contains(">EL-0042 &lt;S1 &amp; &quot;x&quot;&gt;</text>") || !html.contains("EL-0042 <S1"))
        #expect(!html.contains("EL-0042 <S1"))
    }

    @Test("report.md: the work-order table row of the hostile asset, cell by cell")
    func markdownRow() {
        let text = MarkdownReport.render(Self.hostileReport, language: .en)
        #expect(text.contains("| `WD2026112400001` | =cmd\\|' /C calc'!A0 | \(Self.scriptText) | \(Self.imgText) | "
            + "3 =cmd\\|' /C calc'!A0 alerts in 1d, limit 0 | \(Self.imgText) &amp; more |"))
        // Identifiers without markup keep their code span; with markup they become escaped text.
        #expect(text.contains("| `WD2026112400002` | encoder-batch | EL-0201 | =HYPERLINK(\"http://x\") |"))
        // The complete-but-not-closed list is a line, not a table: escaped too.
        #expect(text.contains("\n\(Self.imgText)\n"))
    }

    @Test("the escaper", arguments: [
        ("plain EL-0042", "plain EL-0042"),
        ("a | b", "a \\| b"),
        ("line\nbreak\r\nend\r", "line break end "),
        ("<b>&amp;</b>", "&lt;b&gt;&amp;amp;&lt;/b&gt;"),
        ("<\u{338}img", "&lt;\u{338}img"),
        ("|\u{301}", "\\|\u{301}"),
        ("≤ 15.0 min (app, email) · **all**", "≤ 15.0 min (app, email) · **all**"),
    ])
    func escaper(text: String, expected: String) {
        #expect(MarkdownText.escaped(text) == expected)
    }

    @Test("outside a table a pipe is left alone, markup is not")
    func inlineEscaper() {
        #expect(MarkdownText.escaped("a|<b>", inTableCell: false) == "a|&lt;b&gt;")
    }

    @Test("code spans: a fence longer than any backtick run; markup falls back to escaped text", arguments: [
        ("EL-0042", "`EL-0042`"),
        ("a`b", "``a`b``"),
        ("``x`", "``` ``x` ```"),
        ("A2<script>", "A2<script>"),
        ("R&D", "R&D"),
    ])
    func codeSpan(text: String, expected: String) {
        #expect(MarkdownText.code(text) == expected)
    }

    @Test("backtest.md: rule IDs, asset IDs, slots and fault codes stay text")
    func backtestMarkdown() {
        let md = BacktestReport.markdown(Self.hostileBacktest)
        #expect(!md.contains("<script"))
        #expect(!md.contains("<img"))
        #expect(!md.contains("<"))
        #expect(md.contains("| \(Self.scriptText) | 1 | 0 |"), "the per-rule row")
        #expect(md.contains("### \(Self.scriptText) — more_than"))
        #expect(md.contains(" | \(Self.scriptText) | \(Self.imgText) | =cmd\\|' /C calc'!A0 |\n"), "the missed failure")
    }

    // MARK: SVG

    @Test("charts: asset IDs in legends are XML text", arguments: Language.allCases)
    func charts(language: Language) {
        for chart in SVGChart.render(Self.hostileReport, language: language) {
            #expect(!chart.svg.contains("<script"), "\(chart.fileName)")
            #expect(!chart.svg.contains("<img"), "\(chart.fileName)")
            let parsed = SVGChartTests.parse(chart.svg)
            #expect(parsed.ok, "\(chart.fileName): \(parsed.error)")
        }
        let alerts = SVGChart.render(Self.hostileReport, language: language)[2].svg
        #expect(alerts.contains(">A2&lt;script&gt;alert(1)&lt;/script&gt;</text>"))
        #expect(alerts.contains(">&lt;img src=x onerror=alert(1)&gt;</text>"))
    }

    @Test("backtest sweep chart: rule IDs in the legend are XML text")
    func backtestChart() {
        let svg = BacktestReport.chart(Self.hostileBacktest)
        #expect(!svg.contains("<script"))
        #expect(svg.contains("A2&lt;script&gt;alert(1)&lt;/script&gt; (filled: Pareto front)"))
        #expect(SVGChartTests.parse(svg).ok)
    }

    @Test("characters XML 1.0 forbids become spaces, so the chart stays readable")
    func xmlForbidden() {
        #expect(SVGChart.escape("a\u{0}b\u{1B}c\u{FFFE}d\u{FFFF}e\tf\ng") == "a b c d e\tf\ng")
        #expect(SVGChart.escape(#"<'&">"#) == "&lt;&apos;&amp;&quot;&gt;")
    }

    // MARK: JSON

    @Test("JSON: every control character U+0000–U+001F is escaped; </script> is data")
    func json() throws {
        var text = "</script><img src=x>"
        for value in 0..<0x20 { text.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
        text += "\u{7F}\u{2028}\u{2029}\"\\"
        let literal = JSONText.quoted(text)
        #expect(!literal.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x2028 || $0.value == 0x2029 })
        #expect(literal.hasPrefix(#""</script><img src=x>\u0000\u0001"#))
        #expect(literal.contains(#"\u001f"#) && literal.contains(#"\b\t\n\u000b\f\r"#))
        let decoded = try JSONSerialization.jsonObject(with: Data(("[" + literal + "]").utf8)) as? [String]
        #expect(decoded == [text])

        let run = RunJSON.render(Self.hostileReport)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.utf8)) as? [String: Any])
        let orders = try #require(object["preventive_work_orders"] as? [[String: Any]])
        #expect(orders.contains { $0["asset_id"] as? String == Self.script && $0["rule"] as? String == Self.cmd })
        let backtest = try #require(try JSONSerialization.jsonObject(
            with: Data(BacktestReport.json(Self.hostileBacktest).utf8)) as? [String: Any])
        #expect((backtest["rules"] as? [String: Any])?[Self.script] != nil)
    }

    /// A backtest with a hostile rule ID (swept too) and a missed failure with hostile fields.
    static var hostileBacktest: BacktestResult {
        let missed = Failure(assetID: script, ts: Instant(seconds: 1_764_000_000), slot: img, faultCode: cmd)
        let score = BacktestScore(failures: 1, caught: 0, alarms: 2, trueAlarms: 0, alarmsPerAssetMonth: 0.5,
                                  leadTimeHours: LeadTimeSummary(hours: []), missed: [missed])
        let points = [1, 2].map {
            BacktestSweepPoint(ruleID: script, thresholdName: "more_than", threshold: $0, score: score,
                               overall: score, paretoOptimal: $0 == 1)
        }
        return BacktestResult(from: LocalDate("2025-11-01")!, to: LocalDate("2025-11-30")!, horizonDays: 7,
                              assetCount: 4, zone: "UTC", overall: score, rules: [(id: script, score: score)],
                              sweep: points, workOrders: [])
    }
}

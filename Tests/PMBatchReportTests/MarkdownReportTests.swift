import PMBatchCore
import Testing
@testable import PMBatchReport

@Suite("Markdown report")
struct MarkdownReportTests {
    @Test("golden report.md", arguments: [
        ("full", Language.en, "report.en.md"), ("full", .zh, "report.zh.md"),
        ("empty", .en, "empty.report.en.md"), ("empty", .zh, "empty.report.zh.md"),
    ])
    func golden(fixture: String, language: Language, file: String) throws {
        let report = fixture == "full" ? ReportFixtures.full : ReportFixtures.empty
        try GoldenFile.check(MarkdownReport.render(report, language: language), against: file)
    }

    @Test("sections come in SPEC §4 order")
    func sectionOrder() throws {
        let text = MarkdownReport.render(ReportFixtures.full, language: .en)
        let headings = ["# pmbatch night report", "## KPI summary", "### H1", "## Standard maintenance KPIs",
                        "## Stuck-stage TOP 5", "## Closure-lock audit", "## Tonight's preventive work orders",
                        "### Spare-part requests", "### Suppressed triggers", "### Orders without a suggested",
                        "## Fleet health", "## Data quality", "## Trends"]
        var last = text.startIndex
        for heading in headings {
            let range = try #require(text.range(of: heading, range: last..<text.endIndex), "missing \(heading)")
            last = range.upperBound
        }
    }

    @Test("Chinese uses the article's terms")
    func chineseTerms() {
        let text = MarkdownReport.render(ReportFixtures.full, language: .zh)
        for term in ["客户感知时效", "内部执行效率", "资源利用率", "问题复发率", "滞留TOP5环节", "三级状态锁", "三横一纵"] {
            #expect(text.contains(term), "missing \(term)")
        }
    }

    @Test("an empty night says 'not enough data' instead of numbers")
    func emptyNight() {
        let en = MarkdownReport.render(ReportFixtures.empty, language: .en)
        #expect(en.contains("not enough data (n = 0)"))
        #expect(!en.contains(" nan") && !en.contains(" inf") && !en.contains("NaN"))
        let zh = MarkdownReport.render(ReportFixtures.empty, language: .zh)
        #expect(zh.contains("数据不足（n = 0）"))
    }

    @Test("long lists stop at 20 rows and say how many more")
    func capsWaitingList() {
        let text = MarkdownReport.render(ReportFixtures.full, language: .en)
        #expect(text.contains("`WO-0020`"))
        #expect(!text.contains("`WO-0021`"))
        #expect(text.contains("…and 2 more."))
    }

    @Test("pipes and line breaks cannot break a table")
    func tableCells() {
        var report = ReportFixtures.full
        report.preventiveWorkOrders[0].evidence = "a | b\nc"
        let text = MarkdownReport.render(report, language: .en)
        #expect(text.contains("a \\| b c"))
        #expect(text.contains("`Take in charge \\| ticket`"))
    }

    @Test("fixed decimals, half away from zero, no negative zero")
    func numbers() {
        #expect(NumberText.fixed(12.25, 1) == "12.3")
        #expect(NumberText.fixed(-0.04, 1) == "0.0")
        #expect(NumberText.fixed(-1.25, 1) == "-1.3")
        #expect(NumberText.fixed(3, 0) == "3")
        #expect(NumberText.fixed(0.000_5, 3) == "0.001")
        #expect(NumberText.percent(0.318_333) == "31.8%")
        #expect(NumberText.fixed(.nan, 1) == "—")
    }
}

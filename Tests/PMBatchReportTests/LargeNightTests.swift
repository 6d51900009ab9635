import PMBatchCore
import Testing
@testable import PMBatchReport

@Suite("Large night")
struct LargeNightTests {
    /// 10 000 preventive orders, 10 000 waiting orders and requests: renderers stay linear and quick.
    @Test("renders 10 000 orders in well under a second each")
    func large() {
        var report = ReportFixtures.full
        let template = ReportFixtures.workOrders[1]
        report.preventiveWorkOrders = (1...10_000).reversed().map { i in
            var o = template
            o.id = "WD20261124" + pad(i, 5)
            return o
        }
        report.sparePartRequests = (1...10_000).map { i in
            var r = ReportFixtures.requests[0]
            r.id = "PR20261124" + pad(i, 5)
            return r
        }
        report.current.firstUpdate.waiting = (1...10_000).map { i in
            WaitingOrder(woID: "WO-" + pad(i, 6), channel: "app", createdAt: Instant(seconds: Int64(i)),
                         waitingMinutes: 100)
        }
        let clock = ContinuousClock()
        var markdown = ""
        var json = ""
        var csv = ""
        let markdownTime = clock.measure { markdown = MarkdownReport.render(report, language: .en) }
        let jsonTime = clock.measure { json = RunJSON.render(report) }
        let csvTime = clock.measure { csv = CSVExport.preventiveWorkOrdersCSV(report.preventiveWorkOrders) }
        print("large night: markdown \(markdownTime) (\(markdown.utf8.count) B), run.json \(jsonTime) "
            + "(\(json.utf8.count) B), work-order CSV \(csvTime) (\(csv.utf8.count) B)")
        #expect(markdown.contains("`WD2026112410000`"))
        #expect(csv.hasPrefix("id,") && csv.split(separator: "\n").count == 10_001)
        #expect(markdownTime < .seconds(5) && jsonTime < .seconds(5) && csvTime < .seconds(5))
    }
}

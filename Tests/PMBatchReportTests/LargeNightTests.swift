import Foundation
import PMBatchCore
import Testing
@testable import PMBatchReport

@Suite("Large night")
struct LargeNightTests {
    /// 10 000 preventive orders and requests, given in descending ID order, and 10 000 waiting orders.
    /// How long rendering takes is a figure of `make bench` (the "report, 10k-asset fleet" row), not a test.
    static let report: NightReport = {
        var report = ReportFixtures.full
        let template = ReportFixtures.workOrders[1]
        report.preventiveWorkOrders = (1...10_000).reversed().map { i in
            var o = template
            o.id = "WD20261124" + pad(i, 5)
            return o
        }
        report.sparePartRequests = (1...10_000).reversed().map { i in
            var r = ReportFixtures.requests[0]
            r.id = "PR20261124" + pad(i, 5)
            return r
        }
        report.current.firstUpdate.waiting = (1...10_000).map { i in
            WaitingOrder(woID: "WO-" + pad(i, 6), channel: "app", createdAt: Instant(seconds: Int64(i)),
                         waitingMinutes: 100)
        }
        return report
    }()

    static let orderIDs = (1...10_000).map { "WD20261124" + pad($0, 5) }
    static let requestIDs = (1...10_000).map { "PR20261124" + pad($0, 5) }

    /// The IDs with `prefix` in `text`, in the order they appear (each once per line at most).
    static func ids(_ prefix: String, in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            line.range(of: prefix).map { String(line[$0.lowerBound...].prefix(15)) }
        }
    }

    @Test("tonight's 10 000 orders and requests are all in report.md, in ID order, none capped")
    func markdownListsEveryOrder() {
        let text = MarkdownReport.render(Self.report, language: .en)
        // Lines of the orders table start with the ID; request lines hold their WD in the second column.
        let orderLines = text.split(separator: "\n").filter { $0.hasPrefix("| `WD") }
        #expect(orderLines.map { String($0.dropFirst(3).prefix(15)) } == Self.orderIDs)
        #expect(Self.ids("PR2026", in: text) == Self.requestIDs)
    }

    @Test("run.json and the CSV exports hold all 10 000, sorted by ID; run.json all waiting orders")
    func exportsHoldEveryOrder() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(RunJSON.render(Self.report).utf8))
            as? [String: Any])
        let orders = try #require(json["preventive_work_orders"] as? [[String: Any]])
        #expect(orders.compactMap { $0["id"] as? String } == Self.orderIDs)
        let requests = try #require(json["spare_part_requests"] as? [[String: Any]])
        #expect(requests.compactMap { $0["id"] as? String } == Self.requestIDs)
        let kpis = try #require(json["kpis"] as? [String: Any])
        let firstUpdate = try #require(kpis["first_update"] as? [String: Any])
        let waiting = try #require(firstUpdate["waiting_orders"] as? [[String: Any]])
        #expect(waiting.compactMap { $0["id"] as? String } == (1...10_000).map { "WO-" + pad($0, 6) })

        let ordersCSV = CSVExport.preventiveWorkOrdersCSV(Self.report.preventiveWorkOrders)
        #expect(ordersCSV.hasPrefix("id,"))
        #expect(ordersCSV.split(separator: "\n").dropFirst().map { String($0.prefix(15)) } == Self.orderIDs)
        let requestsCSV = CSVExport.sparePartRequestsCSV(Self.report.sparePartRequests)
        #expect(requestsCSV.split(separator: "\n").dropFirst().map { String($0.prefix(15)) } == Self.requestIDs)
    }
}

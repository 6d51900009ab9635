import PMBatchCore
import Testing
@testable import PMBatchReport

@Suite("CSV exports")
struct CSVExportTests {
    @Test("work orders: header, sorted by ID, WD on every row")
    func workOrders() {
        let csv = CSVExport.preventiveWorkOrdersCSV(ReportFixtures.workOrders)
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "id,night,rule_id,asset_id,site_id,customer_id,related_assets,skill,evidence,action,"
            + "priority,engineer_id,due_date")
        #expect(lines[1] == "WD2026112400001,2026-11-24,door-open-delay,EL-0042,S1,CUST-7,,door-system,"
            + "\"7 door_open_delay alerts in 2026-11, limit 5\",Lubricate door guide shoes; inspect door operator,"
            + "normal,ENG-03,2026-12-01")
        #expect(lines[2].hasPrefix("WD2026112400002,2026-11-24,encoder-batch,EL-0201,S2,CUST-2,EL-0201;EL-0202;EL-0207,"))
        #expect(lines[2].hasSuffix(",normal,,2026-12-01"))
        #expect(lines[3].hasPrefix("WD2026112400003,"))
        #expect(lines.count == 5 && lines[4].isEmpty)
        #expect(!csv.contains("\r"))
    }

    @Test("RFC 4180 quoting of a text cell (CSVField.quoted after neutralising)", arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("cr\r", "\"cr\r\""),
        ("", ""),
    ])
    func quoting(field: String, expected: String) {
        #expect(CSVExport.cell(.text(field)) == expected)
    }

    @Test("evidence with comma, quote and newline round-trips in one field")
    func evidenceField() {
        var order = ReportFixtures.workOrders[1]
        order.evidence = "7 alerts, \"door\"\nlimit 5"
        let csv = CSVExport.preventiveWorkOrdersCSV([order])
        #expect(csv.contains(",\"7 alerts, \"\"door\"\"\nlimit 5\","))
    }

    @Test("spare-part requests")
    func requests() {
        let csv = CSVExport.sparePartRequestsCSV(ReportFixtures.requests)
        #expect(csv == "id,work_order,night,part_number,batch_code,quantity,stock_on_hand,shortfall,needed_by\n"
            + "PR2026112400001,WD2026112400002,2026-11-24,ENC-500,B-2019-07,3,1,2,2026-12-08\n")
    }

    @Test("no rows: header only")
    func emptyExports() {
        #expect(CSVExport.sparePartRequestsCSV([]).split(separator: "\n").count == 1)
        #expect(CSVExport.preventiveWorkOrdersCSV([]).hasSuffix("due_date\n"))
    }
}

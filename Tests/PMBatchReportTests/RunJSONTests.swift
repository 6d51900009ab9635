import Foundation
import PMBatchCore
import Testing
@testable import PMBatchReport

@Suite("run.json")
struct RunJSONTests {
    @Test("golden run.json", arguments: [("full", "run.json"), ("empty", "empty.run.json")])
    func golden(fixture: String, file: String) throws {
        let report = fixture == "full" ? ReportFixtures.full : ReportFixtures.empty
        try GoldenFile.check(RunJSON.render(report), against: file)
    }

    @Test("parses as JSON and carries the SPEC §4 keys")
    func specKeys() throws {
        let text = RunJSON.render(ReportFixtures.full)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for key in ["as_of", "period", "exit_code", "kpis", "stuck_stages", "closure_audit", "preventive_work_orders",
                    "suppressed", "spare_part_requests", "data_quality"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let kpis = try #require(object["kpis"] as? [String: Any])
        let firstUpdate = try #require(kpis["first_update"] as? [String: Any])
        for key in ["n", "mean_minutes", "median_minutes", "p90_minutes", "waiting", "healthy", "by_channel"] {
            #expect(firstUpdate[key] != nil, "missing first_update.\(key)")
        }
        let phone = try #require((firstUpdate["by_channel"] as? [String: Any])?["phone"] as? [String: Any])
        #expect(Set(phone.keys).isSuperset(of: ["n", "mean_minutes", "threshold_minutes", "healthy"]))
        let execution = try #require(kpis["execution"] as? [String: Any])
        #expect(Set(execution.keys).isSuperset(of: ["n", "mean_hours", "baseline_mean_hours", "gain", "healthy"]))
        let utilization = try #require(kpis["utilization"] as? [String: Any])
        #expect(Set(utilization.keys).isSuperset(of: ["effective_work_orders", "engineer_days", "per_engineer_day",
                                                      "baseline_per_engineer_day", "healthy"]))
        let recurrence = try #require(kpis["recurrence"] as? [String: Any])
        #expect(Set(recurrence.keys).isSuperset(of: ["n", "repeats", "rate", "healthy"]))
        let quality = try #require(object["data_quality"] as? [String: Any])
        #expect(Set(quality.keys).isSuperset(of: ["files", "rows", "quarantined", "rejected_files"]))
        #expect(object["as_of"] as? String == "2026-11-24")
        #expect((object["period"] as? [String: String]) == ["from": "2026-10-26", "to": "2026-11-24"])
        #expect(object["status"] as? String == "input_rejected")
    }

    @Test("an empty night has null figures and null verdicts")
    func emptyNulls() throws {
        let text = RunJSON.render(ReportFixtures.empty)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let kpis = try #require(object["kpis"] as? [String: Any])
        let execution = try #require(kpis["execution"] as? [String: Any])
        #expect(execution["mean_hours"] is NSNull)
        #expect(execution["healthy"] is NSNull)
        let firstUpdate = try #require(kpis["first_update"] as? [String: Any])
        #expect(firstUpdate["mean_minutes"] is NSNull)
        #expect(firstUpdate["healthy"] is NSNull)
        #expect(object["baseline_kpis"] is NSNull)
    }

    @Test("strings are escaped")
    func escaping() throws {
        var report = ReportFixtures.full
        report.preventiveWorkOrders[0].evidence = "quote \" backslash \\ newline \n tab \t bell \u{07} 中文"
        let text = RunJSON.render(report)
        #expect(text.contains(#""quote \" backslash \\ newline \n tab \t bell \u0007 中文""#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let orders = try #require(object["preventive_work_orders"] as? [[String: Any]])
        #expect(orders.contains { $0["evidence"] as? String == report.preventiveWorkOrders[0].evidence })
    }

    @Test("numbers: at most 3 decimals, no exponent, no negative zero", arguments: [
        (0.0, "0.0"), (-0.0, "0.0"), (-0.000_1, "0.0"), (15, "15.0"), (12.5, "12.5"), (2.666_666, "2.667"),
        (1e17, "100000000000000000.0"), (1e20, "null"), (.infinity, "null"), (1e-9, "0.0"), (-3.25, "-3.25"),
    ])
    func numbers(value: Double, expected: String) {
        #expect(NumberText.json(value) == expected)
    }
}

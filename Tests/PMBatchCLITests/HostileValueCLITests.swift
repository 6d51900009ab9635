import Foundation
import TestSupport
import Testing

/// Issue 10 item 7 through the binary: hostile asset IDs, site IDs, customer IDs, codes and rule actions go
/// in through the input files, a rule fires on the hostile code, and every output file keeps them as data.
@Suite("hostile values through pmbatch run")
struct HostileValueCLITests {
    static let hyperlink = #"=HYPERLINK("http://x")"#
    static let cmd = #"=cmd|' /C calc'!A0"#
    static let script = "A2<script>alert(1)</script>"
    static let img = "<img src=x onerror=alert(1)>"

    /// Two hostile assets, three alerts each of the hostile code on the night, a rule on that code, and a
    /// customer order whose ID, customer, channel, fault code and event status are hostile.
    static func makeDataDirectory() throws -> URL {
        let root = try TestPaths.makeScratchDirectory("pmbatch-hostile")
        try TestPaths.write("""
            asset_id,site_id,customer_id,region
            "=HYPERLINK(""http://x"")",\(img),C-1,east
            \(script),S-1,\(cmd),east

            """, to: "assets.csv", under: root)
        var rows = "ts,asset_id,code\n"
        for hour in 1...3 {
            rows += "2026-11-24T0\(hour):00:00Z,\"=HYPERLINK(\"\"http://x\"\")\",\(cmd)\n"
            rows += "2026-11-24T0\(hour):30:00Z,\(script),\(cmd)\n"
        }
        rows += "2026-11-24T05:00:00Z,\(script),\(img)\n"
        try TestPaths.write(rows, to: "telemetry/2026-11-24/hostile.csv", under: root)
        // A customer order and an event from the field app, hostile in every text column.
        try TestPaths.write("""
            wo_id,created_at,customer_id,channel,fault_code,priority,description
            \(script),2026-11-24T06:00:00Z,\(cmd),\(img),\(cmd),normal,"=HYPERLINK(""http://x"")"

            """, to: "work_orders/2026-11-24/hostile.csv", under: root)
        try TestPaths.write("""
            wo_id,ts,status,actor,evidence
            \(script),2026-11-24T07:00:00Z,\(img),\(cmd),\(img)

            """, to: "work_order_events/2026-11-24/hostile.csv", under: root)
        try TestPaths.write("""
            [[alert_rule]]
            id = "hostile-code"
            codes = ["=cmd|' /C calc'!A0"]
            window = "1d"
            more_than = 0
            action = '=HYPERLINK("http://x")'

            """, to: "rules.toml", under: root)
        return root
    }

    @Test("the order for the hostile asset is created; CSV, report.md, SVG and run.json keep the values as data")
    func run() throws {
        let root = try Self.makeDataDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        let result = try CLI.run(["run", "--data", root.path, "--as-of", "2026-11-24",
                                  "--db", root.appendingPathComponent("state.sqlite").path, "--out", out.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let night = out.appendingPathComponent("2026-11-24")
        func read(_ name: String) throws -> String {
            try String(contentsOf: night.appendingPathComponent(name), encoding: .utf8)
        }

        // CSV: one order per hostile asset; every hostile cell starts with `'` and is quoted per RFC 4180.
        let csv = try read("preventive_work_orders.csv")
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(csv)")
        #expect(lines.contains {
            $0.hasPrefix(#"WD2026112400001,2026-11-24,hostile-code,"'=HYPERLINK(""http://x"")",\#(Self.img),C-1,,,"#)
        }, "\(csv)")
        #expect(lines.contains {
            $0.hasPrefix(#"WD2026112400002,2026-11-24,hostile-code,\#(Self.script),S-1,'=cmd|' /C calc'!A0,,,"#)
        }, "\(csv)")
        for line in lines.dropFirst() {
            #expect(line.contains(#","'=HYPERLINK(""http://x"")",normal,"#), "the rule's action: \(line)")
            #expect(line.contains(#"3 =cmd|' /C calc'!A0 alerts"#), "the evidence names the code: \(line)")
            #expect(!line.contains(",=") && !line.contains(",\"="), "no cell opens with a formula: \(line)")
        }

        // report.md: the values are shown, as text.
        let report = try read("report.md")
        #expect(report.contains("WD2026112400001") && report.contains("WD2026112400002"))
        #expect(!report.contains("<script"))
        #expect(!report.contains("<img"))
        #expect(!report.contains("<"))
        #expect(report.contains("A2&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(report.contains("&lt;img src=x onerror=alert(1)&gt;"))

        // Charts: the alert chart's legend names the hostile assets as XML text.
        let svg = try read("alerts_top_assets.svg")
        #expect(svg.contains("A2&lt;script&gt;alert(1)&lt;/script&gt;"), "\(svg)")
        #expect(svg.contains("=HYPERLINK(&quot;http://x&quot;)"), "\(svg)")
        for name in ["alerts_top_assets.svg", "first_update_minutes.svg", "technical_closures.svg"] {
            let text = try read(name)
            #expect(!text.contains("<script") && !text.contains("<img"), "\(name)")
        }

        // run.json: JSON data that decodes back to the very values.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(read("run.json").utf8)) as? [String: Any])
        let orders = try #require(json["preventive_work_orders"] as? [[String: Any]])
        #expect(Set(orders.compactMap { $0["asset_id"] as? String }) == [Self.hyperlink, Self.script])
    }
}

import Foundation
import PMBatchCore
import PMBatchStore
import TestSupport
import Testing

/// Six door-open-delay alerts for EL-1 dropped on 2026-11-20 (limit 5), and rules that use them.
func makeTriggerDataDirectory() throws -> URL {
    let root = try TestPaths.makeScratchDirectory("pmbatch-analyze")
    try TestPaths.write("asset_id,site_id,customer_id,region\nEL-1,S-1,C-1,east\nEL-2,S-1,C-1,east\n",
                        to: "assets.csv", under: root)
    try TestPaths.write("engineer_id,skills,region,daily_capacity\nE-1,door-system,east,2\n",
                        to: "engineers.csv", under: root)
    var rows = "ts,asset_id,code\n"
    for hour in 0..<6 { rows += "2026-11-20T0\(hour):00:00+08:00,EL-1,door_open_delay\n" }
    // The last local minute of October in Shanghai: counts for October, not November.
    rows += "2026-10-31T23:59:00+08:00,EL-2,door_open_delay\n"
    for hour in 0..<5 { rows += "2026-11-20T0\(hour):30:00+08:00,EL-2,door_open_delay\n" }
    try TestPaths.write(rows, to: "telemetry/2026-11-20/t.csv", under: root)
    // Quiet nights still drop a dump (its header only), so they are evaluated rather than waiting.
    for day in 21...24 { try TestPaths.write("ts,asset_id,code\n", to: "telemetry/2026-11-\(day)/t.csv", under: root) }
    try TestPaths.write("""
        timezone = "Asia/Shanghai"
        [[alert_rule]]
        id = "door-open-delay"
        code = "door_open_delay"
        window = "calendar_month"
        more_than = 5
        skill = "door-system"

        """, to: "rules.toml", under: root)
    return root
}

func runNight(_ root: URL, _ night: String, db: String, data: URL? = nil, rules: [String] = [],
              firstNight: String? = "2026-11-20") throws -> CLI.Result {
    let ingest = try CLI.run(["ingest", "--data", (data ?? root).path, "--db", db, "--as-of", night] + rules)
    #expect(ingest.status == 0, "\(ingest.stderr)")
    return try CLI.run(["analyze", "--data", (data ?? root).path, "--db", db, "--as-of", night,
                        "--out", root.appendingPathComponent("out").path] + rules
                       + (firstNight.map { ["--first-night", $0] } ?? []))
}

@Suite("pmbatch analyze")
struct AnalyzeCLITests {
    @Test("a fresh state goes live on its first as-of night: earlier nights are history, never evaluated")
    func goLiveTonight() throws {
        let root = try makeTriggerDataDirectory()
        let db = root.appendingPathComponent("state.sqlite").path
        let first = try runNight(root, "2026-11-24", db: db, firstNight: nil)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stdout.contains("earlier night"))
        // EL-1's six November alerts fire tonight, under tonight's ID; no order of 11-20 exists.
        let store = try StateStore(path: db)
        #expect(try store.preventiveWorkOrders().map(\.id) == ["WD2026112400001"])
        #expect(try store.processedNights() == [LocalDate("2026-11-24")!])
        #expect(try store.firstNight() == LocalDate("2026-11-24"))
        // An earlier night is refused; a different --first-night on a live state too.
        let earlier = try runNight(root, "2026-11-23", db: db, firstNight: nil)
        #expect(earlier.status == 2)
        #expect(earlier.stderr.contains("went live on 2026-11-24"), "\(earlier.stderr)")
        let other = try runNight(root, "2026-11-24", db: db, firstNight: "2026-11-20")
        #expect(other.status == 2)
        #expect(other.stderr.contains("not on --first-night 2026-11-20"), "\(other.stderr)")
    }

    @Test("a state that went live on 11-20 evaluates every night since; a re-run creates nothing; the next night continues")
    func nights() throws {
        let root = try makeTriggerDataDirectory()
        let db = root.appendingPathComponent("state.sqlite").path
        let first = try runNight(root, "2026-11-24", db: db)
        #expect(first.status == 0, "\(first.stderr)")
        let store = try StateStore(path: db)
        let orders = try store.preventiveWorkOrders()
        // The alerts were dropped on 11-20, so a state live since 11-20 issues the order that night, as the
        // nightly run of 11-20 did. EL-2 has 5 alerts in November (its 6th is on the
        // last local minute of October): no order.
        #expect(first.stdout.contains("Evaluated 4 earlier night(s) first (2026-11-20 to 2026-11-23)"))
        // Every evaluated night exported its orders.
        let exported = try String(contentsOf: root.appendingPathComponent("out/2026-11-20/preventive_work_orders.csv"),
                                  encoding: .utf8)
        #expect(exported.contains("WD2026112000001"))
        #expect(orders.map(\.id) == ["WD2026112000001"])
        #expect(orders.map(\.assetID) == ["EL-1"])
        #expect(orders.map(\.engineerID) == ["E-1"])
        let rerun = try runNight(root, "2026-11-24", db: db)
        #expect(rerun.status == 0)
        #expect(rerun.stdout.contains("already evaluated"))
        #expect(try store.preventiveWorkOrders().count == 1)

        // A new drop on 11-25 pushes EL-2 over the limit: the next night issues WD…2500001
        // (and the first ID of a date starts at 00001).
        try TestPaths.write("ts,asset_id,code\n2026-11-25T08:00:00+08:00,EL-2,door_open_delay\n",
                            to: "telemetry/2026-11-25/t.csv", under: root)
        let second = try runNight(root, "2026-11-25", db: db)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try store.preventiveWorkOrders().map(\.id) == ["WD2026112000001", "WD2026112500001"])
    }

    @Test("a file dropped after the as-of date does not change that night's result")
    func lateFileInvisible() throws {
        let root = try makeTriggerDataDirectory()
        let before = try runNight(root, "2026-11-24", db: root.appendingPathComponent("a.sqlite").path)
        var rows = "ts,asset_id,code\n"
        for hour in 0..<9 { rows += "2026-11-21T0\(hour):00:00+08:00,EL-2,door_open_delay\n" }
        try TestPaths.write(rows, to: "telemetry/2026-11-26/late.csv", under: root)
        let after = try runNight(root, "2026-11-24", db: root.appendingPathComponent("b.sqlite").path)
        #expect(before.stdout == after.stdout)
        let orders = try StateStore(path: root.appendingPathComponent("b.sqlite").path).preventiveWorkOrders()
        #expect(orders.map(\.assetID) == ["EL-1"])
    }

    @Test("Azure PdM: error1 > 1 in 30 days and comp2 at 120 days give the orders a hand count predicts",
          .enabled(if: TestPaths.runAzurePdMTests, "needs ../shared/data/azure-pdm beside the project"))
    func azure() throws {
        let root = try TestPaths.makeScratchDirectory("pmbatch-azure-analyze")
        let rules = try CLI.makeAzureRulesFile(in: root, extraRules: """
            [[alert_rule]]
            id = "error1"
            code = "error1"
            window = "30d"
            more_than = 1
            [[age_rule]]
            id = "comp2-age"
            component_type = "comp2"
            min_age = "120d"

            """)
        let db = root.appendingPathComponent("state.sqlite").path
        let result = try runNight(root, "2015-06-30", db: db, data: TestPaths.azurePdM, rules: ["--rules", rules.path],
                                  firstNight: nil)
        #expect(result.status == 0, "\(result.stderr)")
        let orders = try StateStore(path: db).preventiveWorkOrders()
        // Counted by hand from PdM_errors.csv / PdM_maint.csv (2015-06-01 … 2015-06-30, UTC):
        // 20 machines have ≥ 2 error1 alerts (e.g. 10: 2, 15: 4, 18: 3); comp2 was last replaced on
        // 2015-02-06 on machine 31 (144 days), 2015-01-01 on 34 (180), 2014-12-13 on 100 (199).
        let age = orders.filter { $0.ruleID == "comp2-age" }
        #expect(age.map(\.assetID) == ["100", "31", "34"])
        #expect(age.map(\.id) == ["WD2015063000001", "WD2015063000002", "WD2015063000003"])
        #expect(age[0].evidence == "comp2 in slot comp2 installed 2014-12-13 is 199 days old, limit 120d")
        let alerts = orders.filter { $0.ruleID == "error1" }
        #expect(alerts.count == 20)
        #expect(alerts.first { $0.assetID == "15" }?.evidence == "4 error1 alerts in the 30 days to 2015-06-30, limit 1")
        #expect(alerts.first { $0.assetID == "1" } == nil)
    }
}

import Foundation
import TestSupport
import Testing

/// Two machines in January 2026 (UTC): M1 logs an alert on 01-05 (dropped `dropFolder`) and fails on
/// 01-06T12:00; M2 logs an alert on 01-20 (dropped the same day) and never fails.
private func makeBacktestDataDirectory(dropFolder: String = "2026-01-05", window: String = "1d") throws -> URL {
    let root = try TestPaths.makeScratchDirectory("pmbatch-backtest")
    try TestPaths.write("asset_id\nM1\nM2\n", to: "assets.csv", under: root)
    try TestPaths.write("asset_id,ts\nM1,2026-01-06T12:00:00Z\n", to: "failures.csv", under: root)
    try TestPaths.write("ts,asset_id,code\n2026-01-05T08:00:00Z,M1,e1\n",
                        to: "telemetry/\(dropFolder)/a.csv", under: root)
    try TestPaths.write("ts,asset_id,code\n2026-01-20T08:00:00Z,M2,e1\n", to: "telemetry/2026-01-20/b.csv", under: root)
    try TestPaths.write("""
        timezone = "UTC"
        [[alert_rule]]
        id = "e1"
        code = "e1"
        window = "\(window)"
        more_than = 0

        """, to: "rules.toml", under: root)
    return root
}

/// Backtests `data` (default `root`), writing under `root/out`.
private func backtest(_ root: URL, data: URL? = nil, from: String = "2026-01-01", to: String = "2026-01-31",
                      extra: [String] = []) throws -> (CLI.Result, URL) {
    let out = root.appendingPathComponent("out")
    let result = try CLI.run(["backtest", "--data", (data ?? root).path, "--from", from, "--to", to,
                              "--out", out.path] + extra)
    return (result, out.appendingPathComponent("backtest-\(from)-\(to)"))
}

private func json(_ folder: URL) throws -> [String: Any] {
    let data = try Data(contentsOf: folder.appendingPathComponent("backtest.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

private func overall(_ folder: URL) throws -> [String: Any] {
    try #require(try json(folder)["overall"] as? [String: Any])
}

/// Every file under `folder` with its bytes, by relative path.
private func snapshot(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let fm = FileManager.default
    for name in (try? fm.subpathsOfDirectory(atPath: folder.path)) ?? [] {
        var isDirectory: ObjCBool = false
        let path = folder.appendingPathComponent(name).path
        if fm.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: path))
        }
    }
    return files
}

@Suite("pmbatch backtest")
struct BacktestCLITests {
    @Test("the hand-made fleet: one caught failure with 12 h lead, one false alarm")
    func small() throws {
        let root = try makeBacktestDataDirectory()
        let (result, folder) = try backtest(root)
        #expect(result.status == 0, "\(result.stderr)")
        let o = try overall(folder)
        // M1's order is created at the cutoff of 01-05 (01-06T00:00Z), 12 h before its failure; M2's is false.
        #expect(o["failures"] as? Int == 1)
        #expect(o["caught"] as? Int == 1)
        #expect(o["alarms"] as? Int == 2)
        #expect(o["true_alarms"] as? Int == 1)
        #expect(o["precision"] as? Double == 0.5)
        // 2 alarms ÷ (2 assets × 31 / 30) = 0.9677…
        #expect(o["alarms_per_asset_month"] as? Double == 0.968)
        let lead = try #require(o["lead_time_hours"] as? [String: Any])
        #expect(lead["min"] as? Double == 12)
        #expect(lead["median"] as? Double == 12)
        #expect(lead["p90"] as? Double == 12)
        let top = try json(folder)
        #expect(top["from"] as? String == "2026-01-01")
        #expect(top["horizon_days"] as? Int == 7)
        #expect((top["rules"] as? [String: Any])?.keys.sorted() == ["e1"])
        #expect((top["sweep"] as? [Any])?.isEmpty == true)
        let md = try String(contentsOf: folder.appendingPathComponent("backtest.md"), encoding: .utf8)
        #expect(md.contains("| 1 | 1 | 100.0% | 2 | 1 | 50.0% | 0.968 | 12.0 | 12.0 | 12.0 |"))
    }

    @Test("a file dropped after the last night does not change the result")
    func lateFileIgnored() throws {
        let root = try makeBacktestDataDirectory()
        let (first, folder) = try backtest(root)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try snapshot(folder)
        // Alerts dropped on 02-01, one of them on a January day: invisible to every night up to 01-31.
        try TestPaths.write("ts,asset_id,code\n2026-01-10T08:00:00Z,M2,e1\n2026-02-01T08:00:00Z,M1,e1\n",
                            to: "telemetry/2026-02-01/late.csv", under: root)
        let (second, _) = try backtest(root)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try snapshot(folder) == before)
        // …while a period that includes 02-01 does see it (its 02-01 alert orders on that night).
        let (third, later) = try backtest(root, to: "2026-02-01")
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try overall(later)["alarms"] as? Int == 3)
    }

    @Test("a night's orders do not see a file dropped the next day")
    func nextDayDrop() throws {
        // The 01-05 alert dropped on 01-06: night 01-05 cannot see it, night 01-06's 1-day window no longer
        // covers 01-05 — no order for M1, its failure is missed.
        let late = try makeBacktestDataDirectory(dropFolder: "2026-01-06")
        let (result, folder) = try backtest(late)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try overall(folder)["alarms"] as? Int == 1)
        #expect(try overall(folder)["caught"] as? Int == 0)
        // With a 2-day window night 01-06 sees it: an order created at 01-07T00:00, after the failure.
        let wide = try makeBacktestDataDirectory(dropFolder: "2026-01-06", window: "2d")
        let (wideResult, wideFolder) = try backtest(wide)
        #expect(wideResult.status == 0, "\(wideResult.stderr)")
        #expect(try overall(wideFolder)["alarms"] as? Int == 2)
        #expect(try overall(wideFolder)["caught"] as? Int == 0)
    }

    @Test("the production state is never opened: its files are byte-identical after a backtest")
    func productionStateUntouched() throws {
        let root = try makeBacktestDataDirectory()
        let stateFolder = root.appendingPathComponent(".pmbatch")
        // Without a production state, none is created.
        let (fresh, _) = try backtest(root)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stateFolder.path))
        let ingest = try CLI.run(["ingest", "--data", root.path, "--as-of", "2026-01-10"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let before = try snapshot(stateFolder)
        #expect(before.keys.contains("state.sqlite"))
        let (result, _) = try backtest(root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try snapshot(stateFolder) == before)
    }

    @Test("a sweep of an unknown rule, a bad range or bad dates are usage errors (exit 2)", arguments: [
        ["--sweep", "nope=0..2"], ["--sweep", "e1=3..1"], ["--horizon", "0d"], ["--from", "2026-02-01"],
        // Checked like rules.toml durations: no sign, at most 6 digits (a huge count used to overflow and crash).
        ["--horizon", "+7d"], ["--horizon", "100000000000000000y"],
    ])
    func usageErrors(extra: [String]) throws {
        let root = try makeBacktestDataDirectory()
        let (result, _) = try backtest(root, extra: extra)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
    }

    @Test("Azure PdM: an alert rule on error1..error5 over 2 days, swept; byte-identical on a re-run",
          .enabled(if: TestPaths.runAzurePdMTests, "needs ../shared/data/azure-pdm beside the project"))
    func azure() throws {
        let root = try TestPaths.makeScratchDirectory("pmbatch-azure-backtest")
        let rules = try CLI.makeAzureRulesFile(in: root, extraRules: """
            [[alert_rule]]
            id = "errors-2d"
            codes = ["error1", "error2", "error3", "error4", "error5"]
            window = "2d"
            more_than = 1

            """)
        // The export read where it lies; the output goes to the scratch folder.
        let args = ["--rules", rules.path, "--sweep", "errors-2d=0..3"]
        let (result, folder) = try backtest(root, data: TestPaths.azurePdM, from: "2015-02-01", to: "2015-12-31",
                                            extra: args)
        #expect(result.status == 0, "\(result.stderr)")
        let o = try overall(folder)
        // 667 failures from 2015-02-01 to 2015-12-31; the printed run: 348 caught, 570 alarms, 315 true.
        #expect(o["failures"] as? Int == 667)
        #expect(o["caught"] as? Int == 348)
        #expect(o["alarms"] as? Int == 570)
        #expect(o["true_alarms"] as? Int == 315)
        let sweep = try #require(try json(folder)["sweep"] as? [[String: Any]])
        #expect(sweep.map { $0["threshold"] as? Int } == [0, 1, 2, 3])
        #expect(sweep[1]["caught"] as? Int == 348)
        #expect(sweep.allSatisfy { $0["pareto_front"] as? Bool == true })
        let chart = try String(contentsOf: folder.appendingPathComponent("backtest_sweep.svg"), encoding: .utf8)
        // The x-axis title has its own row under the tick labels: at the top right it sat on the label "0"
        // of the point at 100 % recall.
        func y(_ line: Substring) -> Double? {
            line.range(of: " y=\"").flatMap { Double(line[$0.upperBound...].prefix { $0 != "\"" }) }
        }
        let lines = chart.split(separator: "\n")
        let title = try #require(lines.first { $0.contains(">alarms per asset-month</text>") })
        let labels = lines.filter { $0.contains("<text") && $0.contains("font-size=\"9\"") }.compactMap(y)
        let ticks = lines.filter { $0.contains("text-anchor=\"middle\">") && !$0.contains("alarms") }.compactMap(y)
        #expect(try #require(y(title)) > (ticks + labels).max()! + 8)
        let before = try snapshot(folder)
        let (again, _) = try backtest(root, data: TestPaths.azurePdM, from: "2015-02-01", to: "2015-12-31",
                                      extra: args)
        #expect(again.status == 0)
        #expect(try snapshot(folder) == before)
    }
}

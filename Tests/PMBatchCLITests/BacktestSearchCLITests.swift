import Foundation
import TestSupport
import Testing

/// The hand-made fleet of the core search tests as files (UTC), five machines A–E, horizon 7 days:
/// January (training) — A: 3 `a` alerts on 01-05, fails 01-06T12:00; B: 3 `a` on 01-14, fails 01-15T12:00;
/// C: 1 `b` on 01-08, fails 01-09T12:00; D: 1 `a` on 01-10 and 01-20; E: 1 `a` on 01-25.
/// February (validation) — A: 3 `a` on 02-05, fails 02-06T12:00; C: 1 `b` on 02-10, fails 02-11T12:00.
/// The search recommends `a-1d-gt1` + `b-1d-gt0`: every failure caught, no false alarm (worked out in
/// `BacktestSearchTests`). The rules file holds one rule (`a-any`, any `a` in a day), which the search replaces.
private func makeSearchDataDirectory() throws -> URL {
    let root = try TestPaths.makeScratchDirectory("pmbatch-search")
    try TestPaths.write("asset_id\nA\nB\nC\nD\nE\n", to: "assets.csv", under: root)
    try TestPaths.write("""
        asset_id,ts
        A,2026-01-06T12:00:00Z
        B,2026-01-15T12:00:00Z
        C,2026-01-09T12:00:00Z
        A,2026-02-06T12:00:00Z
        C,2026-02-11T12:00:00Z

        """, to: "failures.csv", under: root)
    let alerts: [(day: String, rows: [(asset: String, code: String)])] = [
        ("2026-01-05", [("A", "a"), ("A", "a"), ("A", "a")]), ("2026-01-08", [("C", "b")]),
        ("2026-01-10", [("D", "a")]), ("2026-01-14", [("B", "a"), ("B", "a"), ("B", "a")]),
        ("2026-01-20", [("D", "a")]), ("2026-01-25", [("E", "a")]),
        ("2026-02-05", [("A", "a"), ("A", "a"), ("A", "a")]), ("2026-02-10", [("C", "b")]),
    ]
    for (day, rows) in alerts {
        // One row an hour: no two rows are exact duplicates.
        let lines = rows.enumerated().map { "\(day)T0\($0.offset + 1):00:00Z,\($0.element.asset),\($0.element.code)" }
        try TestPaths.write("ts,asset_id,code\n" + lines.joined(separator: "\n") + "\n",
                            to: "telemetry/\(day)/alerts.csv", under: root)
    }
    try TestPaths.write("""
        timezone = "UTC"
        [[alert_rule]]
        id = "a-any"
        code = "a"
        window = "1d"
        more_than = 0

        """, to: "rules.toml", under: root)
    return root
}

private let period = (from: "2026-01-01", split: "2026-02-01", lastTraining: "2026-01-31", to: "2026-02-28")

private func runBacktest(_ root: URL, from: String = period.from, to: String = period.to, _ extra: [String])
    throws -> (CLI.Result, URL)
{
    let out = root.appendingPathComponent("out")
    let result = try CLI.run(["backtest", "--data", root.path, "--from", from, "--to", to, "--out", out.path] + extra)
    return (result, out.appendingPathComponent("backtest-\(from)-\(to)"))
}

private func jsonObject(_ url: URL) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
}

private func contents(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
        files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
    }
    return files
}

@Suite("pmbatch backtest --search")
struct BacktestSearchCLITests {
    @Test("the recommended rules: validate accepts them, a plain backtest of each split gives the search's figures")
    func rulesReproduce() throws {
        let root = try makeSearchDataDirectory()
        let (result, folder) = try runBacktest(root, ["--search", "--validate-from", period.split])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Recommended: a-1d-gt1, b-1d-gt0"), "\(result.stdout)")
        for name in ["backtest.md", "backtest.json", "search.md", "search.json", "search_front.svg", "rules.search.toml"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "\(name)")
        }
        let search = try jsonObject(folder.appendingPathComponent("search.json"))
        #expect(search["validate_from"] as? String == period.split)
        let sets = try #require(search["sets"] as? [[String: Any]])
        let index = try #require(search["recommended"] as? Int)
        let best = sets[index]
        #expect(best["rules"] as? [String] == ["a-1d-gt1", "b-1d-gt0"])
        #expect(sets.allSatisfy { $0["training"] != nil && $0["validation"] != nil })

        let rules = folder.appendingPathComponent("rules.search.toml")
        let text = try String(contentsOf: rules, encoding: .utf8)
        #expect(text.contains("# Fires on more than 1 a alert in 1 day."))
        #expect(!text.contains("a-any"))
        let validate = try CLI.run(["validate", "--data", root.path, "--rules", rules.path])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")

        for (split, from, to) in [("training", period.from, period.lastTraining), ("validation", period.split, period.to)] {
            let (plain, plainFolder) = try runBacktest(root, from: from, to: to, ["--rules", rules.path])
            #expect(plain.status == 0, "\(plain.stderr)")
            let overall = try #require(try jsonObject(plainFolder.appendingPathComponent("backtest.json"))["overall"]
                as? [String: Any])
            let searched = try #require(best[split] as? [String: Any])
            #expect(NSDictionary(dictionary: overall).isEqual(to: searched), "\(split): \(overall) vs \(searched)")
        }
        // Training: 3 of 3 caught by 3 alarms; validation: 2 of 2 by 2.
        let training = try #require(best["training"] as? [String: Any])
        #expect(training["caught"] as? Int == 3)
        #expect(training["alarms"] as? Int == 3)
        let validation = try #require(best["validation"] as? [String: Any])
        #expect(validation["caught"] as? Int == 2)
        #expect(validation["alarms"] as? Int == 2)
    }

    @Test("byte-identical outputs on a re-run")
    func deterministic() throws {
        let root = try makeSearchDataDirectory()
        let args = ["--search", "--validate-from", period.split, "--cost-missed", "20", "--cost-alarm", "1"]
        let (first, folder) = try runBacktest(root, args)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try contents(folder)
        let (second, _) = try runBacktest(root, args)
        #expect(second.status == 0)
        #expect(try contents(folder) == before)
        let md = try String(decoding: #require(before["search.md"]), as: UTF8.self)
        #expect(md.contains("the lowest expected cost on the training nights, 20 per missed failure + 1 per alarm"))
    }

    @Test("search mistakes are usage errors: exit 2 with one line", arguments: [
        (["--search"], "--search needs --validate-from"),
        (["--search", "--validate-from", "2026-01-01"], "must lie after --from"),
        (["--search", "--validate-from", "2026-03-01"], "on or before --to"),
        (["--search", "--validate-from", "2026-02-30"], "must be a date"),
        (["--search", "--validate-from", "2026-02-01", "--cost-missed", "20"], "go together"),
        (["--search", "--validate-from", "2026-02-01", "--cost-missed", "0", "--cost-alarm", "0"], "not both 0"),
        (["--validate-from", "2026-02-01"], "need --search"),
    ])
    func usageErrors(extra: [String], message: String) throws {
        let root = try makeSearchDataDirectory()
        let (result, folder) = try runBacktest(root, extra)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test("Azure PdM, February to March 2015: the recommended rules reproduce the search's figures on both splits",
          .enabled(if: TestPaths.runAzurePdMTests, "needs ../shared/data/azure-pdm beside the project"))
    func azure() throws {
        let root = try TestPaths.makeScratchDirectory("pmbatch-azure-search")
        let given = try CLI.makeAzureRulesFile(in: root, extraRules: """
            [[alert_rule]]
            id = "errors-1d"
            codes = ["error1", "error2", "error3", "error4", "error5"]
            window = "1d"
            more_than = 1

            """)
        let out = root.appendingPathComponent("out")
        func backtest(_ from: String, _ to: String, _ extra: [String]) throws -> (CLI.Result, URL) {
            let result = try CLI.run(["backtest", "--data", TestPaths.azurePdM.path, "--from", from, "--to", to,
                                      "--out", out.path] + extra)
            return (result, out.appendingPathComponent("backtest-\(from)-\(to)"))
        }
        let (result, folder) = try backtest("2015-02-01", "2015-03-31",
                                            ["--rules", given.path, "--search", "--validate-from", "2015-03-01"])
        #expect(result.status == 0, "\(result.stderr)")
        let search = try jsonObject(folder.appendingPathComponent("search.json"))
        let best = try #require(search["sets"] as? [[String: Any]])[try #require(search["recommended"] as? Int)]
        let rules = folder.appendingPathComponent("rules.search.toml")
        let validate = try CLI.run(["validate", "--data", TestPaths.azurePdM.path, "--rules", rules.path])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        for (split, from, to) in [("training", "2015-02-01", "2015-02-28"), ("validation", "2015-03-01", "2015-03-31")] {
            let (plain, plainFolder) = try backtest(from, to, ["--rules", rules.path])
            #expect(plain.status == 0, "\(plain.stderr)")
            let overall = try #require(try jsonObject(plainFolder.appendingPathComponent("backtest.json"))["overall"]
                as? [String: Any])
            let searched = try #require(best[split] as? [String: Any])
            #expect(NSDictionary(dictionary: overall).isEqual(to: searched), "\(split): \(overall) vs \(searched)")
            #expect((overall["alarms"] as? Int ?? 0) > 0)
        }
    }

    @Test("--help describes the search and its options")
    func help() throws {
        let result = try CLI.run(["backtest", "--help"])
        #expect(result.status == 0)
        for text in ["--search", "--validate-from <date>", "--cost-missed <x>", "--cost-alarm <y>", "rules.search.toml",
                     "beam search"] {
            #expect(result.stdout.contains(text), "\(text)")
        }
    }
}

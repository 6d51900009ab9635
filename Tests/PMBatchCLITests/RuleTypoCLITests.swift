import Foundation
import TestSupport
import Testing

/// A misspelled `code` or `component_type` in rules.toml loads and would never fire: `validate` and `run`
/// name it with the nearest known names.
@Suite("Rules that cannot fire")
struct RuleTypoCLITests {
    /// The sample data with the door rule's code and the brake-pad rule's component type misspelled; returns the
    /// data folder and the lines of the two misspelled keys.
    static func sampleWithTypos() throws -> (data: URL, codeLine: Int, typeLine: Int) {
        let root = try TestPaths.makeScratchDirectory("pmbatch-rule-typo")
        let data = root.appendingPathComponent("data")
        try FileManager.default.copyItem(at: TestPaths.packageRoot.appendingPathComponent("datasets/sample"), to: data)
        let rulesURL = data.appendingPathComponent("rules.toml")
        let original = try String(contentsOf: rulesURL, encoding: .utf8)
        let rules = original
            .replacingOccurrences(of: "code = \"door_open_delay\"", with: "code = \"door_open_dealy\"")
            .replacingOccurrences(of: "component_type = \"brake_pad\"", with: "component_type = \"brake_pda\"")
        #expect(rules != original)
        try rules.write(to: rulesURL, atomically: true, encoding: .utf8)
        let lines = rules.components(separatedBy: "\n")
        let codeLine = try #require(lines.firstIndex(of: "code = \"door_open_dealy\"")) + 1
        let typeLine = try #require(lines.firstIndex(of: "component_type = \"brake_pda\"")) + 1
        return (data, codeLine, typeLine)
    }

    @Test("validate exits 1 and names each misspelled name with its line and suggestion")
    func validateCatchesTypos() throws {
        let (data, codeLine, typeLine) = try Self.sampleWithTypos()
        let result = try CLI.run(["validate", "--data", data.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let rules = data.appendingPathComponent("rules.toml").path
        let expected = [
            "RULES \(rules):\(codeLine): rule 'door-open-delay': code 'door_open_dealy' never occurs in the telemetry; "
                + "did you mean 'door_open_delay'?",
            "RULES \(rules):\(typeLine): rule 'brake-pad-age': component type 'brake_pda' occurs in no installation; "
                + "did you mean 'brake_pad'?",
        ]
        let printed = result.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("RULES ") }
        #expect(printed == expected, "\(result.stdout)")
        #expect(result.stdout.contains(": 2 problems."), "\(result.stdout)")
    }

    @Test("validate on data without telemetry says once that codes cannot be checked")
    func validateWithoutTelemetry() throws {
        let (data, _, typeLine) = try Self.sampleWithTypos()
        try FileManager.default.removeItem(at: data.appendingPathComponent("telemetry"))
        let result = try CLI.run(["validate", "--data", data.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\n")
        #expect(lines.filter { $0.hasPrefix("NOTE ") }
            == ["NOTE no telemetry ingested yet: alert codes cannot be checked"], "\(result.stdout)")
        #expect(lines.filter { $0.hasPrefix("RULES ") }.count == 1, "\(result.stdout)")
        #expect(result.stdout.contains("rules.toml:\(typeLine): rule 'brake-pad-age'"), "\(result.stdout)")
        #expect(result.stdout.contains(": 1 problem."), "\(result.stdout)")
    }

    @Test("for the built-in rules (no rules file) a name that never occurs is a note, not a problem")
    func builtInRulesOnlyNoted() throws {
        let root = try TestPaths.makeScratchDirectory("pmbatch-rule-builtin")
        try TestPaths.write("asset_id,site_id\nEL-1,S-1\n", to: "assets.csv", under: root)
        try TestPaths.write("asset_id,slot,component_type,installed_on\nEL-1,enc,encoder,2020-01-01\n",
                            to: "components.csv", under: root)
        try TestPaths.write("ts,asset_id,code\n2026-11-20T01:00:00Z,EL-1,door_opn_delay\n",
                            to: "telemetry/2026-11-20/a.csv", under: root)
        let result = try CLI.run(["validate", "--data", root.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("NOTE ") } == [
            "NOTE built-in rules: rule 'door-open-delay': code 'door_open_delay' never occurs in the telemetry; "
                + "did you mean 'door_opn_delay'?",
        ], "\(result.stdout)")
        #expect(result.stdout.contains(": no problems."), "\(result.stdout)")
    }

    @Test("run shows the typos in report.md's Active rules table and in run.json, and warns in the log")
    func runReportsTypos() throws {
        let (data, _, _) = try Self.sampleWithTypos()
        let scratch = data.deletingLastPathComponent()
        let out = scratch.appendingPathComponent("out")
        let result = try CLI.run(["run", "--data", data.path, "--as-of", "2026-11-24",
                                  "--db", scratch.appendingPathComponent("state.sqlite").path, "--out", out.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("rule 'door-open-delay': code 'door_open_dealy' never occurs"),
                "\(result.stderr)")
        let night = out.appendingPathComponent("2026-11-24")

        let report = try String(contentsOf: night.appendingPathComponent("report.md"), encoding: .utf8)
        let rows = report.components(separatedBy: "\n")
        let door = try #require(rows.first { $0.hasPrefix("| door-open-delay |") }, "\(report)")
        #expect(door == "| door-open-delay | more than 5 `door_open_dealy` alerts in the calendar month | 0 | 0 | 0 "
            + "| cannot fire on `door_open_dealy`: it never occurs in the telemetry; did you mean `door_open_delay`? |")
        let brake = try #require(rows.first { $0.hasPrefix("| brake-pad-age |") })
        #expect(brake.hasSuffix("| cannot fire on `brake_pda`: no installation has it; did you mean `brake_pad`? |"),
                "\(brake)")
        let encoder = try #require(rows.first { $0.hasPrefix("| encoder-batch |") })
        #expect(encoder.hasPrefix("| encoder-batch | at least 3 `encoder` of one batch at one site at least 5y old |"))
        #expect(encoder.hasSuffix("|   |"), "\(encoder)")

        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: night.appendingPathComponent("run.json"))) as? [String: Any])
        let active = try #require(json["active_rules"] as? [[String: Any]])
        let byRule = Dictionary(active.map { ($0["rule"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        let doorCannot = try #require(byRule["door-open-delay"]?["cannot_fire"] as? [[String: Any]])
        #expect(doorCannot.count == 1)
        #expect(doorCannot.first?["code"] as? String == "door_open_dealy")
        #expect(doorCannot.first?["suggestions"] as? [String] == ["door_open_delay"])
        let brakeCannot = try #require(byRule["brake-pad-age"]?["cannot_fire"] as? [[String: Any]])
        #expect(brakeCannot.first?["component_type"] as? String == "brake_pda")
        #expect(brakeCannot.first?["suggestions"] as? [String] == ["brake_pad"])
        #expect((byRule["encoder-batch"]?["cannot_fire"] as? [Any])?.isEmpty == true)
        #expect(byRule["door-open-delay"]?["fired_tonight"] as? Int == 0)
    }
}

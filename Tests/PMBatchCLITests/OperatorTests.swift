import Foundation
import TestSupport
import Testing

@Suite("Operator experience")
struct OperatorTests {
    static let sample = TestPaths.packageRoot.appendingPathComponent("datasets/sample")

    @Test("--help on every command, --version", arguments: ["run", "ingest", "analyze", "report", "show", "validate",
                                                             "generate", "backtest"])
    func help(command: String) throws {
        let result = try CLI.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: pmbatch \(command)"))
        // ArgumentParser prints an option's default itself: a hand-written "(default: …)" beside it doubled it.
        var entries: [String] = []
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  -") || entries.isEmpty { entries.append(String(line)) } else { entries[entries.count - 1] += " " + line }
        }
        for entry in entries {
            #expect(entry.components(separatedBy: "(default:").count <= 2, "\(command): \(entry)")
        }
        // The overview is prose: a source line wrapped without its `\` brought its indentation into the text.
        let overview = result.stdout.components(separatedBy: "USAGE:")[0]
        #expect(!overview.contains("    "), "\(command): \(overview)")
    }

    @Test("--version")
    func version() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: ".").count == 3)
    }

    @Test("--quiet prints nothing; --log-format json writes one JSON object per line; pmbatch.prom is written")
    func logsAndMetrics() throws {
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-ops")
        let out = scratch.appendingPathComponent("out")
        let quiet = try CLI.run(["run", "--data", Self.sample.path, "--as-of", "2026-11-24", "--out", out.path,
                                 "--db", scratch.appendingPathComponent("a.sqlite").path, "--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty)
        #expect(quiet.stderr.isEmpty)
        let json = try CLI.run(["run", "--data", Self.sample.path, "--as-of", "2026-11-24", "--out", out.path,
                                "--db", scratch.appendingPathComponent("a.sqlite").path, "--log-format", "json"])
        #expect(json.status == 0)
        let lines = json.stderr.split(separator: "\n")
        #expect(lines.count >= 3)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] != nil && object?["message"] != nil)
        }
        // Counts are JSON numbers (a digit right after the colon), text stays a string.
        func startsWithDigit(_ line: Substring, _ key: String) -> Bool {
            guard let r = line.range(of: "\"\(key)\":") else { return false }
            return line[r.upperBound...].first?.isNumber == true
        }
        let ingested = try #require(lines.first { $0.contains("\"message\":\"ingested\"") })
        for key in ["files_read", "rows", "quarantined", "rejected"] {
            #expect(startsWithDigit(ingested, key), "\(key): \(ingested)")
        }
        let triggers = try #require(lines.first { $0.contains("\"message\":\"triggers evaluated\"") })
        for key in ["work_orders", "requests", "suppressed", "nights_caught_up"] {
            #expect(startsWithDigit(triggers, key), "\(key): \(triggers)")
        }
        let start = try #require(lines.first { $0.contains("\"message\":\"ingest\"") })
        #expect(start.contains("\"as_of\":\"2026-11-24\""), "\(start)")
        let prom = try String(contentsOf: out.appendingPathComponent("pmbatch.prom"), encoding: .utf8)
        #expect(prom.contains("pmbatch_last_success_timestamp_seconds "))
        #expect(prom.contains("pmbatch_last_run_exit_code 0"))
        #expect(prom.contains("pmbatch_last_run_preventive_work_orders 32"))
        #expect(prom.contains("pmbatch_last_run_status{status=\"ok\"} 1"))
        let runJSON = try JSONSerialization.jsonObject(
            with: Data(contentsOf: out.appendingPathComponent("2026-11-24/run.json"))) as? [String: Any]
        #expect(runJSON?["status"] as? String == "ok")
    }

    @Test("show prints a WD with its evidence, alerts and request; an asset with its orders")
    func show() throws {
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-show")
        let db = scratch.appendingPathComponent("s.sqlite").path
        try CLI.run(["run", "--data", Self.sample.path, "--as-of", "2026-11-24", "--db", db, "--quiet",
                     "--out", scratch.appendingPathComponent("out").path])
        let wd = try CLI.run(["show", "WD2026112400009", "--data", Self.sample.path, "--db", db])
        #expect(wd.status == 0, "\(wd.stderr)")
        #expect(wd.stdout.contains("9 door_open_delay alerts in 2026-11, limit 5"))
        #expect(wd.stdout.contains("alerts that triggered it"))
        let pr = try CLI.run(["show", "PR2026112400024", "--data", Self.sample.path, "--db", db])
        #expect(pr.stdout.contains("for WD2026112400029"))
        #expect(pr.stdout.contains("encoder-batch"))
        let asset = try CLI.run(["show", "EL-000009", "--data", Self.sample.path, "--db", db])
        #expect(asset.stdout.contains("WD2026112400003"))
        #expect(asset.stdout.contains("WD2026112400029"))
        let missing = try CLI.run(["show", "NOPE", "--data", Self.sample.path, "--db", db])
        #expect(missing.status == 2)
    }
}

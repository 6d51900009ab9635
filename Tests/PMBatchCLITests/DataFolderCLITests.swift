import Foundation
import PMBatchCore
import PMBatchStore
import TestSupport
import Testing

/// A folder holding another system's export: machines and alarms under their own names, and a readme.
private func makeForeignExport() throws -> URL {
    let root = try TestPaths.makeScratchDirectory("pmbatch-foreign")
    try TestPaths.write("machine\nM1\nM2\n", to: "machines.csv", under: root)
    try TestPaths.write("when,machine,alarm\n2026-01-05T08:00:00Z,M1,e1\n2026-01-05T09:00:00Z,M2,e1\n",
                        to: "alarms-2026-01.csv", under: root)
    try TestPaths.write("when,machine,alarm\n2026-01-06T08:00:00Z,M1,e1\n", to: "drops/2026-01-06/alarms.csv",
                        under: root)
    try TestPaths.write("export of 2026-01\n", to: "readme.txt", under: root)
    return root
}

/// The column maps of the foreign export, without `[files]`.
private let foreignColumns = """
    timezone = "UTC"
    [columns.assets]
    asset_id = "machine"
    [columns.telemetry]
    ts = "when"
    asset_id = "machine"
    code = "alarm"

    """

/// The commands that read DATA, each with the arguments it needs besides `--data`.
private func readingCommands(_ scratch: URL) -> [[String]] {
    let db = scratch.appendingPathComponent("state.sqlite").path
    let out = scratch.appendingPathComponent("out").path
    return [
        ["run", "--as-of", "2026-01-31", "--db", db, "--out", out, "--quiet"],
        ["ingest", "--as-of", "2026-01-31", "--db", db, "--quiet"],
        ["validate"],
        ["backtest", "--from", "2026-01-01", "--to", "2026-01-31", "--out", out],
    ]
}

@Suite("pmbatch on an empty, foreign or missing data folder")
struct DataFolderCLITests {
    @Test("an empty data folder is a usage error (exit 2) naming what was expected; no state or report is written",
          arguments: 0..<4)
    func emptyFolder(_ index: Int) throws {
        let root = try TestPaths.makeScratchDirectory("pmbatch-empty")
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-empty-out")
        let command = readingCommands(scratch)[index]
        let result = try CLI.run([command[0], "--data", root.path] + command.dropFirst())
        #expect(result.status == 2, "\(command[0]): \(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("no input files in \(root.path): expected assets.csv, components.csv, "),
                "\(result.stderr)")
        #expect(result.stderr.contains("telemetry/YYYY-MM-DD/…"))
        #expect(result.stderr.contains("found none"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("state.sqlite").path))
        // `run` leaves only its metrics textfile, which reports the usage error to monitoring.
        let out = scratch.appendingPathComponent("out")
        let written = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        #expect(written == (command[0] == "run" ? ["pmbatch.prom"] : []))
        if command[0] == "run" {
            let metrics = try String(contentsOf: out.appendingPathComponent("pmbatch.prom"), encoding: .utf8)
            #expect(metrics.contains("pmbatch_last_run_exit_code 2\n"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
    }

    @Test("a folder of foreign CSVs is a usage error listing them; rules.toml and .pmbatch are not listed",
          arguments: 0..<4)
    func foreignFolder(_ index: Int) throws {
        let root = try makeForeignExport()
        try TestPaths.write(foreignColumns, to: "rules.toml", under: root)
        try TestPaths.write("x", to: ".pmbatch/old.lock", under: root)
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-foreign-out")
        let command = readingCommands(scratch)[index]
        let result = try CLI.run([command[0], "--data", root.path] + command.dropFirst())
        #expect(result.status == 2, "\(command[0]): \(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("found 3 files and 1 folder at the top level that match no input kind "
            + "(alarms-2026-01.csv, drops/, machines.csv, readme.txt) — map them with [files] in rules.toml"),
                "\(result.stderr)")
        #expect(!result.stderr.contains("rules.toml,") && !result.stderr.contains(".pmbatch"))
    }

    @Test("the same foreign folder with a [files] mapping is read where it lies, dated folders as drop dates")
    func mappedFolder() throws {
        let root = try makeForeignExport()
        try TestPaths.write(foreignColumns + """
            [files]
            assets = "machines.csv"
            telemetry = ["alarms-*.csv", "drops/*/alarms.csv"]
            """, to: "rules.toml", under: root)
        let db = root.appendingPathComponent("state.sqlite").path
        let early = try CLI.run(["ingest", "--data", root.path, "--db", db, "--as-of", "2026-01-05"])
        #expect(early.status == 0, "\(early.stdout)\(early.stderr)")
        // The dated folder's file is dropped on 2026-01-06: not visible on the 5th.
        #expect(early.stdout.contains("2 files visible, 2 read"), "\(early.stdout)")
        let store = try StateStore(path: db)
        #expect(try store.manifest().map(\.path).sorted() == ["alarms-2026-01.csv", "machines.csv"])
        let run = try CLI.run(["run", "--data", root.path, "--db", db, "--as-of", "2026-01-06",
                               "--out", root.appendingPathComponent("out").path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(try store.manifest().map(\.path).sorted()
            == ["alarms-2026-01.csv", "drops/2026-01-06/alarms.csv", "machines.csv"])
        #expect(try store.manifest().first { $0.path.hasPrefix("drops/") }?.dropDate == LocalDate("2026-01-06"))
        #expect(try store.assets(asOf: LocalDate("2026-01-06")!).count == 2)
        let day = LocalDate("2026-01-06")!
        let alerts = try store.dailyAlerts(days: LocalDate("2026-01-01")!..<day.adding(days: 1), asOf: day)
        #expect(alerts.reduce(0) { $0 + $1.count } == 3)
        let validate = try CLI.run(["validate", "--data", root.path])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        #expect(validate.stdout.contains("Checked 3 files"), "\(validate.stdout)")
    }

    @Test("changing [files] re-reads every file")
    func mappingChangeReingests() throws {
        let root = try makeForeignExport()
        let rules = foreignColumns + "[files]\nassets = \"machines.csv\"\ntelemetry = \"alarms-*.csv\"\n"
        try TestPaths.write(rules, to: "rules.toml", under: root)
        let db = root.appendingPathComponent("state.sqlite").path
        let first = try CLI.run(["ingest", "--data", root.path, "--db", db, "--as-of", "2026-01-31"])
        #expect(first.status == 0, "\(first.stderr)")
        try TestPaths.write(rules.replacingOccurrences(of: "\"alarms-*.csv\"",
                                                       with: "{ glob = \"alarms-*.csv\", drop_date = 2026-01-07 }"),
                            to: "rules.toml", under: root)
        let second = try CLI.run(["ingest", "--data", root.path, "--db", db, "--as-of", "2026-01-31"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("every file was read again"), "\(second.stdout)")
        #expect(try StateStore(path: db).manifest().first { $0.path == "alarms-2026-01.csv" }?.dropDate
            == LocalDate("2026-01-07"))
    }

    @Test("a data folder that does not exist is a usage error naming it", arguments: 0..<4)
    func missingFolder(_ index: Int) throws {
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-missing")
        let missing = scratch.appendingPathComponent("no-such-data").path
        let command = readingCommands(scratch)[index]
        let result = try CLI.run([command[0], "--data", missing] + command.dropFirst())
        #expect(result.status == 2, "\(command[0]): \(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(missing), "\(result.stderr)")
    }

    @Test("a file that two kinds claim is a usage error")
    func ambiguousMapping() throws {
        let root = try makeForeignExport()
        try TestPaths.write(foreignColumns + "[files]\nassets = \"machines.csv\"\ntelemetry = \"*.csv\"\n",
                            to: "rules.toml", under: root)
        let result = try CLI.run(["run", "--data", root.path, "--as-of", "2026-01-31",
                                  "--out", root.appendingPathComponent("out").path])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("machines.csv is claimed by more than one input kind (assets, telemetry)"),
                "\(result.stderr)")
    }
}

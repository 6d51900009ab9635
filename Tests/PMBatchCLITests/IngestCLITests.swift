import Foundation
import PMBatchCore
import PMBatchStore
import TestSupport
import Testing

/// A tiny data directory: two assets and a telemetry drop.
func makeSmallDataDirectory() throws -> URL {
    let root = try TestPaths.makeScratchDirectory("pmbatch-cli")
    try TestPaths.write("asset_id,site_id,region\nEL-1,S-1,east\nEL-2,S-1,east\n", to: "assets.csv", under: root)
    try TestPaths.write("""
        ts,asset_id,code,value
        2026-11-20T01:00:00Z,EL-1,door_open_delay,1.5
        2026-11-20T02:00:00Z,EL-1,door_open_delay,
        2026-11-20T03:00:00Z,EL-2,door_open_delay,2
        2026-11-20T04:00:00Z,EL-9,door_open_delay,2

        """, to: "telemetry/2026-11-20/a.csv", under: root)
    return root
}

/// Compresses `file` in place to `file.zst` with the zstd CLI and returns the new path.
@discardableResult
func zstdCompress(_ file: URL, keep: Bool = false) throws -> URL {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["zstd", "-q", "-f", keep ? "-k" : "--rm", file.path]
    try process.run()
    process.waitUntilExit()
    return file.appendingPathExtension("zst")
}

func alertTotal(_ store: StateStore, asOf: String = "2026-11-30") throws -> Int64 {
    let day = LocalDate(asOf)!
    return try store.dailyAlerts(days: LocalDate("2026-01-01")!..<day.adding(days: 1), asOf: day)
        .reduce(0) { $0 + $1.count }
}

@Suite("pmbatch ingest")
struct IngestCLITests {
    @Test("the untouched Azure PdM folder through [files]: 3,919 alerts, 3,286 installations, 761 failures, 100 assets",
          .enabled(if: TestPaths.runAzurePdMTests, "needs ../shared/data/azure-pdm beside the project"))
    func azure() throws {
        let root = try TestPaths.makeScratchDirectory("pmbatch-azure")
        let rules = try CLI.makeAzureRulesFile(in: root)
        let db = root.appendingPathComponent("state.sqlite").path
        let result = try CLI.run(["ingest", "--data", TestPaths.azurePdM.path, "--rules", rules.path, "--db", db,
                                  "--as-of", "2016-01-05"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("4 files visible, 4 read"), "\(result.stdout)")
        let store = try StateStore(path: db)
        #expect(try store.manifest().map(\.path).sorted()
            == ["PdM_errors.csv", "PdM_failures.csv", "PdM_machines.csv", "PdM_maint.csv"])
        let asOf = LocalDate("2016-01-05")!
        let alerts = try store.dailyAlerts(days: LocalDate("2014-01-01")!..<asOf, asOf: asOf)
        #expect(alerts.reduce(0) { $0 + $1.count } == 3_919)
        #expect(try store.components(asOf: asOf).count == 3_286)
        #expect(try store.failures(asOf: asOf).count == 761)
        #expect(try store.assets(asOf: asOf).count == 100)
    }

    @Test("ingesting twice equals ingesting once")
    func idempotent() throws {
        let root = try makeSmallDataDirectory()
        let db = root.appendingPathComponent("state.sqlite").path
        let first = try CLI.run(["ingest", "--data", root.path, "--db", db, "--as-of", "2026-11-24"])
        #expect(first.status == 0, "\(first.stderr)")
        let store = try StateStore(path: db)
        let manifest = try store.manifest()
        let second = try CLI.run(["ingest", "--data", root.path, "--db", db, "--as-of", "2026-11-24"])
        #expect(second.stdout.contains("0 read, 2 unchanged"))
        #expect(try store.manifest() == manifest)
        // EL-9 is not in the registry: quarantined, not counted.
        #expect(try alertTotal(store) == 3)
        #expect(try store.quarantinedRows().map(\.line) == [5])
        #expect(try store.quarantinedRows().map(\.reason) == [.unknownAsset])
    }

    @Test("a changed file replaces its earlier contribution")
    func changedFile() throws {
        let root = try makeSmallDataDirectory()
        let db = root.appendingPathComponent("state.sqlite").path
        try CLI.run(["ingest", "--data", root.path, "--db", db, "--as-of", "2026-11-24"])
        try TestPaths.write("ts,asset_id,code\n2026-11-20T01:00:00Z,EL-1,door_open_delay\n",
                            to: "telemetry/2026-11-20/a.csv", under: root)
        let again = try CLI.run(["ingest", "--data", root.path, "--db", db, "--as-of", "2026-11-24"])
        #expect(again.stdout.contains("1 read"), "\(again.stdout)")
        let store = try StateStore(path: db)
        #expect(try alertTotal(store) == 1)
        #expect(try store.quarantinedRows().isEmpty)
    }

    @Test("a truncated zstd file is rejected whole (exit 1), leaves no trace, and is retried next run")
    func rejectedAndRetried() throws {
        let root = try makeSmallDataDirectory()
        let db = root.appendingPathComponent("state.sqlite").path
        let csv = root.appendingPathComponent("telemetry/2026-11-21/b.csv")
        try TestPaths.write("ts,asset_id,code\n" + String(repeating: "2026-11-21T01:00:00Z,EL-2,overspeed\n", count: 500),
                            to: "telemetry/2026-11-21/b.csv", under: root)
        let zst = try zstdCompress(csv)
        let good = try Data(contentsOf: zst)
        try good.prefix(good.count - 7).write(to: zst)
        let first = try CLI.run(["ingest", "--data", root.path, "--db", db, "--as-of", "2026-11-24"])
        #expect(first.status == 1)
        #expect(first.stdout.contains("telemetry/2026-11-21/b.csv.zst"))
        #expect(first.stderr.contains("rejected"))
        let store = try StateStore(path: db)
        #expect(try alertTotal(store) == 3)
        let entry = try #require(try store.manifest().first { $0.path.hasSuffix("b.csv.zst") })
        #expect(entry.status == .rejected)
        #expect(entry.error.contains("truncated"))
        // Repaired: the next run reads it.
        try good.write(to: zst)
        let second = try CLI.run(["ingest", "--data", root.path, "--db", db, "--as-of", "2026-11-24"])
        #expect(second.status == 0, "\(second.stdout)")
        #expect(try alertTotal(store) == 3 + 1)  // 500 exact duplicates in one file count once
        #expect(try store.manifest().allSatisfy { $0.status == .ok })
    }

    @Test("files dropped after the as-of date are not read")
    func dropDateHonoured() throws {
        let root = try makeSmallDataDirectory()
        let db = root.appendingPathComponent("state.sqlite").path
        let result = try CLI.run(["ingest", "--data", root.path, "--db", db, "--as-of", "2026-11-19"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("1 files visible"), "\(result.stdout)")
        #expect(try alertTotal(try StateStore(path: db)) == 0)
    }

    @Test("usage and configuration errors exit 2 with a clear message")
    func exitCodes() throws {
        let root = try makeSmallDataDirectory()
        #expect(try CLI.run(["ingest", "--data", root.path, "--as-of", "2026-13-01"]).status == 2)
        #expect(try CLI.run(["ingest", "--data", root.appendingPathComponent("nope").path]).status == 2)
        try TestPaths.write("[[alert_rule]]\nid = \"x\"\ncode = \"c\"\ncolour = \"red\"\n", to: "rules.toml",
                            under: root)
        let bad = try CLI.run(["ingest", "--data", root.path, "--as-of", "2026-11-24"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("rules.toml:4"), "\(bad.stderr)")
        #expect(bad.stderr.contains("colour"))
    }

    @Test("validate lists every problem and writes nothing")
    func validate() throws {
        let root = try makeSmallDataDirectory()
        let result = try CLI.run(["validate", "--data", root.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("telemetry/2026-11-20/a.csv:5 [unknown_asset]"), "\(result.stdout)")
        // One problem is "1 problem", not "1 problems".
        #expect(result.stdout.contains("Checked 2 files, 6 rows: 1 problem.\n"), "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".pmbatch").path))
    }
}

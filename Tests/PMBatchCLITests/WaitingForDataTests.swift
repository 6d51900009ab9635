import Foundation
import PMBatchCore
import PMBatchStore
import TestSupport
import Testing

/// Every WD and PR ID in a text.
func globalIDs(in text: String) -> Set<String> {
    var ids = Set<String>()
    let bytes = Array(text.utf8)
    var i = 0
    while i + 15 <= bytes.count {
        let prefix = (bytes[i], bytes[i + 1])
        if prefix == (UInt8(ascii: "W"), UInt8(ascii: "D")) || prefix == (UInt8(ascii: "P"), UInt8(ascii: "R")),
           bytes[(i + 2)..<(i + 15)].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            ids.insert(String(decoding: bytes[i..<(i + 15)], as: UTF8.self))
            i += 15
        } else {
            i += 1
        }
    }
    return ids
}

/// The IDs exported in every night's CSVs under `out`, and those mentioned in its reports and run.json files.
func exportedAndMentionedIDs(_ out: URL) throws -> (exported: Set<String>, mentioned: Set<String>) {
    var exported = Set<String>()
    var mentioned = Set<String>()
    for night in try FileManager.default.contentsOfDirectory(atPath: out.path) where LocalDate(night) != nil {
        let folder = out.appendingPathComponent(night)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            if name.hasSuffix(".csv") {
                exported.formUnion(globalIDs(in: text))
            } else {
                mentioned.formUnion(globalIDs(in: text))
            }
        }
    }
    return (exported, mentioned)
}

@Suite("Late or missing data never burns a night; no phantom orders")
struct WaitingForDataTests {
    static let sample = TestPaths.packageRoot.appendingPathComponent("datasets/sample")

    @Test("the sample as of 2026-11-28 (newest drop 11-24) waits: exit 1, one line, nothing evaluated")
    func sampleAfterNewestDrop() throws {
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-wait-sample")
        let db = scratch.appendingPathComponent("state.sqlite").path
        let out = scratch.appendingPathComponent("out")
        let result = try CLI.run(["run", "--data", Self.sample.path, "--as-of", "2026-11-28", "--db", db,
                                  "--out", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("pmbatch: no telemetry drop for 2026-11-28 (newest: 2026-11-24); the night was "
                                       + "not evaluated and will be when its data arrives\n"), "\(result.stderr)")
        #expect(!result.stdout.contains("preventive work orders"))
        let store = try StateStore(path: db)
        #expect(try store.processedNights().isEmpty)
        #expect(try store.preventiveWorkOrders().isEmpty)
        let folder = out.appendingPathComponent("2026-11-28")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["run.json"])
        let json = try #require(JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("run.json"))) as? [String: Any])
        #expect(json["status"] as? String == "waiting_for_data")
        #expect(json["exit_code"] as? Int == 1)
        #expect(json["kpis"] == nil, "a waiting night claims no health")
        let waiting = try #require(json["waiting"] as? [String: Any])
        #expect(waiting["night"] as? String == "2026-11-28")
        #expect((waiting["newest_drop"] as? [String: Any])?["telemetry"] as? String == "2026-11-24")
        let prom = try String(contentsOf: out.appendingPathComponent("pmbatch.prom"), encoding: .utf8)
        #expect(prom.contains("pmbatch_last_run_status{status=\"waiting_for_data\"} 1"))
        #expect(prom.contains("pmbatch_last_run_exit_code 1"))
        #expect(prom.contains("pmbatch_nights_waiting_for_data 1"))
        #expect(prom.contains("pmbatch_last_success_timestamp_seconds 0"))
    }

    @Test("nights without their drop wait; when the drops arrive, every night's outputs equal a run that never waited")
    func waitingSequence() throws {
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-wait-sequence")
        let live = scratch.appendingPathComponent("live")
        let db = scratch.appendingPathComponent("state.sqlite").path
        let out = scratch.appendingPathComponent("out")
        func run(_ asOf: String) throws -> CLI.Result {
            try CLI.run(["run", "--data", live.path, "--as-of", asOf, "--db", db, "--out", out.path,
                         "--first-night", "2026-11-22"])
        }
        // Registries and history only, no telemetry at all yet: the first night waits.
        try copyArchive(Self.sample, to: live, through: "2026-11-22")
        try FileManager.default.removeItem(at: live.appendingPathComponent("telemetry"))
        let empty = try run("2026-11-22")
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("no telemetry drop for 2026-11-22 (newest: none yet)"), "\(empty.stderr)")
        // The drops up to 11-22 arrive; 11-23's is late: 11-22 is evaluated, 11-23 waits.
        try copyArchive(Self.sample, to: live, through: "2026-11-22")
        let first = try run("2026-11-23")
        #expect(first.status == 1)
        #expect(first.stderr.contains("no telemetry drop for 2026-11-23 (newest: 2026-11-22)"), "\(first.stderr)")
        #expect(try StateStore(path: db).processedNights() == [LocalDate("2026-11-22")!])
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("2026-11-22/report.md").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("2026-11-23/report.md").path))
        // The next night comes, still without 11-23's drop: the run waits at 11-23, not at 11-24.
        let second = try run("2026-11-24")
        #expect(second.status == 1)
        #expect(second.stderr.contains("no telemetry drop for 2026-11-23 (newest: 2026-11-22)"), "\(second.stderr)")
        #expect(try StateStore(path: db).processedNights() == [LocalDate("2026-11-22")!])
        // Everything arrives: the waiting nights are evaluated in order.
        try copyArchive(Self.sample, to: live, through: "2026-11-24")
        let third = try run("2026-11-24")
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stdout.contains("Evaluated 1 earlier night(s) first (2026-11-23 to 2026-11-23)"))

        let cleanOut = scratch.appendingPathComponent("clean")
        let clean = try CLI.run(["run", "--data", live.path, "--as-of", "2026-11-24", "--out", cleanOut.path,
                                 "--db", scratch.appendingPathComponent("clean.sqlite").path,
                                 "--first-night", "2026-11-22"])
        #expect(clean.status == 0, "\(clean.stderr)")
        for night in ["2026-11-22", "2026-11-23", "2026-11-24"] {
            let waited = try folderContents(out.appendingPathComponent(night))
            let never = try folderContents(cleanOut.appendingPathComponent(night))
            #expect(waited.keys.sorted() == never.keys.sorted(), "\(night)")
            for name in never.keys.sorted() { #expect(waited[name] == never[name], "\(night)/\(name) differs") }
        }
    }

    @Test("[freshness] within = \"2d\": a site that drops every other day has its nights evaluated; a longer gap waits")
    func everyOtherDay() throws {
        let root = try TestPaths.makeScratchDirectory("pmbatch-wait-2d")
        let db = root.appendingPathComponent("state.sqlite").path
        let out = root.appendingPathComponent("out")
        try TestPaths.write("asset_id\nEL-1\n", to: "assets.csv", under: root)
        try TestPaths.write("[freshness]\nwithin = \"2d\"\n", to: "rules.toml", under: root)
        for day in ["2026-11-20", "2026-11-22"] {
            try TestPaths.write("ts,asset_id,code\n\(day)T01:00:00Z,EL-1,door_open_delay\n",
                                to: "telemetry/\(day)/t.csv", under: root)
        }
        let covered = try CLI.run(["run", "--data", root.path, "--as-of", "2026-11-23", "--db", db, "--out", out.path,
                                   "--first-night", "2026-11-20"])
        #expect(covered.status == 0, "\(covered.stderr)")
        #expect(try StateStore(path: db).processedNights().map(\.description)
                == ["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"])
        let gap = try CLI.run(["run", "--data", root.path, "--as-of", "2026-11-25", "--db", db, "--out", out.path])
        #expect(gap.status == 1)
        #expect(gap.stderr.contains("no telemetry drop for 2026-11-24 or the 1 day before (newest: 2026-11-22)"),
                "\(gap.stderr)")
        let json = try String(contentsOf: out.appendingPathComponent("2026-11-25/run.json"), encoding: .utf8)
        #expect(json.contains("\"nights_evaluated\": []"))
        let prom = try String(contentsOf: out.appendingPathComponent("pmbatch.prom"), encoding: .utf8)
        #expect(prom.contains("pmbatch_nights_waiting_for_data 2"))
    }

    /// A data folder with `assets` and one calendar-month door rule firing above `moreThan`; its state and output.
    static func doorFleet(_ label: String, assets: [String], moreThan: Int) throws -> (URL, String, URL) {
        let root = try TestPaths.makeScratchDirectory(label)
        try TestPaths.write("asset_id\n" + assets.map { $0 + "\n" }.joined(), to: "assets.csv", under: root)
        try TestPaths.write("""
            [[alert_rule]]
            id = "door"
            code = "door_open_delay"
            window = "calendar_month"
            more_than = \(moreThan)

            """, to: "rules.toml", under: root)
        return (root, root.appendingPathComponent("state.sqlite").path, root.appendingPathComponent("out"))
    }

    @Test("a night whose only dump is rejected waits; once fixed, its order comes under that night's ID")
    func rejectedDumpWaits() throws {
        let (root, db, out) = try Self.doorFleet("pmbatch-wait-rejected", assets: ["EL-1"], moreThan: 5)
        // A truncated zstd frame: the magic number and nothing after it.
        try TestPaths.write(Data([0x28, 0xB5, 0x2F, 0xFD, 0x04]), to: "telemetry/2026-11-20/t.csv.zst", under: root)
        let broken = try CLI.run(["run", "--data", root.path, "--as-of", "2026-11-20", "--db", db, "--out", out.path])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("the telemetry drop for 2026-11-20 was rejected (telemetry/2026-11-20/t.csv.zst); "
                                       + "the night was not evaluated and will be when the file is fixed"),
                "\(broken.stderr)")
        #expect(try StateStore(path: db).processedNights().isEmpty)

        var rows = "ts,asset_id,code\n"
        for hour in 0..<6 { rows += "2026-11-20T0\(hour):00:00Z,EL-1,door_open_delay\n" }
        // Fixed in place (a plain file under the .zst name reads as plain: the content decides).
        try TestPaths.write(rows, to: "telemetry/2026-11-20/t.csv.zst", under: root)
        try TestPaths.write("ts,asset_id,code\n", to: "telemetry/2026-11-21/t.csv", under: root)
        let fixed = try CLI.run(["run", "--data", root.path, "--as-of", "2026-11-21", "--db", db, "--out", out.path])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(try StateStore(path: db).preventiveWorkOrders().map(\.id) == ["WD2026112000001"])
        let csv = try String(contentsOf: out.appendingPathComponent("2026-11-20/preventive_work_orders.csv"),
                             encoding: .utf8)
        #expect(csv.contains("WD2026112000001"))
        let report = try String(contentsOf: out.appendingPathComponent("2026-11-20/report.md"), encoding: .utf8)
        #expect(!report.contains("### Orders from input that arrived late"))
    }

    @Test("orders that needed late or fixed input say so in the report of the night they came")
    func lateInputNoted() throws {
        let (root, db, out) = try Self.doorFleet("pmbatch-late-input", assets: ["EL-1", "EL-2", "EL-3"], moreThan: 2)
        try TestPaths.write("ts,asset_id,code\n" + ["EL-1", "EL-1", "EL-2", "EL-2"].enumerated().map {
            "2026-11-20T0\($0.offset):00:00Z,\($0.element),door_open_delay\n"
        }.joined(), to: "telemetry/2026-11-20/t.csv", under: root)
        try TestPaths.write("ts,asset_id,code\n", to: "telemetry/2026-11-21/t.csv", under: root)
        // A second dump of 11-21 is corrupt: the night is evaluated on the first one, the run exits 1.
        try TestPaths.write(Data([0x28, 0xB5, 0x2F, 0xFD, 0x04]), to: "telemetry/2026-11-21/x.csv.zst", under: root)
        let first = try CLI.run(["run", "--data", root.path, "--as-of", "2026-11-21", "--db", db, "--out", out.path,
                                 "--first-night", "2026-11-20"])
        #expect(first.status == 1, "\(first.stderr)")
        #expect(try StateStore(path: db).preventiveWorkOrders().isEmpty)

        // Night 11-22: EL-1's third alert (of 11-20) comes in 11-22's drop; EL-2's (of 11-21) in the fixed file;
        // EL-3's three alerts are of 11-22 itself.
        try TestPaths.write("ts,asset_id,code\n2026-11-21T10:00:00Z,EL-2,door_open_delay\n",
                            to: "telemetry/2026-11-21/x.csv.zst", under: root)
        try TestPaths.write("ts,asset_id,code\n2026-11-20T10:00:00Z,EL-1,door_open_delay\n"
                            + (0..<3).map { "2026-11-22T0\($0):00:00Z,EL-3,door_open_delay\n" }.joined(),
                            to: "telemetry/2026-11-22/t.csv", under: root)
        let second = try CLI.run(["run", "--data", root.path, "--as-of", "2026-11-22", "--db", db, "--out", out.path])
        #expect(second.status == 0, "\(second.stderr)")
        let orders = try StateStore(path: db).preventiveWorkOrders()
        #expect(orders.map(\.assetID) == ["EL-1", "EL-2", "EL-3"])
        #expect(orders[0].lateInput == "telemetry/2026-11-22/t.csv: 1 alert from 2026-11-20 dropped 2026-11-22")
        #expect(orders[1].lateInput
                == "telemetry/2026-11-21/x.csv.zst: 1 alert from 2026-11-21, fixed after night 2026-11-21 was evaluated")
        #expect(orders[2].lateInput.isEmpty)
        let report = try String(contentsOf: out.appendingPathComponent("2026-11-22/report.md"), encoding: .utf8)
        #expect(report.contains("### Orders from input that arrived late or was fixed: 2"))
        #expect(report.contains("| `\(orders[1].id)` | door | EL-2 | telemetry/2026-11-21/x.csv.zst: 1 alert from 2026-11-21, "
                                + "fixed after night 2026-11-21 was evaluated |"))
        let json = try #require(JSONSerialization.jsonObject(
            with: Data(contentsOf: out.appendingPathComponent("2026-11-22/run.json"))) as? [String: Any])
        let exported = try #require(json["preventive_work_orders"] as? [[String: Any]])
        #expect(exported.map { $0["late_input"] is String } == [true, true, false])
    }

    @Test("no phantom orders: every WD/PR ID in a report, run.json or the state was exported in a night's CSV",
          arguments: ["sample", "fleet"])
    func noPhantomOrders(dataSet: String) throws {
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-phantom")
        let db = scratch.appendingPathComponent("state.sqlite").path
        let out = scratch.appendingPathComponent("out")
        let data: URL
        if dataSet == "sample" {
            data = Self.sample
            let result = try CLI.run(["run", "--data", data.path, "--as-of", "2026-11-24", "--db", db,
                                      "--out", out.path])
            #expect(result.status == 0, "\(result.stderr)")
        } else {
            // A generated fleet run as a deployment lives: live since 11-08 and caught up on the first run, a
            // missed night, a late drop that makes a night wait, a crash after a night's orders were recorded.
            let generated = try makeSmallFleet()
            data = scratch.appendingPathComponent("live")
            try copyArchive(generated, to: data, through: "2026-11-12")
            func run(_ asOf: String, _ extra: [String] = [], crashAt: String? = nil) throws -> CLI.Result {
                try CLI.run(["run", "--data", data.path, "--as-of", asOf, "--db", db, "--out", out.path] + extra,
                            environment: crashAt.map { ["PMBATCH_CRASH_AT": $0] } ?? [:])
            }
            #expect(try run("2026-11-10", ["--first-night", "2026-11-08"]).status == 0)
            #expect(try run("2026-11-12").status == 0)
            try copyArchive(generated, to: data, through: "2026-11-16")
            try FileManager.default.removeItem(at: data.appendingPathComponent("telemetry/2026-11-14"))
            #expect(try run("2026-11-16").status == 1)
            try copyArchive(generated, to: data, through: "2026-11-20")
            #expect(try run("2026-11-20", crashAt: "trigger.after-commit#2").status == 9)
            try copyArchive(generated, to: data, through: "2026-11-24")
            #expect(try run("2026-11-24").status == 0)
            #expect(try StateStore(path: db).processedNights().count == 17)
        }
        let (exported, mentioned) = try exportedAndMentionedIDs(out)
        let store = try StateStore(path: db)
        let stored = Set(try store.preventiveWorkOrders().map(\.id) + store.sparePartRequests().map(\.id))
        #expect(!stored.isEmpty)
        #expect(stored.subtracting(exported).sorted() == [], "orders in the state that no CSV exported")
        #expect(mentioned.subtracting(exported).sorted() == [], "IDs in a report or run.json that no CSV exported")
        // `show` for every asset with an order names only exported IDs.
        for asset in Set(try store.preventiveWorkOrders().map(\.assetID)).sorted().prefix(10) {
            let shown = try CLI.run(["show", asset, "--data", data.path, "--db", db])
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(globalIDs(in: shown.stdout).subtracting(exported).sorted() == [], "show \(asset)")
        }
    }
}

import Foundation
import PMBatchCore
import PMBatchStore
import TestSupport
import Testing

/// Copies `source` to `target`, leaving out dated drop folders after `lastDrop`.
func copyArchive(_ source: URL, to target: URL, through lastDrop: String) throws {
    let fm = FileManager.default
    try? fm.removeItem(at: target)
    try fm.copyItem(at: source, to: target)
    try? fm.removeItem(at: target.appendingPathComponent(".pmbatch"))
    for folder in ["telemetry", "work_orders", "work_order_events"] {
        let base = target.appendingPathComponent(folder)
        for day in (try? fm.contentsOfDirectory(atPath: base.path)) ?? [] where day > lastDrop {
            try fm.removeItem(at: base.appendingPathComponent(day))
        }
    }
}

/// A small generated fleet (fast to run many times).
func makeSmallFleet() throws -> URL {
    let root = try TestPaths.makeScratchDirectory("pmbatch-fleet")
    let data = root.appendingPathComponent("data")
    let result = try CLI.run(["generate", "--out", data.path, "--seed", "11", "--assets", "20", "--days", "25",
                              "--end", "2026-11-24"])
    #expect(result.status == 0, "\(result.stderr)")
    return data
}

@Suite("Nightly operation: archive re-runs, crashes, locking")
struct NightlyOperationTests {
    static let sample = TestPaths.packageRoot.appendingPathComponent("datasets/sample")
    static let nights = ["2026-11-22", "2026-11-23", "2026-11-24"]

    @Test("nightly runs in sequence equal fresh archive re-runs, even after late files were added")
    func archiveReplay() throws {
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-replay")
        let live = scratch.appendingPathComponent("live")
        let nightlyDB = scratch.appendingPathComponent("nightly.sqlite").path
        var nightly: [String: [String: Data]] = [:]
        for night in Self.nights {
            // The drop folder of each night appears just before its run.
            try copyArchive(Self.sample, to: live, through: night)
            let out = scratch.appendingPathComponent("nightly")
            let result = try CLI.run(["run", "--data", live.path, "--as-of", night, "--db", nightlyDB,
                                      "--out", out.path])
            #expect(result.status == 0, "\(result.stderr)")
            nightly[night] = try folderContents(out.appendingPathComponent(night))
        }
        // Later: the archive gains a late file carrying old timestamps and a later drop.
        let archive = scratch.appendingPathComponent("archive")
        try copyArchive(Self.sample, to: archive, through: "9999-12-31")
        var late = "ts,asset_id,code\n"
        for minute in 0..<30 { late += "2026-11-21T10:\(minute < 10 ? "0" : "")\(minute):00+08:00,EL-000012,door_open_delay\n" }
        try TestPaths.write(late, to: "telemetry/2026-11-25/late-resend.csv", under: archive)
        for night in Self.nights {
            let out = scratch.appendingPathComponent("replay-\(night)")
            // The nightly state went live on the first night: a replay needs the same first night.
            let result = try CLI.run(["run", "--data", archive.path, "--as-of", night,
                                      "--db", scratch.appendingPathComponent("fresh-\(night).sqlite").path,
                                      "--out", out.path, "--first-night", Self.nights[0]])
            #expect(result.status == 0, "\(result.stderr)")
            let replayed = try folderContents(out.appendingPathComponent(night))
            #expect(replayed.keys.sorted() == nightly[night]!.keys.sorted())
            for name in replayed.keys.sorted() {
                #expect(replayed[name] == nightly[night]![name], "\(night)/\(name) differs between nightly and replay")
            }
        }
    }

    static let crashPoints = [
        "ingest.before-transaction#3", "ingest.inside-transaction#1", "ingest.inside-transaction#40",
        "ingest.after-commit#7", "trigger.inside-transaction#1", "trigger.inside-transaction#10",
        "trigger.after-commit#25", "output.after-file#2",
    ]

    @Test("killed at any step, the next run finishes the night exactly as an uninterrupted run",
          arguments: crashPoints)
    func crashSafety(point: String) throws {
        let data = try makeSmallFleet()
        let scratch = data.deletingLastPathComponent()
        // Live since the fleet's first day: the run catches up 25 nights, so the trigger points recur.
        let live = ["--first-night", "2026-10-31"]
        let reference = try CLI.run(["run", "--data", data.path, "--as-of", "2026-11-24",
                                     "--db", scratch.appendingPathComponent("ref.sqlite").path,
                                     "--out", scratch.appendingPathComponent("ref").path] + live)
        #expect(reference.status == 0, "\(reference.stderr)")
        let db = scratch.appendingPathComponent("crash.sqlite").path
        let out = scratch.appendingPathComponent("crash")
        let crashed = try CLI.run(["run", "--data", data.path, "--as-of", "2026-11-24", "--db", db, "--out", out.path]
                                  + live, environment: ["PMBATCH_CRASH_AT": point])
        #expect(crashed.status == 9, "the crash point \(point) was not reached: \(crashed.stdout)")
        let resumed = try CLI.run(["run", "--data", data.path, "--as-of", "2026-11-24", "--db", db, "--out", out.path]
                                  + live)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        // Every night's outputs, also those of nights evaluated before the crash.
        let nights = try FileManager.default.contentsOfDirectory(atPath: scratch.appendingPathComponent("ref").path)
            .filter { LocalDate($0) != nil }.sorted()
        #expect(nights.count == 25)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { LocalDate($0) != nil }.sorted()
                == nights)
        for night in nights {
            #expect(try folderContents(out.appendingPathComponent(night))
                    == folderContents(scratch.appendingPathComponent("ref/\(night)")), "\(night) differs")
        }
        let a = try StateStore(path: db)
        let b = try StateStore(path: scratch.appendingPathComponent("ref.sqlite").path)
        #expect(try a.preventiveWorkOrders() == b.preventiveWorkOrders())
        #expect(try a.sparePartRequests() == b.sparePartRequests())
        #expect(try a.manifest().map(\.path) == b.manifest().map(\.path))
        #expect(try a.manifest().map(\.rowsRead) == b.manifest().map(\.rowsRead))
        let days = LocalDate("2026-10-01")!..<LocalDate("2026-11-25")!
        let asOf = LocalDate("2026-11-24")!
        #expect(try a.dailyAlerts(days: days, asOf: asOf) == b.dailyAlerts(days: days, asOf: asOf))
    }

    @Test("one run at a time: a second run exits 3 naming the holder; a dead holder's lock is taken over")
    func locking() throws {
        let data = try makeSmallFleet()
        let scratch = data.deletingLastPathComponent()
        let db = scratch.appendingPathComponent("state.sqlite").path
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: CLI.binary)
        holder.arguments = ["run", "--data", data.path, "--as-of", "2026-11-24", "--db", db,
                            "--out", scratch.appendingPathComponent("a").path]
        var env = ProcessInfo.processInfo.environment
        env["PMBATCH_PAUSE_AT"] = "ingest.after-commit:30"
        holder.environment = env
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        // Wait until the holder has written its name into the lock file.
        let lockFile = db + ".lock"
        for _ in 0..<200 where ((try? String(contentsOfFile: lockFile, encoding: .utf8)) ?? "").isEmpty {
            usleep(50_000)
        }
        let second = try CLI.run(["run", "--data", data.path, "--as-of", "2026-11-24", "--db", db,
                                  "--out", scratch.appendingPathComponent("b").path])
        #expect(second.status == 3)
        #expect(second.stderr.contains("pid \(holder.processIdentifier)"), "\(second.stderr)")
        // Every command that reads or writes the state waits its turn the same way (report used to exit 2,
        // "not analyzed", reading the state half-way through the holder's run).
        for command in [["ingest"], ["analyze"], ["report", "--out", scratch.appendingPathComponent("r").path]] {
            let other = try CLI.run(command + ["--data", data.path, "--as-of", "2026-11-24", "--db", db])
            #expect(other.status == 3, "\(command[0]): \(other.stderr)")
            #expect(other.stderr.contains("another pmbatch run holds the state")
                    && other.stderr.contains("pid \(holder.processIdentifier)"), "\(command[0]): \(other.stderr)")
        }
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        let third = try CLI.run(["run", "--data", data.path, "--as-of", "2026-11-24", "--db", db,
                                 "--out", scratch.appendingPathComponent("c").path])
        #expect(third.status == 0, "\(third.stderr)")
    }

    @Test("an output folder that cannot be written fails clearly (exit 3); the state stays consistent")
    func unwritableOutput() throws {
        let data = try makeSmallFleet()
        let scratch = data.deletingLastPathComponent()
        let db = scratch.appendingPathComponent("state.sqlite").path
        // /proc is read-only even for root: as good as a full or read-only disk for this purpose.
        let failed = try CLI.run(["run", "--data", data.path, "--as-of", "2026-11-24", "--db", db,
                                  "--out", "/proc/pmbatch-out"])
        #expect(failed.status == 3)
        #expect(failed.stderr.contains("cannot write the output in /proc/pmbatch-out/2026-11-24"), "\(failed.stderr)")
        let retried = try CLI.run(["run", "--data", data.path, "--as-of", "2026-11-24", "--db", db,
                                   "--out", scratch.appendingPathComponent("out").path])
        #expect(retried.status == 0, "\(retried.stderr)")
        let reference = try CLI.run(["run", "--data", data.path, "--as-of", "2026-11-24",
                                     "--db", scratch.appendingPathComponent("ref.sqlite").path,
                                     "--out", scratch.appendingPathComponent("ref").path])
        #expect(reference.status == 0)
        #expect(try folderContents(scratch.appendingPathComponent("out/2026-11-24"))
                == folderContents(scratch.appendingPathComponent("ref/2026-11-24")))
    }
}

import Foundation
import PMBatchCore
import PMBatchNight
import PMBatchStore
import TestSupport
import Testing

/// Every file under `root` by relative path, except the monitoring textfile (wall-clock figures).
func treeContents(_ root: URL) throws -> [String: Data] {
    var result: [String: Data] = [:]
    let fm = FileManager.default
    for case let path as String in fm.enumerator(atPath: root.path) ?? FileManager.DirectoryEnumerator() {
        var isDirectory: ObjCBool = false
        let url = root.appendingPathComponent(path)
        guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
              url.lastPathComponent != "pmbatch.prom" else { continue }
        result[path] = try Data(contentsOf: url)
    }
    return result
}

/// The names of the files whose bytes differ between two trees (or that only one has).
func differingFiles(_ a: [String: Data], _ b: [String: Data]) -> [String] {
    Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
}

/// Starts `pmbatch arguments…` without waiting; its output goes to files under `logs` (`name`.out/.err).
func startPMBatch(_ arguments: [String], environment: [String: String] = [:], logs: URL, name: String) throws
    -> Process
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CLI.binary)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    _ = FileManager.default.createFile(atPath: logs.appendingPathComponent("\(name).out").path, contents: nil)
    _ = FileManager.default.createFile(atPath: logs.appendingPathComponent("\(name).err").path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: logs.appendingPathComponent("\(name).out"))
    process.standardError = try FileHandle(forWritingTo: logs.appendingPathComponent("\(name).err"))
    try process.run()
    return process
}

@Suite("PostgreSQL state: same bytes as SQLite, many ingest workers, the night held alone",
       .enabled(if: TestPostgres.available, "PMBATCH_TEST_POSTGRES is not set (.ci/run starts a server)"))
struct PostgresStateCLITests {
    static let sample = TestPaths.packageRoot.appendingPathComponent("datasets/sample")

    /// Runs `nights` in order on a fresh SQLite state and on a fresh PostgreSQL database; returns both outputs.
    func bothBackends(data: URL, nights: [String], firstNight: String, scratch: URL, postgres given: String? = nil)
        throws -> (sqlite: [String: Data], postgres: [String: Data])
    {
        let postgres = try given ?? TestPostgres.makeDatabase("same")
        for (label, db) in [("sqlite", scratch.appendingPathComponent("state.sqlite").path), ("postgres", postgres)] {
            for night in nights {
                let result = try CLI.run(["run", "--data", data.path, "--as-of", night, "--db", db,
                                          "--first-night", firstNight, "--out",
                                          scratch.appendingPathComponent(label).path, "--quiet"])
                #expect(result.status == 0, "\(label) \(night): \(result.stderr)")
            }
        }
        return (try treeContents(scratch.appendingPathComponent("sqlite")),
                try treeContents(scratch.appendingPathComponent("postgres")))
    }

    @Test("the sample: every output file byte-identical between SQLite and PostgreSQL")
    func sampleSameBytes() throws {
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-pg-sample")
        let db = try TestPostgres.makeDatabase("sample")
        let (sqlite, postgres) = try bothBackends(data: Self.sample, nights: ["2026-11-24"], firstNight: "2026-11-24",
                                                  scratch: scratch, postgres: db)
        #expect(sqlite.keys.contains("2026-11-24/report.md") && sqlite.keys.contains("2026-11-24/run.json"))
        #expect(sqlite.count >= 5)
        #expect(differingFiles(sqlite, postgres) == [])
        // `show` reads the same state through the same protocol: the same lines.
        for id in ["WD2026112400001", "EL-000003"] {
            let shown = try [scratch.appendingPathComponent("state.sqlite").path, db].map {
                try CLI.run(["show", id, "--data", Self.sample.path, "--as-of", "2026-11-24", "--db", $0])
            }
            #expect(shown[0].status == 0 && shown[0].stdout.split(separator: "\n").count > 3, "\(shown[0].stderr)")
            #expect(shown[0].stdout == shown[1].stdout && shown[1].status == 0, "show \(id)")
        }
    }

    @Test("a generated fleet with a late drop, five nights caught up and run: byte-identical outputs")
    func generatedFleetSameBytes() throws {
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-pg-fleet")
        let data = scratch.appendingPathComponent("data")
        let generated = try CLI.run(["generate", "--out", data.path, "--seed", "23", "--assets", "30", "--days", "40",
                                     "--end", "2026-11-24"])
        #expect(generated.status == 0, "\(generated.stderr)")
        var late = "ts,asset_id,code\n"
        for minute in 0..<9 { late += "2026-11-19T10:0\(minute):00+08:00,EL-000003,door_open_delay\n" }
        try TestPaths.write(late, to: "telemetry/2026-11-23/late.csv", under: data)
        let (sqlite, postgres) = try bothBackends(data: data, nights: ["2026-11-22", "2026-11-24"],
                                                  firstNight: "2026-11-20", scratch: scratch)
        #expect(sqlite.keys.filter { $0.hasSuffix("report.md") }.count == 5)
        #expect(differingFiles(sqlite, postgres) == [])
    }

    @Test("hostile values, a NUL byte, tabs, backslashes and non-ASCII text: byte-identical outputs")
    func hostileValuesSameBytes() throws {
        let data = try HostileValueCLITests.makeDataDirectory()
        var rows = Data("ts,asset_id,code\n2026-11-24T08:00:00Z,EL-1,door\u{0}open\n".utf8)
        rows += Data("2026-11-24T08:10:00Z,\"tab\there\",\"back\\slash \\N \u{FFFF} 门\"\n".utf8)
        rows += Data("2026-11-24T08:20:00Z,EL-1,\"line\nbreak\"\n".utf8)
        try TestPaths.write(rows, to: "telemetry/2026-11-24/odd.csv", under: data)
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-pg-hostile")
        let (sqlite, postgres) = try bothBackends(data: data, nights: ["2026-11-24"], firstNight: "2026-11-24",
                                                  scratch: scratch)
        let report = String(decoding: sqlite["2026-11-24/report.md"] ?? Data(), as: UTF8.self)
        #expect(report.contains("| Quarantined rows | 3 | 3 |"), "the three odd rows are quarantined")
        #expect(differingFiles(sqlite, postgres) == [])
    }

    @Test("four ingest workers over a 30-drop archive, one SIGKILLed mid-file, then run: the SQLite run's bytes")
    func workersWithAKill() throws {
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-pg-workers")
        let data = scratch.appendingPathComponent("data")
        let generated = try CLI.run(["generate", "--out", data.path, "--seed", "31", "--assets", "25", "--days", "30",
                                     "--end", "2026-11-24"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let night = "2026-11-24"
        let sqliteDB = scratch.appendingPathComponent("state.sqlite").path
        let reference = try CLI.run(["run", "--data", data.path, "--as-of", night, "--db", sqliteDB, "--out",
                                     scratch.appendingPathComponent("sqlite").path, "--quiet"])
        #expect(reference.status == 0, "\(reference.stderr)")

        let db = try TestPostgres.makeDatabase("workers")
        let ingest = ["ingest", "--data", data.path, "--db", db, "--as-of", night, "--quiet"]
        // Worker 0 stops inside the transaction of the first file it stores, holding its claim, and is killed there
        // with SIGKILL while the three others work.
        var workers: [Process] = []
        for index in 0..<4 {
            let environment = index == 0 ? ["PMBATCH_PAUSE_AT": "ingest.inside-transaction:120"] : [:]
            workers.append(try startPMBatch(ingest, environment: environment, logs: scratch, name: "worker\(index)"))
        }
        defer { for worker in workers where worker.isRunning { kill(worker.processIdentifier, SIGKILL) } }
        var inside = false
        for _ in 0..<600 where !inside {
            inside = try TestPostgres.isInsideTransaction(url: db, pid: workers[0].processIdentifier)
            if !inside { usleep(50_000) }
        }
        #expect(inside, "worker 0 never stopped inside a file's transaction")
        kill(workers[0].processIdentifier, SIGKILL)
        for worker in workers { worker.waitUntilExit() }
        #expect(workers[0].terminationReason == .uncaughtSignal && workers[0].terminationStatus == SIGKILL)
        for (index, worker) in workers.enumerated().dropFirst() {
            let log = (try? String(contentsOf: scratch.appendingPathComponent("worker\(index).err"), encoding: .utf8))
            #expect(worker.terminationReason == .exit && worker.terminationStatus == 0, "worker \(index): \(log ?? "")")
        }
        // The survivors stored every file, the dead worker's too: the state equals the single SQLite ingest's.
        let shared = try openState(path: db)
        let single = try StateStore(path: sqliteDB)
        let manifest = try shared.manifest()
        #expect(manifest.count == Set(manifest.map(\.path)).count)
        #expect(manifest == (try single.manifest()))
        let days = LocalDate("2000-01-01")!..<LocalDate("2100-01-01")!
        let asOf = LocalDate(night)!
        let totals = try shared.alertTotals(days: days, asOf: asOf)
        #expect(totals.map { "\($0.assetID) \($0.code) \($0.count)" }
                == (try single.alertTotals(days: days, asOf: asOf)).map { "\($0.assetID) \($0.code) \($0.count)" })
        #expect(totals.reduce(0) { $0 + $1.count } > 0)

        let run = try CLI.run(["run", "--data", data.path, "--as-of", night, "--db", db, "--out",
                               scratch.appendingPathComponent("postgres").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(" 0 read, "), "the workers left nothing to read: \(run.stdout)")
        #expect(differingFiles(try treeContents(scratch.appendingPathComponent("sqlite")),
                               try treeContents(scratch.appendingPathComponent("postgres"))) == [])
    }

    @Test("run --workers 3 gives the single run's bytes; --workers on a SQLite state is a usage error")
    func runWithWorkers() throws {
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-pg-run-workers")
        let db = try TestPostgres.makeDatabase("runworkers")
        let night = "2026-11-24"
        let pg = try CLI.run(["run", "--data", Self.sample.path, "--as-of", night, "--db", db, "--workers", "3",
                              "--out", scratch.appendingPathComponent("postgres").path])
        #expect(pg.status == 0, "\(pg.stderr)")
        #expect(pg.stdout.contains(" 0 read, "), "the workers read every file: \(pg.stdout)")
        let sqlite = try CLI.run(["run", "--data", Self.sample.path, "--as-of", night, "--db",
                                  scratch.appendingPathComponent("s.sqlite").path, "--quiet",
                                  "--out", scratch.appendingPathComponent("sqlite").path])
        #expect(sqlite.status == 0, "\(sqlite.stderr)")
        #expect(differingFiles(try treeContents(scratch.appendingPathComponent("sqlite")),
                               try treeContents(scratch.appendingPathComponent("postgres"))) == [])
        let refused = try CLI.run(["run", "--data", Self.sample.path, "--as-of", night, "--workers", "2",
                                   "--db", scratch.appendingPathComponent("w.sqlite").path,
                                   "--out", scratch.appendingPathComponent("w").path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--workers needs a PostgreSQL state"))
    }

    @Test("two runs at once on one PostgreSQL state: the second exits 3 naming the holder; a killed holder frees it")
    func twoRunsAtOnce() throws {
        let scratch = try TestPaths.makeScratchDirectory("pmbatch-pg-lock")
        let db = try TestPostgres.makeDatabase("lock")
        let arguments = ["run", "--data", Self.sample.path, "--as-of", "2026-11-24", "--db", db, "--quiet"]
        // The holder stops for good after its first file, holding the night.
        let first = try startPMBatch(arguments + ["--out", scratch.appendingPathComponent("a").path],
                                     environment: ["PMBATCH_PAUSE_AT": "ingest.after-commit:60"],
                                     logs: scratch, name: "first")
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        let shared = try openState(path: db)
        for _ in 0..<300 where try shared.manifest().isEmpty { usleep(50_000) }
        let second = try CLI.run(arguments + ["--out", scratch.appendingPathComponent("b").path])
        #expect(second.status == 3)
        #expect(second.stderr.contains("another pmbatch run holds the state"), "\(second.stderr)")
        #expect(second.stderr.contains("pid \(first.processIdentifier) on "), "\(second.stderr)")
        #expect(second.stderr.split(separator: "\n").count == 1)
        // Every command that reads or writes the state waits its turn the same way, ingest workers included.
        for command in [["ingest"], ["analyze"], ["report", "--out", scratch.appendingPathComponent("r").path]] {
            let other = try CLI.run(command + ["--data", Self.sample.path, "--as-of", "2026-11-24", "--db", db])
            #expect(other.status == 3 && other.stderr.contains("pid \(first.processIdentifier) on "),
                    "\(command[0]): \(other.stderr)")
        }
        // Killed, the holder's session ends and the night is free again; the next run finishes its work.
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let third = try CLI.run(arguments + ["--out", scratch.appendingPathComponent("c").path])
        #expect(third.status == 0, "\(third.stderr)")
        let sqlite = try CLI.run(["run", "--data", Self.sample.path, "--as-of", "2026-11-24", "--quiet", "--db",
                                  scratch.appendingPathComponent("s.sqlite").path,
                                  "--out", scratch.appendingPathComponent("s").path])
        #expect(sqlite.status == 0, "\(sqlite.stderr)")
        #expect(differingFiles(try treeContents(scratch.appendingPathComponent("s")),
                               try treeContents(scratch.appendingPathComponent("c"))) == [])
    }

    @Test("a bad URL, a refused connection, a wrong password: exit 3 (2 when malformed), one line, no password")
    func connectionFailures() throws {
        let server = try #require(TestPostgres.url)
        let (user, hostPort) = (String(server.split(separator: "@")[0].dropFirst("postgresql://".count)),
                                String(server.split(separator: "@")[1].split(separator: "/")[0]))
        let secret = "Wr0ngPassw0rd-" + UUID().uuidString
        let realPassword = ProcessInfo.processInfo.environment["PGPASSWORD"] ?? ""
        let closedPort = try freePort()
        let cases: [(db: String, password: String, status: Int32, says: String)] = [
            ("postgresql://\(user)@\(hostPort)/pmbatch", secret, 3, "password authentication failed"),
            ("postgresql://\(user)@127.0.0.1:\(closedPort)/pmbatch", secret, 3, "refused"),
            ("postgresql://\(user)@no-such-host.invalid:5432/pmbatch", secret, 3, "no-such-host.invalid"),
            ("postgres://\(user)@\(hostPort)/no_such_database", realPassword, 3, "no_such_database"),
            ("postgresql://\(user):\(secret)@\(hostPort)/pmbatch", secret, 2, "does not belong in the URL"),
            ("postgresql://\(hostPort)/pmbatch", secret, 2, "the user is missing"),
        ]
        for c in cases {
            for command in [["run", "--out", try TestPaths.makeScratchDirectory("pmbatch-pg-out").path, "--verbose"],
                            ["ingest", "--verbose", "--log-format", "json"], ["show", "EL-000001"]] {
                let result = try CLI.run(command + ["--data", Self.sample.path, "--as-of", "2026-11-24", "--db", c.db],
                                         environment: ["PGPASSWORD": c.password])
                let label = "\(command[0]) \(c.db.replacingOccurrences(of: secret, with: "…"))"
                #expect(result.status == c.status, "\(label): \(result.stderr)")
                let errorLines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("pmbatch:") }
                #expect(errorLines.count == 1 && errorLines[0].contains(c.says), "\(label): \(result.stderr)")
                #expect(!(result.stdout + result.stderr).contains(secret), "\(label) printed the password")
                if !realPassword.isEmpty {
                    #expect(!(result.stdout + result.stderr).contains(realPassword), "\(label) printed the password")
                }
            }
        }
    }

    @Test("the password from ~/.pgpass when PGPASSWORD is unset; a file others may read is ignored")
    func passwordFile() throws {
        let password = try #require(ProcessInfo.processInfo.environment["PGPASSWORD"])
        let db = try TestPostgres.makeDatabase("pgpass")
        let url = try PostgresURLParts(db)
        let home = try TestPaths.makeScratchDirectory("pmbatch-pgpass-home")
        let file = home.appendingPathComponent(".pgpass")
        let escaped = password.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: ":", with: "\\:")
        try ("# host:port:database:user:password\nother-host:*:*:*:wrong\n"
             + "\(url.host):\(url.port):*:\(url.user):\(escaped)\n").write(to: file, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = nil
        environment["PGPASSFILE"] = nil
        environment["HOME"] = home.path
        func ingest() throws -> (status: Int32, stderr: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLI.binary)
            process.arguments = ["ingest", "--data", Self.sample.path, "--as-of", "2026-11-24", "--db", db, "--quiet"]
            process.environment = environment
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let data = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let good = try ingest()
        #expect(good.status == 0, "\(good.stderr)")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let ignored = try ingest()
        #expect(ignored.status == 3 && ignored.stderr.contains("password"), "\(ignored.stderr)")
        #expect(!ignored.stderr.contains(password))
    }

    /// A local TCP port nothing listens on.
    func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// The parts of a `postgresql://USER@HOST:PORT/DB` test URL.
struct PostgresURLParts {
    var user: String
    var host: String
    var port: String

    init(_ url: String) throws {
        let rest = url.split(separator: "://", maxSplits: 1)[1]
        let userAndHost = rest.split(separator: "/")[0].split(separator: "@")
        let hostPort = userAndHost[1].split(separator: ":")
        (user, host, port) = (String(userAndHost[0]), String(hostPort[0]), String(hostPort[1]))
    }
}

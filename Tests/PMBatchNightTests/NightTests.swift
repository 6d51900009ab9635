import Foundation
import PMBatchConfig
import PMBatchCore
@testable import PMBatchNight
import PMBatchReport
import PMBatchStore
import Testing
import TestSupport

/// The state backends the night runs on: the embedded SQLite state (in memory) and, when a test server is
/// given (`TestPostgres`), a fresh PostgreSQL database: the night's suite runs against both.
enum Backend: String, CustomStringConvertible, CaseIterable, Sendable {
    case sqlite, postgres

    /// The backends under test: PostgreSQL only with a server.
    static var all: [Backend] { TestPostgres.available ? [.sqlite, .postgres] : [.sqlite] }

    var description: String { rawValue }

    func makeState() throws -> any NightState {
        switch self {
        case .sqlite: try StateStore()
        case .postgres: try openState(path: TestPostgres.makeDatabase("night"))
        }
    }
}

/// A hand-made state: files stored as contributions, no data folder, no parsing.
struct NightFixture {
    let state: any NightState
    let rules: LoadedRules

    static let d1 = LocalDate("2026-11-20")!
    static let d2 = LocalDate("2026-11-21")!
    static let d3 = LocalDate("2026-11-22")!

    /// EL-1 and EL-2; "more than 2 door_open_delay alerts in the calendar month" fires a door order.
    init(rules text: String = """
        [[alert_rule]]
        id = "door"
        code = "door_open_delay"
        window = "calendar_month"
        more_than = 2
        skill = "door-system"

        """, backend: Backend = .sqlite) throws {
        state = try backend.makeState()
        rules = try RulesLoader.load(text: text, path: "rules.toml")
        try store(FileContribution(entry: entry("assets.csv", .assets, drop: nil),
                                   records: [(2, .asset(Asset(assetID: "EL-1", siteID: "S-1"))),
                                             (3, .asset(Asset(assetID: "EL-2", siteID: "S-1")))]))
    }

    func entry(_ path: String, _ kind: FileKind, drop: LocalDate?, status: ManifestEntry.Status = .ok) -> ManifestEntry {
        ManifestEntry(path: path, kind: kind, size: 1, modificationTime: 0, contentHash: path, dropDate: drop,
                      status: status)
    }

    func store(_ contribution: FileContribution) throws {
        try state.replace(with: contribution, beforeCommit: {})
    }

    /// A telemetry drop dated `drop` with `alerts` door_open_delay alerts per asset on `day` (default: the drop).
    func drop(_ drop: LocalDate, _ alerts: [String: Int64], day: LocalDate? = nil, name: String = "t.csv") throws {
        let counts = alerts.sorted { $0.key < $1.key }.map {
            TelemetryDayCount(assetID: $0.key, code: "door_open_delay", day: day ?? drop, count: $0.value)
        }
        try store(FileContribution(entry: entry("telemetry/\(drop)/\(name)", .telemetry, drop: drop), telemetry: counts))
    }

    func job(_ asOf: LocalDate, firstNight: LocalDate? = nil) -> TriggerJob {
        TriggerJob(asOf: asOf, rules: rules, firstNight: firstNight)
    }
}

@Suite("The night as a library, on each state backend")
struct NightTests {
    typealias F = NightFixture

    @Test("catch-up: a state live since d1 evaluates d1…d3 in order; the order comes on its own night",
          arguments: Backend.all)
    func catchUp(backend: Backend) throws {
        let f = try NightFixture(backend: backend)
        try f.drop(F.d1, ["EL-1": 2])
        try f.drop(F.d2, ["EL-1": 1, "EL-2": 1])  // EL-1: 3 alerts in November from d2 on
        try f.drop(F.d3, ["EL-2": 2])             // EL-2: 3 from d3 on
        let result = try f.job(F.d3, firstNight: F.d1).run(on: f.state)
        #expect(result.evaluated.map(\.night) == [F.d1, F.d2, F.d3])
        #expect(result.caughtUp == [F.d1, F.d2])
        #expect(result.waiting == nil)
        #expect(result.plan.workOrders.map(\.id) == ["WD2026112200001"])
        #expect(try f.state.preventiveWorkOrders().map { "\($0.id) \($0.assetID)" }
                == ["WD2026112100001 EL-1", "WD2026112200001 EL-2"])
        #expect(try f.state.firstNight() == F.d1)
        let again = try f.job(F.d3).run(on: f.state)
        #expect(again.alreadyEvaluated && again.evaluated.isEmpty)
        #expect(again.plan.workOrders.map(\.id) == ["WD2026112200001"])
    }

    @Test("a catch-up of three nights equals three nightly runs",
          arguments: Backend.all)
    func catchUpEqualsNightly(backend: Backend) throws {
        func fleet() throws -> NightFixture {
            let f = try NightFixture(backend: backend)
            try f.drop(F.d1, ["EL-1": 3, "EL-2": 1])
            try f.drop(F.d2, ["EL-2": 1])
            try f.drop(F.d3, ["EL-2": 1])
            return f
        }
        let once = try fleet()
        _ = try once.job(F.d3, firstNight: F.d1).run(on: once.state)
        let nightly = try fleet()
        for night in [F.d1, F.d2, F.d3] { _ = try nightly.job(night, firstNight: F.d1).run(on: nightly.state) }
        #expect(try once.state.preventiveWorkOrders() == nightly.state.preventiveWorkOrders())
        #expect(try once.state.processedNights() == nightly.state.processedNights())
        #expect(try once.state.preventiveWorkOrders().map(\.id) == ["WD2026112000001", "WD2026112200001"])
    }

    @Test("a fresh state goes live on its as-of night: nothing before it is evaluated",
          arguments: Backend.all)
    func goLive(backend: Backend) throws {
        let f = try NightFixture(backend: backend)
        try f.drop(F.d1, ["EL-1": 3])
        try f.drop(F.d3, [:])
        let result = try f.job(F.d3).run(on: f.state)
        #expect(result.evaluated.map(\.night) == [F.d3])
        #expect(result.firstNight == F.d3)
        // EL-1's alerts of d1 count in d3's month: the order comes tonight, under tonight's ID.
        #expect(try f.state.preventiveWorkOrders().map(\.id) == ["WD2026112200001"])
        #expect(throws: NightFailure.self) { try f.job(F.d2).run(on: f.state) }
    }

    @Test("waiting: a night without its drop stops the catch-up there; when the drop comes, it goes on in order",
          arguments: Backend.all)
    func waiting(backend: Backend) throws {
        let f = try NightFixture(backend: backend)
        try f.drop(F.d1, ["EL-1": 1])
        try f.drop(F.d3, ["EL-1": 2])
        let first = try f.job(F.d3, firstNight: F.d1).run(on: f.state)
        #expect(first.evaluated.map(\.night) == [F.d1])
        let waiting = try #require(first.waiting)
        #expect(waiting.night == F.d2)
        #expect(waiting.missing == [.telemetry])
        #expect(waiting.newestDrop[.telemetry] == F.d1)
        #expect(waiting.message == "no telemetry drop for 2026-11-21 (newest: 2026-11-20); the night was not "
                + "evaluated and will be when its data arrives")
        #expect(try f.state.processedNights() == [F.d1])

        try f.drop(F.d2, [:])
        let second = try f.job(F.d3).run(on: f.state)
        #expect(second.evaluated.map(\.night) == [F.d2, F.d3])
        #expect(try f.state.preventiveWorkOrders().map(\.id) == ["WD2026112200001"])
    }

    @Test("waiting: a night whose only dump was rejected names the file",
          arguments: Backend.all)
    func waitingOnRejected(backend: Backend) throws {
        let f = try NightFixture(backend: backend)
        try f.state.recordRejected(f.entry("telemetry/\(F.d1)/t.csv.zst", .telemetry, drop: F.d1, status: .rejected))
        let result = try f.job(F.d1).run(on: f.state)
        #expect(result.evaluated.isEmpty)
        #expect(result.waiting?.rejected == ["telemetry/2026-11-20/t.csv.zst"])
        #expect(result.waiting?.message.hasPrefix("the telemetry drop for 2026-11-20 was rejected") == true)
    }

    @Test("[freshness] require = [] never waits",
          arguments: Backend.all)
    func neverWait(backend: Backend) throws {
        let f = try NightFixture(rules: "[freshness]\nrequire = []\n", backend: backend)
        let result = try f.job(F.d2, firstNight: F.d1).run(on: f.state)
        #expect(result.evaluated.map(\.night) == [F.d1, F.d2])
    }

    @Test("report assembly: the first night, tonight's orders and the run status decided by the night",
          arguments: Backend.all)
    func reportAssembly(backend: Backend) throws {
        let f = try NightFixture(backend: backend)
        try f.drop(F.d1, ["EL-1": 3])
        let result = try f.job(F.d1).run(on: f.state)
        let job = ReportJob(asOf: F.d1, rules: f.rules, language: .en)
        let report = try job.build(from: f.state, plan: result.plan)
        #expect(report.header.firstNight == F.d1)
        #expect(report.preventiveWorkOrders.map(\.id) == ["WD2026112000001"])
        #expect(report.status == "ok" && report.exitCode == 0)
        #expect(report.activeRules.map(\.firedTonight) == [1])
        #expect(report.dataQuality.toDate.files == 2)

        // A rejected file visible to the night makes it "input_rejected", exit 1; one dropped later does not.
        try f.state.recordRejected(f.entry("telemetry/\(F.d2)/bad.csv", .telemetry, drop: F.d2, status: .rejected))
        #expect(try job.build(from: f.state, plan: result.plan).status == "ok")
        try f.state.recordRejected(f.entry("telemetry/\(F.d1)/bad.csv", .telemetry, drop: F.d1, status: .rejected))
        let rejected = try job.build(from: f.state, plan: result.plan)
        #expect(rejected.status == "input_rejected" && rejected.exitCode == 1)
        #expect(rejected.dataQuality.toDate.rejectedFiles.map(\.path) == ["telemetry/2026-11-20/bad.csv"])
    }

    @Test("quarantined rows keep their text: U+FFFF, tabs, backslashes, newlines, non-ASCII (and NUL in PostgreSQL)",
          arguments: Backend.all)
    func quarantinedText(backend: Backend) throws {
        let f = try NightFixture(backend: backend)
        let texts = ["a\u{0}b", "\u{FFFF}0\u{0}\u{FFFF}\u{FFFF}", "tab\there \\N back\\slash", "line\nbreak\r",
                     "门 é\u{301}"]
        let rows = texts.enumerated().map { index, text in
            QuarantinedRow(file: "telemetry/\(F.d1)/odd.csv", line: index + 2, field: "code", reason: .invalidUTF8,
                           detail: "detail " + text, raw: text)
        }
        try f.store(FileContribution(entry: f.entry("telemetry/\(F.d1)/odd.csv", .telemetry, drop: F.d1),
                                     quarantined: rows, quarantineCounts: [.invalidUTF8: rows.count]))
        let read = try f.state.quarantinedRows(limit: 100)
        #expect(read.count == rows.count)
        // SQLite's state reads a text back only up to a NUL byte (GRDB's String decoding); PostgreSQL cannot hold
        // one in a text at all, so its state escapes them and must give back every byte.
        for (got, wanted) in zip(read, rows)
        where backend == .postgres || !wanted.raw.unicodeScalars.contains("\u{0}") {
            #expect(got == wanted)
        }
        #expect(try f.state.quarantineTallies().map { "\($0.path) \($0.rawReason) \($0.count)" }
                == ["telemetry/2026-11-20/odd.csv invalid_utf8 5"])
    }

    @Test("run status: the nightly run over a data folder waits (exit 1, run.json only), then reports ok",
          arguments: Backend.all)
    func nightlyRunStatus(backend: Backend) throws {
        let data = try TestPaths.makeScratchDirectory("pmbatch-night-run")
        let out = data.appendingPathComponent("out")
        try TestPaths.write("asset_id\nEL-1\n", to: "assets.csv", under: data)
        let rules = try RulesLoader.load(text: "", path: "rules.toml")
        let state = try backend.makeState()
        func run(_ night: LocalDate) throws -> NightlyRun.Outcome {
            try NightlyRun(dataDirectory: data.path, asOf: night, rules: rules, firstNight: nil, language: .en,
                           periodDays: 30, outputRoot: out.path).run(on: state)
        }
        let waiting = try run(F.d1)
        #expect(waiting.status == .waitingForData && waiting.status.exitCode == 1)
        #expect(waiting.report == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: waiting.folder) == ["run.json"])
        let prom = try String(contentsOf: out.appendingPathComponent("pmbatch.prom"), encoding: .utf8)
        #expect(prom.contains("pmbatch_last_run_status{status=\"waiting_for_data\"} 1"))

        try TestPaths.write("ts,asset_id,code\n2026-11-20T01:00:00Z,EL-1,door_open_delay\n",
                            to: "telemetry/2026-11-20/t.csv", under: data)
        let done = try run(F.d1)
        #expect(done.status == .ok)
        #expect(done.report?.status == "ok")
        #expect(FileManager.default.fileExists(atPath: done.folder + "/report.md"))
        // report.html beside it, and the five trend charts it and report.md show.
        let html = try String(contentsOfFile: done.folder + "/report.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<html lang=\"en\">"))
        for chart in SVGChart.trendFiles {
            #expect(FileManager.default.fileExists(atPath: done.folder + "/" + chart), "\(chart)")
        }
        let json = try String(contentsOfFile: done.folder + "/run.json", encoding: .utf8)
        #expect(json.contains("\"status\": \"ok\""))
    }
}

@Suite("Alert counts: one path for the nightly triggers and the backtest")
struct AlertCountAgreementTests {
    @Test("on a generated fleet with late drops, every night's rule counts equal the backtest index's",
          arguments: Backend.all)
    func nightlyEqualsBacktest(backend: Backend) throws {
        let root = try TestPaths.makeScratchDirectory("pmbatch-counts")
        let data = root.appendingPathComponent("data")
        let generated = try CLI.run(["generate", "--out", data.path, "--seed", "5", "--assets", "30", "--days", "40",
                                     "--end", "2026-11-24"])
        #expect(generated.status == 0, "\(generated.stderr)")
        // Late drops: alerts of earlier days arriving days later, on codes the rules count.
        var late = "ts,asset_id,code\n"
        for (day, asset) in [("2026-11-02", "EL-000001"), ("2026-11-10", "EL-000004"), ("2026-10-30", "EL-000002")] {
            for minute in 0..<9 { late += "\(day)T10:0\(minute):00+08:00,\(asset),door_open_delay\n" }
        }
        try TestPaths.write(late, to: "telemetry/2026-11-12/late.csv", under: data)
        try TestPaths.write(late.replacingOccurrences(of: "door_open_delay", with: "ventilator_offline")
                                .replacingOccurrences(of: "EL-", with: "MD-"),
                            to: "telemetry/2026-11-20/late.csv", under: data)
        let rules = try RulesLoader.load(path: data.appendingPathComponent("rules.toml").path)
        #expect(!rules.ruleSet.alertRules.isEmpty)
        let state = try backend.makeState()
        let last = LocalDate("2026-11-24")!
        _ = try IngestJob(dataDirectory: data.path, asOf: last, rules: rules.ruleSet).run(into: state)

        let first = LocalDate("2026-10-20")!
        let backtest = AlertCountIndex(try state.alertAggregates(
            codes: rules.ruleSet.alertRules.flatMap(\.codes),
            days: rules.ruleSet.alertRules.map { $0.window.days(asOf: first).lowerBound }.min()!..<last.adding(days: 1),
            asOf: last))
        var night = first
        var compared = 0
        while night <= last {
            let nightly = TriggerJob.alertCounts(
                night, rules: rules.ruleSet,
                index: AlertCountIndex(try TriggerJob.alertAggregates(night, rules: rules.ruleSet, store: state)))
            for rule in rules.ruleSet.alertRules {
                let replay = backtest.counts(codes: rule.codes, days: rule.window.days(asOf: night), droppedBy: night)
                #expect(nightly[rule.id] == replay, "\(rule.id) on \(night)")
                compared += replay.count
            }
            night = night.adding(days: 1)
        }
        #expect(compared > 100)
    }
}

@Suite("Components nearest their age limit name the open order that covers them")
struct CoveringOrderTests {
    static let night = LocalDate("2026-11-24")!

    static func order(_ id: String, rule: String, kind: RuleKind, asset: String, related: [String] = [],
                      night: LocalDate = night) -> PreventiveWorkOrder {
        PreventiveWorkOrder(id: id, night: night, ruleID: rule, ruleKind: kind, triggerKey: id, assetID: asset,
                            siteID: "S", customerID: "C", relatedAssets: related, skill: "k", evidence: "",
                            action: "", priority: "normal", engineerID: "", dueDate: night)
    }

    static let rules = RuleSet(
        alertRules: [AlertRule(id: "enc-alarm", codes: ["encoder_fault"], window: .rolling(days: 7), moreThan: 1,
                               work: RuleAction(skill: "k"))],
        ageRules: [AgeRule(id: "brake-age", componentType: "brake_pad", minAge: DayCount(parsing: "3y")!,
                           work: RuleAction(skill: "k"))],
        batchAgeRules: [BatchAgeRule(id: "encoder-batch", componentType: "encoder", minAge: DayCount(parsing: "5y")!,
                                     minCount: 3, work: RuleAction(skill: "k"))])

    @Test("a batch order covers every asset it lists; the oldest open order wins; alert orders cover nothing")
    func covering() {
        let open = [
            Self.order("WD2026112400009", rule: "encoder-batch", kind: .batchAge, asset: "EL-1",
                       related: ["EL-1", "EL-2", "EL-3"]),
            Self.order("WD2026082700024", rule: "encoder-batch", kind: .batchAge, asset: "EL-2", related: ["EL-2", "EL-3"],
                       night: LocalDate("2026-08-27")!),
            Self.order("WD2026112400001", rule: "enc-alarm", kind: .alert, asset: "EL-4"),
            Self.order("WD2026112400002", rule: "brake-age", kind: .age, asset: "EL-4"),
        ]
        let installed = LocalDate("2020-07-01")!
        let components = ["EL-1", "EL-2", "EL-4"].map {
            ComponentInstallation(assetID: $0, slot: "encoder", componentType: "encoder", installedOn: installed,
                                  partNumber: "P", batchCode: "B")
        } + [ComponentInstallation(assetID: "EL-4", slot: "brake", componentType: "brake_pad", installedOn: installed,
                                   partNumber: "P", batchCode: "B")]
        let fleet = ReportJob.fleetHealth(totals: [], assets: [], nearestLimit: components, openOrders: open,
                                          rules: Self.rules, asOf: Self.night)
        let covering = Dictionary(uniqueKeysWithValues: fleet.agingComponents.map {
            ($0.assetID + "/" + $0.componentType, $0.coveringOrderID ?? "none")
        })
        #expect(covering == [
            "EL-1/encoder": "WD2026112400009",
            "EL-2/encoder": "WD2026082700024",  // opened on 2026-08-27, before tonight's batch order
            "EL-4/encoder": "none",             // the alert order on EL-4 replaces no component
            "EL-4/brake_pad": "WD2026112400002",
        ])
    }
}

import Foundation
import PMBatchCore
import PMBatchReport
import PMBatchStore

/// What a backtest did: the ingest into its scratch state and the scored replay.
public struct BacktestOutcome: Sendable {
    public var ingest: IngestOutcome
    public var result: BacktestResult
    public var replaySeconds: Double
    /// With `--search`: the search and how long it took (training and validation replays).
    public var search: SearchResult?
    public var searchSeconds: Double = 0
    /// `OUT/backtest-FROM-TO`, where the report files went.
    public var folder: String = ""
}

/// SPEC §5: ingests the files dropped up to the last night into a scratch state in a temporary folder
/// (deleted afterwards; the production state is never opened), reads the daily aggregates of the rules'
/// alert codes once into an ``AlertCountIndex``, then replays and scores every night in memory.
public struct BacktestJob {
    public var dataDirectory: String
    public var from: LocalDate
    public var to: LocalDate
    public var horizonDays: Int
    public var rules: RuleSet
    public var sweeps: [BacktestSweep]
    /// `--search`: search rule sets, choosing on the nights before `validateFrom`.
    public var search: SearchOptions?

    /// Memberwise.
    public init(dataDirectory: String, from: LocalDate, to: LocalDate, horizonDays: Int, rules: RuleSet,
                sweeps: [BacktestSweep], search: SearchOptions? = nil) {
        self.dataDirectory = dataDirectory
        self.from = from
        self.to = to
        self.horizonDays = horizonDays
        self.rules = rules
        self.sweeps = sweeps
        self.search = search
    }

    /// Runs the backtest and writes `backtest.md`, `backtest.json` (and the sweep chart) into
    /// `outputRoot/backtest-FROM-TO/`.
    public func run(outputRoot: String) throws(NightFailure) -> BacktestOutcome {
        do {
            var outcome = try run()
            outcome.folder = (outputRoot as NSString).appendingPathComponent("backtest-\(from)-\(to)")
            var files = BacktestReport.files(outcome.result)
            if let search = outcome.search { files += Self.searchFiles(search, rules: rules) }
            try OutputWriter(directory: outcome.folder).write(files)
            return outcome
        } catch let failure as NightFailure {
            throw failure
        } catch {
            throw .cannotComplete("\(error)")
        }
    }

    func run() throws -> BacktestOutcome {
        for sweep in sweeps where rules.threshold(ofRule: sweep.ruleID) == nil {
            throw NightFailure.configuration(BacktestError.unknownRule(sweep.ruleID, known: rules.ruleIDs).description)
        }
        let scratch = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("pmbatch-backtest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let store: any NightState
        do { store = try StateStore(path: scratch.appendingPathComponent("state.sqlite").path) } catch {
            throw NightFailure.cannotComplete(error.description)
        }
        let ingest = try IngestJob(dataDirectory: dataDirectory, asOf: to, rules: rules, progress: SilentProgress())
            .run(into: store)
        let started = Date()
        let data: BacktestData
        var searchNames: (codes: [String], componentTypes: [String]) = ([], [])
        do {
            // The earliest local day any night's window reaches back to: the windows of the first night.
            var firstDay = rules.alertRules.map { $0.window.days(asOf: from).lowerBound }.min() ?? from
            var codes = rules.alertRules.flatMap(\.codes)
            if search != nil {
                // The search's candidates may count any code over any of its windows.
                codes += try store.knownAlertCodes(asOf: to)
                firstDay = min(firstDay, SearchSpace.earliestDay(from: from))
                searchNames = (Array(Set(codes)).sorted(), try store.knownComponentTypes(asOf: to))
            }
            let aggregates = try store.alertAggregates(codes: codes, days: firstDay..<to.adding(days: 1), asOf: to)
            data = BacktestData(assets: try store.assets(asOf: to), components: try store.components(asOf: to),
                                failures: try store.failures(asOf: to), alerts: AlertCountIndex(aggregates))
        } catch {
            throw NightFailure.cannotComplete("\(error)")
        }
        let result: BacktestResult
        do {
            result = try Backtest.run(rules: rules, data: data, from: from, to: to, horizonDays: horizonDays,
                                      sweeps: sweeps)
        } catch {
            throw NightFailure.configuration(error.description)
        }
        var outcome = BacktestOutcome(ingest: ingest, result: result, replaySeconds: Date().timeIntervalSince(started))
        if let search {
            let searchStarted = Date()
            outcome.search = BacktestSearch.run(base: rules, data: data, codes: searchNames.codes,
                                                componentTypes: searchNames.componentTypes, from: from, to: to,
                                                horizonDays: horizonDays, options: search)
            outcome.searchSeconds = Date().timeIntervalSince(searchStarted)
        }
        return outcome
    }

    /// One score of the one-screen summary: recall, precision, alarm rate and, with `lead`, the median lead
    /// time.
    static func scoreLine(_ name: String, _ s: BacktestScore, lead: Bool) -> String {
        func percent(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        let rate = s.alarmsPerAssetMonth.map { String(format: "%.3f", $0) } ?? "—"
        let median = s.leadTimeHours.median.map { String(format: "%.1f h", $0) } ?? "—"
        return "  \(name): recall \(percent(s.recall)) (\(s.caught)/\(s.failures)), precision "
            + "\(percent(s.precision)) (\(s.trueAlarms)/\(s.alarms)), \(rate) alarms/asset-month"
            + (lead ? ", median lead \(median)" : "")
    }

    /// The one-screen summary.
    public static func summary(_ o: BacktestOutcome, folder: String) -> String {
        let r = o.result
        func line(_ name: String, _ s: BacktestScore) -> String { scoreLine(name, s, lead: true) }
        var lines = [
            "Backtest \(r.from) to \(r.to) (\(r.to.days(since: r.from) + 1) nights, horizon \(r.horizonDays)d, "
                + "\(r.assetCount) assets): read \(o.ingest.filesRead) file(s), replayed in "
                + String(format: "%.2f s", o.replaySeconds),
            line("overall", r.overall),
        ]
        for rule in r.rules { lines.append(line(rule.id, rule.score)) }
        var lastRule = ""
        for p in r.sweep {
            if p.ruleID != lastRule {
                lines.append("Sweep \(p.ruleID) (\(p.thresholdName)):")
                lastRule = p.ruleID
            }
            lines.append(line("\(p.threshold)\(p.paretoOptimal ? " ◆" : "")", p.score))
        }
        lines.append("Report: \(folder)/\(BacktestReport.markdownFile)")
        return lines.joined(separator: "\n")
    }
}

import ArgumentParser
import Foundation
import PMBatchConfig
import PMBatchCore
import PMBatchNight
import PMBatchPostgres
import PMBatchReport

/// `pmbatch run`: the nightly job — ingest, analyze, report.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The nightly job: ingest new files, create preventive work orders, write the KPI report.",
        discussion: """
            Writes OUT/<as-of>/report.md, report.html (the same report, self-contained), run.json, \
            preventive_work_orders.csv, spare_part_requests.csv and the charts (SVG), each atomically, for the as-of night and for every earlier night it evaluates first. \
            Re-running a night changes nothing; running against an archive with a fresh --db and the state's \
            --first-night reproduces the night byte for byte. A night whose telemetry drop has not arrived is not \
            evaluated: run.json says waiting_for_data and the next run evaluates it. Exit codes: 0 success, 1 \
            finished but some input was rejected or a night waits for its data, 2 usage or configuration error, \
            3 the run could not complete.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var goLive: GoLiveOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var logging: LoggingOptions

    @Option(name: .long, help: ArgumentHelp("""
        Ingest with N local `pmbatch ingest` processes first (a PostgreSQL state only; default 1: the run \
        ingests alone).
        """, valueName: "n"))
    var workers: Int = 1

    func validate() throws {
        guard workers >= 1 else { throw ValidationError("--workers must be 1 or more, got \(workers).") }
    }

    func run() throws {
        let logger = logging.makeLogger("pmbatch")
        if workers > 1 && !PostgresURL.isPostgres(common.databasePath) {
            NightlyRun.recordEarlyFailure(outputRoot: report.out, status: .usageError)
            throw NightFailure.configuration("--workers needs a PostgreSQL state (--db postgresql://…); "
                                             + "a SQLite state has one writer")
        }
        let rules: LoadedRules
        let files: [InputFile]
        do {
            rules = try common.loadRules()
            files = try DataFolder.files(data: common.data, rules: rules.ruleSet)
        } catch {
            NightlyRun.recordEarlyFailure(outputRoot: report.out, status: .usageError)
            throw error
        }
        var run = NightlyRun(dataDirectory: common.data, asOf: common.night(zone: rules.ruleSet.zone), rules: rules,
                             firstNight: goLive.date, language: report.language, periodDays: report.period,
                             outputRoot: report.out, progress: TerminalProgress(shown: !logging.quiet), logger: logger,
                             files: files)
        if workers > 1 {
            let workers = IngestWorkers(count: workers, data: common.data, db: common.databasePath,
                                        asOf: run.asOf, rules: common.rules)
            run.ingestWorkers = { try workers.run() }
        }
        let outcome = try run.run(statePath: common.databasePath)
        if !logging.quiet {
            print(IngestSummary.text(outcome.ingest, asOf: run.asOf))
            print(AnalyzeSummary.text(outcome.night))
            if let built = outcome.report { print(RunSummary.text(built, folder: outcome.folder)) }
        }
        switch outcome.status {
        case .waitingForData: throw NightFailure.waitingForData(outcome.night.waiting?.message ?? "")
        case .inputRejected:
            throw NightFailure.inputRejected(outcome.report?.dataQuality.toDate.rejectedFiles.count ?? 0)
        default: break
        }
    }
}

/// `pmbatch report`: the report from the state as it is.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the KPI report for a night from the state (after `ingest` and `analyze`).")

    @OptionGroup var common: CommonOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var logging: LoggingOptions

    func run() throws {
        _ = logging.makeLogger("pmbatch")
        let rules = try common.loadRules()
        let asOf = common.night(zone: rules.ruleSet.zone)
        // Like run, ingest and analyze: never read a state another run is changing.
        let lock = try StateLock(statePath: common.databasePath)
        defer { withExtendedLifetime(lock) {} }
        let (built, folder) = try ReportJob(asOf: asOf, rules: rules, language: report.language,
                                            periodDays: report.period)
            .writeEvaluatedNight(from: try openState(path: common.databasePath), outputRoot: report.out)
        if !logging.quiet { print(RunSummary.text(built, folder: folder)) }
        if built.status != RunStatus.ok.rawValue {
            throw NightFailure.inputRejected(built.dataQuality.toDate.rejectedFiles.count)
        }
    }
}

/// The one-screen summary at the end of a run.
enum RunSummary {
    static func text(_ r: NightReport, folder: String) -> String {
        func verdict(_ healthy: Bool?) -> String { healthy.map { $0 ? "healthy" : "NOT healthy" } ?? "not enough data" }
        let k = r.current
        return [
            "KPIs for \(k.period.firstDay) to \(k.period.lastDay):",
            "  H1 first update:  \(verdict(k.firstUpdate.healthy)) (n = \(k.firstUpdate.overall.minutes.n), "
                + "\(k.firstUpdate.waiting.count) waiting)",
            "  H2 execution:     \(verdict(k.execution.healthy)) (n = \(k.execution.hours.n))",
            "  H3 utilization:   \(verdict(k.utilization.healthy)) (\(k.utilization.effectiveWorkOrders) effective "
                + "orders, \(k.utilization.engineerDays) engineer-days)",
            "  V1 recurrence:    \(verdict(k.recurrence.healthy)) (n = \(k.recurrence.n), repeats \(k.recurrence.repeats))",
            "  closure lock: \(r.closureAudit.falseClosures.count) false closures, "
                + "\(r.closureAudit.completeNotClosed.count) complete but not closed",
            "Report: \(folder)/report.md (and report.html)",
        ].joined(separator: "\n")
    }
}

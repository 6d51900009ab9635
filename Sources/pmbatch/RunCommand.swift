import ArgumentParser
import Foundation
import PMBatchConfig
import PMBatchCore
import PMBatchReport

/// `pmbatch run`: the nightly job — ingest, analyze, report.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The nightly job: ingest new files, create preventive work orders, write the KPI report.",
        discussion: """
            Writes OUT/<as-of>/report.md, run.json, preventive_work_orders.csv, spare_part_requests.csv and the \
            charts (SVG), each atomically. Re-running a night changes nothing; running against an archive with a \
            fresh --db reproduces the night byte for byte. Exit codes: 0 success, 1 finished but some input was \
            rejected, 2 usage or configuration error, 3 the run could not complete.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var report: ReportOptions
    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.makeLogger("pmbatch")
        let started = Date()
        var figures = PrometheusTextfile.Figures(success: false, exitCode: 3, asOf: "", durationSeconds: 0, rowsRead: 0,
                                                 filesRead: 0, rejectedFiles: 0, quarantinedRows: 0,
                                                 workOrdersCreated: 0, requestsCreated: 0)
        let prometheus = PrometheusTextfile(outputDirectory: report.out)
        defer {
            figures.durationSeconds = Date().timeIntervalSince(started)
            prometheus.write(figures)
        }
        let rules: LoadedRules
        do {
            rules = try common.loadRules()
            _ = try common.inputFiles(rules: rules.ruleSet)
        } catch {
            figures.exitCode = 2
            throw error
        }
        let asOf = common.night(zone: rules.ruleSet.zone)
        figures.asOf = asOf.description
        let lock = try StateLock(statePath: common.databasePath)
        defer { withExtendedLifetime(lock) {} }
        let store = try common.openStore()
        logger.info("ingest", metadata: ["data": "\(common.data)", "as_of": "\(asOf)", "state": "\(common.databasePath)"])
        let ingest = try IngestJob(dataDirectory: common.data, asOf: asOf, rules: rules.ruleSet,
                                   progress: Progress(enabled: !logging.quiet && Progress.stderrIsTerminal))
            .run(into: store)
        figures.rowsRead = ingest.rowsRead
        figures.filesRead = ingest.filesRead
        figures.quarantinedRows = ingest.rowsQuarantined
        for rejected in ingest.rejected { logger.warning("file rejected", metadata: ["file": "\(rejected.path)",
                                                                                    "reason": "\(rejected.message)"]) }
        logger.info("ingested", metadata: ["files_read": "\(ingest.filesRead)", "rows": "\(ingest.rowsRead)",
                                          "quarantined": "\(ingest.rowsQuarantined)",
                                          "rejected": "\(ingest.rejected.count)"])
        let night = try TriggerJob(asOf: asOf, rules: rules,
                                    progress: Progress(enabled: !logging.quiet && Progress.stderrIsTerminal))
            .run(on: store)
        figures.workOrdersCreated = night.plan.workOrders.count
        figures.requestsCreated = night.plan.requests.count
        logger.info("triggers evaluated", metadata: ["work_orders": "\(night.plan.workOrders.count)",
                                                    "requests": "\(night.plan.requests.count)",
                                                    "suppressed": "\(night.plan.suppressed.count)",
                                                    "nights_caught_up": "\(night.caughtUp.count)"])
        let (built, folder) = try ReportJob(asOf: asOf, rules: rules, language: report.language,
                                            periodDays: report.period)
            .write(from: store, plan: night.plan, outputRoot: report.out)
        logger.info("report written", metadata: ["folder": "\(folder)", "status": "\(built.status)"])
        figures.rejectedFiles = built.dataQuality.toDate.rejectedFiles.count
        figures.exitCode = built.exitCode
        figures.success = built.exitCode == 0
        if !logging.quiet {
            print(IngestSummary.text(ingest, asOf: asOf))
            print(AnalyzeSummary.text(night))
            print(RunSummary.text(built, folder: folder))
        }
        if built.exitCode != 0 { throw PMBatchFailure.inputRejected(built.dataQuality.toDate.rejectedFiles.count) }
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
        let store = try common.openStore()
        guard try store.processedNights().contains(asOf) else {
            throw PMBatchFailure.configuration("night \(asOf) has not been analyzed in this state; run "
                                                + "`pmbatch analyze` (or `pmbatch run`) first")
        }
        let (built, folder) = try ReportJob(asOf: asOf, rules: rules, language: report.language,
                                            periodDays: report.period)
            .write(from: store, plan: try TriggerJob.recordedPlan(asOf, store: store), outputRoot: report.out)
        if !logging.quiet { print(RunSummary.text(built, folder: folder)) }
        if built.exitCode != 0 { throw PMBatchFailure.inputRejected(built.dataQuality.toDate.rejectedFiles.count) }
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
            "Report: \(folder)/report.md",
        ].joined(separator: "\n")
    }
}

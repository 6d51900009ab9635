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
    @OptionGroup var goLive: GoLiveOptions
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
            figures.status = "usage_error"
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
        logger.info("ingested", metadata: ["files_read": .stringConvertible(ingest.filesRead),
                                          "rows": .stringConvertible(ingest.rowsRead),
                                          "quarantined": .stringConvertible(ingest.rowsQuarantined),
                                          "rejected": .stringConvertible(ingest.rejected.count)])
        let findings = try ReportJob.ruleNameFindings(rules.ruleSet, store: store, asOf: asOf)
        for problem in RuleNameProblems.problems(findings, rules: rules) {
            logger.warning("rule cannot fire", metadata: ["problem": "\(problem)"])
        }
        for note in RuleNameProblems.notes(findings) {
            logger.notice("rules not checked", metadata: ["why": "\(note)"])
        }
        let night = try TriggerJob(asOf: asOf, rules: rules, firstNight: goLive.date,
                                    progress: Progress(enabled: !logging.quiet && Progress.stderrIsTerminal))
            .run(on: store)
        figures.workOrdersCreated = night.plan.workOrders.count
        figures.requestsCreated = night.plan.requests.count
        logger.info("triggers evaluated", metadata: ["work_orders": .stringConvertible(night.plan.workOrders.count),
                                                    "requests": .stringConvertible(night.plan.requests.count),
                                                    "suppressed": .stringConvertible(night.plan.suppressed.count),
                                                    "nights_caught_up": .stringConvertible(night.caughtUp.count)])
        let job = ReportJob(asOf: asOf, rules: rules, language: report.language, periodDays: report.period)
        // Every night evaluated before tonight (caught up now, or by a run that died before writing) gets the
        // outputs its own nightly run would have written, so every order the state holds was exported.
        for earlier in try store.nightsAwaitingOutput() where earlier < asOf {
            let (built, folder) = try ReportJob(asOf: earlier, rules: rules, language: report.language,
                                                periodDays: report.period)
                .write(from: store, plan: try TriggerJob.recordedPlan(earlier, store: store), outputRoot: report.out)
            try store.markNightWritten(earlier)
            logger.info("report written", metadata: ["folder": "\(folder)", "status": "\(built.status)"])
        }
        if let waiting = night.waiting {
            let folder = (report.out as NSString).appendingPathComponent(asOf.description)
            try OutputWriter(directory: folder).write([("run.json", RunJSON.render(
                Self.waitingStatus(waiting, result: night, rules: rules)))])
            figures.exitCode = 1
            figures.status = WaitingForData.status
            figures.nightsWaiting = asOf.days(since: waiting.night) + 1
            figures.rejectedFiles = try store.manifest().count { $0.status == .rejected && $0.isVisible(asOf: asOf) }
            logger.warning("waiting for data", metadata: ["night": "\(waiting.night)",
                                                         "missing": .array(waiting.missing.map { .string($0.rawValue) })])
            if !logging.quiet {
                print(IngestSummary.text(ingest, asOf: asOf))
                print(AnalyzeSummary.text(night))
            }
            throw PMBatchFailure.waitingForData(waiting.message)
        }
        let (built, folder) = try job.write(from: store, plan: night.plan, outputRoot: report.out)
        try store.markNightWritten(asOf)
        logger.info("report written", metadata: ["folder": "\(folder)", "status": "\(built.status)"])
        figures.rejectedFiles = built.dataQuality.toDate.rejectedFiles.count
        figures.exitCode = built.exitCode
        figures.status = built.status
        figures.success = built.exitCode == 0
        if !logging.quiet {
            print(IngestSummary.text(ingest, asOf: asOf))
            print(AnalyzeSummary.text(night))
            print(RunSummary.text(built, folder: folder))
        }
        if built.exitCode != 0 { throw PMBatchFailure.inputRejected(built.dataQuality.toDate.rejectedFiles.count) }
    }

    /// `run.json`'s content for a night that waits.
    static func waitingStatus(_ w: WaitingNight, result: NightResult, rules: LoadedRules) -> WaitingForData {
        WaitingForData(
            asOf: result.asOf, night: w.night, missing: w.missing.map(\.rawValue),
            newestDrop: Dictionary(uniqueKeysWithValues: w.newestDrop.map { ($0.key.rawValue, $0.value) }),
            rejectedFiles: w.rejected, message: w.message, nightsEvaluated: result.evaluated.map(\.night),
            firstNight: result.firstNight, programVersion: PMBatchVersion.current, rulesDigest: rules.digest,
            timeZone: rules.ruleSet.zone.identifier)
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

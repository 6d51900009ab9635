import Foundation
import Logging
import PMBatchConfig
import PMBatchCore
import PMBatchIngest
import PMBatchReport

/// How a run ended, for `run.json`, the metrics and the exit code (SPEC §2).
public enum RunStatus: String, Sendable, CaseIterable {
    case ok
    /// Finished, but some input file was rejected.
    case inputRejected = "input_rejected"
    /// A night waits for its data.
    case waitingForData = "waiting_for_data"
    case usageError = "usage_error"
    case failed

    /// The process exit code.
    public var exitCode: Int {
        switch self {
        case .ok: 0
        case .inputRejected, .waitingForData: 1
        case .usageError: 2
        case .failed: 3
        }
    }
}

/// The nightly job (`pmbatch run`, SPEC §2): ingest what arrived, evaluate the nights due, write every
/// evaluated night's outputs and the monitoring file.
public struct NightlyRun {
    public var dataDirectory: String
    public var asOf: LocalDate
    public var rules: LoadedRules
    /// `--first-night`, for a state that has not gone live yet.
    public var firstNight: LocalDate?
    public var language: Language
    public var periodDays: Int
    /// `OUT`: nights are written to `OUT/<night>/`, the metrics to `OUT/pmbatch.prom`.
    public var outputRoot: String
    public var progress: any NightProgress
    public var logger: Logger
    /// The data directory's files when the caller already scanned it (`DataFolder.files`); nil: scan.
    public var files: [DataFile]?
    /// Ingest workers to run, once the night is held and before the run's own ingest (`run --workers N` on a
    /// shared state starts N local `pmbatch ingest` processes); the run's ingest then stores whatever they
    /// did not. nil: the run ingests alone.
    public var ingestWorkers: (() throws -> Void)?

    /// Memberwise.
    public init(dataDirectory: String, asOf: LocalDate, rules: LoadedRules, firstNight: LocalDate?,
                language: Language, periodDays: Int, outputRoot: String,
                progress: any NightProgress = SilentProgress(), logger: Logger = Logger(label: "pmbatch"),
                files: [DataFile]? = nil) {
        self.dataDirectory = dataDirectory
        self.asOf = asOf
        self.rules = rules
        self.firstNight = firstNight
        self.language = language
        self.periodDays = periodDays
        self.outputRoot = outputRoot
        self.progress = progress
        self.logger = logger
        self.files = files
    }

    /// What a run did.
    public struct Outcome {
        public var ingest: IngestOutcome
        public var night: NightResult
        /// The as-of night's report; nil when the night waits for its data.
        public var report: NightReport?
        /// `OUT/<as-of>`.
        public var folder: String
        public var status: RunStatus
    }

    /// Takes the state's lock, opens it and runs; `OUT/pmbatch.prom` records the outcome whatever happens.
    public func run(statePath: String) throws(NightFailure) -> Outcome {
        var metrics = RunMetrics(outputRoot: outputRoot, asOf: asOf)
        defer { metrics.write() }
        let lock = try StateLock(statePath: statePath)
        defer { withExtendedLifetime(lock) {} }
        let state = try openState(path: statePath)
        logger.info("ingest", metadata: ["data": "\(dataDirectory)", "as_of": "\(asOf)", "state": "\(statePath)"])
        if let ingestWorkers {
            do { try ingestWorkers() } catch {
                logger.warning("ingest workers failed; the run ingests the rest itself",
                               metadata: ["reason": "\(error)"])
            }
        }
        return try run(on: state, metrics: &metrics)
    }

    /// Runs on an open state (no lock); `OUT/pmbatch.prom` records the outcome whatever happens.
    public func run(on state: any NightState) throws(NightFailure) -> Outcome {
        var metrics = RunMetrics(outputRoot: outputRoot, asOf: asOf)
        defer { metrics.write() }
        return try run(on: state, metrics: &metrics)
    }

    /// Records in `OUT/pmbatch.prom` a run that stopped before it could start (a usage or configuration error).
    public static func recordEarlyFailure(outputRoot: String, status: RunStatus) {
        var metrics = RunMetrics(outputRoot: outputRoot, asOf: nil)
        metrics.figures.exitCode = status.exitCode
        metrics.figures.status = status.rawValue
        metrics.write()
    }

    private func run(on state: any NightState, metrics: inout RunMetrics) throws(NightFailure) -> Outcome {
        do {
            return try steps(on: state, metrics: &metrics)
        } catch let failure as NightFailure {
            throw failure
        } catch {
            throw .cannotComplete("\(error)")
        }
    }

    private func steps(on state: any NightState, metrics: inout RunMetrics) throws -> Outcome {
        let ingest = try IngestJob(dataDirectory: dataDirectory, asOf: asOf, rules: rules.ruleSet, progress: progress,
                                   files: files)
            .run(into: state)
        metrics.figures.rowsRead = ingest.rowsRead
        metrics.figures.filesRead = ingest.filesRead
        metrics.figures.quarantinedRows = ingest.rowsQuarantined
        for rejected in ingest.rejected {
            logger.warning("file rejected", metadata: ["file": "\(rejected.path)", "reason": "\(rejected.message)"])
        }
        logger.info("ingested", metadata: ["files_read": .stringConvertible(ingest.filesRead),
                                          "rows": .stringConvertible(ingest.rowsRead),
                                          "quarantined": .stringConvertible(ingest.rowsQuarantined),
                                          "rejected": .stringConvertible(ingest.rejected.count)])
        let findings = try ReportJob.ruleNameFindings(rules.ruleSet, store: state, asOf: asOf)
        for problem in RuleNameProblems.problems(findings, rules: rules) {
            logger.warning("rule cannot fire", metadata: ["problem": "\(problem)"])
        }
        for note in RuleNameProblems.notes(findings) {
            logger.notice("rules not checked", metadata: ["why": "\(note)"])
        }
        let night = try TriggerJob(asOf: asOf, rules: rules, firstNight: firstNight, progress: progress).run(on: state)
        metrics.figures.workOrdersCreated = night.plan.workOrders.count
        metrics.figures.requestsCreated = night.plan.requests.count
        logger.info("triggers evaluated", metadata: ["work_orders": .stringConvertible(night.plan.workOrders.count),
                                                    "requests": .stringConvertible(night.plan.requests.count),
                                                    "suppressed": .stringConvertible(night.plan.suppressed.count),
                                                    "nights_caught_up": .stringConvertible(night.caughtUp.count)])
        // Every night evaluated before tonight (caught up now, or by a run that died before writing) gets the
        // outputs its own nightly run would have written, so every order the state holds was exported.
        for earlier in try state.nightsAwaitingOutput() where earlier < asOf {
            let (built, folder) = try job(earlier)
                .write(from: state, plan: try TriggerJob.recordedPlan(earlier, store: state), outputRoot: outputRoot)
            try state.markNightWritten(earlier)
            logger.info("report written", metadata: ["folder": "\(folder)", "status": "\(built.status)"])
        }
        let folder = (outputRoot as NSString).appendingPathComponent(asOf.description)
        if let waiting = night.waiting {
            try OutputWriter(directory: folder).write([("run.json", RunJSON.render(
                Self.waitingStatus(waiting, result: night, rules: rules)))])
            metrics.figures.exitCode = RunStatus.waitingForData.exitCode
            metrics.figures.status = RunStatus.waitingForData.rawValue
            metrics.figures.nightsWaiting = asOf.days(since: waiting.night) + 1
            metrics.figures.rejectedFiles = try state.manifest().count {
                $0.status == .rejected && $0.isVisible(asOf: asOf)
            }
            logger.warning("waiting for data", metadata: ["night": "\(waiting.night)",
                                                         "missing": .array(waiting.missing.map { .string($0.rawValue) })])
            return Outcome(ingest: ingest, night: night, report: nil, folder: folder, status: .waitingForData)
        }
        var tonight = job(asOf)
        tonight.ruleFindings = findings  // checked before the triggers, on the same state and night
        let (built, _) = try tonight.write(from: state, plan: night.plan, outputRoot: outputRoot)
        try state.markNightWritten(asOf)
        logger.info("report written", metadata: ["folder": "\(folder)", "status": "\(built.status)"])
        let status = RunStatus(rawValue: built.status) ?? .failed
        metrics.figures.rejectedFiles = built.dataQuality.toDate.rejectedFiles.count
        metrics.figures.exitCode = status.exitCode
        metrics.figures.status = status.rawValue
        metrics.figures.success = status == .ok
        return Outcome(ingest: ingest, night: night, report: built, folder: folder, status: status)
    }

    private func job(_ night: LocalDate) -> ReportJob {
        ReportJob(asOf: night, rules: rules, language: language, periodDays: periodDays)
    }

    /// `run.json`'s content for a night that waits.
    static func waitingStatus(_ w: WaitingNight, result: NightResult, rules: LoadedRules) -> WaitingForData {
        WaitingForData(
            asOf: result.asOf, night: w.night, missing: w.missing.map(\.rawValue),
            newestDrop: Dictionary(uniqueKeysWithValues: w.newestDrop.map { ($0.key.rawValue, $0.value) }),
            rejectedFiles: w.rejected, message: w.message, nightsEvaluated: result.evaluated.map(\.night),
            firstNight: result.firstNight, programVersion: PMBatchVersion.current, rulesDigest: rules.digest,
            timeZone: rules.ruleSet.zone.identifier, status: RunStatus.waitingForData.rawValue,
            exitCode: RunStatus.waitingForData.exitCode)
    }
}

/// The figures of `OUT/pmbatch.prom`, filled in as the run goes and written when it ends.
struct RunMetrics {
    let textfile: PrometheusTextfile
    let started = Date()
    var figures: PrometheusTextfile.Figures

    init(outputRoot: String, asOf: LocalDate?) {
        textfile = PrometheusTextfile(outputDirectory: outputRoot)
        figures = PrometheusTextfile.Figures(success: false, exitCode: 3, asOf: asOf?.description ?? "",
                                             durationSeconds: 0, rowsRead: 0, filesRead: 0, rejectedFiles: 0,
                                             quarantinedRows: 0, workOrdersCreated: 0, requestsCreated: 0)
    }

    mutating func write() {
        figures.durationSeconds = Date().timeIntervalSince(started)
        textfile.write(figures)
    }
}

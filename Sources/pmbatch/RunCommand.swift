import ArgumentParser
import Foundation
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

    func run() throws {
        let rules = try common.loadRules()
        let asOf = common.night(zone: rules.ruleSet.zone)
        let lock = try StateLock(statePath: common.databasePath)
        defer { withExtendedLifetime(lock) {} }
        let store = try common.openStore()
        let ingest: IngestOutcome
        do {
            ingest = try IngestJob(dataDirectory: common.data, asOf: asOf, rules: rules.ruleSet, progress: Progress())
                .run(into: store)
        } catch let failure as PMBatchFailure {
            throw failure
        } catch {
            throw PMBatchFailure.cannotComplete("ingest: \(error)")
        }
        let night = try TriggerJob(asOf: asOf, rules: rules).run(on: store)
        let job = ReportJob(asOf: asOf, rules: rules, language: report.language, periodDays: report.period)
        let built = try job.build(from: store, plan: night.plan)
        let folder = (report.out as NSString).appendingPathComponent(asOf.description)
        try OutputWriter(directory: folder).write(job.files(for: built))
        print(IngestSummary.text(ingest, asOf: asOf))
        print(AnalyzeSummary.text(night))
        print(RunSummary.text(built, folder: folder))
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

    func run() throws {
        let rules = try common.loadRules()
        let asOf = common.night(zone: rules.ruleSet.zone)
        let store = try common.openStore()
        guard try store.processedNights().contains(asOf) else {
            throw PMBatchFailure.configuration("night \(asOf) has not been analyzed in this state; run "
                                                + "`pmbatch analyze` (or `pmbatch run`) first")
        }
        let plan = try TriggerJob.recordedPlan(asOf, store: store)
        let job = ReportJob(asOf: asOf, rules: rules, language: report.language, periodDays: report.period)
        let built = try job.build(from: store, plan: plan)
        let folder = (report.out as NSString).appendingPathComponent(asOf.description)
        try OutputWriter(directory: folder).write(job.files(for: built))
        print(RunSummary.text(built, folder: folder))
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

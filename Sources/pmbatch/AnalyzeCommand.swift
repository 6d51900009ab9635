import ArgumentParser
import Foundation
import PMBatchCore
import PMBatchNight

/// `pmbatch analyze`: evaluates the trigger rules on the ingested state for a night.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Create tonight's preventive work orders and spare-part requests from the ingested state.",
        discussion: """
            Writes them to the state and to OUT/<as-of>/preventive_work_orders.csv and spare_part_requests.csv \
            (ERP/CRM import files). Re-running a night creates nothing new. Run `pmbatch ingest` first, or use \
            `pmbatch run`, which does both and writes the report.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var goLive: GoLiveOptions
    @OptionGroup var logging: LoggingOptions

    @Option(name: .long, help: ArgumentHelp("Output folder.", valueName: "dir"))
    var out: String = "Reports"

    func run() throws {
        _ = logging.makeLogger("pmbatch")
        let rules = try common.loadRules()
        let lock = try StateLock(statePath: common.databasePath)
        defer { withExtendedLifetime(lock) {} }
        let result = try TriggerJob(asOf: common.night(zone: rules.ruleSet.zone), rules: rules,
                                    firstNight: goLive.date, progress: TerminalProgress(shown: !logging.quiet))
            .runAndExport(on: try openState(path: common.databasePath), outputRoot: out)
        if !logging.quiet { print(AnalyzeSummary.text(result)) }
        if let waiting = result.waiting { throw NightFailure.waitingForData(waiting.message) }
    }
}

/// The short summary of a trigger evaluation.
enum AnalyzeSummary {
    static func text(_ r: NightResult) -> String {
        var lines: [String] = []
        if !r.caughtUp.isEmpty {
            lines.append("Evaluated \(r.caughtUp.count) earlier night(s) first (\(r.caughtUp.first!) to "
                         + "\(r.caughtUp.last!)), in order, from the state's first night \(r.firstNight).")
        }
        if r.alreadyEvaluated { lines.append("Night \(r.asOf) was already evaluated: nothing new was created.") }
        if let waiting = r.waiting {
            lines.append(waiting.night == r.asOf ? "Night \(r.asOf) was not evaluated: it waits for its data."
                         : "Nights \(waiting.night) to \(r.asOf) were not evaluated: they wait for their data.")
            return lines.joined(separator: "\n")
        }
        lines.append("Night \(r.asOf): \(r.plan.workOrders.count) preventive work orders, "
                     + "\(r.plan.requests.count) spare-part requests, \(r.plan.suppressed.count) suppressed.")
        for o in r.plan.workOrders {
            lines.append("  \(o.id)  \(o.ruleID)  \(o.assetID)  \(o.evidence)")
        }
        for s in r.plan.suppressed {
            lines.append("  suppressed \(s.ruleID) on \(s.assetID): open \(s.blockingID) has skill \(s.skill)")
        }
        return lines.joined(separator: "\n")
    }
}

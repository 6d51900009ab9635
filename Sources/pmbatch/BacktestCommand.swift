import ArgumentParser
import Foundation
import PMBatchConfig
import PMBatchCore
import PMBatchNight

/// `pmbatch backtest`: replays the nightly triggers over a period and scores them against failures.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Replay the nightly triggers for every night of a period and score them against failures.csv.",
        discussion: """
            Ingests the data directory's files dropped up to --to into a temporary state (the production state \
            is never opened), replays every night from --from to --to with only what was known that night, and \
            writes OUT/backtest-FROM-TO/backtest.md, backtest.json and, with --sweep, backtest_sweep.svg. \
            --sweep RULE=LO..HI[:STEP] replays once per threshold (more_than for alert rules, min_age in days \
            for age rules, min_count for batch rules) and marks the Pareto front of recall and alarms per \
            asset-month; it may be repeated.
            """)

    @Option(name: .long, help: ArgumentHelp("The data directory (SPEC layout).", valueName: "dir"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("The first night, YYYY-MM-DD.", valueName: "date"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("The last night, YYYY-MM-DD.", valueName: "date"))
    var to: String

    @Option(name: .long, help: ArgumentHelp("How long before a failure an order catches it (Nd, Nm, Ny).",
                                            valueName: "duration"))
    var horizon: String = "7d"

    @Option(name: .long, help: ArgumentHelp("The rules file (default: DATA/rules.toml if present, else built-in).",
                                            valueName: "file"))
    var rules: String?

    @Option(name: .long, help: ArgumentHelp("Vary a rule's threshold: RULE=LO..HI[:STEP] (repeatable).",
                                            valueName: "sweep"))
    var sweep: [String] = []

    @Option(name: .long, help: ArgumentHelp("Output folder.", valueName: "dir"))
    var out: String = "Reports"

    func validate() throws {
        guard let first = LocalDate(from) else { throw ValidationError("--from must be a date YYYY-MM-DD, got '\(from)'.") }
        guard let last = LocalDate(to) else { throw ValidationError("--to must be a date YYYY-MM-DD, got '\(to)'.") }
        guard first <= last else { throw ValidationError("--from \(from) is after --to \(to).") }
        guard last.days(since: first) < 100 * 366 else { throw ValidationError("the period is longer than 100 years.") }
        guard let h = DayCount(parsing: horizon), h.days > 0 else {
            throw ValidationError("--horizon must be a positive duration such as 7d, 2m or 1y, got '\(horizon)'.")
        }
        for text in sweep {
            do { _ = try BacktestSweep(parsing: text) } catch { throw ValidationError(error.description) }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: data, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--data '\(data)' is not a directory.")
        }
    }

    func run() throws {
        let loaded: LoadedRules
        do {
            loaded = try CommonOptions.loadRules(explicit: rules, data: data)
        } catch {
            throw NightFailure.configuration(error.description)
        }
        try DataFolder.files(data: data, rules: loaded.ruleSet)
        let job = BacktestJob(
            dataDirectory: data, from: LocalDate(from)!, to: LocalDate(to)!,
            horizonDays: DayCount(parsing: horizon)!.days, rules: loaded.ruleSet,
            sweeps: try sweep.map { try BacktestSweep(parsing: $0) })
        let outcome = try job.run(outputRoot: out)
        print(BacktestJob.summary(outcome, folder: outcome.folder))
        if !outcome.ingest.rejected.isEmpty {
            for file in outcome.ingest.rejected { FileHandle.standardError.write(Data("rejected: \(file.path): \(file.message)\n".utf8)) }
            throw NightFailure.inputRejected(outcome.ingest.rejected.count)
        }
    }
}

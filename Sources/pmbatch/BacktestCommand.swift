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

            --search --validate-from D searches rule sets instead of trusting the given ones: single rules over \
            the data's own alert codes (alone, all together, grouped by co-occurrence), windows of 1 to 30 days \
            and the calendar month, thresholds, age limits and batch counts, and combinations of up to four \
            rules (beam search), every set scored with the same replay as above. It chooses on the nights from \
            --from to the night before D only, then replays every set it evaluated on the nights from D to --to, \
            and writes search.md (the Pareto front, the recommended set and why), search.json (every set, both \
            splits), search_front.svg and rules.search.toml (the recommended rules in a rules file that validate \
            accepts and backtest reproduces) into the same folder. The set with the best F1 on the training \
            nights is recommended, or with --cost-missed X --cost-alarm Y the one with the lowest expected cost \
            (X per missed failure + Y per alarm).
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

    @Flag(name: .long, help: "Search rule sets; needs --validate-from.")
    var search = false

    @Option(name: .customLong("validate-from"),
            help: ArgumentHelp("With --search: the first validation night; the search chooses on the nights before it.",
                               valueName: "date"))
    var validateFrom: String?

    @Option(name: .customLong("cost-missed"),
            help: ArgumentHelp("With --search: the cost of a missed failure (with --cost-alarm).", valueName: "x"))
    var costMissed: Double?

    @Option(name: .customLong("cost-alarm"),
            help: ArgumentHelp("With --search: the cost of an alarm, i.e. a visit (with --cost-missed).", valueName: "y"))
    var costAlarm: Double?

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
        // The search options are checked here rather than in validate(): a mistake there gets one line, not
        // the usage text.
        if let problem = searchProblem(first: LocalDate(from)!, last: LocalDate(to)!) {
            FileHandle.standardError.write(Data("pmbatch: \(problem)\n".utf8))
            throw ExitCode(2)
        }
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
            sweeps: try sweep.map { try BacktestSweep(parsing: $0) }, search: searchOptions)
        let outcome = try job.run(outputRoot: out)
        print(BacktestJob.summary(outcome, folder: outcome.folder))
        if outcome.search != nil { print(BacktestJob.searchSummary(outcome, folder: outcome.folder)) }
        if !outcome.ingest.rejected.isEmpty {
            for file in outcome.ingest.rejected { FileHandle.standardError.write(Data("rejected: \(file.path): \(file.message)\n".utf8)) }
            throw NightFailure.inputRejected(outcome.ingest.rejected.count)
        }
    }
}

extension BacktestCommand {
    /// What is wrong with the search options, in one sentence, or nil: `--search` needs `--validate-from`
    /// inside the period (so both splits hold a night) and both costs or neither, each a finite number ≥ 0, not
    /// both 0; none of them is accepted without `--search`.
    func searchProblem(first: LocalDate, last: LocalDate) -> String? {
        guard search else {
            if validateFrom != nil || costMissed != nil || costAlarm != nil {
                return "--validate-from, --cost-missed and --cost-alarm need --search."
            }
            return nil
        }
        guard let text = validateFrom else {
            return "--search needs --validate-from D, the first night of the validation months."
        }
        guard let split = LocalDate(text) else { return "--validate-from must be a date YYYY-MM-DD, got '\(text)'." }
        guard split > first, split <= last else {
            return "--validate-from \(split) must lie after --from \(first) and on or before --to \(last), so that the "
                + "training and the validation nights each hold at least one night."
        }
        switch (costMissed, costAlarm) {
        case (nil, nil): return nil
        case (let missed?, let alarm?):
            guard missed.isFinite, alarm.isFinite, missed >= 0, alarm >= 0, missed + alarm > 0 else {
                return "--cost-missed and --cost-alarm must be numbers of at least 0, not both 0."
            }
            return nil
        default:
            return "--cost-missed and --cost-alarm go together: give both or neither."
        }
    }

    /// The search asked for, or nil.
    var searchOptions: SearchOptions? {
        guard search, let text = validateFrom, let split = LocalDate(text) else { return nil }
        let cost = costMissed.flatMap { missed in costAlarm.map { SearchCost(missed: missed, alarm: $0) } }
        return SearchOptions(validateFrom: split, cost: cost)
    }
}

import ArgumentParser
import Foundation
import PMBatchCore
import PMBatchNight

/// `pmbatch ingest`: reads new and changed input files into the state.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read new or changed input files into the state (incremental, one transaction per file).",
        discussion: """
            Only files dropped on or before --as-of are read. A file already ingested with the same content is \
            skipped; a changed file replaces its earlier contribution; a file that cannot be read is rejected \
            whole and retried next time (exit 1).
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var logging: LoggingOptions

    /// Set by `run --workers N` for the workers it starts: the run holds the night, so they take no share.
    @Flag(name: .customLong("under-run"), help: .hidden)
    var underRun = false

    func run() throws {
        _ = logging.makeLogger("pmbatch")
        let loaded = try common.loadRules()
        let asOf = common.night(zone: loaded.ruleSet.zone)
        let files = try DataFolder.files(data: common.data, rules: loaded.ruleSet)
        // Ingest workers of a PostgreSQL state share the night with each other, not with a run's evaluation.
        let lock = underRun ? nil : try StateLock(statePath: common.databasePath, shared: true)
        defer { withExtendedLifetime(lock) {} }
        let outcome = try IngestJob(dataDirectory: common.data, asOf: asOf, rules: loaded.ruleSet,
                                    progress: TerminalProgress(shown: !logging.quiet), files: files)
            .run(into: try openState(path: common.databasePath))
        if !logging.quiet { print(IngestSummary.text(outcome, asOf: asOf)) }
        if !outcome.rejected.isEmpty { throw NightFailure.inputRejected(outcome.rejected.count) }
    }
}

/// The short summary printed after an ingest.
enum IngestSummary {
    static func text(_ o: IngestOutcome, asOf: LocalDate) -> String {
        var lines: [String] = []
        if o.reingestedForConfigChange {
            lines.append("The time zone, column maps or [files] changed since the last ingest: every file was read again.")
        }
        lines.append("Ingest as of \(asOf): \(o.filesSeen) files visible, \(o.filesRead) read, "
                     + "\(o.filesUnchanged) unchanged, \(o.rejected.count) rejected"
                     + (o.filesStoredByOthers > 0 ? ", \(o.filesStoredByOthers) stored by other workers." : "."))
        lines.append("Rows read: \(o.rowsRead); quarantined: \(o.rowsQuarantined); "
                     + "exact duplicate telemetry rows skipped: \(o.duplicatesSkipped).")
        for r in o.rejected { lines.append("REJECTED \(r.message)") }
        return lines.joined(separator: "\n")
    }
}

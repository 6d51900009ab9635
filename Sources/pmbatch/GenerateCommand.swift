import ArgumentParser
import Foundation
import PMBatchCore
import PMBatchGenerator

/// `pmbatch generate`: writes a deterministic synthetic fleet in the SPEC §1 layout.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a deterministic synthetic fleet data set (for demos, tests and benchmarks).",
        discussion: """
            Writes assets.csv, components.csv, engineers.csv, parts.csv, failures.csv, rules.toml and, \
            for each of the --days days ending at --end, work_orders/DAY/*.csv, \
            work_order_events/DAY/*.csv and telemetry/DAY/*.csv.zst (or .jsonl.zst). \
            The same arguments always give byte-identical files; the wall clock is never used.

            Example (the bench's 20M-row dump): \
            pmbatch generate --out /tmp/big --seed 1 --assets 10000 --days 1 --alerts-per-asset-day 2000
            """
    )

    @Option(name: .long, help: ArgumentHelp("Folder to write the data set into (created if missing).",
                                            valueName: "dir"))
    var out: String

    @Option(name: .long, help: "Seed of the pseudo-random generator.")
    var seed: UInt64

    @Option(name: .long, help: "Number of assets (elevators and medical devices).")
    var assets: Int

    @Option(name: .long, help: "Number of daily drops, ending at --end.")
    var days: Int

    @Option(name: .long, help: "Mean background telemetry alerts per asset per day.")
    var alertsPerAssetDay: Double = 2

    @Option(name: .long, help: ArgumentHelp("Last drop date (YYYY-MM-DD).", valueName: "date"))
    var end: String = GeneratorOptions.defaultEnd.description

    @Option(name: .long, help: "Telemetry format: csv, jsonl, or mixed (every third day JSONL).")
    var telemetryFormat: String = TelemetryFormat.csv.rawValue

    @Option(name: .long, help: "Telemetry dump files per day (assets are split between them).")
    var telemetryFilesPerDay: Int = 1

    @Option(name: .long, help: "zstd level for telemetry dumps (1 fastest).")
    var zstdLevel: Int = 1

    @Flag(name: .long, help: "Print one line per generated day.")
    var verbose = false

    func validate() throws {
        _ = try makeOptions()
    }

    func run() throws {
        let options = try makeOptions()
        let summary: GenerationSummary
        do {
            summary = try FleetGenerator(options: options).generate(into: out) { line in
                if verbose { print(line) }
            }
        } catch {
            FileHandle.standardError.write(Data("pmbatch generate: \(error.description)\n".utf8))
            throw ExitCode(3)
        }
        print("""
            wrote \(out): \(summary.assets) assets, \(summary.components) components, \(summary.engineers) engineers, \
            \(summary.parts) parts, \(summary.failures) failures
            work orders: \(summary.workOrders) (\(summary.workOrderRows) header rows, \(summary.workOrderEvents) events)
            telemetry: \(summary.telemetryFiles) files, \(summary.telemetryRows) rows \
            (\(summary.telemetryDuplicateRows) exact duplicates), \(summary.telemetryRawBytes) bytes, \
            \(summary.telemetryCompressedBytes) compressed
            """)
    }

    private func makeOptions() throws -> GeneratorOptions {
        guard let endDate = LocalDate(end) else {
            throw ValidationError("--end must be a date YYYY-MM-DD, got '\(end)'")
        }
        guard let format = TelemetryFormat(rawValue: telemetryFormat) else {
            throw ValidationError("--telemetry-format must be csv, jsonl or mixed, got '\(telemetryFormat)'")
        }
        let options = GeneratorOptions(seed: seed, assets: assets, days: days, end: endDate,
                                       alertsPerAssetDay: alertsPerAssetDay, telemetryFormat: format,
                                       telemetryFilesPerDay: telemetryFilesPerDay, compressionLevel: zstdLevel)
        if let problem = options.problem() { throw ValidationError(problem.description) }
        return options
    }
}

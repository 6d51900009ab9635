import ArgumentParser

/// The `pmbatch` command: a thin front over the PMBatch libraries.
@main
struct PMBatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pmbatch",
        abstract: "Predictive-maintenance batch analyzer: ingest sensor dumps and work-order history, "
            + "create preventive work orders, write the planners' KPI report.",
        version: PMBatchVersion.current,
        subcommands: [GenerateCommand.self]
    )
}

/// The program version printed by `--version` and in reports.
enum PMBatchVersion {
    static let current = "0.1.0"
}

import ArgumentParser
import Foundation

/// The `pmbatch` command: a thin front over the PMBatch libraries.
@main
struct PMBatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pmbatch",
        abstract: "Predictive-maintenance batch analyzer: ingest sensor dumps and work-order history, "
            + "create preventive work orders, write the planners' KPI report.",
        discussion: """
            Exit codes: 0 success; 1 finished but some input was rejected; 2 usage or configuration error; \
            3 the run could not complete.
            """,
        version: PMBatchVersion.current,
        subcommands: [RunCommand.self, IngestCommand.self, AnalyzeCommand.self, ReportCommand.self, ShowCommand.self,
                      ValidateCommand.self, GenerateCommand.self, BacktestCommand.self]
    )

    /// Runs a command and maps every failure to the exit codes of SPEC §2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as PMBatchFailure {
            FileHandle.standardError.write(Data("pmbatch: \(failure.description)\n".utf8))
            Foundation.exit(failure.exitCode)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            if code == .validationFailure {
                // Usage errors (unknown option, bad value, failed validate()): exit 2, not sysexits' 64.
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            FileHandle.standardError.write(Data("pmbatch: the run could not complete: \(error)\n".utf8))
            Foundation.exit(3)
        }
    }
}

/// The program version printed by `--version` and in reports.
enum PMBatchVersion {
    static let current = "0.1.0"
}

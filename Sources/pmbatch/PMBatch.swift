import ArgumentParser
import Foundation
import PMBatchNight
#if canImport(Glibc)
import Glibc
#endif

/// The `pmbatch` command: a thin front over the PMBatch libraries.
@main
struct PMBatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pmbatch",
        abstract: "Predictive-maintenance batch analyzer: ingest sensor dumps and work-order history, "
            + "create preventive work orders, write the planners' KPI report.",
        discussion: """
            Exit codes: 0 success; 1 finished but some input was rejected, or a night waits for its data; \
            2 usage or configuration error; 3 the run could not complete.
            """,
        version: PMBatchVersion.current,
        subcommands: [RunCommand.self, IngestCommand.self, AnalyzeCommand.self, ReportCommand.self, ShowCommand.self,
                      ValidateCommand.self, GenerateCommand.self, BacktestCommand.self]
    )

    /// Runs a command and maps every failure to the exit codes of SPEC §2.
    static func main() {
        #if canImport(Glibc)
        // Large buffers (decompression chunks, per-asset tables) go straight to mmap and back to the system
        // when freed. glibc otherwise raises this threshold after the first large free and keeps later
        // buffers in the heap, so RSS would grow with every dump read while the previous one is stored.
        _ = glibcMallopt(-3 /* M_MMAP_THRESHOLD */, 128 * 1024)
        #endif
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as NightFailure {
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

#if canImport(Glibc)
/// glibc's `mallopt` (declared in malloc.h, which the Glibc module does not export).
@_silgen_name("mallopt")
func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// The program version printed by `--version` and in reports.

import Foundation
import PMBatchCore
import PMBatchNight

/// `run --workers N`: N local `pmbatch ingest` processes on the run's shared state, started once the run holds
/// the night and waited for; each claims files as any other worker would.
struct IngestWorkers {
    var count: Int
    var data: String
    var db: String
    var asOf: LocalDate
    var rules: String?

    /// Starts the workers and waits for all; throws naming the workers that did not finish (0 or 1).
    func run() throws {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var arguments = ["ingest", "--data", data, "--db", db, "--as-of", asOf.description, "--quiet", "--under-run"]
        if let rules { arguments += ["--rules", rules] }
        var processes: [Process] = []
        for _ in 0..<count {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            try process.run()
            processes.append(process)
        }
        var failed: [String] = []
        for process in processes {
            process.waitUntilExit()
            if process.terminationReason != .exit || process.terminationStatus > 1 {
                failed.append("pid \(process.processIdentifier) ended with \(process.terminationStatus)")
            }
        }
        if !failed.isEmpty { throw NightFailure.cannotComplete("ingest workers: " + failed.joined(separator: ", ")) }
    }
}

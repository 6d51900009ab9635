/// How a night can fail, each with the exit code of SPEC §2 the command line returns for it.
public enum NightFailure: Error, CustomStringConvertible, Sendable {
    /// Exit 1: finished, but some input was rejected.
    case inputRejected(Int)
    /// Exit 1: a night waits for its data (the message says which and since when); nothing was evaluated
    /// from it on.
    case waitingForData(String)
    /// Exit 2: usage or configuration error.
    case configuration(String)
    /// Exit 3: the run could not complete.
    case cannotComplete(String)

    /// The process exit code.
    public var exitCode: Int32 {
        switch self {
        case .inputRejected, .waitingForData: 1
        case .configuration: 2
        case .cannotComplete: 3
        }
    }

    /// One sentence for a planner.
    public var description: String {
        switch self {
        case .inputRejected(let n): "\(n) input file\(n == 1 ? " was" : "s were") rejected (see above); "
            + "the rest was processed and the next run retries them."
        case .waitingForData(let message): message
        case .configuration(let message): "configuration error: \(message)"
        case .cannotComplete(let message): "the run could not complete: \(message)"
        }
    }
}

/// The program version, printed by `--version` and in every report.
public enum PMBatchVersion {
    public static let current = "0.1.0"
}

/// Progress of long steps (files read, nights evaluated); the command line draws it on a terminal.
public protocol NightProgress: AnyObject {
    func begin(_ step: String, totalFiles: Int, totalBytes: Int64, unit: String)
    func advance(file: String, bytes: Int64)
    func addRows(_ count: Int)
    func end()
}

/// No progress shown.
public final class SilentProgress: NightProgress {
    public init() {}
    public func begin(_ step: String, totalFiles: Int, totalBytes: Int64, unit: String) {}
    public func advance(file: String, bytes: Int64) {}
    public func addRows(_ count: Int) {}
    public func end() {}
}

extension NightProgress {
    /// Begins a step counted in files.
    func begin(_ step: String, totalFiles: Int, totalBytes: Int64) {
        begin(step, totalFiles: totalFiles, totalBytes: totalBytes, unit: "files")
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Crash points for the crash-safety tests: `PMBATCH_CRASH_AT=name` (or `name#k` for the k-th time the
/// point is reached) makes the process kill itself with SIGKILL there, as a power cut or the OOM killer
/// would. Unset in production; the variables are read once, so a point costs a comparison.
enum FaultInjection {
    nonisolated(unsafe) private static var hits: [String: Int] = [:]
    private static let target: (name: String, hit: Int)? = {
        guard let spec = ProcessInfo.processInfo.environment["PMBATCH_CRASH_AT"], !spec.isEmpty else { return nil }
        let parts = spec.split(separator: "#")
        return (String(parts[0]), parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }()

    private static let pause: (name: String, seconds: UInt32)? = {
        guard let spec = ProcessInfo.processInfo.environment["PMBATCH_PAUSE_AT"], !spec.isEmpty else { return nil }
        let parts = spec.split(separator: ":")
        return (String(parts[0]), parts.count > 1 ? UInt32(parts[1]) ?? 5 : 5)
    }()

    /// Dies here if this is the configured crash point; sleeps here if it is the pause point
    /// (`PMBATCH_PAUSE_AT=name:seconds`, for the lock test).
    static func point(_ name: String) {
        if let pause, pause.name == name { sleep(pause.seconds) }
        guard let target, target.name == name else { return }
        hits[name, default: 0] += 1
        if hits[name] == target.hit { kill(getpid(), SIGKILL) }
    }
}

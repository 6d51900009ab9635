import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run at a time per state: an exclusive `flock` on `<state>.lock`, which the kernel releases when
/// the holder exits or dies, so a stale lock from a killed run is simply taken over. The holder writes
/// its pid, host and start time into the file so a second run can say who holds it.
public final class StateLock {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock or throws `NightFailure.cannotComplete` naming the holder.
    public init(statePath: String) throws(NightFailure) {
        path = statePath + ".lock"
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .cannotComplete("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw .cannotComplete(
                "another pmbatch run holds the state \(statePath) (\(holder.isEmpty ? "holder unknown" : holder)); "
                    + "wait for it to finish")
        }
        let host = ProcessInfo.processInfo.hostName
        let started = ISO8601DateFormatter().string(from: Date())
        let text = "pid \(getpid()) on \(host), started \(started)\n"
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

import Foundation
import PMBatchSystem

/// One run at a time per state: an exclusive `flock` on `<state>.lock`, which the kernel releases when
/// the holder exits or dies, so a stale lock from a killed run is simply taken over. The holder writes
/// its pid, host and start time into the file so a second run can say who holds it.
public final class StateLock {
    private let descriptor: FileDescriptor
    public let path: String

    /// Takes the lock or throws `NightFailure.cannotComplete` naming the holder.
    public init(statePath: String) throws(NightFailure) {
        path = statePath + ".lock"
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        do {
            descriptor = try FileDescriptor.open(path, .readWrite, options: [.create, .closeOnExec], permissions: 0o644)
        } catch {
            throw .cannotComplete("cannot open the lock file \(path): \(error.description)")
        }
        do {
            try descriptor.lockExclusive(wait: false)
        } catch {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            try? descriptor.close()
            throw .cannotComplete(
                "another pmbatch run holds the state \(statePath) (\(holder.isEmpty ? "holder unknown" : holder)); "
                    + "wait for it to finish")
        }
        let host = ProcessInfo.processInfo.hostName
        let started = ISO8601DateFormatter().string(from: Date())
        let text = "pid \(ProcessInfo.processInfo.processIdentifier) on \(host), started \(started)\n"
        try? descriptor.truncate(toSize: 0)
        try? Array(text.utf8).withUnsafeBytes { try descriptor.writeAll($0, atOffset: 0) }
    }

    deinit {
        try? descriptor.truncate(toSize: 0)
        try? descriptor.unlock()
        try? descriptor.close()
    }
}

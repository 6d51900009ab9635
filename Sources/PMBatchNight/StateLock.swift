import Foundation
import PMBatchPostgres
import PMBatchSystem

/// One run at a time per state: an exclusive `flock` on `<state>.lock`, which the kernel releases when
/// the holder exits or dies, so a stale lock from a killed run is simply taken over. The holder writes
/// its pid, host and start time into the file so a second run can say who holds it.
///
/// A PostgreSQL state is held through a session advisory lock instead (``PostgresNightLock``), released when
/// the holder's session ends; ingest workers share it (`shared`), the night's evaluation holds it alone.
public final class StateLock {
    private let descriptor: FileDescriptor?
    private let postgres: PostgresNightLock?
    public let path: String

    /// Who holds a lock: pid, host and start time.
    static var holder: String {
        "pid \(ProcessInfo.processInfo.processIdentifier) on \(ProcessInfo.processInfo.hostName), started "
            + ISO8601DateFormatter().string(from: Date())
    }

    /// Takes the lock or throws `NightFailure.cannotComplete` naming the holder. `shared`: an ingest worker of
    /// a PostgreSQL state, which any number of others may hold at once (a SQLite state is always exclusive).
    public init(statePath: String, shared: Bool = false) throws(NightFailure) {
        if PostgresURL.isPostgres(statePath) {
            path = statePath
            descriptor = nil
            do {
                postgres = try PostgresNightLock(url: PostgresURL(statePath), exclusive: !shared,
                                                 holder: (shared ? "ingest " : "") + Self.holder)
            } catch {
                throw NightFailure(error)
            }
            return
        }
        postgres = nil
        path = statePath + ".lock"
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let descriptor: FileDescriptor
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
        let text = Self.holder + "\n"
        try? descriptor.truncate(toSize: 0)
        try? Array(text.utf8).withUnsafeBytes { try descriptor.writeAll($0, atOffset: 0) }
        self.descriptor = descriptor
    }

    deinit {
        guard let descriptor else { return }
        try? descriptor.truncate(toSize: 0)
        try? descriptor.unlock()
        try? descriptor.close()
    }
}

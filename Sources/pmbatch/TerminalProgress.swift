import Foundation
import PMBatchNight

/// Progress of long steps on stderr, only when stderr is a terminal (never in logs or cron mail).
final class TerminalProgress: NightProgress {
    private let enabled: Bool
    private var step = ""
    private var totalFiles = 0
    private var totalBytes: Int64 = 0
    private var unit = "files"
    private var files = 0
    private var bytes: Int64 = 0
    private var rows = 0
    private var started = Date()
    private var lastDraw = Date.distantPast

    /// Draws when `shown` (not `--quiet`) and stderr is a terminal.
    init(shown: Bool) { enabled = shown && Self.stderrIsTerminal }

    /// Whether stderr is a terminal (progress is never written into logs or cron mail).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    func begin(_ step: String, totalFiles: Int, totalBytes: Int64, unit: String) {
        self.step = step
        self.unit = unit
        self.totalFiles = totalFiles
        self.totalBytes = totalBytes
        files = 0
        bytes = 0
        rows = 0
        started = Date()
    }

    func advance(file: String, bytes delta: Int64) {
        files += 1
        bytes += delta
        draw(file: file)
    }

    func addRows(_ count: Int) { rows += count }

    func end() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func draw(file: String) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.2 || files == totalFiles else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let megabytes = Double(bytes) / 1_048_576
        let rate = Double(rows) / elapsed
        let remaining = bytes > 0 ? elapsed * Double(totalBytes - bytes) / Double(bytes) : 0
        let line: String
        if totalBytes > 0 {
            line = String(format: "\r\u{1B}[K%@ %d/%d %@, %.0f MB, %.1fM rows/s, ETA %.0fs  %@", step, files,
                          totalFiles, unit, megabytes, rate / 1e6, remaining, file)
        } else {
            let eta = files > 0 ? elapsed * Double(totalFiles - files) / Double(files) : 0
            line = String(format: "\r\u{1B}[K%@ %d/%d %@, ETA %.0fs  %@", step, files, totalFiles, unit, eta, file)
        }
        FileHandle.standardError.write(Data(line.utf8))
    }
}

import Foundation

/// Writes report files so that a reader never sees a half-written one: each file is written to a
/// temporary name in the same folder, flushed, then renamed over the target (atomic on POSIX).
struct OutputWriter {
    var directory: String

    /// Writes every file; on failure nothing already renamed is rolled back, but no file is ever partial.
    func write(_ files: [(name: String, contents: String)]) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for file in files {
                let target = URL(fileURLWithPath: directory).appendingPathComponent(file.name)
                // `.atomic` writes a temporary file beside the target and renames it into place.
                try Data(file.contents.utf8).write(to: target, options: .atomic)
                FaultInjection.point("output.after-file")
            }
        } catch {
            throw NightFailure.cannotComplete(
                "cannot write the output in \(directory): \((error as NSError).localizedDescription)")
        }
    }
}

import Foundation

/// `OUT/pmbatch.prom` for the node_exporter textfile collector: what monitoring needs to alert on a
/// nightly job — when it last succeeded, how long it took, what it read and rejected.
struct PrometheusTextfile {
    var outputDirectory: String

    struct Figures {
        var success: Bool
        var exitCode: Int
        var asOf: String
        var durationSeconds: Double
        var rowsRead: Int
        var filesRead: Int
        var rejectedFiles: Int
        var quarantinedRows: Int
        var workOrdersCreated: Int
        var requestsCreated: Int
    }

    var path: String { (outputDirectory as NSString).appendingPathComponent("pmbatch.prom") }

    /// Writes the file atomically; the last success time is kept from the previous file when this run failed.
    func write(_ f: Figures, now: Date = Date()) {
        let previousSuccess = (try? String(contentsOfFile: path, encoding: .utf8))?
            .split(separator: "\n")
            .first { $0.hasPrefix("pmbatch_last_success_timestamp_seconds ") }
            .flatMap { Double($0.split(separator: " ")[1]) }
        let lastSuccess = f.success ? now.timeIntervalSince1970 : (previousSuccess ?? 0)
        func metric(_ name: String, _ help: String, _ value: String) -> String {
            "# HELP \(name) \(help)\n# TYPE \(name) gauge\n\(name) \(value)\n"
        }
        let text = [
            metric("pmbatch_last_success_timestamp_seconds", "Unix time of the last run that exited 0.",
                   String(format: "%.0f", lastSuccess)),
            metric("pmbatch_last_run_timestamp_seconds", "Unix time the last run ended.",
                   String(format: "%.0f", now.timeIntervalSince1970)),
            metric("pmbatch_last_run_exit_code", "Exit code of the last run (0 ok, 1 input rejected).", "\(f.exitCode)"),
            metric("pmbatch_last_run_duration_seconds", "Wall time of the last run.",
                   String(format: "%.3f", f.durationSeconds)),
            metric("pmbatch_last_run_rows_read", "Rows read from new or changed files by the last run.", "\(f.rowsRead)"),
            metric("pmbatch_last_run_files_read", "Files read by the last run.", "\(f.filesRead)"),
            metric("pmbatch_rejected_files", "Input files rejected and not yet read successfully.", "\(f.rejectedFiles)"),
            metric("pmbatch_last_run_quarantined_rows", "Rows quarantined by the last run.", "\(f.quarantinedRows)"),
            metric("pmbatch_last_run_preventive_work_orders", "Preventive work orders created for the night.",
                   "\(f.workOrdersCreated)"),
            metric("pmbatch_last_run_spare_part_requests", "Spare-part requests created for the night.",
                   "\(f.requestsCreated)"),
        ].joined()
        try? FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

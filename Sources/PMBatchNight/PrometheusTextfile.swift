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
        /// `ok`, `input_rejected`, `waiting_for_data`, `usage_error` or `failed`.
        var status = "failed"
        /// Nights from the first one waiting for its data up to the as-of date (0 when none waits).
        var nightsWaiting = 0
    }

    /// Every status a run can end with.
    static let statuses = ["ok", "input_rejected", "waiting_for_data", "usage_error", "failed"]

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
            metric("pmbatch_last_run_exit_code",
                   "Exit code of the last run (0 ok, 1 input rejected or waiting for data).", "\(f.exitCode)"),
            "# HELP pmbatch_last_run_status The last run's status (the one labelled 1).\n"
                + "# TYPE pmbatch_last_run_status gauge\n"
                + Self.statuses.map { "pmbatch_last_run_status{status=\"\($0)\"} \($0 == f.status ? 1 : 0)\n" }.joined(),
            metric("pmbatch_nights_waiting_for_data",
                   "Nights up to the as-of date not evaluated because their data has not arrived.", "\(f.nightsWaiting)"),
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

import PMBatchCore

/// Quarantined rows of one reason.
public struct QuarantineCount: Hashable, Sendable {
    /// Why the rows were quarantined.
    public var reason: QuarantineReason
    /// How many rows.
    public var count: Int

    /// Memberwise.
    public init(reason: QuarantineReason, count: Int) {
        self.reason = reason
        self.count = count
    }
}

/// A file rejected whole (and not yet read successfully), with the reason a planner can act on.
public struct RejectedFile: Hashable, Sendable {
    /// Path relative to the data directory.
    public var path: String
    /// One readable sentence, e.g. `truncated zstd frame at byte 1048576`.
    public var message: String

    /// Memberwise.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

/// A source status that is neither canonical nor mapped by `[status_map]`, with how many events carry it.
public struct StatusCount: Hashable, Sendable {
    /// The status as written in the source.
    public var status: String
    /// Events carrying it.
    public var count: Int

    /// Memberwise.
    public init(status: String, count: Int) {
        self.status = status
        self.count = count
    }
}

/// The data-quality figures of one scope: the night's drop, or everything to date.
public struct DataQualitySummary: Hashable, Sendable {
    /// Files read successfully.
    public var files: Int
    /// Rows read (quarantined ones included).
    public var rows: Int
    /// Quarantined rows per reason (rendered sorted by reason).
    public var quarantined: [QuarantineCount]
    /// Files rejected whole.
    public var rejectedFiles: [RejectedFile]
    /// Unmapped statuses (rendered sorted by status).
    public var unmappedStatuses: [StatusCount]
    /// Exact duplicate rows counted once (telemetry rows within a file, repeated events).
    public var duplicatesSkipped: Int

    /// Memberwise.
    public init(files: Int = 0, rows: Int = 0, quarantined: [QuarantineCount] = [], rejectedFiles: [RejectedFile] = [],
                unmappedStatuses: [StatusCount] = [], duplicatesSkipped: Int = 0) {
        self.files = files
        self.rows = rows
        self.quarantined = quarantined
        self.rejectedFiles = rejectedFiles
        self.unmappedStatuses = unmappedStatuses
        self.duplicatesSkipped = duplicatesSkipped
    }

    /// All quarantined rows.
    public var quarantinedTotal: Int { quarantined.reduce(0) { $0 + $1.count } }

    /// Reasons with a non-zero count, sorted by reason.
    var sortedQuarantined: [QuarantineCount] {
        quarantined.filter { $0.count > 0 }.sorted { $0.reason < $1.reason }
    }

    /// Rejected files sorted by path.
    var sortedRejected: [RejectedFile] {
        rejectedFiles.sorted { ($0.path, $0.message) < ($1.path, $1.message) }
    }

    /// Unmapped statuses sorted by status.
    var sortedUnmapped: [StatusCount] { unmappedStatuses.sorted { $0.status < $1.status } }
}

/// Data quality for the night's drop (files whose drop date is the as-of date) and to date.
public struct DataQuality: Hashable, Sendable {
    /// Files dropped on the as-of date.
    public var night: DataQualitySummary
    /// Everything ingested so far; its rejected files are those not yet read successfully.
    public var toDate: DataQualitySummary

    /// Memberwise.
    public init(night: DataQualitySummary = DataQualitySummary(), toDate: DataQualitySummary = DataQualitySummary()) {
        self.night = night
        self.toDate = toDate
    }
}

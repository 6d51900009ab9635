import PMBatchCore

/// What the state knows of one input file.
public struct ManifestEntry: Hashable, Sendable {
    /// Whether the file's content is in the state, or it was rejected whole.
    public enum Status: String, Sendable {
        case ok, rejected
    }

    /// Path relative to the data directory, `/`-separated.
    public var path: String
    public var kind: FileKind
    public var size: Int64
    public var modificationTime: Double
    public var contentHash: String
    /// nil for a file outside a dated folder (treated as dropped on every run's as-of date).
    public var dropDate: LocalDate?
    public var status: Status
    public var error: String
    public var rowsRead: Int
    public var rowsQuarantined: Int
    public var duplicatesSkipped: Int
    /// How the current content arrived relative to the nights already evaluated.
    public var arrival: Arrival = .inTime

    /// Whether a file's current content arrived after the night of its drop date was evaluated.
    public enum Arrival: Hashable, Sendable {
        /// Read before its drop date's night was evaluated (or outside a dated folder).
        case inTime
        /// A new file, read after `night` (on or after its drop date) had been evaluated.
        case late(after: LocalDate)
        /// It replaced a rejected file, after `night` had been evaluated.
        case fixed(after: LocalDate)
        /// It replaced other content of the same path, after `night` had been evaluated.
        case replaced(after: LocalDate)

        /// The word stored in the state ('' when in time).
        public var word: String {
            switch self {
            case .inTime: ""
            case .late: "late"
            case .fixed: "fixed"
            case .replaced: "replaced"
            }
        }

        /// The night evaluated before the content arrived.
        public var night: LocalDate? {
            switch self {
            case .inTime: nil
            case .late(let n), .fixed(let n), .replaced(let n): n
            }
        }

        /// The arrival stored as `word` and `night` (the inverse of ``word`` and ``night``).
        public init(word: String, night: LocalDate?) {
            switch (word, night) {
            case ("late", let n?): self = .late(after: n)
            case ("fixed", let n?): self = .fixed(after: n)
            case ("replaced", let n?): self = .replaced(after: n)
            default: self = .inTime
            }
        }
    }

    public init(path: String, kind: FileKind, size: Int64, modificationTime: Double, contentHash: String,
                dropDate: LocalDate?, status: Status, error: String = "", rowsRead: Int = 0,
                rowsQuarantined: Int = 0, duplicatesSkipped: Int = 0, arrival: Arrival = .inTime) {
        self.path = path
        self.kind = kind
        self.size = size
        self.modificationTime = modificationTime
        self.contentHash = contentHash
        self.dropDate = dropDate
        self.status = status
        self.error = error
        self.rowsRead = rowsRead
        self.rowsQuarantined = rowsQuarantined
        self.duplicatesSkipped = duplicatesSkipped
        self.arrival = arrival
    }

    /// Whether the file counts for a run as of `asOf` (drop date on or before it).
    public func isVisible(asOf: LocalDate) -> Bool { dropDate.map { $0 <= asOf } ?? true }
}

/// Everything one successfully read file contributes, written in one transaction.
public struct FileContribution: Sendable {
    public var entry: ManifestEntry
    /// Parsed rows of a small file, with their line numbers.
    public var records: [(line: Int, record: InputRecord)]
    /// Telemetry aggregates of a dump.
    public var telemetry: [TelemetryDayCount]
    /// Stored quarantined rows (possibly capped).
    public var quarantined: [QuarantinedRow]
    /// Quarantined rows by reason, all of them.
    public var quarantineCounts: [QuarantineReason: Int]

    public init(entry: ManifestEntry, records: [(line: Int, record: InputRecord)] = [],
                telemetry: [TelemetryDayCount] = [], quarantined: [QuarantinedRow] = [],
                quarantineCounts: [QuarantineReason: Int] = [:]) {
        self.entry = entry
        self.records = records
        self.telemetry = telemetry
        self.quarantined = quarantined
        self.quarantineCounts = quarantineCounts
    }
}

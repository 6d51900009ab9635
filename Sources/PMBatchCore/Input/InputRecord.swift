/// Why a row was quarantined.
public enum QuarantineReason: String, CaseIterable, Sendable, Comparable {
    case wrongColumnCount = "wrong_column_count"
    case missingField = "missing_field"
    case badTimestamp = "bad_timestamp"
    case badDate = "bad_date"
    case badNumber = "bad_number"
    case unknownAsset = "unknown_asset"
    case badJSON = "bad_json"
    /// A data row holding an invalid UTF-8 sequence or a NUL byte (a header that does so rejects the file).
    case invalidUTF8 = "invalid_utf8"
    case lineTooLong = "line_too_long"
    case duplicateColumn = "duplicate_column"
    /// A quoted field still open at the end of the file.
    case unterminatedQuote = "unterminated_quote"

    public static func < (lhs: QuarantineReason, rhs: QuarantineReason) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A row that did not parse: kept with where it came from and why, never silently dropped.
public struct QuarantinedRow: Hashable, Sendable {
    /// The file's path relative to the data directory.
    public var file: String
    /// The 1-based physical line the record starts on (the header is line 1).
    public var line: Int
    /// The pmbatch column name at fault, or empty for a whole-row problem.
    public var field: String
    public var reason: QuarantineReason
    /// A sentence for a planner, e.g. `"not a timestamp: '2026-13-01'"`.
    public var detail: String
    /// The raw text of the record (cut at 4 KiB).
    public var raw: String

    public init(file: String, line: Int, field: String, reason: QuarantineReason, detail: String, raw: String) {
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
        self.detail = detail
        self.raw = raw
    }
}

/// One parsed row of a small (non-telemetry) input file.
///
/// `indirect`: a file's rows are held until its transaction, and an inline enum is as large as its largest
/// case (an event with its header, about 250 bytes) for every row; boxed, a row costs its own size. At 300k
/// assets the registries' ingest peaked at 576 MB inline and 245 MB boxed (issue 12).
public indirect enum InputRecord: Hashable, Sendable {
    case asset(Asset)
    case component(ComponentInstallation)
    case engineer(Engineer)
    case part(Part)
    case failure(Failure)
    case workOrder(WorkOrderHeader)
    /// An event, and the header columns its row carries (`createdAt` = the event's `ts`), used when the
    /// order exists only in events.
    case event(WorkOrderEvent, header: WorkOrderHeader)
}

/// Telemetry reduced while streaming: occurrences of one code on one asset on one local day.
public struct TelemetryDayCount: Hashable, Sendable {
    public var assetID: String
    public var code: String
    public var day: LocalDate
    public var count: Int64
    /// How many of the rows carried a numeric value, and their min, max and sum.
    public var valueCount: Int64
    public var valueMin: Double
    public var valueMax: Double
    public var valueSum: Double

    public init(assetID: String, code: String, day: LocalDate, count: Int64, valueCount: Int64 = 0,
                valueMin: Double = 0, valueMax: Double = 0, valueSum: Double = 0) {
        self.assetID = assetID
        self.code = code
        self.day = day
        self.count = count
        self.valueCount = valueCount
        self.valueMin = valueMin
        self.valueMax = valueMax
        self.valueSum = valueSum
    }
}

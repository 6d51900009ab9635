import PMBatchCore

/// What reading one telemetry file produced.
public struct TelemetrySummary: Sendable {
    /// The file's format, decided by its content.
    public enum Format: String, Sendable {
        case csv, jsonl
    }

    /// CSV or JSONL.
    public var format: Format
    /// True when the content was zstd.
    public var compressed: Bool
    /// The file's content hash (`FileHasher.contentHash`), computed while it was read.
    public var contentHash = ""
    /// Data rows read (header and blank lines excluded).
    public var rowsRead: Int
    /// Rows counted into the aggregates.
    public var rowsCounted: Int
    /// Exact duplicates skipped (see `DuplicateFilter`: within the last 8 counted rows of the same asset).
    public var duplicatesSkipped: Int
    /// Quarantined rows per reason (sort the keys before output).
    public var quarantinedByReason: [QuarantineReason: Int]
    /// The first quarantined rows in full (up to the reader's sample limit); the rest are only counted.
    public var quarantineSamples: [QuarantinedRow]
    /// Occurrences per (asset, code, local day), sorted by asset, code, day.
    public var counts: [TelemetryDayCount]

    /// All quarantined rows.
    public var quarantined: Int { quarantinedByReason.values.reduce(0, +) }
}

import PMBatchCore

/// How telemetry dumps are written.
public enum TelemetryFormat: String, CaseIterable, Sendable {
    /// `ts,asset_id,code,value` CSV, `.csv.zst`.
    case csv
    /// One JSON object per line, `.jsonl.zst`.
    case jsonl
    /// CSV on most days, JSONL on every third day.
    case mixed
}

/// What `pmbatch generate` was asked for.
public struct GeneratorOptions: Sendable, Hashable {
    /// The PRNG seed: same options → identical bytes.
    public var seed: UInt64
    /// Number of assets in the fleet.
    public var assets: Int
    /// Number of days of drops, ending at `end`.
    public var days: Int
    /// The last drop date (the natural as-of date of the data set).
    public var end: LocalDate
    /// Mean telemetry alert rows per asset per day (background alerts; fault precursors come on top).
    public var alertsPerAssetDay: Double
    /// Telemetry file format.
    public var telemetryFormat: TelemetryFormat
    /// Telemetry files per day (assets are split between them).
    public var telemetryFilesPerDay: Int
    /// zstd level for telemetry dumps.
    public var compressionLevel: Int

    /// The default end date, 2026-11-24 (a fixed date, never the wall clock).
    public static let defaultEnd = LocalDate(year: 2026, month: 11, day: 24)!

    /// Makes options; see the properties for meanings.
    public init(seed: UInt64, assets: Int, days: Int, end: LocalDate = GeneratorOptions.defaultEnd,
                alertsPerAssetDay: Double = 2, telemetryFormat: TelemetryFormat = .csv,
                telemetryFilesPerDay: Int = 1, compressionLevel: Int = 1) {
        self.seed = seed
        self.assets = assets
        self.days = days
        self.end = end
        self.alertsPerAssetDay = alertsPerAssetDay
        self.telemetryFormat = telemetryFormat
        self.telemetryFilesPerDay = telemetryFilesPerDay
        self.compressionLevel = compressionLevel
    }

    /// The first drop date.
    public var start: LocalDate { end.adding(days: -(days - 1)) }

    /// The last day of the "before" (baseline) period: the first third of the days.
    public var baselineEnd: LocalDate { start.adding(days: max(1, days / 3) - 1) }

    /// Checks the ranges; nil when fine, else the problem.
    public func problem() -> GeneratorError? {
        if assets < 1 || assets > 9_999_999 { return .invalidOption(name: "--assets", reason: "must be 1…9999999") }
        if days < 1 || days > 3660 { return .invalidOption(name: "--days", reason: "must be 1…3660") }
        if !(alertsPerAssetDay >= 0 && alertsPerAssetDay <= 1_000_000) {
            return .invalidOption(name: "--alerts-per-asset-day", reason: "must be 0…1000000")
        }
        if telemetryFilesPerDay < 1 || telemetryFilesPerDay > 999 {
            return .invalidOption(name: "--telemetry-files-per-day", reason: "must be 1…999")
        }
        if compressionLevel < 1 || compressionLevel > 19 {
            return .invalidOption(name: "--zstd-level", reason: "must be 1…19")
        }
        return nil
    }
}

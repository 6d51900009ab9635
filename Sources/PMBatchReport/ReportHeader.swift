import PMBatchCore

/// How much input a night saw: what the header's "data seen" line counts.
public struct DataSeen: Hashable, Sendable {
    /// Input files read successfully so far.
    public var files: Int
    /// Rows read from them (telemetry rows included).
    public var rows: Int
    /// Assets in the registry.
    public var assets: Int
    /// Work orders known (headers and event-only orders).
    public var workOrders: Int
    /// Work-order status events known.
    public var events: Int

    /// Memberwise.
    public init(files: Int = 0, rows: Int = 0, assets: Int = 0, workOrders: Int = 0, events: Int = 0) {
        self.files = files
        self.rows = rows
        self.assets = assets
        self.workOrders = workOrders
        self.events = events
    }
}

/// The report's header: which night, which periods, what was read, with which rules and program.
///
/// The KPI periods themselves are not repeated here: they are `NightReport.current.period`,
/// `.previous.period` and `.baseline?.period`, so the header cannot disagree with the figures.
public struct ReportHeader: Hashable, Sendable {
    /// The as-of date: the report covers data up to the end of this local day.
    public var asOf: LocalDate
    /// Input counts.
    public var dataSeen: DataSeen
    /// A short digest of the effective rules (e.g. the first 12 hex digits of a SHA-256).
    public var rulesDigest: String
    /// The program version, e.g. `0.1.0`.
    public var programVersion: String
    /// The configured IANA time zone, e.g. `Asia/Shanghai`.
    public var timeZone: String
    /// The language the run was asked for (`--lang`); recorded in run.json.
    public var language: Language
    /// The night the state went live (its first evaluated night); what a replay on a fresh state needs.
    public var firstNight: LocalDate?

    /// Memberwise.
    public init(asOf: LocalDate, dataSeen: DataSeen, rulesDigest: String, programVersion: String,
                timeZone: String, language: Language = .en, firstNight: LocalDate? = nil) {
        self.asOf = asOf
        self.dataSeen = dataSeen
        self.rulesDigest = rulesDigest
        self.programVersion = programVersion
        self.timeZone = timeZone
        self.language = language
        self.firstNight = firstNight
    }
}

import PMBatchCore

/// Everything one night's report shows: the single input of every renderer
/// (`MarkdownReport`, `HTMLReport`, `SVGChart`, `RunJSON`, `CSVExport`).
///
/// Renderers are pure: the same value always renders to the same bytes. Lists with a natural key
/// (work-order IDs, request IDs) are sorted by the renderers; ranked lists (fleet health, stuck stages,
/// waiting orders) are rendered in the order given.
public struct NightReport: Hashable, Sendable {
    /// As-of date, data seen, rules digest, program version, time zone.
    public var header: ReportHeader
    /// KPIs of the period P (30 days ending at the cutoff).
    public var current: PeriodKPIs
    /// KPIs of the period before P, for the trend column.
    public var previous: PeriodKPIs
    /// KPIs of the configured `[kpi].baseline` period; nil when none is configured (the previous period
    /// then serves as baseline, as SPEC §4 says).
    public var baseline: PeriodKPIs?
    /// The KPIs of the last periods (`ReportJob.trendPeriods`, each of the period's length), oldest first,
    /// each computed as if its end were the cutoff and judged as that night would have (the newest is
    /// `current`). Empty when the caller computed none.
    public var trend: [PeriodKPIs] = []
    /// The KPI thresholds the verdicts used.
    public var thresholds: KPIThresholds
    /// The three-level closure lock audit at the cutoff.
    public var closureAudit: ClosureAudit
    /// Preventive work orders created tonight.
    public var preventiveWorkOrders: [PreventiveWorkOrder]
    /// Spare-part requests created tonight.
    public var sparePartRequests: [SparePartRequest]
    /// Triggers that fired tonight but were suppressed by an open order of the same skill.
    public var suppressedTriggers: [SuppressedTrigger]
    /// Every rule of the rule set, in its order, with how often it fired and what keeps it from firing.
    public var activeRules: [ActiveRule]
    /// Top assets by alerts and components nearest their age limits.
    public var fleetHealth: FleetHealth
    /// Data quality for the night's drop and to date.
    public var dataQuality: DataQuality
    /// Daily series for the charts.
    public var charts: ChartData
    /// How the run ended, as the night decided it: its status word (`ok`, `input_rejected`, …) and the
    /// process exit code that goes with it. The renderers print them; they never derive one from the other.
    public var status: String
    public var exitCode: Int

    /// Memberwise.
    public init(header: ReportHeader, current: PeriodKPIs, previous: PeriodKPIs, baseline: PeriodKPIs?,
                thresholds: KPIThresholds, closureAudit: ClosureAudit,
                preventiveWorkOrders: [PreventiveWorkOrder] = [], sparePartRequests: [SparePartRequest] = [],
                suppressedTriggers: [SuppressedTrigger] = [], activeRules: [ActiveRule] = [],
                fleetHealth: FleetHealth = FleetHealth(),
                dataQuality: DataQuality = DataQuality(), charts: ChartData = ChartData(), status: String = "ok",
                exitCode: Int = 0) {
        self.header = header
        self.current = current
        self.previous = previous
        self.baseline = baseline
        self.thresholds = thresholds
        self.closureAudit = closureAudit
        self.preventiveWorkOrders = preventiveWorkOrders
        self.sparePartRequests = sparePartRequests
        self.suppressedTriggers = suppressedTriggers
        self.activeRules = activeRules
        self.fleetHealth = fleetHealth
        self.dataQuality = dataQuality
        self.charts = charts
        self.status = status
        self.exitCode = exitCode
    }

    /// Tonight's preventive work orders with no suggested engineer, sorted by ID.
    public var ordersWithoutEngineer: [PreventiveWorkOrder] {
        sortedWorkOrders.filter { $0.engineerID.isEmpty }
    }

    /// The KPIs the baseline column compares with: the configured baseline, else the previous period.
    public var effectiveBaseline: PeriodKPIs { baseline ?? previous }

    var sortedWorkOrders: [PreventiveWorkOrder] { preventiveWorkOrders.sorted { $0.id < $1.id } }
    var sortedRequests: [SparePartRequest] { sparePartRequests.sorted { $0.id < $1.id } }
    var sortedSuppressed: [SuppressedTrigger] {
        suppressedTriggers.sorted {
            ($0.ruleID, $0.siteID, $0.assetID, $0.triggerKey, $0.blockingID)
                < ($1.ruleID, $1.siteID, $1.assetID, $1.triggerKey, $1.blockingID)
        }
    }
    var sortedFalseClosures: [ClosureAuditEntry] { closureAudit.falseClosures.sorted { $0.woID < $1.woID } }
    var sortedCompleteNotClosed: [ClosureAuditEntry] {
        closureAudit.completeNotClosed.sorted { $0.woID < $1.woID }
    }
}

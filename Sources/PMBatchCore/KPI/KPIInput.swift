/// Everything the KPI computations read: pure values, already loaded.
public struct KPIInput: Sendable {
    /// Every work order known on the night (events may reach past a period's cutoff; each period ignores them).
    public var history: WorkOrderHistory
    /// Thresholds (`kpi`, `urgency`) and the time zone for local dates.
    public var rules: RuleSet
    /// From `engineers.csv`; empty when there is none (then every actor counts as an engineer).
    public var engineers: [Engineer]
    /// Confirmed failures (MTBF).
    public var failures: [Failure]
    /// Assets in the registry (MTBF's operating time).
    public var assetCount: Int
    /// Preventive work orders pmbatch created (PM compliance).
    public var preventiveOrders: [PreventiveWorkOrder]

    /// Memberwise.
    public init(history: WorkOrderHistory, rules: RuleSet, engineers: [Engineer] = [], failures: [Failure] = [],
                assetCount: Int = 0, preventiveOrders: [PreventiveWorkOrder] = []) {
        self.history = history
        self.rules = rules
        self.engineers = engineers
        self.failures = failures
        self.assetCount = assetCount
        self.preventiveOrders = preventiveOrders
    }
}

/// One threshold of a sweep: the swept rule's own figures with the threshold changed, and the figures of
/// all rules together.
public struct BacktestSweepPoint: Hashable, Sendable {
    public var ruleID: String
    /// What the threshold is: `more_than`, `min_age_days` or `min_count`.
    public var thresholdName: String
    public var threshold: Int
    /// The swept rule's orders only.
    public var score: BacktestScore
    /// Every rule's orders (the other rules unchanged).
    public var overall: BacktestScore
    /// No other threshold of the same sweep has a recall at least as high and an alarm rate at least as
    /// low, one of them strictly better.
    public var paretoOptimal: Bool

    /// Memberwise.
    public init(ruleID: String, thresholdName: String, threshold: Int, score: BacktestScore, overall: BacktestScore,
                paretoOptimal: Bool) {
        self.ruleID = ruleID
        self.thresholdName = thresholdName
        self.threshold = threshold
        self.score = score
        self.overall = overall
        self.paretoOptimal = paretoOptimal
    }
}

/// The outcome of `pmbatch backtest` (SPEC §5).
public struct BacktestResult: Hashable, Sendable {
    public var from: LocalDate
    public var to: LocalDate
    public var horizonDays: Int
    public var assetCount: Int
    public var zone: String
    /// Every rule's orders together.
    public var overall: BacktestScore
    /// Per rule ID, sorted by ID (rules that created nothing included).
    public var rules: [(id: String, score: BacktestScore)]
    /// The sweeps in the order asked, thresholds ascending.
    public var sweep: [BacktestSweepPoint]
    /// Every order of the replay with the rules as given, in creation order.
    public var workOrders: [PreventiveWorkOrder]

    public static func == (lhs: BacktestResult, rhs: BacktestResult) -> Bool {
        lhs.from == rhs.from && lhs.to == rhs.to && lhs.horizonDays == rhs.horizonDays
            && lhs.assetCount == rhs.assetCount && lhs.zone == rhs.zone && lhs.overall == rhs.overall
            && lhs.rules.map(\.id) == rhs.rules.map(\.id) && lhs.rules.map(\.score) == rhs.rules.map(\.score)
            && lhs.sweep == rhs.sweep && lhs.workOrders == rhs.workOrders
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(from)
        hasher.combine(to)
        hasher.combine(overall)
    }
}

/// Replays and scores a period, with optional threshold sweeps (SPEC §5).
public enum Backtest {
    /// Runs the backtest of `from` through `to` (nights, inclusive). `assetCount` defaults to the
    /// registry's assets, else every asset seen in alerts, components or failures.
    public static func run(rules: RuleSet, data: BacktestData, from: LocalDate, to: LocalDate, horizonDays: Int,
                           sweeps: [BacktestSweep] = []) throws(BacktestError) -> BacktestResult {
        for sweep in sweeps where rules.threshold(ofRule: sweep.ruleID) == nil {
            throw .unknownRule(sweep.ruleID, known: rules.ruleIDs)
        }
        let scorer = BacktestScorer(from: from, to: to, horizonDays: horizonDays, zone: rules.zone,
                                    assetCount: fleetSize(data), failures: data.failures)
        let orders = BacktestReplay.workOrders(rules: rules, data: data, from: from, to: to)
        let perRule = rules.ruleIDs.map { id in (id: id, score: scorer.score(orders.filter { $0.ruleID == id })) }
        var points: [BacktestSweepPoint] = []
        for sweep in sweeps {
            var group: [BacktestSweepPoint] = []
            for threshold in sweep.thresholds {
                let changed = rules.settingThreshold(threshold, ofRule: sweep.ruleID)!
                let swept = BacktestReplay.workOrders(rules: changed, data: data, from: from, to: to)
                group.append(BacktestSweepPoint(
                    ruleID: sweep.ruleID, thresholdName: rules.thresholdName(ofRule: sweep.ruleID) ?? "",
                    threshold: threshold,
                    score: scorer.score(swept.filter { $0.ruleID == sweep.ruleID }), overall: scorer.score(swept),
                    paretoOptimal: false))
            }
            markParetoFront(&group)
            points += group
        }
        return BacktestResult(from: from, to: to, horizonDays: horizonDays, assetCount: scorer.assetCount,
                              zone: rules.zone.identifier, overall: scorer.score(orders), rules: perRule,
                              sweep: points, workOrders: orders)
    }

    /// Assets in the registry, else every asset seen in the data.
    static func fleetSize(_ data: BacktestData) -> Int {
        if !data.assets.isEmpty { return Set(data.assets.map(\.assetID)).count }
        var seen = Set(data.components.map(\.assetID))
        seen.formUnion(data.failures.map(\.assetID))
        seen.formUnion(data.alerts.series.values.flatMap(\.keys))
        return seen.count
    }

    /// Marks the points no other point dominates on (recall ↑, alarms per asset-month ↓); a missing recall
    /// counts as 0, a missing rate as 0.
    public static func markParetoFront(_ points: inout [BacktestSweepPoint]) {
        let figures = points.map { ($0.score.recall ?? 0, $0.score.alarmsPerAssetMonth ?? 0) }
        for i in points.indices {
            let (r, a) = figures[i]
            points[i].paretoOptimal = !figures.contains { q in
                q.0 >= r && q.1 <= a && (q.0 > r || q.1 < a)
            }
        }
    }
}

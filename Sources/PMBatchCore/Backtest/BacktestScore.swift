/// Lead times of the caught failures, in hours.
public struct LeadTimeSummary: Hashable, Sendable {
    /// How many lead times.
    public var n: Int
    public var min: Double?
    /// ``Distribution/of(_:)`` rules: the mean of the two middle values when n is even.
    public var median: Double?
    /// Nearest rank: the ⌈0.9·n⌉-th smallest.
    public var p90: Double?

    /// The summary of a sample of hours.
    public init(hours: [Double]) {
        let d = Distribution.of(hours)
        n = d.n
        min = hours.min()
        median = d.median
        p90 = d.p90
    }
}

/// How well a set of preventive work orders foretold the failures of a period (SPEC §5).
public struct BacktestScore: Hashable, Sendable {
    /// Failures in the period.
    public var failures: Int
    /// Failures with a preventive order for their asset created in [t − horizon, t).
    public var caught: Int
    /// Work orders created.
    public var alarms: Int
    /// Work orders followed by a failure of one of their assets within (created, created + horizon].
    public var trueAlarms: Int
    /// Alarms per asset and 30 days of the period.
    public var alarmsPerAssetMonth: Double?
    public var leadTimeHours: LeadTimeSummary
    /// Failures of the period no order caught, by time then asset.
    public var missed: [Failure]

    /// caught ÷ failures; nil without failures.
    public var recall: Double? { failures == 0 ? nil : Double(caught) / Double(failures) }
    /// true alarms ÷ alarms; nil without alarms.
    public var precision: Double? { alarms == 0 ? nil : Double(trueAlarms) / Double(alarms) }

    /// Memberwise.
    public init(failures: Int, caught: Int, alarms: Int, trueAlarms: Int, alarmsPerAssetMonth: Double?,
                leadTimeHours: LeadTimeSummary, missed: [Failure]) {
        self.failures = failures
        self.caught = caught
        self.alarms = alarms
        self.trueAlarms = trueAlarms
        self.alarmsPerAssetMonth = alarmsPerAssetMonth
        self.leadTimeHours = leadTimeHours
        self.missed = missed
    }
}

/// Scores work orders against failures.
///
/// A work order created on night D counts as created at D's cutoff, the zone's start of D + 1. A batch
/// order counts for every asset it lists. A failure at t counts when t lies in [start of `from`, cutoff of
/// `to`); it is caught by an order for its asset created in [t − horizon, t). An order is a true alarm when
/// a failure of one of its assets — any failure on record, also after the period — lies in
/// (created, created + horizon]: the same edges, so an order that catches a failure of the period is
/// always a true alarm, and a failure exactly one horizon after the order still counts.
public struct BacktestScorer: Sendable {
    public var from: LocalDate
    public var to: LocalDate
    public var horizonDays: Int
    public var zone: ZoneRules
    /// Assets in the fleet, for alarms per asset-month.
    public var assetCount: Int
    /// Every failure on record, by asset, times ascending.
    let failureTimes: [String: [Int64]]
    /// The failures of the period, by time then asset.
    let periodFailures: [Failure]

    /// Prepares the failures once for scoring many sets of orders.
    public init(from: LocalDate, to: LocalDate, horizonDays: Int, zone: ZoneRules, assetCount: Int,
                failures: [Failure]) {
        self.from = from
        self.to = to
        self.horizonDays = horizonDays
        self.zone = zone
        self.assetCount = assetCount
        var times: [String: [Int64]] = [:]
        for f in failures { times[f.assetID, default: []].append(f.ts.milliseconds) }
        for key in times.keys { times[key]!.sort() }
        failureTimes = times
        let start = zone.startOfDay(from), end = zone.startOfDay(to.adding(days: 1))
        periodFailures = failures.filter { $0.ts >= start && $0.ts < end }
            .sorted { ($0.ts, $0.assetID, $0.slot, $0.faultCode) < ($1.ts, $1.assetID, $1.slot, $1.faultCode) }
    }

    /// Asset-months of the period: assets × days ÷ 30.
    public var assetMonths: Double { Double(assetCount) * Double(to.days(since: from) + 1) / 30 }

    /// Scores `orders`.
    public func score(_ orders: [PreventiveWorkOrder]) -> BacktestScore {
        let horizon = Int64(horizonDays) * 86_400_000
        var cutoffs: [LocalDate: Int64] = [:]
        var createdByAsset: [String: [Int64]] = [:]
        var trueAlarms = 0
        for order in orders {
            let created: Int64
            if let known = cutoffs[order.night] {
                created = known
            } else {
                created = zone.startOfDay(order.night.adding(days: 1)).milliseconds
                cutoffs[order.night] = created
            }
            var isTrue = false
            for asset in Self.assets(of: order) {
                createdByAsset[asset, default: []].append(created)
                if !isTrue, let times = failureTimes[asset] {
                    // The first failure after the creation, if it is within the horizon.
                    let lo = times.lowerBound { $0 <= created }
                    if lo < times.count, times[lo] <= created + horizon { isTrue = true }
                }
            }
            if isTrue { trueAlarms += 1 }
        }
        for key in createdByAsset.keys { createdByAsset[key]!.sort() }
        var caught = 0
        var leads: [Double] = []
        var missed: [Failure] = []
        for failure in periodFailures {
            let t = failure.ts.milliseconds
            if let times = createdByAsset[failure.assetID] {
                let lo = times.lowerBound(of: t - horizon)
                if lo < times.count, times[lo] < t {
                    caught += 1
                    leads.append(Double(t - times[lo]) / 3_600_000)
                    continue
                }
            }
            missed.append(failure)
        }
        let months = assetMonths
        return BacktestScore(
            failures: periodFailures.count, caught: caught, alarms: orders.count, trueAlarms: trueAlarms,
            alarmsPerAssetMonth: months > 0 ? Double(orders.count) / months : nil,
            leadTimeHours: LeadTimeSummary(hours: leads), missed: missed)
    }

    /// The order's asset and, for a batch order, every asset it lists.
    static func assets(of order: PreventiveWorkOrder) -> [String] {
        order.relatedAssets.isEmpty ? [order.assetID] : Array(Set([order.assetID] + order.relatedAssets)).sorted()
    }
}

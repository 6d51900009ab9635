/// One KPI computation of a report: a period's figures, judged against the figures of `baseline` (nil:
/// judged against nothing). What a period is judged against reads only that period's own figures (H2's mean,
/// H3's per-engineer-day), never its verdicts, so any computation of `baseline` serves.
public struct KPIComputation: Hashable, Sendable {
    public var period: Period
    public var baseline: Period?

    /// Memberwise.
    public init(period: Period, baseline: Period?) {
        self.period = period
        self.baseline = baseline
    }
}

extension KPICalculator {
    /// The KPIs of the last `count` periods of `days` days ending with `lastDay`, oldest first: period k
    /// (k = 0 is the newest) ends with `lastDay − k·days`, and each is computed as if its end were the cutoff
    /// (`compute` sees nothing at or after it), as the previous-period column is.
    ///
    /// Each period is judged against `baseline` (the configured `[kpi].baseline` figures) when given, else
    /// against the period before it — as the night of its end would have judged it. So the oldest needs one
    /// more period, computed without a baseline: `count + 1` computations without a configured baseline,
    /// `count` with one. The newest entry equals the night's own `compute(period:baseline:)`.
    public static func trend(_ input: KPIInput, count: Int, days: Int, endingWith lastDay: LocalDate,
                             baseline: PeriodKPIs?) -> [PeriodKPIs] {
        let computations = trendComputations(count: count, days: days, endingWith: lastDay, zone: input.rules.zone,
                                             baseline: baseline?.period)
        // Each period computed once without a baseline, then judged: as a report does with figures it kept.
        // A given baseline is judged against as it is (``judge(_:against:rules:)`` reads only its figures).
        var figures: [Period: PeriodKPIs] = [:]
        if let baseline { figures[baseline.period] = baseline }
        for c in computations where figures[c.period] == nil {
            figures[c.period] = compute(input, period: c.period, baseline: nil)
        }
        return computations.suffix(count).map { c in
            judge(figures[c.period]!, against: c.baseline.flatMap { figures[$0] }, rules: input.rules)
        }
    }

    /// The computations ``trend(_:count:days:endingWith:baseline:)`` makes, in order — each one's baseline
    /// is `baseline` or computed before it: without a configured `baseline`, first the period before the
    /// oldest (judged against nothing), then the `count` periods oldest first, each judged against the one
    /// before it.
    public static func trendComputations(count: Int, days: Int, endingWith lastDay: LocalDate, zone: ZoneRules,
                                         baseline: Period?) -> [KPIComputation] {
        guard count > 0, days > 0 else { return [] }
        func period(_ k: Int) -> Period { Period.days(days, endingWith: lastDay.adding(days: -k * days), zone: zone) }
        var result: [KPIComputation] = []
        if baseline == nil { result.append(KPIComputation(period: period(count), baseline: nil)) }
        for k in stride(from: count - 1, through: 0, by: -1) {
            result.append(KPIComputation(period: period(k), baseline: baseline ?? period(k + 1)))
        }
        return result
    }
}

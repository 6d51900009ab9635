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
        guard count > 0, days > 0 else { return [] }
        let zone = input.rules.zone
        func period(_ k: Int) -> Period { Period.days(days, endingWith: lastDay.adding(days: -k * days), zone: zone) }
        var before = baseline == nil ? compute(input, period: period(count), baseline: nil) : nil
        var oldestFirst: [PeriodKPIs] = []
        oldestFirst.reserveCapacity(count)
        for k in stride(from: count - 1, through: 0, by: -1) {
            let kpis = compute(input, period: period(k), baseline: baseline ?? before)
            oldestFirst.append(kpis)
            before = kpis
        }
        return oldestFirst
    }
}

extension KPICalculator {
    /// H2 internal execution efficiency.
    ///
    /// - Population: orders (any kind) whose FIRST `technical_closed` is in P (a first closure before P keeps
    ///   a later one out).
    /// - Hours from `created_at` to that event minus the time spent in `waiting_customer`: from such an event to
    ///   the next event with another status, clipped to `[created_at, technical_closed]`.
    /// - `baselineMeanHours` is the baseline's mean; gain = 1 − mean ÷ baseline mean; healthy = gain ≥
    ///   `efficiencyGainMin`. Gain and verdict are nil without data, without a baseline, or with a zero
    ///   baseline mean.
    static func execution(_ orders: [CutoffOrder], period: Period, rules: RuleSet, baseline: PeriodKPIs?)
        -> ExecutionKPI
    {
        var hours: [Double] = []
        for order in orders {
            guard let closure = order.firstTechnicalClosed, period.contains(closure.ts) else { continue }
            let created = order.header.createdAt
            let waited = order.waitingMilliseconds(in: [.waitingCustomer], from: created, to: closure.ts)
            hours.append(Double(closure.ts.milliseconds(since: created) - waited) / 3_600_000)
        }
        return ExecutionKPI.judging(Distribution.of(hours), against: baseline, rules: rules)
    }
}

extension ExecutionKPI {
    /// The H2 figures of `hours`, judged against `baseline`'s mean (see ``KPICalculator/execution``).
    static func judging(_ hours: Distribution, against baseline: PeriodKPIs?, rules: RuleSet) -> ExecutionKPI {
        let baselineMean = baseline?.execution.hours.mean
        var gain: Double?
        if let mean = hours.mean, let baselineMean, baselineMean != 0 { gain = 1 - mean / baselineMean }
        return ExecutionKPI(hours: hours, baselineMeanHours: baselineMean, gain: gain,
                            healthy: gain.map { $0 >= rules.kpi.efficiencyGainMin })
    }
}

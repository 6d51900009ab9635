/// The KPI computations of SPEC §4 as pure functions: "three horizontal, one vertical", the stuck-stage
/// ranking, the closure-lock audit and the standard maintenance KPIs.
///
/// Shared rules, whatever the KPI:
/// - A period `P = [from, to)` is computed as if its end were the cutoff: orders created at or after `to` and
///   events at or after `to` do not exist for it. So a previous period's figures are what that night's report
///   would have said, whatever was added later.
/// - "In P" means the instant lies in `[from, to)`; durations are elapsed time between instants.
/// - Statuses are compared by their canonical value; an unmapped status is a progress event known by its
///   raw text.
/// - Lists are sorted explicitly; nothing depends on `Dictionary` order.
public enum KPICalculator {
    /// Every KPI for `period`. `baseline` is the baseline period's figures (`[kpi].baseline`, else the previous
    /// period, computed with `baseline: nil`); H2's gain and H3's baseline test need it and are nil without it.
    public static func compute(_ input: KPIInput, period: Period, baseline: PeriodKPIs?) -> PeriodKPIs {
        let orders = CutoffOrder.all(in: input.history, cutoff: period.to)
        return PeriodKPIs(
            period: period,
            firstUpdate: firstUpdate(orders, period: period, rules: input.rules),
            execution: execution(orders, period: period, rules: input.rules, baseline: baseline),
            utilization: utilization(orders, period: period, input: input, baseline: baseline),
            recurrence: recurrence(orders, lookBack: input.history.lookBack, period: period, rules: input.rules),
            stuckStages: stuckStages(orders, period: period),
            standard: standard(orders, period: period, input: input))
    }

    /// A period's figures computed without a baseline (`compute(_:period:baseline: nil)`), judged against
    /// `baseline`: exactly what `compute(_:period:baseline:)` gives, since only H2 and H3 read the baseline,
    /// and only its figures. So a period's figures can be kept once and judged against any other period.
    public static func judge(_ figures: PeriodKPIs, against baseline: PeriodKPIs?, rules: RuleSet) -> PeriodKPIs {
        var judged = figures
        judged.execution = ExecutionKPI.judging(figures.execution.hours, against: baseline, rules: rules)
        judged.utilization = UtilizationKPI.judging(effective: figures.utilization.effectiveWorkOrders,
                                                    engineerDays: figures.utilization.engineerDays,
                                                    against: baseline, rules: rules)
        return judged
    }
}

extension KPICalculator {
    /// Statuses that make a technically closed order not effective (H3).
    static let ineffectiveStatuses: [WorkOrderStatus] = [.duplicate, .cancelled, .reopened]

    /// The engineers H3 counts: the `engineers` IDs when there are any, else every actor of an event in P.
    static func countedEngineers(_ orders: [CutoffOrder], period: Period, engineers: [Engineer]) -> Set<String> {
        if !engineers.isEmpty { return Set(engineers.map(\.engineerID)) }
        var actors = Set<String>()
        for order in orders {
            for event in order.events where !event.actor.isEmpty && period.contains(event.ts) {
                actors.insert(event.actor)
            }
        }
        return actors
    }

    /// H3 resource utilization: effective work orders per active engineer-day.
    ///
    /// - Effective: first `technical_closed` in P, and never (before the cutoff) `duplicate`, `cancelled` or
    ///   `reopened`. Credited to the actor of that event, else the header's `engineer_id`, on its local date
    ///   (`rules.zone`); only credits to counted engineers count.
    /// - Counted engineers: the `engineers` IDs when non-empty, else every actor of an event in P.
    /// - Active engineer-day: a (counted engineer, local date) with at least one event by that actor in P.
    /// - per_engineer_day = effective ÷ engineer-days (nil when there are none); healthy when ≥
    ///   `utilizationPerEngineerDay`, or ≥ (1 + `utilizationGainMin`) × the baseline's per-engineer-day.
    static func utilization(_ orders: [CutoffOrder], period: Period, input: KPIInput, baseline: PeriodKPIs?)
        -> UtilizationKPI
    {
        let engineers = countedEngineers(orders, period: period, engineers: input.engineers)
        let zone = input.rules.zone
        var effective = 0
        var days = Set<EngineerDay>()
        for order in orders {
            for event in order.events where period.contains(event.ts) && engineers.contains(event.actor) {
                days.insert(EngineerDay(engineer: event.actor, date: zone.localDate(of: event.ts)))
            }
            guard let closure = order.firstTechnicalClosed, period.contains(closure.ts),
                  !order.ever(ineffectiveStatuses) else { continue }
            let credited = closure.actor.isEmpty ? order.header.engineerID : closure.actor
            if engineers.contains(credited) { effective += 1 }
        }
        return UtilizationKPI.judging(effective: effective, engineerDays: days.count, against: baseline,
                                      rules: input.rules)
    }
}

extension UtilizationKPI {
    /// The H3 figures of `effective` orders over `engineerDays`, judged against `baseline`'s per-engineer-day
    /// (see ``KPICalculator/utilization``).
    static func judging(effective: Int, engineerDays: Int, against baseline: PeriodKPIs?, rules: RuleSet)
        -> UtilizationKPI
    {
        let perDay = engineerDays == 0 ? nil : Double(effective) / Double(engineerDays)
        let baselinePerDay = baseline?.utilization.perEngineerDay
        var healthy: Bool?
        if let perDay {
            let thresholds = rules.kpi
            healthy = perDay >= thresholds.utilizationPerEngineerDay
                || baselinePerDay.map { perDay >= (1 + thresholds.utilizationGainMin) * $0 } ?? false
        }
        return UtilizationKPI(effectiveWorkOrders: effective, engineerDays: engineerDays, perEngineerDay: perDay,
                              baselinePerEngineerDay: baselinePerDay, healthy: healthy)
    }
}

/// An (engineer, local date) pair: the unit of H3's denominator.
struct EngineerDay: Hashable {
    var engineer: String
    var date: LocalDate
}

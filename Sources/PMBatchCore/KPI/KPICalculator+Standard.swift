extension KPICalculator {
    /// The daily capacity assumed when there are no engineers (SPEC §3's default).
    public static let defaultDailyCapacity = 12.0

    /// Statuses a repair's time is net of (MTTR).
    static let repairWaitStatuses: [WorkOrderStatus] = [.waitingCustomer, .waitingParts]

    /// The standard maintenance KPIs.
    ///
    /// - MTBF hours = (assetCount × hours in P) ÷ failures with ts in P; calendar time is operating time; nil
    ///   when there is no failure.
    /// - MTTR hours (SMRP 3.5.2) = mean over corrective orders whose first `technical_closed` is in P of
    ///   (that event − the first `on_site` event at or before it, else `created_at`), net of `waiting_customer`
    ///   and `waiting_parts` time within that span; nil without repairs.
    /// - PM compliance = `preventiveOrders` due in `[firstDay, lastDay]` with a `technical_closed` event on their
    ///   WD ID before the end of the due date (local, `rules.zone`) and before the cutoff ÷ those due; nil when
    ///   none is due.
    /// - Backlog engineer-days = orders created before the cutoff and open at it (all kinds; open as
    ///   `WorkOrderTimeline.isOpen`, on events before the cutoff) ÷ mean `dailyCapacity` of `engineers`
    ///   (12 when none); nil when that mean is not positive.
    static func standard(_ orders: [CutoffOrder], period: Period, input: KPIInput) -> StandardKPIs {
        let failures = input.failures.filter { period.contains($0.ts) }.count
        let periodHours = period.to.hours(since: period.from)
        let mtbf = failures == 0 ? nil : Double(input.assetCount) * periodHours / Double(failures)

        var repairHours: [Double] = []
        var openOrders = 0
        var closedBy: [String: Instant] = [:]
        for order in orders {
            if order.isOpen { openOrders += 1 }
            if let closure = order.firstTechnicalClosed { closedBy[order.header.woID] = closure.ts }
            guard order.header.effectiveKind == "corrective", let closure = order.firstTechnicalClosed,
                  period.contains(closure.ts) else { continue }
            let start = order.events.first { $0.status == .onSite && $0.ts <= closure.ts }?.ts
                ?? order.header.createdAt
            let waited = order.waitingMilliseconds(in: repairWaitStatuses, from: start, to: closure.ts)
            repairHours.append(Double(closure.ts.milliseconds(since: start) - waited) / 3_600_000)
        }
        let mttr = Distribution.of(repairHours)

        let zone = input.rules.zone
        var due = 0
        var onTime = 0
        for order in input.preventiveOrders
        where order.dueDate >= period.firstDay && order.dueDate <= period.lastDay {
            due += 1
            let deadline = zone.startOfDay(order.dueDate.adding(days: 1))
            if let closed = closedBy[order.id], closed < deadline { onTime += 1 }
        }

        let capacity = input.engineers.isEmpty
            ? defaultDailyCapacity
            : Double(input.engineers.map(\.dailyCapacity).reduce(0, +)) / Double(input.engineers.count)
        return StandardKPIs(
            mtbfHours: mtbf, failures: failures, mttrHours: mttr.mean, repairs: mttr.n,
            pmCompliance: due == 0 ? nil : Double(onTime) / Double(due), pmDue: due, pmOnTime: onTime,
            backlogEngineerDays: capacity > 0 ? Double(openOrders) / capacity : nil, openOrders: openOrders)
    }
}

extension KPICalculator {
    /// Statuses after which an order's last event has no dwell.
    static let terminalStatuses: [WorkOrderStatus] = [.closed, .cancelled, .duplicate]

    /// How many stages the ranking keeps.
    static let stuckStageLimit = 5

    /// The stuck-stage TOP 5 (article 四).
    ///
    /// Every event in P with a dwell counts: dwell = time to the order's next event (before the cutoff), or to
    /// the cutoff for the last event of an order whose last status is not `closed`, `cancelled` or
    /// `duplicate` (such a final event has no dwell). Grouped by status (canonical value, or the raw text
    /// when unmapped), ranked by mean dwell desc (ties by status), top 5; count, mean, p90 and total in hours.
    static func stuckStages(_ orders: [CutoffOrder], period: Period) -> [StuckStage] {
        var dwells: [String: [Double]] = [:]
        for order in orders {
            let events = order.events
            for i in events.indices where period.contains(events[i].ts) {
                let event = events[i]
                let end: Instant
                if i + 1 < events.endIndex {
                    end = events[i + 1].ts
                } else if let status = event.status, terminalStatuses.contains(status) {
                    continue
                } else {
                    end = period.to
                }
                dwells[event.statusKey, default: []].append(end.hours(since: event.ts))
            }
        }
        let stages = dwells.map { status, hours -> StuckStage in
            let d = Distribution.of(hours)
            return StuckStage(status: status, count: d.n, meanHours: d.mean ?? 0, p90Hours: d.p90 ?? 0,
                              totalHours: d.total)
        }
        return Array(stages.sorted {
            $0.meanHours != $1.meanHours ? $0.meanHours > $1.meanHours : $0.status < $1.status
        }.prefix(stuckStageLimit))
    }
}

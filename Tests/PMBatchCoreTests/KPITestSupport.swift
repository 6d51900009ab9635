@testable import PMBatchCore

/// Hand-made event logs for the KPI tests. Every instant is UTC in 2026.
enum KPIFixture {
    /// `2026-MM-DD hh:mm` UTC, plus `ms` milliseconds.
    static func utc(_ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, ms: Int64 = 0) -> Instant {
        Instant(utcMidnightOf: LocalDate(year: 2026, month: month, day: day)!)
            .adding(milliseconds: (Int64(hour) * 60 + Int64(minute)) * 60_000 + ms)
    }

    /// An event; the status is canonical when the text is, else unmapped.
    static func ev(_ ts: Instant, _ status: String, by actor: String = "", evidence: String = "") -> TimelineEvent {
        TimelineEvent(ts: ts, status: WorkOrderStatus(rawValue: status), rawStatus: status, actor: actor,
                      evidence: evidence)
    }

    /// A work order with its events (written in time order by the tests).
    static func wo(_ id: String, _ created: Instant, channel: String = "online", kind: String = "",
                   customer: String = "", fault: String = "", priority: String = "", engineer: String = "",
                   description: String = "", fromEvents: Bool = false, _ events: [TimelineEvent] = [])
        -> WorkOrderTimeline
    {
        WorkOrderTimeline(
            header: WorkOrderHeader(woID: id, createdAt: created, customerID: customer, channel: channel,
                                    faultCode: fault, kind: kind, priority: priority, engineerID: engineer,
                                    description: description),
            events: events, headerFromEvents: fromEvents)
    }

    /// A history sorted by ID, as `WorkOrderHistory.build` makes it.
    static func history(_ orders: [WorkOrderTimeline]) -> WorkOrderHistory {
        WorkOrderHistory(orders: orders.sorted { $0.header.woID < $1.header.woID })
    }

    /// P = the 30 UTC days 2026-11-01 … 2026-11-30: [Nov 1 00:00, Dec 1 00:00).
    static let november = Period.days(30, endingWith: LocalDate(year: 2026, month: 11, day: 30)!, zone: .utc)
    /// The previous period: 2026-10-02 … 2026-10-31, cutoff Nov 1 00:00.
    static let october = Period.days(30, endingWith: LocalDate(year: 2026, month: 10, day: 31)!, zone: .utc)

    /// KPIs for `orders` in November with default rules and no baseline.
    static func kpis(_ orders: [WorkOrderTimeline], engineers: [Engineer] = [], rules: RuleSet = RuleSet(),
                     period: Period = november, baseline: PeriodKPIs? = nil) -> PeriodKPIs {
        KPICalculator.compute(KPIInput(history: history(orders), rules: rules, engineers: engineers),
                              period: period, baseline: baseline)
    }
}

/// |a − b| < 1e-9 (for figures like 1/3).
func approx(_ a: Double?, _ b: Double) -> Bool {
    guard let a else { return false }
    return abs(a - b) < 1e-9
}

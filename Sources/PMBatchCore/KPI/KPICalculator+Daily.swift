extension KPICalculator {
    /// H1 per local day of P (`rules.zone`), for the trend chart: for each day from `firstDay` to `lastDay`,
    /// the mean first-update minutes of the customer-originated orders created that day that got an update
    /// before the cutoff, and how many there were (mean nil when none). Same definitions as H1.
    public static func dailyFirstUpdateMinutes(_ input: KPIInput, period: Period)
        -> [(date: LocalDate, meanMinutes: Double?, n: Int)]
    {
        let orders = CutoffOrder.all(in: input.history, cutoff: period.to)
        var byDay: [LocalDate: [Double]] = [:]
        for sample in firstUpdateSamples(orders, period: period, urgency: input.rules.urgency) {
            guard let minutes = sample.minutes else { continue }
            byDay[input.rules.zone.localDate(of: sample.order.header.createdAt), default: []].append(minutes)
        }
        return days(of: period).map { day in
            let d = Distribution.of(byDay[day] ?? [])
            return (day, d.mean, d.n)
        }
    }

    /// Technical closures per local day of P (`rules.zone`), for the trend chart: orders whose first
    /// `technical_closed` (H2's population) falls on each day from `firstDay` to `lastDay`.
    public static func dailyTechnicalClosures(_ input: KPIInput, period: Period) -> [(date: LocalDate, count: Int)] {
        var byDay: [LocalDate: Int] = [:]
        for order in CutoffOrder.all(in: input.history, cutoff: period.to) {
            guard let closure = order.firstTechnicalClosed, period.contains(closure.ts) else { continue }
            byDay[input.rules.zone.localDate(of: closure.ts), default: 0] += 1
        }
        return days(of: period).map { ($0, byDay[$0] ?? 0) }
    }

    /// The local days `[firstDay, lastDay]` in order.
    static func days(of period: Period) -> [LocalDate] {
        guard period.firstDay <= period.lastDay else { return [] }
        return (0...period.lastDay.days(since: period.firstDay)).map { period.firstDay.adding(days: $0) }
    }
}

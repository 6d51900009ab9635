import Testing
@testable import PMBatchCore

@Suite("KPI trend: the last periods, each as of its own cutoff")
struct KPITrendTests {
    typealias F = KPIFixture

    /// One order per period, 30-day periods ending 2026-11-30: Aug 3–Sep 1, Sep 2–Oct 1, Oct 2–Oct 31,
    /// Nov 1–Nov 30. Minutes to first update and hours to technical closure:
    /// A (Aug) —, 48 h; S (Sep) 30 min, 24 h; O (Oct) 60 min, 12 h; N (Nov) 10 min, 9 h.
    static let orders = [
        F.wo("A", F.utc(8, 10), [F.ev(F.utc(8, 12), "technical_closed")]),
        F.wo("S", F.utc(9, 10), [F.ev(F.utc(9, 10, 0, 30), "acknowledged"), F.ev(F.utc(9, 11), "technical_closed")]),
        F.wo("O", F.utc(10, 10), [F.ev(F.utc(10, 10, 1), "acknowledged"), F.ev(F.utc(10, 10, 12), "technical_closed")]),
        F.wo("N", F.utc(11, 10), [F.ev(F.utc(11, 10, 0, 10), "acknowledged"), F.ev(F.utc(11, 10, 9), "technical_closed")]),
    ]
    static let input = KPIInput(history: F.history(orders), rules: RuleSet(), engineers: [])
    static let lastDay = LocalDate(year: 2026, month: 11, day: 30)!

    @Test("three periods, oldest first, each judged against the period before it")
    func againstPrevious() {
        let trend = KPICalculator.trend(Self.input, count: 3, days: 30, endingWith: Self.lastDay, baseline: nil)
        #expect(trend.map(\.period.lastDay.description) == ["2026-10-01", "2026-10-31", "2026-11-30"])
        #expect(trend.map(\.firstUpdate.overall.minutes.mean) == [30, 60, 10])
        #expect(trend.map(\.execution.hours.mean) == [24, 12, 9])
        // Gains: 1 − 24/48 = 50 %, 1 − 12/24 = 50 %, 1 − 9/12 = 25 % (< 35 %: not healthy).
        #expect(trend.map(\.execution.baselineMeanHours) == [48, 24, 12])
        #expect(trend.map(\.execution.gain) == [0.5, 0.5, 0.25])
        #expect(trend.map(\.execution.healthy) == [true, true, false])
        // The newest is the night's own figures, baseline = the previous period.
        #expect(trend.last == F.kpis(Self.orders, baseline: F.kpis(Self.orders, period: F.october)))
    }

    @Test("with a configured baseline every period is judged against it")
    func configuredBaseline() {
        var baseline = F.kpis([])
        baseline.execution.hours = Distribution.of([10])
        let trend = KPICalculator.trend(Self.input, count: 3, days: 30, endingWith: Self.lastDay, baseline: baseline)
        #expect(trend.map(\.execution.baselineMeanHours) == [10, 10, 10])
        // 1 − 24/10, 1 − 12/10, 1 − 9/10 = 10 % — none reaches 35 %.
        #expect(trend.map(\.execution.healthy) == [false, false, false])
        #expect(trend.count == 3)
    }

    @Test("no periods asked, none computed")
    func none() {
        #expect(KPICalculator.trend(Self.input, count: 0, days: 30, endingWith: Self.lastDay, baseline: nil).isEmpty)
    }
}

import Testing
@testable import PMBatchCore

@Suite("KPI periods")
struct KPIPeriodTests {
    typealias F = KPIFixture

    @Test("an empty period gives nil figures")
    func empty() {
        let k = F.kpis([])
        #expect(k.period == F.november)
        #expect(k.firstUpdate.overall.minutes.n == 0 && k.firstUpdate.overall.minutes.mean == nil)
        #expect(k.firstUpdate.overall.minutes.median == nil && k.firstUpdate.overall.minutes.p90 == nil)
        #expect(k.firstUpdate.healthy == nil && k.firstUpdate.waiting.isEmpty)
        #expect(k.firstUpdate.byChannel.map(\.group) == ["app", "email", "online", "phone"])
        #expect(k.firstUpdate.byChannel.allSatisfy { $0.minutes.mean == nil && $0.healthy == nil })
        #expect(k.firstUpdate.urgent.minutes.mean == nil && k.firstUpdate.urgent.healthy == nil)
        #expect(k.execution == ExecutionKPI(hours: Distribution.of([]), baselineMeanHours: nil, gain: nil,
                                            healthy: nil))
        #expect(k.utilization == UtilizationKPI(effectiveWorkOrders: 0, engineerDays: 0, perEngineerDay: nil,
                                                baselinePerEngineerDay: nil, healthy: nil))
        #expect(k.recurrence == RecurrenceKPI(n: 0, repeats: 0, rate: nil, healthy: nil, worstCustomers: [],
                                              worstFaultCodes: []))
        #expect(k.stuckStages.isEmpty)
        #expect(k.standard == StandardKPIs(mtbfHours: nil, failures: 0, mttrHours: nil, repairs: 0,
                                           pmCompliance: nil, pmDue: 0, pmOnTime: 0, backlogEngineerDays: 0,
                                           openOrders: 0))
    }

    @Test("the previous period is computed as of its own cutoff")
    func previousPeriodCutoff() {
        let orders = [
            // Created Oct 20 08:00, first update only on Nov 2: waiting in October (Oct 20 08:00 → Nov 1 00:00 =
            // 11 d 16 h = 16800 min); not in November's population (created before P).
            F.wo("X", F.utc(10, 20, 8), channel: "phone",
                 [F.ev(F.utc(10, 20, 8), "submitted"), F.ev(F.utc(11, 2), "acknowledged")]),
            // Closed Oct 28 by eng1, reopened Nov 5: effective in October, not in November (first closure
            // before P), and nothing for H2 in November.
            F.wo("Y", F.utc(10, 25), [
                F.ev(F.utc(10, 25, 1), "acknowledged", by: "eng1"), F.ev(F.utc(10, 28), "technical_closed", by: "eng1"),
                F.ev(F.utc(11, 5), "reopened", by: "eng1"),
            ]),
        ]
        let october = F.kpis(orders, period: F.october)
        #expect(october.firstUpdate.waiting == [
            WaitingOrder(woID: "X", channel: "phone", createdAt: F.utc(10, 20, 8), waitingMinutes: 16_800)])
        // Y (online) is the only sample: created 00:00, acknowledged 01:00 = 60 min.
        #expect(october.firstUpdate.overall.minutes.n == 1 && october.firstUpdate.overall.minutes.mean == 60)
        #expect(october.utilization.effectiveWorkOrders == 1 && october.utilization.engineerDays == 2)
        // Y: created 10/25 00:00 → technical_closed 10/28 00:00 = 72 h.
        #expect(october.execution.hours.mean == 72)
        // Stuck stages in October: X submitted last (open) → Nov 1 00:00 = 280 h; Y technical_closed last → 4 d = 96 h.
        #expect(october.stuckStages.map(\.status) == ["submitted", "technical_closed", "acknowledged"])
        #expect(october.stuckStages[0].meanHours == 280)
        // Both open at October's cutoff? X yes (submitted), Y no (technical_closed).
        #expect(october.standard.openOrders == 1)

        let november = F.kpis(orders, baseline: october)
        #expect(november.firstUpdate.waiting.isEmpty && november.firstUpdate.overall.minutes.n == 0)
        #expect(november.utilization.effectiveWorkOrders == 0 && november.utilization.engineerDays == 1)
        #expect(november.execution.hours.n == 0 && november.execution.baselineMeanHours == 72)
        #expect(november.execution.gain == nil)
        #expect(november.utilization.baselinePerEngineerDay == 0.5)
        #expect(november.standard.openOrders == 2)
    }

    @Test("daily series over the period's local days")
    func daily() {
        let orders = [
            F.wo("D1", F.utc(11, 1, 8), [F.ev(F.utc(11, 1, 8, 10), "acknowledged"), F.ev(F.utc(11, 1, 9), "technical_closed")]),
            F.wo("D2", F.utc(11, 1, 9), [F.ev(F.utc(11, 1, 9, 20), "acknowledged")]),
            F.wo("D3", F.utc(11, 30, 9), [F.ev(F.utc(11, 30, 9, 5), "acknowledged"), F.ev(F.utc(11, 30, 10), "technical_closed")]),
            F.wo("D4", F.utc(11, 30, 23), [F.ev(F.utc(12, 1, 1), "acknowledged")]),   // no update before the cutoff
        ]
        let input = KPIInput(history: F.history(orders), rules: RuleSet())
        let minutes = KPICalculator.dailyFirstUpdateMinutes(input, period: F.november)
        #expect(minutes.count == 30)
        #expect(minutes[0].date == LocalDate(year: 2026, month: 11, day: 1)!)
        // Nov 1: D1 10, D2 20 → mean 15, n 2. Nov 30: D3 5 (D4 waits), n 1. Others: nil, 0.
        #expect(minutes[0].meanMinutes == 15 && minutes[0].n == 2)
        #expect(minutes[29].meanMinutes == 5 && minutes[29].n == 1)
        #expect(minutes[1].meanMinutes == nil && minutes[1].n == 0)
        let closures = KPICalculator.dailyTechnicalClosures(input, period: F.november)
        #expect(closures.map(\.count).reduce(0, +) == 2)
        #expect(closures[0].count == 1 && closures[29].count == 1 && closures[29].date == F.november.lastDay)
    }
}

import Testing
@testable import PMBatchCore

@Suite("H2 execution efficiency")
struct KPIExecutionTests {
    typealias F = KPIFixture

    static let orders: [WorkOrderTimeline] = [
        // 08:00 → technical_closed 18:00 = 10 h, minus waiting_customer 10:00–14:00 (until resumed) = 6 h.
        F.wo("E1", F.utc(11, 5, 8), [
            F.ev(F.utc(11, 5, 8, 30), "acknowledged"), F.ev(F.utc(11, 5, 10), "waiting_customer"),
            F.ev(F.utc(11, 5, 14), "resumed"), F.ev(F.utc(11, 5, 18), "technical_closed"),
        ]),
        // A wait that started before created_at is clipped to it: waiting 06:00–09:00 → 08:00–09:00 = 1 h;
        // 08:00 → 12:00 = 4 h − 1 h = 3 h.
        F.wo("E2", F.utc(11, 6, 8), [
            F.ev(F.utc(11, 6, 6), "waiting_customer"), F.ev(F.utc(11, 6, 9), "acknowledged"),
            F.ev(F.utc(11, 6, 12), "technical_closed"),
        ]),
        // Across the period edge: created Oct 30 00:00, waiting Oct 31 00:00 → Nov 2 00:00 (48 h), closed
        // Nov 2 12:00 (in P): 84 h − 48 h = 36 h. The part of the wait before P still counts.
        F.wo("E3", F.utc(10, 30), [
            F.ev(F.utc(10, 31), "waiting_customer"), F.ev(F.utc(11, 2), "resumed"),
            F.ev(F.utc(11, 2, 12), "technical_closed"),
        ]),
        // First technical_closed before P (then reopened and closed again in P): not counted.
        F.wo("E4", F.utc(10, 20), [
            F.ev(F.utc(10, 31), "technical_closed"), F.ev(F.utc(11, 3), "reopened"),
            F.ev(F.utc(11, 4), "technical_closed"),
        ]),
        // Closed exactly at the cutoff: not in P.
        F.wo("E5", F.utc(11, 30), [F.ev(F.utc(12, 1), "technical_closed")]),
        // Two waiting_customer events in a row are one wait (01:00 → technical_closed 05:00 = 4 h): 5 − 4 = 1 h.
        // waiting_parts does not count for H2.
        F.wo("E6", F.utc(11, 8), [
            F.ev(F.utc(11, 8, 0, 30), "waiting_parts"),
            F.ev(F.utc(11, 8, 1), "waiting_customer"), F.ev(F.utc(11, 8, 2), "waiting_customer"),
            F.ev(F.utc(11, 8, 5), "technical_closed"),
        ]),
    ]

    @Test("net hours to the first technical closure")
    func hours() {
        let h2 = F.kpis(Self.orders).execution
        // [6, 3, 36, 1] → sorted [1, 3, 6, 36]: mean 46/4 = 11.5, median (3+6)/2 = 4.5, p90 ⌈3.6⌉ = 4th = 36.
        #expect(h2.hours == Distribution(n: 4, mean: 11.5, median: 4.5, p90: 36, total: 46))
        // No baseline → no gain, no verdict.
        #expect(h2.baselineMeanHours == nil && h2.gain == nil && h2.healthy == nil)
    }

    @Test("gain against the baseline", arguments: [
        (20.0, 0.425, true),       // 1 − 11.5/20 = 0.425 ≥ 0.35
        (15.0, 1 - 11.5 / 15, false), // 0.2333… < 0.35
    ])
    func gain(baselineMean: Double, gain: Double, healthy: Bool) {
        var baseline = F.kpis([])
        baseline.execution.hours.mean = baselineMean
        let h2 = F.kpis(Self.orders, baseline: baseline).execution
        #expect(h2.baselineMeanHours == baselineMean)
        #expect(approx(h2.gain, gain))
        #expect(h2.healthy == healthy)
    }

    @Test("a baseline without data gives no gain")
    func emptyBaseline() {
        let h2 = F.kpis(Self.orders, baseline: F.kpis([])).execution
        #expect(h2.baselineMeanHours == nil && h2.gain == nil && h2.healthy == nil)
    }
}

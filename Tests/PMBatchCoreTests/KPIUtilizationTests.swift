import Testing
@testable import PMBatchCore

@Suite("H3 utilization")
struct KPIUtilizationTests {
    typealias F = KPIFixture

    static let orders: [WorkOrderTimeline] = [
        // Effective, credited to eng1 (actor of technical_closed). eng1 active Nov 10.
        F.wo("U1", F.utc(11, 10, 7), [
            F.ev(F.utc(11, 10, 8), "acknowledged", by: "eng1"), F.ev(F.utc(11, 10, 8, 30), "on_site", by: "eng1"),
            F.ev(F.utc(11, 10, 9), "technical_closed", by: "eng1"),
        ]),
        // Effective, technical_closed without actor → header engineer eng2. eng2 active Nov 11.
        F.wo("U2", F.utc(11, 11, 7), engineer: "eng2", [
            F.ev(F.utc(11, 11, 9), "acknowledged", by: "eng2"), F.ev(F.utc(11, 11, 10), "technical_closed"),
        ]),
        // Reopened (by the customer, not an engineer): not effective. eng1 active Nov 12.
        F.wo("U3", F.utc(11, 12, 7), [
            F.ev(F.utc(11, 12, 10), "technical_closed", by: "eng1"), F.ev(F.utc(11, 13), "reopened", by: "cust"),
        ]),
        // Marked duplicate later: not effective. eng2 active Nov 14.
        F.wo("U4", F.utc(11, 12, 7), [
            F.ev(F.utc(11, 12, 11), "technical_closed", by: "eng1"), F.ev(F.utc(11, 14), "duplicate", by: "eng2"),
        ]),
        // Reopened only after the cutoff: effective for this period.
        F.wo("U5", F.utc(11, 12, 7), [
            F.ev(F.utc(11, 12, 12), "technical_closed", by: "eng1"), F.ev(F.utc(12, 1, 1), "reopened", by: "eng1"),
        ]),
        // Closed by a contractor not in engineers.csv: not credited; their day does not count.
        F.wo("U6", F.utc(11, 15, 7), [F.ev(F.utc(11, 15, 9), "technical_closed", by: "contractor")]),
    ]
    static let engineers = [Engineer(engineerID: "eng1"), Engineer(engineerID: "eng2")]

    @Test("effective orders per active engineer-day, engineers from engineers.csv")
    func withEngineers() {
        let h3 = F.kpis(Self.orders, engineers: Self.engineers).utilization
        // Effective: U1, U2, U5 = 3. Days: eng1 Nov 10, Nov 12; eng2 Nov 11, Nov 14 = 4. 3/4 = 0.75 < 12.
        #expect(h3.effectiveWorkOrders == 3)
        #expect(h3.engineerDays == 4)
        #expect(h3.perEngineerDay == 0.75)
        #expect(h3.baselinePerEngineerDay == nil)
        #expect(h3.healthy == false)
    }

    @Test("every actor is an engineer when there is no engineers.csv")
    func everyActor() {
        let h3 = F.kpis(Self.orders).utilization
        // Actors in P: eng1 (Nov 10, 12), eng2 (Nov 11, 14), cust (Nov 13), contractor (Nov 15) = 6 days.
        // Effective: U1, U2 (eng2 is an actor), U5, U6 (contractor) = 4. 4/6.
        #expect(h3.effectiveWorkOrders == 4)
        #expect(h3.engineerDays == 6)
        #expect(approx(h3.perEngineerDay, 4.0 / 6.0))
    }

    @Test("healthy against the baseline (gain ≥ 22 %)", arguments: [
        (0.6, true),   // 0.75 ≥ 1.22 × 0.6 = 0.732
        (0.7, false),  // 0.75 < 1.22 × 0.7 = 0.854
    ])
    func baseline(baselinePerDay: Double, healthy: Bool) {
        var baseline = F.kpis([])
        baseline.utilization.perEngineerDay = baselinePerDay
        let h3 = F.kpis(Self.orders, engineers: Self.engineers, baseline: baseline).utilization
        #expect(h3.baselinePerEngineerDay == baselinePerDay)
        #expect(h3.healthy == healthy)
        // The figure the relative test is decided on: 0.75 ÷ 0.6 − 1 = 25 %, 0.75 ÷ 0.7 − 1 = 7.1 %.
        #expect(approx(h3.gain, 0.75 / baselinePerDay - 1))
    }

    @Test("the gain is nil without data, without a baseline or with a zero baseline")
    func gainUndefined() {
        var zero = F.kpis([])
        zero.utilization.perEngineerDay = 0
        #expect(F.kpis(Self.orders, engineers: Self.engineers).utilization.gain == nil)
        #expect(F.kpis(Self.orders, engineers: Self.engineers, baseline: zero).utilization.gain == nil)
        #expect(F.kpis([], engineers: Self.engineers, baseline: F.kpis(Self.orders)).utilization.gain == nil)
    }

    @Test("healthy at the absolute threshold")
    func absolute() {
        var rules = RuleSet()
        rules.kpi.utilizationPerEngineerDay = 0.75
        #expect(F.kpis(Self.orders, engineers: Self.engineers, rules: rules).utilization.healthy == true)
    }

    @Test("engineer-days are local dates in the configured zone")
    func localDates() {
        // 15:00Z and 17:00Z on Nov 10 are one UTC day, but 23:00 Nov 10 and 01:00 Nov 11 in Shanghai (UTC+8).
        let order = F.wo("Z1", F.utc(11, 10), [
            F.ev(F.utc(11, 10, 15), "on_site", by: "eng1"), F.ev(F.utc(11, 10, 17), "technical_closed", by: "eng1"),
        ])
        #expect(F.kpis([order]).utilization.engineerDays == 1)
        let shanghai = ZoneRules(identifier: "Asia/Shanghai")!
        let period = Period.days(30, endingWith: LocalDate(year: 2026, month: 11, day: 30)!, zone: shanghai)
        let h3 = F.kpis([order], rules: RuleSet(zone: shanghai), period: period).utilization
        #expect(h3.engineerDays == 2)
        #expect(h3.perEngineerDay == 0.5)
    }
}

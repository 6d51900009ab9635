import Testing
@testable import PMBatchCore

@Suite("Standard KPIs")
struct KPIStandardTests {
    typealias F = KPIFixture

    static func standard(_ orders: [WorkOrderTimeline], engineers: [Engineer] = [], failures: [Failure] = [],
                         assetCount: Int = 0, preventive: [PreventiveWorkOrder] = []) -> StandardKPIs {
        let input = KPIInput(history: F.history(orders), rules: RuleSet(), engineers: engineers, failures: failures,
                             assetCount: assetCount, preventiveOrders: preventive)
        return KPICalculator.compute(input, period: F.november, baseline: nil).standard
    }

    @Test("MTBF = assets × hours in P ÷ failures in P")
    func mtbf() {
        let failures = [
            Failure(assetID: "A", ts: F.utc(11, 1)), Failure(assetID: "B", ts: F.utc(11, 15)),
            Failure(assetID: "A", ts: F.utc(11, 30, 23)),
            Failure(assetID: "A", ts: F.utc(10, 31, 23)), Failure(assetID: "C", ts: F.utc(12, 1)),  // outside
        ]
        // 10 assets × 720 h ÷ 3 = 2400 h.
        let s = Self.standard([], failures: failures, assetCount: 10)
        #expect(s.failures == 3 && s.mtbfHours == 2400)
        #expect(Self.standard([], assetCount: 10).mtbfHours == nil)
    }

    @Test("MTTR from the first on_site (else creation), net of customer and parts waits")
    func mttr() {
        let orders = [
            // First on_site Nov 5 04:00 → technical_closed Nov 6 10:00 = 30 h; waiting_parts 05:00 → resumed next
            // day 05:00 = 24 h; waiting_customer Nov 6 06:00 → on_site 08:00 = 2 h. 30 − 26 = 4 h.
            F.wo("M1", F.utc(11, 5), [
                F.ev(F.utc(11, 5, 4), "on_site"), F.ev(F.utc(11, 5, 5), "waiting_parts"),
                F.ev(F.utc(11, 6, 5), "resumed"), F.ev(F.utc(11, 6, 6), "waiting_customer"),
                F.ev(F.utc(11, 6, 8), "on_site"), F.ev(F.utc(11, 6, 10), "technical_closed"),
            ]),
            // No on_site: from creation, 6 h.
            F.wo("M2", F.utc(11, 7), [F.ev(F.utc(11, 7, 6), "technical_closed")]),
            // Preventive and inspection kinds are not repairs.
            F.wo("M3", F.utc(11, 7), channel: "preventive", [F.ev(F.utc(11, 7, 9), "technical_closed")]),
            F.wo("M4", F.utc(11, 7), kind: "inspection", [F.ev(F.utc(11, 7, 9), "technical_closed")]),
        ]
        let s = Self.standard(orders)
        #expect(s.repairs == 2 && s.mttrHours == 5)
    }

    @Test("PM compliance: due in P, technically closed by the end of the due date")
    func pmCompliance() {
        func pwo(_ id: String, due: LocalDate) -> PreventiveWorkOrder {
            PreventiveWorkOrder(id: id, night: due.adding(days: -7), ruleID: "r", ruleKind: .alert, triggerKey: id,
                                assetID: "A", siteID: "", customerID: "", skill: "", evidence: "", action: "",
                                priority: "normal", engineerID: "", dueDate: due)
        }
        let nov = { (d: Int) in LocalDate(year: 2026, month: 11, day: d)! }
        let preventive = [
            pwo("WD1", due: nov(10)), pwo("WD2", due: nov(12)), pwo("WD3", due: nov(15)),
            pwo("WD4", due: LocalDate(year: 2026, month: 12, day: 1)!), pwo("WD5", due: LocalDate(year: 2026, month: 10, day: 31)!),
        ]
        let history = [
            F.wo("WD1", F.utc(11, 3), channel: "preventive", [F.ev(F.utc(11, 10, 23, 59), "technical_closed")]),
            F.wo("WD2", F.utc(11, 5), channel: "preventive", [F.ev(F.utc(11, 13), "technical_closed")]),  // late
            F.wo("WD5", F.utc(10, 24), channel: "preventive", [F.ev(F.utc(10, 30), "technical_closed")]),
        ]
        // Due in P: WD1, WD2, WD3 (never reported). On time: WD1. 1/3.
        let s = Self.standard(history, preventive: preventive)
        #expect(s.pmDue == 3 && s.pmOnTime == 1)
        #expect(approx(s.pmCompliance, 1.0 / 3.0))
        #expect(Self.standard(history).pmCompliance == nil)
    }

    @Test("backlog: orders open at the cutoff ÷ mean daily capacity")
    func backlog() {
        let orders = [
            F.wo("O1", F.utc(11, 1)),                                                   // no events: open
            F.wo("O2", F.utc(11, 2), [F.ev(F.utc(11, 2, 1), "acknowledged")]),           // open
            F.wo("O3", F.utc(11, 3), [F.ev(F.utc(11, 3, 1), "technical_closed")]),       // finished
            F.wo("O4", F.utc(11, 4), [F.ev(F.utc(11, 4, 1), "closed"), F.ev(F.utc(11, 5), "reopened")]),  // open
            F.wo("O5", F.utc(12, 1)),                                                   // created at the cutoff
            F.wo("O6", F.utc(11, 6), channel: "preventive",
                 [F.ev(F.utc(11, 6, 1), "acknowledged"), F.ev(F.utc(12, 2), "cancelled")]),  // open at the cutoff
            F.wo("O7", F.utc(11, 7), [F.ev(F.utc(11, 7, 1), "technical_closed"), F.ev(F.utc(11, 7, 2), "Invoice sent")]),
        ]
        // Open: O1, O2, O4, O6 = 4. Capacities 8 and 12 → mean 10 → 0.4; no engineers → 4 ÷ 12.
        let s = Self.standard(orders, engineers: [Engineer(engineerID: "a", dailyCapacity: 8),
                                                  Engineer(engineerID: "b", dailyCapacity: 12)])
        #expect(s.openOrders == 4 && s.backlogEngineerDays == 0.4)
        #expect(approx(Self.standard(orders).backlogEngineerDays, 4.0 / 12.0))
    }
}

import Testing
@testable import PMBatchCore

@Suite("V1 recurrence")
struct KPIRecurrenceTests {
    typealias F = KPIFixture

    static let orders: [WorkOrderTimeline] = [
        // Before P, counted as an earlier order.
        F.wo("R0", F.utc(10, 15), customer: "C1", fault: "F1"),
        // Exactly 30 × 24 h after R0 (Oct 15 → Nov 14): a repeat.
        F.wo("R1", F.utc(11, 14), customer: "C1", fault: "F1"),
        // 30 days + 1 ms after RA: not a repeat.
        F.wo("RA", F.utc(10, 20), customer: "C2", fault: "F2"),
        F.wo("RB", F.utc(11, 19, ms: 1), customer: "C2", fault: "F2"),
        // An inspection of C2/F2 in between does not count (not corrective).
        F.wo("R7", F.utc(11, 18), kind: "inspection", customer: "C2", fault: "F2"),
        // 11 days after R1: a repeat.
        F.wo("R3", F.utc(11, 25), customer: "C1", fault: "F1"),
        // Its only earlier order was cancelled: not a repeat; the cancelled one is not counted at all.
        F.wo("R4x", F.utc(11, 20), customer: "C1", fault: "F9", [F.ev(F.utc(11, 21), "cancelled")]),
        F.wo("R4", F.utc(11, 26), customer: "C1", fault: "F9"),
        // Its only earlier order is a duplicate: not a repeat.
        F.wo("R5x", F.utc(11, 26), customer: "C3", fault: "F3", [F.ev(F.utc(11, 26, 1), "duplicate")]),
        F.wo("R5", F.utc(11, 27), customer: "C3", fault: "F3"),
        // Empty customer: never a repeat (but counted in n).
        F.wo("R6a", F.utc(11, 9), customer: "", fault: "F1"),
        F.wo("R6", F.utc(11, 10), customer: "", fault: "F1"),
        // The earlier order is cancelled only after the cutoff: still counts → R9 is a repeat.
        F.wo("R9a", F.utc(11, 27), customer: "C4", fault: "F4", [F.ev(F.utc(12, 2), "cancelled")]),
        F.wo("R9", F.utc(11, 28), customer: "C4", fault: "F4"),
        // Preventive kind (empty kind on the preventive channel): excluded.
        F.wo("RP", F.utc(11, 28, 1), channel: "preventive", customer: "C4", fault: "F4"),
    ]

    @Test("repeats within [t − 30 d, t), exclusions, worst customers and fault codes")
    func recurrence() {
        let v1 = F.kpis(Self.orders).recurrence
        // n: R1, RB, R3, R4, R5, R6a, R6, R9a, R9 = 9. Repeats: R1 (exactly 30 d), R3, R9 = 3. 3/9 > 0.05.
        #expect(v1.n == 9)
        #expect(v1.repeats == 3)
        #expect(approx(v1.rate, 1.0 / 3.0))
        #expect(v1.healthy == false)
        // Customers in P: C1 {R1, R3, R4} 2 repeats; C4 {R9a, R9} 1; C2, C3, "" none → left out.
        #expect(v1.worstCustomers == [RecurrenceOffender(key: "C1", orders: 3, repeats: 2),
                                      RecurrenceOffender(key: "C4", orders: 2, repeats: 1)])
        // Fault codes: F1 {R1, R3, R6a, R6} 2 repeats; F4 {R9a, R9} 1.
        #expect(v1.worstFaultCodes == [RecurrenceOffender(key: "F1", orders: 4, repeats: 2),
                                       RecurrenceOffender(key: "F4", orders: 2, repeats: 1)])
    }

    @Test("orders known by header and void time count as timelines do: void only before the cutoff")
    func lookBackOrders() {
        let timelines = [
            // Cancelled before the cutoff: L1b is not a repeat. As a timeline, the same.
            F.wo("L1", F.utc(10, 30), customer: "C5", fault: "F5", [F.ev(F.utc(10, 31), "cancelled")]),
            F.wo("L1b", F.utc(11, 5), customer: "C5", fault: "F5"),
            // Cancelled only after the cutoff (Dec 1): L2b is a repeat.
            F.wo("L2", F.utc(10, 30), customer: "C6", fault: "F6", [F.ev(F.utc(12, 2), "duplicate")]),
            F.wo("L2b", F.utc(11, 5), customer: "C6", fault: "F6"),
            // A repeat of R0 through a look-back order; RA's pair is 1 ms too late.
        ] + Self.orders
        let reference = F.kpis(timelines).recurrence
        #expect(reference.n == 11 && reference.repeats == 4)
        let early = ["L1", "L2", "R0", "RA"]
        let lookBack = timelines.filter { early.contains($0.header.woID) }.map { order in
            LookBackOrder(header: order.header,
                          voidedAt: order.events.first { KPICalculator.voidStatuses.contains($0.status ?? .submitted) }?.ts)
        }
        #expect(lookBack.map(\.voidedAt) == [F.utc(10, 31), F.utc(12, 2), nil, nil])
        var history = F.history(timelines.filter { !early.contains($0.header.woID) })
        history.lookBack = lookBack.sorted { $0.header.woID < $1.header.woID }
        let light = KPICalculator.compute(KPIInput(history: history, rules: RuleSet()), period: F.november,
                                          baseline: nil).recurrence
        #expect(light == reference)
    }

    @Test("the window edge", arguments: [(Int64(0), true), (Int64(1), false)])
    func edge(extraMilliseconds: Int64, repeats: Bool) {
        let earlier = F.wo("X1", F.utc(10, 20), customer: "C", fault: "F")
        let later = F.wo("X2", F.utc(11, 19, ms: extraMilliseconds), customer: "C", fault: "F")
        #expect(F.kpis([earlier, later]).recurrence.repeats == (repeats ? 1 : 0))
    }

    @Test("an order created at the same instant is not earlier")
    func sameInstant() {
        let a = F.wo("S1", F.utc(11, 5), customer: "C", fault: "F")
        let b = F.wo("S2", F.utc(11, 5), customer: "C", fault: "F")
        let v1 = F.kpis([a, b]).recurrence
        #expect(v1.n == 2 && v1.repeats == 0 && v1.rate == 0 && v1.healthy == true)
        #expect(v1.worstCustomers.isEmpty)
    }

    @Test("ranking: repeats desc, then orders desc, then key; at most five")
    func ranking() {
        // Customers K1…K7: 2 orders, 1 repeat each. K9: a repeat pair plus an order with another fault code:
        // 3 orders, 1 repeat → first on orders; then K1…K4 by key.
        var orders: [WorkOrderTimeline] = []
        for k in [7, 3, 1, 6, 2, 5, 4] {
            orders.append(F.wo("K\(k)a", F.utc(11, 2), customer: "K\(k)", fault: "F"))
            orders.append(F.wo("K\(k)b", F.utc(11, 3), customer: "K\(k)", fault: "F"))
        }
        orders.append(F.wo("K9a", F.utc(11, 2), customer: "K9", fault: "F"))
        orders.append(F.wo("K9b", F.utc(11, 3), customer: "K9", fault: "F"))
        orders.append(F.wo("K9c", F.utc(11, 4), customer: "K9", fault: "G"))
        let worst = F.kpis(orders).recurrence.worstCustomers
        #expect(worst.map(\.key) == ["K9", "K1", "K2", "K3", "K4"])
        #expect(worst[0] == RecurrenceOffender(key: "K9", orders: 3, repeats: 1))
    }
}

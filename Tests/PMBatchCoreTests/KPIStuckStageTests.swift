import Testing
@testable import PMBatchCore

@Suite("Stuck stages")
struct KPIStuckStageTests {
    typealias F = KPIFixture

    static let orders: [WorkOrderTimeline] = [
        // Open last event: waiting_parts from Nov 29 12:00 to the cutoff Dec 1 00:00 = 36 h.
        // submitted 2 h, acknowledged 10 h.
        F.wo("S1", F.utc(11, 29), [
            F.ev(F.utc(11, 29), "submitted"), F.ev(F.utc(11, 29, 2), "acknowledged"),
            F.ev(F.utc(11, 29, 12), "waiting_parts"),
        ]),
        // Closed last event: no dwell for it. submitted 1 h, acknowledged 4 h, technical_closed 1 h.
        F.wo("S2", F.utc(11, 20), [
            F.ev(F.utc(11, 20), "submitted"), F.ev(F.utc(11, 20, 1), "acknowledged"),
            F.ev(F.utc(11, 20, 5), "technical_closed"), F.ev(F.utc(11, 20, 6), "closed"),
        ]),
        // An event before P has no place in P's figures; acknowledged Nov 30 22:00 → cutoff = 2 h.
        F.wo("S3", F.utc(10, 31, 22), [
            F.ev(F.utc(10, 31, 22), "submitted"), F.ev(F.utc(11, 30, 22), "acknowledged"),
        ]),
        // Unmapped status grouped by its raw text: 6 h; on_site 1 h; cancelled last → no dwell.
        F.wo("S4", F.utc(11, 25), [
            F.ev(F.utc(11, 25), "Parts ordered from vendor"), F.ev(F.utc(11, 25, 6), "on_site"),
            F.ev(F.utc(11, 25, 7), "cancelled"),
        ]),
        // The next event is after the cutoff, so waiting_customer is the last one: 20:00 → 24:00 = 4 h.
        F.wo("S5", F.utc(11, 30, 19), [
            F.ev(F.utc(11, 30, 20), "waiting_customer"), F.ev(F.utc(12, 1, 2), "resumed"),
        ]),
    ]

    @Test("top five by mean dwell, with count, mean, p90 and total hours")
    func ranking() {
        let stages = F.kpis(Self.orders).stuckStages
        // waiting_parts [36]; "Parts ordered…" [6]; acknowledged [10, 4, 2] mean 16/3, p90 ⌈2.7⌉ = 3rd = 10;
        // waiting_customer [4]; submitted [2, 1] mean 1.5, p90 ⌈1.8⌉ = 2nd = 2. Cut: on_site 1, technical_closed 1.
        #expect(stages.map(\.status) == ["waiting_parts", "Parts ordered from vendor", "acknowledged",
                                         "waiting_customer", "submitted"])
        #expect(stages[0] == StuckStage(status: "waiting_parts", count: 1, meanHours: 36, p90Hours: 36,
                                        totalHours: 36))
        #expect(stages[2].count == 3 && approx(stages[2].meanHours, 16.0 / 3.0))
        #expect(stages[2].p90Hours == 10 && stages[2].totalHours == 16)
        #expect(stages[4] == StuckStage(status: "submitted", count: 2, meanHours: 1.5, p90Hours: 2, totalHours: 3))
    }

    @Test("a closed last event has no dwell; an open one runs to the cutoff")
    func lastEvent() {
        let stages = F.kpis([Self.orders[1], Self.orders[0]]).stuckStages
        #expect(!stages.contains { $0.status == "closed" })
        #expect(stages.first { $0.status == "waiting_parts" }?.totalHours == 36)
        // waiting_parts 36, acknowledged (10+4)/2 = 7, submitted (2+1)/2 = 1.5, technical_closed 1.
        #expect(stages.map(\.status) == ["waiting_parts", "acknowledged", "submitted", "technical_closed"])
    }

    @Test("ties by mean are ordered by status")
    func ties() {
        let order = F.wo("T1", F.utc(11, 1), [
            F.ev(F.utc(11, 1, 0), "on_site"), F.ev(F.utc(11, 1, 1), "dispatched"),
            F.ev(F.utc(11, 1, 2), "closed"),
        ])
        #expect(F.kpis([order]).stuckStages.map(\.status) == ["dispatched", "on_site"])
    }
}

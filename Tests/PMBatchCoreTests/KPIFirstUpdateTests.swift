import Testing
@testable import PMBatchCore

@Suite("H1 first update")
struct KPIFirstUpdateTests {
    typealias F = KPIFixture

    /// P = Nov 1 … Nov 30 (UTC), cutoff Dec 1 00:00. Default thresholds: online/app/email 15, phone 30; urgent 10.
    static let orders: [WorkOrderTimeline] = [
        // online, 08:00 → acknowledged 08:10 = 10 min.
        F.wo("A1", F.utc(11, 10, 8), channel: "online",
             [F.ev(F.utc(11, 10, 8), "submitted"), F.ev(F.utc(11, 10, 8, 10), "acknowledged")]),
        // online: an event before creation is not an update; submitted is not one; dispatched at 08:30 = 30 min.
        F.wo("A2", F.utc(11, 11, 8), channel: "online",
             [F.ev(F.utc(11, 11, 7, 50), "acknowledged"), F.ev(F.utc(11, 11, 8), "submitted"),
              F.ev(F.utc(11, 11, 8, 30), "dispatched")]),
        // phone, priority URGENT (case-insensitive); an unmapped status is an update: 5 min.
        F.wo("P1", F.utc(11, 12, 9), channel: "phone", priority: "URGENT",
             [F.ev(F.utc(11, 12, 9, 5), "Take in charge ticket")]),
        // empty channel → "(none)"; header from its first event (acknowledged) → 0 min; urgent by keyword.
        F.wo("N1", F.utc(11, 13, 10), channel: "", description: "Elevator SHUTDOWN in lobby", fromEvents: true,
             [F.ev(F.utc(11, 13, 10), "acknowledged")]),
        // email, only submitted: waiting from Nov 29 12:00 to the cutoff = 36 h = 2160 min.
        F.wo("W1", F.utc(11, 29, 12), channel: "email", [F.ev(F.utc(11, 29, 12), "submitted")]),
        // app, acknowledged exactly at the cutoff (ignored): waiting 11 days = 15840 min.
        F.wo("W2", F.utc(11, 20), channel: "app",
             [F.ev(F.utc(11, 20), "submitted"), F.ev(F.utc(12, 1), "acknowledged")]),
        // online, same creation as W2, no events at all: waiting 15840 min, after W2 by ID.
        F.wo("W3", F.utc(11, 20), channel: "online"),
        // preventive channel: not customer-originated.
        F.wo("PV", F.utc(11, 14), channel: "preventive", [F.ev(F.utc(11, 14, 1, 40), "acknowledged")]),
        // created before P.
        F.wo("OLD", F.utc(10, 31, 23), channel: "online", [F.ev(F.utc(11, 1, 1), "acknowledged")]),
    ]

    @Test("overall and per-channel distributions, thresholds and verdict")
    func distributions() throws {
        let h1 = F.kpis(Self.orders).firstUpdate
        // Samples: A1 10, A2 30, P1 5, N1 0 → sorted [0, 5, 10, 30]: mean 45/4 = 11.25, median (5+10)/2 = 7.5,
        // p90 = ⌈3.6⌉ = 4th = 30.
        #expect(h1.overall.group == "all")
        #expect(h1.overall.minutes == Distribution(n: 4, mean: 11.25, median: 7.5, p90: 30, total: 45))
        // Groups: seen channels plus every thresholded one, sorted; "(" sorts before letters.
        #expect(h1.byChannel.map(\.group) == ["(none)", "app", "email", "online", "phone"])
        let none = h1.byChannel[0]
        #expect(none.minutes.n == 1 && none.minutes.mean == 0)
        #expect(none.thresholdMinutes == nil && none.healthy == nil)
        // app and email have only waiting orders: n = 0, nil figures, no verdict.
        for group in h1.byChannel[1...2] {
            #expect(group.minutes.n == 0 && group.minutes.mean == nil && group.healthy == nil)
            #expect(group.thresholdMinutes == 15)
        }
        // online: [10, 30] mean 20 > 15 → not healthy; median 20, p90 ⌈1.8⌉ = 2nd = 30.
        let online = h1.byChannel[3]
        #expect(online.minutes == Distribution(n: 2, mean: 20, median: 20, p90: 30, total: 40))
        #expect(online.healthy == false)
        // phone: [5] ≤ 30 → healthy.
        let phone = h1.byChannel[4]
        #expect(phone.minutes.mean == 5 && phone.thresholdMinutes == 30 && phone.healthy == true)
        // One thresholded channel with data fails → overall not healthy.
        #expect(h1.healthy == false)
        #expect(h1.overall.healthy == false)
    }

    @Test("verdict is healthy when every thresholded channel with data is within its threshold")
    func healthyVerdict() {
        // Without A2, online is [10] ≤ 15 and phone [5] ≤ 30; "(none)" has no threshold and does not count.
        let h1 = F.kpis(Self.orders.filter { $0.header.woID != "A2" }).firstUpdate
        #expect(h1.byChannel.first { $0.group == "online" }?.healthy == true)
        #expect(h1.healthy == true)
    }

    @Test("verdict is nil when only unthresholded channels have data")
    func noThresholdedData() {
        let h1 = F.kpis([Self.orders[3]]).firstUpdate   // N1 only, group "(none)"
        #expect(h1.overall.minutes.n == 1)
        #expect(h1.healthy == nil)
    }

    @Test("urgent line: by priority and by keyword")
    func urgent() {
        let h1 = F.kpis(Self.orders).firstUpdate
        // P1 (priority URGENT) 5 min and N1 (keyword "shutdown" in "SHUTDOWN") 0 min: mean 2.5 ≤ 10.
        #expect(h1.urgent.group == "urgent")
        #expect(h1.urgent.minutes == Distribution(n: 2, mean: 2.5, median: 2.5, p90: 5, total: 5))
        #expect(h1.urgent.thresholdMinutes == 10)
        #expect(h1.urgent.healthy == true)
        // A Chinese keyword, and a slow urgent order: 停机 in the description, 40 min > 10.
        let slow = F.wo("U1", F.utc(11, 3, 8), channel: "phone", description: "3号梯停机",
                        [F.ev(F.utc(11, 3, 8, 40), "acknowledged")])
        let h1b = F.kpis([slow]).firstUpdate
        #expect(h1b.urgent.minutes.n == 1 && h1b.urgent.minutes.mean == 40 && h1b.urgent.healthy == false)
        // 40 ≤ 30? No: the phone channel is unhealthy too.
        #expect(h1b.healthy == false)
    }

    @Test("orders without an update are listed oldest first, ties by ID, with minutes to the cutoff")
    func waiting() {
        let h1 = F.kpis(Self.orders).firstUpdate
        #expect(h1.waiting == [
            WaitingOrder(woID: "W2", channel: "app", createdAt: F.utc(11, 20), waitingMinutes: 15_840),
            WaitingOrder(woID: "W3", channel: "online", createdAt: F.utc(11, 20), waitingMinutes: 15_840),
            WaitingOrder(woID: "W1", channel: "email", createdAt: F.utc(11, 29, 12), waitingMinutes: 2_160),
        ])
    }

    @Test("a custom threshold for an unknown channel and for the empty channel")
    func customThresholds() {
        var rules = RuleSet()
        rules.kpi.firstUpdateMinutes = ["": 1, "wechat": 60]
        let wechat = F.wo("C1", F.utc(11, 5), channel: "wechat", [F.ev(F.utc(11, 5, 0, 45), "acknowledged")])
        let h1 = F.kpis([wechat, Self.orders[3]], rules: rules).firstUpdate
        // "(none)": N1 0 ≤ 1 healthy; wechat: 45 ≤ 60 healthy.
        #expect(h1.byChannel.map(\.group) == ["(none)", "wechat"])
        #expect(h1.byChannel.map(\.healthy) == [true, true])
        #expect(h1.healthy == true)
    }
}

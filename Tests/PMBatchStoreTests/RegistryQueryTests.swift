import PMBatchCore
import PMBatchStore
import Testing

/// The registry and history queries: visibility by drop date, and the order that makes the last row of an ID
/// win — drop date (a file outside a dated folder counts as dropped on the night), then path, then line.
/// Files are stored in an order unlike the expected one, and records out of line order, so a missing ORDER BY
/// term changes the result.
@Suite("State store: registries and histories")
struct RegistryQueryTests {
    typealias F = StoreFixture

    @Test("assets: visible by drop date; the last row of an ID wins by drop date, path, line; sorted by ID")
    func assets() throws {
        let store = try StateStore()
        func asset(_ id: String, _ site: String) -> InputRecord { .asset(Asset(assetID: id, siteID: site)) }
        try store.replace(with: F.records("assets/2026-11-22/late.csv", .assets, drop: "2026-11-22",
                                          [(2, asset("A", "late")), (3, asset("C", "c"))]))
        try store.replace(with: F.records("assets.csv", .assets, drop: nil,
                                          [(4, asset("A", "undated-4")), (2, asset("A", "undated-2")),
                                           (3, asset("B", "b"))]))
        try store.replace(with: F.records("assets/2026-11-20/b.csv", .assets, drop: "2026-11-20",
                                          [(2, asset("E", "20-b"))]))
        try store.replace(with: F.records("assets/2026-11-20/a.csv", .assets, drop: "2026-11-20",
                                          [(2, asset("A", "20-a")), (3, asset("E", "20-a")), (4, asset("D", "20-a"))]))
        try store.replace(with: F.records("assets/2026-11-19/x.csv", .assets, drop: "2026-11-19",
                                          [(2, asset("D", "19"))]))
        // As of 11-21 the order is x.csv (11-19), a.csv, b.csv (11-20), assets.csv (undated = 11-21), line by
        // line: A ends on assets.csv line 4, D on a.csv, E on b.csv (same drop, later path); late.csv unseen.
        let night21 = try store.assets(asOf: F.day("2026-11-21"))
        #expect(night21.map { "\($0.assetID)=\($0.siteID)" } == ["A=undated-4", "B=b", "D=20-a", "E=20-b"])
        // As of 11-22 late.csv is visible and ties with the undated file on the drop date: "assets.csv" sorts
        // before "assets/…", so late.csv's A wins.
        let night22 = try store.assets(asOf: F.day("2026-11-22"))
        #expect(night22.map { "\($0.assetID)=\($0.siteID)" } == ["A=late", "B=b", "C=c", "D=20-a", "E=20-b"])
        #expect(try store.assets(asOf: F.day("2026-11-18")).map(\.assetID) == ["A", "B"])
        // Every ID of any drop, for checking telemetry rows.
        #expect(try store.knownAssetIDs() == ["A", "B", "C", "D", "E"])
    }

    @Test("engineers and parts: the last visible row of an ID wins; skills split; sorted by ID")
    func engineersAndParts() throws {
        let store = try StateStore()
        try store.replace(with: F.records("engineers.csv", .engineers, drop: nil, [
            (3, .engineer(Engineer(engineerID: "E1", name: "new", skills: ["door", "drive"], dailyCapacity: 8))),
            (2, .engineer(Engineer(engineerID: "E1", name: "old"))),
        ]))
        try store.replace(with: F.records("engineers/2026-11-20/e.csv", .engineers, drop: "2026-11-20", [
            (2, .engineer(Engineer(engineerID: "E1", name: "dated"))),
            (3, .engineer(Engineer(engineerID: "E0", name: "zero", region: "north"))),
        ]))
        try store.replace(with: F.records("engineers/2026-11-25/e.csv", .engineers, drop: "2026-11-25", [
            (2, .engineer(Engineer(engineerID: "E2", name: "later"))),
        ]))
        let engineers = try store.engineers(asOf: F.day("2026-11-21"))
        #expect(engineers == [Engineer(engineerID: "E0", name: "zero", region: "north"),
                              Engineer(engineerID: "E1", name: "new", skills: ["door", "drive"], dailyCapacity: 8)])
        #expect(try store.engineers(asOf: F.day("2026-11-25")).map(\.engineerID) == ["E0", "E1", "E2"])

        try store.replace(with: F.records("parts.csv", .parts, drop: nil, [
            (2, .part(Part(partNumber: "P1", description: "undated", stockOnHand: 5))),
        ]))
        try store.replace(with: F.records("parts/2026-11-20/p.csv", .parts, drop: "2026-11-20", [
            (2, .part(Part(partNumber: "P1", description: "dated", stockOnHand: 9, unitCost: 1.5))),
            (3, .part(Part(partNumber: "P0", description: "zero", stockOnHand: 1, leadTimeDays: 4, unitCost: 2))),
        ]))
        try store.replace(with: F.records("parts/2026-11-25/p.csv", .parts, drop: "2026-11-25", [
            (2, .part(Part(partNumber: "P1", description: "later"))),
        ]))
        #expect(try store.parts(asOf: F.day("2026-11-21"))
            == [Part(partNumber: "P0", description: "zero", stockOnHand: 1, leadTimeDays: 4, unitCost: 2),
                Part(partNumber: "P1", description: "undated", stockOnHand: 5)])
        // 11-25: the dated file and the undated one (= 11-25) tie; "parts.csv" sorts before "parts/…".
        #expect(try store.parts(asOf: F.day("2026-11-25")).map(\.description) == ["zero", "later"])
    }

    @Test("components: visible ones in drop, path, line order; an exact repeat keeps its first place")
    func components() throws {
        let store = try StateStore()
        func k(_ asset: String, _ slot: String, _ type: String, _ on: String) -> ComponentInstallation {
            ComponentInstallation(assetID: asset, slot: slot, componentType: type, installedOn: F.day(on))
        }
        try store.replace(with: F.records("components.csv", .components, drop: nil, [
            (3, .component(k("A", "door", "door_operator", "2020-01-01"))),
            (2, .component(k("A", "brake", "brake_pad", "2019-01-01"))),
        ]))
        try store.replace(with: F.records("components/2026-11-20/c.csv", .components, drop: "2026-11-20", [
            (3, .component(k("B", "enc", "encoder", "2018-05-05"))),
            (2, .component(k("A", "door", "door_operator", "2020-01-01"))),
        ]))
        try store.replace(with: F.records("components/2026-11-25/c.csv", .components, drop: "2026-11-25", [
            (2, .component(k("C", "rope", "rope", "2026-11-25"))),
        ]))
        // c.csv (11-20) lines 2, 3; then components.csv (undated = 11-21) line 2; its line 3 repeats c.csv line 2.
        #expect(try store.components(asOf: F.day("2026-11-21"))
            == [k("A", "door", "door_operator", "2020-01-01"), k("B", "enc", "encoder", "2018-05-05"),
                k("A", "brake", "brake_pad", "2019-01-01")])
        #expect(try store.components(asOf: F.day("2026-11-25")).last == k("C", "rope", "rope", "2026-11-25"))
    }

    @Test("currentComponents: the latest installation per slot, ties to the later row; as the planner picks it")
    func currentComponents() throws {
        let store = try StateStore()
        func k(_ asset: String, _ slot: String, _ on: String, serial: String = "") -> ComponentInstallation {
            ComponentInstallation(assetID: asset, slot: slot, componentType: "t", installedOn: F.day(on), serial: serial)
        }
        try store.replace(with: F.records("components.csv", .components, drop: nil, [
            (2, .component(k("A", "door", "2020-01-01", serial: "old"))),
            (3, .component(k("A", "door", "2024-06-01", serial: "new"))),     // a replacement: the later date wins
            (4, .component(k("A", "brake", "2021-01-01", serial: "first"))),
            (5, .component(k("A", "brake", "2021-01-01", serial: "second"))), // a tie: the later row wins
            (6, .component(k("B", "enc", "2026-12-01", serial: "future"))),   // installed after the night
            (7, .component(k("B", "enc", "2018-05-05", serial: "only"))),
        ]))
        // A dated file: its rows come before the undated file's (as if dropped on the night) on a tie.
        try store.replace(with: F.records("components/2026-11-20/c.csv", .components, drop: "2026-11-20", [
            (2, .component(k("A", "brake", "2021-01-01", serial: "dated"))),
            (3, .component(k("C", "rope", "2022-02-02", serial: "c"))),
        ]))
        try store.replace(with: F.records("components/2026-11-26/c.csv", .components, drop: "2026-11-26", [
            (2, .component(k("C", "rope", "2025-01-01", serial: "late"))),
        ]))
        for night in ["2026-11-24", "2026-11-30", "2026-12-02"].map(F.day) {
            let expected = TriggerPlanner.currentComponents(try store.components(asOf: night), asOf: night)
            #expect(try store.currentComponents(asOf: night) == expected, "\(night)")
        }
        #expect(try store.currentComponents(asOf: F.day("2026-11-24")).map(\.serial) == ["second", "new", "only", "c"])
        #expect(try store.currentComponents(asOf: F.day("2026-12-02")).map(\.serial) == ["second", "new", "future", "late"])
    }

    @Test("currentComponentsNearestLimit: the current installations with fewest days left, ties by asset and slot")
    func nearestLimit() throws {
        let store = try StateStore()
        func k(_ asset: String, _ slot: String, _ type: String, _ on: String) -> ComponentInstallation {
            ComponentInstallation(assetID: asset, slot: slot, componentType: type, installedOn: F.day(on))
        }
        var rows: [(Int, InputRecord)] = []
        // brake limit 100 days, door 365: days left = limit − (night − installed).
        let installs = [
            k("B", "brake", "brake", "2026-09-01"), k("A", "brake", "brake", "2026-09-01"),  // a tie: A before B
            k("C", "door", "door", "2025-11-01"), k("D", "door", "door", "2026-11-01"),
            k("E", "rope", "rope", "2000-01-01"),                                             // no limit: never listed
            k("F", "brake", "brake", "2026-01-01"), k("F", "brake", "brake", "2026-11-20"),   // replaced: the new one
        ]
        for (i, c) in installs.enumerated() { rows.append((i + 2, .component(c))) }
        try store.replace(with: F.records("components.csv", .components, drop: nil, rows))
        let night = F.day("2026-11-24")
        let limits = ["brake": 100, "door": 365]
        // Worked by hand: C door 365 − 388 = −23; A and B brake 100 − 84 = 16; D door 365 − 23 = 342;
        // F brake (the 11-20 one) 100 − 4 = 96.
        #expect(try store.currentComponentsNearestLimit(asOf: night, limitDays: limits, count: 3).map(\.assetID)
                == ["C", "A", "B"])
        let all = try store.currentComponentsNearestLimit(asOf: night, limitDays: limits, count: 10)
        #expect(all.map(\.assetID) == ["C", "A", "B", "F", "D"])
        #expect(all.first { $0.assetID == "F" }?.installedOn == F.day("2026-11-20"))
        // The same as sorting every current component by days left.
        let reference = try store.currentComponents(asOf: night).filter { limits[$0.componentType] != nil }
            .sorted {
                (limits[$0.componentType]! - night.days(since: $0.installedOn), $0.assetID, $0.slot)
                    < (limits[$1.componentType]! - night.days(since: $1.installedOn), $1.assetID, $1.slot)
            }
        #expect(all == reference)
        #expect(try store.currentComponentsNearestLimit(asOf: night, limitDays: [:], count: 10).isEmpty)
    }

    @Test("failures: visible files, any timestamp, exact repeats once, by time, asset, slot, code")
    func failures() throws {
        let store = try StateStore()
        func f(_ asset: String, _ seconds: Int64, _ slot: String, _ code: String) -> Failure {
            Failure(assetID: asset, ts: Instant(seconds: seconds), slot: slot, faultCode: code)
        }
        try store.replace(with: F.records("failures.csv", .failures, drop: nil, [
            (2, .failure(f("B", 200, "s", "f1"))), (3, .failure(f("A", 200, "s", "f1"))),
            (4, .failure(f("A", 100, "s2", "f9"))), (5, .failure(f("A", 200, "r", "f5"))),
        ]))
        try store.replace(with: F.records("failures/2026-11-20/f.csv", .failures, drop: "2026-11-20", [
            (2, .failure(f("A", 100, "s2", "f9"))), (3, .failure(f("A", 200, "s", "f0"))),
            // After the night: a failure's timestamp does not hide it, only its file's drop date does.
            (4, .failure(f("A", 4_000_000_000, "s", "f0"))),
        ]))
        try store.replace(with: F.records("failures/2026-11-25/f.csv", .failures, drop: "2026-11-25", [
            (2, .failure(f("A", 50, "s", "f0"))),
        ]))
        #expect(try store.failures(asOf: F.day("2026-11-21"))
            == [f("A", 100, "s2", "f9"), f("A", 200, "r", "f5"), f("A", 200, "s", "f0"), f("A", 200, "s", "f1"),
                f("B", 200, "s", "f1"), f("A", 4_000_000_000, "s", "f0")])
        #expect(try store.failures(asOf: F.day("2026-11-25")).first == f("A", 50, "s", "f0"))
    }

    @Test("work-order headers: every visible row, by drop date, path, line")
    func workOrderHeaders() throws {
        let store = try StateStore()
        func w(_ id: String, _ tag: String) -> InputRecord {
            .workOrder(WorkOrderHeader(woID: id, createdAt: Instant(seconds: 0), channel: tag))
        }
        try store.replace(with: F.records("work_orders/2026-11-20/b.csv", .workOrders, drop: "2026-11-20",
                                          [(3, w("W2", "b3")), (2, w("W1", "b2"))]))
        try store.replace(with: F.records("work_orders/2026-11-20/a.csv", .workOrders, drop: "2026-11-20",
                                          [(2, w("W1", "a2"))]))
        try store.replace(with: F.records("work_orders/2026-11-22/a.csv", .workOrders, drop: "2026-11-22",
                                          [(2, w("W1", "late"))]))
        try store.replace(with: F.records("work_orders/2026-11-19/z.csv", .workOrders, drop: "2026-11-19",
                                          [(2, w("W1", "z2"))]))
        try store.replace(with: F.records("work_orders.csv", .workOrders, drop: nil, [(2, w("W3", "u2"))]))
        #expect(try store.workOrderHeaders(asOf: F.day("2026-11-21")).map(\.channel)
            == ["z2", "a2", "b2", "b3", "u2"])
        // As of 11-22 the undated file counts as dropped on 11-22 and sorts before "work_orders/…".
        #expect(try store.workOrderHeaders(asOf: F.day("2026-11-22")).map(\.channel)
            == ["z2", "a2", "b2", "b3", "u2", "late"])
    }

    @Test("events: visible, before the cutoff, by time, ties by drop date, path, line; columns in place")
    func events() throws {
        let store = try StateStore()
        let header = WorkOrderHeader(woID: "W1", createdAt: Instant(seconds: 1), assetID: "EL-1", customerID: "C1",
                                     channel: "phone", faultCode: "F7", kind: "corrective", priority: "high",
                                     engineerID: "ENG-1", description: "stuck")
        func e(_ seconds: Int64, _ note: String, wo: String = "W1") -> InputRecord {
            var h = header
            h.woID = wo
            return .event(WorkOrderEvent(woID: wo, ts: Instant(seconds: seconds), rawStatus: "On site", actor: "ENG-1",
                                         evidence: "photo", note: note), header: h)
        }
        try store.replace(with: F.records("work_order_events/2026-11-20/b.csv", .workOrderEvents, drop: "2026-11-20",
                                          [(3, e(100, "b3")), (2, e(100, "b2")), (4, e(50, "b4", wo: "W2"))]))
        try store.replace(with: F.records("work_order_events/2026-11-20/a.csv", .workOrderEvents, drop: "2026-11-20",
                                          [(2, e(100, "a2"))]))
        try store.replace(with: F.records("work_order_events/2026-11-19/z.csv", .workOrderEvents, drop: "2026-11-19",
                                          [(2, e(100, "z2")), (3, e(300, "z3 at the cutoff"))]))
        try store.replace(with: F.records("work_order_events.csv", .workOrderEvents, drop: nil,
                                          [(3, e(299, "u3")), (2, e(100, "u2"))]))
        try store.replace(with: F.records("work_order_events/2026-11-22/l.csv", .workOrderEvents, drop: "2026-11-22",
                                          [(2, e(10, "late"))]))
        let events = try store.events(asOf: F.day("2026-11-21"), before: Instant(seconds: 300))
        // ts 50; then the five at ts 100 by drop date (11-19, 11-20 a.csv, b.csv lines 2, 3, undated = 11-21); 299.
        #expect(events.map(\.event.note) == ["b4", "z2", "a2", "b2", "b3", "u2", "u3"])
        let first = try #require(events.first)
        #expect(first.event == WorkOrderEvent(woID: "W2", ts: Instant(seconds: 50), rawStatus: "On site",
                                              actor: "ENG-1", evidence: "photo", note: "b4"))
        // The header columns the row carried; its time is the event's (events hold no creation time).
        var expected = header
        expected.woID = "W2"
        expected.createdAt = Instant(seconds: 50)
        #expect(first.header == expected)
        #expect(try store.events(asOf: F.day("2026-11-22"), before: Instant(seconds: 60)).map(\.event.note)
            == ["late", "b4"])
    }
}

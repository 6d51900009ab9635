import Foundation
import PMBatchCore
@testable import PMBatchStore
import Testing
import TestSupport

/// Retired work orders (issue 12), worked by hand: which orders a pass reads, what is kept of the others,
/// how input brings them back, and when a night may retire at all.
@Suite("State store: retired work orders")
struct OrderRetirementQueryTests {
    typealias F = StoreFixture

    static func at(_ seconds: Int64) -> Instant { Instant(seconds: seconds) }

    static func event(_ id: String, _ seconds: Int64, _ status: String = "closed") -> InputRecord {
        .event(WorkOrderEvent(woID: id, ts: at(seconds), rawStatus: status), header: WorkOrderHeader(woID: id,
                                                                                           createdAt: at(0)))
    }

    static func active(_ store: StateStore, asOf: LocalDate) throws -> [String] {
        var ids: [String] = []
        try store.forEachActiveEventStatus(asOf: asOf, before: at(1_000_000)) { ids.append($0.event.woID) }
        return ids
    }

    @Test("retired orders leave the pass, keep their summary, and come back when a file names them")
    func retireAndReactivate() throws {
        let store = try StateStore()
        let night = F.day("2026-11-10")
        try store.replace(with: F.records("e/2026-11-10/a.csv", .workOrderEvents, drop: "2026-11-10", [
            (2, Self.event("W1", 100, "submitted")), (3, Self.event("W1", 200)),
            (4, Self.event("W2", 150, "submitted")), (5, Self.event("W3", 300)),
        ]))
        try store.replace(with: F.records("h/2026-11-10/a.csv", .workOrders, drop: "2026-11-10",
                                          [(2, .workOrder(WorkOrderHeader(woID: "W4", createdAt: Self.at(50))))]))
        try store.retirement(underRules: "d1")
        #expect(try Self.active(store, asOf: night) == ["W1", "W1", "W2", "W3"])
        try store.retire([
            RetiringOrder(woID: "W1", closed: true, createdAt: Self.at(100), finishedAt: Self.at(200),
                          eventsByStatus: ["submitted": 1, "closed": 1]),
            RetiringOrder(woID: "W3", closed: false, createdAt: Self.at(300), finishedAt: Self.at(300),
                          eventsByStatus: ["closed": 1]),
        ])
        #expect(try Self.active(store, asOf: night) == ["W2"])
        #expect(try store.activeHeaderSummaries(asOf: night).map(\.woID) == ["W4"])
        let summary = try store.retiredSummary()
        #expect(summary.orders == 2 && summary.eventsByStatus == ["submitted": 1, "closed": 2])
        #expect(try store.retiredClosed(among: ["W1", "W2", "W3", "X"]) == ["W1"])
        // By time: events in a range, living at an instant (created before it,
        // finished at or after it).
        #expect(try store.retiredOrders(eventsIn: [Self.at(150)..<Self.at(250)], livingAt: [],
                                        asOf: night) == ["W1"])
        #expect(try store.retiredOrders(eventsIn: [], livingAt: [Self.at(150)], asOf: night) == ["W1"])
        #expect(try store.retiredOrders(eventsIn: [], livingAt: [Self.at(250)], asOf: night).isEmpty)
        #expect(try store.retiredOrders(eventsIn: [], livingAt: [Self.at(300)], asOf: night).isEmpty)
        #expect(try store.retiredOrders(eventsIn: [Self.at(0)..<Self.at(1000)], livingAt: [],
                                        asOf: F.day("2026-11-09")).isEmpty)
        // By the creation the retiring pass saw: [from, to).
        #expect(try store.retiredOrders(createdIn: [Self.at(100)..<Self.at(300)]) == ["W1"])
        #expect(try store.retiredOrders(createdIn: [Self.at(0)..<Self.at(100), Self.at(300)..<Self.at(301)]) == ["W3"])
        #expect(try store.retiredOrders(createdIn: [Self.at(101)..<Self.at(300)]).isEmpty)
        // A new file naming W1 brings it back; the same rules keep W3 retired.
        try store.replace(with: F.records("e/2026-11-11/b.csv", .workOrderEvents, drop: "2026-11-11",
                                          [(2, Self.event("W1", 400, "reopened"))]))
        try store.retirement(underRules: "d1")
        #expect(try Self.active(store, asOf: F.day("2026-11-11")) == ["W1", "W1", "W1", "W2"])
        let left = try store.retiredSummary()
        #expect(left.orders == 1 && left.eventsByStatus == ["closed": 1])
        // The first file replaced without W3: W3 comes back too (and is gone from the pass with its rows).
        try store.replace(with: F.records("e/2026-11-10/a.csv", .workOrderEvents, drop: "2026-11-10",
                                          [(2, Self.event("W2", 150, "submitted"))]))
        #expect(try store.retiredSummary().orders == 0 && store.retiredSummary().eventsByStatus.isEmpty)
        // Other rules: everything retired under the old ones is active again.
        try store.retire([RetiringOrder(woID: "W2", closed: false, createdAt: Self.at(150),
                                        finishedAt: Self.at(150), eventsByStatus: ["submitted": 1])])
        #expect(try store.retiredSummary().orders == 1)
        try store.retirement(underRules: "d2")
        #expect(try store.retiredSummary().orders == 0)
        #expect(try Self.active(store, asOf: F.day("2026-11-11")).contains("W2"))
    }

    @Test("a night may retire only when it sees every stored work-order row")
    func seesAll() throws {
        let store = try StateStore()
        let n10 = F.day("2026-11-10")
        try store.replace(with: F.records("e/2026-11-10/a.csv", .workOrderEvents, drop: "2026-11-10",
                                          [(2, Self.event("W1", 100))]))
        #expect(try store.seesAllWorkOrderInput(asOf: n10, before: Self.at(101)))
        #expect(!(try store.seesAllWorkOrderInput(asOf: n10, before: Self.at(100))))
        try store.replace(with: F.records("e/2026-11-12/b.csv", .workOrderEvents, drop: "2026-11-12",
                                          [(2, Self.event("W2", 50))]))
        #expect(!(try store.seesAllWorkOrderInput(asOf: n10, before: Self.at(200))))
        #expect(try store.seesAllWorkOrderInput(asOf: F.day("2026-11-12"), before: Self.at(200)))
        // Other kinds dropped later do not count.
        try store.replace(with: F.telemetry("t/2026-11-20/x.csv", drop: "2026-11-20", [F.alerts("A", "c", "2026-11-19", 1)]))
        #expect(try store.seesAllWorkOrderInput(asOf: F.day("2026-11-12"), before: Self.at(200)))
    }
}

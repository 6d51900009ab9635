import Foundation
import PMBatchCore
@testable import PMBatchStore
import Testing
import TestSupport

/// The KPI cache's reads (issue 12), worked by hand: what a work-order file reaches back to, and what
/// arrived or went since a stamp.
@Suite("State store: the KPI cache's stamps and the work-order input since")
struct KPICacheQueryTests {
    typealias F = StoreFixture

    static func at(_ seconds: Int64) -> Instant { Instant(seconds: seconds) }

    static func header(_ id: String, _ seconds: Int64) -> InputRecord {
        .workOrder(WorkOrderHeader(woID: id, createdAt: at(seconds)))
    }

    static func event(_ id: String, _ seconds: Int64) -> InputRecord {
        .event(WorkOrderEvent(woID: id, ts: at(seconds), rawStatus: "on_site"), header: WorkOrderHeader(woID: id,
                                                                                  createdAt: at(0)))
    }

    /// The file's relevance, in seconds.
    static func relevance(_ store: StateStore, _ path: String) throws -> Int64? {
        try store.read("test") { db in
            try Int64.fetchOne(db, sql: """
                SELECT f.relevance FROM work_order_file f JOIN manifest m ON m.id = f.file_id WHERE m.path = ?
                """, arguments: [path]).map { $0 / 1000 }
        }
    }

    @Test("events count from their own times; a header from its order's earliest stored time")
    func relevanceOfFiles() throws {
        let store = try StateStore()
        try store.replace(with: F.records("e/2026-11-10/a.csv", .workOrderEvents, drop: "2026-11-10",
                                          [(2, Self.event("W1", 500)), (3, Self.event("W2", 300))]))
        try store.replace(with: F.records("h/2026-11-10/a.csv", .workOrders, drop: "2026-11-10",
                                          [(2, Self.header("W1", 400))]))
        #expect(try Self.relevance(store, "e/2026-11-10/a.csv") == 300)
        #expect(try Self.relevance(store, "h/2026-11-10/a.csv") == 400)
        // W1 re-sent with a later creation: it moves an order that lived from 400.
        try store.replace(with: F.records("h/2026-11-15/b.csv", .workOrders, drop: "2026-11-15",
                                          [(2, Self.header("W1", 9_000)), (3, Self.header("W3", 8_000))]))
        #expect(try Self.relevance(store, "h/2026-11-15/b.csv") == 400)
        // W2 known only from events from 300: a header for it reaches back there too.
        try store.replace(with: F.records("h/2026-11-16/c.csv", .workOrders, drop: "2026-11-16",
                                          [(2, Self.header("W2", 9_500))]))
        #expect(try Self.relevance(store, "h/2026-11-16/c.csv") == 300)
        // A late event of an old order counts from its own time only.
        try store.replace(with: F.records("e/2026-11-16/d.csv", .workOrderEvents, drop: "2026-11-16",
                                          [(2, Self.event("W1", 9_900))]))
        #expect(try Self.relevance(store, "e/2026-11-16/d.csv") == 9_900)
        // An empty file reaches nothing; other kinds have no row.
        try store.replace(with: F.records("e/2026-11-17/e.csv", .workOrderEvents, drop: "2026-11-17", []))
        #expect(try Self.relevance(store, "e/2026-11-17/e.csv") == nil)
        try store.replace(with: F.records("assets.csv", .assets, drop: nil, [(2, .asset(Asset(assetID: "A")))]))
        #expect(try store.read("test") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM work_order_file") } == 6)
    }

    @Test("what arrived since a stamp (stored later or dropped after its night), what went, a later stamp")
    func changesSinceAStamp() throws {
        let store = try StateStore()
        let n10 = F.day("2026-11-10"), n12 = F.day("2026-11-12")
        try store.replace(with: F.records("e/2026-11-10/a.csv", .workOrderEvents, drop: "2026-11-10",
                                          [(2, Self.event("W1", 500))]))
        // Stored already, dropped later: invisible to the stamp of the 10th.
        try store.replace(with: F.records("e/2026-11-12/b.csv", .workOrderEvents, drop: "2026-11-12",
                                          [(2, Self.event("W2", 700))]))
        let stamp = try store.kpiCacheStamp(asOf: n10)
        #expect(stamp.files == 1)
        #expect(try store.workOrderInputChanged(since: stamp, asOf: n10) == nil)
        #expect(try store.workOrderInputChanged(since: stamp, asOf: n12) == Self.at(700))
        // A file stored after the stamp; files of other kinds do not count.
        try store.replace(with: F.records("e/2026-11-11/c.csv", .workOrderEvents, drop: "2026-11-11",
                                          [(2, Self.event("W3", 600))]))
        try store.replace(with: F.records("failures.csv", .failures, drop: nil,
                                          [(2, .failure(Failure(assetID: "A", ts: Self.at(1))))]))
        #expect(try store.workOrderInputChanged(since: stamp, asOf: n10) == nil)
        #expect(try store.workOrderInputChanged(since: stamp, asOf: F.day("2026-11-11")) == Self.at(600))
        #expect(try store.workOrderInputChanged(since: stamp, asOf: n12) == Self.at(600))
        // An empty file arriving changes nothing; the file the stamp saw replaced by it is gone: everything.
        let always = Instant(milliseconds: Int64.min)
        try store.replace(with: F.records("e/2026-11-11/d.csv", .workOrderEvents, drop: "2026-11-11", []))
        #expect(try store.workOrderInputChanged(since: stamp, asOf: F.day("2026-11-11")) == Self.at(600))
        try store.replace(with: F.records("e/2026-11-10/a.csv", .workOrderEvents, drop: "2026-11-10", []))
        #expect(try store.workOrderInputChanged(since: stamp, asOf: n10) == always)
        // A stamp of a later night than asked about: nothing it saw can be trusted.
        #expect(try store.workOrderInputChanged(since: try store.kpiCacheStamp(asOf: n12), asOf: n10) == always)
    }

    @Test("entries are kept, replaced by key, and dropped once every period a report shows ends later")
    func entriesKeptAndDropped() throws {
        let store = try StateStore()
        let stamp = try store.kpiCacheStamp(asOf: F.day("2026-11-10"))
        func entry(_ key: String, _ end: Int64, _ figures: String) -> KPICacheEntry {
            KPICacheEntry(key: key, periodEnd: Self.at(end), context: "c", stamp: stamp, figures: Data(figures.utf8))
        }
        try store.storeKPICacheEntries([entry("a", 100, "1"), entry("b", 200, "2"), entry("c", 300, "3")],
                                       droppingBefore: Self.at(0), keep: [])
        #expect(try store.kpiCacheEntries(keys: ["a", "c", "x"]).map(\.key) == ["a", "c"])
        try store.storeKPICacheEntries([entry("c", 300, "3b")], droppingBefore: Self.at(250), keep: ["a"])
        let kept = try store.kpiCacheEntries(keys: ["a", "b", "c"])
        #expect(kept.map(\.key) == ["a", "c"])
        #expect(kept.map { String(decoding: $0.figures, as: UTF8.self) } == ["1", "3b"])
        #expect(kept[0].stamp == stamp && kept[0].periodEnd == Self.at(100) && kept[0].context == "c")
        #expect(try store.kpiCacheEntries(keys: []).isEmpty)
    }
}

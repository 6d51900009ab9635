import PMBatchCore
@testable import PMBatchStore
import Testing

/// The alert queries over one hand-made state. Counts are powers of ten per file, so every sum below says which
/// files it took. Window: local days 2026-11-20 and 11-21; night 2026-11-24 unless said otherwise.
@Suite("State store: alert queries")
struct AlertQueryTests {
    typealias F = StoreFixture

    static let window = F.day("2026-11-20")..<F.day("2026-11-22")
    static let night = F.day("2026-11-24")

    /// f0 first, so alert keys are made in an order unlike the names' (B before A, y before x): a query that
    /// forgot its ORDER BY would list rows in key order.
    static func makeStore() throws -> StateStore {
        let store = try StateStore()
        // f0: in time; only asset B and code y.
        try store.replace(with: F.telemetry("t/2026-11-20/f0.csv", drop: "2026-11-20", [
            F.alerts("B", "y", "2026-11-20", 50)]))
        // f1: in time (dropped on its day); two rows outside the window; another code.
        try store.replace(with: F.telemetry("t/2026-11-20/f1.csv", drop: "2026-11-20", [
            F.alerts("A", "x", "2026-11-20", 1), F.alerts("A", "x", "2026-11-19", 7_000_000),
            F.alerts("A", "x", "2026-11-22", 8_000_000), F.alerts("A", "y", "2026-11-20", 7)]))
        // f2: dropped on 11-22, after the days of its alerts (a late drop).
        try store.replace(with: F.telemetry("t/2026-11-22/f2.csv", drop: "2026-11-22", [
            F.alerts("A", "x", "2026-11-20", 10), F.alerts("A", "x", "2026-11-21", 20),
            F.alerts("A", "x", "2026-11-19", 3), F.alerts("A", "x", "2026-11-22", 40),
            F.alerts("B", "x", "2026-11-20", 5)]))
        // f3: dropped on its day, but a fixed file that arrived after night 11-21 was evaluated.
        try store.replace(with: F.telemetry("t/2026-11-21/f3.csv", drop: "2026-11-21",
                                            arrival: .fixed(after: F.day("2026-11-21")), [
            F.alerts("A", "x", "2026-11-21", 100)]))
        // f4: outside a dated folder (visible on every night, in time).
        try store.replace(with: F.telemetry("t/undated.csv", drop: nil, [F.alerts("A", "x", "2026-11-21", 1_000)]))
        // f5: dropped before its day (in time).
        try store.replace(with: F.telemetry("t/2026-11-19/f5.csv", drop: "2026-11-19", [
            F.alerts("A", "x", "2026-11-21", 10_000)]))
        // f6: dropped after the night: invisible on 11-24.
        try store.replace(with: F.telemetry("t/2026-11-25/f6.csv", drop: "2026-11-25", [
            F.alerts("A", "x", "2026-11-21", 5_000_000)]))
        // f7: a new file that came after night 11-23 was evaluated; its path sorts first of the late ones.
        try store.replace(with: F.telemetry("t/2026-11-20/0-late.csv", drop: "2026-11-20",
                                            arrival: .late(after: F.day("2026-11-23")), [
            F.alerts("A", "x", "2026-11-20", 200_000)]))
        return store
    }

    @Test("alert counts (aggregates counted by the index): visible files, window days, listed codes; in time only drops late drops and late arrivals")
    func alertCounts() throws {
        let store = try Self.makeStore()
        // A: f1 1 + f2 (10 + 20) + f3 100 + f4 1 000 + f5 10 000 + f7 200 000 = 211 131; B: f2 5.
        #expect(try F.alertCounts(store, codes: ["x"], days: Self.window, asOf: Self.night) == ["A": 211_131, "B": 5])
        // In time: f1 1 + f4 1 000 + f5 10 000 = 11 001 (not f2, dropped after its days; not f3, fixed; not f7,
        // late). B's only alerts came late: absent, not 0.
        #expect(try F.alertCounts(store, codes: ["x"], days: Self.window, asOf: Self.night, inTimeOnly: true)
            == ["A": 11_001])
        // Two codes on 11-20 only: A f1 1 + f2 10 + f7 200 000 + y 7 = 200 018; B f2 5 + f0 50 = 55.
        #expect(try F.alertCounts(store, codes: ["x", "y"], days: Self.window.lowerBound..<F.day("2026-11-21"),
                                      asOf: Self.night) == ["A": 200_018, "B": 55])
        // Night 11-21: f2 (11-22) is not dropped yet: A 1 + 100 + 1 000 + 10 000 + 200 000 = 211 101.
        #expect(try F.alertCounts(store, codes: ["x"], days: Self.window, asOf: F.day("2026-11-21"))
            == ["A": 211_101])
        // Night 11-25: f6 too: 211 131 + 5 000 000.
        #expect(try F.alertCounts(store, codes: ["x"], days: Self.window, asOf: F.day("2026-11-25"))["A"] == 5_211_131)
        #expect(try F.alertCounts(store, codes: [], days: Self.window, asOf: Self.night).isEmpty)
        #expect(try F.alertCounts(store, codes: ["nope"], days: Self.window, asOf: Self.night).isEmpty)
    }

    @Test("lateAlertSources: the files of an asset's window alerts that were not there on their night, by path")
    func lateAlertSources() throws {
        let store = try Self.makeStore()
        let sources = try store.lateAlertSources(codes: ["x"], days: Self.window, asOf: Self.night, assetID: "A")
        #expect(sources == [
            LateAlertSource(path: "t/2026-11-20/0-late.csv", dropDate: F.day("2026-11-20"),
                            arrival: .late(after: F.day("2026-11-23")), firstDay: F.day("2026-11-20"), alerts: 200_000),
            LateAlertSource(path: "t/2026-11-21/f3.csv", dropDate: F.day("2026-11-21"),
                            arrival: .fixed(after: F.day("2026-11-21")), firstDay: F.day("2026-11-21"), alerts: 100),
            // Its window days only (not 11-19 or 11-22), and A's rows only (not B's 5): 10 + 20 from 11-20.
            LateAlertSource(path: "t/2026-11-22/f2.csv", dropDate: F.day("2026-11-22"), arrival: .inTime,
                            firstDay: F.day("2026-11-20"), alerts: 30),
        ])
        // B's one late file; on night 11-21 f2 is not visible yet.
        #expect(try store.lateAlertSources(codes: ["x"], days: Self.window, asOf: Self.night, assetID: "B")
            .map(\.alerts) == [5])
        #expect(try store.lateAlertSources(codes: ["x"], days: Self.window, asOf: F.day("2026-11-21"), assetID: "A")
            .map(\.path) == ["t/2026-11-20/0-late.csv", "t/2026-11-21/f3.csv"])
        #expect(try store.lateAlertSources(codes: ["y"], days: Self.window, asOf: Self.night, assetID: "A").isEmpty)
    }

    @Test("alertTotals: per (asset, code) over the window's days, visible files, by asset then code")
    func alertTotals() throws {
        let store = try Self.makeStore()
        let totals = try store.alertTotals(days: Self.window, asOf: Self.night)
            .map { "\($0.assetID) \($0.code) \($0.count)" }
        #expect(totals == ["A x 211131", "A y 7", "B x 5", "B y 50"])
    }

    @Test("dailyAlerts: per (asset, code, day) summed over files, by asset, code, day; one asset on request")
    func dailyAlerts() throws {
        let store = try Self.makeStore()
        let rows = try store.dailyAlerts(days: Self.window, asOf: Self.night)
        // A x 11-20: f1 1 + f2 10 + f7 200 000; A x 11-21: f2 20 + f3 100 + f4 1 000 + f5 10 000 (not f6).
        #expect(rows.map { "\($0.assetID) \($0.code) \($0.day) \($0.count)" } == [
            "A x 2026-11-20 200011", "A x 2026-11-21 11120", "A y 2026-11-20 7", "B x 2026-11-20 5",
            "B y 2026-11-20 50",
        ])
        #expect(try store.dailyAlerts(days: Self.window, asOf: Self.night, assetID: "B").map(\.count) == [5, 50])
        #expect(try store.dailyAlerts(days: Self.window, asOf: Self.night, assetID: "nobody").isEmpty)
    }

    @Test("dailyAlerts: value statistics combine over files")
    func dailyValueStatistics() throws {
        let store = try StateStore()
        let day = F.day("2026-11-20")
        try store.replace(with: F.telemetry("t/a.csv", drop: nil, [
            TelemetryDayCount(assetID: "A", code: "temp", day: day, count: 3, valueCount: 2, valueMin: 1.5,
                              valueMax: 4, valueSum: 5.5)]))
        try store.replace(with: F.telemetry("t/b.csv", drop: nil, [
            TelemetryDayCount(assetID: "A", code: "temp", day: day, count: 1, valueCount: 1, valueMin: 6,
                              valueMax: 6, valueSum: 6)]))
        let row = try #require(try store.dailyAlerts(days: day..<day.adding(days: 1), asOf: day).first)
        // count 3 + 1; values 2 + 1, min(1.5, 6), max(4, 6), sum 5.5 + 6.
        #expect(row == TelemetryDayCount(assetID: "A", code: "temp", day: day, count: 4, valueCount: 3,
                                         valueMin: 1.5, valueMax: 6, valueSum: 11.5))
        // A third file whose rows carried no value (the ingest stores min = max = 0 for them).
        try store.replace(with: F.telemetry("t/c.csv", drop: nil, [
            TelemetryDayCount(assetID: "A", code: "temp", day: day, count: 2)]))
        let combined = try #require(try store.dailyAlerts(days: day..<day.adding(days: 1), asOf: day).first)
        #expect(combined.count == 6 && combined.valueCount == 3 && combined.valueSum == 11.5)
        // Its 0 is no value: min and max stay those of the rows that carried one.
        #expect(combined.valueMin == 1.5 && combined.valueMax == 6)
    }

    @Test("alertAggregates (backtest): per (asset, code, day, drop date), listed codes, window, visible files")
    func alertAggregates() throws {
        let store = try Self.makeStore()
        typealias A = AlertCountIndex.Aggregate
        // No ORDER BY: the backtest indexes them, so compare as a set. A repeated code counts once; f6 is not
        // visible; rows outside the window and of code y are not asked for.
        let aggregates = try store.alertAggregates(codes: ["x", "x"], days: Self.window, asOf: Self.night)
        #expect(aggregates.count == 8)
        #expect(Set(aggregates) == [
            // f1 and f7 share the drop date 11-20, but f7 arrived after its night was evaluated: two aggregates.
            A(assetID: "A", code: "x", day: F.day("2026-11-20"), dropDate: F.day("2026-11-20"), count: 1),
            A(assetID: "A", code: "x", day: F.day("2026-11-20"), dropDate: F.day("2026-11-20"), count: 200_000,
              arrivedLate: true),
            A(assetID: "A", code: "x", day: F.day("2026-11-20"), dropDate: F.day("2026-11-22"), count: 10),
            A(assetID: "A", code: "x", day: F.day("2026-11-21"), dropDate: F.day("2026-11-22"), count: 20),
            A(assetID: "A", code: "x", day: F.day("2026-11-21"), dropDate: F.day("2026-11-21"), count: 100,
              arrivedLate: true),
            A(assetID: "A", code: "x", day: F.day("2026-11-21"), dropDate: nil, count: 1_000),
            A(assetID: "A", code: "x", day: F.day("2026-11-21"), dropDate: F.day("2026-11-19"), count: 10_000),
            A(assetID: "B", code: "x", day: F.day("2026-11-20"), dropDate: F.day("2026-11-22"), count: 5),
        ])
        #expect(Set(try store.alertAggregates(codes: ["y"], days: Self.window, asOf: Self.night).map(\.count))
            == [7, 50])
        #expect(try store.alertAggregates(codes: [], days: Self.window, asOf: Self.night).isEmpty)
    }
}

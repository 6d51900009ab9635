import PMBatchCore
import PMBatchStore
import Testing

private func entry(_ path: String, _ kind: FileKind, drop: String?, hash: String = "h1") -> ManifestEntry {
    ManifestEntry(path: path, kind: kind, size: 10, modificationTime: 1, contentHash: hash,
                  dropDate: drop.flatMap { LocalDate($0) }, status: .ok, rowsRead: 1)
}

/// Alerts per asset of `codes` over `days` as the night `asOf` counts them: the store's aggregates, counted
/// by Core's index (the one path the triggers and the backtest share).
private func alertCounts(_ store: StateStore, codes: [String], days: Range<LocalDate>, asOf: LocalDate) throws
    -> [String: Int64]
{
    AlertCountIndex(try store.alertAggregates(codes: codes, days: days, asOf: asOf))
        .counts(codes: codes, days: days, droppedBy: asOf)
}

private func header(_ id: String, channel: String, at seconds: Int64 = 0) -> WorkOrderHeader {
    WorkOrderHeader(woID: id, createdAt: Instant(seconds: seconds), channel: channel)
}

@Suite("State store")
struct StateStoreTests {
    @Test("a replaced file's old rows are gone; the manifest keeps one entry per path")
    func replace() throws {
        let store = try StateStore()
        let day = LocalDate("2026-11-20")!
        let path = "telemetry/2026-11-20/a.csv"
        try store.replace(with: FileContribution(
            entry: entry(path, .telemetry, drop: "2026-11-20"),
            telemetry: [TelemetryDayCount(assetID: "A", code: "x", day: day, count: 5)]))
        try store.replace(with: FileContribution(
            entry: entry(path, .telemetry, drop: "2026-11-20", hash: "h2"),
            telemetry: [TelemetryDayCount(assetID: "A", code: "x", day: day, count: 2)],
            quarantined: [QuarantinedRow(file: path, line: 3, field: "ts", reason: .badTimestamp, detail: "bad",
                                         raw: "x")],
            quarantineCounts: [.badTimestamp: 1]))
        #expect(try alertCounts(store, codes: ["x"], days: day..<day.adding(days: 1), asOf: day) == ["A": 2])
        #expect(try store.manifest().map(\.contentHash) == ["h2"])
        #expect(try store.quarantineTallies().map(\.count) == [1])
        #expect(try store.quarantinedRows().map(\.line) == [3])
    }

    @Test("a rejected file removes its earlier contribution and is marked for retry")
    func rejected() throws {
        let store = try StateStore()
        let day = LocalDate("2026-11-20")!
        try store.replace(with: FileContribution(
            entry: entry("t/a.csv", .telemetry, drop: "2026-11-20"),
            telemetry: [TelemetryDayCount(assetID: "A", code: "x", day: day, count: 5)]))
        var bad = entry("t/a.csv", .telemetry, drop: "2026-11-20", hash: "h9")
        bad.error = "truncated"
        try store.recordRejected(bad)
        #expect(try alertCounts(store, codes: ["x"], days: day..<day.adding(days: 1), asOf: day).isEmpty)
        #expect(try store.manifest().map(\.status) == [.rejected])
    }

    @Test("alert counts see only files dropped by the night and days in the window")
    func visibility() throws {
        let store = try StateStore()
        let d20 = LocalDate("2026-11-20")!
        try store.replace(with: FileContribution(
            entry: entry("t/20/a.csv", .telemetry, drop: "2026-11-20"),
            telemetry: [TelemetryDayCount(assetID: "A", code: "x", day: d20, count: 1),
                        TelemetryDayCount(assetID: "A", code: "y", day: d20, count: 7)]))
        try store.replace(with: FileContribution(
            entry: entry("t/25/late.csv", .telemetry, drop: "2026-11-25"),
            telemetry: [TelemetryDayCount(assetID: "A", code: "x", day: d20, count: 10)]))
        try store.replace(with: FileContribution(
            entry: entry("t/undated.csv", .telemetry, drop: nil),
            telemetry: [TelemetryDayCount(assetID: "B", code: "x", day: d20.adding(days: 1), count: 3)]))
        let window = d20..<d20.adding(days: 5)
        #expect(try alertCounts(store, codes: ["x"], days: window, asOf: LocalDate("2026-11-24")!) == ["A": 1, "B": 3])
        #expect(try alertCounts(store, codes: ["x"], days: window, asOf: LocalDate("2026-11-25")!) == ["A": 11, "B": 3])
        #expect(try alertCounts(store, codes: ["x", "y"], days: d20..<d20.adding(days: 1),
                                      asOf: LocalDate("2026-11-24")!) == ["A": 8])
    }

    @Test("work-order headers come oldest drop first, so the latest drop wins when built into a history")
    func latestDropWins() throws {
        let store = try StateStore()
        try store.replace(with: FileContribution(
            entry: entry("work_orders/2026-11-21/w.csv", .workOrders, drop: "2026-11-21"),
            records: [(2, .workOrder(header("W1", channel: "email")))]))
        try store.replace(with: FileContribution(
            entry: entry("work_orders/2026-11-20/w.csv", .workOrders, drop: "2026-11-20"),
            records: [(2, .workOrder(header("W1", channel: "phone")))]))
        let asOf = LocalDate("2026-11-24")!
        let history = WorkOrderHistory.build(headers: try store.workOrderHeaders(asOf: asOf), events: [],
                                             rules: RuleSet())
        #expect(history.orders.map(\.header.channel) == ["email"])
        let earlier = WorkOrderHistory.build(headers: try store.workOrderHeaders(asOf: LocalDate("2026-11-20")!),
                                             events: [], rules: RuleSet())
        #expect(earlier.orders.map(\.header.channel) == ["phone"])
    }

    @Test("a night is recorded once; IDs continue from the highest issued for the date")
    func nights() throws {
        let store = try StateStore()
        let night = LocalDate("2026-11-24")!
        let order = PreventiveWorkOrder(
            id: "WD2026112400007", night: night, ruleID: "r", ruleKind: .alert, triggerKey: "k", assetID: "A",
            siteID: "S", customerID: "C", skill: "s", evidence: "e", action: "a", priority: "normal", engineerID: "",
            dueDate: night.adding(days: 7), alertCodes: ["x"], alertDays: night..<night.adding(days: 1))
        try store.recordNight(night, plan: NightPlan(workOrders: [order]), rulesDigest: "d")
        #expect(try store.lastSequence(prefix: "WD", date: night) == 7)
        #expect(try store.lastSequence(prefix: "PR", date: night) == 0)
        #expect(try store.preventiveWorkOrders() == [order])
        #expect(throws: StoreError.self) { try store.recordNight(night, plan: NightPlan(), rulesDigest: "d") }
    }

    @Test("known codes and component types are those of the files visible as of the night")
    func knownNames() throws {
        let store = try StateStore()
        let d20 = LocalDate("2026-11-20")!
        try store.replace(with: FileContribution(
            entry: entry("t/20/a.csv", .telemetry, drop: "2026-11-20"),
            telemetry: [TelemetryDayCount(assetID: "A", code: "door_open_delay", day: d20, count: 1),
                        TelemetryDayCount(assetID: "B", code: "door_open_delay", day: d20, count: 2),
                        TelemetryDayCount(assetID: "A", code: "alarm", day: d20.adding(days: -40), count: 1)]))
        try store.replace(with: FileContribution(
            entry: entry("t/25/b.csv", .telemetry, drop: "2026-11-25"),
            telemetry: [TelemetryDayCount(assetID: "A", code: "overload", day: d20, count: 4)]))
        // Dropped on the 20th, but dated after it (a clock running ahead): not before the night's cutoff.
        try store.replace(with: FileContribution(
            entry: entry("t/20/c.csv", .telemetry, drop: "2026-11-20"),
            telemetry: [TelemetryDayCount(assetID: "A", code: "future", day: d20.adding(days: 1), count: 1)]))
        #expect(try store.knownAlertCodes(asOf: d20) == ["alarm", "door_open_delay"])
        #expect(try store.knownAlertCodes(asOf: LocalDate("2026-11-25")!)
            == ["alarm", "door_open_delay", "future", "overload"])
        #expect(try store.knownAlertCodes(asOf: d20.adding(days: -1)).isEmpty)
        // A replaced file's codes go with it, although the code keys stay.
        try store.replace(with: FileContribution(
            entry: entry("t/25/b.csv", .telemetry, drop: "2026-11-25", hash: "h2"),
            telemetry: [TelemetryDayCount(assetID: "A", code: "door_open_delay", day: d20, count: 4)]))
        #expect(try store.knownAlertCodes(asOf: LocalDate("2026-11-25")!) == ["alarm", "door_open_delay", "future"])

        func component(_ type: String, _ installed: String) -> InputRecord {
            .component(ComponentInstallation(assetID: "A", slot: type, componentType: type,
                                             installedOn: LocalDate(installed)!))
        }
        try store.replace(with: FileContribution(
            entry: entry("components.csv", .components, drop: nil),
            records: [(2, component("encoder", "2019-01-01")), (3, component("brake_pad", "2027-01-01")),
                      (4, component("encoder", "2020-01-01"))]))
        try store.replace(with: FileContribution(
            entry: entry("components/2026-11-25/c.csv", .components, drop: "2026-11-25"),
            records: [(2, component("rope", "2026-11-25"))]))
        #expect(try store.knownComponentTypes(asOf: d20) == ["brake_pad", "encoder"])
        #expect(try store.knownComponentTypes(asOf: LocalDate("2026-11-25")!) == ["brake_pad", "encoder", "rope"])
    }

    @Test("suppressed triggers are counted by rule over a range of nights")
    func suppressedCounts() throws {
        let store = try StateStore()
        func suppressed(_ night: LocalDate, _ rule: String, _ asset: String) -> SuppressedTrigger {
            SuppressedTrigger(night: night, ruleID: rule, triggerKey: "\(rule)|\(asset)", assetID: asset, siteID: "S",
                              skill: "s", evidence: "e", blockingID: "WD1")
        }
        let d20 = LocalDate("2026-11-20")!, d21 = d20.adding(days: 1), d22 = d20.adding(days: 2)
        try store.recordNight(d20, plan: NightPlan(suppressed: [suppressed(d20, "b", "A")]), rulesDigest: "d")
        try store.recordNight(d21, plan: NightPlan(suppressed: [suppressed(d21, "b", "A"), suppressed(d21, "a", "B"),
                                                                suppressed(d21, "b", "C")]), rulesDigest: "d")
        try store.recordNight(d22, plan: NightPlan(suppressed: [suppressed(d22, "a", "A")]), rulesDigest: "d")
        #expect(try store.suppressedTriggerCounts(nights: d21...d22).map { "\($0.ruleID)=\($0.count)" }
            == ["a=2", "b=2"])
        #expect(try store.suppressedTriggerCounts(nights: d20...d20).map { "\($0.ruleID)=\($0.count)" } == ["b=1"])
        #expect(try store.suppressedTriggerCounts(nights: d22.adding(days: 1)...d22.adding(days: 9)).isEmpty)
    }
}

import PMBatchCore
import Testing

private func day(_ text: String) -> LocalDate { LocalDate(text)! }
private func at(_ text: String) -> Instant {
    // "YYYY-MM-DDTHH:MM" in UTC.
    let d = LocalDate(text.prefix(10))!
    let h = Int64(text.dropFirst(11).prefix(2))!, m = Int64(text.dropFirst(14).prefix(2))!
    return Instant(utcMidnightOf: d).adding(milliseconds: (h * 60 + m) * 60_000)
}

private func aggregate(_ asset: String, _ d: String, _ count: Int64 = 1, code: String = "x",
                       dropped: String? = nil) -> AlertCountIndex.Aggregate {
    AlertCountIndex.Aggregate(assetID: asset, code: code, day: day(d), dropDate: day(dropped ?? d), count: count)
}

/// "x" alerts over one day, more than `moreThan` → an order due in 7 days.
private func rules(moreThan: Int = 0, window: AlertWindow = .rolling(days: 1)) -> RuleSet {
    RuleSet(alertRules: [AlertRule(id: "x-alerts", codes: ["x"], window: window, moreThan: moreThan,
                                   work: RuleAction(skill: "s", dueIn: DayCount(days: 7)))])
}

/// The hand-made January 2026 timeline (UTC), four assets:
/// - A: 1 alert on 01-05 → order on night 01-05, created 01-06T00:00. A fails 01-13T00:00, exactly one
///   horizon (7 d) later: caught ([t − 7 d, t) includes the creation), lead 168 h, a true alarm
///   ((created, created + 7 d] includes t). A fails again 01-20T00:00, 14 days after: missed.
/// - B: 2 alerts on 01-10 → created 01-11T00:00; B fails 01-11T12:00 and 01-12T00:00: two failures
///   caught by one alarm (leads 12 h and 24 h), one true alarm.
/// - C: 3 alerts on 01-15 → created 01-16T00:00; C never fails: a false alarm.
/// - D: fails 01-01T10:00, during the first night, before any order could exist: missed.
/// A failure on 2025-12-31 lies before the period and does not count.
/// Overall: 5 failures, 3 caught → recall 0.6; 3 alarms, 2 true → precision 2/3; alarms per asset-month
/// 3 ÷ (4 × 31 ÷ 30) = 0.7258…; lead times {12, 24, 168} → min 12, median 24, p90 (3rd of 3) 168.
private let timeline = BacktestData(
    assets: ["A", "B", "C", "D"].map { Asset(assetID: $0) },
    components: [],
    failures: [
        Failure(assetID: "A", ts: at("2026-01-13T00:00")), Failure(assetID: "A", ts: at("2026-01-20T00:00")),
        Failure(assetID: "B", ts: at("2026-01-11T12:00")), Failure(assetID: "B", ts: at("2026-01-12T00:00")),
        Failure(assetID: "D", ts: at("2026-01-01T10:00")), Failure(assetID: "D", ts: at("2025-12-31T10:00")),
    ],
    alerts: AlertCountIndex([aggregate("A", "2026-01-05"), aggregate("B", "2026-01-10", 2),
                             aggregate("C", "2026-01-15", 3)]))

@Suite("Backtest")
struct BacktestTests {
    @Test("the hand-made timeline: horizon edge, two failures for one alarm, a false alarm, an early failure")
    func timelineScore() throws {
        let result = try Backtest.run(rules: rules(), data: timeline, from: day("2026-01-01"), to: day("2026-01-31"),
                                      horizonDays: 7)
        #expect(result.workOrders.map(\.assetID) == ["A", "B", "C"])
        #expect(result.workOrders.map(\.night) == [day("2026-01-05"), day("2026-01-10"), day("2026-01-15")])
        let s = result.overall
        #expect(s.failures == 5)
        #expect(s.caught == 3)
        #expect(s.recall == 0.6)
        #expect(s.alarms == 3)
        #expect(s.trueAlarms == 2)
        #expect(s.precision == 2.0 / 3.0)
        #expect(abs(s.alarmsPerAssetMonth! - 3.0 / (4.0 * 31.0 / 30.0)) < 1e-12)
        #expect(s.leadTimeHours == LeadTimeSummary(hours: [12, 24, 168]))
        #expect(s.leadTimeHours.min == 12)
        #expect(s.leadTimeHours.median == 24)
        #expect(s.leadTimeHours.p90 == 168)
        #expect(s.missed.map(\.assetID) == ["D", "A"])
        #expect(result.rules.map(\.id) == ["x-alerts"])
        #expect(result.rules[0].score == s)
    }

    @Test("edges: a failure at the creation instant is not caught; one a millisecond past the horizon neither")
    func edges() {
        let order = PreventiveWorkOrder(id: "WD1", night: day("2026-01-05"), ruleID: "r", ruleKind: .alert,
                                        triggerKey: "k", assetID: "A", siteID: "", customerID: "", skill: "",
                                        evidence: "", action: "", priority: "", engineerID: "",
                                        dueDate: day("2026-01-12"))
        let created = at("2026-01-06T00:00")
        for (offset, caught) in [(Int64(0), false), (1, true), (7 * 86_400_000, true), (7 * 86_400_000 + 1, false)] {
            let scorer = BacktestScorer(from: day("2026-01-01"), to: day("2026-01-31"), horizonDays: 7, zone: .utc,
                                        assetCount: 1, failures: [Failure(assetID: "A", ts: created.adding(milliseconds: offset))])
            let s = scorer.score([order])
            #expect(s.caught == (caught ? 1 : 0), "offset \(offset)")
            #expect(s.trueAlarms == (caught ? 1 : 0), "offset \(offset)")
        }
    }

    @Test("a batch order counts for every asset it lists")
    func batchAssets() {
        let order = PreventiveWorkOrder(id: "WD1", night: day("2026-01-05"), ruleID: "b", ruleKind: .batchAge,
                                        triggerKey: "k", assetID: "A", siteID: "", customerID: "",
                                        relatedAssets: ["A", "B"], skill: "", evidence: "", action: "",
                                        priority: "", engineerID: "", dueDate: day("2026-01-12"))
        let scorer = BacktestScorer(from: day("2026-01-01"), to: day("2026-01-31"), horizonDays: 7, zone: .utc,
                                    assetCount: 2, failures: [Failure(assetID: "B", ts: at("2026-01-07T00:00"))])
        let s = scorer.score([order])
        #expect(s.caught == 1)
        #expect(s.trueAlarms == 1)
        #expect(s.leadTimeHours.median == 24)
    }

    @Test("a night's orders do not see an aggregate dropped the next day")
    func lateDrop() {
        // The alert happened on 01-05 but its file was dropped on 01-06: night 01-05 sees nothing; with a
        // 2-day window, night 01-06 sees it and orders.
        let data = BacktestData(assets: [Asset(assetID: "A")], components: [], failures: [],
                                alerts: AlertCountIndex([aggregate("A", "2026-01-05", dropped: "2026-01-06")]))
        #expect(data.alerts.count(codes: ["x"], assetID: "A", days: day("2026-01-05")..<day("2026-01-06"),
                                  droppedBy: day("2026-01-05")) == 0)
        #expect(data.alerts.count(codes: ["x"], assetID: "A", days: day("2026-01-05")..<day("2026-01-06"),
                                  droppedBy: day("2026-01-06")) == 1)
        let orders = BacktestReplay.workOrders(rules: rules(window: .rolling(days: 2)), data: data,
                                               from: day("2026-01-01"), to: day("2026-01-10"))
        #expect(orders.map(\.night) == [day("2026-01-06")])
        let oneDay = BacktestReplay.workOrders(rules: rules(), data: data, from: day("2026-01-01"), to: day("2026-01-10"))
        #expect(oneDay.isEmpty)
    }

    @Test("the index agrees with a plain sum over every aggregate")
    func indexAgreesWithPlainSum() {
        var random = SplitMix(seed: 42)
        var aggregates: [AlertCountIndex.Aggregate] = []
        let base = day("2026-03-01")
        for _ in 0..<2_000 {
            let d = base.adding(days: random.next(60))
            let drop: LocalDate? = random.next(10) == 0 ? nil : d.adding(days: random.next(4) - 1)
            aggregates.append(AlertCountIndex.Aggregate(
                assetID: "A\(random.next(5))", code: ["x", "y", "z"][random.next(3)], day: d, dropDate: drop,
                count: Int64(1 + random.next(5))))
        }
        let index = AlertCountIndex(aggregates)
        for _ in 0..<500 {
            let night = base.adding(days: random.next(70))
            let lo = night.adding(days: -random.next(40))
            let codes = [["x"], ["x", "y"], ["z", "y", "x"]][random.next(3)]
            let asset = "A\(random.next(5))"
            let expected = aggregates.filter {
                $0.assetID == asset && codes.contains($0.code) && $0.day >= lo && $0.day <= night
                    && ($0.dropDate.map { $0 <= night } ?? true)
            }.reduce(0) { $0 + $1.count }
            let days = lo..<night.adding(days: 1)
            #expect(index.count(codes: codes, assetID: asset, days: days, droppedBy: night) == expected)
            #expect((index.counts(codes: codes, days: days, droppedBy: night, moreThan: 0)[asset] ?? 0) == expected)
        }
    }

    @Test("the trimmed replay gives exactly what the planner gives on full inputs every night")
    func replayMatchesFullPlanner() {
        var random = SplitMix(seed: 7)
        let assets = (0..<12).map { Asset(assetID: "M\($0)", siteID: "S\($0 % 3)") }
        var aggregates: [AlertCountIndex.Aggregate] = []
        let start = day("2026-01-01")
        for _ in 0..<600 {
            let d = start.adding(days: random.next(120))
            aggregates.append(AlertCountIndex.Aggregate(
                assetID: "M\(random.next(12))", code: ["e1", "e2"][random.next(2)], day: d,
                dropDate: d.adding(days: random.next(3)), count: Int64(1 + random.next(3))))
        }
        var components: [ComponentInstallation] = []
        for a in 0..<12 {
            for slot in ["s1", "s2"] {
                var installed = start.adding(days: -400 + random.next(300))
                // Pumps are replaced now and then; encoders stay, so their batches age together.
                for _ in 0..<(slot == "s1" ? 3 : 1) {
                    components.append(ComponentInstallation(assetID: "M\(a)", slot: slot,
                                                            componentType: slot == "s1" ? "pump" : "encoder",
                                                            installedOn: installed, batchCode: "B\(random.next(2))"))
                    installed = installed.adding(days: 60 + random.next(120))
                }
            }
        }
        let work = RuleAction(skill: "mech", dueIn: DayCount(days: 5))
        let ruleSet = RuleSet(
            alertRules: [AlertRule(id: "a-month", codes: ["e1"], window: .calendarMonth, moreThan: 4, work: work),
                         AlertRule(id: "b-roll", codes: ["e1", "e2"], window: .rolling(days: 3), moreThan: 3,
                                   work: RuleAction(skill: "elec", dueIn: DayCount(days: 2)))],
            ageRules: [AgeRule(id: "pump-age", componentType: "pump", minAge: DayCount(days: 200), work: work)],
            batchAgeRules: [BatchAgeRule(id: "enc-batch", componentType: "encoder", minAge: DayCount(days: 250),
                                         minCount: 2, work: RuleAction(skill: "drive", dueIn: DayCount(days: 10)))])
        let data = BacktestData(assets: assets, components: components, failures: [],
                                alerts: AlertCountIndex(aggregates))
        let from = start.adding(days: 10), to = start.adding(days: 130)
        let trimmed = BacktestReplay.workOrders(rules: ruleSet, data: data, from: from, to: to)

        var full: [PreventiveWorkOrder] = []
        var night = from
        while night <= to {
            var counts: [String: [String: Int64]] = [:]
            for rule in ruleSet.alertRules {
                var perAsset: [String: Int64] = [:]
                for a in aggregates where rule.codes.contains(a.code) && rule.window.days(asOf: night).contains(a.day)
                    && a.dropDate! <= night {
                    perAsset[a.assetID, default: 0] += a.count
                }
                counts[rule.id] = perAsset
            }
            let closed = Set(full.filter { $0.dueDate <= night }.map(\.id))
            full += TriggerPlanner.plan(NightInputs(
                asOf: night, rules: ruleSet, assets: assets, components: components, engineers: [], parts: [],
                alertCounts: counts, issued: full, closedIDs: closed)).workOrders
            night = night.adding(days: 1)
        }
        #expect(!full.isEmpty)
        #expect(Set(full.map(\.ruleID)) == ["a-month", "b-roll", "pump-age", "enc-batch"])
        #expect(trimmed == full)
    }

    @Test("a sweep's table matches separate single-threshold runs; the Pareto front is marked")
    func sweepMatchesSingleRuns() throws {
        let from = day("2026-01-01"), to = day("2026-01-31")
        let result = try Backtest.run(rules: rules(), data: timeline, from: from, to: to, horizonDays: 7,
                                      sweeps: [BacktestSweep(parsing: "x-alerts=0..3")])
        #expect(result.sweep.map(\.threshold) == [0, 1, 2, 3])
        #expect(result.sweep.map(\.thresholdName) == ["more_than", "more_than", "more_than", "more_than"])
        for point in result.sweep {
            let single = try Backtest.run(rules: rules(moreThan: point.threshold), data: timeline, from: from, to: to,
                                          horizonDays: 7)
            #expect(point.score == single.rules[0].score)
            #expect(point.overall == single.overall)
        }
        // 0: A, B, C order (recall 0.6); 1: B, C (B's two failures, 0.4); 2: C only (0); 3: none (0, no alarms).
        #expect(result.sweep.map(\.score.alarms) == [3, 2, 1, 0])
        #expect(result.sweep.map(\.score.caught) == [3, 2, 0, 0])
        // 2 has the recall of 3 with more alarms: dominated.
        #expect(result.sweep.map(\.paretoOptimal) == [true, true, false, true])
    }

    @Test("sweep parsing", arguments: [
        ("r=1..5", BacktestSweep(ruleID: "r", low: 1, high: 5, step: 1)),
        ("door-open=0..30:5", BacktestSweep(ruleID: "door-open", low: 0, high: 30, step: 5)),
    ])
    func sweepParsing(text: String, expected: BacktestSweep) throws {
        #expect(try BacktestSweep(parsing: text) == expected)
        #expect(expected.description == text.replacingOccurrences(of: ":1", with: ""))
    }

    @Test("bad sweeps are refused with a reason", arguments: ["r", "=1..2", "r=5..1", "r=1..x", "r=1..5:0", "r=-1..2"])
    func badSweep(text: String) {
        #expect(throws: BacktestError.self) { try BacktestSweep(parsing: text) }
    }

    @Test("a sweep of an unknown rule names the rules there are")
    func unknownRule() {
        #expect(throws: BacktestError.unknownRule("nope", known: ["x-alerts"])) {
            try Backtest.run(rules: rules(), data: timeline, from: day("2026-01-01"), to: day("2026-01-31"),
                             horizonDays: 7, sweeps: [BacktestSweep(ruleID: "nope", low: 0, high: 1)])
        }
    }

    @Test("age sweeps change min_age in days; batch sweeps change min_count")
    func thresholds() {
        let set = RuleSet(ageRules: [AgeRule(id: "age", componentType: "c", minAge: DayCount(parsing: "1y")!,
                                             work: RuleAction())],
                          batchAgeRules: [BatchAgeRule(id: "batch", componentType: "c", minAge: DayCount(days: 10),
                                                       minCount: 3, work: RuleAction())])
        #expect(set.threshold(ofRule: "age") == 365)
        #expect(set.settingThreshold(100, ofRule: "age")?.ageRules[0].minAge.days == 100)
        #expect(set.settingThreshold(5, ofRule: "batch")?.batchAgeRules[0].minCount == 5)
        #expect(set.settingThreshold(5, ofRule: "none") == nil)
    }

    @Test("an age rule orders once per installation: on the night the component reaches the limit, again after a replacement")
    func ageOncePerInstallation() {
        let components = [
            ComponentInstallation(assetID: "A", slot: "s", componentType: "c", installedOn: day("2025-12-01")),
            ComponentInstallation(assetID: "A", slot: "s", componentType: "c", installedOn: day("2026-01-20")),
        ]
        let set = RuleSet(ageRules: [AgeRule(id: "age", componentType: "c", minAge: DayCount(days: 10),
                                             work: RuleAction(dueIn: DayCount(days: 1)))])
        let data = BacktestData(assets: [Asset(assetID: "A")], components: components, failures: [],
                                alerts: AlertCountIndex([]))
        let orders = BacktestReplay.workOrders(rules: set, data: data, from: day("2026-01-01"), to: day("2026-02-28"))
        #expect(orders.map(\.night) == [day("2026-01-01"), day("2026-01-30")])
    }
}

/// A small deterministic generator for the property tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

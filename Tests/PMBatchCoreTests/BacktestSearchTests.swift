@testable import PMBatchCore
import Testing

private func day(_ text: String) -> LocalDate { LocalDate(text)! }
/// Noon UTC of a day.
private func noon(_ text: String) -> Instant { Instant(utcMidnightOf: day(text)).adding(milliseconds: 12 * 3_600_000) }

private func alerts(_ asset: String, _ d: String, _ count: Int64, code: String) -> AlertCountIndex.Aggregate {
    AlertCountIndex.Aggregate(assetID: asset, code: code, day: day(d), dropDate: day(d), count: count)
}

/// The hand-made fleet (UTC), five assets, horizon 7 days; training January 2026, validation February.
///
/// January (training):
/// - A: 3 `a` alerts on 01-05, fails 01-06T12:00; B: 3 `a` on 01-14, fails 01-15T12:00 — bursts of `a`.
/// - C: 1 `b` on 01-08, fails 01-09T12:00 — a single `b`.
/// - D: 1 `a` on 01-10 and 1 on 01-20 (ten days apart); E: 1 `a` on 01-25 — single `a`s, no failure.
///
/// Every order is created at the cutoff of its night, 12 h before a failure the next noon. The single rules:
/// - `a-1d-gt1` (more than one `a` in a day): A and B — 2 alarms, both true; 2 of 3 failures:
///   recall 2/3, precision 1, F1 0.8, the best single rule (ties go to fewer alarms, then the first).
/// - `b-1d-gt0`: C only — recall 1/3, precision 1, 1 alarm.
/// - `a-1d-gt0` fires on every single `a` too: A, B, D 01-10, D 01-20 (the 01-10 order is done 01-17),
///   E — 5 alarms, 2 true.
/// - `any-code-1d-gt0`: those and C — recall 1, precision 3/6.
/// - over 14 days and longer, D's two `a`s make 2, so `a-14d-gt1` adds a false alarm.
/// No single rule catches all three failures without a false alarm; `a-1d-gt1` + `b-1d-gt0` does:
/// 3 alarms, 3 true, recall 1, precision 1, F1 1, 3 ÷ (5 assets × 31 / 30) = 0.5806 alarms per asset-month,
/// every lead 12 h.
private let januaryAlerts = [
    alerts("A", "2026-01-05", 3, code: "a"), alerts("B", "2026-01-14", 3, code: "a"),
    alerts("C", "2026-01-08", 1, code: "b"), alerts("D", "2026-01-10", 1, code: "a"),
    alerts("D", "2026-01-20", 1, code: "a"), alerts("E", "2026-01-25", 1, code: "a"),
]
private let januaryFailures = [
    Failure(assetID: "A", ts: noon("2026-01-06")), Failure(assetID: "B", ts: noon("2026-01-15")),
    Failure(assetID: "C", ts: noon("2026-01-09")),
]

/// February behaving like January: an `a` burst on A before its failure, a `b` on C before its failure.
private let februaryAlike = (
    alerts: [alerts("A", "2026-02-05", 3, code: "a"), alerts("C", "2026-02-10", 1, code: "b")],
    failures: [Failure(assetID: "A", ts: noon("2026-02-06")), Failure(assetID: "C", ts: noon("2026-02-11"))]
)

/// February behaving differently: `a` bursts on A and B with no failure, D failing with no alert at all.
private let februaryUnlike = (
    alerts: [alerts("A", "2026-02-05", 3, code: "a"), alerts("B", "2026-02-12", 3, code: "a")],
    failures: [Failure(assetID: "D", ts: noon("2026-02-20"))]
)

private func fleet(_ february: (alerts: [AlertCountIndex.Aggregate], failures: [Failure])) -> BacktestData {
    BacktestData(assets: ["A", "B", "C", "D", "E"].map { Asset(assetID: $0) }, components: [],
                 failures: januaryFailures + february.failures, alerts: AlertCountIndex(januaryAlerts + february.alerts))
}

private func search(_ data: BacktestData, cost: SearchCost? = nil, beamWidth: Int = 5) -> SearchResult {
    BacktestSearch.run(base: RuleSet(alertRules: []), data: data, codes: ["a", "b"], componentTypes: [],
                       from: day("2026-01-01"), to: day("2026-02-28"), horizonDays: 7,
                       options: SearchOptions(validateFrom: day("2026-02-01"), cost: cost, beamWidth: beamWidth))
}

private func recommendedIDs(_ r: SearchResult) -> [String] {
    r.recommended.map { r.sets[$0].members.map { r.candidates[$0].id } } ?? []
}

@Suite("Backtest search")
struct BacktestSearchTests {
    @Test("the best single rule loses to a two-rule combination, which the search returns with its figures")
    func combinationBeatsBestSingle() throws {
        let r = search(fleet(februaryAlike))
        // The candidates: `a` and `b` alone and together (two codes make no co-occurrence group), over 8 windows;
        // `a` and any-code reach 3 in a window (thresholds 0, 1, 2), `b` only 1 (threshold 0).
        #expect(r.candidates.count == 8 * 3 + 8 * 1 + 8 * 3)
        #expect(r.candidates.first?.id == "a-1d-gt0")
        let singles = r.sets.filter { $0.members.count == 1 }
        #expect(singles.count == r.candidates.count)
        let bestSingle = try #require(singles.min { r.objective($0) < r.objective($1) })
        #expect(bestSingle.training.recall == 2.0 / 3.0)
        #expect(bestSingle.training.precision == 1)
        #expect(abs(r.objective(bestSingle) + 0.8) < 1e-12)

        #expect(recommendedIDs(r) == ["a-1d-gt1", "b-1d-gt0"])
        let best = r.sets[try #require(r.recommended)]
        #expect(best.skillOf == [0, 1])  // a skill each: the first extension tried with these figures
        #expect(best.paretoOptimal)
        #expect(!best.redundant)
        let t = best.training
        #expect((t.failures, t.caught, t.alarms, t.trueAlarms) == (3, 3, 3, 3))
        #expect(abs(t.alarmsPerAssetMonth! - 3.0 / (5.0 * 31.0 / 30.0)) < 1e-12)
        #expect(t.leadTimeHours == LeadTimeSummary(hours: [12, 12, 12]))
        #expect(r.objective(best) == -1)
        // February: A's burst and C's `b` each come the day before their failure.
        let v = best.validation
        #expect((v.failures, v.caught, v.alarms, v.trueAlarms) == (2, 2, 2, 2))
        #expect(abs(v.alarmsPerAssetMonth! - 2.0 / (5.0 * 28.0 / 30.0)) < 1e-12)
        #expect(!r.isOverfitted(best))
        // The rules it writes reproduce the figures in a plain backtest of each split.
        let rules = RuleSet(alertRules: []).replacingTriggerRules(with: r.rules(of: best))
        let train = try Backtest.run(rules: rules, data: fleet(februaryAlike), from: day("2026-01-01"),
                                     to: day("2026-01-31"), horizonDays: 7)
        let validate = try Backtest.run(rules: rules, data: fleet(februaryAlike), from: day("2026-02-01"),
                                        to: day("2026-02-28"), horizonDays: 7)
        #expect(train.overall == best.training)
        #expect(validate.overall == best.validation)
    }

    @Test("a set is its rules replayed together: a rule sharing the first one's skill is suppressed")
    func sharedSkillSuppresses() throws {
        // A second rule on the same asset as the first: `a-1d-gt0` fires on A on 01-05 like `a-1d-gt1`; with its
        // own skill it adds an order, sharing the skill it is suppressed while the first order is open.
        let data = fleet(februaryAlike)
        let candidates = SearchSpace.candidates(data: data, codes: ["a", "b"], componentTypes: [],
                                                from: day("2026-01-01"), lastNight: day("2026-01-31"), maxCodes: 12)
        let gt1 = try #require(candidates.firstIndex { $0.id == "a-1d-gt1" })
        let gt0 = try #require(candidates.firstIndex { $0.id == "any-code-1d-gt0" })
        let result = SearchResult(from: day("2026-01-01"), validateFrom: day("2026-02-01"), to: day("2026-02-28"),
                                  horizonDays: 7, assetCount: 5, options: SearchOptions(validateFrom: day("2026-02-01")),
                                  candidates: candidates, sets: [], recommended: nil,
                                  given: (januaryScoreless, januaryScoreless))
        func orders(_ skillOf: [Int]) -> [PreventiveWorkOrder] {
            let set = SearchedSet(members: [gt1, gt0], skillOf: skillOf, training: januaryScoreless,
                                  validation: januaryScoreless)
            return BacktestReplay.workOrders(rules: RuleSet(alertRules: []).replacingTriggerRules(with: result.rules(of: set)),
                                             data: data, from: day("2026-01-01"), to: day("2026-01-31"))
        }
        // Own skills: A, B by `a-1d-gt1`; A, B, C, D twice, E by `any-code-1d-gt0` — 8 orders.
        #expect(orders([0, 1]).count == 8)
        // One skill: `any-code-1d-gt0` is suppressed on A (01-05) and B (01-14) by the open `a-1d-gt1` orders.
        let shared = orders([0, 0])
        #expect(shared.count == 6)
        #expect(shared.filter { $0.ruleID == "any-code-1d-gt0" }.map(\.assetID) == ["C", "D", "D", "E"])
        #expect(Set(shared.map(\.skill)) == ["a-1d-gt1"])
    }

    @Test("the validation nights are never seen: other February data changes no choice and no training figure")
    func validationNeverSeen() throws {
        let alike = search(fleet(februaryAlike))
        let unlike = search(fleet(februaryUnlike))
        // Everything chosen on January is the same…
        #expect(unlike.candidates == alike.candidates)
        #expect(unlike.sets.map(\.members) == alike.sets.map(\.members))
        #expect(unlike.sets.map(\.training) == alike.sets.map(\.training))
        #expect(recommendedIDs(unlike) == ["a-1d-gt1", "b-1d-gt0"])
        // …but February shows the drop: two false alarms on the bursts, D's failure missed.
        let best = unlike.sets[try #require(unlike.recommended)]
        let v = best.validation
        #expect((v.failures, v.caught, v.alarms, v.trueAlarms) == (1, 0, 2, 0))
        #expect(v.recall == 0)
        #expect(v.precision == 0)
        #expect(unlike.isOverfitted(best))
        #expect(!alike.isOverfitted(alike.sets[try #require(alike.recommended)]))
    }

    @Test("two cost settings pick two different sets, as worked by hand")
    func costChoice() throws {
        // A missed failure 20, a visit 1: catching all three takes 3 alarms on three assets (cost 3);
        // `a-1d-gt1` + `b-1d-gt0` does it with no false alarm. Any single rule costs more: missing one
        // failure is 20, any-code catches all three with 5 or more alarms.
        let missesDear = search(fleet(februaryAlike), cost: SearchCost(missed: 20, alarm: 1))
        #expect(recommendedIDs(missesDear) == ["a-1d-gt1", "b-1d-gt0"])
        let dear = missesDear.sets[try #require(missesDear.recommended)]
        #expect(missesDear.objective(dear) == 3)
        #expect(dear.training.alarms == 3)
        // A missed failure 1, a visit 10: `b-1d-gt0` alone costs 2 × 1 + 1 × 10 = 12; `a-1d-gt1` alone
        // 1 + 2 × 10 = 21; the pair 3 × 10 = 30; any rule that catches all three 50 or more.
        let visitsDear = search(fleet(februaryAlike), cost: SearchCost(missed: 1, alarm: 10))
        #expect(recommendedIDs(visitsDear) == ["b-1d-gt0"])
        let cheap = visitsDear.sets[try #require(visitsDear.recommended)]
        #expect(visitsDear.objective(cheap) == 12)
        #expect((cheap.training.caught, cheap.training.alarms) == (1, 1))
    }

    @Test("a rule whose catch its shared skill suppresses adds nothing: that set is redundant, never recommended")
    func redundantSet() throws {
        // F: 3 `a` on 01-05 → `a-1d-gt1` orders (created 01-06T00:00, due 01-12, open through night 01-11) and
        // catches the failure 01-06T12:00. One `b` on 01-11 → `b-1d-gt0` orders (created 01-12T00:00) and alone
        // catches the failure 01-13T12:00, which the `a` order, 7.5 days before it, does not.
        // With a skill each the pair catches both; sharing `a-1d-gt1`'s skill, the `b` trigger is suppressed by
        // the open `a` order: one catch, as many as `a-1d-gt1` alone — redundant.
        let data = BacktestData(
            assets: [Asset(assetID: "F")], components: [],
            failures: [Failure(assetID: "F", ts: noon("2026-01-06")),
                       Failure(assetID: "F", ts: noon("2026-01-13"))],
            alerts: AlertCountIndex([alerts("F", "2026-01-05", 3, code: "a"), alerts("F", "2026-01-11", 1, code: "b")]))
        // Only these two candidates, so that no other rule (a wider window also sees the `b`) competes.
        let candidates = [
            SearchCandidate(id: "a-1d-gt1", condition: .alerts(codes: ["a"], window: .rolling(days: 1), moreThan: 1),
                            family: "a-1d"),
            SearchCandidate(id: "b-1d-gt0", condition: .alerts(codes: ["b"], window: .rolling(days: 1), moreThan: 0),
                            family: "b-1d"),
        ]
        let scorer = BacktestScorer(from: day("2026-01-01"), to: day("2026-01-31"), horizonDays: 7, zone: .utc,
                                    assetCount: 1, failures: data.failures)
        let sets = BacktestSearch.choose(base: RuleSet(alertRules: []), data: data, candidates: candidates,
                                         scorer: scorer, options: SearchOptions(validateFrom: day("2026-02-01")))
        // The two single rules, then the pair with a skill each and sharing one (the reverse orders are the same
        // skill groups, not replayed again).
        #expect(sets.map(\.members) == [[0], [1], [0, 1], [0, 1]])
        #expect(sets.map(\.skillOf) == [[0], [0], [0, 1], [0, 0]])
        #expect(sets.map(\.score.caught) == [1, 1, 2, 1])
        #expect(sets.map(\.score.alarms) == [1, 1, 2, 1])
        #expect(sets.map(\.redundant) == [false, false, false, true])
        var marked = sets.map { SearchedSet(members: $0.members, skillOf: $0.skillOf, training: $0.score,
                                            validation: $0.score, redundant: $0.redundant) }
        BacktestSearch.markParetoFront(&marked)
        #expect(marked.map(\.paretoOptimal) == [true, false, true, false])
    }

    @Test("the result does not depend on the order the parallel replays finish in")
    func deterministic() {
        #expect(search(fleet(februaryAlike)) == search(fleet(februaryAlike)))
        // Early indexes take longest, so on two cores later ones finish first: results still come in index order.
        let results = BacktestSearch.parallelMap(64) { i in
            var x: UInt64 = UInt64(i)
            for _ in 0..<((64 - i) * 20_000) { x = x &* 6_364_136_223_846_793_005 &+ 1 }
            return (i, x)
        }
        #expect(results.map(\.0) == Array(0..<64))
    }

    @Test("age limits up to the oldest component of each type; batch counts only where a batch is that large")
    func componentCandidates() {
        // On the last training night 2026-01-31: a pump of 122 days; two encoders of batch B1 at site S1, of 395
        // and 244 days; a valve installed after that night (not current yet).
        let components = [
            ComponentInstallation(assetID: "X", slot: "p", componentType: "pump", installedOn: day("2025-10-01")),
            ComponentInstallation(assetID: "Y", slot: "e", componentType: "encoder", installedOn: day("2025-01-01"),
                                  batchCode: "B1"),
            ComponentInstallation(assetID: "Z", slot: "e", componentType: "encoder", installedOn: day("2025-06-01"),
                                  batchCode: "B1"),
            ComponentInstallation(assetID: "X", slot: "v", componentType: "valve", installedOn: day("2026-02-10")),
        ]
        let data = BacktestData(assets: ["X", "Y", "Z"].map { Asset(assetID: $0, siteID: "S1") }, components: components,
                                failures: [], alerts: AlertCountIndex([]))
        let ids = SearchSpace.candidates(data: data, codes: [], componentTypes: ["valve", "pump", "encoder"],
                                         from: day("2026-01-01"), lastNight: day("2026-01-31"), maxCodes: 12).map(\.id)
        // Ages: encoder 30…365 (≤ 395), pump 30…120 (≤ 122). Batch ages are the ladder thinned to 8 (30, 60, 120,
        // 270, …): both encoders are at least 30, 60 and 120 days old, only one 270 — a batch of 2, never 3 or 5.
        #expect(ids == ["age-encoder-30d", "age-encoder-60d", "age-encoder-90d", "age-encoder-120d", "age-encoder-180d",
                        "age-encoder-270d", "age-encoder-365d", "age-pump-30d", "age-pump-60d", "age-pump-90d",
                        "age-pump-120d", "batch-encoder-30d-x2", "batch-encoder-60d-x2", "batch-encoder-120d-x2"])
    }

    @Test("code groups by co-occurrence: the pair that shares asset-days merges first")
    func coOccurrence() {
        // x and y occur on the same (asset, day) pairs; z on others. Clusters: {x, y}, then all (not listed).
        let groups = SearchSpace.coOccurrenceGroups([[1, 2, 3], [1, 2, 3, 4], [7, 8]], names: ["x", "y", "z"])
        #expect(groups == [["x", "y"]])
        #expect(SearchSpace.thin([0, 1, 2, 3, 5, 8, 13, 21, 34, 55], to: 4) == [0, 3, 13, 55])
        // The same from alerts: x and y on A's days 01-05 and 01-06, z on B's 01-20; w only in February, after
        // the last training night, so it takes no part.
        let index = AlertCountIndex([
            alerts("A", "2026-01-05", 1, code: "x"), alerts("A", "2026-01-05", 2, code: "y"),
            alerts("A", "2026-01-06", 1, code: "x"), alerts("A", "2026-01-06", 1, code: "y"),
            alerts("B", "2026-01-20", 4, code: "z"), alerts("B", "2026-02-03", 9, code: "w"),
        ])
        let subsets = SearchSpace.codeSubsets(index, codes: ["w", "x", "y", "z"], from: day("2026-01-01"),
                                              lastNight: day("2026-01-31"), maxCodes: 12)
        #expect(subsets.map(\.name) == ["x", "y", "z", "x+y", "any-code"])
        #expect(subsets.map(\.codes).last == ["x", "y", "z"])
        // With room for two codes only, the two with most training alerts: z (4) and y (3).
        #expect(SearchSpace.codeSubsets(index, codes: ["w", "x", "y", "z"], from: day("2026-01-01"),
                                        lastNight: day("2026-01-31"), maxCodes: 2).map(\.name) == ["y", "z", "any-code"])
    }
}

private let januaryScoreless = BacktestScore(failures: 0, caught: 0, alarms: 0, trueAlarms: 0, alarmsPerAssetMonth: nil,
                                             leadTimeHours: LeadTimeSummary(hours: []), missed: [])

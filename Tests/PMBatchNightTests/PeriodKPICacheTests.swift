import Foundation
import PMBatchConfig
import PMBatchCore
@testable import PMBatchNight
import PMBatchReport
import PMBatchStore
import Testing
import TestSupport

/// The KPI cache of issue 12 against computing every period every night: night by night, the report built
/// with the figures kept by earlier reports equals the one computed from scratch, while input arrives that
/// changes earlier periods — late events, a header re-sent with another creation time, a replaced file,
/// a changed engineer, a failure reported late.
@Suite("KPI figures kept between nights: each night's report equals the one computed from scratch")
struct PeriodKPICacheTests {
    static let live = LocalDate("2026-08-20")!
    static let last = LocalDate("2026-11-24")!
    static let trendPeriods = 3

    static func report(_ state: StateStore, _ night: LocalDate, rules: LoadedRules, plan: NightPlan,
                       cached: Bool) throws -> NightReport {
        var job = ReportJob(asOf: night, rules: rules, language: .en)
        job.trendPeriods = trendPeriods
        job.usesKPICache = cached
        return try job.build(from: state, plan: plan)
    }

    /// How many of the periods `night`'s report shows the cache holds now, of how many.
    static func hits(_ state: StateStore, _ night: LocalDate, rules: LoadedRules) throws -> (hits: Int, of: Int) {
        let periods = KPICalculator.trendComputations(count: trendPeriods, days: 30, endingWith: night,
                                                      zone: rules.ruleSet.zone, baseline: nil).map(\.period)
        let cache = try PeriodKPICache(storage: state, asOf: night, rulesDigest: rules.digest,
                                       engineers: try state.engineers(asOf: night),
                                       assetCount: try state.assets(asOf: night).count,
                                       failures: try state.failures(asOf: night))
        return (try cache.lookup(periods).count, periods.count)
    }

    /// A generated fleet with the previous period as the baseline (the trend's periods judged against each
    /// other), evaluated night by night with the cache against computing every period every night; then,
    /// on the last night, input that changes its earlier periods, one kind at a time.
    @Test("nightly, and after late events, a re-sent header, an emptied file, engineers or failures: warm equals cold")
    func keptFiguresEqualComputedOnes() throws {
        let root = try TestPaths.makeScratchDirectory("pmbatch-kpi-cache")
        let data = root.appendingPathComponent("data")
        let generated = try CLI.run(["generate", "--out", data.path, "--seed", "5", "--assets", "40", "--days", "200",
                                     "--end", Self.last.description])
        #expect(generated.status == 0, "\(generated.stderr)")
        let rulesPath = data.appendingPathComponent("rules.toml").path
        try String(contentsOfFile: rulesPath, encoding: .utf8)
            .split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .filter { !$0.hasPrefix("baseline = ") }.joined(separator: "\n")
            .write(toFile: rulesPath, atomically: true, encoding: .utf8)
        let rules = try RulesLoader.load(path: rulesPath)
        let state = try StateStore()

        var night = Self.live
        var plan = NightPlan()
        var hitsSeen = 0
        var lastNight = (hits: 0, of: 0)
        while night <= Self.last {
            _ = try IngestJob(dataDirectory: data.path, asOf: night, rules: rules.ruleSet).run(into: state)
            let result = try TriggerJob(asOf: night, rules: rules, firstNight: Self.live).run(on: state)
            plan = result.evaluated.first { $0.night == night }?.plan ?? NightPlan()
            lastNight = try Self.hits(state, night, rules: rules)
            hitsSeen += lastNight.hits
            let warm = try Self.report(state, night, rules: rules, plan: plan, cached: true)
            #expect(warm == (try Self.report(state, night, rules: rules, plan: plan, cached: false)), "report of \(night)")
            night = night.adding(days: 1)
        }
        // Not vacuous: kept figures were reused, and on the last night every period but tonight's was kept
        // (each period is computed on its own night and shown again 30, 60 and 90 nights later).
        #expect(hitsSeen > 100)
        #expect(lastNight.hits == lastNight.of - 1 && lastNight.of == Self.trendPeriods + 1)
        #expect(try Self.hits(state, Self.last, rules: rules).hits == lastNight.of)

        // Then each kind of change, alone: the night's figures are kept, the change arrives (as of the same
        // night), and the report must differ from before it — and equal the one computed from scratch.
        let header = "wo_id,ts,status,actor,evidence,note,asset_id,customer_id,channel,fault_code,priority\n"
        let headers = try state.workOrderHeaders(asOf: Self.last)
        let september = headers.filter {
            $0.createdAt >= Instant(utcMidnightOf: LocalDate("2026-09-01")!)
                && $0.createdAt < Instant(utcMidnightOf: LocalDate("2026-09-20")!) && $0.channel != "preventive"
        }
        #expect(september.count > 5)
        let changes: [(String, () throws -> Void)] = [
            ("late events", {
                // Events of September for orders of September, dropped tonight.
                try TestPaths.write(header + september.prefix(3).map {
                    "\($0.woID),2026-09-21T10:00:00+08:00,reopened,C-0001,,came back,,,,,\n"
                }.joined(), to: "work_order_events/2026-11-24/late.csv", under: data)
            }),
            ("a re-sent header", {
                // A header of September re-sent tonight with a creation time of tonight: its own row is new, the
                // order it moves is old.
                let h = september[4]
                try TestPaths.write("""
                    wo_id,created_at,asset_id,customer_id,channel,fault_code,kind,priority,engineer_id,description
                    \(h.woID),2026-11-24T09:00:00+08:00,\(h.assetID),\(h.customerID),\(h.channel),\(h.faultCode),\
                    \(h.kind),\(h.priority),\(h.engineerID),re-sent

                    """, to: "work_orders/2026-11-24/resent.csv", under: data)
            }),
            ("an emptied file", {
                // The busiest events file of early September replaced by its header alone: its events are gone
                // and nothing new reaches back as far.
                let files = try (2...8).map { "work_order_events/2026-09-0\($0)/crm-events.csv" }.map { relative in
                    let path = data.appendingPathComponent(relative).path
                    return (path, try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline))
                }
                let (path, lines) = try #require(files.max { $0.1.count < $1.1.count })
                #expect(lines.count > 4)
                try (lines[0] + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            }),
            ("an engineer's capacity", {
                let path = data.appendingPathComponent("engineers.csv").path
                var lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
                    .map(String.init)
                var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[fields.count - 1] = "\(Int(fields[fields.count - 1])! + 7)"
                lines[1] = fields.joined(separator: ",")
                try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            }),
            ("a failure reported late", {
                let path = data.appendingPathComponent("failures.csv").path
                let text = try String(contentsOfFile: path, encoding: .utf8)
                try (text + "EL-000003,2026-10-10T08:00:00Z,brake_pad,brake_failure\n")
                    .write(toFile: path, atomically: true, encoding: .utf8)
            }),
        ]
        for (name, change) in changes {
            let before = try Self.report(state, Self.last, rules: rules, plan: plan, cached: true)
            #expect(try Self.hits(state, Self.last, rules: rules).hits == lastNight.of)
            try change()
            _ = try IngestJob(dataDirectory: data.path, asOf: Self.last, rules: rules.ruleSet).run(into: state)
            let cold = try Self.report(state, Self.last, rules: rules, plan: plan, cached: false)
            #expect(cold.trend.dropLast() != before.trend.dropLast(), "\(name) changes no earlier period")
            #expect(try Self.report(state, Self.last, rules: rules, plan: plan, cached: true) == cold, "after \(name)")
        }
    }
}

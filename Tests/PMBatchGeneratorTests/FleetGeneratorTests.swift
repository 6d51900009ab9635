import Foundation
import PMBatchCore
import PMBatchGenerator
import Testing
import TestSupport

@Suite("pmbatch generate")
struct FleetGeneratorTests {
    static let small = GeneratorOptions(seed: 42, assets: 30, days: 9, telemetryFormat: .mixed,
                                        telemetryFilesPerDay: 2)

    @Test("a different seed gives different data")
    func seedMatters() throws {
        var other = Self.small
        other.seed = 43
        let (a, _) = try GeneratedSet.make(Self.small)
        let (b, _) = try GeneratedSet.make(other)
        for file in ["assets.csv", "components.csv", "telemetry/2026-11-23/iot-alerts-001-of-002.csv.zst",
                     "telemetry/2026-11-24/iot-alerts-002-of-002.jsonl.zst", "work_order_events/2026-11-24/crm-events.csv"] {
            let left = try Data(contentsOf: a.appendingPathComponent(file))
            let right = try Data(contentsOf: b.appendingPathComponent(file))
            #expect(left != right, "\(file) did not change with the seed")
        }
    }

    @Test("layout and headers follow SPEC §1")
    func layout() throws {
        let (dir, _) = try GeneratedSet.make(Self.small)
        let headers = [
            "assets.csv": "asset_id,site_id,customer_id,model,asset_type,region,installed_on",
            "components.csv": "asset_id,slot,component_type,installed_on,part_number,batch_code,serial",
            "engineers.csv": "engineer_id,name,skills,region,daily_capacity",
            "parts.csv": "part_number,description,stock_on_hand,lead_time_days,unit_cost",
            "failures.csv": "asset_id,ts,slot,fault_code",
        ]
        for (file, header) in headers.sorted(by: { $0.key < $1.key }) {
            #expect(try GeneratedSet.lines(dir.appendingPathComponent(file)).first == Substring(header), "\(file)")
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("rules.toml").path))
        let files = GeneratedSet.files(under: dir)
        var day = Self.small.start
        for index in 0..<Self.small.days {
            let d = day.description
            let ext = index % 3 == 2 ? "jsonl.zst" : "csv.zst"
            #expect(files.contains("work_orders/\(d)/crm-work-orders.csv"))
            #expect(files.contains("work_order_events/\(d)/crm-events.csv"))
            #expect(files.contains("telemetry/\(d)/iot-alerts-001-of-002.\(ext)"))
            #expect(files.contains("telemetry/\(d)/iot-alerts-002-of-002.\(ext)"))
            let woHeader = try GeneratedSet.lines(dir.appendingPathComponent("work_orders/\(d)/crm-work-orders.csv"))
            #expect(woHeader.first == "wo_id,created_at,asset_id,customer_id,channel,fault_code,kind,priority,engineer_id,description")
            let evHeader = try GeneratedSet.lines(dir.appendingPathComponent("work_order_events/\(d)/crm-events.csv"))
            #expect(evHeader.first == "wo_id,ts,status,actor,evidence,note,asset_id,customer_id,channel,fault_code,priority")
            day = day.adding(days: 1)
        }
        #expect(day == Self.small.end.adding(days: 1))
    }

    @Test("telemetry dumps are valid zstd and their rows add up", arguments: [TelemetryFormat.csv, .jsonl])
    func telemetryCounts(format: TelemetryFormat) throws {
        var options = Self.small
        options.telemetryFormat = format
        options.telemetryFilesPerDay = 1
        options.alertsPerAssetDay = 40
        let (dir, summary) = try GeneratedSet.make(options)
        let dumps = GeneratedSet.files(under: dir).filter { $0.hasPrefix("telemetry/") }
        #expect(dumps.count == options.days)
        #expect(summary.telemetryFiles == options.days)
        var rows = 0
        var assetsSeen = Set<Substring>()
        for dump in dumps {
            let url = dir.appendingPathComponent(dump)
            #expect(try GeneratedSet.run("/usr/bin/zstd", ["-tq", url.path]).0 == 0, "\(dump) is not valid zstd")
            let lines = try GeneratedSet.zstdLines(url)
            let data = format == .csv ? lines.dropFirst() : lines[...]
            if format == .csv { #expect(lines.first == "ts,asset_id,code,value") }
            rows += data.count
            var previous = ""
            for line in data {
                if format == .jsonl { #expect(line.hasPrefix("{\"ts\":\"") && line.hasSuffix("}")) }
                let fields = format == .csv ? line.split(separator: ",", omittingEmptySubsequences: false)
                    : line.split(separator: "\"", omittingEmptySubsequences: false)
                let ts = format == .csv ? String(fields[0]) : String(fields[3])
                let asset = format == .csv ? fields[1] : fields[7]
                assetsSeen.insert(asset)
                // Sorted by instant: compare the UTC wall time.
                let utc = utcKey(ts)
                #expect(utc >= previous, "\(dump): rows out of order at \(ts)")
                previous = utc
            }
        }
        #expect(Int64(rows) == summary.telemetryRows)
        // 30 assets × 9 days × ~40 alerts: roughly 10,800 rows.
        #expect(rows > 8_000 && rows < 14_000)
        #expect(assetsSeen.count == options.assets)
        #expect(try GeneratedSet.lines(dir.appendingPathComponent("assets.csv")).count == options.assets + 1)
        #expect(try GeneratedSet.lines(dir.appendingPathComponent("components.csv")).count == summary.components + 1)
    }

    /// `YYYY-MM-DDTHH:MM:SS` in UTC for a `Z` or `+08:00` timestamp (string-sortable).
    private func utcKey(_ ts: String) -> String {
        guard ts.hasSuffix("+08:00") else { return String(ts.dropLast()) }
        let date = LocalDate(ts.prefix(10))!
        let h = Int(ts.dropFirst(11).prefix(2))!
        let rest = ts.dropFirst(13).prefix(6)
        let shifted = h - 8
        let day = shifted < 0 ? date.adding(days: -1) : date
        return day.description + "T" + pad((shifted + 24) % 24, 2) + rest
    }

    @Test("rules.toml carries every rule kind, the baseline and urgency")
    func rulesFile() throws {
        let (dir, _) = try GeneratedSet.make(Self.small)
        let text = try String(contentsOf: dir.appendingPathComponent("rules.toml"), encoding: .utf8)
        for needle in ["timezone = \"Asia/Shanghai\"", "[[alert_rule]]", "window = \"calendar_month\"",
                       "window = \"7d\"", "[[age_rule]]", "component_type = \"brake_pad\"", "[[batch_age_rule]]",
                       "min_count = 3", "[kpi]", "baseline = { from = \"2026-11-16\", to = \"2026-11-18\" }",
                       "[urgency]", "component_type = \"door_operator\""] {
            #expect(text.contains(needle), "rules.toml lacks \(needle)")
        }
        #expect(text.components(separatedBy: "skill = \"door-system\"").count == 3)
    }

    @Test("bad options are refused")
    func badOptions() {
        #expect(GeneratorOptions(seed: 1, assets: 0, days: 1).problem() != nil)
        #expect(GeneratorOptions(seed: 1, assets: 1, days: 0).problem() != nil)
        #expect(GeneratorOptions(seed: 1, assets: 1, days: 1, telemetryFilesPerDay: 0).problem() != nil)
        #expect(GeneratorOptions(seed: 1, assets: 1, days: 1).problem() == nil)
    }
}

import Foundation
import PMBatchCore
import PMBatchGenerator
import Testing
import TestSupport

/// The shipped sample (`--seed 7 --assets 60 --days 90`): small, and every rule kind fires on 2026-11-24.
@Suite("sample data set")
struct SampleFleetTests {
    static let options = GeneratorOptions(seed: 7, assets: 60, days: 90)
    static let asOf = GeneratorOptions.defaultEnd

    @Test("stays under 5 MB and every rule kind fires on the as-of date")
    func rulesFire() throws {
        let (dir, summary) = try GeneratedSet.make(Self.options, label: "sample")
        #expect(summary.telemetryCompressedBytes < 1_000_000)
        var total = 0
        for file in GeneratedSet.files(under: dir) {
            total += try Data(contentsOf: dir.appendingPathComponent(file)).count
        }
        #expect(total < 5_000_000)

        // door_open_delay > 5 in 2026-11 (drop folders are local Asia/Shanghai days).
        var doorCounts: [Substring: Int] = [:]
        var ventilatorWeek: [Substring: Int] = [:]
        for day in 1...24 {
            let folder = dir.appendingPathComponent("telemetry/2026-11-" + pad(day, 2) + "/iot-alerts.csv.zst")
            for line in try GeneratedSet.zstdLines(folder).dropFirst() {
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                if f[2] == "door_open_delay" { doorCounts[f[1], default: 0] += 1 }
                if f[2] == "ventilator_offline", day >= 18 { ventilatorWeek[f[1], default: 0] += 1 }
            }
        }
        #expect(doorCounts.values.contains { $0 > 5 }, "no door-open-delay trigger")
        #expect(ventilatorWeek.values.contains { $0 > 3 }, "no ventilator-offline trigger")

        // Current components as of 2026-11-24.
        var site: [Substring: Substring] = [:]
        for line in try GeneratedSet.lines(dir.appendingPathComponent("assets.csv")).dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            site[f[0]] = f[1]
        }
        var current: [String: (LocalDate, [Substring])] = [:]
        for line in try GeneratedSet.lines(dir.appendingPathComponent("components.csv")).dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            let installed = LocalDate(f[3])!
            let key = String(f[0]) + "/" + String(f[1])
            if installed <= Self.asOf, current[key].map({ $0.0 <= installed }) ?? true { current[key] = (installed, f) }
        }
        let ages = current.values.map { (Self.asOf.days(since: $0.0), $0.1) }
        #expect(ages.contains { $0.1[2] == "brake_pad" && $0.0 >= 3 * 365 }, "no brake pad ≥ 3y")
        var batches: [String: Int] = [:]
        for (age, f) in ages where f[2] == "encoder" && age >= 5 * 365 {
            batches[String(site[f[0]]!) + "/" + String(f[5]), default: 0] += 1
        }
        #expect(batches.values.contains { $0 >= 3 }, "no (site, batch) with ≥ 3 encoders ≥ 5y")
        // Suppression: an asset with a door build-up also has a door operator ≥ 6y.
        let oldDoors = Set(ages.filter { $0.1[2] == "door_operator" && $0.0 >= 6 * 365 }.map { $0.1[0] })
        #expect(doorCounts.contains { $0.value > 5 && oldDoors.contains($0.key) })
    }

    @Test("work orders: full histories, anomalies, drops and a better second period")
    func workOrders() throws {
        let (dir, summary) = try GeneratedSet.make(Self.options, label: "sample-wo")
        #expect(summary.workOrders > 80)
        var headerIDs = Set<Substring>()
        var headerRows = 0
        var createdAt: [Substring: String] = [:]
        var channel: [Substring: Substring] = [:]
        var statuses: [Substring: Int] = [:]
        var eventIDs = Set<Substring>()
        var firstUpdate: [Substring: String] = [:]
        var day = Self.options.start
        while day <= Self.options.end {
            let d = day.description
            for line in try GeneratedSet.lines(dir.appendingPathComponent("work_orders/\(d)/crm-work-orders.csv"))
                .dropFirst() where line.hasPrefix("WO-") {
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                headerRows += 1
                headerIDs.insert(f[0])
                if createdAt[f[0]] == nil { createdAt[f[0]] = String(f[1]) }
                channel[f[0]] = f[4]
            }
            for line in try GeneratedSet.lines(dir.appendingPathComponent("work_order_events/\(d)/crm-events.csv"))
                .dropFirst() {
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                #expect(f[1].hasPrefix(d), "event of another day in drop \(d)")
                #expect(WorkOrderStatus(rawValue: String(f[2])) != nil)
                statuses[f[2], default: 0] += 1
                eventIDs.insert(f[0])
                if f[2] != "submitted", firstUpdate[f[0]] == nil { firstUpdate[f[0]] = String(f[1]) }
            }
            day = day.adding(days: 1)
        }
        #expect(headerRows > headerIDs.count, "no header re-sent in a later drop")
        #expect(!eventIDs.subtracting(headerIDs).isEmpty, "no work order known only from events")
        for status in ["submitted", "acknowledged", "dispatched", "accepted", "on_site", "waiting_parts", "resumed",
                       "technical_closed", "delivery_confirmed", "financial_closed", "closed", "reopened",
                       "cancelled", "duplicate"] {
            #expect(statuses[Substring(status), default: 0] > 0, "no \(status) event")
        }
        // First-update time improves after the baseline third.
        let baselineEnd = Self.options.baselineEnd.description
        var before: [Double] = []
        var after: [Double] = []
        for (id, created) in createdAt where channel[id] != "preventive" {
            guard let update = firstUpdate[id] else { continue }
            let minutes = Double(seconds(update) - seconds(created)) / 60
            if String(created.prefix(10)) <= baselineEnd { before.append(minutes) } else { after.append(minutes) }
        }
        let meanBefore = before.reduce(0, +) / Double(before.count)
        let meanAfter = after.reduce(0, +) / Double(after.count)
        #expect(before.count >= 10 && after.count >= 20)
        #expect(meanAfter < meanBefore * 0.6, "first update \(meanBefore) → \(meanAfter) min")
    }

    /// Epoch seconds of a `…+08:00` timestamp.
    private func seconds(_ ts: String) -> Int {
        let date = LocalDate(ts.prefix(10))!
        let h = Int(ts.dropFirst(11).prefix(2))!, m = Int(ts.dropFirst(14).prefix(2))!, s = Int(ts.dropFirst(17).prefix(2))!
        return Int(date.dayNumber) * 86_400 + h * 3600 + m * 60 + s - 8 * 3600
    }
}

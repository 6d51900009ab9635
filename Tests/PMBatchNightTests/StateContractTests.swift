import Foundation
import PMBatchConfig
import PMBatchCore
@testable import PMBatchNight
import PMBatchStore
import Testing
import TestSupport

/// Every `NightState` read, asked of the SQLite and the PostgreSQL state after the same writes, gives the same
/// answer: a generated fleet with late drops and an undated file, text that sorts differently by bytes and by
/// locale, and three evaluated nights. The PostgreSQL state is one implementation of the protocol; this is
/// its contract with the other.
@Suite("The state protocol: PostgreSQL answers as SQLite does",
       .enabled(if: TestPostgres.available, "PMBATCH_TEST_POSTGRES is not set (.ci/run starts a server)"))
struct StateContractTests {
    @Test("every read of the protocol, on several nights, after ingest, odd text and three evaluated nights")
    func sameAnswers() throws {
        let root = try TestPaths.makeScratchDirectory("pmbatch-contract")
        let data = root.appendingPathComponent("data")
        let generated = try CLI.run(["generate", "--out", data.path, "--seed", "41", "--assets", "20", "--days", "35",
                                     "--end", "2026-11-24"])
        #expect(generated.status == 0, "\(generated.stderr)")
        var late = "ts,asset_id,code\n"
        for minute in 0..<9 { late += "2026-11-18T10:0\(minute):00+08:00,EL-000002,door_open_delay\n" }
        try TestPaths.write(late, to: "telemetry/2026-11-22/late.csv", under: data)
        // Undated (drop date NULL), and IDs whose byte order differs from a locale's: "B" < "a" < "é".
        try TestPaths.write("ts,asset_id,code\n2026-11-23T01:00:00Z,EL-000001,B\n2026-11-23T01:00:00Z,EL-000001,a\n"
                            + "2026-11-23T02:00:00Z,EL-000001,é\n2026-11-23T03:00:00Z,EL-000001,a b\n"
                            + "not a time,EL-000001,a\n",
                            to: "telemetry/undated.csv", under: data)
        let rules = try RulesLoader.load(path: data.appendingPathComponent("rules.toml").path)
        let states: [any NightState] = [try StateStore(), try openState(path: TestPostgres.makeDatabase("contract"))]
        let nights = [LocalDate("2026-11-20")!, LocalDate("2026-11-22")!, LocalDate("2026-11-24")!]
        for state in states {
            for night in nights {
                _ = try IngestJob(dataDirectory: data.path, asOf: night, rules: rules.ruleSet).run(into: state)
                _ = try TriggerJob(asOf: night, rules: rules, firstNight: nights[0]).run(on: state)
            }
        }
        func same(_ what: String, mayBeEmpty: Bool = false, _ read: (any NightState) throws -> Any) throws {
            let answers = try states.map { String(describing: try read($0)) }
            #expect(answers[0] == answers[1], "\(what)")
            #expect(mayBeEmpty || answers[0].count > 2, "\(what) is empty: the comparison proves nothing")
        }
        try same("manifest") { try $0.manifest() }
        try same("meta") { try $0.meta("ingest_settings") as Any }
        try same("knownAssetIDs") { try $0.knownAssetIDs().sorted() }
        try same("processedNights") { try $0.processedNights() }
        try same("firstNight") { try $0.firstNight() as Any }
        try same("orders") { try $0.preventiveWorkOrders(through: nil) }
        try same("requests") { try $0.sparePartRequests(through: nil) }
        try same("quarantineTallies") { try $0.quarantineTallies() }
        let limits = Dictionary(rules.ruleSet.ageRules.map { ($0.componentType, 400) }, uniquingKeysWith: min)
        for night in nights + [LocalDate("2026-11-10")!] {
            let window = night.adding(days: -40)..<night.adding(days: 1)
            try same("assets \(night)") { try $0.assets(asOf: night) }
            try same("components \(night)") { try $0.components(asOf: night) }
            try same("currentComponents \(night)") { try $0.currentComponents(asOf: night) }
            if !limits.isEmpty {
                try same("nearestLimit \(night)") {
                    try $0.currentComponentsNearestLimit(asOf: night, limitDays: limits, count: 7)
                }
            }
            try same("engineers \(night)") { try $0.engineers(asOf: night) }
            try same("parts \(night)") { try $0.parts(asOf: night) }
            try same("failures \(night)") { try $0.failures(asOf: night) }
            try same("headers \(night)") { try $0.workOrderHeaders(asOf: night) }
            try same("events \(night)") {
                try $0.events(asOf: night, before: Instant(milliseconds: Int64(night.dayNumber + 1) * 86_400_000))
                    .map { "\($0.event) \($0.header)" }
            }
            // The window reads (issue 12): SQLite answers with its queries, PostgreSQL with the protocol's
            // whole-history defaults.
            let cut = Instant(milliseconds: Int64(night.dayNumber + 1) * 86_400_000)
            try same("eventStatuses \(night)") {
                var rows: [EventStatusRow] = []
                try $0.forEachEventStatus(asOf: night, before: cut) { rows.append($0) }
                return rows
            }
            try same("headerSummaries \(night)") { try $0.headerSummaries(asOf: night) }
            let some = try states[0].headerSummaries(asOf: night).prefix(9).map(\.woID) + ["nobody"]
            try same("headers of some \(night)") { try $0.workOrderHeaders(asOf: night, ids: some) }
            try same("events of some \(night)") {
                try $0.events(asOf: night, before: cut, ids: some).map { "\($0.event) \($0.header)" }
            }
            let statuses = Array(Set(try states[0].events(asOf: night, before: cut).map(\.event.rawStatus))).sorted()
            try same("firstEventTimes \(night)") {
                try $0.firstEventTimes(asOf: night, before: cut, ids: some, statuses: Array(statuses.dropFirst()))
                    .sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            }
            let issued = try states[0].preventiveWorkOrders(through: night).map(\.id)
            try same("issuedIDs \(night)", mayBeEmpty: issued.isEmpty) {
                try $0.issuedIDs(among: Array(issued.prefix(3)) + ["nobody"], through: night).sorted()
            }
            try same("issuedOutsideHistory \(night)", mayBeEmpty: true) {
                try $0.issuedOutsideHistory(asOf: night, before: cut)
            }
            try same("dailyAlerts \(night)") { try $0.dailyAlerts(days: window, asOf: night, assetID: nil) }
            try same("dailyAlerts EL-000001 \(night)") {
                try $0.dailyAlerts(days: window, asOf: night, assetID: "EL-000001")
            }
            try same("alertTotals \(night)") { try $0.alertTotals(days: window, asOf: night).map { "\($0)" } }
            try same("knownAlertCodes \(night)") { try $0.knownAlertCodes(asOf: night) }
            try same("knownComponentTypes \(night)") { try $0.knownComponentTypes(asOf: night) }
            let codes = try states[0].knownAlertCodes(asOf: night)
            try same("alertAggregates \(night)") { try $0.alertAggregates(codes: codes, days: window, asOf: night) }
            // The late file (dropped on the 22nd) is there from the 22nd on.
            try same("lateAlertSources \(night)", mayBeEmpty: night < nights[1]) {
                try $0.lateAlertSources(codes: codes, days: window, asOf: night, assetID: "EL-000002")
                    + $0.lateAlertSources(codes: codes, days: window, asOf: night, assetID: "EL-000001")
            }
        }
        try same("suppressedTriggers", mayBeEmpty: true) { state in try nights.map { try state.suppressedTriggers(night: $0) } }
        try same("suppressedTriggerCounts") {
            try $0.suppressedTriggerCounts(nights: nights[0]...nights[2]).map { "\($0)" } + ["counted"]
        }
        try same("lastSequence") {
            try [$0.lastSequence(prefix: "WD", date: nights[2]), $0.lastSequence(prefix: "PR", date: nights[2])]
        }
        #expect(try states[0].knownAlertCodes(asOf: nights[2]).contains("é"))
    }
}

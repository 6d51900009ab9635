import Foundation
import GRDB
import PMBatchCore
@testable import PMBatchStore
import Testing
import TestSupport

/// States written by earlier versions, migrated by opening them as a deployed nightly job would.
@Suite("State store: migrations from older states")
struct MigrationTests {
    typealias F = StoreFixture

    /// A state file migrated up to `version` (included) by the real migrator, filled by `fill`.
    static func oldState(upTo version: String, _ fill: (Database) throws -> Void) throws -> String {
        let path = try TestPaths.makeScratchDirectory("pmbatch-migration").appendingPathComponent("state.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try StateMigrator.migrator.migrate(queue, upTo: version)
        try queue.write(fill)
        try queue.close()
        return path
    }

    @Test("v3 → v4: telemetry_daily rows move to alert_day with integer keys; the view and the queries see them")
    func v3ToV4() throws {
        let d20 = F.day("2026-11-20"), d21 = F.day("2026-11-21")
        let path = try Self.oldState(upTo: "v3-telemetry-day-index") { db in
            #expect(try db.tableExists("telemetry_daily") && !(try db.tableExists("alert_day")))
            try db.execute(sql: """
                INSERT INTO manifest(id, path, kind, size, mtime, content_hash, drop_date, status, ingest_seq)
                VALUES (1, 't/2026-11-20/a.csv', 'telemetry', 10, 1, 'h', ?, 'ok', 1),
                       (2, 't/2026-11-22/b.csv', 'telemetry', 10, 1, 'h', ?, 'ok', 2)
                """, arguments: [d20.dayNumber, d21.adding(days: 1).dayNumber])
            try db.execute(sql: """
                INSERT INTO telemetry_daily(file_id, asset_id, code, day, drop_date, count, value_count, value_min,
                                            value_max, value_sum)
                VALUES (1, 'A', 'x', ?, ?, 3, 1, 2.5, 2.5, 2.5),
                       (1, 'B', 'x', ?, ?, 4, 0, 0, 0, 0),
                       (1, 'A', 'y', ?, ?, 5, 0, 0, 0, 0),
                       (2, 'A', 'x', ?, ?, 6, 0, 0, 0, 0)
                """, arguments: [d20.dayNumber, d20.dayNumber, d20.dayNumber, d20.dayNumber,
                                 d21.dayNumber, d20.dayNumber, d21.dayNumber, d21.adding(days: 1).dayNumber])
        }
        let store = try StateStore(path: path)
        let window = d20..<d21.adding(days: 1)
        // File 2 (dropped 11-22, after its day 11-21) is late: counted as of 11-22, not in time.
        #expect(try F.alertCounts(store, codes: ["x"], days: window, asOf: F.day("2026-11-22")) == ["A": 9, "B": 4])
        #expect(try F.alertCounts(store, codes: ["x"], days: window, asOf: F.day("2026-11-22"), inTimeOnly: true)
            == ["A": 3, "B": 4])
        #expect(try F.alertCounts(store, codes: ["x"], days: window, asOf: d21) == ["A": 3, "B": 4])
        #expect(try store.dailyAlerts(days: window, asOf: F.day("2026-11-22")).map {
            "\($0.assetID) \($0.code) \($0.day) \($0.count) \($0.valueCount) \($0.valueSum)"
        } == ["A x 2026-11-20 3 1 2.5", "A x 2026-11-21 6 0 0.0", "A y 2026-11-21 5 0 0.0", "B x 2026-11-20 4 0 0.0"])
        #expect(try store.knownAlertCodes(asOf: d21) == ["x", "y"])

        let check = try DatabaseQueue(path: path)
        try check.read { db in
            #expect(try String.fetchAll(db, sql: "SELECT name || '/' || kind FROM alert_key ORDER BY kind, name")
                == ["A/asset", "B/asset", "x/code", "y/code"])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alert_day") == 4)
            #expect(try String.fetchOne(db, sql: "SELECT type FROM sqlite_master WHERE name = 'telemetry_daily'")
                == "view")
            let rows = try Row.fetchAll(db, sql: """
                SELECT file_id, asset_id, code, day, drop_date, count FROM telemetry_daily
                ORDER BY file_id, asset_id, code
                """).map { "\($0[0] as Int) \($0[1] as String) \($0[2] as String) \($0[5] as Int)" }
            #expect(rows == ["1 A x 3", "1 A y 5", "1 B x 4", "2 A x 6"])
        }
        try check.close()
    }

    @Test("v4 → v6: old files arrived in time, old orders carry no late input, old nights count as written")
    func v4Defaults() throws {
        let night = F.day("2026-11-20")
        let path = try Self.oldState(upTo: "v4-alert-day-integer-keys") { db in
            try db.execute(sql: """
                INSERT INTO manifest(id, path, kind, size, mtime, content_hash, drop_date, status, ingest_seq)
                VALUES (1, 'assets.csv', 'assets', 10, 1, 'h', NULL, 'ok', 1)
                """)
            try db.execute(sql: "INSERT INTO night(as_of, rules_digest) VALUES (?, 'd')", arguments: [night.dayNumber])
            try db.execute(sql: """
                INSERT INTO preventive_work_order(id, night, rule_id, rule_kind, trigger_key, asset_id, site_id,
                    customer_id, related_assets, skill, evidence, action, priority, engineer_id, due_date,
                    alert_codes, alert_from, alert_to)
                VALUES ('WD2026112000001', ?, 'r', 'alert', 'k', 'A', 'S', 'C', '', 's', 'e', 'a', 'normal', '', ?,
                        'x', NULL, NULL)
                """, arguments: [night.dayNumber, night.adding(days: 7).dayNumber])
        }
        let store = try StateStore(path: path)
        #expect(try store.manifest().map(\.arrival) == [.inTime])
        #expect(try store.processedNights() == [night])
        #expect(try store.nightsAwaitingOutput().isEmpty)
        #expect(try store.preventiveWorkOrders().map(\.lateInput) == [""])
        // The stored defaults themselves (`.inTime` would also come from an unknown word).
        let check = try DatabaseQueue(path: path)
        try check.read { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT arrival, arrived_after FROM manifest"))
            #expect(row["arrival"] as String == "")
            #expect(row["arrived_after"] as Int? == nil)
            #expect(try Int.fetchOne(db, sql: "SELECT written FROM night") == 1)
        }
        try check.close()
        // A night recorded after the migration waits for its outputs.
        try store.recordNight(night.adding(days: 1), plan: NightPlan(), rulesDigest: "d")
        #expect(try store.nightsAwaitingOutput() == [night.adding(days: 1)])
    }

    @Test("v6 → v7: work-order files stored before count as relevant to every period; others get no row")
    func v6ToV7() throws {
        let night = F.day("2026-11-20")
        let path = try Self.oldState(upTo: "v6-night-written") { db in
            try db.execute(sql: """
                INSERT INTO manifest(id, path, kind, size, mtime, content_hash, drop_date, status, ingest_seq)
                VALUES (1, 'assets.csv', 'assets', 10, 1, 'h', NULL, 'ok', 1),
                       (2, 'work_orders/2026-11-20/a.csv', 'work_orders', 10, 1, 'h', ?, 'ok', 2),
                       (3, 'work_order_events/2026-11-20/a.csv', 'work_order_events', 10, 1, 'h', ?, 'ok', 3),
                       (4, 'work_order_events/2026-11-20/b.csv', 'work_order_events', 10, 1, 'h', ?, 'rejected', 4)
                """, arguments: [night.dayNumber, night.dayNumber, night.dayNumber])
        }
        let store = try StateStore(path: path)
        let check = try DatabaseQueue(path: path)
        try check.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT file_id, relevance FROM work_order_file ORDER BY file_id")
            #expect(rows.map { $0["file_id"] as Int64 } == [2, 3])
            #expect(rows.allSatisfy { $0["relevance"] as Int64 == Int64.min })
        }
        try check.close()
        // A stamp taken before the files became visible sees them arrive, reaching back to the beginning.
        let stamp = KPICacheStamp(asOf: night.adding(days: -1), maxFileID: 4, files: 0)
        #expect(try store.workOrderInputChanged(since: stamp, asOf: night) == Instant(milliseconds: Int64.min))
        #expect(try store.workOrderInputChanged(since: try store.kpiCacheStamp(asOf: night), asOf: night) == nil)
    }
}

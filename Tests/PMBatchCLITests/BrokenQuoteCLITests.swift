import Foundation
import PMBatchCore
import PMBatchStore
import TestSupport
import Testing

/// Issue 10, item 3: an unterminated quote in line 3 of an events file used to take the events after it
/// with it (here the quote paired with the one before `"photo-1"` in line 4, so WO-1's `technical_closed`
/// vanished and the closure audit reported WO-1 as a false closure, exit 0).
@Suite("pmbatch run: a broken quote costs only its own line")
struct BrokenQuoteCLITests {
    static let events = """
        wo_id,ts,status,actor,evidence,note
        WO-1,2026-11-23T08:00:00Z,acknowledged,E-1,,"on the way"
        WO-1,2026-11-23T08:30:00Z,on_site,E-1,,"door stuck, waiting
        WO-1,2026-11-23T09:00:00Z,technical_closed,E-1,"photo-1","replaced, tested"
        WO-1,2026-11-23T09:10:00Z,delivery_confirmed,E-1,"sig-1",
        WO-1,2026-11-23T09:20:00Z,financial_closed,E-1,"inv-1",
        WO-1,2026-11-23T09:30:00Z,closed,E-1,,
        WO-2,2026-11-23T10:00:00Z,acknowledged,E-1,,
        WO-2,2026-11-23T11:00:00Z,technical_closed,E-1,"photo-2","lubricated"
        WO-2,2026-11-23T11:10:00Z,delivery_confirmed,E-1,"sig-2",
        WO-2,2026-11-23T11:20:00Z,financial_closed,E-1,"inv-2",
        WO-2,2026-11-23T11:30:00Z,closed,E-1,,
        WO-3,2026-11-23T12:00:00Z,acknowledged,E-1,,
        WO-3,2026-11-23T13:00:00Z,technical_closed,E-1,"photo-3","adjusted, ok"
        WO-3,2026-11-23T13:10:00Z,delivery_confirmed,E-1,"sig-3",
        WO-3,2026-11-23T13:20:00Z,financial_closed,E-1,"inv-3",
        WO-3,2026-11-23T13:30:00Z,closed,E-1,,
        WO-4,2026-11-23T14:00:00Z,acknowledged,E-1,,"called"

        """

    @Test("an unterminated quote in line 3: the 15 events after it are read, no false closure invented")
    func unterminatedQuoteInAnEventsFile() throws {
        let root = try TestPaths.makeScratchDirectory("pmbatch-broken-quote")
        let data = root.appendingPathComponent("data")
        try TestPaths.write("asset_id,site_id,region\nEL-1,S-1,east\n", to: "assets.csv", under: data)
        try TestPaths.write("ts,asset_id,code\n2026-11-24T01:00:00Z,EL-1,door_open_delay\n",
                            to: "telemetry/2026-11-24/t.csv", under: data)
        try TestPaths.write("""
            wo_id,created_at,asset_id,customer_id,channel,fault_code
            WO-1,2026-11-23T07:50:00Z,EL-1,C-1,phone,F-DOOR
            WO-2,2026-11-23T09:50:00Z,EL-1,C-1,phone,F-DOOR
            WO-3,2026-11-23T11:50:00Z,EL-1,C-1,phone,F-DOOR
            WO-4,2026-11-23T13:50:00Z,EL-1,C-1,phone,F-DOOR

            """, to: "work_orders/2026-11-23/w.csv", under: data)
        try TestPaths.write(Self.events, to: "work_order_events/2026-11-23/e.csv", under: data)
        let db = root.appendingPathComponent("state.sqlite").path
        let out = root.appendingPathComponent("out")
        let run = try CLI.run(["run", "--data", data.path, "--as-of", "2026-11-24", "--db", db, "--out", out.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")

        let store = try StateStore(path: db)
        let asOf = LocalDate("2026-11-24")!
        let events = try store.events(asOf: asOf, before: Instant(milliseconds: Int64.max))
        #expect(events.count == 16, "line 2 and the 15 events after line 3")
        #expect(events.contains { $0.event.woID == "WO-1" && $0.event.rawStatus == "technical_closed" })
        let quarantined = try store.quarantinedRows()
        #expect(quarantined.map(\.line) == [3])
        #expect(quarantined.first?.file == "work_order_events/2026-11-23/e.csv")
        #expect(quarantined.first?.reason == .unterminatedQuote)
        #expect(quarantined.first?.field == "note")
        #expect(quarantined.first?.raw == "WO-1,2026-11-23T08:30:00Z,on_site,E-1,,\"door stuck, waiting")

        let runJSON = try JSONSerialization.jsonObject(
            with: Data(contentsOf: out.appendingPathComponent("2026-11-24/run.json"))) as? [String: Any]
        let audit = try #require(runJSON?["closure_audit"] as? [String: Any])
        let falseClosures = try #require(audit["false_closures"] as? [Any])
        #expect(falseClosures.isEmpty, "\(falseClosures)")
        let quality = try #require(runJSON?["data_quality"] as? [String: Any])
        #expect(quality["quarantined"] as? Int == 1)
    }
}

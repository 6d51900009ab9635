import PMBatchCore
import PMBatchStore
import Testing

/// Nights, their plans and the IDs issued.
@Suite("State store: nights and plans")
struct NightQueryTests {
    typealias F = StoreFixture

    @Test("processedNights: oldest first; a second recordNight of a night is refused and stores nothing")
    func processedNights() throws {
        let store = try StateStore()
        #expect(try store.processedNights().isEmpty)
        let first = F.order("WD2026112200001", night: "2026-11-22")
        try store.recordNight(F.day("2026-11-22"), plan: NightPlan(workOrders: [first]), rulesDigest: "d")
        try store.recordNight(F.day("2026-11-20"), plan: NightPlan(), rulesDigest: "d")
        #expect(try store.processedNights() == [F.day("2026-11-20"), F.day("2026-11-22")])
        // Another plan for night 11-22: refused whole, so its new order is not stored either.
        #expect(throws: StoreError.self) {
            let second = F.order("WD2026112200002", night: "2026-11-22", asset: "B")
            try store.recordNight(F.day("2026-11-22"), plan: NightPlan(workOrders: [second]), rulesDigest: "other")
        }
        #expect(try store.preventiveWorkOrders().map(\.id) == ["WD2026112200001"])
        #expect(try store.processedNights() == [F.day("2026-11-20"), F.day("2026-11-22")])
    }

    @Test("firstNight: nil until set; the last set wins")
    func firstNight() throws {
        let store = try StateStore()
        #expect(try store.firstNight() == nil)
        try store.setFirstNight(F.day("2026-11-20"))
        #expect(try store.firstNight() == F.day("2026-11-20"))
        try store.setFirstNight(F.day("2026-11-18"))
        #expect(try store.firstNight() == F.day("2026-11-18"))
    }

    @Test("nightsAwaitingOutput: recorded nights not marked written, oldest first")
    func nightsAwaitingOutput() throws {
        let store = try StateStore()
        for night in ["2026-11-22", "2026-11-20", "2026-11-21"] {
            try store.recordNight(F.day(night), plan: NightPlan(), rulesDigest: "d")
        }
        #expect(try store.nightsAwaitingOutput() == [F.day("2026-11-20"), F.day("2026-11-21"), F.day("2026-11-22")])
        try store.markNightWritten(F.day("2026-11-21"))
        try store.markNightWritten(F.day("2026-11-30"))  // not a recorded night: nothing happens
        #expect(try store.nightsAwaitingOutput() == [F.day("2026-11-20"), F.day("2026-11-22")])
        #expect(try store.processedNights().count == 3)
    }

    @Test("lastSequence: the highest of the date's IDs of that prefix, from the prefix's table")
    func lastSequence() throws {
        let store = try StateStore()
        let d24 = F.day("2026-11-24"), d25 = F.day("2026-11-25")
        try store.recordNight(d24, plan: NightPlan(
            workOrders: [F.order("WD2026112400012", night: "2026-11-24"),
                         F.order("WD2026112400007", night: "2026-11-24"),
                         F.order("WD2026112400009", night: "2026-11-24")],
            requests: [F.request("PR2026112400003", night: "2026-11-24", order: "WD2026112400007")]), rulesDigest: "d")
        try store.recordNight(d25, plan: NightPlan(
            workOrders: [F.order("WD2026112500099", night: "2026-11-25")]), rulesDigest: "d")
        #expect(try store.lastSequence(prefix: "WD", date: d24) == 12)
        #expect(try store.lastSequence(prefix: "WD", date: d25) == 99)
        #expect(try store.lastSequence(prefix: "PR", date: d24) == 3)
        #expect(try store.lastSequence(prefix: "PR", date: d25) == 0)
        #expect(try store.lastSequence(prefix: "WD", date: F.day("2026-11-23")) == 0)
    }

    @Test("orders and requests through a night, by ID; suppressed triggers of one night, by rule, site, asset")
    func plansThroughNight() throws {
        let store = try StateStore()
        func s(_ night: String, _ rule: String, _ site: String, _ asset: String) -> SuppressedTrigger {
            SuppressedTrigger(night: F.day(night), ruleID: rule, triggerKey: "\(rule)|\(site)|\(asset)",
                              assetID: asset, siteID: site, skill: "s", evidence: "e", blockingID: "WD1")
        }
        try store.recordNight(F.day("2026-11-21"), plan: NightPlan(
            workOrders: [F.order("WD2026112100002", night: "2026-11-21"),
                         F.order("WD2026112100001", night: "2026-11-21")],
            requests: [F.request("PR2026112100002", night: "2026-11-21", order: "WD2026112100001"),
                       F.request("PR2026112100001", night: "2026-11-21", order: "WD2026112100002")],
            suppressed: [s("2026-11-21", "b", "S1", "A"), s("2026-11-21", "a", "S2", "A"),
                         s("2026-11-21", "a", "S1", "B"), s("2026-11-21", "a", "S1", "A")]), rulesDigest: "d")
        try store.recordNight(F.day("2026-11-20"), plan: NightPlan(
            workOrders: [F.order("WD2026112000001", night: "2026-11-20")],
            requests: [F.request("PR2026112000001", night: "2026-11-20", order: "WD2026112000001")],
            suppressed: [s("2026-11-20", "a", "S0", "Z")]), rulesDigest: "d")
        #expect(try store.preventiveWorkOrders().map(\.id)
            == ["WD2026112000001", "WD2026112100001", "WD2026112100002"])
        #expect(try store.preventiveWorkOrders(through: F.day("2026-11-20")).map(\.id) == ["WD2026112000001"])
        #expect(try store.preventiveWorkOrders(through: F.day("2026-11-19")).isEmpty)
        #expect(try store.sparePartRequests().map(\.id) == ["PR2026112000001", "PR2026112100001", "PR2026112100002"])
        #expect(try store.sparePartRequests(through: F.day("2026-11-20"))
            == [F.request("PR2026112000001", night: "2026-11-20", order: "WD2026112000001")])
        #expect(try store.suppressedTriggers(night: F.day("2026-11-21"))
            .map { "\($0.ruleID) \($0.siteID) \($0.assetID)" } == ["a S1 A", "a S1 B", "a S2 A", "b S1 A"])
        #expect(try store.suppressedTriggers(night: F.day("2026-11-20")) == [s("2026-11-20", "a", "S0", "Z")])
    }
}

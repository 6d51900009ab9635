import Foundation
import PMBatchConfig
import PMBatchCore
@testable import PMBatchNight
import PMBatchReport
import PMBatchStore
import Testing
import TestSupport

/// The straightforward reference the window reads are checked against: every night reads the whole history
/// and every order pmbatch ever issued, as the nights did before issue 12.
enum WholeHistory {
    static func trigger(_ store: any NightState, _ night: LocalDate, _ cutoff: Instant, _ rules: RuleSet) throws
        -> TriggerHistory
    {
        let issued = try store.preventiveWorkOrders(through: night)
        let history = WorkOrderHistory.build(headers: try store.workOrderHeaders(asOf: night),
                                             events: try store.events(asOf: night, before: cutoff), rules: rules)
        let issuedIDs = Set(issued.map(\.id))
        let load = WorkOrderHistory(orders: history.orders.filter { !issuedIDs.contains($0.header.woID) })
            .openAssignments
        return TriggerHistory(issued: issued, closedIDs: history.closedIDs, openHistoryAssignments: load)
    }

    static func report(_ store: any NightState, _ asOf: LocalDate, _ cutoff: Instant, _ periods: [Period],
                       _ rules: RuleSet) throws -> ReportHistory {
        let orders = try store.preventiveWorkOrders(through: asOf)
        let history = WorkOrderHistory.build(headers: try store.workOrderHeaders(asOf: asOf),
                                             events: try store.events(asOf: asOf, before: cutoff), rules: rules)
        let merged = ReportJob.historyWithPreventiveOrders(history, orders: orders, zone: rules.zone)
        return ReportHistory(history: history, preventiveOrders: orders, workOrderCount: merged.orders.count,
                             eventCount: merged.orders.reduce(0) { $0 + $1.events.count },
                             unmappedStatuses: history.unmappedStatuses)
    }
}

@Suite("A night reads its window: the same orders, IDs, suppressions and KPIs as reading the whole history")
struct WorkOrderWindowTests {
    static let live = LocalDate("2026-07-10")!
    static let middle = LocalDate("2026-08-15")!
    static let last = LocalDate("2026-11-24")!

    /// Old orders that matter long after their last event (open, complete but not closed, reopened), one that
    /// does not (closed), one known only from its events, one open only at the baseline's end, one whose header
    /// says it was created after its events, and a late drop that changes two of them.
    ///
    /// And pairs of the same customer and fault code whose earlier order is created in the recurrence window
    /// before a period and finished before it (read by header and void time only): cancelled (in another
    /// system's word) before the previous period's end (no repeat), cancelled only after the baseline's end (a repeat in the baseline), known only
    /// from its events (a repeat).
    static let legacyHeaders = """
        wo_id,created_at,asset_id,customer_id,channel,fault_code,kind,priority,engineer_id,description
        LEG-OPEN,2026-06-29T09:00:00+08:00,EL-000001,C-0001,phone,door_fault,corrective,normal,E-0001,open since June
        LEG-DONE,2026-06-29T09:10:00+08:00,EL-000002,C-0001,phone,door_fault,corrective,normal,E-0002,complete
        LEG-REOPEN,2026-06-29T09:20:00+08:00,EL-000003,C-0002,app,door_fault,corrective,urgent,E-0001,reopened
        LEG-CLOSED,2026-06-29T09:30:00+08:00,EL-000004,C-0002,app,door_fault,corrective,normal,E-0003,closed
        LEG-BASE,2026-02-01T09:00:00+08:00,EL-000007,C-0004,phone,noise,corrective,normal,E-0001,open at baseline end
        LEG-LATEHEAD,2026-11-01T09:00:00+08:00,EL-000008,C-0004,phone,noise,corrective,normal,E-0002,odd times
        LEG-GONE,2026-06-29T09:40:00+08:00,EL-000009,C-0005,phone,noise,corrective,normal,E-0003,events re-sent away
        LEG-VB1,2026-03-20T09:00:00+08:00,EL-000011,C-0902,phone,leak,corrective,normal,E-0001,void after baseline
        LEG-VB2,2026-04-10T09:00:00+08:00,EL-000011,C-0902,phone,leak,corrective,normal,E-0001,a repeat

        """
    static let legacyEvents = """
        wo_id,ts,status,actor,evidence,note,asset_id,customer_id,channel,fault_code,priority
        LEG-OPEN,2026-06-29T09:00:00+08:00,submitted,C-0001,,,,,,,
        LEG-DONE,2026-06-29T09:10:00+08:00,submitted,C-0001,,,,,,,
        LEG-DONE,2026-06-30T10:00:00+08:00,technical_closed,E-0002,photo.jpg,,,,,,
        LEG-DONE,2026-06-30T11:00:00+08:00,delivery_confirmed,C-0001,signature,,,,,,
        LEG-DONE,2026-06-30T12:00:00+08:00,financial_closed,FIN-01,INV-1,,,,,,
        LEG-DONE,2026-06-30T12:00:00+08:00,financial_closed,FIN-01,INV-1,,,,,,
        LEG-REOPEN,2026-06-29T09:20:00+08:00,submitted,C-0002,,,,,,,
        LEG-REOPEN,2026-06-30T10:00:00+08:00,technical_closed,E-0001,photo.jpg,,,,,,
        LEG-REOPEN,2026-06-30T11:00:00+08:00,closed,PLANNER-01,,,,,,,
        LEG-REOPEN,2026-06-30T12:00:00+08:00,reopened,C-0002,,problem came back,,,,,
        LEG-CLOSED,2026-06-29T09:30:00+08:00,submitted,C-0002,,,,,,,
        LEG-CLOSED,2026-06-30T10:00:00+08:00,technical_closed,E-0003,a,,,,,,
        LEG-CLOSED,2026-06-30T11:00:00+08:00,delivery_confirmed,C-0002,b,,,,,,
        LEG-CLOSED,2026-06-30T12:00:00+08:00,financial_closed,FIN-01,c,,,,,,
        LEG-CLOSED,2026-06-30T13:00:00+08:00,closed,PLANNER-01,,,,,,,
        LEG-EVONLY,2026-06-29T10:00:00+08:00,submitted,C-0003,,,EL-000005,C-0003,phone,noise,normal
        LEG-EVONLY,2026-06-29T11:00:00+08:00,on_site,E-0002,,,EL-000005,C-0003,phone,noise,normal
        LEG-ODD,2026-06-29T12:00:00+08:00,parked_by_legacy_tool,E-0001,,,EL-000006,C-0003,phone,noise,normal
        LEG-BASE,2026-02-01T09:00:00+08:00,submitted,C-0004,,,,,,,
        LEG-BASE,2026-07-05T09:00:00+08:00,technical_closed,E-0001,photo.jpg,,,,,,
        LEG-BASE,2026-07-05T10:00:00+08:00,closed,PLANNER-01,,,,,,,
        LEG-LATEHEAD,2026-07-01T09:00:00+08:00,submitted,C-0004,,,,,,,
        LEG-LATEHEAD,2026-07-01T10:00:00+08:00,cancelled,PLANNER-01,,,,,,,
        LEG-GONE,2026-06-29T09:40:00+08:00,submitted,C-0005,,,,,,,
        LEG-GONE,2026-06-30T10:00:00+08:00,cancelled,PLANNER-01,,,,,,,
        LEG-VB1,2026-03-20T09:00:00+08:00,submitted,C-0902,,,,,,,
        LEG-VB1,2026-03-21T09:00:00+08:00,technical_closed,E-0001,photo.jpg,,,,,,
        LEG-VB1,2026-06-20T09:00:00+08:00,cancelled,PLANNER-01,,,,,,,
        LEG-VB2,2026-04-10T09:00:00+08:00,submitted,C-0902,,,,,,,

        """
    /// Dropped late on 2026-10-04: the pairs of the previous period.
    static let autumnHeaders = """
        wo_id,created_at,asset_id,customer_id,channel,fault_code,kind,priority,engineer_id,description
        LEG-VP1,2026-09-10T09:00:00+08:00,EL-000010,C-0901,phone,leak,corrective,normal,E-0001,void before
        LEG-VP2,2026-10-01T09:00:00+08:00,EL-000010,C-0901,phone,leak,corrective,normal,E-0001,not a repeat
        LEG-VH2,2026-10-03T09:00:00+08:00,EL-000012,C-0903,phone,leak,corrective,normal,E-0001,a repeat

        """
    static let autumnEvents = """
        wo_id,ts,status,actor,evidence,note,asset_id,customer_id,channel,fault_code,priority
        LEG-VP1,2026-09-10T09:00:00+08:00,submitted,C-0901,,,,,,,
        LEG-VP1,2026-09-10T15:00:00+08:00,technical_closed,E-0001,photo.jpg,,,,,,
        LEG-VP1,2026-09-11T09:00:00+08:00,Storniert,PLANNER-01,,,,,,,
        LEG-VP2,2026-10-01T09:00:00+08:00,submitted,C-0901,,,,,,,
        LEG-VH1,2026-09-12T09:00:00+08:00,submitted,C-0903,,,EL-000012,C-0903,phone,leak,normal
        LEG-VH1,2026-09-12T15:00:00+08:00,technical_closed,E-0002,photo.jpg,,EL-000012,C-0903,phone,leak,normal
        LEG-VH2,2026-10-03T09:00:00+08:00,submitted,C-0903,,,,,,,

        """
    /// Dropped in November with July times: LEG-CLOSED comes back, LEG-OPEN is closed at last.
    static let lateEvents = """
        wo_id,ts,status,actor,evidence,note,asset_id,customer_id,channel,fault_code,priority
        LEG-CLOSED,2026-07-02T09:00:00+08:00,reopened,C-0002,,came back,,,,,
        LEG-OPEN,2026-07-03T09:00:00+08:00,technical_closed,E-0001,photo.jpg,,,,,,
        LEG-OPEN,2026-07-03T10:00:00+08:00,closed,PLANNER-01,,,,,,,

        """

    /// One state run through the nights with `trigger` and `report` as its history readers.
    struct Run {
        let state: StateStore
        let data: URL
        let rules: LoadedRules
        var plans: [LocalDate: NightPlan] = [:]

        /// Evaluates the nights after the last one evaluated through `last`, each after ingesting its drops,
        /// as the nightly job does (so each night sees all stored input, and retires finished orders).
        mutating func evaluate(through last: LocalDate,
                               reader: @escaping (any NightState, LocalDate, Instant, RuleSet) throws -> TriggerHistory)
            throws
        {
            var night = plans.keys.max().map { $0.adding(days: 1) } ?? WorkOrderWindowTests.live
            while night <= last {
                _ = try IngestJob(dataDirectory: data.path, asOf: night, rules: rules.ruleSet).run(into: state)
                var job = TriggerJob(asOf: night, rules: rules, firstNight: WorkOrderWindowTests.live)
                job.readHistory = reader
                let result = try job.run(on: state)
                #expect(result.waiting == nil)
                for (n, plan) in result.evaluated { plans[n] = plan }
                night = night.adding(days: 1)
            }
        }

        func report(_ night: LocalDate, reader: @escaping (any NightState, LocalDate, Instant, [Period], RuleSet) throws
                        -> ReportHistory) throws -> NightReport {
            var job = ReportJob(asOf: night, rules: rules, language: .en)
            job.readHistory = reader
            // Two trend periods, not twelve: twelve reach back further than this fleet's 240 days, and the
            // window would then hold every order.
            job.trendPeriods = 2
            // Every period computed from what was read (figures kept between nights are another suite's).
            job.usesKPICache = false
            return try job.build(from: state, plan: plans[night] ?? NightPlan())
        }
    }

    @Test("generated fleet, old open/complete/reopened orders, late drops, closed and reopened WDs: plans, reports equal")
    func windowEqualsWholeHistory() throws {
        let root = try TestPaths.makeScratchDirectory("pmbatch-window")
        let data = root.appendingPathComponent("data")
        let generated = try CLI.run(["generate", "--out", data.path, "--seed", "3", "--assets", "40", "--days", "240",
                                     "--end", "2026-11-24"])
        #expect(generated.status == 0, "\(generated.stderr)")
        try TestPaths.write(Self.legacyHeaders, to: "work_orders/2026-07-01/legacy.csv", under: data)
        try TestPaths.write(Self.legacyEvents, to: "work_order_events/2026-07-01/legacy.csv", under: data)
        try TestPaths.write(Self.autumnHeaders, to: "work_orders/2026-10-04/autumn.csv", under: data)
        try TestPaths.write(Self.autumnEvents, to: "work_order_events/2026-10-04/autumn.csv", under: data)
        try TestPaths.write(Self.lateEvents, to: "work_order_events/2026-11-18/late.csv", under: data)
        // Another system's word for cancelled (LEG-VP1's): the void time is looked up by raw status.
        let rulesPath = data.appendingPathComponent("rules.toml").path
        try (String(contentsOfFile: rulesPath, encoding: .utf8) + "\n[status_map]\nStorniert = \"cancelled\"\n")
            .write(toFile: rulesPath, atomically: true, encoding: .utf8)
        let rules = try RulesLoader.load(path: rulesPath)

        var window = Run(state: try StateStore(), data: data, rules: rules)
        var whole = Run(state: try StateStore(), data: data, rules: rules)
        try window.evaluate(through: Self.middle, reader: TriggerHistory.read)
        try whole.evaluate(through: Self.middle, reader: WholeHistory.trigger)

        // The field reports on pmbatch's early orders: one closed, one closed and reopened, one cancelled, and
        // one closed in a file that comes late.
        let issued = try window.state.preventiveWorkOrders(through: Self.middle)
        let early = issued.prefix(4).map(\.id)
        #expect(early.count == 4)
        let header = "wo_id,ts,status,actor,evidence,note,asset_id,customer_id,channel,fault_code,priority\n"
        // Every later alert order closed the day after it was issued: the cooldowns and the month's keys
        // must still see them.
        let alertOrders = issued.dropFirst(4).filter { $0.ruleKind == .alert }
        #expect(alertOrders.count >= 3)
        try TestPaths.write(header + alertOrders.map {
            "\($0.id),\($0.night.adding(days: 1))T10:00:00+08:00,technical_closed,E-0001,photo.jpg,,,,,,\n"
        }.joined(), to: "work_order_events/2026-08-16/closed-alerts.csv", under: data)
        // The CRM exports them too, with a header row each: finished before a period, they are still read in
        // full (PM compliance asks when they were closed).
        try TestPaths.write(Self.legacyHeaders.split(separator: "\n")[0] + "\n" + alertOrders.map {
            "\($0.id),\($0.night.adding(days: 1))T00:00:00+08:00,\($0.assetID),\($0.customerID),preventive,,preventive,"
                + "\($0.priority),\($0.engineerID),from pmbatch\n"
        }.joined(), to: "work_orders/2026-08-16/crm-wd.csv", under: data)
        try TestPaths.write(header + """
            \(early[0]),2026-07-20T10:00:00+08:00,technical_closed,E-0001,photo.jpg,,,,,,
            \(early[1]),2026-07-20T10:00:00+08:00,closed,PLANNER-01,,,,,,,
            \(early[1]),2026-07-21T10:00:00+08:00,reopened,C-0001,,,,,,,
            \(early[2]),2026-07-20T10:00:00+08:00,cancelled,PLANNER-01,,,,,,,

            """, to: "work_order_events/2026-08-16/wd.csv", under: data)
        try TestPaths.write(header + "\(early[3]),2026-07-25T10:00:00+08:00,technical_closed,E-0002,x,,,,,,\n",
                            to: "work_order_events/2026-11-10/late-wd.csv", under: data)
        // The legacy events file re-sent without LEG-GONE's events (cancelled, long finished): it is open again,
        // known from its header alone.
        try TestPaths.write(Self.legacyEvents.split(separator: "\n", omittingEmptySubsequences: false)
                                .filter { !$0.hasPrefix("LEG-GONE,") }.joined(separator: "\n"),
                            to: "work_order_events/2026-07-01/legacy.csv", under: data)
        try window.evaluate(through: Self.last, reader: TriggerHistory.read)
        try whole.evaluate(through: Self.last, reader: WholeHistory.trigger)

        var night = Self.live
        while night <= Self.last {
            #expect(window.plans[night] != nil && window.plans[night] == whole.plans[night], "plan of \(night)")
            night = night.adding(days: 1)
        }
        // The last night's reads themselves (a night that sees all input reads active orders and asks the
        // retired ones): closed WDs, the engineers' open load.
        let lastCutoff = rules.ruleSet.zone.startOfDay(Self.last.adding(days: 1))
        let windowReads = try TriggerHistory.read(window.state, night: Self.last, cutoff: lastCutoff, rules: rules.ruleSet)
        let wholeReads = try WholeHistory.trigger(window.state, Self.last, lastCutoff, rules.ruleSet)
        #expect(windowReads.closedIDs == wholeReads.closedIDs.intersection(windowReads.issued.map(\.id)))
        #expect(windowReads.closedIDs.count >= 4)
        #expect(windowReads.openHistoryAssignments == wholeReads.openHistoryAssignments)
        #expect(window.plans.values.reduce(0) { $0 + $1.workOrders.count } > 30)
        #expect(window.plans.values.reduce(0) { $0 + $1.suppressed.count } > 0)

        for night in [Self.middle, LocalDate("2026-09-30")!, LocalDate("2026-11-18")!, Self.last] {
            #expect(try window.report(night, reader: ReportHistory.read)
                    == whole.report(night, reader: WholeHistory.report), "report of \(night)")
        }
        // Not vacuous: the last night's window leaves old orders out and keeps those that matter.
        let zone = rules.ruleSet.zone
        let cutoff = zone.startOfDay(Self.last.adding(days: 1))
        let periods = [Period.days(30, endingWith: Self.last, zone: zone),
                       Period.days(30, endingWith: Self.last.adding(days: -30), zone: zone)]
            + [rules.ruleSet.kpi.baseline.map { Period.days(from: $0.lowerBound, through: $0.upperBound, zone: zone) }!]
        let read = try ReportHistory.read(window.state, asOf: Self.last, cutoff: cutoff, periods: periods,
                                          rules: rules.ruleSet)
        let reference = try WholeHistory.report(window.state, Self.last, cutoff, periods, rules.ruleSet)
        let kept = Set(read.history.orders.map(\.header.woID))
        #expect(kept.count * 5 < reference.history.orders.count * 4)
        #expect(kept.isSuperset(of: ["LEG-DONE", "LEG-REOPEN", "LEG-CLOSED", "LEG-EVONLY", "LEG-ODD", "LEG-BASE",
                                      "LEG-LATEHEAD", "LEG-GONE"]))
        #expect(!kept.contains("LEG-OPEN"))
        // Earlier orders of a problem, finished before the periods' recurrence windows end: header and void time
        // only (one known only from its events is read in full); together they are a fifth of what is read.
        let light = Dictionary(uniqueKeysWithValues: read.history.lookBack.map { ($0.header.woID, $0.voidedAt) })
        // 09:00 in Shanghai is 01:00 UTC.
        let nineAM = { (day: String) in Instant(utcMidnightOf: LocalDate(day)!).adding(milliseconds: 3_600_000) }
        #expect(light["LEG-VP1"] == .some(nineAM("2026-09-11")) && light["LEG-VB1"] == .some(nineAM("2026-06-20")))
        #expect(light.keys.contains("LEG-VH1") == false && kept.contains("LEG-VH1"))
        #expect(light.count * 5 > kept.count)
        #expect(read.preventiveOrders.count < reference.preventiveOrders.count)
        #expect(read.unmappedStatuses.map(\.status) == ["parked_by_legacy_tool"])
        // Read a slice of orders at a time, the history is the same as read at once.
        let someIDs = Array(kept) + ["LEG-DONE", "nobody"]
        let lookBackIDs = Array(light.keys) + ["LEG-VH1", "LEG-DONE", "nobody"]
        let void = ["Storniert", "cancelled", "duplicate"]
        let sliced = try ReportHistory.readOrders(window.state, asOf: Self.last, cutoff: cutoff, ids: someIDs,
                                                  lookBack: lookBackIDs, voidStatuses: void, rules: rules.ruleSet,
                                                  perRead: 7)
        #expect(sliced == (try ReportHistory.readOrders(window.state, asOf: Self.last, cutoff: cutoff, ids: someIDs,
                                                        lookBack: lookBackIDs, voidStatuses: void,
                                                        rules: rules.ruleSet, perRead: 100_000)))
        #expect(sliced.orders.count == kept.count && sliced.unmappedStatuses.map(\.status) == ["parked_by_legacy_tool"])
        #expect(sliced.lookBack == read.history.lookBack)

        // The SQLite queries equal the protocol's whole-history defaults (what another backend gets for free).
        for night in [Self.middle, Self.last] {
            let cut = zone.startOfDay(night.adding(days: 1))
            var byQuery: [EventStatusRow] = []
            var byDefault: [EventStatusRow] = []
            try window.state.forEachEventStatus(asOf: night, before: cut) { byQuery.append($0) }
            try WholeHistoryReads.forEachEventStatus(window.state, asOf: night, before: cut) { byDefault.append($0) }
            #expect(byQuery == byDefault && byQuery.count > 1000)
            #expect(try window.state.headerSummaries(asOf: night)
                    == WholeHistoryReads.headerSummaries(window.state, asOf: night))
            #expect(try window.state.issuedOutsideHistory(asOf: night, before: cut)
                    == WholeHistoryReads.issuedOutsideHistory(window.state, asOf: night, before: cut))
            let some = Array(Set(byQuery.map(\.event.woID)).sorted().prefix(40)) + ["LEG-DONE", "nobody"]
            let headers = try window.state.workOrderHeaders(asOf: night).filter { some.contains($0.woID) }
            #expect(try window.state.workOrderHeaders(asOf: night, ids: some) == headers && !headers.isEmpty)
            let events = try window.state.events(asOf: night, before: cut).filter { some.contains($0.event.woID) }
            let selected = try window.state.events(asOf: night, before: cut, ids: some)
            #expect(selected.map(\.event) == events.map(\.event) && selected.map(\.header) == events.map(\.header))
            let voided = some + ["LEG-GONE", "LEG-LATEHEAD", "LEG-VB1", "LEG-VP1"]
            let firstVoid = try window.state.firstEventTimes(asOf: night, before: cut, ids: voided,
                                                             statuses: ["cancelled", "duplicate"])
            #expect(firstVoid == (try WholeHistoryReads.firstEventTimes(window.state, asOf: night, before: cut,
                                                                       ids: voided, statuses: ["cancelled", "duplicate"])))
            #expect(firstVoid.keys.contains("LEG-LATEHEAD") && firstVoid["LEG-DONE"] == nil)
            let issuedIDs = try window.state.preventiveWorkOrders(through: night).map(\.id)
            #expect(try window.state.issuedIDs(among: Array(issuedIDs.prefix(3)) + ["LEG-DONE"], through: night)
                    == Set(issuedIDs.prefix(3)))
        }
    }

    /// A closed order still holds its key (calendar month) and its cooldown (rolling window): the triggers must
    /// read it though it is neither open nor issued tonight.
    @Test("a closed order issued earlier in the month or in the cooldown still stops the same trigger",
          arguments: ["calendar_month", "7d"])
    func closedOrdersKeepKeysAndCooldowns(window: String) throws {
        typealias F = NightFixture
        let f = try NightFixture(rules: """
            [[alert_rule]]
            id = "door"
            code = "door_open_delay"
            window = "\(window)"
            more_than = 2
            skill = "door-system"

            """)
        try f.drop(F.d1, ["EL-1": 3])
        _ = try f.job(F.d1, firstNight: F.d1).run(on: f.state)
        let order = try #require(try f.state.preventiveWorkOrders().first)
        // Closed the next morning, reported in the next drop; EL-1 still has more than 2 alerts in the window.
        let closed = WorkOrderEvent(woID: order.id, ts: f.rules.ruleSet.zone.startOfDay(F.d2).adding(milliseconds: 3_600_000),
                                    rawStatus: "technical_closed", actor: "E-1", evidence: "photo.jpg")
        try f.store(FileContribution(entry: f.entry("work_order_events/\(F.d2)/e.csv", .workOrderEvents, drop: F.d2),
                                     records: [(2, .event(closed, header: WorkOrderHeader(woID: order.id,
                                                                                          createdAt: closed.ts)))]))
        try f.drop(F.d2, ["EL-2": 1])
        try f.drop(F.d3, ["EL-1": 1])
        for night in [F.d2, F.d3] {
            let tonight = try f.job(night).run(on: f.state).plan.workOrders
            #expect(tonight.isEmpty, "\(night): \(tonight.map(\.id))")
        }
        #expect(try f.state.preventiveWorkOrders().map(\.id) == [order.id])
    }
}


import PMBatchConfig
import PMBatchCore
import PMBatchStore

/// The work-order history a night needs, read for its window instead of whole (issue 12: a night costs what
/// the night brings, not what the archive holds).
///
/// One light pass over every visible event (its own columns, not the header text it carries; nothing kept
/// past its order) tells which orders still matter: open ones (backlog and engineer load), complete-but-not-closed ones (the closure
/// audit) and, for pmbatch's own orders, which are closed. Only those and the orders of the window itself are
/// then read in full. What the night computes from them is exactly what it computed from the whole history;
/// `WorkOrderWindowTests` checks it against the whole-history reference.
struct WorkOrderScan {
    /// What the pass learned of one order.
    struct Order {
        var id: String
        /// The header's creation, else the first event's time (an order known only from events).
        var createdAt: Instant
        /// The times of its events before the cutoff (distinct events, in time order).
        var eventTimes: [Instant]
        /// Its liveness at each of the pass's cutoffs (events before it), then at the pass's own cutoff.
        var livenessAt: [WorkOrderLiveness]
        /// Its liveness at the pass's own cutoff.
        var liveness: WorkOrderLiveness { livenessAt[livenessAt.count - 1] }
        /// `engineer_id` of its header, else the last event's actor (``WorkOrderHistory/openAssignments``).
        var engineer: String
    }

    /// Every raw status seen, sorted.
    private(set) var rawStatuses: [String] = []

    /// The raw statuses seen that close an order (``WorkOrderHistory/closedIDs``): an order without any of
    /// them is not closed.
    func closingStatuses(_ rules: RuleSet) -> [String] {
        rawStatuses(mappingTo: [.technicalClosed, .closed, .cancelled], rules)
    }

    /// The raw statuses seen that make an order void (``KPICalculator/voidStatuses``).
    func voidStatuses(_ rules: RuleSet) -> [String] { rawStatuses(mappingTo: KPICalculator.voidStatuses, rules) }

    /// The raw statuses seen whose canonical status is one of `statuses`.
    private func rawStatuses(mappingTo statuses: [WorkOrderStatus], _ rules: RuleSet) -> [String] {
        rawStatuses.filter { rules.canonicalStatus($0).map(statuses.contains) ?? false }
    }

    /// How many orders the history holds (with a header row or events), retired ones included.
    private(set) var orders = 0
    /// Where the retired orders are, when this pass read only the active ones (see `StateStore+OrderRetirement`).
    private(set) var retired: (any OrderRetirementStorage)?
    /// Distinct events (exact repeats once, as ``WorkOrderHistory/build(headers:events:rules:)`` counts them)
    /// per raw status.
    private(set) var eventsByRawStatus: [String: Int] = [:]

    /// Runs the pass as of `asOf` (events before `cutoff`), handing each order to `body` once, event-bearing
    /// orders by ID first, then orders known only from a header row. `cutoffs` (ascending, each at most
    /// `cutoff`) are earlier instants at which each order's liveness is also wanted.
    ///
    /// When the state retires orders and the night sees every stored row, only the active orders are read
    /// and handed to `body` (the counts include the retired ones), and those found finished are retired
    /// after the pass: a caller that needs retired orders asks ``retired``.
    static func run(_ store: any NightState, asOf: LocalDate, cutoff: Instant, cutoffs: [Instant] = [],
                    rules: RuleSet, _ body: (Order) throws -> Void) throws -> WorkOrderScan {
        var scan = WorkOrderScan()
        var retiring: [RetiringOrder]?
        if let retirement = store.orderRetirement, try retirement.seesAllWorkOrderInput(asOf: asOf, before: cutoff) {
            try retirement.retirement(underRules: rules.digest)
            (scan.orders, scan.eventsByRawStatus) = try retirement.retiredSummary()
            scan.retired = retirement
            retiring = []
        }
        var headers: [String: HeaderSummary] = [:]
        for h in try scan.retired?.activeHeaderSummaries(asOf: asOf) ?? store.headerSummaries(asOf: asOf) {
            headers[h.woID] = h
        }
        var canonical: [String: WorkOrderStatus?] = [:]
        // The order being folded: its first and last rows, event times, liveness now and at passed cutoffs.
        var id: String?
        var first = EventStatusRow(event: WorkOrderEvent(woID: "", ts: Instant(milliseconds: 0), rawStatus: ""))
        var last = first.event
        var times: [Instant] = []
        var liveness = WorkOrderLiveness()
        var snapshots: [WorkOrderLiveness] = []
        // The events of the current order and instant: exact repeats come together (same order, same time), and
        // count once, as ``WorkOrderHistory/build(headers:events:rules:)`` counts them.
        var sameInstant = Set<WorkOrderEvent>()
        // Its distinct events per raw status, and the event after which it stopped mattering: kept if it is
        // retired.
        var byStatus: [String: Int] = [:]
        var finishedAt: Instant?
        func finish() throws {
            guard let id else { return }
            scan.orders += 1
            if retiring != nil && !liveness.mattersOutsideItsWindow, let finishedAt {
                retiring?.append(RetiringOrder(woID: id, closed: liveness.isClosed,
                                               createdAt: headers[id]?.createdAt ?? first.event.ts,
                                               finishedAt: finishedAt,
                                               eventsByStatus: byStatus))
            }
            while snapshots.count < cutoffs.count { snapshots.append(liveness) }
            let header = headers.removeValue(forKey: id)
            let named = header?.engineerID ?? first.carriedEngineerID
            try body(Order(id: id, createdAt: header?.createdAt ?? first.event.ts, eventTimes: times,
                           livenessAt: snapshots + [liveness], engineer: named.isEmpty ? last.actor : named))
        }
        func eachRow(_ body: (EventStatusRow) throws -> Void) throws {
            if let retired = scan.retired {
                try retired.forEachActiveEventStatus(asOf: asOf, before: cutoff, body)
            } else {
                try store.forEachEventStatus(asOf: asOf, before: cutoff, body)
            }
        }
        try eachRow { row in
            let e = row.event
            let status: WorkOrderStatus?
            if let known = canonical[e.rawStatus] {
                status = known
            } else {
                status = rules.canonicalStatus(e.rawStatus)
                canonical[e.rawStatus] = status
            }
            if id != e.woID {
                try finish()
                id = e.woID
                first = row
                times.removeAll(keepingCapacity: true)
                liveness = WorkOrderLiveness()
                snapshots.removeAll(keepingCapacity: true)
                sameInstant.removeAll(keepingCapacity: true)
                byStatus.removeAll(keepingCapacity: true)
                finishedAt = nil
            } else if last.ts != e.ts {
                sameInstant.removeAll(keepingCapacity: true)
            }
            guard sameInstant.insert(e).inserted else { return }
            scan.eventsByRawStatus[e.rawStatus, default: 0] += 1
            if retiring != nil { byStatus[e.rawStatus, default: 0] += 1 }
            while snapshots.count < cutoffs.count && e.ts >= cutoffs[snapshots.count] { snapshots.append(liveness) }
            last = e
            times.append(e.ts)
            let mattered = liveness.mattersOutsideItsWindow
            liveness.add(status: status, evidence: e.evidence)
            if liveness.mattersOutsideItsWindow {
                finishedAt = nil
            } else if mattered {
                finishedAt = e.ts
            }
        }
        try finish()
        for header in headers.values.sorted(by: { $0.woID < $1.woID }) {
            scan.orders += 1
            try body(Order(id: header.woID, createdAt: header.createdAt, eventTimes: [],
                           livenessAt: Array(repeating: WorkOrderLiveness(), count: cutoffs.count + 1),
                           engineer: header.engineerID))
        }
        // The retired orders' statuses too: the caller looks for closing ones among them.
        scan.rawStatuses = Set(canonical.keys).union(scan.eventsByRawStatus.keys).sorted()
        if let retiring { try scan.retired?.retire(retiring) }
        return scan
    }
}

/// What the triggers need of the work-order history and of pmbatch's earlier orders (see ``TriggerPlanner``):
/// the orders issued earlier that a trigger can still meet (open, in a cooldown or in the key's window, or
/// age and batch orders, whose keys never expire), which of them are closed, and the open load per engineer
/// of the other orders.
struct TriggerHistory {
    var issued: [PreventiveWorkOrder]
    var closedIDs: Set<String>
    var openHistoryAssignments: [String: Int]

    static func read(_ store: any NightState, night: LocalDate, cutoff: Instant, rules: RuleSet) throws
        -> TriggerHistory
    {
        var open: [(id: String, engineer: String)] = []
        // pmbatch's IDs all start with WD; other closed orders never meet a trigger.
        var closedWD = Set<String>()
        let scan = try WorkOrderScan.run(store, asOf: night, cutoff: cutoff, rules: rules) { order in
            if order.liveness.isOpen { open.append((order.id, order.engineer)) }
            if order.liveness.isClosed && order.id.hasPrefix("WD") { closedWD.insert(order.id) }
        }
        let closing = scan.closingStatuses(rules)
        // An alert key names its night or month; a rolling window's cooldown looks back its length.
        let since = rules.alertRules.map { $0.window.days(asOf: night).lowerBound }.min().map { min($0, night) } ?? night
        let issued = try store.preventiveWorkOrders(through: night, issuedIn: [since...night], dueIn: [],
                                                   keepingNonAlert: true, ids: [], withoutEventIn: closing,
                                                   cutoff: cutoff)
        let issuedOpen = try store.issuedIDs(among: open.map(\.id), through: night)
        var load: [String: Int] = [:]
        for o in open where !o.engineer.isEmpty && !issuedOpen.contains(o.id) { load[o.engineer, default: 0] += 1 }
        // Retired orders are finished: never open, and closed as the pass found them.
        let issuedIDs = issued.map(\.id)
        let closed = closedWD.intersection(issuedIDs).union(try scan.retired?.retiredClosed(among: issuedIDs) ?? [])
        return TriggerHistory(issued: issued, closedIDs: closed, openHistoryAssignments: load)
    }
}

/// What a report needs of the work-order history, for each of its KPI periods (the trend's, the baseline):
/// - in full: the orders created or touched in the period, the older orders still open or complete but not
///   closed at the period's end (orders created later do not exist for it), and pmbatch's own orders issued
///   then, due in it or never closed;
/// - by header and void time (``LookBackOrder``): the other orders created in the recurrence window before
///   the period. Problem recurrence counts them as earlier orders; no other KPI can, as nothing happened to
///   them in the period and it did not end with them open or complete but not closed.
/// Orders that matter to no period — closed long before, untouched since — are not read at all.
struct ReportHistory {
    var history: WorkOrderHistory
    var preventiveOrders: [PreventiveWorkOrder]
    /// The whole history's counts (the report's "data seen" and data quality): work orders, pmbatch's own
    /// included; distinct events; unmapped source statuses with their events, sorted.
    var workOrderCount: Int
    var eventCount: Int
    var unmappedStatuses: [(status: String, count: Int)]

    /// Reads the history the KPIs of `periods` need (their ends at most `cutoff`, the night's).
    static func read(_ store: any NightState, asOf: LocalDate, cutoff: Instant, periods: [Period], rules: RuleSet)
        throws -> ReportHistory
    {
        let recurrence = Int64(rules.kpi.recurrenceDays) * 86_400_000
        let ends = Array(Set(periods.map(\.to).filter { $0 < cutoff })).sorted()
        let inPeriods = periods.map { $0.from..<$0.to }
        let lookBacks = periods.map { $0.from.adding(milliseconds: -recurrence)..<$0.from }
        // Which liveness of the pass each period asks: at its end, or at the pass's own cutoff.
        let liveness = periods.map { ends.firstIndex(of: $0.to) ?? ends.count }
        var full: [String] = []
        var lookBack: [String] = []
        let scan = try WorkOrderScan.run(store, asOf: asOf, cutoff: cutoff, cutoffs: ends, rules: rules) { order in
            let matters = periods.indices.contains { i in
                inPeriods[i].contains(order.createdAt)
                    || order.eventTimes.contains { inPeriods[i].contains($0) }
                    || (order.createdAt < periods[i].to && order.livenessAt[liveness[i]].mattersOutsideItsWindow)
            }
            if matters {
                full.append(order.id)
            } else if lookBacks.contains(where: { $0.contains(order.createdAt) }) {
                lookBack.append(order.id)
            }
        }
        if let retired = scan.retired {
            // A retired order matters to a period when created or touched in it, or when it may still have
            // mattered at the period's end: created before it, finished at or after it.
            full.append(contentsOf: try retired.retiredOrders(eventsIn: inPeriods, livingAt: ends, asOf: asOf))
            full.append(contentsOf: try retired.retiredOrders(createdIn: inPeriods))
            lookBack.append(contentsOf: try retired.retiredOrders(createdIn: lookBacks))
        }
        // pmbatch's order of night N is created at N's cutoff (two days' slack cover any zone offset). Those
        // never closed are read whatever their age (open, they cover components in the fleet-health list);
        // those with events are in `full` or `lookBack` when they matter. All are read in full: PM compliance
        // and the fleet-health list ask whether they were closed.
        let slack = rules.kpi.recurrenceDays + 2
        let closing = scan.closingStatuses(rules)
        let orders = try store.preventiveWorkOrders(
            through: asOf, issuedIn: periods.map { $0.firstDay.adding(days: -slack)...$0.lastDay },
            dueIn: periods.map { $0.firstDay...$0.lastDay }, keepingNonAlert: false, ids: full + lookBack,
            withoutEventIn: closing, cutoff: cutoff)
        full.append(contentsOf: orders.map(\.id))
        let history = try readOrders(store, asOf: asOf, cutoff: cutoff, ids: full, lookBack: lookBack,
                                     voidStatuses: scan.voidStatuses(rules), rules: rules)
        return ReportHistory(
            history: history, preventiveOrders: orders,
            workOrderCount: scan.orders + (try store.issuedOutsideHistory(asOf: asOf, before: cutoff)),
            eventCount: scan.eventsByRawStatus.values.reduce(0, +),
            unmappedStatuses: scan.eventsByRawStatus.filter { rules.canonicalStatus($0.key) == nil }
                .sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }
}

extension ReportHistory {
    /// How many orders are read and built at a time: the rows read (each event with the header columns it
    /// carried) are several times the size of the timelines built from them, so only a slice of them is held.
    static let ordersPerRead = 4096

    /// The history of the orders `ids` (events before `cutoff`), read and built a slice of orders at a time,
    /// and the orders `lookBack` not among them by header and first event with one of `voidStatuses` (their
    /// raw texts) only; one of those without a header row is read in full (its header comes from its events).
    static func readOrders(_ store: any NightState, asOf: LocalDate, cutoff: Instant, ids: [String],
                           lookBack: [String] = [], voidStatuses: [String] = [], rules: RuleSet,
                           perRead: Int = ordersPerRead) throws -> WorkOrderHistory
    {
        let fullIDs = Set(ids)
        var light: [LookBackOrder] = []
        var headerless = Set(lookBack).subtracting(fullIDs)
        let lightIDs = headerless.sorted()
        for start in stride(from: 0, to: lightIDs.count, by: perRead) {
            let slice = Array(lightIDs[start..<min(start + perRead, lightIDs.count)])
            // The latest drop's row of each (rows come in drop order).
            var headers: [String: WorkOrderHeader] = [:]
            for h in try store.workOrderHeaders(asOf: asOf, ids: slice) { headers[h.woID] = h }
            let voided = try store.firstEventTimes(asOf: asOf, before: cutoff, ids: slice, statuses: voidStatuses)
            for id in slice {
                guard let header = headers[id] else { continue }
                headerless.remove(id)
                light.append(LookBackOrder(header: header, voidedAt: voided[id]))
            }
        }
        // Sorted and distinct, the slices are ranges of IDs, and the timelines come out sorted by ID.
        let sorted = fullIDs.union(headerless).sorted()
        var orders: [WorkOrderTimeline] = []
        var unmapped: [String: Int] = [:]
        var duplicates = 0
        for start in stride(from: 0, to: sorted.count, by: perRead) {
            let slice = Array(sorted[start..<min(start + perRead, sorted.count)])
            let part = WorkOrderHistory.build(headers: try store.workOrderHeaders(asOf: asOf, ids: slice),
                                              events: try store.events(asOf: asOf, before: cutoff, ids: slice),
                                              rules: rules)
            orders.append(contentsOf: part.orders)
            for (status, count) in part.unmappedStatuses { unmapped[status, default: 0] += count }
            duplicates += part.duplicateEventsSkipped
        }
        return WorkOrderHistory(orders: orders, lookBack: light,
                                unmappedStatuses: unmapped.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                duplicateEventsSkipped: duplicates)
    }
}

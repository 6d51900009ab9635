import PMBatchCore
import PMBatchStore

/// The work-order history a night needs, read for its window instead of whole (issue 12: a night costs what
/// the night brings, not what the archive holds).
///
/// One light pass over every visible event (ID, time, status, actor — no text, nothing kept) tells which
/// orders still matter: open ones (backlog and engineer load), complete-but-not-closed ones (the closure
/// audit) and, for pmbatch's own orders, which are closed. Only those and the orders of the window itself are
/// then read in full. What the night computes from them is exactly what it computed from the whole history;
/// `WorkOrderWindowTests` checks it against the whole-history reference.
struct WorkOrderScan {
    /// What the pass learned of one order.
    struct Order {
        var id: String
        /// The header's creation, else the first event's time (an order known only from events).
        var createdAt: Instant
        /// The time of its last event before the cutoff (nil: none).
        var lastEvent: Instant?
        var liveness: WorkOrderLiveness
        /// `engineer_id` of its header, else the last event's actor (``WorkOrderHistory/openAssignments``).
        var engineer: String
    }

    /// Every raw status seen, sorted.
    private(set) var rawStatuses: [String] = []
    /// How many orders the history holds (with a header row or events).
    private(set) var orders = 0
    /// Distinct events (exact repeats once, as ``WorkOrderHistory/build(headers:events:rules:)`` counts them)
    /// per raw status.
    private(set) var eventsByRawStatus: [String: Int] = [:]

    /// The same event: what an exact repeat shares with its first copy besides order and time.
    private struct EventText: Hashable {
        var status: String
        var actor: String
        var evidence: String
        var note: String
    }

    /// Runs the pass as of `asOf` (events before `cutoff`), handing each order to `body` once, event-bearing
    /// orders by ID first, then orders known only from a header row.
    static func run(_ store: any NightState, asOf: LocalDate, cutoff: Instant, rules: RuleSet,
                    _ body: (Order) throws -> Void) throws -> WorkOrderScan {
        var scan = WorkOrderScan()
        var headers: [String: HeaderSummary] = [:]
        for h in try store.headerSummaries(asOf: asOf) { headers[h.woID] = h }
        var canonical: [String: WorkOrderStatus?] = [:]
        var current: (id: String, first: EventStatusRow, last: EventStatusRow, liveness: WorkOrderLiveness)?
        // The events of the current order and instant: exact repeats come together (same order, same time).
        var sameInstant = Set<EventText>()
        func finish() throws {
            guard let c = current else { return }
            scan.orders += 1
            let header = headers.removeValue(forKey: c.id)
            let named = header?.engineerID ?? c.first.carriedEngineerID
            try body(Order(id: c.id, createdAt: header?.createdAt ?? c.first.ts, lastEvent: c.last.ts,
                           liveness: c.liveness, engineer: named.isEmpty ? c.last.actor : named))
        }
        try store.forEachEventStatus(asOf: asOf, before: cutoff) { row in
            let status: WorkOrderStatus?
            if let known = canonical[row.rawStatus] {
                status = known
            } else {
                status = rules.canonicalStatus(row.rawStatus)
                canonical[row.rawStatus] = status
            }
            if current?.id != row.woID {
                try finish()
                current = (row.woID, row, row, WorkOrderLiveness())
                sameInstant.removeAll(keepingCapacity: true)
            } else if current!.last.ts != row.ts {
                sameInstant.removeAll(keepingCapacity: true)
            }
            let text = EventText(status: row.rawStatus, actor: row.actor, evidence: row.evidence, note: row.note)
            guard sameInstant.insert(text).inserted else { return }
            scan.eventsByRawStatus[row.rawStatus, default: 0] += 1
            current!.last = row
            current!.liveness.add(status: status, hasEvidence: row.hasEvidence)
        }
        try finish()
        for header in headers.values.sorted(by: { $0.woID < $1.woID }) {
            scan.orders += 1
            try body(Order(id: header.woID, createdAt: header.createdAt, lastEvent: nil,
                           liveness: WorkOrderLiveness(), engineer: header.engineerID))
        }
        scan.rawStatuses = canonical.keys.sorted()
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
        let closing = scan.rawStatuses.filter {
            rules.canonicalStatus($0).map { [.technicalClosed, .closed, .cancelled].contains($0) } ?? false
        }
        // An alert key names its night or month; a rolling window's cooldown looks back its length.
        let since = rules.alertRules.map { $0.window.days(asOf: night).lowerBound }.min().map { min($0, night) } ?? night
        let issued = try store.preventiveWorkOrders(through: night, since: since, dueFrom: nil, keepingNonAlert: true,
                                                   ids: [], withoutEventIn: closing, cutoff: cutoff)
        let issuedOpen = try store.issuedIDs(among: open.map(\.id), through: night)
        var load: [String: Int] = [:]
        for o in open where !o.engineer.isEmpty && !issuedOpen.contains(o.id) { load[o.engineer, default: 0] += 1 }
        return TriggerHistory(issued: issued, closedIDs: closedWD.intersection(issued.map(\.id)),
                              openHistoryAssignments: load)
    }
}

/// What a report needs of the work-order history: every order created or touched since `from` (the earliest
/// period's start less the recurrence window), every older order that is still open or complete but not
/// closed, and pmbatch's own orders of the same kinds or due in the periods.
struct ReportHistory {
    var history: WorkOrderHistory
    var preventiveOrders: [PreventiveWorkOrder]
    /// The pass over the whole history: its order and event counts.
    var scan: WorkOrderScan

    static func read(_ store: any NightState, asOf: LocalDate, cutoff: Instant, from: Instant, firstDay: LocalDate,
                     rules: RuleSet) throws -> ReportHistory {
        var ids: [String] = []
        let scan = try WorkOrderScan.run(store, asOf: asOf, cutoff: cutoff, rules: rules) { order in
            if order.createdAt >= from || (order.lastEvent.map { $0 >= from } ?? false)
                || order.liveness.mattersOutsideItsWindow
            {
                ids.append(order.id)
            }
        }
        let history = WorkOrderHistory.build(headers: try store.workOrderHeaders(asOf: asOf, ids: ids),
                                             events: try store.events(asOf: asOf, before: cutoff, ids: ids),
                                             rules: rules)
        // pmbatch's order of night N is created at N's cutoff; a day's slack covers any zone offset. Those with
        // no event at all are open; those with old events are in `ids` when they still matter.
        let orders = try store.preventiveWorkOrders(
            through: asOf, since: firstDay.adding(days: -rules.kpi.recurrenceDays - 2), dueFrom: firstDay,
            keepingNonAlert: false, ids: ids, withoutEventIn: scan.rawStatuses, cutoff: cutoff)
        return ReportHistory(history: history, preventiveOrders: orders, scan: scan)
    }
}

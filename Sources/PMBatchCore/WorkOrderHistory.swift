/// One status event of a work order's timeline, with its status mapped to the canonical vocabulary.
public struct TimelineEvent: Hashable, Sendable {
    public var ts: Instant
    /// The canonical status, or nil when the source status is unmapped (then it is a progress event).
    public var status: WorkOrderStatus?
    public var rawStatus: String
    public var actor: String
    public var evidence: String
    public var note: String

    public init(ts: Instant, status: WorkOrderStatus?, rawStatus: String, actor: String = "", evidence: String = "",
                note: String = "") {
        self.ts = ts
        self.status = status
        self.rawStatus = rawStatus
        self.actor = actor
        self.evidence = evidence
        self.note = note
    }
}

/// A work order with its events in time order (ties in file order).
public struct WorkOrderTimeline: Hashable, Sendable {
    public var header: WorkOrderHeader
    public var events: [TimelineEvent]
    /// True when no header row was dropped: the header comes from the first event (SPEC §1).
    public var headerFromEvents: Bool

    public init(header: WorkOrderHeader, events: [TimelineEvent], headerFromEvents: Bool = false) {
        self.header = header
        self.events = events
        self.headerFromEvents = headerFromEvents
    }

    /// Statuses that mean the order needs no more field work (for load and backlog counts).
    public static let finishedStatuses: Set<WorkOrderStatus> = [
        .technicalClosed, .deliveryConfirmed, .financialClosed, .closed, .cancelled, .duplicate,
    ]

    /// Open = its last mapped status is not a finishing one.
    public var isOpen: Bool { Self.isOpen(events) }

    /// Whether events, in time order, leave an order open (no mapped status yet, or a last mapped status
    /// that is not a finishing one).
    static func isOpen(_ events: some BidirectionalCollection<TimelineEvent>) -> Bool {
        guard let last = events.last(where: { $0.status != nil })?.status else { return true }
        return !finishedStatuses.contains(last)
    }
}

/// An order a night reads only for the recurrence window before its periods (created there, no event in
/// them, neither open nor complete but not closed at their ends): problem recurrence counts it as an earlier
/// order of its customer and fault code unless it was void by then, and no other KPI counts it (issue 12:
/// its timeline is not read).
public struct LookBackOrder: Hashable, Sendable {
    public var header: WorkOrderHeader
    /// Its first `duplicate` or `cancelled` event, if any: before a cutoff, the order is void at it.
    public var voidedAt: Instant?

    public init(header: WorkOrderHeader, voidedAt: Instant?) {
        self.header = header
        self.voidedAt = voidedAt
    }
}

/// Every work order known on a night: headers (latest drop wins) merged with events.
public struct WorkOrderHistory: Hashable, Sendable {
    /// Sorted by work-order ID.
    public var orders: [WorkOrderTimeline]
    /// Orders known only by header and void time (see ``LookBackOrder``), sorted by ID; none in `orders`.
    public var lookBack: [LookBackOrder]
    /// Source statuses that are neither canonical nor mapped, with how many events carry each (sorted).
    public var unmappedStatuses: [(status: String, count: Int)]
    /// Exact repeated events (same order, time, status, actor, evidence, note) counted once.
    public var duplicateEventsSkipped: Int

    public static func == (lhs: WorkOrderHistory, rhs: WorkOrderHistory) -> Bool {
        lhs.orders == rhs.orders && lhs.lookBack == rhs.lookBack
            && lhs.duplicateEventsSkipped == rhs.duplicateEventsSkipped
            && lhs.unmappedStatuses.map(\.status) == rhs.unmappedStatuses.map(\.status)
            && lhs.unmappedStatuses.map(\.count) == rhs.unmappedStatuses.map(\.count)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(orders) }

    /// Builds the history. `headers` in drop order (a later row for the same ID replaces an earlier one);
    /// `events` in time order, ties in file order, each with the header columns its row carried.
    public static func build(headers: [WorkOrderHeader], events: [(event: WorkOrderEvent, header: WorkOrderHeader)],
                             rules: RuleSet) -> WorkOrderHistory {
        var headerByID: [String: WorkOrderHeader] = [:]
        for h in headers { headerByID[h.woID] = h }
        var eventsByID: [String: [TimelineEvent]] = [:]
        var firstEventHeader: [String: WorkOrderHeader] = [:]
        // Exact repeats share their time, and events come in time order: only the events of the current
        // instant need remembering.
        var seen = Set<WorkOrderEvent>()
        var seenAt: Instant?
        var unmapped: [String: Int] = [:]
        var duplicates = 0
        for (event, carried) in events {
            if event.ts != seenAt {
                seen.removeAll(keepingCapacity: true)
                seenAt = event.ts
            }
            guard seen.insert(event).inserted else {
                duplicates += 1
                continue
            }
            let status = rules.canonicalStatus(event.rawStatus)
            if status == nil { unmapped[event.rawStatus, default: 0] += 1 }
            eventsByID[event.woID, default: []].append(TimelineEvent(
                ts: event.ts, status: status, rawStatus: event.rawStatus, actor: event.actor,
                evidence: event.evidence, note: event.note))
            if firstEventHeader[event.woID] == nil { firstEventHeader[event.woID] = carried }
        }
        var orders: [WorkOrderTimeline] = []
        for id in Set(headerByID.keys).union(eventsByID.keys).sorted() {
            let events = eventsByID[id] ?? []
            if let header = headerByID[id] {
                orders.append(WorkOrderTimeline(header: header, events: events))
            } else if var header = firstEventHeader[id] {
                header.woID = id
                header.createdAt = events[0].ts
                orders.append(WorkOrderTimeline(header: header, events: events, headerFromEvents: true))
            }
        }
        return WorkOrderHistory(
            orders: orders,
            unmappedStatuses: unmapped.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            duplicateEventsSkipped: duplicates)
    }

    public init(orders: [WorkOrderTimeline], lookBack: [LookBackOrder] = [],
                unmappedStatuses: [(status: String, count: Int)] = [], duplicateEventsSkipped: Int = 0) {
        self.orders = orders
        self.lookBack = lookBack
        self.unmappedStatuses = unmappedStatuses
        self.duplicateEventsSkipped = duplicateEventsSkipped
    }

    /// IDs reported `technical_closed`, `closed` or `cancelled` (closing a pmbatch WD, SPEC §3).
    public var closedIDs: Set<String> {
        Set(orders.filter { o in
            o.events.contains { [.technicalClosed, .closed, .cancelled].contains($0.status) }
        }.map(\.header.woID))
    }

    /// Open orders per engineer (`engineer_id`, else the last actor), for the suggestion's load count.
    public var openAssignments: [String: Int] {
        var load: [String: Int] = [:]
        for o in orders where o.isOpen {
            let engineer = o.header.engineerID.isEmpty ? (o.events.last?.actor ?? "") : o.header.engineerID
            if !engineer.isEmpty { load[engineer, default: 0] += 1 }
        }
        return load
    }
}

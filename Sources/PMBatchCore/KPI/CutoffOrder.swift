/// A work order as it was known at a cutoff: its header and only the events before the cutoff.
///
/// Every KPI of a period is computed on these views with the period's end as the cutoff, so the figures for
/// an earlier period are what that night's report would have said.
///
/// A class so that the KPI loops pass one reference around instead of copying the header's strings.
final class CutoffOrder {
    let header: WorkOrderHeader
    /// Events with `ts` < cutoff, in time order (ties in file order).
    let events: ArraySlice<TimelineEvent>

    init(header: WorkOrderHeader, events: ArraySlice<TimelineEvent>) {
        self.header = header
        self.events = events
    }

    /// The orders created before `cutoff`, each with its events before `cutoff` (sorted by ID, as the history).
    static func all(in history: WorkOrderHistory, cutoff: Instant) -> [CutoffOrder] {
        var result: [CutoffOrder] = []
        result.reserveCapacity(history.orders.count)
        for order in history.orders where order.header.createdAt < cutoff {
            // Events are sorted by ts: the prefix before the cutoff ends at the first event at or after it.
            let end = order.events.lowerBound { $0.ts < cutoff }
            result.append(CutoffOrder(header: order.header, events: order.events[..<end]))
        }
        return result
    }

    /// The first `technical_closed` event, if any.
    var firstTechnicalClosed: TimelineEvent? { events.first { $0.status == .technicalClosed } }

    /// Whether any event has one of `statuses` (a handful: a linear scan beats hashing).
    func ever(_ statuses: [WorkOrderStatus]) -> Bool {
        events.contains { $0.status.map(statuses.contains) ?? false }
    }

    /// The first event at or after creation whose status is not `submitted` (raw text compared when unmapped).
    var firstUpdate: TimelineEvent? {
        let created = header.createdAt
        return events.first { $0.ts >= created && $0.statusKey != WorkOrderStatus.submitted.rawValue }
    }

    /// Open = the last mapped status is not a finishing one (see `WorkOrderTimeline.isOpen`).
    var isOpen: Bool { WorkOrderTimeline.isOpen(events) }

    /// Milliseconds spent in any of `statuses` within `[from, to]`. A wait runs from an event with such a
    /// status to the next event whose status is not one of them (or on past the last event), then clipped.
    func waitingMilliseconds(in statuses: [WorkOrderStatus], from: Instant, to: Instant) -> Int64 {
        var total: Int64 = 0
        var start: Instant?
        func add(_ begin: Instant, _ end: Instant) {
            let b = max(begin, from)
            let e = min(end, to)
            if e > b { total += e.milliseconds(since: b) }
        }
        for event in events {
            let waiting = event.status.map(statuses.contains) ?? false
            if waiting {
                if start == nil { start = event.ts }
            } else if let s = start {
                add(s, event.ts)
                start = nil
            }
        }
        if let s = start { add(s, to) }
        return total
    }
}

extension TimelineEvent {
    /// The canonical status's raw value, or the source text when unmapped: the key statuses are grouped by.
    var statusKey: String { status?.rawValue ?? rawStatus }
}

extension String {
    /// Whether `needle`'s UTF-8 bytes occur in this string's (byte search: no Foundation, no locale; both sides
    /// are expected lowercased already). UTF-8 is self-synchronising, so a match starts on a scalar boundary.
    func containsBytes(of needle: String) -> Bool {
        let hay = Array(utf8)
        let pin = Array(needle.utf8)
        guard !pin.isEmpty else { return true }
        guard pin.count <= hay.count else { return false }
        let first = pin[0]
        var i = 0
        let last = hay.count - pin.count
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < pin.count && hay[i + j] == pin[j] { j += 1 }
                if j == pin.count { return true }
            }
            i += 1
        }
        return false
    }
}

extension Instant {
    /// Elapsed minutes from `other`.
    func minutes(since other: Instant) -> Double { Double(milliseconds(since: other)) / 60_000 }

    /// Elapsed hours from `other`.
    func hours(since other: Instant) -> Double { Double(milliseconds(since: other)) / 3_600_000 }
}

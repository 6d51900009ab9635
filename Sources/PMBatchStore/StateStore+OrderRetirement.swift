import Foundation
import GRDB
import PMBatchCore

/// What a night's light pass learned of an order it retires: whether it is closed, and its distinct events
/// per raw status.
public struct RetiringOrder: Hashable, Sendable {
    public var woID: String
    public var closed: Bool
    /// As the pass knew it: the header's creation, else its first event's time.
    public var createdAt: Instant
    /// The time of the event after which it no longer mattered (neither open nor complete but not closed),
    /// for good: at any cutoff after it, it does not matter either.
    public var finishedAt: Instant
    public var eventsByStatus: [String: Int]

    /// Memberwise.
    public init(woID: String, closed: Bool, createdAt: Instant, finishedAt: Instant, eventsByStatus: [String: Int]) {
        self.woID = woID
        self.closed = closed
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.eventsByStatus = eventsByStatus
    }
}

/// Retired work orders (issue 12: a night's light pass over work-order statuses reads what can still change,
/// not the whole history).
///
/// An order whose events say it is finished — neither open nor complete-but-not-closed — stays so until a
/// row naming it arrives or goes. A night that sees every stored work-order row (nothing dropped after it,
/// no event at or after its cutoff) retires such orders: what its pass learned of them (closed or not,
/// events per raw status) is kept, and later passes read only the active ones. Storing or removing a
/// work-order file makes the orders it names active again, and retirement is redone from scratch when the
/// rules (the status mapping) change. Reports find retired orders their periods need by time, through the
/// `event_by_ts`, `retired_order_by_finish` and `retired_order_by_created` indexes.
extension StateStore {
    /// Makes the orders the rows stored for `path` name active again (before the file is replaced or
    /// removed, and after its new rows are in).
    static func activateOrders(ofPath path: String, _ db: Database) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, kind FROM manifest WHERE path = ?", arguments: [path]),
              [FileKind.workOrders.rawValue, FileKind.workOrderEvents.rawValue].contains(row[1] as String)
        else { return }
        let fileID: Int64 = row[0]
        let named = "SELECT wo_id FROM event WHERE file_id = ?1 UNION SELECT wo_id FROM work_order WHERE file_id = ?1"
        for sql in ["INSERT OR IGNORE INTO active_order \(named)",
                    """
                    UPDATE retired_total SET events = events - (SELECT COALESCE(sum(s.events), 0) FROM retired_status s
                        WHERE s.status = retired_total.status AND s.wo_id IN (\(named)))
                    """,
                    "DELETE FROM retired_status WHERE wo_id IN (\(named))",
                    "DELETE FROM retired_order WHERE wo_id IN (\(named))"] {
            try db.cachedStatement(sql: sql).execute(arguments: [fileID])
        }
    }

    /// Whether a pass as of `asOf` over events before `cutoff` sees every stored work-order row: no
    /// work-order file dropped after `asOf`, no event at or after `cutoff`.
    public func seesAllWorkOrderInput(asOf: LocalDate, before cutoff: Instant) throws(StoreError) -> Bool {
        try read("checking what the night sees") { db in
            try Bool.fetchOne(db, sql: """
                SELECT NOT EXISTS (SELECT 1 FROM manifest WHERE kind IN \(Self.workOrderKinds) AND status = 'ok'
                                   AND drop_date > ?)
                   AND NOT EXISTS (SELECT 1 FROM event WHERE ts >= ?)
                """, arguments: [asOf.dayNumber, cutoff.milliseconds]) ?? false
        }
    }

    /// Prepares retirement under the rules `digest`: when the orders were retired under others, every one
    /// is made active again.
    public func retirement(underRules digest: String) throws(StoreError) {
        try write("preparing retired work orders") { db in
            guard try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'retired_rules'") != digest
            else { return }
            try db.execute(sql: """
                INSERT OR IGNORE INTO active_order SELECT wo_id FROM retired_order;
                DELETE FROM retired_status;
                DELETE FROM retired_order;
                DELETE FROM retired_total;
                """)
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('retired_rules', ?)",
                           arguments: [digest])
        }
    }

    /// How many orders are retired, and their distinct events per raw status.
    public func retiredSummary() throws(StoreError) -> (orders: Int, eventsByStatus: [String: Int]) {
        try read("reading retired work orders") { db in
            let orders = try Int.fetchOne(db, sql: "SELECT count(*) FROM retired_order") ?? 0
            var byStatus: [String: Int] = [:]
            try Row.forEach(db, sql: "SELECT status, events FROM retired_total WHERE events > 0") { row in
                byStatus[row[0]] = row[1]
            }
            return (orders, byStatus)
        }
    }

    /// The retired orders among `ids` that are closed.
    public func retiredClosed(among ids: [String]) throws(StoreError) -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return try read("reading retired work orders") { db in
            Set(try String.fetchAll(db, sql: """
                SELECT r.wo_id FROM retired_order r WHERE r.closed = 1
                  AND r.wo_id IN (SELECT value FROM json_each(?))
                """, arguments: [Self.jsonArray(ids)]))
        }
    }

    /// The retired orders with a visible event in one of `eventRanges`, or created before one of `livingAt`
    /// and finished at or after it (they may have mattered then).
    public func retiredOrders(eventsIn eventRanges: [Range<Instant>], livingAt instants: [Instant],
                              asOf: LocalDate) throws(StoreError) -> Set<String> {
        try read("reading retired work orders by time") { db in
            var found = Set<String>()
            for instant in instants {
                found.formUnion(try String.fetchAll(db, sql: """
                    SELECT wo_id FROM retired_order WHERE finished_at >= ?1 AND created_at < ?1
                    """, arguments: [instant.milliseconds]))
            }
            for range in eventRanges where !range.isEmpty {
                try Row.forEach(db, sql: """
                    SELECT DISTINCT e.wo_id FROM event e JOIN retired_order r ON r.wo_id = e.wo_id
                    JOIN manifest m ON m.id = e.file_id
                    WHERE e.ts >= ? AND e.ts < ? AND \(Self.visibleFile())
                    """, arguments: [range.lowerBound.milliseconds, range.upperBound.milliseconds, asOf.dayNumber]) {
                    found.insert($0[0])
                }
            }
            return found
        }
    }

    /// The retired orders created in one of `ranges` (by the creation the pass that retired them saw: the
    /// header's, else the first event's).
    public func retiredOrders(createdIn ranges: [Range<Instant>]) throws(StoreError) -> Set<String> {
        try read("reading retired work orders by creation") { db in
            var found = Set<String>()
            for range in ranges where !range.isEmpty {
                found.formUnion(try String.fetchAll(db, sql: """
                    SELECT wo_id FROM retired_order WHERE created_at >= ? AND created_at < ?
                    """, arguments: [range.lowerBound.milliseconds, range.upperBound.milliseconds]))
            }
            return found
        }
    }

    /// Retires `orders` (a pass that saw every stored row found them finished).
    public func retire(_ orders: [RetiringOrder]) throws(StoreError) {
        guard !orders.isEmpty else { return }
        try write("retiring finished work orders") { db in
            for order in orders {
                try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO retired_order(wo_id, closed, created_at, finished_at) VALUES (?, ?, ?, ?)
                    """).execute(arguments: [order.woID, order.closed, order.createdAt.milliseconds,
                                             order.finishedAt.milliseconds])
                for (status, events) in order.eventsByStatus {
                    try db.cachedStatement(sql: """
                        INSERT OR REPLACE INTO retired_status(wo_id, status, events) VALUES (?, ?, ?)
                        """).execute(arguments: [order.woID, status, events])
                    try db.cachedStatement(sql: """
                        INSERT INTO retired_total(status, events) VALUES (?1, ?2)
                        ON CONFLICT(status) DO UPDATE SET events = events + ?2
                        """).execute(arguments: [status, events])
                }
                try db.cachedStatement(sql: "DELETE FROM active_order WHERE wo_id = ?").execute(arguments: [order.woID])
            }
        }
    }

    /// ``forEachEventStatus(asOf:before:_:)`` of the active orders only.
    public func forEachActiveEventStatus(asOf: LocalDate, before cutoff: Instant,
                                         _ body: (EventStatusRow) throws -> Void) throws(StoreError) {
        try forEachEventStatus(asOf: asOf, before: cutoff, activeOnly: true, body)
    }

    /// ``headerSummaries(asOf:)`` of the active orders only.
    public func activeHeaderSummaries(asOf: LocalDate) throws(StoreError) -> [HeaderSummary] {
        try headerSummaries(asOf: asOf, activeOnly: true)
    }
}

import Foundation
import GRDB
import PMBatchCore

/// One visible status event reduced to what decides whether its order still matters to a night: still
/// open, complete but not closed, closed, or whom it is assigned to (issue 12: a night reads the work-order
/// history of its period, not the whole history).
public struct EventStatusRow: Hashable, Sendable {
    public var event: WorkOrderEvent
    /// The `engineer_id` the row carried (the header of an order that has no header row).
    public var carriedEngineerID: String

    public init(event: WorkOrderEvent, carriedEngineerID: String = "") {
        self.event = event
        self.carriedEngineerID = carriedEngineerID
    }
}

/// A header row reduced to what the window needs: creation and the engineer it names.
public struct HeaderSummary: Hashable, Sendable {
    public var woID: String
    public var createdAt: Instant
    public var engineerID: String

    public init(woID: String, createdAt: Instant, engineerID: String) {
        self.woID = woID
        self.createdAt = createdAt
        self.engineerID = engineerID
    }
}

extension StateStore {
    /// Every visible event before `cutoff`, reduced, grouped by order (by ID) and in each order by time,
    /// ties in file order — the order ``workOrderHeaders(asOf:)`` and ``events(asOf:before:)`` give it.
    /// Streamed: nothing of it is kept here.
    public func forEachEventStatus(asOf: LocalDate, before cutoff: Instant,
                                   _ body: (EventStatusRow) throws -> Void) throws(StoreError) {
        try forEachEventStatus(asOf: asOf, before: cutoff, activeOnly: false, body)
    }

    /// The rows of ``forEachEventStatus(asOf:before:_:)``, of every order or of the active ones only
    /// (`StateStore+OrderRetirement`; `CROSS JOIN` keeps SQLite reading those first, their rows by index).
    func forEachEventStatus(asOf: LocalDate, before cutoff: Instant, activeOnly: Bool,
                            _ body: (EventStatusRow) throws -> Void) throws(StoreError) {
        let from = activeOnly ? "active_order a CROSS JOIN event e ON e.wo_id = a.wo_id" : "event e"
        try read("reading work-order statuses") { db in
            try Row.forEach(db, sql: """
                SELECT e.wo_id, e.ts, e.status, e.actor, e.evidence, e.note, e.engineer_id
                FROM \(from) JOIN manifest m ON m.id = e.file_id
                WHERE \(Self.visibleFile()) AND e.ts < ?
                ORDER BY e.wo_id, e.ts, \(Self.fileOrder("e"))
                """, arguments: [asOf.dayNumber, cutoff.milliseconds, asOf.dayNumber]) { row in
                try body(EventStatusRow(event: WorkOrderEvent(woID: row[0], ts: Instant(milliseconds: row[1]),
                                                              rawStatus: row[2], actor: row[3], evidence: row[4],
                                                              note: row[5]),
                                        carriedEngineerID: row[6]))
            }
        }
    }

    /// The header of each work order visible as of `asOf` (the latest drop's row), reduced, by ID.
    public func headerSummaries(asOf: LocalDate) throws(StoreError) -> [HeaderSummary] {
        try headerSummaries(asOf: asOf, activeOnly: false)
    }

    /// ``headerSummaries(asOf:)`` of every order or of the active ones only.
    func headerSummaries(asOf: LocalDate, activeOnly: Bool) throws(StoreError) -> [HeaderSummary] {
        let from = activeOnly ? "active_order a CROSS JOIN work_order w ON w.wo_id = a.wo_id" : "work_order w"
        return try read("reading work-order headers") { db in
            Self.lastRowPerID(try Row.fetchMapped(db, sql: """
                SELECT w.wo_id, w.created_at, w.engineer_id
                FROM \(from) JOIN manifest m ON m.id = w.file_id
                WHERE \(Self.visibleFile())
                ORDER BY \(Self.fileOrder("w"))
                """, arguments: [asOf.dayNumber, asOf.dayNumber]) { row in
                HeaderSummary(woID: row[0], createdAt: Instant(milliseconds: row[1]), engineerID: row[2])
            }, id: \.woID)
        }
    }

    /// ``workOrderHeaders(asOf:)`` of the orders `ids` only.
    public func workOrderHeaders(asOf: LocalDate, ids: [String]) throws(StoreError) -> [WorkOrderHeader] {
        try read("reading work orders") { db in
            try Row.fetchMapped(db, sql: """
                SELECT \(Self.headerColumns("w", createdAt: "w.created_at"))
                FROM work_order w JOIN manifest m ON m.id = w.file_id
                WHERE \(Self.visibleFile()) AND w.wo_id IN (SELECT value FROM json_each(?))
                ORDER BY \(Self.fileOrder("w"))
                """, arguments: [asOf.dayNumber, Self.jsonArray(ids), asOf.dayNumber]) { Self.header($0) }
        }
    }

    /// ``events(asOf:before:)`` of the orders `ids` only.
    public func events(asOf: LocalDate, before cutoff: Instant, ids: [String]) throws(StoreError)
        -> [(event: WorkOrderEvent, header: WorkOrderHeader)]
    {
        try read("reading events") { db in
            try Row.fetchMapped(db, sql: """
                SELECT \(Self.headerColumns("e", createdAt: "e.ts")), e.status, e.actor, e.evidence, e.note
                FROM event e JOIN manifest m ON m.id = e.file_id
                WHERE \(Self.visibleFile()) AND e.ts < ? AND e.wo_id IN (SELECT value FROM json_each(?))
                ORDER BY e.ts, \(Self.fileOrder("e"))
                """, arguments: [asOf.dayNumber, cutoff.milliseconds, Self.jsonArray(ids), asOf.dayNumber]) { row in
                let header = Self.header(row)
                return (WorkOrderEvent(woID: header.woID, ts: header.createdAt, rawStatus: row[10], actor: row[11],
                                       evidence: row[12], note: row[13]),
                        header)
            }
        }
    }

    /// For each of the orders `ids` that has one, the time of its first visible event before `cutoff` whose raw
    /// status is one of `statuses`.
    public func firstEventTimes(asOf: LocalDate, before cutoff: Instant, ids: [String], statuses: [String])
        throws(StoreError) -> [String: Instant]
    {
        guard !ids.isEmpty && !statuses.isEmpty else { return [:] }
        return try read("reading first events") { db in
            var first: [String: Instant] = [:]
            try Row.forEach(db, sql: """
                SELECT e.wo_id, min(e.ts) FROM event e JOIN manifest m ON m.id = e.file_id
                WHERE \(Self.visibleFile()) AND e.ts < ? AND e.status IN (SELECT value FROM json_each(?))
                  AND e.wo_id IN (SELECT value FROM json_each(?))
                GROUP BY e.wo_id
                """, arguments: [asOf.dayNumber, cutoff.milliseconds, Self.jsonArray(statuses), Self.jsonArray(ids)]) {
                first[$0[0]] = Instant(milliseconds: $0[1])
            }
            return first
        }
    }

    /// The orders issued on nights up to `asOf` that a night can still need, by ID:
    /// - every order issued on a night in one of `issuedIn`, or due on a day in one of `dueIn`;
    /// - with `keepingNonAlert`, every order that is not an alert order (age and batch keys never expire);
    /// - every order in `ids`;
    /// - when `statuses` is given, every order with no visible event before `cutoff` whose raw status is one
    ///   of them (with the closing statuses: the orders not closed; with every status: those never reported).
    public func preventiveWorkOrders(through asOf: LocalDate, issuedIn: [ClosedRange<LocalDate>],
                                     dueIn: [ClosedRange<LocalDate>], keepingNonAlert: Bool, ids: [String],
                                     withoutEventIn statuses: [String]?, cutoff: Instant) throws(StoreError)
        -> [PreventiveWorkOrder]
    {
        let withoutEvent = statuses == nil ? "0" : """
            NOT EXISTS (SELECT 1 FROM event e JOIN manifest m ON m.id = e.file_id
                        WHERE e.wo_id = p.id AND \(Self.visibleFile()) AND e.ts < ?
                          AND e.status IN (SELECT value FROM json_each(?)))
            """
        func inRanges(_ column: String) -> String {
            "EXISTS (SELECT 1 FROM json_each(?) r WHERE \(column) BETWEEN json_extract(r.value, '$[0]') "
                + "AND json_extract(r.value, '$[1]'))"
        }
        func json(_ ranges: [ClosedRange<LocalDate>]) -> String {
            "[" + ranges.map { "[\($0.lowerBound.dayNumber),\($0.upperBound.dayNumber)]" }.joined(separator: ",") + "]"
        }
        var arguments: StatementArguments = [asOf.dayNumber, json(issuedIn), json(dueIn), keepingNonAlert,
                                             Self.jsonArray(ids)]
        if let statuses { arguments += [asOf.dayNumber, cutoff.milliseconds, Self.jsonArray(statuses)] }
        return try read("reading preventive work orders") { db in
            try Self.preventiveWorkOrders(db, whereSQL: """
                p.night <= ? AND (\(inRanges("p.night")) OR \(inRanges("p.due_date"))
                    OR (? AND p.rule_kind <> 'alert') OR p.id IN (SELECT value FROM json_each(?)) OR \(withoutEvent))
                """, arguments: arguments)
        }
    }

    /// Which of `ids` pmbatch issued on nights up to `asOf`.
    public func issuedIDs(among ids: [String], through asOf: LocalDate) throws(StoreError) -> Set<String> {
        try read("reading preventive work order IDs") { db in
            Set(try String.fetchAll(db, sql: """
                SELECT id FROM preventive_work_order
                WHERE night <= ? AND id IN (SELECT value FROM json_each(?))
                """, arguments: [asOf.dayNumber, Self.jsonArray(ids)]))
        }
    }

    /// How many orders pmbatch issued on nights up to `asOf` that the history does not know (no visible header
    /// row, no visible event before `cutoff`): with the history's own, the report's count of work orders.
    public func issuedOutsideHistory(asOf: LocalDate, before cutoff: Instant) throws(StoreError) -> Int {
        try read("counting preventive work orders") { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM preventive_work_order p
                WHERE p.night <= ?
                  AND NOT EXISTS (SELECT 1 FROM work_order w JOIN manifest m ON m.id = w.file_id
                                  WHERE w.wo_id = p.id AND \(Self.visibleFile()))
                  AND NOT EXISTS (SELECT 1 FROM event e JOIN manifest m ON m.id = e.file_id
                                  WHERE e.wo_id = p.id AND \(Self.visibleFile()) AND e.ts < ?)
                """, arguments: [asOf.dayNumber, asOf.dayNumber, asOf.dayNumber, cutoff.milliseconds]) ?? 0
        }
    }

    /// `values` as a JSON array of strings, for `IN (SELECT value FROM json_each(?))`.
    static func jsonArray(_ values: [String]) -> String {
        // JSONSerialization escapes what JSON needs; the values are IDs and statuses from input files.
        let data = (try? JSONSerialization.data(withJSONObject: values, options: [])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

import PMBatchCore
import PMBatchStore
import PostgresNIO

/// The reads of a night, query for query those of `StateStore+Queries` (see there for why each is shaped so).
/// Where PostgreSQL differs: `GROUP BY` names the key a selected column depends on, `SUM` of a `bigint` is cast
/// back from `numeric`, and every text column sorts by bytes (`COLLATE "C"` in the schema).
extension PostgresState {
    public func assets(asOf: LocalDate) throws -> [Asset] {
        StateStore.lastRowPerID(try link.query("reading assets", """
            SELECT a.asset_id, a.site_id, a.customer_id, a.model, a.asset_type, a.region, a.installed_on
            FROM asset a JOIN manifest m ON m.id = a.file_id
            WHERE \(Self.visibleFile(night: "$1"))
            ORDER BY \(Self.fileOrder("a", night: "$1"))
            """, [.date(asOf.dayNumber)]).map { row in
            Asset(assetID: try row.get(0), siteID: try row.get(1), customerID: try row.get(2), model: try row.get(3),
                  assetType: try row.get(4), region: try row.get(5),
                  installedOn: try row.get(6, as: Int32?.self).map(LocalDate.init(dayNumber:)))
        }, id: \.assetID)
    }

    public func knownComponentTypes(asOf: LocalDate) throws -> [String] {
        try link.query("reading component types", """
            SELECT DISTINCT c.component_type FROM component c JOIN manifest m ON m.id = c.file_id
            WHERE \(Self.visibleFile(night: "$1"))
            ORDER BY c.component_type
            """, [.date(asOf.dayNumber)]).map { try $0.get(0) }
    }

    public func components(asOf: LocalDate) throws -> [ComponentInstallation] {
        var seen = Set<ComponentInstallation>()
        var result: [ComponentInstallation] = []
        for row in try link.query("reading components", """
            SELECT c.asset_id, c.slot, c.component_type, c.installed_on, c.part_number, c.batch_code, c.serial
            FROM component c JOIN manifest m ON m.id = c.file_id
            WHERE \(Self.visibleFile(night: "$1"))
            ORDER BY \(Self.fileOrder("c", night: "$1"))
            """, [.date(asOf.dayNumber)]) {
            let c = try Self.component(row)
            if seen.insert(c).inserted { result.append(c) }
        }
        return result
    }

    public func currentComponents(asOf: LocalDate) throws -> [ComponentInstallation] {
        try link.query("reading current components", Self.currentComponentsSQL(night: "$1"), [.date(asOf.dayNumber)])
            .map(Self.component)
            .sorted { ($0.assetID, $0.slot) < ($1.assetID, $1.slot) }
    }

    public func currentComponentsNearestLimit(asOf: LocalDate, limitDays: [String: Int], count: Int) throws
        -> [ComponentInstallation]
    {
        guard !limitDays.isEmpty, count > 0 else { return [] }
        let limits = limitDays.sorted { $0.key < $1.key }
        return try link.query("reading components nearest their limit", """
            WITH limits(type, days) AS (SELECT * FROM unnest($3::text[], $4::bigint[]))
            SELECT cur.* FROM (\(Self.currentComponentsSQL(night: "$1"))) cur
            JOIN limits l ON l.type = cur.component_type
            ORDER BY l.days + cur.installed_on, cur.asset_id, cur.slot LIMIT $2
            """, [.date(asOf.dayNumber), .int(count), .texts(limits.map(\.key)), .ints(limits.map(\.value))])
            .map(Self.component)
    }

    /// `StateStore.currentComponentsSQL`, binding the night as `night`.
    static func currentComponentsSQL(night: String) -> String {
        """
        SELECT asset_id, slot, component_type, installed_on, part_number, batch_code, serial FROM (
            SELECT c.asset_id, c.slot, c.component_type, c.installed_on, c.part_number, c.batch_code, c.serial,
                ROW_NUMBER() OVER (PARTITION BY c.asset_id, c.slot
                                   ORDER BY c.installed_on DESC, COALESCE(m.drop_date, \(night)) DESC, m.path DESC,
                                            c.line DESC) AS latest
            FROM component c JOIN manifest m ON m.id = c.file_id
            WHERE \(visibleFile(night: night)) AND c.installed_on <= \(night)
        ) AS ranked WHERE latest = 1
        """
    }

    static func component(_ row: PostgresRandomAccessRow) throws -> ComponentInstallation {
        ComponentInstallation(assetID: try row.get(0), slot: try row.get(1), componentType: try row.get(2),
                              installedOn: LocalDate(dayNumber: try row.get(3)), partNumber: try row.get(4),
                              batchCode: try row.get(5), serial: try row.get(6))
    }

    public func engineers(asOf: LocalDate) throws -> [Engineer] {
        StateStore.lastRowPerID(try link.query("reading engineers", """
            SELECT e.engineer_id, e.name, e.skills, e.region, e.daily_capacity
            FROM engineer e JOIN manifest m ON m.id = e.file_id
            WHERE \(Self.visibleFile(night: "$1"))
            ORDER BY \(Self.fileOrder("e", night: "$1"))
            """, [.date(asOf.dayNumber)]).map { row in
            Engineer(engineerID: try row.get(0), name: try row.get(1),
                     skills: try row.get(2, as: String.self).split(separator: ";").map(String.init),
                     region: try row.get(3), dailyCapacity: try row.get(4))
        }, id: \.engineerID)
    }

    public func parts(asOf: LocalDate) throws -> [Part] {
        StateStore.lastRowPerID(try link.query("reading parts", """
            SELECT p.part_number, p.description, p.stock_on_hand, p.lead_time_days, p.unit_cost
            FROM part p JOIN manifest m ON m.id = p.file_id
            WHERE \(Self.visibleFile(night: "$1"))
            ORDER BY \(Self.fileOrder("p", night: "$1"))
            """, [.date(asOf.dayNumber)]).map { row in
            Part(partNumber: try row.get(0), description: try row.get(1), stockOnHand: try row.get(2),
                 leadTimeDays: try row.get(3), unitCost: try row.get(4))
        }, id: \.partNumber)
    }

    public func failures(asOf: LocalDate) throws -> [Failure] {
        try link.query("reading failures", """
            SELECT DISTINCT f.asset_id, f.ts, f.slot, f.fault_code FROM failure f
            JOIN manifest m ON m.id = f.file_id
            WHERE \(Self.visibleFile(night: "$1"))
            ORDER BY f.ts, f.asset_id, f.slot, f.fault_code
            """, [.date(asOf.dayNumber)]).map { row in
            Failure(assetID: try row.get(0), ts: Instant(milliseconds: try row.get(1)), slot: try row.get(2),
                    faultCode: try row.get(3))
        }
    }

    public func workOrderHeaders(asOf: LocalDate) throws -> [WorkOrderHeader] {
        try link.query("reading work orders", """
            SELECT \(Self.headerColumns("w", createdAt: "w.created_at"))
            FROM work_order w JOIN manifest m ON m.id = w.file_id
            WHERE \(Self.visibleFile(night: "$1"))
            ORDER BY \(Self.fileOrder("w", night: "$1"))
            """, [.date(asOf.dayNumber)]).map(Self.header)
    }

    public func events(asOf: LocalDate, before cutoff: Instant) throws
        -> [(event: WorkOrderEvent, header: WorkOrderHeader)]
    {
        try link.query("reading events", """
            SELECT \(Self.headerColumns("e", createdAt: "e.ts")), e.status, e.actor, e.evidence, e.note
            FROM event e JOIN manifest m ON m.id = e.file_id
            WHERE \(Self.visibleFile(night: "$1")) AND e.ts < $2
            ORDER BY e.ts, \(Self.fileOrder("e", night: "$1"))
            """, [.date(asOf.dayNumber), .int(Int(cutoff.milliseconds))]).map(Self.event)
    }

    /// ``workOrderHeaders(asOf:)`` of the orders `ids` only (a night's window reads them a slice at a time: the
    /// protocol's default would read every header for each slice).
    public func workOrderHeaders(asOf: LocalDate, ids: [String]) throws -> [WorkOrderHeader] {
        try link.query("reading work orders", """
            SELECT \(Self.headerColumns("w", createdAt: "w.created_at"))
            FROM work_order w JOIN manifest m ON m.id = w.file_id
            WHERE \(Self.visibleFile(night: "$1")) AND w.wo_id = ANY($2::text[])
            ORDER BY \(Self.fileOrder("w", night: "$1"))
            """, [.date(asOf.dayNumber), .texts(ids)]).map(Self.header)
    }

    /// ``events(asOf:before:)`` of the orders `ids` only.
    public func events(asOf: LocalDate, before cutoff: Instant, ids: [String]) throws
        -> [(event: WorkOrderEvent, header: WorkOrderHeader)]
    {
        try link.query("reading events", """
            SELECT \(Self.headerColumns("e", createdAt: "e.ts")), e.status, e.actor, e.evidence, e.note
            FROM event e JOIN manifest m ON m.id = e.file_id
            WHERE \(Self.visibleFile(night: "$1")) AND e.ts < $2 AND e.wo_id = ANY($3::text[])
            ORDER BY e.ts, \(Self.fileOrder("e", night: "$1"))
            """, [.date(asOf.dayNumber), .int(Int(cutoff.milliseconds)), .texts(ids)]).map(Self.event)
    }

    /// ``NightState/firstEventTimes(asOf:before:ids:statuses:)``.
    public func firstEventTimes(asOf: LocalDate, before cutoff: Instant, ids: [String], statuses: [String]) throws
        -> [String: Instant]
    {
        guard !ids.isEmpty && !statuses.isEmpty else { return [:] }
        var first: [String: Instant] = [:]
        for row in try link.query("reading first events", """
            SELECT e.wo_id, min(e.ts) FROM event e JOIN manifest m ON m.id = e.file_id
            WHERE \(Self.visibleFile(night: "$1")) AND e.ts < $2 AND e.status = ANY($3::text[])
              AND e.wo_id = ANY($4::text[])
            GROUP BY e.wo_id
            """, [.date(asOf.dayNumber), .int(Int(cutoff.milliseconds)), .texts(statuses), .texts(ids)]) {
            first[try row.get(0)] = Instant(milliseconds: try row.get(1))
        }
        return first
    }

    /// An event row: the header columns it carried, then status, actor, evidence and note.
    static func event(_ row: PostgresRandomAccessRow) throws -> (event: WorkOrderEvent, header: WorkOrderHeader) {
        let header = try header(row)
        return (WorkOrderEvent(woID: header.woID, ts: header.createdAt, rawStatus: try row.get(10),
                               actor: try row.get(11), evidence: try row.get(12), note: try row.get(13)),
                header)
    }

    static func headerColumns(_ table: String, createdAt: String) -> String {
        let columns = ["asset_id", "customer_id", "channel", "fault_code", "kind", "priority", "engineer_id",
                       "description"]
        return "\(table).wo_id, \(createdAt), " + columns.map { "\(table).\($0)" }.joined(separator: ", ")
    }

    static func header(_ row: PostgresRandomAccessRow) throws -> WorkOrderHeader {
        WorkOrderHeader(woID: try row.get(0), createdAt: Instant(milliseconds: try row.get(1)), assetID: try row.get(2),
                        customerID: try row.get(3), channel: try row.get(4), faultCode: try row.get(5),
                        kind: try row.get(6), priority: try row.get(7), engineerID: try row.get(8),
                        description: try row.get(9))
    }

    public func lateAlertSources(codes: [String], days: Range<LocalDate>, asOf: LocalDate, assetID: String) throws
        -> [LateAlertSource]
    {
        guard !codes.isEmpty, !days.isEmpty else { return [] }
        return try link.query("finding late alerts", """
            SELECT m.path, m.drop_date, m.arrival, m.arrived_after, MIN(d.day) AS first_day,
                SUM(d.count)::bigint AS n
            FROM alert_key c
            JOIN alert_day d ON d.code_key = c.key
            JOIN manifest m ON m.id = d.file_id
            WHERE c.kind = 'code' AND c.name = ANY($1::text[]) AND d.day >= $2 AND d.day < $3
                AND \(Self.dropped("d", onOrBefore: "$4"))
                AND d.asset_key = (SELECT key FROM alert_key WHERE name = $5 AND kind = 'asset')
                AND ((d.drop_date IS NOT NULL AND d.drop_date > d.day) OR m.arrival <> '')
            GROUP BY m.id ORDER BY m.path
            """, [.texts(codes), .date(days.lowerBound.dayNumber), .date(days.upperBound.dayNumber),
                  .date(asOf.dayNumber), .text(assetID)]).map { row in
            LateAlertSource(
                path: try row.get(0), dropDate: try row.get(1, as: Int32?.self).map(LocalDate.init(dayNumber:)),
                arrival: ManifestEntry.Arrival(word: try row.get(2),
                                               night: try row.get(3, as: Int32?.self).map(LocalDate.init(dayNumber:))),
                firstDay: LocalDate(dayNumber: try row.get(4)), alerts: try row.get(5))
        }
    }

    public func knownAlertCodes(asOf: LocalDate) throws -> [String] {
        try link.query("reading alert codes", """
            SELECT c.name FROM alert_key c
            WHERE c.kind = 'code' AND EXISTS (
                SELECT 1 FROM alert_day d
                WHERE d.code_key = c.key AND d.day <= $1 AND \(Self.dropped("d", onOrBefore: "$1")))
            ORDER BY c.name
            """, [.date(asOf.dayNumber)]).map { try $0.get(0) }
    }

    public func alertTotals(days: Range<LocalDate>, asOf: LocalDate) throws
        -> [(assetID: String, code: String, count: Int64)]
    {
        try link.query("summing alerts", """
            SELECT a.name AS asset_id, c.name AS code, SUM(d.count)::bigint AS n
            FROM alert_key c
            JOIN alert_day d ON d.code_key = c.key
            JOIN alert_key a ON a.key = d.asset_key
            WHERE c.kind = 'code' AND d.day >= $1 AND d.day < $2 AND \(Self.dropped("d", onOrBefore: "$3"))
            GROUP BY a.key, c.key ORDER BY a.name, c.name
            """, [.date(days.lowerBound.dayNumber), .date(days.upperBound.dayNumber), .date(asOf.dayNumber)]).map {
            (assetID: try $0.get(0), code: try $0.get(1), count: try $0.get(2))
        }
    }

    public func dailyAlerts(days: Range<LocalDate>, asOf: LocalDate, assetID: String?) throws -> [TelemetryDayCount] {
        var sql = """
            SELECT a.name AS asset_id, c.name AS code, d.day, SUM(d.count)::bigint AS n,
                SUM(d.value_count)::bigint AS vc,
                COALESCE(MIN(CASE WHEN d.value_count > 0 THEN d.value_min END), 0) AS vmin,
                COALESCE(MAX(CASE WHEN d.value_count > 0 THEN d.value_max END), 0) AS vmax,
                SUM(d.value_sum) AS vsum
            FROM alert_key c
            JOIN alert_day d ON d.code_key = c.key
            JOIN alert_key a ON a.key = d.asset_key
            WHERE c.kind = 'code' AND d.day >= $1 AND d.day < $2 AND \(Self.dropped("d", onOrBefore: "$3"))
            """
        var binds: [PostgresValue] = [.date(days.lowerBound.dayNumber), .date(days.upperBound.dayNumber),
                                      .date(asOf.dayNumber)]
        if let assetID {
            sql += " AND d.asset_key = (SELECT key FROM alert_key WHERE name = $4 AND kind = 'asset')"
            binds.append(.text(assetID))
        }
        sql += " GROUP BY a.name, c.name, d.day ORDER BY a.name, c.name, d.day"
        return try link.query("reading daily alerts", sql, binds).map { row in
            TelemetryDayCount(assetID: try row.get(0), code: try row.get(1), day: LocalDate(dayNumber: try row.get(2)),
                              count: try row.get(3), valueCount: try row.get(4), valueMin: try row.get(5),
                              valueMax: try row.get(6), valueSum: try row.get(7))
        }
    }

    public func alertAggregates(codes: [String], days: Range<LocalDate>, asOf: LocalDate) throws
        -> [AlertCountIndex.Aggregate]
    {
        let unique = Array(Set(codes)).sorted()
        guard !unique.isEmpty, !days.isEmpty else { return [] }
        // In SQLite's group order (NULL drop dates first), though the index does not depend on it.
        return try link.query("reading alert aggregates", """
            SELECT a.name AS asset_id, c.name AS code, d.day, d.drop_date, m.arrival <> '' AS arrived_late,
                SUM(d.count)::bigint AS n
            FROM alert_key c
            JOIN alert_day d ON d.code_key = c.key
            JOIN alert_key a ON a.key = d.asset_key
            JOIN manifest m ON m.id = d.file_id
            WHERE c.kind = 'code' AND c.name = ANY($1::text[]) AND d.day >= $2 AND d.day < $3
                AND \(Self.dropped("d", onOrBefore: "$4"))
            GROUP BY a.name, c.name, d.day, d.drop_date, arrived_late
            ORDER BY a.name, c.name, d.day, d.drop_date NULLS FIRST, arrived_late
            """, [.texts(unique), .date(days.lowerBound.dayNumber), .date(days.upperBound.dayNumber),
                  .date(asOf.dayNumber)]).map { row in
            AlertCountIndex.Aggregate(
                assetID: try row.get(0), code: try row.get(1), day: LocalDate(dayNumber: try row.get(2)),
                dropDate: try row.get(3, as: Int32?.self).map(LocalDate.init(dayNumber:)), count: try row.get(5),
                arrivedLate: try row.get(4))
        }
    }

    public func quarantineTallies() throws -> [QuarantineTally] {
        try link.query("reading quarantine counts", """
            SELECT m.path, m.drop_date, q.reason, q.count FROM quarantine_count q
            JOIN manifest m ON m.id = q.file_id ORDER BY m.path, q.reason
            """).map { row in
            let reason: String = try row.get(2)
            return QuarantineTally(path: try row.get(0),
                                   dropDate: try row.get(1, as: Int32?.self).map(LocalDate.init(dayNumber:)),
                                   reason: QuarantineReason(rawValue: reason), rawReason: reason, count: try row.get(3))
        }
    }

    public func quarantinedRows(limit: Int) throws -> [QuarantinedRow] {
        try link.query("reading quarantined rows", """
            SELECT m.path, q.line, q.field, q.reason, q.detail, q.raw FROM quarantine q
            JOIN manifest m ON m.id = q.file_id
            ORDER BY m.path, q.line, q.seq LIMIT $1
            """, [.int(limit)]).map { row in
            QuarantinedRow(file: try row.get(0), line: try row.get(1), field: try row.get(2),
                           reason: QuarantineReason(rawValue: try row.get(3)) ?? .missingField,
                           detail: NulEscape.decode(try row.get(4)), raw: NulEscape.decode(try row.get(5)))
        }
    }
}

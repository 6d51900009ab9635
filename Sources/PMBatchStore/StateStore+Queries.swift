import GRDB
import PMBatchCore

/// Quarantined rows of one reason in one file, for the data-quality section.
public struct QuarantineTally: Hashable, Sendable {
    public var path: String
    public var dropDate: LocalDate?
    public var reason: QuarantineReason?
    public var rawReason: String
    public var count: Int

    /// Memberwise (a second state backend builds these too).
    public init(path: String, dropDate: LocalDate?, reason: QuarantineReason?, rawReason: String, count: Int) {
        self.path = path
        self.dropDate = dropDate
        self.reason = reason
        self.rawReason = rawReason
        self.count = count
    }
}

/// A file that contributed alerts to an order's window after the night of their day.
public struct LateAlertSource: Hashable, Sendable {
    public var path: String
    public var dropDate: LocalDate?
    public var arrival: ManifestEntry.Arrival
    /// The earliest local day of its alerts in the window.
    public var firstDay: LocalDate
    /// How many of the window's alerts it carried.
    public var alerts: Int64

    /// Memberwise (a second state backend builds these too).
    public init(path: String, dropDate: LocalDate?, arrival: ManifestEntry.Arrival, firstDay: LocalDate,
                alerts: Int64) {
        self.path = path
        self.dropDate = dropDate
        self.arrival = arrival
        self.firstDay = firstDay
        self.alerts = alerts
    }
}

extension StateStore {
    /// The asset registry visible as of `asOf`; a repeated asset ID takes its last row.
    public func assets(asOf: LocalDate) throws(StoreError) -> [Asset] {
        try read("reading assets") { db in
            return Self.lastRowPerID(try Row.fetchMapped(db, sql: """
                SELECT a.asset_id, a.site_id, a.customer_id, a.model, a.asset_type, a.region, a.installed_on
                FROM asset a JOIN manifest m ON m.id = a.file_id
                WHERE \(Self.visibleFile())
                ORDER BY \(Self.fileOrder("a"))
                """, arguments: [asOf.dayNumber, asOf.dayNumber]) { row in
                Asset(assetID: row[0], siteID: row[1], customerID: row[2], model: row[3], assetType: row[4],
                      region: row[5], installedOn: (row[6] as Int32?).map(LocalDate.init(dayNumber:)))
            }, id: \.assetID)
        }
    }

    /// Every asset ID known to the state (any drop), for checking telemetry rows.
    public func knownAssetIDs() throws(StoreError) -> Set<String> {
        try read("reading asset IDs") { db in
            Set(try String.fetchAll(db, sql: """
                SELECT DISTINCT a.asset_id FROM asset a JOIN manifest m ON m.id = a.file_id WHERE m.status = 'ok'
                """))
        }
    }

    /// The distinct component types of the installations visible as of `asOf` (any installation date), sorted:
    /// what an age rule's `component_type` is checked against.
    public func knownComponentTypes(asOf: LocalDate) throws(StoreError) -> [String] {
        try read("reading component types") { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT c.component_type FROM component c JOIN manifest m ON m.id = c.file_id
                WHERE \(Self.visibleFile())
                ORDER BY c.component_type
                """, arguments: [asOf.dayNumber])
        }
    }

    /// Component installations visible as of `asOf`, in file order (duplicate rows removed).
    public func components(asOf: LocalDate) throws(StoreError) -> [ComponentInstallation] {
        try read("reading components") { db in
            var seen = Set<ComponentInstallation>()
            var result: [ComponentInstallation] = []
            try Row.forEach(db, sql: """
                SELECT c.asset_id, c.slot, c.component_type, c.installed_on, c.part_number, c.batch_code, c.serial
                FROM component c JOIN manifest m ON m.id = c.file_id
                WHERE \(Self.visibleFile())
                ORDER BY \(Self.fileOrder("c"))
                """, arguments: [asOf.dayNumber, asOf.dayNumber]) { row in
                // By position: name lookups dominate when every night of a catch-up reads the registry.
                let c = ComponentInstallation(
                    assetID: row[0], slot: row[1], componentType: row[2], installedOn: LocalDate(dayNumber: row[3]),
                    partNumber: row[4], batchCode: row[5], serial: row[6])
                if seen.insert(c).inserted { result.append(c) }
            }
            return result
        }
    }

    /// The current installation per (asset, slot) as of `asOf`, sorted by asset and slot: among the rows of
    /// visible files installed on or before `asOf`, the latest installation, ties to the later row in file
    /// order — ``TriggerPlanner/currentComponents(_:asOf:)`` of ``components(asOf:)``, chosen by SQLite so a
    /// night does not carry the whole installation history through Swift.
    public func currentComponents(asOf: LocalDate) throws(StoreError) -> [ComponentInstallation] {
        try read("reading current components") { db in
            try Row.fetchMapped(db, sql: Self.currentComponentsSQL,
                                arguments: [asOf.dayNumber, asOf.dayNumber, asOf.dayNumber], Self.component)
            .sorted { ($0.assetID, $0.slot) < ($1.assetID, $1.slot) }
        }
    }

    /// The `count` current installations nearest their age limit as of `asOf` — fewest days left, i.e. the
    /// smallest limit + installation day; ties by asset and slot — among the component types in `limitDays`
    /// (type → limit in days). What the report's fleet health lists, without loading every installation.
    public func currentComponentsNearestLimit(asOf: LocalDate, limitDays: [String: Int], count: Int) throws(StoreError)
        -> [ComponentInstallation]
    {
        guard !limitDays.isEmpty, count > 0 else { return [] }
        return try read("reading components nearest their limit") { db in
            let limits = limitDays.sorted { $0.key < $1.key }
            var arguments = StatementArguments()
            for (type, days) in limits { arguments += [type, days] }
            arguments += [asOf.dayNumber, asOf.dayNumber, asOf.dayNumber, count]
            return try Row.fetchMapped(db, sql: """
                WITH limits(type, days) AS (VALUES \(Array(repeating: "(?, ?)", count: limits.count).joined(separator: ", ")))
                SELECT cur.* FROM (\(Self.currentComponentsSQL)) cur JOIN limits l ON l.type = cur.component_type
                ORDER BY l.days + cur.installed_on, cur.asset_id, cur.slot LIMIT ?
                """, arguments: arguments, Self.component)
        }
    }

    /// Among the visible rows installed on or before the night, the latest installation per (asset, slot), ties
    /// to the later row in file order. Binds the night's day number three times.
    static let currentComponentsSQL = """
        SELECT asset_id, slot, component_type, installed_on, part_number, batch_code, serial FROM (
            SELECT c.asset_id, c.slot, c.component_type, c.installed_on, c.part_number, c.batch_code, c.serial,
                ROW_NUMBER() OVER (PARTITION BY c.asset_id, c.slot
                                   ORDER BY c.installed_on DESC, COALESCE(m.drop_date, ?) DESC, m.path DESC,
                                            c.line DESC) AS latest
            FROM component c JOIN manifest m ON m.id = c.file_id
            WHERE \(visibleFile()) AND c.installed_on <= ?
        ) WHERE latest = 1
        """

    /// A component row in the column order of ``currentComponentsSQL``.
    static func component(_ row: Row) -> ComponentInstallation {
        ComponentInstallation(assetID: row[0], slot: row[1], componentType: row[2],
                              installedOn: LocalDate(dayNumber: row[3]), partNumber: row[4], batchCode: row[5],
                              serial: row[6])
    }

    /// Engineers visible as of `asOf`; a repeated ID takes its last row. Sorted by ID.
    public func engineers(asOf: LocalDate) throws(StoreError) -> [Engineer] {
        try read("reading engineers") { db in
            return Self.lastRowPerID(try Row.fetchMapped(db, sql: """
                SELECT e.* FROM engineer e JOIN manifest m ON m.id = e.file_id
                WHERE \(Self.visibleFile())
                ORDER BY \(Self.fileOrder("e"))
                """, arguments: [asOf.dayNumber, asOf.dayNumber]) { row in
                Engineer(engineerID: row["engineer_id"], name: row["name"],
                         skills: (row["skills"] as String).split(separator: ";").map(String.init),
                         region: row["region"], dailyCapacity: row["daily_capacity"])
            }, id: \.engineerID)
        }
    }

    /// The parts catalogue visible as of `asOf`; a repeated part number takes its last row.
    public func parts(asOf: LocalDate) throws(StoreError) -> [Part] {
        try read("reading parts") { db in
            return Self.lastRowPerID(try Row.fetchMapped(db, sql: """
                SELECT p.* FROM part p JOIN manifest m ON m.id = p.file_id
                WHERE \(Self.visibleFile())
                ORDER BY \(Self.fileOrder("p"))
                """, arguments: [asOf.dayNumber, asOf.dayNumber]) { row in
                Part(partNumber: row["part_number"], description: row["description"],
                     stockOnHand: row["stock_on_hand"], leadTimeDays: row["lead_time_days"], unitCost: row["unit_cost"])
            }, id: \.partNumber)
        }
    }

    /// Failures visible as of `asOf` (all timestamps), sorted by time then asset; exact repeats removed.
    public func failures(asOf: LocalDate) throws(StoreError) -> [Failure] {
        try read("reading failures") { db in
            return try Row.fetchMapped(db, sql: """
                SELECT DISTINCT f.asset_id, f.ts, f.slot, f.fault_code FROM failure f
                JOIN manifest m ON m.id = f.file_id
                WHERE \(Self.visibleFile())
                ORDER BY f.ts, f.asset_id, f.slot, f.fault_code
                """, arguments: [asOf.dayNumber]) {
                Failure(assetID: $0["asset_id"], ts: Instant(milliseconds: $0["ts"]), slot: $0["slot"],
                        faultCode: $0["fault_code"])
            }
        }
    }

    /// Work-order header rows visible as of `asOf`, oldest drop first (so the last row of an ID wins).
    public func workOrderHeaders(asOf: LocalDate) throws(StoreError) -> [WorkOrderHeader] {
        try read("reading work orders") { db in
            try Row.fetchMapped(db, sql: """
                SELECT \(Self.headerColumns("w", createdAt: "w.created_at"))
                FROM work_order w JOIN manifest m ON m.id = w.file_id
                WHERE \(Self.visibleFile())
                ORDER BY \(Self.fileOrder("w"))
                """, arguments: [asOf.dayNumber, asOf.dayNumber]) { Self.header($0) }
        }
    }

    /// Events visible as of `asOf` with `ts` before `cutoff`, by time, ties in file order, with the
    /// header columns their rows carried.
    public func events(asOf: LocalDate, before cutoff: Instant) throws(StoreError)
        -> [(event: WorkOrderEvent, header: WorkOrderHeader)]
    {
        try read("reading events") { db in
            try Row.fetchMapped(db, sql: """
                SELECT \(Self.headerColumns("e", createdAt: "e.ts")), e.status, e.actor, e.evidence, e.note
                FROM event e JOIN manifest m ON m.id = e.file_id
                WHERE \(Self.visibleFile()) AND e.ts < ?
                ORDER BY e.ts, \(Self.fileOrder("e"))
                """, arguments: [asOf.dayNumber, cutoff.milliseconds, asOf.dayNumber]) { row in
                let header = Self.header(row)
                return (WorkOrderEvent(woID: header.woID, ts: header.createdAt, rawStatus: row[10], actor: row[11],
                                       evidence: row[12], note: row[13]),
                        header)
            }
        }
    }

    /// The header columns in the order `header(_:)` reads them (by position: name lookups per row are
    /// the costly part of reading tens of thousands of events every night).
    static func headerColumns(_ table: String, createdAt: String) -> String {
        "\(table).wo_id, \(createdAt), " + ["asset_id", "customer_id", "channel", "fault_code", "kind", "priority",
                                             "engineer_id", "description"].map { "\(table).\($0)" }.joined(separator: ", ")
    }

    static func header(_ row: Row) -> WorkOrderHeader {
        WorkOrderHeader(woID: row[0], createdAt: Instant(milliseconds: row[1]), assetID: row[2], customerID: row[3],
                        channel: row[4], faultCode: row[5], kind: row[6], priority: row[7], engineerID: row[8],
                        description: row[9])
    }

    /// The files whose alerts of `codes` on `assetID` in `days` (visible as of `asOf`) were not there on
    /// the night of their day: dropped after it, or arrived after their night was evaluated. By path.
    public func lateAlertSources(codes: [String], days: Range<LocalDate>, asOf: LocalDate,
                                 assetID: String) throws(StoreError) -> [LateAlertSource]
    {
        guard !codes.isEmpty, !days.isEmpty else { return [] }
        return try read("finding late alerts") { db in
            let marks = Array(repeating: "?", count: codes.count).joined(separator: ", ")
            var arguments = StatementArguments(codes)
            arguments += [days.lowerBound.dayNumber, days.upperBound.dayNumber, asOf.dayNumber, assetID]
            return try Row.fetchMapped(db, sql: """
                SELECT m.path, m.drop_date, m.arrival, m.arrived_after, MIN(d.day) AS first_day, SUM(d.count) AS n
                FROM alert_key c
                JOIN alert_day d ON d.code_key = c.key
                JOIN manifest m ON m.id = d.file_id
                WHERE c.kind = 'code' AND c.name IN (\(marks)) AND d.day >= ? AND d.day < ?
                    AND \(Self.dropped("d"))
                    AND d.asset_key = (SELECT key FROM alert_key WHERE name = ? AND kind = 'asset')
                    AND ((d.drop_date IS NOT NULL AND d.drop_date > d.day) OR m.arrival <> '')
                GROUP BY m.path ORDER BY m.path
                """, arguments: arguments) { row in
                LateAlertSource(
                    path: row["path"], dropDate: (row["drop_date"] as Int32?).map(LocalDate.init(dayNumber:)),
                    arrival: ManifestEntry.Arrival(word: row["arrival"],
                                                   night: (row["arrived_after"] as Int32?).map(LocalDate.init(dayNumber:))),
                    firstDay: LocalDate(dayNumber: row["first_day"]), alerts: row["n"])
            }
        }
    }

    /// The distinct alert codes of the telemetry visible as of `asOf` (files dropped by then, local days up to
    /// it), sorted: what an alert rule's codes are checked against. A code is known once it occurred on any
    /// such day, however long ago. Not the `alert_key` table alone: it keeps the codes of replaced files and
    /// of later drops, so a re-run of the night would see another list.
    public func knownAlertCodes(asOf: LocalDate) throws(StoreError) -> [String] {
        try read("reading alert codes") { db in
            // One probe of the (code, day) primary key per code, not a scan of the aggregates.
            try String.fetchAll(db, sql: """
                SELECT c.name FROM alert_key c
                WHERE c.kind = 'code' AND EXISTS (
                    SELECT 1 FROM alert_day d
                    WHERE d.code_key = c.key AND d.day <= ? AND \(Self.dropped("d")))
                ORDER BY c.name
                """, arguments: [asOf.dayNumber, asOf.dayNumber])
        }
    }

    /// Alert occurrences per (asset, code) summed over the local days in `days`, visible as of `asOf`,
    /// sorted by asset and code (the report's fleet health; one row per pair, not per day).
    public func alertTotals(days: Range<LocalDate>, asOf: LocalDate) throws(StoreError)
        -> [(assetID: String, code: String, count: Int64)]
    {
        try read("summing alerts") { db in
            try Row.fetchMapped(db, sql: """
                SELECT a.name AS asset_id, c.name AS code, SUM(d.count) AS n
                FROM alert_key c
                JOIN alert_day d ON d.code_key = c.key
                JOIN alert_key a ON a.key = d.asset_key
                WHERE c.kind = 'code' AND d.day >= ? AND d.day < ? AND \(Self.dropped("d"))
                GROUP BY d.asset_key, d.code_key ORDER BY a.name, c.name
                """, arguments: [days.lowerBound.dayNumber, days.upperBound.dayNumber, asOf.dayNumber]) {
                (assetID: $0["asset_id"], code: $0["code"], count: $0["n"])
            }
        }
    }

    /// Alert occurrences per (asset, code, day) in `days`, visible as of `asOf`, sorted.
    public func dailyAlerts(days: Range<LocalDate>, asOf: LocalDate, assetID: String? = nil) throws(StoreError)
        -> [TelemetryDayCount]
    {
        try read("reading daily alerts") { db in
            // Every code's (code, day) range of the primary key, rather than a scan of the whole table.
            var sql = """
                SELECT a.name AS asset_id, c.name AS code, d.day, SUM(d.count) AS n, SUM(d.value_count) AS vc,
                    COALESCE(MIN(CASE WHEN d.value_count > 0 THEN d.value_min END), 0) AS vmin,
                    COALESCE(MAX(CASE WHEN d.value_count > 0 THEN d.value_max END), 0) AS vmax, SUM(d.value_sum) AS vsum
                FROM alert_key c
                JOIN alert_day d ON d.code_key = c.key
                JOIN alert_key a ON a.key = d.asset_key
                WHERE c.kind = 'code' AND d.day >= ? AND d.day < ? AND \(Self.dropped("d"))
                """
            var arguments: StatementArguments = [days.lowerBound.dayNumber, days.upperBound.dayNumber, asOf.dayNumber]
            if let assetID {
                sql += " AND d.asset_key = (SELECT key FROM alert_key WHERE name = ? AND kind = 'asset')"
                arguments += [assetID]
            }
            sql += " GROUP BY a.name, c.name, d.day ORDER BY a.name, c.name, d.day"
            return try Row.fetchMapped(db, sql: sql, arguments: arguments) {
                TelemetryDayCount(assetID: $0["asset_id"], code: $0["code"], day: LocalDate(dayNumber: $0["day"]),
                                  count: $0["n"], valueCount: $0["vc"], valueMin: $0["vmin"], valueMax: $0["vmax"],
                                  valueSum: $0["vsum"])
            }
        }
    }

    /// Quarantined-row counts per file and reason, sorted by path and reason.
    public func quarantineTallies() throws(StoreError) -> [QuarantineTally] {
        try read("reading quarantine counts") { db in
            try Row.fetchMapped(db, sql: """
                SELECT m.path, m.drop_date, q.reason, q.count FROM quarantine_count q
                JOIN manifest m ON m.id = q.file_id ORDER BY m.path, q.reason
                """) {
                QuarantineTally(path: $0["path"], dropDate: ($0["drop_date"] as Int32?).map(LocalDate.init(dayNumber:)),
                                reason: QuarantineReason(rawValue: $0["reason"]), rawReason: $0["reason"],
                                count: $0["count"])
            }
        }
    }

    /// Stored quarantined rows, by path and line (at most `limit`).
    public func quarantinedRows(limit: Int = 1_000) throws(StoreError) -> [QuarantinedRow] {
        try read("reading quarantined rows") { db in
            try Row.fetchMapped(db, sql: """
                SELECT m.path, q.* FROM quarantine q JOIN manifest m ON m.id = q.file_id
                ORDER BY m.path, q.line, q.seq LIMIT ?
                """, arguments: [limit]) {
                QuarantinedRow(file: $0["path"], line: $0["line"], field: $0["field"],
                               reason: QuarantineReason(rawValue: $0["reason"]) ?? .missingField,
                               detail: $0["detail"], raw: $0["raw"])
            }
        }
    }
}

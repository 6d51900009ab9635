import Foundation
import GRDB
import PMBatchCore

/// What the state held of work-order input when a report computed a period's figures: the night, the
/// newest manifest row and how many work-order files that night saw.
public struct KPICacheStamp: Hashable, Sendable {
    public var asOf: LocalDate
    public var maxFileID: Int64
    public var files: Int

    /// Memberwise.
    public init(asOf: LocalDate, maxFileID: Int64, files: Int) {
        self.asOf = asOf
        self.maxFileID = maxFileID
        self.files = files
    }
}

/// One period's KPI figures as a report computed them, kept for later reports (issue 12).
public struct KPICacheEntry: Sendable {
    /// Names the period (its start and end); the figures are kept unjudged.
    public var key: String
    /// The period's end: entries far behind every period a report shows are dropped.
    public var periodEnd: Instant
    /// Everything besides work-order input the figures depend on (rules, registries, program version).
    public var context: String
    public var stamp: KPICacheStamp
    /// The figures, encoded by the caller.
    public var figures: Data

    /// Memberwise.
    public init(key: String, periodEnd: Instant, context: String, stamp: KPICacheStamp, figures: Data) {
        self.key = key
        self.periodEnd = periodEnd
        self.context = context
        self.stamp = stamp
        self.figures = figures
    }
}

/// The KPI cache of issue 12: a period's figures depend only on work orders created and events stamped
/// before the period's end (each period is computed as if its end were the cutoff), so they stay what they
/// were until work-order input arrives that reaches before that end. Each stored work-order file records
/// the earliest instant it reaches (``recordRelevance(_:fileID:_:)``); the cache asks which files arrived or
/// went since its figures were computed.
extension StateStore {
    /// The manifest kinds whose rows feed the KPIs' work-order history.
    static let workOrderKinds = "('work_orders', 'work_order_events')"

    /// Stores the relevance of a work-order file just inserted as `fileID`: the earliest instant a period's
    /// figures can see it from.
    /// - An event counts from its own time: a period sees only events before its end, and an order's header
    ///   taken from its events comes from its first one.
    /// - A header row counts from the earliest of its `created_at` and the times already stored for its
    ///   order (headers' `created_at`, events' `ts`): the latest drop's header wins, so a header re-sent for an
    ///   old order with another creation time or other fields changes every period that order lived in.
    static func recordRelevance(_ entry: ManifestEntry, fileID: Int64, _ db: Database) throws {
        guard entry.status == .ok, entry.kind == .workOrders || entry.kind == .workOrderEvents else { return }
        try db.execute(
            sql: """
                INSERT INTO work_order_file(file_id, relevance)
                SELECT ?1, min(t) FROM (
                    SELECT min(x.ts) AS t FROM event x WHERE x.file_id = ?1
                    UNION ALL
                    SELECT min(x.created_at,
                               COALESCE((SELECT min(y.ts) FROM event y WHERE y.wo_id = x.wo_id), x.created_at),
                               COALESCE((SELECT min(w.created_at) FROM work_order w WHERE w.wo_id = x.wo_id),
                                        x.created_at)) AS t
                    FROM work_order x WHERE x.file_id = ?1)
                """,
            arguments: [fileID])
    }

    /// What the state holds of work-order input as of `asOf` now.
    public func kpiCacheStamp(asOf: LocalDate) throws(StoreError) -> KPICacheStamp {
        try read("reading the KPI cache's stamp") { db in
            let maxID = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM manifest") ?? 0
            let files = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM manifest m WHERE m.kind IN \(Self.workOrderKinds) AND "
                    + Self.visibleFile(), arguments: [asOf.dayNumber]) ?? 0
            return KPICacheStamp(asOf: asOf, maxFileID: maxID, files: files)
        }
    }

    /// The earliest instant from which the work-order input visible as of `asOf` differs from what `stamp`
    /// saw: nil when it does not differ; the beginning of time when a file it saw is gone (replaced,
    /// rejected or forgotten) or when `stamp` is of a later night.
    public func workOrderInputChanged(since stamp: KPICacheStamp, asOf: LocalDate) throws(StoreError) -> Instant? {
        let always = Instant(milliseconds: Int64.min)
        guard stamp.asOf <= asOf else { return always }
        return try read("reading the work-order files since a KPI cache stamp") { db in
            let kept = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM manifest m WHERE m.id <= ? AND m.kind IN \(Self.workOrderKinds) AND "
                    + Self.visibleFile(), arguments: [stamp.maxFileID, stamp.asOf.dayNumber]) ?? 0
            guard kept == stamp.files else { return always }
            // Files visible now that the stamp did not see: stored since, or dropped after its night. A file
            // without a relevance row is relevant to everything; an empty file (NULL) to nothing.
            let earliest = try Int64.fetchOne(
                db, sql: """
                    SELECT min(CASE WHEN f.file_id IS NULL THEN -9223372036854775808 ELSE f.relevance END)
                    FROM manifest m LEFT JOIN work_order_file f ON f.file_id = m.id
                    WHERE m.kind IN \(Self.workOrderKinds) AND \(Self.visibleFile())
                      AND (m.id > ? OR m.drop_date > ?)
                    """,
                arguments: [asOf.dayNumber, stamp.maxFileID, stamp.asOf.dayNumber])
            return earliest.map(Instant.init(milliseconds:))
        }
    }

    /// The kept entries among `keys`.
    public func kpiCacheEntries(keys: [String]) throws(StoreError) -> [KPICacheEntry] {
        guard !keys.isEmpty else { return [] }
        return try read("reading the KPI cache") { db in
            try Row.fetchMapped(
                db, sql: "SELECT * FROM kpi_cache WHERE key IN (SELECT value FROM json_each(?)) ORDER BY key",
                arguments: [Self.jsonArray(keys)]) { row in
                    KPICacheEntry(key: row["key"], periodEnd: Instant(milliseconds: row["period_end"]),
                                  context: row["context"],
                                  stamp: KPICacheStamp(asOf: LocalDate(dayNumber: row["as_of"]),
                                                       maxFileID: row["max_file_id"], files: row["files"]),
                                  figures: row["figures"])
                }
        }
    }

    /// Keeps `entries` (replacing entries of the same key) and drops the entries of periods ending before
    /// `oldest` that are not among `keep`.
    public func storeKPICacheEntries(_ entries: [KPICacheEntry], droppingBefore oldest: Instant, keep: [String])
        throws(StoreError)
    {
        try write("writing the KPI cache") { db in
            try db.execute(sql: """
                DELETE FROM kpi_cache WHERE period_end < ? AND key NOT IN (SELECT value FROM json_each(?))
                """, arguments: [oldest.milliseconds, Self.jsonArray(keep)])
            for e in entries {
                try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO kpi_cache(key, period_end, context, as_of, max_file_id, files, figures)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [e.key, e.periodEnd.milliseconds, e.context, e.stamp.asOf.dayNumber,
                                             e.stamp.maxFileID, e.stamp.files, e.figures])
            }
        }
    }
}

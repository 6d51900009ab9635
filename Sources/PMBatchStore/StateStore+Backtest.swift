import GRDB
import PMBatchCore

extension StateStore {
    /// Every daily aggregate of `codes` on local days in `days`, per (asset, code, day, drop date, whether its
    /// file arrived after its night was evaluated), from files visible as of `asOf` — what the nightly
    /// triggers and the backtest count alerts from (``AlertCountIndex``).
    public func alertAggregates(codes: [String], days: Range<LocalDate>, asOf: LocalDate) throws(StoreError)
        -> [AlertCountIndex.Aggregate]
    {
        let unique = Array(Set(codes)).sorted()
        guard !unique.isEmpty, !days.isEmpty else { return [] }
        return try read("reading alert aggregates") { db in
            let marks = Array(repeating: "?", count: unique.count).joined(separator: ", ")
            var arguments = StatementArguments(unique)
            arguments += [days.lowerBound.dayNumber, days.upperBound.dayNumber, asOf.dayNumber]
            var result: [AlertCountIndex.Aggregate] = []
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT a.name AS asset_id, c.name AS code, d.day, d.drop_date, m.arrival <> '' AS arrived_late,
                    SUM(d.count) AS n
                FROM alert_key c
                JOIN alert_day d ON d.code_key = c.key
                JOIN alert_key a ON a.key = d.asset_key
                JOIN manifest m ON m.id = d.file_id
                WHERE c.kind = 'code' AND c.name IN (\(marks)) AND d.day >= ? AND d.day < ?
                    AND \(Self.dropped("d"))
                GROUP BY a.name, c.name, d.day, d.drop_date, arrived_late
                """, arguments: arguments)
            while let row = try cursor.next() {
                result.append(AlertCountIndex.Aggregate(
                    assetID: row["asset_id"], code: row["code"], day: LocalDate(dayNumber: row["day"]),
                    dropDate: (row["drop_date"] as Int32?).map(LocalDate.init(dayNumber:)), count: row["n"],
                    arrivedLate: row["arrived_late"]))
            }
            return result
        }
    }
}

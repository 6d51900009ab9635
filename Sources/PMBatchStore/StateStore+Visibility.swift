/// What a night sees: the one SQL fragment for "visible as of" (STYLE habit 11), the file order that
/// decides which of a repeated ID's rows wins, and the one "last row per ID" fold.
///
/// A row is visible as of night N when its file was stored (`manifest.status = 'ok'`) and dropped on or
/// before N, or carries no drop date. Telemetry aggregates (`alert_day`) carry their file's drop date
/// themselves, so they use the drop-date half alone.
extension StateStore {
    /// `m.status = 'ok' AND (m.drop_date IS NULL OR m.drop_date <= ?)` for the manifest alias `manifest`:
    /// the rows of stored files dropped by the night. Binds one `?`: the night's day number.
    static func visibleFile(_ manifest: String = "m") -> String {
        "\(manifest).status = 'ok' AND " + dropped(manifest)
    }

    /// `(d.drop_date IS NULL OR d.drop_date <= ?)` for the alias `table`: undated, or dropped on or before
    /// `bound` — `?` (binds the night's day number) unless another column is given (`d.day`: there on the
    /// night of its own day).
    static func dropped(_ table: String, onOrBefore bound: String = "?") -> String {
        "(\(table).drop_date IS NULL OR \(table).drop_date <= \(bound))"
    }

    /// `COALESCE(m.drop_date, ?), m.path, x.line`: files in drop order (an undated file as if dropped on the
    /// night), then by path, rows in file order. Binds one `?`: the night's day number.
    static func fileOrder(_ table: String, manifest: String = "m") -> String {
        "COALESCE(\(manifest).drop_date, ?), \(manifest).path, \(table).line"
    }

    /// The last of `records` for each ID — read in `fileOrder`, so the latest file's row — sorted by ID.
    package static func lastRowPerID<Record, ID: Comparable & Hashable>(_ records: some Sequence<Record>,
                                                               id: (Record) -> ID) -> [Record] {
        var byID: [ID: Record] = [:]
        for record in records { byID[id(record)] = record }
        return byID.values.sorted { id($0) < id($1) }
    }
}

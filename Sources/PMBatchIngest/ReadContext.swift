import PMBatchCore

/// What a reader needs to know besides the file: the zone, the column map and the asset registry.
public struct ReadContext: Sendable {
    /// The zone naive timestamps are read in and local days are taken in.
    public var zone: ZoneRules
    /// pmbatch column names → source column (or JSON key) names.
    public var columns: ColumnMap
    /// The registered asset IDs; when set, rows naming another asset are quarantined (`unknownAsset`).
    public var knownAssets: Set<String>?

    /// A context; by default UTC, no column map, no asset check.
    public init(zone: ZoneRules = .utc, columns: ColumnMap = ColumnMap(), knownAssets: Set<String>? = nil) {
        self.zone = zone
        self.columns = columns
        self.knownAssets = knownAssets
    }
}

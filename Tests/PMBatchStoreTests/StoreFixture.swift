import PMBatchCore
import PMBatchStore

/// Hand-made contributions for the store query tests.
enum StoreFixture {
    /// Alerts per asset of `codes` over `days` as the night `asOf` counts them: the store's aggregates counted by
    /// Core's index (the one path the triggers and the backtest share); with `inTimeOnly`, only the alerts that
    /// were there on the night of their day. Assets with none are absent.
    static func alertCounts(_ store: StateStore, codes: [String], days: Range<LocalDate>, asOf: LocalDate,
                            inTimeOnly: Bool = false) throws -> [String: Int64] {
        let aggregates = try store.alertAggregates(codes: codes, days: days, asOf: asOf)
        guard inTimeOnly else {
            return AlertCountIndex(aggregates).counts(codes: codes, days: days, droppedBy: asOf)
        }
        var counts: [String: Int64] = [:]
        for asset in Set(aggregates.map(\.assetID)) {
            let n = AlertCountIndex.inTimeCount(aggregates, codes: codes, assetID: asset, days: days)
            if n > 0 { counts[asset] = n }
        }
        return counts
    }

    static func day(_ text: String) -> LocalDate { LocalDate(text)! }

    /// A manifest entry of an ok file; `drop` nil for a file outside a dated folder.
    static func entry(_ path: String, _ kind: FileKind, drop: String?, hash: String = "h1",
                      arrival: ManifestEntry.Arrival = .inTime) -> ManifestEntry {
        ManifestEntry(path: path, kind: kind, size: 10, modificationTime: 1, contentHash: hash,
                      dropDate: drop.map(day), status: .ok, rowsRead: 1, arrival: arrival)
    }

    /// A telemetry file's contribution.
    static func telemetry(_ path: String, drop: String?, arrival: ManifestEntry.Arrival = .inTime,
                          _ rows: [TelemetryDayCount]) -> FileContribution {
        FileContribution(entry: entry(path, .telemetry, drop: drop, arrival: arrival), telemetry: rows)
    }

    /// `count` alerts of `code` on `asset` on the local day `day`.
    static func alerts(_ asset: String, _ code: String, _ day: String, _ count: Int64) -> TelemetryDayCount {
        TelemetryDayCount(assetID: asset, code: code, day: Self.day(day), count: count)
    }

    /// A small file's contribution: records with their line numbers, in the order given.
    static func records(_ path: String, _ kind: FileKind, drop: String?,
                        _ records: [(Int, InputRecord)]) -> FileContribution {
        FileContribution(entry: entry(path, kind, drop: drop), records: records.map { (line: $0.0, record: $0.1) })
    }

    /// A minimal preventive work order of `night`.
    static func order(_ id: String, night: String, rule: String = "r", asset: String = "A") -> PreventiveWorkOrder {
        PreventiveWorkOrder(id: id, night: day(night), ruleID: rule, ruleKind: .alert,
                            triggerKey: "\(rule)|\(asset)|\(id)", assetID: asset, siteID: "S", customerID: "C",
                            skill: "s", evidence: "e", action: "a", priority: "normal", engineerID: "",
                            dueDate: day(night).adding(days: 7))
    }

    /// A minimal spare-part request of `night` for `order`.
    static func request(_ id: String, night: String, order: String) -> SparePartRequest {
        SparePartRequest(id: id, night: day(night), workOrderID: order, partNumber: "P", batchCode: "B", quantity: 1,
                         stockOnHand: 0, shortfall: 1, neededBy: day(night).adding(days: 3))
    }
}

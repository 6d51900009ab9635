/// Alert counts for the backtest, built once from the daily aggregates: per code, per asset, per local
/// day and per drop date, answering "occurrences of these codes on this asset over these days, counting
/// only aggregates dropped on or before night N" with two binary searches, so a replay runs no SQL per night.
///
/// Per (code, asset) the counts of every day are held as prefix sums. Aggregates dropped after their own
/// day (late files) are also kept on the side, sorted by day, so a night can subtract those it could not
/// have seen yet; only the days within the series' largest drop lag of the night need looking at.
public struct AlertCountIndex: Sendable {
    /// One daily aggregate: occurrences of `code` on `assetID` on local `day`, from files dropped on
    /// `dropDate` (nil: outside a dated folder, visible every night).
    public struct Aggregate: Hashable, Sendable {
        public var assetID: String
        public var code: String
        public var day: LocalDate
        public var dropDate: LocalDate?
        public var count: Int64
        /// Whether its file arrived (new, fixed or replaced) after the night of its drop date was evaluated.
        public var arrivedLate: Bool

        /// Memberwise.
        public init(assetID: String, code: String, day: LocalDate, dropDate: LocalDate?, count: Int64,
                    arrivedLate: Bool = false) {
            self.assetID = assetID
            self.code = code
            self.day = day
            self.dropDate = dropDate
            self.count = count
            self.arrivedLate = arrivedLate
        }

        /// Whether the night of its day could see it: dropped on or before that day (or outside a dated
        /// folder), by a file that did not arrive after its night was evaluated.
        public var wasThereOnItsNight: Bool {
            !arrivedLate && (dropDate.map { $0 <= day } ?? true)
        }
    }

    /// Occurrences of any of `codes` on `assetID` over `days` among `aggregates`, counting only those that
    /// were there on the night of their day (``Aggregate/wasThereOnItsNight``): what an order's evidence
    /// would have been with no late input.
    public static func inTimeCount(_ aggregates: [Aggregate], codes: [String], assetID: String,
                                   days: Range<LocalDate>) -> Int64 {
        let wanted = Set(codes)
        return aggregates.reduce(0) { total, a in
            a.assetID == assetID && wanted.contains(a.code) && days.contains(a.day) && a.wasThereOnItsNight
                ? total + a.count : total
        }
    }

    struct Series: Sendable {
        /// Distinct days, ascending.
        var days: [Int32] = []
        /// `prefix[i]` = total count of `days[0..<i]`.
        var prefix: [Int64] = [0]
        /// Aggregates dropped after their day, ascending by day.
        var lateDays: [Int32] = []
        var lateDrops: [Int32] = []
        var lateCounts: [Int64] = []
        /// The largest drop date − day among late aggregates.
        var maxLag: Int32 = 0

        func count(from lo: Int32, to hi: Int32, night: Int32) -> Int64 {
            guard lo < hi else { return 0 }
            let i = days.lowerBound(of: lo)
            let j = days.lowerBound(of: hi)
            var total = prefix[j] - prefix[i]
            guard !lateDays.isEmpty else { return total }
            // A late aggregate not yet dropped by `night` has day < drop ≤ day + maxLag, so day > night − maxLag.
            var k = lateDays.lowerBound(of: max(lo, night - maxLag + 1))
            while k < lateDays.count, lateDays[k] < hi {
                if lateDrops[k] > night { total -= lateCounts[k] }
                k += 1
            }
            return total
        }
    }

    /// code → asset → series.
    var series: [String: [String: Series]]
    /// Every asset with an aggregate, sorted: the numbering of ``seriesByCode``.
    var assetIDs: [String]
    /// code → the series of each asset that has one, by asset number ascending: what ``counts(codes:days:droppedBy:moreThan:)``
    /// walks, summing several codes per asset in an array rather than a dictionary.
    var seriesByCode: [String: [(asset: Int, series: Series)]]

    /// Builds the index (the input order does not matter).
    public init(_ aggregates: [Aggregate]) {
        var grouped: [String: [String: [(day: Int32, drop: Int32, count: Int64)]]] = [:]
        for a in aggregates {
            grouped[a.code, default: [:]][a.assetID, default: []]
                .append((a.day.dayNumber, a.dropDate?.dayNumber ?? Int32.min, a.count))
        }
        var series: [String: [String: Series]] = [:]
        for (code, byAsset) in grouped {
            var perAsset: [String: Series] = [:]
            perAsset.reserveCapacity(byAsset.count)
            for (asset, rows) in byAsset {
                let sorted = rows.sorted { ($0.day, $0.drop) < ($1.day, $1.drop) }
                var s = Series()
                s.days.reserveCapacity(sorted.count)
                s.prefix.reserveCapacity(sorted.count + 1)
                for row in sorted {
                    if s.days.last == row.day {
                        s.prefix[s.prefix.count - 1] += row.count
                    } else {
                        s.days.append(row.day)
                        s.prefix.append(s.prefix[s.prefix.count - 1] + row.count)
                    }
                    if row.drop > row.day {
                        s.lateDays.append(row.day)
                        s.lateDrops.append(row.drop)
                        s.lateCounts.append(row.count)
                        s.maxLag = max(s.maxLag, row.drop - row.day)
                    }
                }
                perAsset[asset] = s
            }
            series[code] = perAsset
        }
        self.series = series
        assetIDs = Set(series.values.flatMap(\.keys)).sorted()
        var number: [String: Int] = [:]
        for (i, asset) in assetIDs.enumerated() { number[asset] = i }
        var byCode: [String: [(asset: Int, series: Series)]] = [:]
        for (code, perAsset) in series {
            byCode[code] = perAsset.map { (number[$0.key]!, $0.value) }.sorted { $0.asset < $1.asset }
        }
        seriesByCode = byCode
    }

    /// Occurrences of any of `codes` on `assetID` on the local days in `days`, from aggregates dropped on
    /// or before `night` (undated ones always). Days after `night` are never counted: a window ends at
    /// the night's cutoff at the latest.
    public func count(codes: [String], assetID: String, days: Range<LocalDate>, droppedBy night: LocalDate) -> Int64 {
        let (lo, hi) = Self.bounds(days, night)
        var total: Int64 = 0
        for code in Set(codes) {
            if let s = series[code]?[assetID] { total += s.count(from: lo, to: hi, night: night.dayNumber) }
        }
        return total
    }

    /// Like ``count(codes:assetID:days:droppedBy:)`` for every asset at once, keeping only counts above
    /// `moreThan` (assets at or below it are absent).
    public func counts(codes: [String], days: Range<LocalDate>, droppedBy night: LocalDate,
                       moreThan: Int64 = 0) -> [String: Int64] {
        let (lo, hi) = Self.bounds(days, night)
        let unique = codes.count == 1 ? codes : Array(Set(codes))
        var result: [String: Int64] = [:]
        if unique.count == 1 {
            guard let list = seriesByCode[unique[0]] else { return result }
            for i in list.indices {
                let n = list[i].series.count(from: lo, to: hi, night: night.dayNumber)
                if n > moreThan { result[assetIDs[list[i].asset]] = n }
            }
            return result
        }
        var totals = [Int64](repeating: 0, count: assetIDs.count)
        var touched: [Int] = []
        for code in unique {
            guard let list = seriesByCode[code] else { continue }
            for i in list.indices {
                let n = list[i].series.count(from: lo, to: hi, night: night.dayNumber)
                guard n != 0 else { continue }
                if totals[list[i].asset] == 0 { touched.append(list[i].asset) }
                totals[list[i].asset] += n
            }
        }
        for a in touched where totals[a] > moreThan { result[assetIDs[a]] = totals[a] }
        return result
    }

    static func bounds(_ days: Range<LocalDate>, _ night: LocalDate) -> (Int32, Int32) {
        (days.lowerBound.dayNumber, min(days.upperBound.dayNumber, night.dayNumber + 1))
    }
}

import PMBatchCore

/// Reduces telemetry rows to per (asset, code, local day) counts while streaming: interns asset IDs and
/// codes, parses timestamps with a memoized hour prefix, skips exact duplicates (see `DuplicateFilter`:
/// an identical row among the last 8 counted rows of the same asset), quarantines bad rows.
///
/// The per-row state lives in one `Tally` in raw memory owned by this object, so the hot path runs on
/// value types through a pointer: no class-property exclusivity checks, no retain/release per row.
///
/// Rows are looked up in small batches (see `Tally.flush`), in file order, then handed to a
/// `TelemetryCounter` for the duplicate check and the counting, with exactly the row-by-row result. Rows
/// whose bytes lie in the current chunk (`beginChunk`) wait in the batch with pointers into it; the batch
/// is flushed before the chunk is released (`endChunk`), before any row is quarantined (so quarantine
/// samples stay in line order) and before the summary.
final class TelemetryAccumulator {
    /// What became of one row at its arrival.
    enum Outcome {
        /// Valid so far: the asset check, the duplicate check and the counting follow in `Tally.flush`.
        case accepted
        case badTimestamp, badNumber
    }

    /// A row rejected during a flush because its asset is not registered.
    struct UnknownAssetRow {
        var line: Int
        var asset: String
        /// The raw text, made only for the first rows (`Tally.textBudget`).
        var raw: String?
    }

    /// The hot per-row state.
    struct Tally: ~Copyable {
        var timestamps: TimestampParser
        let knownAssets: Set<String>?
        var assets = ByteInterner(capacity: 1 << 14)
        var codes = ByteInterner(capacity: 1 << 8)
        /// Per asset ID: 1 when it may be counted (registered, or no registry), 0 when unknown.
        var assetKnown: UnsafeMutablePointer<UInt8>
        var assetKnownCapacity = 1 << 12
        /// The duplicate check and the counting, fed in batches.
        let counter: TelemetryCounter
        var batch: TelemetryCounter.Batch
        var rowsRead = 0
        /// Rows rejected in flushes, for the owner to quarantine (drained after every flush).
        var unknownAssetRows: [UnknownAssetRow] = []
        /// How many more unknown-asset rows get their raw text made.
        var textBudget: Int
        /// The chunk whose bytes rows may keep pointing into until the next flush (nil: none).
        var chunkStart: UnsafeRawPointer?
        var chunkEnd: UnsafeRawPointer?
        /// Valid rows waiting for the asset lookup, duplicate check and counting, in file order.
        private let pending: UnsafeMutablePointer<Pending>
        private var pendingCount = 0

        /// A parsed row; `asset` and `raw` point into the current chunk unless `assetID` is already set.
        struct Pending {
            var ms: Int64
            var value: Double
            var asset: ByteField
            /// `ByteInterner.hash` of the asset's bytes.
            var hash: UInt64
            var raw: UnsafeRawBufferPointer
            var line: Int
            /// The asset's ID; -1 until looked up, -2 when the asset is unknown.
            var assetID: Int32
            var code: Int32
            var day: Int32
            var hasValue: Bool
        }

        /// Rows per batch: enough independent cache misses in flight, few enough to stay in L1.
        static let batchSize = 32
        /// The most fields a record may have for the fast path.
        static let fastFieldLimit = 64
        /// Field bounds for the fast path.
        private let bounds: UnsafeMutablePointer<Int>
        /// The lengths of the last two distinct timestamps that opened a record in the fast path (0: none
        /// yet): dumps often mix two styles (`…Z` and `…+08:00`).
        private var leadingTSLengths = (0, 0)

        init(zone: ZoneRules, knownAssets: Set<String>?, textBudget: Int, threaded: Bool, fileBytes: Int) {
            timestamps = TimestampParser(zone: zone)
            counter = TelemetryCounter(threaded: threaded,
                                       assets: TelemetryAccumulator.initialAssets(registered: knownAssets?.count,
                                                                                  fileBytes: fileBytes))
            batch = counter.firstBatch()
            self.knownAssets = knownAssets
            self.textBudget = textBudget
            assetKnown = .allocate(capacity: assetKnownCapacity)
            assetKnown.initialize(repeating: 0, count: assetKnownCapacity)
            pending = .allocate(capacity: Self.batchSize)
            bounds = .allocate(capacity: 2 * Self.fastFieldLimit)
        }

        deinit {
            assetKnown.deallocate()
            pending.deallocate()
            bounds.deallocate()
        }

        /// Takes one row whose fields are already trimmed and non-empty (the caller checks).
        @inline(__always)
        mutating func row(line: Int, ts: ByteField, asset: ByteField, code: ByteField, value: ByteField,
                          raw: UnsafeRawBufferPointer) -> Outcome {
            guard let instant = timestamps.instant(ts.bytes) else { return .badTimestamp }
            var number = 0.0
            let hasValue = !value.isEmpty
            if hasValue {
                guard let parsed = NumberParser.double(value) else { return .badNumber }
                number = parsed
            }
            let a = UnsafeRawPointer(asset.start!), r = raw.baseAddress
            if let start = chunkStart, let end = chunkEnd, let r, a >= start, a < end, r >= start, r < end {
                accept(line: line, instant: instant, value: number, hasValue: hasValue, asset: asset, code: code,
                       raw: raw)
                return .accepted
            }
            // The bytes do not outlive this call (a carried-over record, a quoted field, JSONL): look the
            // asset up now, after the rows before it.
            flush()
            let hash = ByteInterner.hash(asset.start!, asset.count)
            let assetID = lookUp(line: line, asset: asset, hash: hash, raw: raw)
            if assetID < 0 { return .accepted }
            enqueue(line: line, instant: instant, value: number, hasValue: hasValue, asset: asset, hash: hash,
                    assetID: assetID, code: code, raw: raw)
            return .accepted
        }

        /// Queues a parsed row whose asset and raw bytes lie in the current chunk; its interner slot starts
        /// loading now and is looked up in `flush`.
        @inline(__always)
        private mutating func accept(line: Int, instant: Instant, value: Double, hasValue: Bool, asset: ByteField,
                                     code: ByteField, raw: UnsafeRawBufferPointer) {
            let hash = ByteInterner.hash(asset.start!, asset.count)
            assets.prefetch(hash: hash)
            enqueue(line: line, instant: instant, value: value, hasValue: hasValue, asset: asset, hash: hash,
                    assetID: -1, code: code, raw: raw)
        }

        /// Queues a row for `flush` (`assetID` -1: not looked up yet).
        @inline(__always)
        private mutating func enqueue(line: Int, instant: Instant, value: Double, hasValue: Bool, asset: ByteField,
                                      hash: UInt64, assetID: Int32, code: ByteField, raw: UnsafeRawBufferPointer) {
            pending[pendingCount] = Pending(ms: instant.milliseconds, value: value, asset: asset, hash: hash,
                                            raw: raw, line: line, assetID: assetID,
                                            code: codes.id(code.start!, code.count).id,
                                            day: timestamps.localDate(of: instant).dayNumber, hasValue: hasValue)
            pendingCount += 1
            if pendingCount == Self.batchSize { flush() }
        }

        /// The fast path for CSV (see `CSVSimpleLines`): takes the plain records at `p[start..<end]` —
        /// which must lie in the current chunk — whose fields are all valid, up to the first that is not
        /// plain or not valid, which is left to the general path (it quarantines what needs it). Returns
        /// the position after the last record taken and how many were taken.
        mutating func takeSimpleRows(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int, line: Int,
                                     layout: TelemetryLayout, longest: Int) -> (next: Int, rows: Int) {
            guard let chunkStart, let chunkEnd, UnsafeRawPointer(p) >= chunkStart,
                  UnsafeRawPointer(p + end) <= chunkEnd, layout.fieldCount <= Self.fastFieldLimit
            else { return (start, 0) }
            let b = bounds
            @inline(__always) func field(_ k: Int) -> ByteField {
                ByteField(start: p + b[2 &* k], count: b[2 &* k &+ 1] &- b[2 &* k]).trimmed
            }
            var pos = start, rows = 0
            while true {
                // A leading ts is tried at the lengths of the last two: when it parses and a comma follows, it
                // holds only timestamp characters (no separator, quote or space around it), so it is the first
                // field and the scan starts after it.
                var instant: Instant?
                var resume: (field: Int, at: Int)?
                if layout.ts == 0 {
                    var tsLength = leadingTSLengths.0
                    if tsLength > 0, pos &+ tsLength < end, p[pos &+ tsLength] != 0x2C { tsLength = leadingTSLengths.1 }
                    if tsLength > 0, pos &+ tsLength < end, p[pos &+ tsLength] == 0x2C,
                       let parsed = timestamps.instant(UnsafeRawBufferPointer(start: p + pos, count: tsLength)) {
                        instant = parsed
                        b[0] = pos
                        b[1] = pos &+ tsLength
                        resume = (1, pos &+ tsLength &+ 1)
                    }
                }
                guard let lf = CSVSimpleLines.split(p, from: pos, to: end, fieldCount: layout.fieldCount,
                                                    longest: longest, bounds: b, resume: resume) else { break }
                let ts = field(layout.ts), asset = field(layout.asset), code = field(layout.code)
                let value = layout.value >= 0 ? field(layout.value) : ByteField(start: nil, count: 0)
                guard !ts.isEmpty, !asset.isEmpty, !code.isEmpty else { break }
                if instant == nil {
                    guard let parsed = timestamps.instant(ts.bytes) else { break }
                    instant = parsed
                    if layout.ts == 0 && ts.start == p + pos && ts.count != leadingTSLengths.0 {
                        leadingTSLengths = (ts.count, leadingTSLengths.0)
                    }
                }
                var number = 0.0
                let hasValue = !value.isEmpty
                if hasValue {
                    guard let parsed = NumberParser.double(value) else { break }
                    number = parsed
                }
                rowsRead &+= 1
                accept(line: line &+ rows, instant: instant!, value: number, hasValue: hasValue, asset: asset,
                       code: code, raw: UnsafeRawBufferPointer(start: p + pos, count: lf &- pos))
                rows &+= 1
                pos = lf &+ 1
            }
            return (pos, rows)
        }

        /// The asset's ID, or -2 after recording the row as unknown.
        @inline(__always)
        private mutating func lookUp(line: Int, asset: ByteField, hash: UInt64, raw: UnsafeRawBufferPointer)
            -> Int32
        {
            let (id, isNew) = assets.id(asset.start!, asset.count, hash: hash)
            if isNew { registerAsset(Int(id)) }
            if assetKnown[Int(id)] != 0 { return id }
            var text: String?
            if textBudget > 0 {
                textBudget -= 1
                text = ByteField.rawText(raw)
            }
            unknownAssetRows.append(UnknownAssetRow(line: line, asset: assets.strings[Int(id)], raw: text))
            return -2
        }

        /// Looks up the pending rows' assets and hands the known ones on to the counter, in file order.
        /// (The interner's slots are spread over a megabyte: each row's slot was prefetched when it was
        /// queued, so the lookups here find it loaded.)
        mutating func flush() {
            let n = pendingCount
            guard n > 0 else { return }
            pendingCount = 0
            for i in 0..<n {
                let r = pending[i]
                let assetID = r.assetID == -1 ? lookUp(line: r.line, asset: r.asset, hash: r.hash, raw: r.raw)
                    : r.assetID
                guard assetID >= 0 else { continue }
                batch.append(TelemetryCounter.Row(ms: r.ms, value: r.value, asset: assetID, code: r.code,
                                                  day: r.day, hasValue: r.hasValue))
                if batch.isFull { batch = counter.submit(batch) }
            }
        }

        /// Counts every row handed on; the totals.
        mutating func finish() -> UnsafeMutablePointer<RowCounter> {
            flush()
            return counter.finish(batch)
        }

        private mutating func registerAsset(_ id: Int) {
            if id >= assetKnownCapacity {
                var capacity = assetKnownCapacity
                while capacity <= id { capacity *= 2 }
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
                bigger.moveInitialize(from: assetKnown, count: assetKnownCapacity)
                (bigger + assetKnownCapacity).initialize(repeating: 0, count: capacity - assetKnownCapacity)
                assetKnown.deallocate()
                assetKnown = bigger
                assetKnownCapacity = capacity
            }
            let known = knownAssets.map { $0.contains(assets.strings[id]) } ?? true
            assetKnown[id] = known ? 1 : 0
        }
    }

    let displayName: String
    let sampleLimit: Int
    private let tally: UnsafeMutablePointer<Tally>
    var quarantineCounts = [Int](repeating: 0, count: QuarantineReason.allCases.count)
    var samples: [QuarantinedRow] = []


    /// With `threaded`, the duplicate check and the counting run on a thread of their own. `fileBytes` (the
    /// file's size on disk, 0 when unknown) sizes the per-asset tables (``initialAssets(registered:fileBytes:)``).
    init(displayName: String, context: ReadContext, sampleLimit: Int, threaded: Bool = true, fileBytes: Int = 0) {
        self.displayName = displayName
        self.sampleLimit = sampleLimit
        tally = .allocate(capacity: 1)
        tally.initialize(to: Tally(zone: context.zone, knownAssets: context.knownAssets, textBudget: sampleLimit,
                                  threaded: threaded, fileBytes: fileBytes))
    }

    /// How many assets the per-asset tables (open aggregates, the duplicate check's last rows: about 1 KB an
    /// asset) are sized for when a file's reading starts; they grow by a quarter when a larger asset ID comes.
    /// Doubling from small to a whole fleet held old and new copies at once (half again the tables); so
    /// a file large enough to name every registered asset (16 bytes a row at the very least) gets tables for
    /// all of them at once, and a small one (a late correction, one region's file) small ones.
    static func initialAssets(registered: Int?, fileBytes: Int) -> Int {
        let small = 1 << 10
        guard let registered else { return small }
        return max(small, min(registered + 16, fileBytes / 16))
    }

    deinit {
        tally.deinitialize(count: 1)
        tally.deallocate()
    }

    /// Rows may keep pointing into `chunk` until `endChunk()`.
    func beginChunk(_ chunk: UnsafeRawBufferPointer) {
        tally.pointee.chunkStart = chunk.baseAddress
        tally.pointee.chunkEnd = chunk.baseAddress.map { $0 + chunk.count }
    }

    /// Processes the rows still pointing into the chunk given to `beginChunk`.
    func endChunk() {
        flush()
        tally.pointee.chunkStart = nil
        tally.pointee.chunkEnd = nil
    }

    /// Processes the pending rows and quarantines those with an unknown asset.
    private func flush() {
        let t = tally
        t.pointee.flush()
        if !t.pointee.unknownAssetRows.isEmpty { drainUnknownAssets() }
    }

    private func drainUnknownAssets() {
        let rows = tally.pointee.unknownAssetRows
        tally.pointee.unknownAssetRows.removeAll(keepingCapacity: true)
        for r in rows {
            record(line: r.line, field: "asset_id", reason: .unknownAsset,
                   detail: "asset '\(r.asset)' is not in the asset registry", raw: r.raw ?? "")
        }
    }

    /// Counts a data row the reader could not take at all and quarantines it.
    func reject(line: Int, field: String, reason: QuarantineReason, detail: @autoclosure () -> String,
                raw: @autoclosure () -> String) {
        tally.pointee.rowsRead += 1
        quarantine(line: line, field: field, reason: reason, detail: detail(), raw: raw())
    }

    /// Records a quarantined row (after the pending rows, which come before it); the text is made only
    /// for the first `sampleLimit`.
    func quarantine(line: Int, field: String, reason: QuarantineReason, detail: @autoclosure () -> String,
                    raw: @autoclosure () -> String) {
        flush()
        record(line: line, field: field, reason: reason, detail: detail(), raw: raw())
    }

    private func record(line: Int, field: String, reason: QuarantineReason, detail: @autoclosure () -> String,
                        raw: @autoclosure () -> String) {
        quarantineCounts[QuarantineReason.allCases.firstIndex(of: reason)!] += 1
        if samples.count < sampleLimit {
            samples.append(QuarantinedRow(file: displayName, line: line, field: field, reason: reason,
                                          detail: detail(), raw: raw()))
        }
    }

    /// One data row (checked and counted in batches: the counts are complete only in `summary`); `value`
    /// nil when the file has no value there (absent or null).
    @inline(__always)
    func row(line: Int, ts tsField: ByteField, asset assetField: ByteField, code codeField: ByteField,
             value valueField: ByteField?, raw: UnsafeRawBufferPointer) {
        let t = tally
        t.pointee.rowsRead += 1
        let ts = tsField.trimmed, asset = assetField.trimmed, code = codeField.trimmed
        let value = valueField?.trimmed ?? ByteField(start: nil, count: 0)
        if ts.isEmpty || asset.isEmpty || code.isEmpty {
            let field = ts.isEmpty ? "ts" : asset.isEmpty ? "asset_id" : "code"
            quarantine(line: line, field: field, reason: .missingField,
                       detail: "required column '\(field)' is empty", raw: ByteField.rawText(raw))
            return
        }
        switch t.pointee.row(line: line, ts: ts, asset: asset, code: code, value: value, raw: raw) {
        case .accepted:
            if !t.pointee.unknownAssetRows.isEmpty { drainUnknownAssets() }
        case .badTimestamp:
            quarantine(line: line, field: "ts", reason: .badTimestamp, detail: "not a timestamp: '\(ts.string)'",
                       raw: ByteField.rawText(raw))
        case .badNumber:
            quarantine(line: line, field: "value", reason: .badNumber, detail: "not a number: '\(value.string)'",
                       raw: ByteField.rawText(raw))
        }
    }

    /// The CSV fast path (`Tally.takeSimpleRows`).
    @inline(__always)
    func takeSimpleRows(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int, line: Int, layout: TelemetryLayout,
                        longest: Int) -> (next: Int, rows: Int) {
        let t = tally
        let taken = t.pointee.takeSimpleRows(p, from: start, to: end, line: line, layout: layout, longest: longest)
        if !t.pointee.unknownAssetRows.isEmpty { drainUnknownAssets() }
        return taken
    }

    /// The summary, aggregates sorted by (asset, code, day).
    func summary(format: TelemetrySummary.Format, compressed: Bool) -> TelemetrySummary {
        flush()
        let t = tally
        let counted = t.pointee.finish()
        let assets = t.pointee.assets.strings, codes = t.pointee.codes.strings
        // Sort by string rank computed once per distinct key, not by comparing strings per pair.
        let assetRank = Self.ranks(assets), codeRank = Self.ranks(codes)
        var entries = counted.pointee.table.finishedEntries()
        entries.sort { (a: DayCountTable.Entry, b: DayCountTable.Entry) -> Bool in
            (assetRank[Int(a.asset)], codeRank[Int(a.code)], a.day)
                < (assetRank[Int(b.asset)], codeRank[Int(b.code)], b.day)
        }
        let counts = entries.map { e in
            TelemetryDayCount(assetID: assets[Int(e.asset)], code: codes[Int(e.code)],
                              day: LocalDate(dayNumber: e.day), count: e.count, valueCount: e.valueCount,
                              valueMin: e.valueMin, valueMax: e.valueMax, valueSum: e.valueSum)
        }
        var byReason: [QuarantineReason: Int] = [:]
        for (i, reason) in QuarantineReason.allCases.enumerated() where quarantineCounts[i] > 0 {
            byReason[reason] = quarantineCounts[i]
        }
        return TelemetrySummary(format: format, compressed: compressed, rowsRead: t.pointee.rowsRead,
                                rowsCounted: counted.pointee.rowsCounted, duplicatesSkipped: counted.pointee.duplicatesSkipped,
                                quarantinedByReason: byReason, quarantineSamples: samples, counts: counts)
    }

    /// The rank of each string in sorted order (equal strings cannot occur: they are interned keys).
    private static func ranks(_ strings: [String]) -> [Int] {
        var rank = [Int](repeating: 0, count: strings.count)
        for (r, i) in strings.indices.sorted(by: { strings[$0] < strings[$1] }).enumerated() { rank[i] = r }
        return rank
    }
}

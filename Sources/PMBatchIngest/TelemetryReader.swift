import Foundation
import PMBatchCore

/// Reads one telemetry file (CSV or JSONL, plain or zstd, decided by the content) and reduces it while
/// streaming to counts per (asset, code, local day) — the hot path of a night.
///
/// Memory does not grow with rows: chunks are reused, only distinct assets, codes, aggregates and the
/// last 8 counted rows per asset (for duplicate detection) are held. An exact duplicate (same ts, asset,
/// code and value) is counted once when its original is among the last 8 counted rows of the same asset
/// (`DuplicateFilter`) — in ts-ascending input, every duplicate unless more than 8 distinct rows of one
/// asset share its ts; duplicates further apart are not detected.
public enum TelemetryReader {
    /// Reads `path`. With `background`, zstd decompression runs on its own thread, and so do the duplicate
    /// check and the counting.
    /// `sampleLimit` quarantined rows are kept in full, the rest only counted. `fastPath` false sends
    /// every CSV record through the general parser (tests compare the two).
    public static func read(path: String, displayName: String, context: ReadContext,
                            chunkSize: Int = ByteSources.defaultChunkSize, background: Bool = true,
                            sampleLimit: Int = 1000, fastPath: Bool = true) throws(IngestError) -> TelemetrySummary {
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        let accumulator = TelemetryAccumulator(displayName: displayName, context: context, sampleLimit: sampleLimit,
                                                threaded: background, fileBytes: fileBytes)
        // Read in a function of its own, so that the source and its buffers are gone before the summary is
        // built.
        let (format, compressed, contentHash) = try feed(
            try ByteSources.open(path: path, displayName: displayName, chunkSize: chunkSize, background: background),
            into: accumulator, displayName: displayName, context: context, fastPath: fastPath)
        var summary = accumulator.summary(format: format, compressed: compressed)
        summary.contentHash = contentHash
        return summary
    }

    /// Feeds every row of `source` to `accumulator`; the format found, whether the content was compressed,
    /// and its hash.
    private static func feed(_ source: some ByteSource, into accumulator: TelemetryAccumulator, displayName: String,
                             context: ReadContext, fastPath: Bool) throws(IngestError)
        -> (format: TelemetrySummary.Format, compressed: Bool, contentHash: String)
    {
        // Leading chunks of only whitespace are held until the first significant byte decides the format.
        var held = GrowableBytes()
        var format: TelemetrySummary.Format?
        var csv: CSVParser?
        var csvSink = TelemetryCSVSink(accumulator: accumulator, context: context, fastPath: fastPath)
        var jsonl: JSONLineSplitter?
        func feed(_ chunk: UnsafeRawBufferPointer) throws(IngestError) {
            if let csv {
                // CSV rows may wait in the accumulator's batch with pointers into the chunk until its end.
                accumulator.beginChunk(chunk)
                // Also when the chunk is rejected: no row may keep pointing into it.
                defer { accumulator.endChunk() }
                try csv.consume(chunk, into: &csvSink)
            } else {
                try jsonl!.consume(chunk)
            }
        }
        while let chunk = try source.nextChunk() {
            if format == nil {
                held.append(chunk.baseAddress!.assumingMemoryBound(to: UInt8.self), chunk.count)
                guard let decided = detect(UnsafeRawBufferPointer(start: held.base, count: held.count)) else { continue }
                format = decided
                if decided == .csv {
                    csv = CSVParser(displayName: displayName)
                } else {
                    jsonl = JSONLineSplitter(accumulator: accumulator, context: context)
                }
                try feed(UnsafeRawBufferPointer(start: held.base, count: held.count))
                // Its memory too: it holds a whole chunk, and is not needed again.
                held = GrowableBytes(capacity: 16)
                continue
            }
            try feed(chunk)
        }
        guard let format else { throw .noHeader(file: displayName) }
        if let csv {
            try csv.finish(into: &csvSink)
            if csvSink.layout.fieldCount == 0 { throw .noHeader(file: displayName) }
        } else {
            try jsonl!.finish()
        }
        return (format, source.isCompressed, source.contentHash)
    }

    /// JSONL when the first byte after a BOM and whitespace is `{`, else CSV; nil when all blank so far.
    static func detect(_ b: UnsafeRawBufferPointer) -> TelemetrySummary.Format? {
        var i = 0
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if b.count < 3 && b.elementsEqual(bom.prefix(b.count)) { return nil }
        if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { i = 3 }
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A {
                i += 1
                continue
            }
            return c == UInt8(ascii: "{") ? .jsonl : .csv
        }
        return nil
    }
}

/// Where a telemetry CSV file's columns are.
struct TelemetryLayout {
    /// The number of fields of every record (0: no header read yet).
    var fieldCount: Int
    var ts: Int
    var asset: Int
    var code: Int
    /// -1 when the file has no value column.
    var value: Int
}

/// Feeds CSV telemetry records to the accumulator.
struct TelemetryCSVSink: CSVRecordSink {
    let accumulator: TelemetryAccumulator
    let context: ReadContext
    /// `fieldCount` 0 until the header is read (a header has at least the three required fields).
    var layout = TelemetryLayout(fieldCount: 0, ts: 0, asset: 0, code: 0, value: -1)

    /// False: no fast path.
    let fastPath: Bool

    init(accumulator: TelemetryAccumulator, context: ReadContext, fastPath: Bool = true) {
        self.accumulator = accumulator
        self.context = context
        self.fastPath = fastPath
    }

    mutating func record(_ record: CSVRecord) throws(IngestError) {
        // Rows use the layout, not the binding (copying the binding would retain its dictionary).
        let fieldCount = layout.fieldCount
        guard fieldCount > 0 else {
            let b = try ColumnBinding(names: record.fields.map { $0.trimmed.string }, kind: .telemetry,
                                      columns: context.columns, displayName: accumulator.displayName)
            layout = TelemetryLayout(fieldCount: b.fieldCount, ts: b.position(of: "ts")!,
                                     asset: b.position(of: "asset_id")!, code: b.position(of: "code")!,
                                     value: b.position(of: "value") ?? -1)
            return
        }
        guard record.count == fieldCount else {
            accumulator.reject(line: record.line, field: "", reason: .wrongColumnCount,
                               detail: "expected \(fieldCount) fields, found \(record.count)",
                               raw: ByteField.rawText(record.raw))
            return
        }
        accumulator.row(line: record.line, ts: record[layout.ts], asset: record[layout.asset],
                        code: record[layout.code], value: layout.value >= 0 ? record[layout.value] : nil,
                        raw: record.raw)
    }

    @inline(__always)
    mutating func takeSimpleRecords(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int, line: Int,
                                    longest: Int) throws(IngestError) -> (next: Int, records: Int) {
        guard fastPath, layout.fieldCount > 0 else { return (start, 0) }
        let taken = accumulator.takeSimpleRows(p, from: start, to: end, line: line, layout: layout, longest: longest)
        return (taken.next, taken.rows)
    }

    var expectedFieldCount: Int { layout.fieldCount }

    mutating func rejected(line: Int, field: Int?, reason: QuarantineReason, detail: String, raw: String) {
        var column = ""
        if let field, layout.fieldCount > 0 {
            let named = [(layout.ts, "ts"), (layout.asset, "asset_id"), (layout.code, "code"), (layout.value, "value")]
            column = named.first { $0.0 == field }?.1 ?? ""
        }
        accumulator.reject(line: line, field: column, reason: reason, detail: detail, raw: raw)
    }
}

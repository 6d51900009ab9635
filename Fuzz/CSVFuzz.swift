// libFuzzer target: the streaming CSV parser and the table reader behind it.
//
// Oracle: the records (fields, raw text, line numbers), rejections and errors must be the same whether the
// input arrives in one chunk or in small chunks (the carry-over logic), as long as no record reaches the
// length limit (where the two paths may legitimately cut at different places). Every record is then also
// converted by the table reader of a file kind picked by the input, to exercise column binding,
// timestamps, dates and numbers.
@testable import PMBatchIngest
import PMBatchCore

/// Everything a parse produced, comparable.
struct CSVTrace: Equatable {
    enum Item: Equatable {
        case record(line: Int, fields: [[UInt8]], raw: [UInt8])
        case rejected(line: Int, reason: QuarantineReason)
        case error(IngestError)
    }
    var items: [Item] = []
    var sawTooLong = false
}

struct TraceSink: CSVRecordSink {
    var trace = CSVTrace()
    mutating func record(_ record: CSVRecord) throws(IngestError) {
        trace.items.append(.record(line: record.line, fields: record.fields.map { Array($0.bytes) },
                                   raw: Array(record.raw)))
    }
    mutating func rejected(line: Int, field: Int?, reason: QuarantineReason, detail: String, raw: String) {
        if reason == .lineTooLong { trace.sawTooLong = true }
        trace.items.append(.rejected(line: line, reason: reason))
    }
}

func parseCSV(_ bytes: UnsafeRawBufferPointer, sizes: [Int]?, limit: Int) -> CSVTrace {
    let parser = CSVParser(displayName: "fuzz.csv", maxRecordBytes: limit)
    var sink = TraceSink()
    do throws(IngestError) {
        if let sizes {
            try forEachChunk(bytes, sizes: sizes) { (chunk) throws(IngestError) in try parser.consume(chunk, into: &sink) }
        } else if bytes.count > 0 {
            try parser.consume(bytes, into: &sink)
        }
        try parser.finish(into: &sink)
    } catch {
        sink.trace.items.append(.error(error))
    }
    return sink.trace
}

@_cdecl("LLVMFuzzerTestOneInput")
public func csvFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let limit = 256
    let whole = parseCSV(bytes, sizes: nil, limit: limit)
    let chunked = parseCSV(bytes, sizes: chunkSizes(bytes), limit: limit)
    if !whole.sawTooLong && !chunked.sawTooLong && whole != chunked {
        fuzzFail("chunked parse differs from whole parse\nwhole:   \(whole.items)\nchunked: \(chunked.items)")
    }
    // The table reader over the same bytes, for a file kind picked by the size.
    let kinds = FileKind.allCases.filter { $0 != .telemetry }
    let kind = kinds[size % kinds.count]
    let context = ReadContext(zone: fuzzZones[size / 7 % fuzzZones.count], knownAssets: ["EL-1", "EL-2"])
    var records = 0
    var quarantined = 0
    var sink = TableSink(kind: kind, context: context, displayName: "fuzz.csv",
                         onRecord: { _, _ in records += 1 }, onQuarantine: { _ in quarantined += 1 })
    let parser = CSVParser(displayName: "fuzz.csv", maxRecordBytes: limit)
    do throws(IngestError) {
        if size > 0 { try parser.consume(bytes, into: &sink) }
        try parser.finish(into: &sink)
        if sink.rows != records + quarantined { fuzzFail("rows \(sink.rows) != \(records) + \(quarantined)") }
    } catch {
        _ = error.description
    }
    return 0
}

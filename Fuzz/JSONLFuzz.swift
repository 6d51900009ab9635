// libFuzzer target: the JSONL telemetry path (line splitter, JSON line parser, accumulator).
//
// Oracle: the summary (rows read and counted, duplicates, quarantine counts, day counts) is the same
// whether the input arrives whole or in small chunks, unless a line reaches the length limit; and every
// row read is either counted, skipped as a duplicate, or quarantined.
@testable import PMBatchIngest
import PMBatchCore

struct JSONLOutcome: Equatable {
    var rowsRead = 0
    var rowsCounted = 0
    var duplicates = 0
    var quarantined: [String] = []
    var counts: [TelemetryDayCount] = []
    var error: IngestError?
    var sawTooLong: Bool { quarantined.contains { $0.hasPrefix(QuarantineReason.lineTooLong.rawValue + "=") } }
}

func readJSONL(_ bytes: UnsafeRawBufferPointer, sizes: [Int]?, context: ReadContext) -> JSONLOutcome {
    // Counted on the counting thread when chunked, inline when whole: the two must agree.
    let accumulator = TelemetryAccumulator(displayName: "fuzz.jsonl", context: context, sampleLimit: 1_000,
                                           threaded: sizes != nil)
    let splitter = JSONLineSplitter(accumulator: accumulator, context: context, maxLineBytes: 256)
    var outcome = JSONLOutcome()
    do throws(IngestError) {
        if let sizes {
            try forEachChunk(bytes, sizes: sizes) { (chunk) throws(IngestError) in try splitter.consume(chunk) }
        } else if bytes.count > 0 {
            try splitter.consume(bytes)
        }
        try splitter.finish()
    } catch {
        outcome.error = error
    }
    let summary = accumulator.summary(format: .jsonl, compressed: false)
    outcome.rowsRead = summary.rowsRead
    outcome.rowsCounted = summary.rowsCounted
    outcome.duplicates = summary.duplicatesSkipped
    outcome.quarantined = summary.quarantinedByReason.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }
    outcome.counts = summary.counts
    if outcome.error == nil {
        let total = summary.rowsCounted + summary.duplicatesSkipped + summary.quarantined
        if total != summary.rowsRead {
            fuzzFail("rows read \(summary.rowsRead) != counted \(summary.rowsCounted) + duplicates "
                     + "\(summary.duplicatesSkipped) + quarantined \(summary.quarantined)")
        }
    }
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func jsonlFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let known: Set<String>? = size % 2 == 0 ? nil : ["EL-1", "EL-2", "7"]
    let context = ReadContext(zone: fuzzZones[size / 3 % fuzzZones.count], knownAssets: known)
    let whole = readJSONL(bytes, sizes: nil, context: context)
    let chunked = readJSONL(bytes, sizes: chunkSizes(bytes), context: context)
    if !whole.sawTooLong && !chunked.sawTooLong && whole != chunked {
        fuzzFail("chunked read differs from whole read\nwhole:   \(whole)\nchunked: \(chunked)")
    }
    return 0
}

// libFuzzer target: the telemetry CSV path, fast path (`CSVSimpleLines`, `takeSimpleRows`) against the
// general parser.
//
// Oracle: the summary (rows read and counted, duplicates, quarantine counts and samples, day counts) is the
// same with the fast path on small chunks as with every record through the general parser on the whole
// input, unless a record reaches the length limit, and the same as the general parser on the same chunks
// in every case; and every row read is counted, skipped as a duplicate, or quarantined.
@testable import PMBatchIngest
import PMBatchCore

struct TelemetryCSVOutcome: Equatable {
    var rowsRead = 0
    var rowsCounted = 0
    var duplicates = 0
    var quarantined: [String] = []
    var samples: [QuarantinedRow] = []
    var counts: [TelemetryDayCount] = []
    var error: IngestError?
    var sawTooLong: Bool { quarantined.contains { $0.hasPrefix(QuarantineReason.lineTooLong.rawValue + "=") } }
}

func readTelemetryCSV(_ bytes: UnsafeRawBufferPointer, sizes: [Int]?, context: ReadContext,
                      fastPath: Bool) -> TelemetryCSVOutcome {
    let accumulator = TelemetryAccumulator(displayName: "fuzz.csv", context: context, sampleLimit: 1_000,
                                           threaded: false)
    let parser = CSVParser(displayName: "fuzz.csv", maxRecordBytes: 256)
    var sink = TelemetryCSVSink(accumulator: accumulator, context: context, fastPath: fastPath)
    var outcome = TelemetryCSVOutcome()
    do throws(IngestError) {
        let consume = { (chunk: UnsafeRawBufferPointer) throws(IngestError) in
            accumulator.beginChunk(chunk)
            // Also when the chunk is rejected: no row may keep pointing into it.
            defer { accumulator.endChunk() }
            try parser.consume(chunk, into: &sink)
        }
        if let sizes {
            try forEachChunk(bytes, sizes: sizes, consume)
        } else if bytes.count > 0 {
            try consume(bytes)
        }
        try parser.finish(into: &sink)
    } catch {
        outcome.error = error
    }
    let summary = accumulator.summary(format: .csv, compressed: false)
    outcome.rowsRead = summary.rowsRead
    outcome.rowsCounted = summary.rowsCounted
    outcome.duplicates = summary.duplicatesSkipped
    outcome.quarantined = summary.quarantinedByReason.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }
    outcome.samples = summary.quarantineSamples
    outcome.counts = summary.counts
    if outcome.error == nil && summary.rowsCounted + summary.duplicatesSkipped + summary.quarantined != summary.rowsRead {
        fuzzFail("rows read \(summary.rowsRead) != counted \(summary.rowsCounted) + duplicates "
                 + "\(summary.duplicatesSkipped) + quarantined \(summary.quarantined)")
    }
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func telemetryCSVFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let known: Set<String>? = size % 2 == 0 ? nil : ["EL-1", "EL-2", "7"]
    let context = ReadContext(zone: fuzzZones[size / 3 % fuzzZones.count], knownAssets: known)
    let sizes = chunkSizes(bytes)
    let general = readTelemetryCSV(bytes, sizes: nil, context: context, fastPath: false)
    let fast = readTelemetryCSV(bytes, sizes: sizes, context: context, fastPath: true)
    if !general.sawTooLong && !fast.sawTooLong && general != fast {
        fuzzFail("fast path differs from the general parser\ngeneral: \(general)\nfast:    \(fast)")
    }
    // On the same chunks the two paths agree on over-long records too.
    let generalChunked = readTelemetryCSV(bytes, sizes: sizes, context: context, fastPath: false)
    if generalChunked != fast {
        fuzzFail("fast path differs from the general parser on the same chunks\ngeneral: \(generalChunked)\n"
                 + "fast:    \(fast)")
    }
    return 0
}

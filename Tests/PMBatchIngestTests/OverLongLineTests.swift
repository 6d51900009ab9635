import PMBatchCore
import Testing
@testable import PMBatchIngest

/// Regression for a fuzzing finding: an over-long line holding a NUL byte was quarantined as too long
/// when it spanned chunks, but rejected the whole file as not UTF-8 when it sat in one chunk. Now an
/// over-long record is quarantined as too long whatever the chunking; a NUL in a data record within the
/// limit quarantines that record as not UTF-8.
@Suite("Over-long lines are judged the same whatever the chunk size")
struct OverLongLineTests {
    static let long = "ts,asset_id,code\nA\u{0},B," + String(repeating: "x", count: 300) + "\nok,B,c\n"

    @Test("CSV: NUL inside an over-long record", arguments: [1, 7, 64, 200, 1 << 20])
    func csv(chunkSize: Int) throws {
        let sink = try CSVParser.parse(Self.long, chunkSize: chunkSize, maxRecordBytes: 256)
        #expect(sink.rejected.map(\.reason) == [.lineTooLong])
        #expect(sink.rejected.map(\.line) == [2])
    }

    @Test("CSV: NUL in a record within the limit quarantines that record", arguments: [1, 64, 1 << 20])
    func csvShortNUL(chunkSize: Int) throws {
        let sink = try CSVParser.parse("a,b\nx\u{0},y\n", chunkSize: chunkSize, maxRecordBytes: 256)
        #expect(sink.rejected.map(\.reason) == [.invalidUTF8])
        #expect(sink.rejected.map(\.line) == [2])
    }

    @Test("JSONL: NUL inside an over-long line", arguments: [1, 7, 64, 200, 1 << 20])
    func jsonl(chunkSize: Int) throws {
        let text = "{\"ts\":\"2026-11-20T00:00:00Z\",\"asset_id\":\"A\",\"code\":\"c\"}\n{\"x\":\"\u{0}"
            + String(repeating: "y", count: 300) + "\"}\n"
        let context = ReadContext()
        let accumulator = TelemetryAccumulator(displayName: "t.jsonl", context: context, sampleLimit: 10)
        let splitter = JSONLineSplitter(accumulator: accumulator, context: context, maxLineBytes: 256)
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let j = min(i + chunkSize, bytes.count)
            try bytes[i..<j].withUnsafeBytes { chunk in try splitter.consume(chunk) }
            i = j
        }
        try splitter.finish()
        let summary = accumulator.summary(format: .jsonl, compressed: false)
        #expect(summary.rowsCounted == 1)
        #expect(summary.quarantinedByReason == [.lineTooLong: 1])
    }
}

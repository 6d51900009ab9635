import Foundation
import PMBatchCore
@testable import PMBatchIngest
import TestSupport

/// Small helpers shared by the ingest tests.
enum Helpers {
    static func scratch() throws -> URL { try TestPaths.makeScratchDirectory("pmbatch-ingest") }

    /// Writes `text` (or bytes) to a new file and returns its path.
    static func file(_ text: String, name: String = "f.csv", in dir: URL? = nil) throws -> String {
        try file(Data(text.utf8), name: name, in: dir)
    }

    static func file(_ data: Data, name: String, in dir: URL? = nil) throws -> String {
        let root = try dir ?? scratch()
        return try TestPaths.write(data, to: name, under: root).path
    }

    /// Compresses `data` with `/usr/bin/zstd` (one frame per call).
    static func zstd(_ data: Data, level: Int = 3) throws -> Data {
        let dir = try scratch()
        let input = dir.appendingPathComponent("in")
        try data.write(to: input)
        let output = dir.appendingPathComponent("in.zst")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/zstd")
        p.arguments = ["-q", "-f", "-\(level)", input.path, "-o", output.path]
        try p.run()
        p.waitUntilExit()
        return try Data(contentsOf: output)
    }

    /// All bytes of a source, chunk by chunk.
    static func drain(_ source: any ByteSource) throws -> (Data, Int) {
        var all = Data()
        var chunks = 0
        while let chunk = try source.nextChunk() {
            all.append(contentsOf: chunk)
            chunks += 1
        }
        return (all, chunks)
    }

    /// Reads a table file, collecting records and quarantined rows.
    static func table(_ text: String, kind: FileKind, context: ReadContext = ReadContext(), chunkSize: Int = 1 << 20)
        throws -> (records: [(Int, InputRecord)], bad: [QuarantinedRow]) {
        let path = try file(text)
        var records: [(Int, InputRecord)] = []
        var bad: [QuarantinedRow] = []
        try TableReader.read(path: path, displayName: "f.csv", kind: kind, context: context, chunkSize: chunkSize,
                             onRecord: { records.append(($0, $1)) }, onQuarantine: { bad.append($0) })
        return (records, bad)
    }

    static func instant(_ text: String) -> Instant {
        var p = TimestampParser(zone: .utc)
        return p.instant(text)!
    }
}

/// Collects raw CSV records.
struct CollectingSink: CSVRecordSink {
    var rows: [(line: Int, fields: [String])] = []
    var rejected: [(line: Int, field: Int?, reason: QuarantineReason, raw: String)] = []

    mutating func record(_ record: CSVRecord) throws(IngestError) {
        rows.append((record.line, record.fields.map { $0.string }))
    }

    mutating func rejected(line: Int, field: Int?, reason: QuarantineReason, detail: String, raw: String) {
        rejected.append((line, field, reason, raw))
    }
}

/// A `CollectingSink` that knows the header's field count, as the real sinks do.
struct FixedCountSink: CSVRecordSink {
    var inner = CollectingSink()
    let expected: Int

    init(expected: Int) { self.expected = expected }

    var expectedFieldCount: Int { inner.rows.isEmpty ? 0 : expected }

    mutating func record(_ record: CSVRecord) throws(IngestError) { try inner.record(record) }

    mutating func rejected(line: Int, field: Int?, reason: QuarantineReason, detail: String, raw: String) {
        inner.rejected(line: line, field: field, reason: reason, detail: detail, raw: raw)
    }
}

extension CSVParser {
    /// Parses `text` in chunks of `chunkSize` bytes.
    static func parse(_ text: String, chunkSize: Int = 1 << 20, maxRecordBytes: Int = 1 << 20,
                      maxQuotedLines: Int = 1000) throws -> CollectingSink {
        try parse(Array(text.utf8), chunkSize: chunkSize, maxRecordBytes: maxRecordBytes,
                  maxQuotedLines: maxQuotedLines)
    }

    /// Parses `text` in chunks of `chunkSize` bytes into `sink`.
    static func parse<S: CSVRecordSink>(_ text: String, chunkSize: Int, sink: S) throws -> S {
        try parse(Array(text.utf8), chunkSize: chunkSize, maxRecordBytes: 1 << 20, maxQuotedLines: 1000, sink: sink)
    }

    /// Parses `bytes` in chunks of `chunkSize` bytes.
    static func parse(_ bytes: [UInt8], chunkSize: Int = 1 << 20, maxRecordBytes: Int = 1 << 20,
                      maxQuotedLines: Int = 1000) throws -> CollectingSink {
        try parse(bytes, chunkSize: chunkSize, maxRecordBytes: maxRecordBytes, maxQuotedLines: maxQuotedLines,
                  sink: CollectingSink())
    }

    static func parse<S: CSVRecordSink>(_ bytes: [UInt8], chunkSize: Int, maxRecordBytes: Int, maxQuotedLines: Int,
                                        sink start: S) throws -> S {
        let parser = CSVParser(displayName: "t.csv", maxRecordBytes: maxRecordBytes, maxQuotedLines: maxQuotedLines)
        var sink = start
        var i = 0
        while i < bytes.count {
            let j = min(i + chunkSize, bytes.count)
            try bytes[i..<j].withUnsafeBytes { try parser.consume($0, into: &sink) }
            i = j
        }
        try parser.finish(into: &sink)
        return sink
    }
}

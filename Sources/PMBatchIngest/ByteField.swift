/// A field's bytes, pointing into a chunk or a parser's scratch buffer; valid only during the callback.
struct ByteField {
    /// The first byte (nil when empty).
    var start: UnsafePointer<UInt8>?
    /// The byte count.
    var count: Int

    /// A field over `count` bytes at `start`.
    @inline(__always)
    init(start: UnsafePointer<UInt8>?, count: Int) {
        self.start = start
        self.count = count
    }

    /// True when there are no bytes.
    @inline(__always)
    var isEmpty: Bool { count == 0 }

    /// The bytes.
    @inline(__always)
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: count) }

    /// The field without leading and trailing spaces and tabs.
    @inline(__always)
    var trimmed: ByteField {
        guard let s = start, count > 0 else { return self }
        var lo = 0, hi = count
        while lo < hi && (s[lo] == 0x20 || s[lo] == 0x09) { lo += 1 }
        while hi > lo && (s[hi - 1] == 0x20 || s[hi - 1] == 0x09) { hi -= 1 }
        return ByteField(start: s + lo, count: hi - lo)
    }

    /// The bytes as a String (the parser has validated UTF-8; invalid bytes would be replaced).
    var string: String {
        guard let s = start, count > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: s, count: count), as: UTF8.self)
    }

    /// The bytes as text, cut at `limit` bytes (for quarantine records).
    static func rawText(_ bytes: UnsafeRawBufferPointer, limit: Int = 4096) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<min(bytes.count, limit)]), as: UTF8.self)
    }
}

/// One CSV record handed to a sink; valid only during the callback.
struct CSVRecord {
    /// The fields, not trimmed.
    let fields: UnsafeBufferPointer<ByteField>
    /// The record's raw text, without its line terminator.
    let raw: UnsafeRawBufferPointer
    /// The 1-based physical line the record starts on.
    let line: Int

    /// The number of fields.
    @inline(__always)
    var count: Int { fields.count }

    /// The field at `index`.
    @inline(__always)
    subscript(index: Int) -> ByteField { fields[index] }
}

/// Receives the records of a CSV file (the header included, as the first record).
protocol CSVRecordSink {
    /// A well-formed record.
    mutating func record(_ record: CSVRecord) throws(IngestError)
    /// A record the parser could not split (too long, unterminated quote, not UTF-8), already cut at 4 KiB;
    /// `field` is the 0-based position of the field at fault, when one is.
    mutating func rejected(line: Int, field: Int?, reason: QuarantineReason, detail: String, raw: String)
    /// The number of fields a data record should have (the header's), 0 while unknown. The parser uses it
    /// to tell a quoted field that crosses lines from a stray quote (see `CSVParser`).
    var expectedFieldCount: Int { get }
    /// A fast path a sink may offer: takes the complete records at `p[start..<end]` it can split itself
    /// (plain one-line records, as `CSVSimpleLines` defines them), in order, up to the first it cannot,
    /// and returns the position after the last one taken and how many it took. The parser goes on with
    /// the general path from there. `line` is the line of the record at `start`; records longer than
    /// `longest` bytes must be left to the parser.
    mutating func takeSimpleRecords(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int, line: Int,
                                    longest: Int) throws(IngestError) -> (next: Int, records: Int)
}

extension CSVRecordSink {
    /// Unknown: any field count.
    var expectedFieldCount: Int { 0 }

    /// No fast path: every record goes through `record(_:)`.
    @inline(__always)
    mutating func takeSimpleRecords(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int, line: Int,
                                           longest: Int) throws(IngestError) -> (next: Int, records: Int)
    {
        (start, 0)
    }
}

import PMBatchCore

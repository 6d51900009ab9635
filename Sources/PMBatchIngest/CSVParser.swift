#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PMBatchCore

/// Splits RFC 4180 CSV into records while streaming chunks: quoted fields, `""` escapes, commas, quotes,
/// CR and LF inside quotes, UTF-8 BOM, CRLF or LF (a bare CR also ends a line), last line with or without
/// newline, blank lines skipped. Records may straddle chunks (the unfinished tail is carried over).
///
/// Records carry the 1-based physical line they start on. A record longer than `maxRecordBytes` is
/// rejected as `lineTooLong` and skipped to its end; an unterminated quote at the end of the file
/// rejects that record and stops. Invalid UTF-8 or a NUL byte throws `IngestError.notUTF8`.
public final class CSVParser {
    /// The file's name for errors.
    public let displayName: String
    /// The longest record accepted (default 1 MiB).
    public let maxRecordBytes: Int
    private var fields: UnsafeMutablePointer<ByteField>
    private var fieldCapacity = 16
    private let scratch: UnsafeMutablePointer<UInt8>
    private let scratchCapacity: Int
    private let classes: UnsafeMutablePointer<UInt8>
    private var carry = GrowableBytes()
    private var line = 1
    private var atStart = true
    private var stopped = false
    // Skipping an over-long record.
    private var skipping = false
    private var skipInQuote = false
    private var skipLines = 0
    private var skipRaw = ""

    private enum Step {
        case record(next: Int)
        case incomplete
        case unterminated
        case tooLong
    }

    private static let normal: UInt8 = 0, special: UInt8 = 1, high: UInt8 = 2

    /// A parser for the file `displayName`.
    public init(displayName: String, maxRecordBytes: Int = 1 << 20) {
        self.displayName = displayName
        self.maxRecordBytes = maxRecordBytes
        fields = .allocate(capacity: fieldCapacity)
        scratchCapacity = maxRecordBytes + 16
        scratch = .allocate(capacity: scratchCapacity)
        classes = .allocate(capacity: 256)
        for b in 0..<256 {
            classes[b] = b >= 0x80 ? Self.high : Self.normal
        }
        for b in [0, 0x0A, 0x0D, 0x2C] { classes[b] = Self.special }
    }

    deinit {
        fields.deallocate()
        scratch.deallocate()
        classes.deallocate()
    }

    /// Parses one chunk, delivering every record that ends in it.
    public func consume<S: CSVRecordSink>(_ chunk: UnsafeRawBufferPointer, into sink: inout S) throws(IngestError) {
        guard !stopped, chunk.count > 0 else { return }
        let p = chunk.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let end = chunk.count
        var pos = 0
        if atStart {
            atStart = false
            if end >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { pos = 3 }
        }
        if skipping {
            pos = skip(p, pos, end, into: &sink)
            if skipping { return }
        }
        if !carry.isEmpty {
            while true {
                let searchStart = p + pos
                let lf = memchr(searchStart, 0x0A, end - pos)
                let take = lf.map { UnsafeRawPointer($0) - UnsafeRawPointer(searchStart) + 1 } ?? (end - pos)
                carry.append(searchStart, take)
                pos += take
                let step = try parse(carry.base, 0, carry.count, isFinal: false, into: &sink)
                switch step {
                case .record(let next):
                    pos -= carry.count - next
                    carry.removeAll()
                case .incomplete where carry.count <= maxRecordBytes:
                    if pos == end { return }
                    continue
                case .incomplete, .tooLong, .unterminated:
                    beginSkip(UnsafeRawBufferPointer(start: carry.base, count: carry.count))
                    _ = skip(carry.base, 0, carry.count, into: &sink)
                    carry.removeAll()
                    if skipping {
                        pos = skip(p, pos, end, into: &sink)
                        if skipping { return }
                    }
                }
                break
            }
        }
        while pos < end {
            let taken = try sink.takeSimpleRecords(p, from: pos, to: end, line: line, longest: maxRecordBytes)
            pos = taken.next
            line += taken.records
            if pos >= end { break }
            switch try parse(p, pos, end, isFinal: false, into: &sink) {
            case .record(let next):
                pos = next
            case .incomplete where end - pos <= maxRecordBytes:
                carry.append(p + pos, end - pos)
                return
            case .incomplete, .tooLong, .unterminated:
                beginSkip(UnsafeRawBufferPointer(start: p + pos, count: end - pos))
                pos = skip(p, pos, end, into: &sink)
            }
        }
    }

    /// Ends the input: delivers or rejects the carried-over record.
    public func finish<S: CSVRecordSink>(into sink: inout S) throws(IngestError) {
        guard !stopped else { return }
        stopped = true
        if skipping {
            skipping = false
            sink.rejected(line: line, reason: .lineTooLong,
                          detail: "record longer than \(maxRecordBytes) bytes", raw: skipRaw)
            return
        }
        guard !carry.isEmpty else { return }
        defer { carry.removeAll() }
        let held = UnsafeRawBufferPointer(start: carry.base, count: carry.count)
        switch try parse(carry.base, 0, carry.count, isFinal: true, into: &sink) {
        case .record:
            break
        case .unterminated:
            sink.rejected(line: line, reason: .unterminatedQuote,
                          detail: "a quoted field is not closed before the end of the file",
                          raw: ByteField.rawText(held))
        case .incomplete, .tooLong:
            sink.rejected(line: line, reason: .lineTooLong,
                          detail: "record longer than \(maxRecordBytes) bytes", raw: ByteField.rawText(held))
        }
    }

    private func beginSkip(_ raw: UnsafeRawBufferPointer) {
        skipping = true
        skipInQuote = false
        skipLines = 0
        skipRaw = ByteField.rawText(raw)
    }

    /// Skips an over-long record up to its end (an LF outside quotes); returns the position after it.
    private func skip<S: CSVRecordSink>(_ p: UnsafePointer<UInt8>, _ from: Int, _ end: Int,
                                       into sink: inout S) -> Int {
        var i = from
        while i < end {
            let c = p[i]
            i += 1
            if c == 0x22 {
                skipInQuote.toggle()
            } else if c == 0x0A {
                skipLines += 1
                if !skipInQuote {
                    skipping = false
                    sink.rejected(line: line, reason: .lineTooLong,
                                  detail: "record longer than \(maxRecordBytes) bytes", raw: skipRaw)
                    line += skipLines
                    skipRaw = ""
                    return i
                }
            }
        }
        return end
    }

    /// A mask whose lowest set bit (if any) is the high bit of the first byte of `w` (little-endian) that
    /// is special (comma, LF, CR, NUL) or non-ASCII. Bits above the lowest are not exact (borrows of the
    /// zero-byte test), so only the lowest may be used.
    @inline(__always)
    static func specialOrHigh(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroBytes(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        return zeroBytes(w ^ (ones &* 0x2C)) | zeroBytes(w ^ (ones &* 0x0A)) | zeroBytes(w ^ (ones &* 0x0D))
            | zeroBytes(w) | (w & highs)
    }

    @inline(__always)
    private func appendField(_ count: inout Int, _ field: ByteField) {
        if count == fieldCapacity {
            let bigger = UnsafeMutablePointer<ByteField>.allocate(capacity: fieldCapacity * 2)
            bigger.moveInitialize(from: fields, count: count)
            fields.deallocate()
            fields = bigger
            fieldCapacity *= 2
        }
        (fields + count).initialize(to: field)
        count += 1
    }

    /// Parses the record at `start`; on success delivers it (or skips it when blank).
    @inline(__always)
    private func parse<S: CSVRecordSink>(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, isFinal: Bool,
                                        into sink: inout S) throws(IngestError) -> Step {
        let classes = self.classes
        var i = start
        var fieldCount = 0
        var lines = 0
        var seen: UInt8 = 0
        var written = 0
        var quotedAny = false
        var rawEnd = 0
        var next = 0
        // A NUL rejects the file, unless the record turns out longer than the limit: then it is quarantined
        // as too long like any over-long record, whichever way the chunks fell (found by fuzzing).
        var nulLine: Int?
        fieldLoop: while true {
            if i < end && p[i] == 0x22 {
                quotedAny = true
                i += 1
                let fieldStart = written
                quoted: while true {
                    if i >= end { return isFinal ? .unterminated : .incomplete }
                    let c = p[i]
                    if c == 0x22 {
                        if i + 1 >= end {
                            if !isFinal { return .incomplete }
                            i += 1
                            break quoted
                        }
                        if p[i + 1] != 0x22 {
                            i += 1
                            break quoted
                        }
                        i += 1
                    } else if c == 0x0A {
                        lines += 1
                    } else if c == 0 {
                        nulLine = nulLine ?? line + lines
                    }
                    guard written < scratchCapacity else { return .tooLong }
                    seen |= c
                    scratch[written] = c
                    written += 1
                    i += 1
                }
                // Text after the closing quote is kept as is.
                while i < end {
                    let c = p[i]
                    if classes[Int(c)] == Self.special { break }
                    guard written < scratchCapacity else { return .tooLong }
                    seen |= c
                    scratch[written] = c
                    written += 1
                    i += 1
                }
                appendField(&fieldCount, ByteField(start: scratch + fieldStart, count: written - fieldStart))
            } else {
                let fieldStart = i
                // Eight bytes at a time while they fit, then byte by byte.
                while i &+ 8 <= end {
                    let m = Self.specialOrHigh(UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
                    if m == 0 {
                        i &+= 8
                        continue
                    }
                    i &+= m.trailingZeroBitCount >> 3
                    guard p[i] >= 0x80 else { break }
                    seen |= 0x80
                    i &+= 1
                }
                while i < end {
                    let k = classes[Int(p[i])]
                    if k == Self.normal {
                        i += 1
                    } else if k == Self.high {
                        seen |= 0x80
                        i += 1
                    } else {
                        break
                    }
                }
                appendField(&fieldCount, ByteField(start: p + fieldStart, count: i - fieldStart))
            }
            if i >= end {
                if !isFinal { return .incomplete }
                rawEnd = end
                next = end
                break fieldLoop
            }
            let c = p[i]
            switch c {
            case 0x2C:
                i += 1
            case 0x0A:
                lines += 1
                rawEnd = i
                next = i + 1
                break fieldLoop
            case 0x0D:
                if i + 1 >= end {
                    if !isFinal { return .incomplete }
                    rawEnd = i
                    next = end
                } else {
                    rawEnd = i
                    next = p[i + 1] == 0x0A ? i + 2 : i + 1
                }
                lines += 1
                break fieldLoop
            default:
                // NUL (the only other special byte).
                nulLine = nulLine ?? line + lines
                i += 1
            }
        }
        if next - start > maxRecordBytes { return .tooLong }
        if let nulLine { throw .notUTF8(file: displayName, line: nulLine) }
        let recordLine = line
        line += lines
        if fieldCount == 1 && fields[0].count == 0 && !quotedAny { return .record(next: next) }
        let raw = UnsafeRawBufferPointer(start: p + start, count: rawEnd - start)
        if seen & 0x80 != 0 && String(validating: raw, as: UTF8.self) == nil {
            throw .notUTF8(file: displayName, line: recordLine)
        }
        try sink.record(CSVRecord(fields: UnsafeBufferPointer(start: fields, count: fieldCount), raw: raw,
                                  line: recordLine))
        return .record(next: next)
    }
}

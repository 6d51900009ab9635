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
/// Records carry the 1-based physical line they start on. One broken record never costs another (SPEC §1):
/// a record that cannot be completed is quarantined as its FIRST PHYSICAL LINE only, and reading resumes at
/// the next physical line, re-scanning the bytes the broken record had taken. A record is broken when
/// - a quoted field is still open at the end of the file, or after more than `maxQuotedLines` physical
///   lines, or when the record grows past `maxRecordBytes` (`unterminated_quote`);
/// - a quoted field that crossed a line closes into a record that cannot be what was meant: text other
///   than spaces follows a closing quote, or the field count differs from the header's
///   (`CSVRecordSink.expectedFieldCount`) — the signs of a stray or lost quote pairing with another
///   row's quote (`unterminated_quote`);
/// - its first physical line alone is longer than `maxRecordBytes` (`line_too_long`; skipped to its LF).
/// The outcome does not depend on how the input is cut into chunks.
///
/// Invalid UTF-8 or a NUL byte in the header throws `IngestError.notUTF8` (the file is not text the
/// parser can read); in a data record it quarantines that record (`invalid_utf8`).
final class CSVParser {
    /// The file's name for errors.
    let displayName: String
    /// The longest record accepted (default 1 MiB).
    let maxRecordBytes: Int
    /// The most physical lines a quoted field may run over (default 1,000).
    let maxQuotedLines: Int
    private var fields: UnsafeMutablePointer<ByteField>
    private var fieldCapacity = 16
    private let scratch: UnsafeMutablePointer<UInt8>
    private let scratchCapacity: Int
    private let classes: UnsafeMutablePointer<UInt8>
    private var carry = GrowableBytes()
    private var line = 1
    private var atStart = true
    private var stopped = false
    /// False until the first record (the header) has been delivered.
    private var headerSeen = false
    // Skipping the rest of an over-long physical line.
    private var skipping = false
    private var skipLine = 0
    private var skipRaw = ""
    /// Where the record `parse` last found broken went wrong (for the quarantine detail).
    private var broken = Broken(kind: .unterminated, field: -1, line: 0, found: 0, expected: 0)

    private enum Step {
        case record(next: Int)
        case incomplete
        /// The record cannot be completed; `broken` says why.
        case broken
    }

    /// Why a record is broken.
    private struct Broken {
        enum Kind {
            /// A quoted field is open at the end of the file.
            case unterminated
            /// The record is longer than `maxRecordBytes`.
            case tooLong
            /// A quoted field runs over more than `maxQuotedLines` lines.
            case tooManyLines
            /// A quoted field that crossed a line closes followed by text.
            case textAfterQuote
            /// A quoted field crossed a line and the record has another field count than the header.
            case fieldCount
        }
        var kind: Kind
        /// The 0-based index of the first quoted field that crossed a line, -1 when none did.
        var field: Int
        /// The line where the record went wrong.
        var line: Int
        var found: Int
        var expected: Int
    }

    private static let normal: UInt8 = 0, special: UInt8 = 1, high: UInt8 = 2

    /// A parser for the file `displayName`.
    init(displayName: String, maxRecordBytes: Int = 1 << 20, maxQuotedLines: Int = 1000) {
        self.displayName = displayName
        self.maxRecordBytes = maxRecordBytes
        self.maxQuotedLines = maxQuotedLines
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
    func consume<S: CSVRecordSink>(_ chunk: UnsafeRawBufferPointer, into sink: inout S) throws(IngestError) {
        guard !stopped, chunk.count > 0 else { return }
        let p = chunk.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let end = chunk.count
        var pos = 0
        if atStart {
            atStart = false
            if end >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { pos = 3 }
        }
        if !carry.isEmpty {
            // A record carried over: extend it from this chunk until it ends, then go on in the chunk.
            while true {
                let before = carry.count
                let lf = memchr(p + pos, 0x0A, end - pos)
                let toLF = lf.map { UnsafeRawPointer($0) - UnsafeRawPointer(p + pos) + 1 } ?? (end - pos)
                // At least doubling the carry: a record over many lines is re-parsed a few times, not once
                // per line.
                let take = min(end - pos, max(toLF, before))
                carry.append(p + pos, take)
                pos += take
                let rest = try drain(carry.base, 0, carry.count, isFinal: false, fast: false, stopAt: before,
                                     into: &sink)
                if rest >= before {
                    // What is left came from this chunk: read it there (on the fast path).
                    pos -= carry.count - rest
                    carry.removeAll()
                    break
                }
                carry.removeFirst(rest)
                if pos == end { return }
            }
        }
        let rest = try drain(p, pos, end, isFinal: false, fast: true, stopAt: end, into: &sink)
        if rest < end { carry.append(p + rest, end - rest) }
    }

    /// Ends the input: delivers or rejects the carried-over records.
    func finish<S: CSVRecordSink>(into sink: inout S) throws(IngestError) {
        guard !stopped else { return }
        stopped = true
        if skipping {
            skipping = false
            rejectTooLong(line: skipLine, raw: skipRaw, into: &sink)
            return
        }
        guard !carry.isEmpty else { return }
        defer { carry.removeAll() }
        _ = try drain(carry.base, 0, carry.count, isFinal: true, fast: false, stopAt: carry.count, into: &sink)
    }

    /// Reads the records at `p[from..<end]` (offering them to the sink's fast path with `fast`), recovering
    /// from broken ones, until the first incomplete one or, after a record, from `stopAt` on. Returns where
    /// it stopped (`end` when everything was read or is being skipped).
    private func drain<S: CSVRecordSink>(_ p: UnsafePointer<UInt8>, _ from: Int, _ end: Int, isFinal: Bool,
                                        fast: Bool, stopAt: Int, into sink: inout S) throws(IngestError) -> Int {
        var pos = from
        while pos < end {
            if skipping {
                pos = skip(p, pos, end, into: &sink)
                continue
            }
            if fast {
                let taken = try sink.takeSimpleRecords(p, from: pos, to: end, line: line, longest: maxRecordBytes)
                pos = taken.next
                line += taken.records
                if pos >= end { break }
            }
            switch try parse(p, pos, end, isFinal: isFinal, into: &sink) {
            case .record(let next):
                pos = next
                if pos >= stopAt { return pos }
            case .incomplete:
                if end - pos <= maxRecordBytes { return pos }
                pos = recover(p, pos, end, isFinal: isFinal, into: &sink)
            case .broken:
                pos = recover(p, pos, end, isFinal: isFinal, into: &sink)
            }
        }
        return end
    }

    /// Quarantines the first physical line of the broken record at `p[start...]` and returns where the next
    /// line starts; when that line does not end in sight (it is over-long), starts skipping it.
    private func recover<S: CSVRecordSink>(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, isFinal: Bool,
                                          into sink: inout S) -> Int {
        // The line ends as it would outside quotes: at LF, CRLF or a bare CR.
        var i = start
        while i < end && p[i] != 0x0A && p[i] != 0x0D { i += 1 }
        let raw = UnsafeRawBufferPointer(start: p + start, count: i - start)
        if i - start > maxRecordBytes {
            if i == end && !isFinal {
                skipping = true
                skipLine = line
                skipRaw = ByteField.rawText(raw)
                return end
            }
            rejectTooLong(line: line, raw: ByteField.rawText(raw), into: &sink)
        } else {
            let b = broken
            let column = b.field >= 0 ? "the quoted field in column \(b.field + 1)" : "a quoted field"
            let what: String
            switch b.kind {
            case .unterminated:
                what = "\(column) opened on this line is not closed before the end of the file"
            case .tooLong:
                what = "\(column) opened on this line is not closed within \(maxRecordBytes) bytes"
            case .tooManyLines:
                what = "\(column) opened on this line is not closed within \(maxQuotedLines) lines"
            case .textAfterQuote:
                what = "\(column) opened on this line closes on line \(b.line) followed by text, not by a separator"
            case .fieldCount:
                what = "\(column) opened on this line closes on line \(b.line) into a record of \(b.found) fields"
                    + " where the header has \(b.expected)"
            }
            sink.rejected(line: line, field: b.field >= 0 ? b.field : nil, reason: .unterminatedQuote,
                          detail: what + "; only this line is set aside and reading resumes at the next line",
                          raw: ByteField.rawText(raw))
        }
        line += 1
        if i >= end { return end }
        return p[i] == 0x0D && i + 1 < end && p[i + 1] == 0x0A ? i + 2 : i + 1
    }

    private func rejectTooLong<S: CSVRecordSink>(line: Int, raw: String, into sink: inout S) {
        sink.rejected(line: line, field: nil, reason: .lineTooLong,
                      detail: "record longer than \(maxRecordBytes) bytes", raw: raw)
    }

    /// Skips the rest of an over-long physical line (quotes do not count: it ends at its LF); returns the
    /// position after it.
    private func skip<S: CSVRecordSink>(_ p: UnsafePointer<UInt8>, _ from: Int, _ end: Int,
                                       into sink: inout S) -> Int {
        guard let lf = memchr(p + from, 0x0A, end - from) else { return end }
        skipping = false
        rejectTooLong(line: skipLine, raw: skipRaw, into: &sink)
        skipRaw = ""
        line = skipLine + 1
        return UnsafeRawPointer(lf) - UnsafeRawPointer(p) + 1
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

    /// Parses the record at `start`; on success delivers it (or skips it when blank, or quarantines it when
    /// it is not UTF-8 text).
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
        // The first quoted field that crosses a line (-1: none).
        var spanning = -1
        var nulLine: Int?
        fieldLoop: while true {
            if i < end && p[i] == 0x22 {
                quotedAny = true
                i += 1
                let fieldStart = written
                quoted: while true {
                    if i >= end {
                        let open = spanning < 0 ? fieldCount : spanning
                        if !isFinal { return incomplete(field: open) }
                        return brokenRecord(.unterminated, field: open)
                    }
                    let c = p[i]
                    if c == 0x22 {
                        if i + 1 >= end {
                            if !isFinal { return incomplete(field: spanning < 0 ? fieldCount : spanning) }
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
                        if spanning < 0 { spanning = fieldCount }
                        if lines > maxQuotedLines { return brokenRecord(.tooManyLines, field: spanning) }
                    } else if c == 0 {
                        nulLine = nulLine ?? line + lines
                    }
                    guard written < scratchCapacity else {
                        return brokenRecord(.tooLong, field: spanning < 0 ? fieldCount : spanning)
                    }
                    seen |= c
                    scratch[written] = c
                    written += 1
                    i += 1
                }
                // Text after the closing quote is kept as is, unless the record crossed a line in quotes:
                // then the quote is more likely a stray one that paired with another row's quote.
                while i < end {
                    let c = p[i]
                    if classes[Int(c)] == Self.special { break }
                    if lines > 0 && c != 0x20 && c != 0x09 {
                        return brokenRecord(.textAfterQuote, field: spanning, at: line + lines)
                    }
                    guard written < scratchCapacity else { return brokenRecord(.tooLong, field: spanning) }
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
                if !isFinal { return incomplete(field: spanning) }
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
                    if !isFinal { return incomplete(field: spanning) }
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
        if next - start > maxRecordBytes { return brokenRecord(.tooLong, field: spanning) }
        if spanning >= 0 {
            let expected = sink.expectedFieldCount
            if expected > 0 && fieldCount != expected {
                broken = Broken(kind: .fieldCount, field: spanning, line: line + lines - (rawEnd < next ? 1 : 0),
                                found: fieldCount, expected: expected)
                return .broken
            }
        }
        let recordLine = line
        line += lines
        if fieldCount == 1 && fields[0].count == 0 && !quotedAny { return .record(next: next) }
        let raw = UnsafeRawBufferPointer(start: p + start, count: rawEnd - start)
        var invalid: String?
        if let nulLine {
            invalid = "a NUL byte on line \(nulLine)"
        } else if seen & 0x80 != 0 && String(validating: raw, as: UTF8.self) == nil {
            invalid = "an invalid UTF-8 byte sequence"
        }
        if let invalid {
            // The header must be text; a data record that is not is set aside alone.
            guard headerSeen else { throw .notUTF8(file: displayName, line: nulLine ?? recordLine) }
            sink.rejected(line: recordLine, field: nil, reason: .invalidUTF8,
                          detail: "the record holds \(invalid)", raw: ByteField.rawText(raw))
            return .record(next: next)
        }
        headerSeen = true
        try sink.record(CSVRecord(fields: UnsafeBufferPointer(start: fields, count: fieldCount), raw: raw,
                                  line: recordLine))
        return .record(next: next)
    }

    /// An incomplete record: should it turn out too long, the field to name is `field`.
    private func incomplete(field: Int) -> Step {
        broken = Broken(kind: .tooLong, field: field, line: 0, found: 0, expected: 0)
        return .incomplete
    }

    /// Notes why the record at hand is broken.
    private func brokenRecord(_ kind: Broken.Kind, field: Int, at line: Int = 0) -> Step {
        broken = Broken(kind: kind, field: field, line: line, found: 0, expected: 0)
        return .broken
    }
}

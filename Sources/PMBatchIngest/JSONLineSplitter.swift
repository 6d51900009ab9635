#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PMBatchCore

/// Splits streamed chunks into JSONL lines (LF, optional CR), skipping blank lines, carrying a line that
/// straddles chunks, rejecting lines over `maxLineBytes` (`lineTooLong`), and feeding each line to the
/// telemetry accumulator through a `JSONLineParser`.
final class JSONLineSplitter {
    private let accumulator: TelemetryAccumulator
    private var parser: JSONLineParser
    private let maxLineBytes: Int
    private var carry = GrowableBytes()
    private var line = 1
    private var skipping = false
    private var skipRaw = ""

    init(accumulator: TelemetryAccumulator, context: ReadContext, maxLineBytes: Int = 1 << 20) {
        self.accumulator = accumulator
        self.maxLineBytes = maxLineBytes
        let c = context.columns
        parser = JSONLineParser(ts: c.sourceName(for: "ts", in: .telemetry),
                                asset: c.sourceName(for: "asset_id", in: .telemetry),
                                code: c.sourceName(for: "code", in: .telemetry),
                                value: c.sourceName(for: "value", in: .telemetry), maxLineBytes: maxLineBytes)
    }

    func consume(_ chunk: UnsafeRawBufferPointer) throws(IngestError) {
        guard chunk.count > 0 else { return }
        let p = chunk.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let end = chunk.count
        var pos = 0
        while pos < end {
            let lf = memchr(p + pos, 0x0A, end - pos)
            guard let lf else {
                if skipping { return }
                carry.append(p + pos, end - pos)
                if carry.count > maxLineBytes {
                    skipping = true
                    skipRaw = ByteField.rawText(UnsafeRawBufferPointer(start: carry.base, count: carry.count))
                    carry.removeAll()
                }
                return
            }
            let lineEnd = UnsafeRawPointer(lf) - UnsafeRawPointer(p)
            if skipping {
                skipping = false
                rejectTooLong(raw: skipRaw)
            } else if !carry.isEmpty {
                carry.append(p + pos, lineEnd - pos)
                try handle(carry.base, carry.count)
                carry.removeAll()
            } else {
                try handle(p + pos, lineEnd - pos)
            }
            line += 1
            pos = lineEnd + 1
        }
    }

    func finish() throws(IngestError) {
        if skipping {
            skipping = false
            rejectTooLong(raw: skipRaw)
        } else if !carry.isEmpty {
            try handle(carry.base, carry.count)
            carry.removeAll()
        }
    }

    /// Counts and quarantines a line over the limit.
    private func rejectTooLong(raw: @autoclosure () -> String) {
        accumulator.reject(line: line, field: "", reason: .lineTooLong, detail: "line longer than \(maxLineBytes) bytes",
                           raw: raw())
    }

    @inline(__always)
    private func handle(_ p: UnsafePointer<UInt8>, _ count: Int) throws(IngestError) {
        var n = count
        if n > 0 && p[n - 1] == 0x0D { n -= 1 }
        if line == 1 && n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
            try handle(p + 3, count - 3)
            return
        }
        let raw = UnsafeRawBufferPointer(start: p, count: n)
        // An over-long line is quarantined before its bytes are looked at, as on the path where it spans
        // chunks (found by fuzzing: the outcome must not depend on where the chunks fall).
        if n > maxLineBytes {
            rejectTooLong(raw: ByteField.rawText(raw))
            return
        }
        var blank = true
        var high: UInt8 = 0
        var nul = false
        for i in 0..<n {
            let c = p[i]
            if c == 0 { nul = true }
            high |= c
            if c != 0x20 && c != 0x09 { blank = false }
        }
        if blank { return }
        // A line that is not UTF-8 text is set aside alone, as in CSV.
        if nul || (high & 0x80 != 0 && String(validating: raw, as: UTF8.self) == nil) {
            accumulator.reject(line: line, field: "", reason: .invalidUTF8,
                               detail: nul ? "the line holds a NUL byte" : "the line holds an invalid UTF-8 byte sequence",
                               raw: ByteField.rawText(raw))
            return
        }
        let f: JSONLineParser.Fields
        do {
            f = try parser.parse(p, n)
        } catch {
            accumulator.reject(line: line, field: "", reason: .badJSON, detail: error.detail,
                               raw: ByteField.rawText(raw))
            return
        }
        // Type checks: ts and code strings (a numeric code is taken as text), asset_id string or number.
        func wrongType(_ field: String, _ detail: String) {
            accumulator.reject(line: line, field: field, reason: .badJSON, detail: detail, raw: ByteField.rawText(raw))
        }
        if f.tsKind != .string && f.tsKind != .absent { return wrongType("ts", "\"ts\" is not a string") }
        if f.assetKind != .string && f.assetKind != .number && f.assetKind != .absent {
            return wrongType("asset_id", "\"asset_id\" is not a string or number")
        }
        if f.codeKind != .string && f.codeKind != .number && f.codeKind != .absent {
            return wrongType("code", "\"code\" is not a string")
        }
        if f.valueKind == .boolean {
            accumulator.reject(line: line, field: "value", reason: .badNumber, detail: "\"value\" is not a number",
                               raw: ByteField.rawText(raw))
            return
        }
        let value: ByteField? = (f.valueKind == .number || f.valueKind == .string) ? f.value : nil
        accumulator.row(line: line, ts: f.ts, asset: f.asset, code: f.code, value: value, raw: raw)
    }
}

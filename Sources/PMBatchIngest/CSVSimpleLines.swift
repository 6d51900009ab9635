/// Splits plain one-line CSV records straight from a chunk: the fast path a `CSVRecordSink` may offer
/// `CSVParser` (`takeSimpleRecords`).
///
/// A plain record has no quote, CR, NUL or non-ASCII byte, ends with an LF inside the chunk and has the
/// expected number of fields; such a record splits the same way under RFC 4180 as on every comma, so
/// the fast path and the general parser agree on it. Anything else (a blank line, a quoted field, CRLF,
/// another field count, the last bytes of a chunk) is left to the general parser.
///
/// The scan takes eight bytes at a time and stops only at bytes below `-` (0x2D) or above 0x7F: the
/// separators, the refused bytes and a few plain ones (space, `+`, …), which are looked at and passed.
enum CSVSimpleLines {
    /// Splits the record at `start` into `fieldCount` fields, writing each field's start and end
    /// offsets to `bounds` (2 × `fieldCount` entries); returns the offset of its LF, or nil when the
    /// record is not plain, has another field count, is longer than `longest` bytes with its LF or does
    /// not end at least 8 bytes before `end`. With `resume`, the caller already split off the first `resume.field`
    /// fields (their bounds are in place) and the next field starts at `resume.at`.
    @inline(__always)
    static func split(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int, fieldCount: Int, longest: Int,
                      bounds: UnsafeMutablePointer<Int>, resume: (field: Int, at: Int)? = nil) -> Int? {
        var field = resume?.field ?? 0
        var fieldStart = resume?.at ?? start
        var i = fieldStart
        while i &+ 8 <= end {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            var m = candidates(w)
            if m != 0 {
                // Commas and LFs are told apart by their exact masks, not by loading each byte back.
                let commas = equal(w, 0x2C), lfs = equal(w, 0x0A)
                repeat {
                    let bit = m & (0 &- m)
                    m &= m &- 1
                    let at = i &+ (bit.trailingZeroBitCount &>> 3)
                    if commas & bit != 0 {
                        guard field &+ 1 < fieldCount else { return nil }
                        bounds[2 &* field] = fieldStart
                        bounds[2 &* field &+ 1] = at
                        field &+= 1
                        fieldStart = at &+ 1
                    } else if lfs & bit != 0 {
                        // The general parser counts the LF in a record's length.
                        guard field &+ 1 == fieldCount, at &- start < longest else { return nil }
                        bounds[2 &* field] = fieldStart
                        bounds[2 &* field &+ 1] = at
                        return at
                    } else {
                        let c = p[at]
                        if c == 0x22 || c == 0x0D || c == 0 || c >= 0x80 { return nil }
                    }
                } while m != 0
            }
            i &+= 8
            if i &- start > longest { return nil }
        }
        return nil
    }

    /// The high bit of every byte of `w` equal to `byte` — exact per byte.
    @inline(__always)
    static func equal(_ w: UInt64, _ byte: UInt8) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, highs: UInt64 = 0x8080_8080_8080_8080
        let t = w ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return ~(((t & low7) &+ low7) | t) & highs
    }

    /// The high bit of every byte of `w` below 0x2D or above 0x7F — exact per byte (no borrow between
    /// bytes: the low seven bits are added without carry out of the byte).
    @inline(__always)
    static func candidates(_ w: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, highs: UInt64 = 0x8080_8080_8080_8080
        // (b & 0x7F) + 0x53 reaches 0x80 exactly when b & 0x7F ≥ 0x2D.
        let atLeast = ((w & low7) &+ 0x5353_5353_5353_5353) | w
        return (~atLeast & highs) | (w & highs)
    }
}

/// Parses decimal numbers from bytes: a fast exact path for plain decimals, `Double(String)` otherwise.
enum NumberParser {
    /// 10^k for k in 0...22, all exact in a Double (a switch becomes a constant table: no lazy global,
    /// no array bounds or exclusivity check per row).
    @inline(__always)
    private static func power(_ k: Int) -> Double {
        switch k {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// The finite value of `b`, or nil when it is not a number (NaN and infinities are refused).
    @inline(__always)
    static func double(_ b: ByteField) -> Double? {
        guard let p = b.start, b.count > 0 else { return nil }
        let signed = p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") ? 1 : 0
        let n = b.count - signed
        if n > 0 && n <= 8, let value = short(p + signed, n) {
            return p[0] == UInt8(ascii: "-") ? -value : value
        }
        return general(b)
    }

    /// Up to 8 bytes of digits with at most one dot, parsed eight bytes at once (no loop, no branch per
    /// digit); nil when the bytes are anything else (the general path decides). Same value as `general`.
    @inline(__always)
    static func short(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        let highs: UInt64 = 0x8080_8080_8080_8080, low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let w = ByteInterner.words(p, n).0
        var digits = w, count = n, fraction = 0
        let dots = CSVSimpleLines.equal(w, UInt8(ascii: "."))
        if dots != 0 {
            guard dots & (dots &- 1) == 0 else { return nil }
            // Drop the dot's byte: the bytes above it move down one.
            let at = dots.trailingZeroBitCount >> 3
            let below: UInt64 = at == 0 ? 0 : UInt64.max >> UInt64(64 - 8 * at)
            digits = (w & below) | ((w >> 8) & ~below)
            count = n - 1
            fraction = n - 1 - at
            guard count > 0 else { return nil }
        }
        let lanes: UInt64 = count == 8 ? .max : (1 << UInt64(8 * count)) - 1
        // Digit values; every byte in use must be below 10 (no carry crosses a byte: at most 0x7F + 0x76).
        let values = (digits ^ 0x3030_3030_3030_3030) & lanes
        guard (((values & low7) &+ 0x7676_7676_7676_7676) | values) & highs & lanes == 0 else { return nil }
        // Right-aligned behind leading zeros, then the eight-digit multiply-shift reduction.
        var v = values << UInt64(8 * (8 - count))
        v = (v &* 2561) >> 8
        v = ((v & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
        v = ((v & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
        // Clinger's fast path: both operands exact (at most 8 digits), one correctly rounded division.
        return Double(v) / power(fraction)
    }

    /// Any length: digits with at most one dot on the fast path, `Double(String)` otherwise.
    static func general(_ b: ByteField) -> Double? {
        guard let p = b.start, b.count > 0 else { return nil }
        let n = b.count
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") { negative = true; i = 1 } else if p[0] == UInt8(ascii: "+") { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawDot = false
        while i < n {
            let d = p[i] &- 48
            if d < 10 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                digits += 1
                if sawDot { fractionDigits += 1 }
            } else if p[i] == UInt8(ascii: ".") && !sawDot {
                sawDot = true
            } else {
                return slow(b)
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        // Clinger's fast path: both operands exact, one correctly rounded division.
        guard digits <= 15, fractionDigits <= 22 else { return slow(b) }
        let value = Double(mantissa) / power(fractionDigits)
        return negative ? -value : value
    }

    private static func slow(_ b: ByteField) -> Double? {
        guard let value = Double(b.string), value.isFinite else { return nil }
        return value
    }
}

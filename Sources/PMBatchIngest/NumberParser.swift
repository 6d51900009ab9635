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

/// Parses decimal numbers from bytes: a fast exact path for plain decimals, `Double(String)` otherwise.
enum NumberParser {
    private static let powers: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { acc, _ in acc * 10 } }

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
        let value = Double(mantissa) / powers[fractionDigits]
        return negative ? -value : value
    }

    private static func slow(_ b: ByteField) -> Double? {
        guard let value = Double(b.string), value.isFinite else { return nil }
        return value
    }
}

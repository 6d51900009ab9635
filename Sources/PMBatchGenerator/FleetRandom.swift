/// The generator's own pseudo-random numbers: xoshiro256** seeded through SplitMix64.
///
/// Everything the generator writes comes from this type (never `Double.random` or the wall
/// clock), and it uses only IEEE +, −, ×, ÷ — no libm — so the same seed gives the same bytes
/// on every platform.
struct FleetRandom: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator for `seed`, optionally split into an independent `stream` (e.g. per asset and day),
    /// so parts of the data can be produced in any order and still come out the same.
    init(seed: UInt64, stream: UInt64 = 0) {
        var state = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        s0 = FleetRandom.splitMix(&state)
        s1 = FleetRandom.splitMix(&state)
        s2 = FleetRandom.splitMix(&state)
        s3 = FleetRandom.splitMix(&state)
    }

    /// One SplitMix64 step.
    @inline(__always)
    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix(state)
    }

    /// SplitMix64's finalizer: a good 64-bit hash of `value`.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits (xoshiro256**).
    @inline(__always)
    mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform integer in `0..<bound` (bound > 0), by multiply-shift (bias below 2⁻³²).
    @inline(__always)
    mutating func int(below bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform integer in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(below: range.upperBound - range.lowerBound + 1)
    }

    /// A uniform double in [0, 1).
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform double in `range`.
    mutating func double(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    /// True with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// An element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[int(below: items.count)] }

    /// An exponentially distributed value with the given mean.
    mutating func exponential(mean: Double) -> Double {
        -mean * DeterministicMath.log(1 - unit())
    }

    /// An approximately normal value (Irwin–Hall sum of twelve uniforms).
    mutating func normal(mean: Double, deviation: Double) -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += unit() }
        return mean + (sum - 6) * deviation
    }

    /// A Poisson-distributed count with mean `lambda`: exact (Knuth) up to 30, normal approximation above.
    mutating func poisson(_ lambda: Double) -> Int {
        if lambda <= 0 { return 0 }
        if lambda > 30 { return max(0, Int(normal(mean: lambda, deviation: lambda.squareRoot()) + 0.5)) }
        return poisson(lambda, expMinusLambda: DeterministicMath.exp(-lambda))
    }

    /// A Poisson count when `e^-lambda` is already known (lambda ≤ 30).
    @inline(__always)
    mutating func poisson(_ lambda: Double, expMinusLambda limit: Double) -> Int {
        var count = 0
        var product = unit()
        while product > limit {
            count += 1
            product *= unit()
        }
        return count
    }
}

/// `exp` and `log` from IEEE arithmetic only, so results do not depend on the platform's libm.
enum DeterministicMath {
    /// e^x for |x| up to about 700.
    static func exp(_ x: Double) -> Double {
        // e^x = (e^(x/1024))^1024; the small power by a Taylor series.
        let y = x / 1024
        var term = 1.0
        var sum = 1.0
        for k in 1...12 {
            term *= y / Double(k)
            sum += term
        }
        for _ in 0..<10 { sum *= sum }
        return sum
    }

    /// The natural logarithm of a positive x (−∞ for 0).
    static func log(_ x: Double) -> Double {
        if x <= 0 { return -.infinity }
        // x = m · 2^e with m in [1, 2): ln x = e·ln 2 + 2·atanh((m−1)/(m+1)).
        let e = Double(x.exponent)
        let m = x.significand
        let z = (m - 1) / (m + 1)
        let z2 = z * z
        var term = z
        var sum = 0.0
        var k = 1.0
        for _ in 0..<20 {
            sum += term / k
            term *= z2
            k += 2
        }
        return e * 0.693_147_180_559_945_3 + 2 * sum
    }
}

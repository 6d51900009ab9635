import Testing
@testable import PMBatchCore

@Suite("KPI percentiles")
struct KPIDistributionTests {
    /// (sample, median, p90). Median = middle, or mean of the two middle values; p90 = ⌈0.9·n⌉-th smallest.
    static let cases: [([Double], Double, Double)] = [
        ([7], 7, 7),                        // n=1: ⌈0.9⌉ = 1st
        ([4, 1, 3, 2], 2.5, 4),             // even: (2+3)/2; ⌈3.6⌉ = 4th
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9),   // ⌈9.0⌉ = 9th (exact multiple: not rounded up)
        ([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 6, 10), // odd: 6th; ⌈9.9⌉ = 10th
        ([0, 0, 100], 0, 100),              // ⌈2.7⌉ = 3rd
    ]

    @Test("median and nearest-rank p90", arguments: cases)
    func percentiles(sample: [Double], median: Double, p90: Double) {
        let d = Distribution.of(sample)
        #expect(d.n == sample.count)
        #expect(d.median == median)
        #expect(d.p90 == p90)
        #expect(d.total == sample.reduce(0, +))
        #expect(approx(d.mean, sample.reduce(0, +) / Double(sample.count)))
    }

    @Test("empty sample gives nil figures")
    func empty() {
        #expect(Distribution.of([]) == Distribution(n: 0, mean: nil, median: nil, p90: nil, total: 0))
    }
}

extension Distribution {
    /// The distribution of a sample: mean, median (mean of the two middle values when n is even),
    /// nearest-rank p90 (the ⌈0.9·n⌉-th smallest value) and total; nil figures when empty.
    ///
    /// Values are summed in ascending order so the figures do not depend on the input order.
    public static func of(_ values: [Double]) -> Distribution {
        let sorted = values.sorted()
        let n = sorted.count
        guard n > 0 else { return Distribution(n: 0, mean: nil, median: nil, p90: nil, total: 0) }
        let total = sorted.reduce(0, +)
        let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        // ⌈0.9·n⌉ in integers: (9n + 9) / 10.
        let rank = (9 * n + 9) / 10
        return Distribution(n: n, mean: total / Double(n), median: median, p90: sorted[rank - 1], total: total)
    }
}

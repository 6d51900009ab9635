extension RandomAccessCollection {
    /// The index of the first element for which `isBefore` is false (`endIndex` when there is none), by
    /// binary search: the one lower bound of the package (STYLE habit 11).
    ///
    /// The collection must be partitioned by `isBefore`: every element for which it is true comes first.
    /// For a collection sorted ascending, `{ $0 < x }` gives the first element not less than `x` and
    /// `{ $0 <= x }` the first element greater than `x`.
    func lowerBound(where isBefore: (Element) throws -> Bool) rethrows -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if try isBefore(self[middle]) {
                low = index(after: middle)
                count -= half + 1
            } else {
                count = half
            }
        }
        return low
    }
}

extension RandomAccessCollection where Element: Comparable {
    /// The index of the first element not less than `value` (`endIndex` when all are less), in a
    /// collection sorted ascending.
    func lowerBound(of value: Element) -> Index {
        lowerBound { $0 < value }
    }
}

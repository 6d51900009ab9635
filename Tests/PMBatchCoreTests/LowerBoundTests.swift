import Testing
@testable import PMBatchCore

@Suite("lowerBound")
struct LowerBoundTests {
    @Test("empty: the end index, for any value")
    func empty() {
        let values: [Int] = []
        #expect(values.lowerBound(of: 5) == 0)
        #expect(values.lowerBound { _ in true } == 0)
    }

    @Test("all less than the value: the end index")
    func allLess() {
        #expect([1, 2, 3].lowerBound(of: 4) == 3)
        #expect([1, 2, 3].lowerBound { $0 <= 3 } == 3)
    }

    @Test("all greater than the value: 0")
    func allGreater() {
        #expect([5, 6, 7].lowerBound(of: 4) == 0)
        #expect([5, 6, 7].lowerBound { $0 <= 4 } == 0)
    }

    @Test("duplicates: `< x` gives the first of the run, `<= x` the one after the run")
    func duplicates() {
        let values = [1, 3, 3, 3, 5]
        #expect(values.lowerBound(of: 3) == 1)
        #expect(values.lowerBound { $0 <= 3 } == 4)
        #expect(values.lowerBound(of: 2) == 1)
        #expect(values.lowerBound(of: 5) == 4)
        #expect([2, 2, 2].lowerBound(of: 2) == 0)
        #expect([2, 2, 2].lowerBound { $0 <= 2 } == 3)
    }

    @Test("on a slice the index is the slice's own (not 0-based)")
    func sliceIndices() {
        let values = [0, 10, 20, 30, 40, 50]
        let tail = values[2...]
        #expect(tail.lowerBound(of: 35) == 4)
        #expect(tail.lowerBound(of: 0) == 2)
        #expect(tail.lowerBound(of: 99) == 6)
    }

    @Test("agrees with a linear scan on every value of small sorted arrays", arguments: 0..<7)
    func matchesLinearScan(length: Int) {
        let values = (0..<length).map { $0 / 2 * 2 }  // duplicates: 0 0 2 2 4 4 6
        for x in -1...8 {
            #expect(values.lowerBound(of: x) == (values.firstIndex { $0 >= x } ?? values.count))
            #expect(values.lowerBound { $0 <= x } == (values.firstIndex { $0 > x } ?? values.count))
        }
    }
}

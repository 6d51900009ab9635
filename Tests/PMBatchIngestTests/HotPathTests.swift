import Testing
import PMBatchCore
@testable import PMBatchIngest

/// The raw-memory structures behind `TelemetryReader`: interner, duplicate ring, day table.
@Suite struct HotPathTests {
    /// Keys of every length around the inline-word boundaries (1…40 bytes), each a prefix of the next,
    /// interned twice and across table growth, keep their IDs and strings.
    @Test func internerKeysOfEveryLength() {
        var interner = ByteInterner(capacity: 4)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789ABCD".utf8)
        var ids: [Int32] = []
        for round in 0..<2 {
            for n in 1...alphabet.count {
                let (id, isNew) = alphabet.withUnsafeBufferPointer { interner.id($0.baseAddress!, n) }
                #expect(isNew == (round == 0))
                if round == 0 { ids.append(id) } else { #expect(id == ids[n - 1]) }
            }
        }
        #expect(ids == (0..<Int32(alphabet.count)).map { $0 })
        #expect(interner.strings.map(\.utf8.count) == Array(1...alphabet.count))
        #expect(interner.strings[8] == "abcdefghi")
    }

    /// Bytes beyond the key never take part (the loads stay inside the key).
    @Test(arguments: [3, 7, 8, 9, 15, 16, 17])
    func internerIgnoresBytesAfterTheKey(length: Int) {
        var interner = ByteInterner()
        let a = Array(repeating: UInt8(ascii: "k"), count: length) + [1, 2, 3, 4, 5, 6, 7, 8]
        let b = Array(repeating: UInt8(ascii: "k"), count: length) + [9, 9, 9, 9, 9, 9, 9, 9]
        let first = a.withUnsafeBufferPointer { interner.id($0.baseAddress!, length) }
        let second = b.withUnsafeBufferPointer { interner.id($0.baseAddress!, length) }
        #expect(first.id == second.id && first.isNew && !second.isNew)
    }

    @Test func duplicateRingRemembersEightRowsPerAsset() {
        var filter = DuplicateFilter(capacity: 1)
        // (ts, asset, code, value bits) → expected "is duplicate".
        var rows: [(Int64, Int32, Int32, UInt64, Bool)] = [
            (100, 5, 1, 7, false), (100, 5, 1, 7, true), (100, 5, 1, 8, false), (100, 4, 1, 7, false),
            (100, 5, 2, 7, false),
        ]
        for t in 101...105 { rows.append((Int64(t), 5, 1, 0, false)) }
        // Asset 5 now remembers 8 rows: (100,1,7), (100,1,8), (100,2,7), 101…105.
        rows += [(100, 5, 1, 7, true), (106, 5, 1, 0, false),
                 // (100,1,7) was pushed out by 106; asset 4 still has it.
                 (100, 5, 1, 7, false), (100, 4, 1, 7, true), (105, 5, 1, 0, true)]
        var got: [Bool] = []
        for r in rows { got.append(filter.isDuplicate(ts: r.0, asset: r.1, code: r.2, valueBits: r.3)) }
        #expect(got == rows.map(\.4))
    }

    @Test func dayTableCachesPerAssetAndCodeAcrossDays() {
        var table = DayCountTable(capacity: 2)
        for day: Int32 in [10, 10, 11, 10, 11] {
            table.add(asset: 3000, code: 2, day: day, value: Double(day), hasValue: true)
            table.add(asset: 0, code: 40, day: day, value: 0, hasValue: false)
        }
        let entries = table.finishedEntries().sorted { ($0.asset, $0.code, $0.day) < ($1.asset, $1.code, $1.day) }
        #expect(entries.map { "\($0.asset) \($0.code) \($0.day) \($0.count) \($0.valueCount) \($0.valueSum)" } == [
            "0 40 10 3 0 0.0", "0 40 11 2 0 0.0", "3000 2 10 3 3 30.0", "3000 2 11 2 2 22.0",
        ])
    }

    @Test("assets past the cached range count straight into the table, with the same figures")
    func dayTableBeyondCachedAssets() {
        var table = DayCountTable(capacity: 2)
        let far = Int32(DayCountTable.maxCachedAssets + 7)
        for day: Int32 in [10, 10, 11, 10] {
            table.add(asset: far, code: 1, day: day, value: Double(day), hasValue: true)
            table.add(asset: 1, code: 1, day: day, value: Double(day), hasValue: true)
        }
        #expect(table.cachedAssetCapacity <= DayCountTable.maxCachedAssets)
        let entries = table.finishedEntries().sorted { ($0.asset, $0.code, $0.day) < ($1.asset, $1.code, $1.day) }
        #expect(entries.map { "\($0.asset) \($0.day) \($0.count) \($0.valueMin) \($0.valueMax) \($0.valueSum)" } == [
            "1 10 3 10.0 10.0 30.0", "1 11 1 11.0 11.0 11.0",
            "\(far) 10 3 10.0 10.0 30.0", "\(far) 11 1 11.0 11.0 11.0",
        ])
    }

    @Test("the per-asset tables keep what they hold when a larger asset ID makes them grow")
    func growthKeepsState() {
        var filter = DuplicateFilter(capacity: 1)
        var seen: [Bool] = []
        for asset: Int32 in [0, 5000, 0, 5000] {
            seen.append(filter.isDuplicate(ts: 10, asset: asset, code: 1, valueBits: 7))
        }
        #expect(seen == [false, false, true, true])
        var table = DayCountTable(capacity: 2, assets: 1)
        table.add(asset: 0, code: 1, day: 3, value: 1, hasValue: true)
        table.add(asset: 5000, code: 1, day: 3, value: 2, hasValue: true)
        let grown = table.cachedAssetCapacity
        #expect(grown > 5000)
        table.add(asset: 0, code: 1, day: 3, value: 4, hasValue: true)
        table.add(asset: 5001, code: 1, day: 3, value: 8, hasValue: true)
        let entries = table.finishedEntries().sorted { $0.asset < $1.asset }
        #expect(entries.map { "\($0.asset) \($0.count) \($0.valueSum)" } == ["0 2 5.0", "5000 1 2.0", "5001 1 8.0"])
    }

    @Test("a file's per-asset tables start at the registry's size only when the file can name that many assets")
    func initialTableSize() {
        #expect(TelemetryAccumulator.initialAssets(registered: nil, fileBytes: 1 << 30) == 1024)
        #expect(TelemetryAccumulator.initialAssets(registered: 10_000, fileBytes: 500) == 1024)
        #expect(TelemetryAccumulator.initialAssets(registered: 10_000, fileBytes: 158_000_000) == 10_016)
        #expect(TelemetryAccumulator.initialAssets(registered: 300_000, fileBytes: 1_000_000) == 62_500)
    }
}


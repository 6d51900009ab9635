/// Per (asset, code, day) aggregates in a flat array, found through an open-addressing index.
final class DayCountTable {
    struct Entry {
        var asset: Int32
        var code: Int32
        var day: Int32
        var count: Int64
        var valueCount: Int64
        var valueMin: Double
        var valueMax: Double
        var valueSum: Double
    }

    private var slots: UnsafeMutablePointer<Int32>
    private var mask: Int
    private var storage: UnsafeMutablePointer<Entry>
    private var storageCapacity = 1 << 12
    private var count = 0

    /// The aggregates, in first-seen order.
    var entries: [Entry] { Array(UnsafeBufferPointer(start: storage, count: count)) }

    init(capacity: Int = 1 << 14) {
        mask = capacity - 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        storage = .allocate(capacity: storageCapacity)
    }

    deinit {
        slots.deallocate()
        storage.deallocate()
    }

    @inline(__always)
    private static func hash(_ asset: Int32, _ code: Int32, _ day: Int32) -> Int {
        var h = UInt64(UInt32(bitPattern: asset)) | UInt64(UInt32(bitPattern: code)) << 32
        h = (h ^ UInt64(UInt32(bitPattern: day)) &* 0x9E37_79B9_7F4A_7C15) &* 0xD6E8_FEB8_6659_FD93
        return Int(truncatingIfNeeded: h ^ (h >> 31))
    }

    /// Counts one occurrence with an optional value.
    @inline(__always)
    func add(asset: Int32, code: Int32, day: Int32, value: Double?) {
        var slot = Self.hash(asset, code, day) & mask
        let e = storage
        while true {
            let s = Int(slots[slot])
            if s == 0 { break }
            let i = s - 1
            if e[i].asset == asset && e[i].code == code && e[i].day == day {
                e[i].count += 1
                if let v = value {
                    if e[i].valueCount == 0 {
                        e[i].valueMin = v
                        e[i].valueMax = v
                    } else {
                        if v < e[i].valueMin { e[i].valueMin = v }
                        if v > e[i].valueMax { e[i].valueMax = v }
                    }
                    e[i].valueCount += 1
                    e[i].valueSum += v
                }
                return
            }
            slot = (slot + 1) & mask
        }
        if count == storageCapacity {
            let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: storageCapacity * 2)
            bigger.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = bigger
            storageCapacity *= 2
        }
        (storage + count).initialize(to: Entry(asset: asset, code: code, day: day, count: 1,
                                               valueCount: value == nil ? 0 : 1, valueMin: value ?? 0,
                                               valueMax: value ?? 0, valueSum: value ?? 0))
        count += 1
        slots[slot] = Int32(count)
        if count * 2 > mask + 1 { grow() }
    }

    private func grow() {
        let capacity = (mask + 1) * 2
        slots.deallocate()
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        mask = capacity - 1
        for i in 0..<count {
            let e = storage[i]
            var slot = Self.hash(e.asset, e.code, e.day) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i + 1)
        }
    }
}

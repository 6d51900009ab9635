/// Remembers recent telemetry rows to skip exact duplicates (same ts, asset, code, value) in one file.
///
/// Memory does not grow with rows: a row is checked and remembered only when its ts is within one hour
/// of the newest ts seen so far for its asset, and entries older than that are evicted periodically.
/// Duplicates further apart than one hour (measured against the asset's newest ts) are not detected.
/// An entry is the ts (exact), the asset ID (exact for the first 2²⁴ assets of a file) and a 40-bit hash
/// of (code, value): two different rows are confused only when they share ts and asset and their
/// (code, value) hashes collide, about one chance in 10¹² per such pair.
final class DuplicateFilter {
    static let window: Int64 = 3_600_000
    private static let empty = Int64.min

    private struct Entry {
        var ts: Int64
        var print: UInt64
    }

    private var table: UnsafeMutablePointer<Entry>
    private var mask: Int
    private var count = 0
    private var newest: UnsafeMutablePointer<Int64>
    private var newestCapacity = 1 << 12

    init(capacity: Int = 1 << 16) {
        mask = capacity - 1
        table = .allocate(capacity: capacity)
        table.initialize(repeating: Entry(ts: Self.empty, print: 0), count: capacity)
        newest = .allocate(capacity: newestCapacity)
        newest.initialize(repeating: .min, count: newestCapacity)
    }

    deinit {
        table.deallocate()
        newest.deallocate()
    }

    @inline(__always)
    private static func slot(_ ts: Int64, _ print: UInt64, _ mask: Int) -> Int {
        let h = (UInt64(bitPattern: ts) &* 0x9E37_79B9_7F4A_7C15) ^ (print &* 0xD6E8_FEB8_6659_FD93)
        return Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
    }

    /// True when the row was seen before (within the window); otherwise remembers it.
    @inline(__always)
    func isDuplicate(ts: Int64, asset: Int32, code: Int32, valueBits: UInt64) -> Bool {
        let a = Int(asset)
        if a >= newestCapacity { growNewest(a) }
        let last = newest[a]
        if ts > last { newest[a] = ts } else if ts < last &- Self.window { return false }
        var h = (UInt64(UInt32(bitPattern: code)) &* 0x9E37_79B9_7F4A_7C15) ^ valueBits
        h = (h ^ (h >> 31)) &* 0xD6E8_FEB8_6659_FD93
        let print = (UInt64(UInt32(bitPattern: asset)) & 0xFF_FFFF) << 40 | (h >> 24)
        var slot = Self.slot(ts, print, mask)
        while true {
            let e = table[slot]
            if e.ts == Self.empty { break }
            if e.ts == ts && e.print == print { return true }
            slot = (slot + 1) & mask
        }
        table[slot] = Entry(ts: ts, print: print)
        count += 1
        if count * 4 > (mask + 1) * 3 { rebuild() }
        return false
    }

    private func growNewest(_ a: Int) {
        var capacity = newestCapacity
        while capacity <= a { capacity *= 2 }
        let bigger = UnsafeMutablePointer<Int64>.allocate(capacity: capacity)
        bigger.moveInitialize(from: newest, count: newestCapacity)
        (bigger + newestCapacity).initialize(repeating: .min, count: capacity - newestCapacity)
        newest.deallocate()
        newest = bigger
        newestCapacity = capacity
    }

    @inline(__always)
    private func isLive(_ e: Entry) -> Bool {
        let a = Int(e.print >> 40)
        return e.ts != Self.empty && a < newestCapacity && e.ts >= newest[a] &- Self.window
    }

    /// Drops entries older than their asset's window; doubles the table when it stays over half full.
    private func rebuild() {
        let old = table, oldCapacity = mask + 1
        var live = 0
        for i in 0..<oldCapacity where isLive(old[i]) { live += 1 }
        var capacity = oldCapacity
        while live * 2 > capacity { capacity *= 2 }
        table = .allocate(capacity: capacity)
        table.initialize(repeating: Entry(ts: Self.empty, print: 0), count: capacity)
        mask = capacity - 1
        count = 0
        for i in 0..<oldCapacity where isLive(old[i]) {
            let e = old[i]
            var slot = Self.slot(e.ts, e.print, mask)
            while table[slot].ts != Self.empty { slot = (slot + 1) & mask }
            table[slot] = e
            count += 1
        }
        old.deallocate()
    }
}

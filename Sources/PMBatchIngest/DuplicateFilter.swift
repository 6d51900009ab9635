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

    private var stamps: UnsafeMutablePointer<Int64>
    private var prints: UnsafeMutablePointer<UInt64>
    private var mask: Int
    private var count = 0
    private var newest: [Int64] = []

    init(capacity: Int = 1 << 16) {
        mask = capacity - 1
        stamps = .allocate(capacity: capacity)
        prints = .allocate(capacity: capacity)
        stamps.initialize(repeating: Self.empty, count: capacity)
        prints.initialize(repeating: 0, count: capacity)
    }

    deinit {
        stamps.deallocate()
        prints.deallocate()
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
        if a >= newest.count { newest.append(contentsOf: repeatElement(Int64.min, count: a - newest.count + 1)) }
        if ts > newest[a] { newest[a] = ts } else if ts < newest[a] &- Self.window { return false }
        var h = (UInt64(UInt32(bitPattern: code)) &* 0x9E37_79B9_7F4A_7C15) ^ valueBits
        h = (h ^ (h >> 31)) &* 0xD6E8_FEB8_6659_FD93
        let print = (UInt64(UInt32(bitPattern: asset)) & 0xFF_FFFF) << 40 | (h >> 24)
        var slot = Self.slot(ts, print, mask)
        while true {
            let s = stamps[slot]
            if s == Self.empty { break }
            if s == ts && prints[slot] == print { return true }
            slot = (slot + 1) & mask
        }
        stamps[slot] = ts
        prints[slot] = print
        count += 1
        if count * 8 > (mask + 1) * 5 { rebuild() }
        return false
    }

    /// Drops entries older than their asset's window; doubles the table when it stays over 5/16 full.
    private func rebuild() {
        let oldStamps = stamps, oldPrints = prints, oldCapacity = mask + 1
        var live = 0
        for i in 0..<oldCapacity where oldStamps[i] != Self.empty {
            let a = Int(oldPrints[i] >> 40)
            if a < newest.count && oldStamps[i] >= newest[a] &- Self.window { live += 1 }
        }
        var capacity = oldCapacity
        while live * 16 > capacity * 5 { capacity *= 2 }
        stamps = .allocate(capacity: capacity)
        prints = .allocate(capacity: capacity)
        stamps.initialize(repeating: Self.empty, count: capacity)
        prints.initialize(repeating: 0, count: capacity)
        mask = capacity - 1
        count = 0
        for i in 0..<oldCapacity where oldStamps[i] != Self.empty {
            let a = Int(oldPrints[i] >> 40)
            guard a < newest.count && oldStamps[i] >= newest[a] &- Self.window else { continue }
            var slot = Self.slot(oldStamps[i], oldPrints[i], mask)
            while stamps[slot] != Self.empty { slot = (slot + 1) & mask }
            stamps[slot] = oldStamps[i]
            prints[slot] = oldPrints[i]
            count += 1
        }
        oldStamps.deallocate()
        oldPrints.deallocate()
    }
}

/// Interns byte strings (asset IDs, codes) to dense integer IDs with an open-addressing hash table keyed
/// by bytes; a `String` is made only when a key is first seen.
final class ByteInterner {
    private var slots: UnsafeMutablePointer<Int32>  // id + 1, 0 = empty
    private var mask: Int
    private var arena = GrowableBytes(capacity: 1 << 16)
    private var offsets: [Int] = []
    private var lengths: [Int] = []
    private var hashes: [UInt64] = []
    /// The interned keys, by ID.
    private(set) var strings: [String] = []

    init(capacity: Int = 1 << 12) {
        mask = capacity - 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
    }

    deinit { slots.deallocate() }

    var count: Int { strings.count }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(truncatingIfNeeded: n)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(p[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
        }
        h ^= h >> 32
        h = h &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }

    /// The ID of the key `p[0..<n]`, interning it when new (`isNew`).
    @inline(__always)
    func id(_ p: UnsafePointer<UInt8>, _ n: Int) -> (id: Int32, isNew: Bool) {
        let h = Self.hash(p, n)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            let id = entry - 1
            if hashes[id] == h && lengths[id] == n && memcmp(arena.base + offsets[id], p, n) == 0 {
                return (Int32(id), false)
            }
            slot = (slot + 1) & mask
        }
        let id = strings.count
        offsets.append(arena.count)
        lengths.append(n)
        hashes.append(h)
        arena.append(p, n)
        strings.append(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
        slots[slot] = Int32(id + 1)
        if strings.count * 2 > mask + 1 { grow() }
        return (Int32(id), true)
    }

    private func grow() {
        let capacity = (mask + 1) * 2
        slots.deallocate()
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        mask = capacity - 1
        for id in 0..<strings.count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id + 1)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import CPrefetch

/// Interns byte strings (asset IDs, codes) to dense IDs 0, 1, 2, … in first-seen order; a `String` is
/// made only when a key is first seen.
///
/// Open addressing over 32-byte slots. Keys of up to 16 bytes (every realistic asset ID and code) live
/// inline in their slot and are compared as two words, so a lookup touches one cache line and never
/// chases a pointer; longer keys are compared by full hash, length and then bytes in an arena.
/// Storage is raw memory allocated once and doubled on growth (no Swift arrays in the lookup, hence no
/// exclusivity checks or retain/release per row).
struct ByteInterner: ~Copyable {
    private struct Slot {
        /// Bytes 0..<8 of a short key (zero padded); for a long key its arena offset.
        var w0: UInt64
        /// Bytes 8..<16 of a short key (zero padded).
        var w1: UInt64
        var hash: UInt64
        var length: Int32
        /// The ID + 1; 0 marks an empty slot.
        var idPlusOne: Int32
    }

    private static let inlineLimit = 16
    private var slots: UnsafeMutablePointer<Slot>
    private var mask: Int
    private var arena = GrowableBytes(capacity: 1 << 12)
    /// The interned keys, by ID.
    private(set) var strings: [String] = []

    /// An interner expecting about `capacity / 2` keys before its first growth (`capacity` a power of two).
    init(capacity: Int = 1 << 12) {
        mask = capacity - 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(w0: 0, w1: 0, hash: 0, length: 0, idPlusOne: 0), count: capacity)
    }

    deinit { slots.deallocate() }

    /// The number of keys.
    var count: Int { strings.count }

    /// The first `min(n, 16)` bytes of `p` as two little-endian words, zero padded, reading no byte
    /// outside `p[0..<n]` (overlapping loads instead of a byte loop).
    @inline(__always)
    static func words(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UInt64, UInt64) {
        let raw = UnsafeRawPointer(p)
        if n >= 16 {
            return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
        if n > 8 {
            let tail = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            return (raw.loadUnaligned(as: UInt64.self), tail >> UInt64((16 - n) * 8))
        }
        if n == 8 { return (raw.loadUnaligned(as: UInt64.self), 0) }
        if n >= 4 {
            let lo = UInt64(raw.loadUnaligned(as: UInt32.self))
            let hi = UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
            return (lo | hi << UInt64((n - 4) * 8), 0)
        }
        var w: UInt64 = 0
        for i in 0..<n { w |= UInt64(p[i]) << UInt64(i * 8) }
        return (w, 0)
    }

    @inline(__always)
    private static func shortHash(_ w0: UInt64, _ w1: UInt64, _ n: Int) -> UInt64 {
        var h = (w0 ^ (w0 >> 29)) &* 0x9E37_79B9_7F4A_7C15
        h ^= (w1 ^ (w1 >> 31) ^ UInt64(truncatingIfNeeded: n)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }

    @inline(__always)
    private static func longHash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(truncatingIfNeeded: n)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        var w: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            w |= UInt64(p[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ w) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }

    /// The hash `id(_:_:)` probes with for `p[0..<n]`.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        if n <= inlineLimit {
            let (w0, w1) = words(p, n)
            return shortHash(w0, w1, n)
        }
        return longHash(p, n)
    }

    /// Starts loading the first slot probed for `hash` into the cache, some time before `id(_:_:hash:)` (a
    /// hint: no effect on the result).
    @inline(__always)
    func prefetch(hash: UInt64) {
        pmbatch_prefetch(slots + (Int(truncatingIfNeeded: hash) & mask))
    }

    /// The ID of the key `p[0..<n]`, interning it when new (`isNew`).
    @inline(__always)
    mutating func id(_ p: UnsafePointer<UInt8>, _ n: Int) -> (id: Int32, isNew: Bool) {
        id(p, n, hash: Self.hash(p, n))
    }

    /// The ID of the key `p[0..<n]` whose `hash(_:_:)` the caller already has, interning it when new.
    @inline(__always)
    mutating func id(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64) -> (id: Int32, isNew: Bool) {
        if n <= Self.inlineLimit {
            let (w0, w1) = Self.words(p, n)
            var slot = Int(truncatingIfNeeded: h) & mask
            while true {
                let s = slots[slot]
                if s.idPlusOne == 0 { break }
                if s.w0 == w0 && s.w1 == w1 && s.length == Int32(truncatingIfNeeded: n) {
                    return (s.idPlusOne - 1, false)
                }
                slot = (slot + 1) & mask
            }
            return (insert(p, n, at: slot, hash: h, w0: w0, w1: w1), true)
        }
        return longID(p, n, hash: h)
    }

    /// `a[0..<n] == b[0..<n]` for n ≥ 8, word by word (the last word overlapping), without a libc call.
    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        var i = 0
        while i &+ 8 < n {
            if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i &+= 8
        }
        return x.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            == y.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
    }

    @inline(__always)
    private mutating func longID(_ p: UnsafePointer<UInt8>, _ n: Int, hash h: UInt64) -> (id: Int32, isNew: Bool) {
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[slot]
            if s.idPlusOne == 0 { break }
            if s.hash == h && s.length == Int32(truncatingIfNeeded: n) && Self.equal(arena.base + Int(s.w0), p, n) {
                return (s.idPlusOne - 1, false)
            }
            slot = (slot + 1) & mask
        }
        let offset = UInt64(arena.count)
        arena.append(p, n)
        return (insert(p, n, at: slot, hash: h, w0: offset, w1: 0), true)
    }

    private mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int, at slot: Int, hash: UInt64,
                                 w0: UInt64, w1: UInt64) -> Int32 {
        let id = Int32(strings.count)
        strings.append(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
        slots[slot] = Slot(w0: w0, w1: w1, hash: hash, length: Int32(truncatingIfNeeded: n), idPlusOne: id + 1)
        if strings.count * 2 > mask + 1 { grow() }
        return id
    }

    private mutating func grow() {
        let old = slots, oldCapacity = mask + 1
        let capacity = oldCapacity * 2
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(w0: 0, w1: 0, hash: 0, length: 0, idPlusOne: 0), count: capacity)
        mask = capacity - 1
        for i in 0..<oldCapacity where old[i].idPlusOne != 0 {
            var slot = Int(truncatingIfNeeded: old[i].hash) & mask
            while slots[slot].idPlusOne != 0 { slot = (slot + 1) & mask }
            slots[slot] = old[i]
        }
        old.deallocate()
    }
}

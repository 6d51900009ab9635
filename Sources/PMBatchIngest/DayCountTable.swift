import CPrefetch

/// Per (asset, code, day) aggregates in a flat array, found through an open-addressing index, with a
/// per-asset cache of open aggregates in front of it.
///
/// For each asset and each of the first 16 code IDs, the cache holds the aggregate of the day last
/// counted; a row on that day — nearly every row of a night's dump — updates it in place (one cache
/// line, no hash probe, no pointer chase). A row on another day first spills the open aggregate into the
/// table. Everything is raw memory: the table doubles when it fills, the cache is sized for the assets
/// expected and grows by a quarter; memory grows with assets × codes × days, not rows. (Value sums are
/// added per open aggregate, then merged: for input that alternates days the rounding order differs from a
/// plain running sum, deterministically.)
struct DayCountTable: ~Copyable {
    /// One aggregate.
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

    /// An open aggregate; empty when `count` is 0 (then min and max are +∞ and −∞).
    private struct CacheSlot {
        var day: Int32
        var count: Int64
        var valueCount: Int64
        var valueMin: Double
        var valueMax: Double
        var valueSum: Double
        static let empty = CacheSlot(day: 0, count: 0, valueCount: 0, valueMin: .infinity, valueMax: -.infinity,
                                     valueSum: 0)
    }

    /// Codes with a cache slot per asset.
    private static let cachedCodes = 16
    /// Assets with cache slots (the first ones interned): 768 bytes each, so a 300k-asset fleet would spend
    /// 400 MB on slots that, at a few rows per asset a night, save nothing. Later assets count straight
    /// into the table (issue 12: memory per asset).
    static let maxCachedAssets = 1 << 16
    private var slots: UnsafeMutablePointer<Int32>
    private var mask: Int
    private var storage: UnsafeMutablePointer<Entry>
    private var storageCapacity = 1 << 12
    private(set) var count = 0
    private var cache: UnsafeMutablePointer<CacheSlot>
    private var cacheAssets: Int
    /// Assets the cache has slots for now (never more than ``maxCachedAssets``).
    var cachedAssetCapacity: Int { cacheAssets }

    /// All aggregates (the open ones spilled first), in spill order, in the table's own memory: the caller
    /// may reorder them. The cache and the index are freed first (they are a file's largest per-asset
    /// memory, and the summary built from the aggregates comes on top): the table takes no more rows.
    mutating func finishedEntries() -> UnsafeMutableBufferPointer<Entry> {
        for a in 0..<cacheAssets {
            for code in 0..<Self.cachedCodes {
                let c = cache + (a &* Self.cachedCodes &+ code)
                if c.pointee.count > 0 { spill(c, asset: Int32(a), code: Int32(code)) }
            }
        }
        cache.deallocate()
        cache = .allocate(capacity: 0)
        cacheAssets = 0
        slots.deallocate()
        slots = .allocate(capacity: 1)
        slots.initialize(to: 0)
        mask = 0
        finished = true
        return UnsafeMutableBufferPointer(start: storage, count: count)
    }
    /// Set by ``finishedEntries()``.
    private var finished = false

    /// A table with an index of `capacity` slots (a power of two) to begin with, and cache slots for the
    /// first `assets` assets (more are added when a larger asset ID arrives, up to ``maxCachedAssets``).
    init(capacity: Int = 1 << 14, assets: Int = 1 << 10) {
        mask = capacity - 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        storage = .allocate(capacity: storageCapacity)
        cacheAssets = min(max(assets, 1), Self.maxCachedAssets)
        cache = .allocate(capacity: cacheAssets * Self.cachedCodes)
        cache.initialize(repeating: .empty, count: cacheAssets * Self.cachedCodes)
    }

    deinit {
        slots.deallocate()
        storage.deallocate()
        cache.deallocate()
    }

    @inline(__always)
    private static func hash(_ asset: Int32, _ code: Int32, _ day: Int32) -> Int {
        var h = UInt64(UInt32(bitPattern: asset)) | UInt64(UInt32(bitPattern: code)) << 32
        h = (h ^ UInt64(UInt32(bitPattern: day)) &* 0x9E37_79B9_7F4A_7C15) &* 0xD6E8_FEB8_6659_FD93
        return Int(truncatingIfNeeded: h ^ (h >> 31))
    }

    /// Counts one occurrence; `hasValue` false when the row carries no value (then `value` is ignored).
    @inline(__always)
    mutating func add(asset: Int32, code: Int32, day: Int32, value: Double, hasValue: Bool) {
        assert(!finished, "a finished table takes no more rows")
        guard code < Self.cachedCodes, Int(asset) < Self.maxCachedAssets else {
            // `position` may move `storage`: read the base after it.
            let index = position(asset: asset, code: code, day: day)
            let e = storage + index
            e.pointee.count += 1
            if hasValue {
                if e.pointee.valueCount == 0 {
                    e.pointee.valueMin = value
                    e.pointee.valueMax = value
                } else {
                    if value < e.pointee.valueMin { e.pointee.valueMin = value }
                    if value > e.pointee.valueMax { e.pointee.valueMax = value }
                }
                e.pointee.valueCount += 1
                e.pointee.valueSum += value
            }
            return
        }
        if Int(asset) >= cacheAssets { growCache(to: Int(asset)) }
        let c = cache + (Int(asset) &* Self.cachedCodes &+ Int(code))
        if c.pointee.count > 0 && c.pointee.day != day { spill(c, asset: asset, code: code) }
        c.pointee.day = day
        c.pointee.count += 1
        if hasValue {
            // Branch-free: an empty slot starts at +∞ / −∞ (values are finite, never NaN).
            c.pointee.valueMin = Swift.min(c.pointee.valueMin, value)
            c.pointee.valueMax = Swift.max(c.pointee.valueMax, value)
            c.pointee.valueCount += 1
            c.pointee.valueSum += value
        }
    }

    /// Merges an open aggregate into the table and empties it.
    private mutating func spill(_ c: UnsafeMutablePointer<CacheSlot>, asset: Int32, code: Int32) {
        // `position` may move `storage`: read the base after it.
        let index = position(asset: asset, code: code, day: c.pointee.day)
        let e = storage + index
        let o = c.pointee
        e.pointee.count += o.count
        if o.valueCount > 0 {
            if e.pointee.valueCount == 0 {
                e.pointee.valueMin = o.valueMin
                e.pointee.valueMax = o.valueMax
            } else {
                e.pointee.valueMin = min(e.pointee.valueMin, o.valueMin)
                e.pointee.valueMax = max(e.pointee.valueMax, o.valueMax)
            }
            e.pointee.valueCount += o.valueCount
            e.pointee.valueSum += o.valueSum
        }
        c.pointee = .empty
    }

    /// Starts loading the (asset, code) open aggregate into the cache (a hint: no effect on the result).
    @inline(__always)
    func prefetch(asset: Int32, code: Int32) {
        guard code < Self.cachedCodes, Int(asset) < cacheAssets else { return }
        let c = cache + (Int(asset) &* Self.cachedCodes &+ Int(code))
        // The first and the last byte: a 48-byte slot may straddle two cache lines.
        pmbatch_prefetch_write(c)
        pmbatch_prefetch_write(UnsafeRawPointer(c) + (MemoryLayout<CacheSlot>.size - 1))
    }

    /// The position of the (asset, code, day) aggregate, created empty when new.
    private mutating func position(asset: Int32, code: Int32, day: Int32) -> Int {
        var slot = Self.hash(asset, code, day) & mask
        while true {
            let s = Int(slots[slot])
            if s == 0 { break }
            let e = storage[s - 1]
            if e.asset == asset && e.code == code && e.day == day { return s - 1 }
            slot = (slot + 1) & mask
        }
        if count == storageCapacity {
            let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: storageCapacity * 2)
            bigger.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = bigger
            storageCapacity *= 2
        }
        (storage + count).initialize(to: Entry(asset: asset, code: code, day: day, count: 0, valueCount: 0,
                                               valueMin: 0, valueMax: 0, valueSum: 0))
        count += 1
        slots[slot] = Int32(count)
        if count * 2 > mask + 1 { grow() }
        return count - 1
    }

    private mutating func grow() {
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

    private mutating func growCache(to asset: Int) {
        // By a quarter, not double: the cache is sized for the registry's assets to begin with, and a few
        // more IDs (unknown assets take IDs too) should not double it.
        let assets = min(max(asset + 1, cacheAssets + cacheAssets / 4), Self.maxCachedAssets)
        let old = cacheAssets * Self.cachedCodes, new = assets * Self.cachedCodes
        let bigger = UnsafeMutablePointer<CacheSlot>.allocate(capacity: new)
        bigger.moveInitialize(from: cache, count: old)
        (bigger + old).initialize(repeating: .empty, count: new - old)
        cache.deallocate()
        cache = bigger
        cacheAssets = assets
    }
}

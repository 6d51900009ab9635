import CPrefetch

/// Skips exact duplicate telemetry rows (same ts, asset, code and value) within one file, with memory
/// bounded by the number of assets, not rows.
///
/// For every asset it remembers the asset's newest ts and its last `ringSize` (8) non-duplicate rows,
/// each as (ts in ms, code ID, value bits) compared exactly — no hash, so no false positive. The rule:
/// **a row is a duplicate when an identical row is among the last 8 counted rows of the same asset in
/// the file.** A row newer than all of them cannot match and is compared with nothing; a row at or
/// before the asset's newest ts is compared with all 8. Hence in ts-ascending input every duplicate is
/// found unless more than 8 distinct rows of one asset share a ts and lie between the copies; in any
/// order, a duplicate is missed only when 8 or more distinct rows of the same asset come between it and
/// its original. Rows in between of other assets do not matter.
///
/// `valueBits` is the value's IEEE bit pattern (or a fixed NaN pattern for "no value"), so `1.0` and
/// `1.00` match while `0.0` and `-0.0` do not.
struct DuplicateFilter: ~Copyable {
    /// Rows remembered per asset.
    static let ringSize = 8

    private struct Head {
        var newest: Int64
        var next: Int
    }

    private struct Entry {
        var ts: Int64
        var valueBits: UInt64
        var code: Int32
    }

    private var heads: UnsafeMutablePointer<Head>
    private var ring: UnsafeMutablePointer<Entry>
    private var assetCapacity: Int

    /// A filter sized for `capacity` assets (it grows when a larger asset ID arrives).
    init(capacity: Int = 1 << 12) {
        assetCapacity = max(capacity, 1)
        heads = .allocate(capacity: assetCapacity)
        heads.initialize(repeating: Head(newest: .min, next: 0), count: assetCapacity)
        ring = .allocate(capacity: assetCapacity * Self.ringSize)
        ring.initialize(repeating: Entry(ts: .min, valueBits: 0, code: -1), count: assetCapacity * Self.ringSize)
    }

    deinit {
        heads.deallocate()
        ring.deallocate()
    }

    /// True when an identical row is among the asset's last 8 counted rows; otherwise remembers the row
    /// (evicting the asset's oldest remembered row) and returns false.
    @inline(__always)
    mutating func isDuplicate(ts: Int64, asset: Int32, code: Int32, valueBits: UInt64) -> Bool {
        let a = Int(asset)
        if a >= assetCapacity { grow(to: a) }
        let head = heads + a
        let entries = ring + a &* Self.ringSize
        if ts <= head.pointee.newest {
            for i in 0..<Self.ringSize {
                let e = entries[i]
                if e.ts == ts && e.code == code && e.valueBits == valueBits { return true }
            }
        } else {
            head.pointee.newest = ts
        }
        let next = head.pointee.next
        entries[next] = Entry(ts: ts, valueBits: valueBits, code: code)
        head.pointee.next = (next + 1) & (Self.ringSize - 1)
        return false
    }

    /// Starts loading the asset's bookkeeping into the cache (a hint: no effect on the result).
    @inline(__always)
    func prefetchHead(asset: Int32) {
        let a = Int(asset)
        guard a < assetCapacity else { return }
        pmbatch_prefetch(heads + a)
    }

    /// Starts loading the ring entry the asset's next row is written to; reads the bookkeeping, so call
    /// it some rows after `prefetchHead`.
    @inline(__always)
    func prefetchNext(asset: Int32) {
        let a = Int(asset)
        guard a < assetCapacity else { return }
        let e = ring + (a &* Self.ringSize &+ heads[a].next)
        // The first and the last byte: a 24-byte entry may straddle two cache lines.
        pmbatch_prefetch_write(e)
        pmbatch_prefetch_write(UnsafeRawPointer(e) + (MemoryLayout<Entry>.size - 1))
    }

    private mutating func grow(to asset: Int) {
        // By a quarter (see `DayCountTable.growCache`).
        let capacity = max(asset + 1, assetCapacity + assetCapacity / 4)
        let biggerHeads = UnsafeMutablePointer<Head>.allocate(capacity: capacity)
        biggerHeads.moveInitialize(from: heads, count: assetCapacity)
        (biggerHeads + assetCapacity).initialize(repeating: Head(newest: .min, next: 0),
                                                 count: capacity - assetCapacity)
        heads.deallocate()
        heads = biggerHeads
        let old = assetCapacity * Self.ringSize, new = capacity * Self.ringSize
        let biggerRing = UnsafeMutablePointer<Entry>.allocate(capacity: new)
        biggerRing.moveInitialize(from: ring, count: old)
        (biggerRing + old).initialize(repeating: Entry(ts: .min, valueBits: 0, code: -1), count: new - old)
        ring.deallocate()
        ring = biggerRing
        assetCapacity = capacity
    }
}

/// A growable byte buffer with a stable base pointer between appends (for carried-over records).
struct GrowableBytes: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    mutating func append(_ bytes: UnsafePointer<UInt8>, _ n: Int) {
        if count + n > capacity {
            var newCapacity = capacity * 2
            while newCapacity < count + n { newCapacity *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            bigger.update(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity = newCapacity
        }
        (base + count).update(from: bytes, count: n)
        count += n
    }

    mutating func removeAll() { count = 0 }

    /// Drops the first `n` bytes, moving the rest to the front.
    mutating func removeFirst(_ n: Int) {
        guard n > 0 else { return }
        UnsafeMutableRawPointer(base).copyMemory(from: base + n, byteCount: count - n)
        count -= n
    }
}

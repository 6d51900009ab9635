import Foundation

/// The last stage of reading telemetry: the duplicate check and the counting of parsed, interned rows,
/// in file order — on a thread of its own when `threaded`, so it overlaps with splitting and parsing.
///
/// The producer fills batches (`Batch`) and hands each over whole (`submit`); a small ring of buffers is
/// reused, so memory stays bounded whatever the row count and the producer waits when the counter is
/// behind. The counter sees the rows in exactly the order they were submitted, so the result is the
/// same as counting inline (`threaded` false: `submit` counts the batch before it returns).
final class TelemetryCounter: @unchecked Sendable {
    /// A row ready to be counted.
    struct Row {
        var ms: Int64
        var value: Double
        var asset: Int32
        var code: Int32
        var day: Int32
        var hasValue: Bool
    }

    /// Rows handed over at once: large enough that the hand-over costs nothing per row, small enough
    /// that the buffers stay in cache.
    static let batchCapacity = 8192

    /// The batch being filled by the producer.
    struct Batch {
        let rows: UnsafeMutablePointer<Row>
        var count = 0

        init(_ rows: UnsafeMutablePointer<Row>) { self.rows = rows }

        var isFull: Bool { count == TelemetryCounter.batchCapacity }

        @inline(__always)
        mutating func append(_ row: Row) {
            rows[count] = row
            count &+= 1
        }
    }

    /// What the counting thread shares with the producer (the thread holds this, not the counter, so
    /// dropping the counter stops the thread).
    private final class Shared: @unchecked Sendable {
        /// The state the rows are counted into; touched only by the counting thread until it exits.
        let state: UnsafeMutablePointer<RowCounter>
        let buffers: [UnsafeMutablePointer<Row>]
        let condition = NSCondition()
        var free: [UnsafeMutablePointer<Row>]
        var filled: [(rows: UnsafeMutablePointer<Row>, count: Int)] = []
        var ending = false
        var exited = false

        init(buffers count: Int, assets: Int) {
            state = .allocate(capacity: 1)
            state.initialize(to: RowCounter(assets: assets))
            buffers = (0..<count).map { _ in .allocate(capacity: TelemetryCounter.batchCapacity) }
            free = Array(buffers.dropFirst())
        }

        deinit {
            state.deinitialize(count: 1)
            state.deallocate()
            for b in buffers { b.deallocate() }
        }

        func work() {
            condition.lock()
            while true {
                while filled.isEmpty && !ending { condition.wait() }
                if filled.isEmpty { break }
                let (rows, count) = filled.removeFirst()
                condition.unlock()
                state.pointee.count(rows, count)
                condition.lock()
                free.append(rows)
                condition.broadcast()
            }
            exited = true
            condition.broadcast()
            condition.unlock()
        }
    }

    private let shared: Shared
    private let threaded: Bool

    /// A counter on its own thread (`threaded`) or counting in the caller's, sized for `assets` assets to
    /// begin with (see ``RowCounter/init(assets:)``).
    init(threaded: Bool, assets: Int = 1 << 12) {
        self.threaded = threaded
        let shared = Shared(buffers: threaded ? 4 : 1, assets: assets)
        self.shared = shared
        if threaded {
            let thread = Thread { shared.work() }
            thread.name = "pmbatch-count"
            thread.start()
        } else {
            shared.exited = true
        }
    }

    deinit { stop() }

    /// The first batch to fill.
    func firstBatch() -> Batch { Batch(shared.buffers[0]) }

    /// Hands `batch` over to be counted and returns an empty one (waiting for a free buffer).
    func submit(_ batch: Batch) -> Batch {
        let s = shared
        guard threaded else {
            s.state.pointee.count(batch.rows, batch.count)
            return Batch(batch.rows)
        }
        s.condition.lock()
        defer { s.condition.unlock() }
        s.filled.append((batch.rows, batch.count))
        s.condition.broadcast()
        while s.free.isEmpty { s.condition.wait() }
        return Batch(s.free.removeLast())
    }

    /// Counts `batch` and every batch before it and stops the counting thread; the totals stay valid
    /// as long as this counter.
    func finish(_ batch: Batch) -> UnsafeMutablePointer<RowCounter> {
        _ = submit(batch)
        stop()
        return shared.state
    }

    /// Lets the counting thread count what was submitted and waits for it to exit.
    private func stop() {
        let s = shared
        s.condition.lock()
        s.ending = true
        s.condition.broadcast()
        while !s.exited { s.condition.wait() }
        s.condition.unlock()
    }
}

/// Duplicate check and per (asset, code, day) counting of rows in the order given.
struct RowCounter: ~Copyable {
    static let noValueBits: UInt64 = 0x7FF8_0000_DEAD_BEEF
    var duplicates: DuplicateFilter
    var table: DayCountTable
    var rowsCounted = 0
    var duplicatesSkipped = 0

    /// Per-asset memory for `assets` assets to begin with (the registry's count when there is one: the IDs
    /// of a file's registered assets are about that many), grown when more arrive.
    init(assets: Int = 1 << 12) {
        duplicates = DuplicateFilter(capacity: assets)
        table = DayCountTable(assets: assets)
    }

    /// Counts `n` rows.
    ///
    /// The per-asset state of a night's rows is scattered over megabytes (one asset's rows are far
    /// apart), so each row costs a few cache misses. They are overlapped by prefetching: the bookkeeping
    /// and the open aggregate `far` rows ahead, the ring entry (whose place the bookkeeping tells)
    /// `near` rows ahead.
    mutating func count(_ rows: UnsafeMutablePointer<TelemetryCounter.Row>, _ n: Int) {
        let far = 16, near = 8
        for i in 0..<min(far, n) {
            duplicates.prefetchHead(asset: rows[i].asset)
            table.prefetch(asset: rows[i].asset, code: rows[i].code)
        }
        for i in 0..<min(near, n) { duplicates.prefetchNext(asset: rows[i].asset) }
        for i in 0..<n {
            if i &+ far < n {
                let ahead = rows[i &+ far]
                duplicates.prefetchHead(asset: ahead.asset)
                table.prefetch(asset: ahead.asset, code: ahead.code)
            }
            if i &+ near < n { duplicates.prefetchNext(asset: rows[i &+ near].asset) }
            let r = rows[i]
            if duplicates.isDuplicate(ts: r.ms, asset: r.asset, code: r.code,
                                      valueBits: r.hasValue ? r.value.bitPattern : Self.noValueBits) {
                duplicatesSkipped += 1
                continue
            }
            table.add(asset: r.asset, code: r.code, day: r.day, value: r.value, hasValue: r.hasValue)
            rowsCounted += 1
        }
    }
}

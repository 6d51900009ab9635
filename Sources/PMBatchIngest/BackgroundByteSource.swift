import Foundation

/// A byte source whose reading and decompression run on a background thread, handing filled buffers
/// to the consumer through a small bounded queue (the buffers are reused), so decompression and
/// parsing overlap on two cores.
final class BackgroundByteSource: ByteSource {
    /// State shared with the producer thread.
    private final class Shared: @unchecked Sendable {
        let condition = NSCondition()
        let buffers: [UnsafeMutableRawBufferPointer]
        var free: [Int]
        var filled: [(index: Int, count: Int)] = []
        var failure: IngestError?
        var finished = false
        var contentHash = ""
        var cancelled = false
        var exited = false

        init(count: Int, size: Int) {
            buffers = (0..<count).map { _ in .allocate(byteCount: size, alignment: 64) }
            free = Array(0..<count)
        }

        deinit { for b in buffers { b.deallocate() } }

        func produce(_ filler: FileFiller) {
            while true {
                condition.lock()
                while free.isEmpty && !cancelled { condition.wait() }
                if cancelled { break }
                let index = free.removeFirst()
                condition.unlock()
                do {
                    let n = try filler.fill(buffers[index])
                    condition.lock()
                    if n == 0 {
                        finished = true
                        contentHash = filler.contentHash
                    } else {
                        filled.append((index, n))
                    }
                } catch {
                    condition.lock()
                    failure = error
                    finished = true
                }
                condition.broadcast()
                if finished { break }
                condition.unlock()
            }
            // The lock is held here.
            exited = true
            condition.broadcast()
            condition.unlock()
        }
    }

    private let shared: Shared
    private var current: Int?
    /// True when the content was detected as zstd.
    let isCompressed: Bool

    var contentHash: String {
        shared.condition.lock()
        defer { shared.condition.unlock() }
        return shared.contentHash
    }

    /// Opens `path` and starts decompressing it on a background thread with `buffers` buffers of
    /// `chunkSize` bytes.
    convenience init(path: String, displayName: String, chunkSize: Int = ByteSources.defaultChunkSize,
                            buffers: Int = 3) throws(IngestError) {
        self.init(filler: try FileFiller(path: path, displayName: displayName), chunkSize: chunkSize,
                  buffers: buffers)
    }

    init(filler: FileFiller, chunkSize: Int, buffers: Int = 3) {
        isCompressed = filler.isCompressed
        let shared = Shared(count: max(buffers, 2), size: max(chunkSize, 1))
        self.shared = shared
        let thread = Thread { shared.produce(filler) }
        thread.name = "pmbatch-decompress"
        thread.start()
    }

    deinit {
        shared.condition.lock()
        shared.cancelled = true
        shared.condition.broadcast()
        while !shared.exited { shared.condition.wait() }
        shared.condition.unlock()
    }

    /// The next chunk, or nil at the end; rethrows the producer's failure after the chunks before it.
    func nextChunk() throws(IngestError) -> UnsafeRawBufferPointer? {
        let s = shared
        s.condition.lock()
        defer { s.condition.unlock() }
        if let index = current {
            s.free.append(index)
            current = nil
            s.condition.broadcast()
        }
        while s.filled.isEmpty && !s.finished { s.condition.wait() }
        if !s.filled.isEmpty {
            let (index, count) = s.filled.removeFirst()
            current = index
            return UnsafeRawBufferPointer(rebasing: s.buffers[index][0..<count])
        }
        if let failure = s.failure { throw failure }
        return nil
    }
}

/// A byte source that reads (and decompresses) on the caller's thread into one reused buffer.
final class FileByteSource: ByteSource {
    private let filler: FileFiller
    private let buffer: UnsafeMutableRawBufferPointer

    /// True when the content was detected as zstd.
    var isCompressed: Bool { filler.isCompressed }

    var contentHash: String { filler.contentHash }

    /// Opens `path` (zstd detected from the content) with chunks of `chunkSize` bytes.
    convenience init(path: String, displayName: String,
                            chunkSize: Int = ByteSources.defaultChunkSize) throws(IngestError) {
        self.init(filler: try FileFiller(path: path, displayName: displayName), chunkSize: chunkSize)
    }

    init(filler: FileFiller, chunkSize: Int) {
        self.filler = filler
        buffer = .allocate(byteCount: max(chunkSize, 1), alignment: 64)
    }

    deinit { buffer.deallocate() }

    /// The next chunk, or nil at the end.
    func nextChunk() throws(IngestError) -> UnsafeRawBufferPointer? {
        let n = try filler.fill(buffer)
        return n == 0 ? nil : UnsafeRawBufferPointer(rebasing: buffer[0..<n])
    }
}

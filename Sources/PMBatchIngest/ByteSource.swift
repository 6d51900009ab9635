/// Delivers a file's (decompressed) bytes in large chunks.
protocol ByteSource: AnyObject {
    /// True when the content was detected as zstd.
    var isCompressed: Bool { get }
    /// The file's content hash (`FileHasher.contentHash`), valid once `nextChunk()` has returned nil.
    var contentHash: String { get }
    /// The next chunk, or nil at the end. The bytes stay valid until the next call.
    func nextChunk() throws(IngestError) -> UnsafeRawBufferPointer?
}

/// Opens byte sources.
@usableFromInline
enum ByteSources {
    /// The default chunk size: 512 KiB. A compressed file has three in flight (`BackgroundByteSource`); on the
    /// 20M-row night, 512 KiB chunks ingest as fast as 2 MiB ones with 6 MB less peak memory (issue 12).
    @usableFromInline static let defaultChunkSize = 1 << 19

    /// Opens `path`, detecting zstd from the content. With `background`, decompression runs on its own
    /// thread and overlaps with the caller's parsing (used for compressed files only: plain reads gain nothing).
    static func open(path: String, displayName: String, chunkSize: Int = defaultChunkSize,
                            background: Bool = true) throws(IngestError) -> any ByteSource {
        let filler = try FileFiller(path: path, displayName: displayName)
        if background && filler.isCompressed {
            return BackgroundByteSource(filler: filler, chunkSize: chunkSize)
        }
        return FileByteSource(filler: filler, chunkSize: chunkSize)
    }
}
